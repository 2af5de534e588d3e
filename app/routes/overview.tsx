import { useState } from 'react';
import { Link } from 'react-router';
import type { Route } from './+types/overview';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { MeasureCard } from '~/components/measures/measure-card';
import { MeasureFilters } from '~/components/measures/measure-filters';
import { getSignedIn } from '~/lib/auth/viewer.server';
import { withAnon } from '~/lib/db/with-user.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { pageTitle } from '~/lib/i18n/meta';
import { BoardFilterSchema, filterFromUrl } from '~/lib/measures/measures.schema';
import { listFilterOptions, listMeasures } from '~/lib/measures/measures.server';
import { countMeasuresByTheme, listThemes } from '~/lib/themes/themes.server';

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'overview.title');

export async function loader(args: Route.LoaderArgs) {
  const signedIn = await getSignedIn(args);
  const locale = getLocale(args.request, signedIn?.viewer.locale);
  const filter = filterFromUrl(BoardFilterSchema, args.request.url);
  const isSignedIn = signedIn !== null;
  const run = signedIn ? signedIn.db : withAnon;
  const isFiltered = Object.values(filter).some((value) => value !== undefined && value !== false);
  const { themes, measures, options, totals } = await run(async (tx) => {
    const measures = await listMeasures(tx, filter, { isSignedIn });
    return {
      themes: await listThemes(tx, locale),
      measures,
      options: await listFilterOptions(tx, { isSignedIn }),
      // Unfiltered, the cards are the totals; counting again would scan the measures a second time.
      totals: isFiltered ? await countMeasuresByTheme(tx) : tallyByTheme(measures),
    };
  });
  return {
    themes: themes.map((theme) => ({ ...theme, measureCount: totals[theme.themeId] ?? 0 })),
    measures,
    options,
    filter,
    isSignedIn,
    canCreate: signedIn !== null && signedIn.viewer.platformRole !== 'observer',
  };
}

function tallyByTheme(measures: readonly { themeId: string }[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const measure of measures) totals[measure.themeId] = (totals[measure.themeId] ?? 0) + 1;
  return totals;
}

export default function Overview({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { themes, measures, options, filter, isSignedIn, canCreate } = loaderData;
  const [activeTheme, setActiveTheme] = useState(themes[0]?.themeId ?? '');
  return (
    <div className="page page--wide">
      <div className="page-heading">
        <h1>{t('overview.title')}</h1>
        {canCreate ? (
          <Link to="/massnahmen/neu" className="button button--primary">
            {t('board.newMeasure')}
          </Link>
        ) : null}
      </div>
      <p className="lead">{t('overview.intro')}</p>
      {isSignedIn ? null : (
        <p className="notice">
          <Link to="/anmelden">{t('overview.signInHint')}</Link>
        </p>
      )}

      <MeasureFilters filter={filter} options={options} isSignedIn={isSignedIn} resetTo="/" />

      <p className="result-count" role="status">
        {t('board.resultCount', { count: measures.length })}
      </p>

      <div className="theme-switch" role="group" aria-label={t('board.themeTabs')}>
        {themes.map((theme) => (
          <button
            key={theme.themeId}
            type="button"
            className="theme-switch__button"
            aria-pressed={activeTheme === theme.themeId}
            onClick={() => setActiveTheme(theme.themeId)}
          >
            {theme.name}
          </button>
        ))}
      </div>

      <div className="board">
        {themes.map((theme) => {
          const cards = measures.filter((measure) => measure.themeId === theme.themeId);
          return (
            <section
              key={theme.themeId}
              className={`board-column theme-card--${theme.slug}${activeTheme === theme.themeId ? ' is-active' : ''}`}
              aria-labelledby={`theme-${theme.code}`}
            >
              <header className="board-column__header">
                <h2 id={`theme-${theme.code}`}>
                  <span className="theme-code">{theme.code}</span> {theme.name}
                </h2>
                <p className="board-column__description">{theme.description}</p>
                <p className="theme-count">
                  {t('overview.measureCount', { count: theme.measureCount })}
                </p>
              </header>
              {cards.length === 0 ? (
                <p className="board-column__empty">{t('board.empty')}</p>
              ) : (
                <ul className="card-list">
                  {cards.map((measure) => (
                    <li key={measure.measureId}>
                      <MeasureCard measure={measure} showGroup={isSignedIn} />
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
