import { Link } from 'react-router';
import { z } from 'zod';
import type { Route } from './+types/version';
import { DateTime } from '~/components/date-time';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { VersionMetadataList } from '~/components/review/version-metadata';
import { requireUser } from '~/lib/auth/viewer.server';
import { notFound } from '~/lib/errors';
import { rethrowAsResponse } from '~/lib/http.server';
import { getVersion } from '~/lib/review/review.server';

export const meta: Route.MetaFunction = ({ data: loaderData }) => [
  {
    title: loaderData
      ? `Version ${loaderData.version.number}: ${loaderData.version.name} – Masterplan-Werkstatt`
      : 'Masterplan-Werkstatt',
  },
];

const ParamsSchema = z.object({ measureId: z.uuid(), versionId: z.uuid() });

export async function loader(args: Route.LoaderArgs) {
  const { db } = await requireUser(args);
  try {
    const params = ParamsSchema.safeParse(args.params);
    if (!params.success) throw notFound(args.params);
    return await db(async (tx) => {
      const version = await getVersion(tx, params.data.measureId, params.data.versionId);
      const { rows } = await tx.query<{ can_restore: boolean }>(
        `select app_private.is_admin() or coalesce(app_private.is_group_moderator(working_group_id), false) as can_restore
           from public.measures where measure_id = $1`,
        [params.data.measureId],
      );
      return { version, canRestore: rows[0]?.can_restore ?? false };
    });
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

export default function VersionPage({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { version, canRestore } = loaderData;
  return (
    <div className="page">
      <p>
        <Link to={`/massnahmen/${version.measureId}/versionen`}>
          {t('review.versions.backToList')}
        </Link>
      </p>
      <h1>{t('review.versions.current', { number: version.number, name: version.name })}</h1>
      <p>
        {t(`review.versions.kind.${version.kind}`)} · {version.createdByName ?? '–'} ·{' '}
        <DateTime iso={version.createdAt} />
      </p>
      <p className="notice">{t('review.versions.readOnly')}</p>
      {canRestore ? (
        <section className="panel" aria-labelledby="restore-version">
          <h2 id="restore-version">{t('review.versions.restore')}</h2>
          <p>{t('review.versions.restoreHelp')}</p>
          <Link
            className="button button--secondary"
            to={`/massnahmen/${version.measureId}?wiederherstellen=${version.versionId}`}
          >
            {t('review.versions.restore')}
          </Link>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="version-text">
        <h2 id="version-text">{t('measure.section.text')}</h2>
        {version.contentHtml ? (
          <div
            className="rendered-text"
            dangerouslySetInnerHTML={{ __html: version.contentHtml }}
          />
        ) : (
          <p>{t('review.versions.empty')}</p>
        )}
      </section>
      <section className="panel" aria-labelledby="version-metadata">
        <h2 id="version-metadata">{t('review.versions.metadata')}</h2>
        <VersionMetadataList metadata={version.metadata} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
