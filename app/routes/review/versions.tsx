import { data, Form, Link, useNavigation } from 'react-router';
import type { Route } from './+types/versions';
import { DateTime } from '~/components/date-time';
import { ErrorPage } from '~/components/error-page';
import { FormField } from '~/components/form-field';
import { useT } from '~/components/i18n';
import { requireUser } from '~/lib/auth/viewer.server';
import {
  type ActionFailure,
  describeFailure,
  idParam,
  parseForm,
  rethrowAsResponse,
} from '~/lib/http.server';
import { requireVisibleMeasure } from '~/lib/measures/measures.server';
import { VersionNameSchema } from '~/lib/review/review.schema';
import { listVersions, saveVersion } from '~/lib/review/review.server';

export const meta: Route.MetaFunction = ({ data: loaderData }) => [
  {
    title: loaderData
      ? `${loaderData.measure.code} – Versionen – Masterplan-Werkstatt`
      : 'Masterplan-Werkstatt',
  },
];

export async function loader(args: Route.LoaderArgs) {
  const { db } = await requireUser(args);
  try {
    const measureId = idParam(args.params, 'measureId');
    return await db(async (tx) => {
      await requireVisibleMeasure(tx, measureId);
      const { rows } = await tx.query<{ code: string; title: string; can_write: boolean }>(
        `select code, title, app_private.can_write_measure(measure_id) as can_write
           from public.measures where measure_id = $1`,
        [measureId],
      );
      const row = rows[0]!;
      return {
        measure: { measureId, code: row.code, title: row.title, canWrite: row.can_write },
        versions: await listVersions(tx, measureId),
      };
    });
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

export async function action(args: Route.ActionArgs) {
  const { db } = await requireUser(args);
  try {
    const measureId = idParam(args.params, 'measureId');
    const { name } = await parseForm(args.request, VersionNameSchema);
    await saveVersion(db, measureId, name);
    return data<{ ok: true } | ActionFailure>({ ok: true });
  } catch (error) {
    const { body, init } = describeFailure(error);
    return data<{ ok: true } | ActionFailure>(body, init);
  }
}

export default function Versions({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const navigation = useNavigation();
  const { measure, versions } = loaderData;
  const failure = actionData && !actionData.ok ? actionData : null;
  return (
    <div className="page">
      <p>
        <Link to={`/massnahmen/${measure.measureId}`}>{t('review.versions.back')}</Link>
      </p>
      <h1>
        {t('review.versions.title')}: {measure.code} {measure.title}
      </h1>
      <p className="lead">{t('review.versions.intro')}</p>

      {measure.canWrite ? (
        <section className="panel" aria-labelledby="save-version">
          <h2 id="save-version">{t('review.versions.save')}</h2>
          {failure?.formError ? (
            <div className="alert alert--error" role="alert">
              {t(failure.formError, failure.formParams)}
            </div>
          ) : actionData?.ok ? (
            <p className="alert alert--success" role="status">
              {t('review.versions.saved')}
            </p>
          ) : null}
          <Form method="post" className="form form--inline" noValidate key={versions.length}>
            <FormField
              id="version-name"
              name="name"
              label={t('review.versions.name')}
              help={t('review.versions.nameHelp')}
              errors={failure?.fieldErrors}
            >
              {(props) => <input {...props} type="text" maxLength={120} required />}
            </FormField>
            <div>
              <button
                type="submit"
                className="button button--primary"
                disabled={navigation.state !== 'idle'}
              >
                {t('review.versions.save')}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {versions.length >= 2 ? (
        <section className="panel" aria-labelledby="compare-versions">
          <h2 id="compare-versions">{t('review.versions.compare')}</h2>
          <Form
            method="get"
            action={`/massnahmen/${measure.measureId}/vergleich`}
            className="form form--inline"
          >
            <div className="field">
              <label htmlFor="compare-from">{t('review.versions.compareFrom')}</label>
              <select id="compare-from" name="from" defaultValue={versions[1]!.versionId}>
                {versions.map((version) => (
                  <option key={version.versionId} value={version.versionId}>
                    {t('review.versions.current', { number: version.number, name: version.name })}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="compare-to">{t('review.versions.compareTo')}</label>
              <select id="compare-to" name="to" defaultValue={versions[0]!.versionId}>
                {versions.map((version) => (
                  <option key={version.versionId} value={version.versionId}>
                    {t('review.versions.current', { number: version.number, name: version.name })}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <button type="submit" className="button button--secondary">
                {t('review.versions.compareSubmit')}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="version-list">
        <h2 id="version-list">{t('review.versions.title')}</h2>
        {versions.length === 0 ? (
          <p>{t('review.versions.none')}</p>
        ) : (
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('review.versions.number')}</th>
                <th scope="col">{t('review.versions.name')}</th>
                <th scope="col">{t('review.versions.kind')}</th>
                <th scope="col">{t('review.versions.createdBy')}</th>
                <th scope="col">{t('review.versions.createdAt')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((version) => (
                <tr key={version.versionId}>
                  <td>{version.number}</td>
                  <td>
                    <Link to={`/massnahmen/${measure.measureId}/versionen/${version.versionId}`}>
                      {version.name}
                    </Link>
                  </td>
                  <td>{t(`review.versions.kind.${version.kind}`)}</td>
                  <td>{version.createdByName ?? '–'}</td>
                  <td>
                    <DateTime iso={version.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
