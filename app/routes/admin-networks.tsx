import { Link, redirect } from 'react-router';
import type { Route } from './+types/admin-networks';
import { ADMIN_PATHS, AdminNav } from '~/components/admin/admin-nav';
import { FormAlert, Notice } from '~/components/admin/feedback';
import { AdminSection, AdminTable } from '~/components/admin/layout';
import { useFormResetKey } from '~/components/admin/use-form-reset-key';
import { DeleteNetworkForm, NetworkForm } from '~/components/admin/network-form';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import {
  DELETE_PARAM,
  EDIT_PARAM,
  NetworkActionSchema,
  NOTICE_PARAM,
  readNotice,
} from '~/lib/admin/admin.schema';
import { getNetwork, listNetworks, saveNetwork } from '~/lib/admin/networks.server';
import { requireAdmin } from '~/lib/auth/viewer.server';
import { actionFailure, parseForm, rethrowAsResponse } from '~/lib/http.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { pageTitle } from '~/lib/i18n/meta';
import { listThemes } from '~/lib/themes/themes.server';

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'admin.networks.title');

const DESCRIPTION_PREVIEW = 160;

export async function loader(args: Route.LoaderArgs) {
  const { db, viewer } = await requireAdmin(args).catch(rethrowAsResponse);
  const url = new URL(args.request.url);
  const editId = url.searchParams.get(EDIT_PARAM);
  const deleteId = url.searchParams.get(DELETE_PARAM);
  const locale = getLocale(args.request, viewer.locale);
  return db(async (tx) => ({
    networks: await listNetworks(tx),
    themes: (await listThemes(tx, locale)).map((theme) => ({
      value: theme.themeId,
      label: theme.name,
    })),
    editing: editId === null ? null : await getNetwork(tx, editId),
    deleting: deleteId === null ? null : await getNetwork(tx, deleteId),
    notice: readNotice(url),
  })).catch(rethrowAsResponse);
}

export async function action(args: Route.ActionArgs) {
  try {
    const { db } = await requireAdmin(args);
    const input = await parseForm(args.request, NetworkActionSchema);
    const notice = await db((tx) => saveNetwork(tx, input));
    return redirect(`${ADMIN_PATHS.networks}?${NOTICE_PARAM}=${notice}`);
  } catch (error) {
    return actionFailure(error);
  }
}

function preview(text: string): string {
  const characters = Array.from(text);
  return characters.length > DESCRIPTION_PREVIEW
    ? `${characters.slice(0, DESCRIPTION_PREVIEW - 1).join('')}…`
    : text;
}

export default function AdminNetworks({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const formKey = useFormResetKey(actionData !== undefined);
  const { networks, themes, editing, deleting, notice } = loaderData;
  const themeName = new Map(themes.map((theme) => [theme.value, theme.label]));
  return (
    <div className="page admin-page">
      <h1>{t('admin.networks.title')}</h1>
      <AdminNav />
      <p className="lead">{t('admin.networks.summary')}</p>
      <Notice message={notice ? `admin.notice.${notice}` : null} />
      {deleting ? (
        <AdminSection
          title={t('admin.networks.deleteTitle', { name: deleting.name })}
          focusKey={deleting.networkId}
          className="admin-section admin-section--danger"
        >
          <FormAlert failure={actionData} />
          <DeleteNetworkForm network={deleting} />
        </AdminSection>
      ) : (
        <AdminSection
          title={
            editing
              ? t('admin.networks.editTitle', { name: editing.name })
              : t('admin.networks.createTitle')
          }
          focusKey={editing?.networkId}
        >
          <FormAlert failure={actionData} />
          <NetworkForm
            key={formKey}
            network={editing}
            themes={themes}
            fieldErrors={actionData?.fieldErrors ?? {}}
          />
        </AdminSection>
      )}
      <AdminSection title={t('admin.networks.listCaption')}>
        {networks.length === 0 ? (
          <p>{t('admin.networks.empty')}</p>
        ) : (
          <AdminTable caption={t('admin.networks.listCaption')}>
            <thead>
              <tr>
                <th scope="col">{t('admin.networks.field.name')}</th>
                <th scope="col">{t('admin.networks.field.description')}</th>
                <th scope="col">{t('admin.networks.field.themes')}</th>
                <th scope="col">{t('admin.website')}</th>
                <th scope="col">{t('admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {networks.map((network) => (
                <tr
                  key={network.networkId}
                  aria-current={network.networkId === (editing ?? deleting)?.networkId || undefined}
                >
                  <th scope="row">{network.name}</th>
                  <td>
                    {network.description ? (
                      preview(network.description)
                    ) : (
                      <span className="muted">{t('admin.notSet')}</span>
                    )}
                  </td>
                  <td>
                    {network.themeIds.length > 0 ? (
                      network.themeIds.map((id) => themeName.get(id) ?? id).join(', ')
                    ) : (
                      <span className="muted">{t('admin.networks.noThemes')}</span>
                    )}
                  </td>
                  <td>
                    {network.website ? (
                      <a href={network.website} rel="noopener noreferrer">
                        {network.website}
                      </a>
                    ) : (
                      <span className="muted">{t('admin.notSet')}</span>
                    )}
                  </td>
                  <td>
                    <ul className="admin-row-actions">
                      <li>
                        <Link
                          to={`${ADMIN_PATHS.networks}?${EDIT_PARAM}=${network.networkId}`}
                          aria-label={t('admin.editItem', { name: network.name })}
                        >
                          {t('admin.edit')}
                        </Link>
                      </li>
                      <li>
                        <Link
                          to={`${ADMIN_PATHS.networks}?${DELETE_PARAM}=${network.networkId}`}
                          aria-label={t('admin.networks.deleteItem', { name: network.name })}
                        >
                          {t('admin.networks.delete')}
                        </Link>
                      </li>
                    </ul>
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
