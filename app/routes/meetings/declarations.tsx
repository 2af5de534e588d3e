import { Link } from 'react-router';
import type { Route } from './+types/declarations';
import { DateTime } from '~/components/date-time';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { requireUser } from '~/lib/auth/viewer.server';
import { listDeclarations } from '~/lib/declarations/declarations.server';
import { rethrowAsResponse } from '~/lib/http.server';
import { pageTitle } from '~/lib/i18n/meta';
import meetingStyles from '~/styles/meetings.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }];
export const meta: Route.MetaFunction = ({ matches }) =>
  pageTitle(matches, 'declarations.listTitle');

export async function loader(args: Route.LoaderArgs) {
  const { db } = await requireUser(args);
  return db((tx) => listDeclarations(tx)).catch(rethrowAsResponse);
}

export default function Declarations({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { declarations, canCompile } = loaderData;
  return (
    <div className="page">
      <div className="page-heading">
        <h1>{t('declarations.listTitle')}</h1>
        {canCompile ? (
          <Link className="button button--primary" to="/erklaerungen/neu">
            {t('declarations.new')}
          </Link>
        ) : null}
      </div>
      <p className="lead">{t('declarations.intro')}</p>
      <p className="button-row">
        <Link to="/fahrplan">{t('declarations.roadmap.title')}</Link>
        {declarations.length >= 2 ? (
          <Link to="/erklaerungen/vergleich">{t('declarations.compare.title')}</Link>
        ) : null}
      </p>
      <section className="panel" aria-labelledby="declaration-list">
        <h2 id="declaration-list" className="visually-hidden">
          {t('declarations.listTitle')}
        </h2>
        {declarations.length === 0 ? (
          <p>{t('declarations.none')}</p>
        ) : (
          <div
            className="admin-table-scroll"
            tabIndex={0}
            role="region"
            aria-labelledby="declaration-list"
          >
            <table className="admin-table">
              <thead>
                <tr>
                  <th scope="col">{t('declarations.column.title')}</th>
                  <th scope="col">{t('declarations.column.status')}</th>
                  <th scope="col">{t('declarations.column.measures')}</th>
                  <th scope="col">{t('declarations.column.signatures')}</th>
                  <th scope="col">{t('declarations.column.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {declarations.map((declaration) => (
                  <tr key={declaration.declarationId}>
                    <td>
                      <Link to={`/erklaerungen/${declaration.declarationId}`}>
                        {declaration.title}
                      </Link>
                    </td>
                    <td>{t(`declarations.status.${declaration.status}`)}</td>
                    <td>{declaration.measureCount}</td>
                    <td>{declaration.signatureCount}</td>
                    <td>
                      <DateTime iso={declaration.updatedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
