import { Link, redirect } from 'react-router';
import type { Route } from './+types/admin-accounts';
import { AccessForm, AccountForm } from '~/components/admin/account-forms';
import { ADMIN_PATHS, AdminNav } from '~/components/admin/admin-nav';
import { DateTime } from '~/components/date-time';
import { FormAlert, Notice } from '~/components/admin/feedback';
import { AdminSection, AdminTable } from '~/components/admin/layout';
import { useFormResetKey } from '~/components/admin/use-form-reset-key';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { getAccount, listAccounts, saveAccount } from '~/lib/admin/accounts.server';
import {
  AccountActionSchema,
  EDIT_PARAM,
  NOTICE_PARAM,
  readNotice,
} from '~/lib/admin/admin.schema';
import { listOrganizations } from '~/lib/admin/organizations.server';
import { requireAdmin } from '~/lib/auth/viewer.server';
import { actionFailure, parseForm, rethrowAsResponse } from '~/lib/http.server';
import { pageTitle } from '~/lib/i18n/meta';

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'admin.accounts.title');

export async function loader(args: Route.LoaderArgs) {
  const { db, viewer } = await requireAdmin(args).catch(rethrowAsResponse);
  const url = new URL(args.request.url);
  const editId = url.searchParams.get(EDIT_PARAM);
  return db(async (tx) => ({
    accounts: await listAccounts(tx),
    organizations: (await listOrganizations(tx)).map((organization) => ({
      value: organization.organizationId,
      label: `${organization.shortName} – ${organization.name}`,
    })),
    editing: editId === null ? null : await getAccount(tx, editId),
    viewerId: viewer.userId,
    notice: readNotice(url),
  })).catch(rethrowAsResponse);
}

export async function action(args: Route.ActionArgs) {
  try {
    const { db, viewer } = await requireAdmin(args);
    const input = await parseForm(args.request, AccountActionSchema);
    const notice = await db((tx) => saveAccount(tx, viewer.userId, input));
    return redirect(`${ADMIN_PATHS.accounts}?${NOTICE_PARAM}=${notice}`);
  } catch (error) {
    return actionFailure(error);
  }
}

export default function AdminAccounts({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const formKey = useFormResetKey(actionData !== undefined);
  const { accounts, organizations, editing, viewerId, notice } = loaderData;
  const isEditingSelf = editing?.profileId === viewerId;
  return (
    <div className="page admin-page">
      <h1>{t('admin.accounts.title')}</h1>
      <AdminNav />
      <p className="lead">{t('admin.accounts.summary')}</p>
      <Notice message={notice ? `admin.notice.${notice}` : null} />
      {editing ? (
        <AdminSection
          title={t('admin.accounts.editTitle', { name: editing.displayName })}
          focusKey={editing.profileId}
        >
          <p className="muted">{editing.email}</p>
          <FormAlert failure={actionData} />
          {isEditingSelf ? <p className="notice">{t('admin.accounts.selfHint')}</p> : null}
          <AccountForm
            key={formKey}
            account={editing}
            organizations={organizations}
            fieldErrors={actionData?.fieldErrors ?? {}}
          />
          {isEditingSelf ? null : (
            <>
              <h3>{t('admin.accounts.accessTitle')}</h3>
              <AccessForm account={editing} />
            </>
          )}
        </AdminSection>
      ) : (
        <FormAlert failure={actionData} />
      )}
      <AdminSection title={t('admin.accounts.listCaption')}>
        {accounts.length === 0 ? (
          <p>{t('admin.accounts.empty')}</p>
        ) : (
          <AdminTable caption={t('admin.accounts.listCaption')}>
            <thead>
              <tr>
                <th scope="col">{t('admin.accounts.field.displayName')}</th>
                <th scope="col">{t('admin.accounts.field.email')}</th>
                <th scope="col">{t('admin.accounts.field.organization')}</th>
                <th scope="col">{t('admin.accounts.field.role')}</th>
                <th scope="col">{t('admin.accounts.field.status')}</th>
                <th scope="col">{t('admin.accounts.field.lastSignIn')}</th>
                <th scope="col">{t('admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((account) => (
                <tr
                  key={account.profileId}
                  aria-current={account.profileId === editing?.profileId || undefined}
                  className={account.isActive ? undefined : 'is-inactive'}
                >
                  <th scope="row">
                    {account.displayName}
                    {account.profileId === viewerId ? ` ${t('admin.accounts.you')}` : null}
                  </th>
                  <td className="break">{account.email}</td>
                  <td>
                    {account.organization?.shortName ?? (
                      <span className="muted">{t('admin.accounts.noOrganization')}</span>
                    )}
                  </td>
                  <td>
                    {t(`role.${account.platformRole}`)}
                    {account.canSign ? ` · ${t('review.signoff.canSign')}` : null}
                  </td>
                  <td>
                    <span
                      className={
                        account.isActive ? 'admin-badge' : 'admin-badge admin-badge--inactive'
                      }
                    >
                      {account.isActive ? t('admin.accounts.active') : t('admin.accounts.inactive')}
                    </span>
                  </td>
                  <td>
                    {account.lastSignInAt ? (
                      <DateTime iso={account.lastSignInAt} />
                    ) : (
                      <span className="muted">{t('admin.accounts.neverSignedIn')}</span>
                    )}
                  </td>
                  <td>
                    <Link
                      to={`${ADMIN_PATHS.accounts}?${EDIT_PARAM}=${account.profileId}`}
                      aria-label={t('admin.editItem', { name: account.displayName })}
                    >
                      {t('admin.edit')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </AdminTable>
        )}
      </AdminSection>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
