import { Form, redirect, useNavigation } from 'react-router';
import type { Route } from './+types/sign-in';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { SignInSchema } from '~/lib/auth/auth.schema';
import { verifyCredentials } from '~/lib/auth/local-accounts.server';
import { createSession, safeRedirectPath } from '~/lib/auth/session.server';
import { getSignedIn } from '~/lib/auth/viewer.server';
import { actionFailure, parseForm } from '~/lib/http.server';
import { pageTitle } from '~/lib/i18n/meta';

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'signIn.title');

/** Actions' headers (Retry-After on 429) reach the document response only through this export. */
export const headers: Route.HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get('Retry-After');
  return retryAfter ? { 'Retry-After': retryAfter } : new Headers();
};

export async function loader(args: Route.LoaderArgs) {
  const redirectTo = safeRedirectPath(new URL(args.request.url).searchParams.get('redirectTo'));
  if (await getSignedIn(args)) throw redirect(redirectTo);
  return { redirectTo };
}

export async function action({ request }: Route.ActionArgs) {
  try {
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
  const fieldErrors = actionData?.fieldErrors ?? {};
  const emailError = fieldErrors.email;
  const passwordError = fieldErrors.password;
  return (
    <div className="page page--narrow">
      <h1>{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      {actionData?.formError ? (
        <div className="alert alert--error" role="alert" id="form-error">
          {t(actionData.formError, actionData.formParams)}
        </div>
      ) : null}
      <Form
        method="post"
        noValidate
        className="form"
        aria-describedby={actionData?.formError ? 'form-error' : undefined}
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
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
