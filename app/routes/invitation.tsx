import { Form, redirect, useNavigation } from 'react-router';
import type { Route } from './+types/invitation';
import { ErrorPage } from '~/components/error-page';
import { FormField } from '~/components/form-field';
import { FormAlert } from '~/components/form-alert';
import { useT } from '~/components/i18n';
import { AcceptSupabaseInvitationSchema } from '~/lib/auth/auth.schema';
import { acceptInvitation, getInvitation } from '~/lib/auth/invitations.server';
import { createSession } from '~/lib/auth/session.server';
import { getEnv } from '~/lib/env.server';
import { AppError, isAppError } from '~/lib/errors';
import { actionFailure, parseForm, rethrowAsResponse } from '~/lib/http.server';
import { pageTitle } from '~/lib/i18n/meta';
import {
  AcceptInvitationSchema,
  InvitationTokenSchema,
} from '~/lib/working-groups/working-groups.schema';

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'invitation.title');

function parseToken(raw: string | undefined): string {
  const parsed = InvitationTokenSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError({
      status: 404,
      code: 'invitation_unknown',
      message: 'invitation.error.unknown',
    });
  }
  return parsed.data;
}

export async function loader({ params }: Route.LoaderArgs) {
  try {
    const invitation = await getInvitation(parseToken(params.token));
    return {
      groupName: invitation.groupName,
      email: invitation.email,
      hasAccount: invitation.hasAccount,
      authMode: getEnv().authMode,
    };
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  try {
    const token = parseToken(params.token);
    const invitation = await getInvitation(token);
    const isSupabase = getEnv().authMode === 'supabase';
    const newAccount = invitation.hasAccount
      ? null
      : await parseForm(
          request,
          isSupabase ? AcceptSupabaseInvitationSchema : AcceptInvitationSchema,
        );
    const accepted = await acceptInvitation(token, newAccount, request);
    const groupPath = `/kleingruppen/${accepted.groupId}`;
    if (accepted.kind === 'existingAccount') return redirect(`/anmelden?redirectTo=${groupPath}`);
    // The link is used now: the person waits for Supabase's e-mail on the sign-in page.
    if (accepted.kind === 'invited') return redirect('/anmelden?einladung=versandt');
    const cookie = await createSession(request, accepted.userId);
    return redirect(groupPath, { headers: { 'Set-Cookie': cookie } });
  } catch (error) {
    // An unknown, used or expired link is a page of its own, not a form error.
    if (isAppError(error) && (error.status === 404 || error.status === 410))
      rethrowAsResponse(error);
    return actionFailure(error);
  }
}

export default function Invitation({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const navigation = useNavigation();
  const isSubmitting = navigation.state === 'submitting';
  const { groupName, email, hasAccount, authMode } = loaderData;
  const failure = actionData;
  const errors = failure?.fieldErrors;
  return (
    <div className="page page--narrow">
      <h1>{t('invitation.title')}</h1>
      <p className="lead">{t('invitation.intro', { group: groupName })}</p>
      <FormAlert failure={failure} />
      {hasAccount ? (
        <Form method="post" className="form">
          <p>{t('invitation.existing', { email })}</p>
          <div>
            <button type="submit" className="button button--primary" disabled={isSubmitting}>
              {t('invitation.existingSubmit')}
            </button>
          </div>
        </Form>
      ) : (
        <Form method="post" className="form" noValidate>
          <p>{t('invitation.account', { email })}</p>
          <div className="field">
            <label htmlFor="invitation-email">{t('signIn.email')}</label>
            <input
              id="invitation-email"
              type="email"
              value={email}
              readOnly
              autoComplete="username"
            />
          </div>
          <FormField
            id="displayName"
            name="displayName"
            label={t('invitation.displayName')}
            errors={errors}
          >
            {(props) => (
              <input {...props} type="text" autoComplete="name" required maxLength={120} />
            )}
          </FormField>
          {authMode === 'local' ? (
            <>
              <FormField
                id="password"
                name="password"
                label={t('invitation.password')}
                help={t('invitation.passwordHelp')}
                errors={errors}
              >
                {(props) => (
                  <input
                    {...props}
                    type="password"
                    autoComplete="new-password"
                    required
                    minLength={10}
                  />
                )}
              </FormField>
              <FormField
                id="passwordRepeat"
                name="passwordRepeat"
                label={t('invitation.passwordRepeat')}
                errors={errors}
              >
                {(props) => (
                  <input
                    {...props}
                    type="password"
                    autoComplete="new-password"
                    required
                    minLength={10}
                  />
                )}
              </FormField>
            </>
          ) : null}
          <div>
            <button type="submit" className="button button--primary" disabled={isSubmitting}>
              {t('invitation.submit')}
            </button>
          </div>
        </Form>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
