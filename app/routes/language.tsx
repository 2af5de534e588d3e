import { redirect } from 'react-router';
import { z } from 'zod';
import type { Route } from './+types/language';
import { isSecureRequest, serializeCookie } from '~/lib/auth/cookies.server';
import { safeRedirectPath } from '~/lib/auth/session.server';
import { parseForm, rethrowAsResponse } from '~/lib/http.server';
import { LOCALE_COOKIE, LOCALES } from '~/lib/i18n/i18n';

const LanguageSchema = z.object({ locale: z.enum(LOCALES), redirectTo: z.string().optional() });

export async function action({ request }: Route.ActionArgs) {
  const input = await parseForm(request, LanguageSchema).catch(rethrowAsResponse);
  const cookie = serializeCookie(LOCALE_COOKIE, input.locale, {
    secure: isSecureRequest(request),
    maxAgeSeconds: 365 * 24 * 3600,
  });
  return redirect(safeRedirectPath(input.redirectTo), { headers: { 'Set-Cookie': cookie } });
}

export function loader() {
  return redirect('/');
}
