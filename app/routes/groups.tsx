import { Form, Link, redirect, useNavigation } from 'react-router';
import type { Route } from './+types/groups';
import { ErrorPage } from '~/components/error-page';
import { FormField } from '~/components/form-field';
import { GroupStatusBadge, MineBadge } from '~/components/groups/badges';
import { useT } from '~/components/i18n';
import { requireUser } from '~/lib/auth/viewer.server';
import { actionFailure, parseForm } from '~/lib/http.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { pageTitle } from '~/lib/i18n/meta';
import { GroupCreateSchema } from '~/lib/working-groups/working-groups.schema';
import {
  createGroup,
  listCreateGroupOptions,
  listGroups,
  type CreateGroupOptions,
} from '~/lib/working-groups/working-groups.server';
import type { FieldErrors } from '~/lib/errors';

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'groups.title');

export async function loader(args: Route.LoaderArgs) {
  const { viewer, db } = await requireUser(args);
  const locale = getLocale(args.request, viewer.locale);
  return db(async (tx) => {
    const list = await listGroups(tx, locale);
    const createOptions = list.canCreate ? await listCreateGroupOptions(tx, locale) : null;
    return { ...list, createOptions };
  });
}

export async function action(args: Route.ActionArgs) {
  const { db } = await requireUser(args);
  try {
    const input = await parseForm(args.request, GroupCreateSchema);
    const { workingGroupId } = await createGroup(db, input);
    return redirect(`/kleingruppen/${workingGroupId}`);
  } catch (error) {
    return actionFailure(error);
  }
}

export default function Groups({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { groups, createOptions } = loaderData;
  return (
    <div className="page">
      <h1>{t('groups.title')}</h1>
      <p className="lead">{t('groups.intro')}</p>
      {actionData?.formError && !createOptions ? (
        <div className="alert alert--error" role="alert">
          {t(actionData.formError, actionData.formParams)}
        </div>
      ) : null}
      {groups.length === 0 ? (
        <p className="notice">{t('groups.empty')}</p>
      ) : (
        <div className="groups-table-wrap">
          <table className="groups-table">
            <caption className="visually-hidden">{t('groups.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('groups.column.name')}</th>
                <th scope="col">{t('groups.column.theme')}</th>
                <th scope="col">{t('groups.column.status')}</th>
                <th scope="col">{t('groups.column.moderators')}</th>
                <th scope="col" className="groups-table__number">
                  {t('groups.column.members')}
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.map((group) => (
                <tr key={group.workingGroupId}>
                  <th scope="row">
                    <Link to={`/kleingruppen/${group.workingGroupId}`}>{group.name}</Link>
                    {group.isMine ? (
                      <>
                        {' '}
                        <MineBadge />
                      </>
                    ) : null}
                  </th>
                  <td>
                    <span className="theme-code">{group.theme.code}</span> {group.theme.name}
                  </td>
                  <td>
                    <GroupStatusBadge status={group.status} />
                  </td>
                  <td>
                    {group.moderators.length === 0 ? (
                      t('groups.noModerator')
                    ) : (
                      <ul className="groups-plain-list">
                        {group.moderators.map((moderator) => (
                          <li key={moderator.userId}>
                            {moderator.displayName}
                            {moderator.organizationShortName ? (
                              <span className="groups-muted">
                                {' '}
                                ({moderator.organizationShortName})
                              </span>
                            ) : null}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="groups-table__number">{group.visibleMemberCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {createOptions ? (
        <CreateGroupForm
          options={createOptions}
          errors={actionData?.fieldErrors}
          formError={actionData?.formError ? t(actionData.formError, actionData.formParams) : null}
        />
      ) : null}
    </div>
  );
}

function CreateGroupForm({
  options,
  errors,
  formError,
}: {
  options: CreateGroupOptions;
  errors: FieldErrors | undefined;
  formError: string | null;
}) {
  const t = useT();
  const navigation = useNavigation();
  return (
    <section className="panel group-create" aria-labelledby="create-title">
      <h2 id="create-title">{t('groups.create.title')}</h2>
      <Form method="post" className="form" noValidate>
        {formError ? (
          <div className="alert alert--error" role="alert">
            {formError}
          </div>
        ) : null}
        <FormField id="name" name="name" label={t('groups.create.name')} errors={errors}>
          {(props) => <input {...props} type="text" required minLength={3} maxLength={120} />}
        </FormField>
        <FormField id="themeId" name="themeId" label={t('groups.create.theme')} errors={errors}>
          {(props) => (
            <select {...props} required defaultValue="">
              <option value="">{t('groups.create.choose')}</option>
              {options.themes.map((theme) => (
                <option key={theme.themeId} value={theme.themeId}>
                  {theme.code} – {theme.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          id="description"
          name="description"
          label={t('groups.create.description')}
          help={t('groups.create.descriptionHelp')}
          errors={errors}
        >
          {(props) => <textarea {...props} maxLength={4000} rows={5} />}
        </FormField>
        <FormField
          id="moderatorId"
          name="moderatorId"
          label={t('groups.create.moderator')}
          help={t('groups.create.moderatorHelp')}
          errors={errors}
        >
          {(props) => (
            <select {...props} required defaultValue="">
              <option value="">{t('groups.create.choose')}</option>
              {options.moderatorCandidates.map((person) => (
                <option key={person.userId} value={person.userId}>
                  {person.displayName}
                  {person.organizationShortName ? ` (${person.organizationShortName})` : ''}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <div>
          <button
            type="submit"
            className="button button--primary"
            disabled={navigation.state === 'submitting'}
          >
            {t('groups.create.submit')}
          </button>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
