import { Link, redirect } from 'react-router';
import type { Route } from './+types/compare';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { DiffView } from '~/components/review/diff-view';
import { requireUser } from '~/lib/auth/viewer.server';
import { AppError } from '~/lib/errors';
import { idParam, rethrowAsResponse } from '~/lib/http.server';
import { changedWords, diffWords } from '~/lib/review/diff';
import { CompareSchema } from '~/lib/review/review.schema';
import { getVersion, metadataChanges } from '~/lib/review/review.server';

export const meta: Route.MetaFunction = () => [
  { title: 'Versionen vergleichen – Masterplan-Werkstatt' },
];

export async function loader(args: Route.LoaderArgs) {
  const { db } = await requireUser(args);
  try {
    const measureId = idParam(args.params, 'measureId');
    const search = new URL(args.request.url).searchParams;
    // Opened without a choice (a bookmark, a shortened link): the versions page, where one picks.
    if (!search.has('from') && !search.has('to')) {
      throw redirect(`/massnahmen/${measureId}/versionen`);
    }
    const query = CompareSchema.safeParse(Object.fromEntries(search));
    if (!query.success) {
      throw new AppError({ status: 400, code: 'bad_request', message: 'review.error.version' });
    }
    const [a, b] = await db(async (tx) => [
      await getVersion(tx, measureId, query.data.from),
      await getVersion(tx, measureId, query.data.to),
    ]);
    // Older first, whichever way round they were picked.
    const [from, to] = a.number <= b.number ? [a, b] : [b, a];
    const parts = diffWords(from.contentText, to.contentText);
    const words = changedWords(parts);
    return {
      measureId: measureId,
      from: { number: from.number, name: from.name },
      to: { number: to.number, name: to.name },
      parts,
      inserted: words.inserted.length,
      deleted: words.deleted.length,
      metadata: metadataChanges(from.metadata, to.metadata),
    };
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

export default function Compare({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { measureId, from, to, parts, inserted, deleted, metadata } = loaderData;
  return (
    <div className="page page--wide">
      <p>
        <Link to={`/massnahmen/${measureId}/versionen`}>{t('review.versions.backToList')}</Link>
      </p>
      <h1>{t('review.compare.title', { from: from.number, to: to.number })}</h1>
      <p>
        {t('review.versions.current', { number: from.number, name: from.name })} →{' '}
        {t('review.versions.current', { number: to.number, name: to.name })}
      </p>
      <p role="status">{t('review.compare.summary', { inserted, deleted })}</p>
      <DiffView parts={parts} />
      <section className="panel" aria-labelledby="metadata-changes">
        <h2 id="metadata-changes">{t('review.versions.metadata')}</h2>
        {metadata.length === 0 ? (
          <p>{t('review.compare.noMetadataChanges')}</p>
        ) : (
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">{t('review.compare.field')}</th>
                <th scope="col">{t('review.compare.before')}</th>
                <th scope="col">{t('review.compare.after')}</th>
              </tr>
            </thead>
            <tbody>
              {metadata.map((change) => (
                <tr key={change.field}>
                  <th scope="row">{t(`review.field.${change.field}`)}</th>
                  <td>{change.before || '–'}</td>
                  <td>{change.after || '–'}</td>
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
