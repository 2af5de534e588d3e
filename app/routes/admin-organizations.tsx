import { Link, redirect } from 'react-router';
import type { Route } from './+types/admin-organizations';
import { ADMIN_PATHS, AdminNav } from '~/components/admin/admin-nav';
import { FormAlert, Notice } from '~/components/admin/feedback';
import { AdminSection, AdminTable } from '~/components/admin/layout';
import { useFormResetKey } from '~/components/admin/use-form-reset-key';
import { OrganizationForm } from '~/components/admin/organization-form';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import {
  EDIT_PARAM,
  NOTICE_PARAM,
  OrganizationActionSchema,
  readNotice,
} from '~/lib/admin/admin.schema';
import {
  getOrganization,
  listOrganizations,
  saveOrganization,
} from '~/lib/admin/organizations.server';
import { requireAdmin } from '~/lib/auth/viewer.server';
import { actionFailure, parseForm, rethrowAsResponse } from '~/lib/http.server';
import { pageTitle } from '~/lib/i18n/meta';

export const meta: Route.MetaFunction = ({ matches }) =>
  pageTitle(matches, 'admin.organizations.title');

export async function loader(args: Route.LoaderArgs) {
  const { db } = await requireAdmin(args).catch(rethrowAsResponse);
  const url = new URL(args.request.url);
  const editId = url.searchParams.get(EDIT_PARAM);
  return db(async (tx) => ({
    organizations: await listOrganizations(tx),
    editing: editId === null ? null : await getOrganization(tx, editId),
    notice: readNotice(url),
  })).catch(rethrowAsResponse);
}

export async function action(args: Route.ActionArgs) {
  try {
    const { db } = await requireAdmin(args);
    const input = await parseForm(args.request, OrganizationActionSchema);
    const notice = await db((tx) => saveOrganization(tx, input));
    return redirect(`${ADMIN_PATHS.organizations}?${NOTICE_PARAM}=${notice}`);
  } catch (error) {
    return actionFailure(error);
  }
}

export default function AdminOrganizations({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const formKey = useFormResetKey(actionData !== undefined);
  const { organizations, editing, notice } = loaderData;
  return (
    <div className="page admin-page">
      <h1>{t('admin.organizations.title')}</h1>
      <AdminNav />
      <p className="lead">{t('admin.organizations.summary')}</p>
      <Notice message={notice ? `admin.notice.${notice}` : null} />
      <AdminSection
        title={
          editing
            ? t('admin.organizations.editTitle', { name: editing.shortName })
            : t('admin.organizations.createTitle')
        }
        focusKey={editing?.organizationId}
      >
        <FormAlert failure={actionData} />
        <OrganizationForm
          key={formKey}
          organization={editing}
          fieldErrors={actionData?.fieldErrors ?? {}}
        />
      </AdminSection>
      <AdminSection title={t('admin.organizations.listCaption')}>
        {organizations.length === 0 ? (
          <p>{t('admin.organizations.empty')}</p>
        ) : (
          <AdminTable caption={t('admin.organizations.listCaption')}>
            <thead>
              <tr>
                <th scope="col">{t('admin.organizations.field.shortName')}</th>
                <th scope="col">{t('admin.organizations.field.name')}</th>
                <th scope="col">{t('admin.organizations.field.kind')}</th>
                <th scope="col">{t('admin.website')}</th>
                <th scope="col">{t('admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {organizations.map((organization) => (
                <tr
                  key={organization.organizationId}
                  aria-current={
                    organization.organizationId === editing?.organizationId || undefined
                  }
                >
                  <th scope="row">{organization.shortName}</th>
                  <td>{organization.name}</td>
                  <td>{t(`admin.kind.${organization.kind}`)}</td>
                  <td>
                    {organization.website ? (
                      <a href={organization.website} rel="noopener noreferrer">
                        {organization.website}
                      </a>
                    ) : (
                      <span className="muted">{t('admin.notSet')}</span>
                    )}
                  </td>
                  <td>
                    <Link
                      to={`${ADMIN_PATHS.organizations}?${EDIT_PARAM}=${organization.organizationId}`}
                      aria-label={t('admin.editItem', { name: organization.shortName })}
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
