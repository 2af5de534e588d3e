import { data, Form, redirect, useNavigation } from 'react-router';
import type { Route } from './+types/sign-in';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { MagicLinkSchema, SignInSchema } from '~/lib/auth/auth.schema';
import { verifyCredentials } from '~/lib/auth/local-accounts.server';
import { createSession, safeRedirectPath } from '~/lib/auth/session.server';
import {
  completeEmailLink,
  hasSupabaseSessionCookie,
  refreshSupabaseSession,
  sendMagicLink,
  signInWithPassword,
} from '~/lib/auth/supabase-auth.server';
import { getSignedIn } from '~/lib/auth/viewer.server';
import { getEnv } from '~/lib/env.server';
import { isAppError } from '~/lib/errors';
import { actionFailure, parseForm } from '~/lib/http.server';
import { pageTitle } from '~/lib/i18n/meta';

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'signIn.title');

/** Retry-After (429) and the Supabase session cookies reach the document response only through this export. */
export const headers: Route.HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get('Retry-After');
  if (retryAfter) headers.set('Retry-After', retryAfter);
  for (const source of [loaderHeaders, actionHeaders]) {
    for (const cookie of source.getSetCookie()) headers.append('Set-Cookie', cookie);
    const cacheControl = source.get('Cache-Control');
    if (cacheControl) headers.set('Cache-Control', cacheControl);
  }
  return headers;
};

/**
 * Supabase mode also ends here: a sign-in link comes back with `code` or `token_hash`, and a
 * session whose access token expired is refreshed here (the only place that rotates the refresh
 * token and writes its cookies) before the user goes back to where they were.
 */
export async function loader(args: Route.LoaderArgs) {
  const url = new URL(args.request.url);
  const redirectTo = safeRedirectPath(url.searchParams.get('redirectTo'));
  const authMode = getEnv().authMode;
  const notice =
    url.searchParams.get('einladung') === 'versandt' ? ('invitation.checkMail' as const) : null;
  if (authMode === 'supabase') {
    try {
      const linked = await completeEmailLink(args.request);
      if (linked) throw redirect(redirectTo, { headers: linked });
    } catch (error) {
      if (!isAppError(error)) throw error;
      return { redirectTo, authMode, notice, linkError: error.messageKey };
    }
  }
  if (await getSignedIn(args)) throw redirect(redirectTo);
  if (authMode === 'supabase' && hasSupabaseSessionCookie(args.request)) {
    const refreshed = await refreshSupabaseSession(args.request);
    if (refreshed?.ok) throw redirect(redirectTo, { headers: refreshed.headers });
    if (refreshed)
      return data(
        { redirectTo, authMode, notice, linkError: null },
        { headers: refreshed.headers },
      );
  }
  return { redirectTo, authMode, notice, linkError: null };
}

export async function action({ request }: Route.ActionArgs) {
  try {
    if (getEnv().authMode === 'supabase') {
      const form = await request.clone().formData();
      if (form.get('intent') === 'magicLink') {
        const input = await parseForm(request, MagicLinkSchema);
        const cookies = await sendMagicLink(
          request,
          input.email,
          safeRedirectPath(input.redirectTo),
        );
        return data({ ok: true as const, magicLinkSent: true }, { headers: cookies });
      }
      const input = await parseForm(request, SignInSchema);
      const cookies = await signInWithPassword(request, input.email, input.password);
      return redirect(safeRedirectPath(input.redirectTo), { headers: cookies });
    }
    const input = await parseForm(request, SignInSchema);
    const { userId } = await verifyCredentials(input.email, input.password);
    const cookie = await createSession(request, userId);
    return redirect(safeRedirectPath(input.redirectTo), { headers: { 'Set-Cookie': cookie } });
  } catch (error) {
    return actionFailure(error);
  }
}

export default function SignIn({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const navigation = useNavigation();
  const isSubmitting = navigation.state === 'submitting';
  const failure = actionData && !actionData.ok ? actionData : null;
  const fieldErrors = failure?.fieldErrors ?? {};
  const formError = failure?.formError ?? loaderData.linkError ?? null;
  const emailError = fieldErrors.email;
  const passwordError = fieldErrors.password;
  return (
    <div className="page page--narrow">
      <h1>{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      {formError ? (
        <div className="alert alert--error" role="alert" id="form-error">
          {t(formError, failure?.formParams)}
        </div>
      ) : null}
      {loaderData.notice ? (
        <div className="alert" role="status">
          {t(loaderData.notice)}
        </div>
      ) : null}
      {actionData?.ok ? (
        <div className="alert" role="status">
          {t('signIn.magicLinkSent')}
        </div>
      ) : null}
      <Form
        method="post"
        noValidate
        className="form"
        aria-describedby={formError ? 'form-error' : undefined}
      >
        <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
        <div className="field">
          <label htmlFor="email">{t('signIn.email')}</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            aria-invalid={emailError ? true : undefined}
            aria-describedby={emailError ? 'email-error' : undefined}
          />
          {emailError ? (
            <p className="field-error" id="email-error">
              {t(emailError)}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="password">{t('signIn.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={passwordError ? true : undefined}
            aria-describedby={passwordError ? 'password-error' : undefined}
          />
          {passwordError ? (
            <p className="field-error" id="password-error">
              {t(passwordError)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button button--primary" disabled={isSubmitting}>
          {t('signIn.submit')}
        </button>
      </Form>
      {loaderData.authMode === 'supabase' ? (
        <Form method="post" noValidate className="form">
          <h2>{t('signIn.magicLinkTitle')}</h2>
          <p>{t('signIn.magicLinkIntro')}</p>
          <input type="hidden" name="intent" value="magicLink" />
          <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
          <div className="field">
            <label htmlFor="magic-email">{t('signIn.email')}</label>
            <input id="magic-email" name="email" type="email" autoComplete="username" required />
          </div>
          <button type="submit" className="button" disabled={isSubmitting}>
            {t('signIn.magicLinkSubmit')}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
