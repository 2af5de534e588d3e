import { Link } from 'react-router';
import type { Route } from './+types/signoff-board';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { StatusBadge } from '~/components/measures/badges';
import { SignatureStateBadge } from '~/components/review/signature-state';
import { requireUser } from '~/lib/auth/viewer.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { pageTitle } from '~/lib/i18n/meta';
import type { MeasureStatus } from '~/lib/measures/measures.schema';
import { listSignoffBoard } from '~/lib/review/review.server';
import { listThemes } from '~/lib/themes/themes.server';

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'review.signoff.board');

export async function loader(args: Route.LoaderArgs) {
  const signedIn = await requireUser(args);
  const locale = getLocale(args.request, signedIn.viewer.locale);
  return signedIn.db(async (tx) => ({
    themes: await listThemes(tx, locale),
    rows: await listSignoffBoard(tx),
  }));
}

export default function SignoffBoard({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { themes, rows } = loaderData;
  return (
    <div className="page page--wide">
      <h1>{t('review.signoff.board')}</h1>
      <p className="lead">{t('review.signoff.boardIntro')}</p>
      {themes.map((theme) => {
        const measures = rows.filter((row) => row.themeId === theme.themeId);
        return (
          <section key={theme.themeId} className="panel" aria-labelledby={`signoff-${theme.code}`}>
            <h2 id={`signoff-${theme.code}`}>
              <span className="theme-code">{theme.code}</span> {theme.name}
            </h2>
            {measures.length === 0 ? (
              <p>{t('review.signoff.boardEmpty')}</p>
            ) : (
              <div
                className="admin-table-scroll"
                role="region"
                aria-labelledby={`signoff-${theme.code}`}
                tabIndex={0}
              >
                <table className="admin-table signoff-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('review.signoff.measure')}</th>
                      <th scope="col">{t('review.field.status')}</th>
                      <th scope="col">{t('review.signoff.organizations')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {measures.map((row) => (
                      <tr key={row.measureId}>
                        <th scope="row">
                          <Link to={`/massnahmen/${row.measureId}`}>
                            {row.code} {row.title}
                          </Link>
                        </th>
                        <td>
                          <StatusBadge status={row.status as MeasureStatus} />
                        </td>
                        <td>
                          <ul className="signoff-list">
                            {row.entries.map((entry) => (
                              <li key={entry.shortName}>
                                <strong>{entry.shortName}</strong> (
                                {t(`measure.role.${entry.role}`)}
                                ): <SignatureStateBadge state={entry.state} />
                              </li>
                            ))}
                          </ul>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
