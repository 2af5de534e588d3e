import { readCookie } from '../auth/cookies.server';
import { LOCALE_COOKIE, resolveLocale, type Locale } from './i18n';

/** Cookie (explicit choice) → profile preference → Accept-Language → German. */
export function getLocale(request: Request, profileLocale?: Locale | null): Locale {
  return resolveLocale(
    readCookie(request, LOCALE_COOKIE) ?? profileLocale,
    request.headers.get('accept-language'),
  );
}
