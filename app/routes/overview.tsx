import { useState } from 'react';
import { Form, Link, useSearchParams } from 'react-router';
import type { Route } from './+types/overview';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { MeasureCard } from '~/components/measures/measure-card';
import { getSignedIn } from '~/lib/auth/viewer.server';
import { withAnon } from '~/lib/db/with-user.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { pageTitle } from '~/lib/i18n/meta';
import {
  BoardFilterSchema,
  MEASURE_KINDS,
  MEASURE_STATUSES,
  type BoardFilter,
} from '~/lib/measures/measures.schema';
import { listFilterOptions, listMeasures } from '~/lib/measures/measures.server';
import { countMeasuresByTheme, listThemes } from '~/lib/themes/themes.server';

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'overview.title');

export async function loader(args: Route.LoaderArgs) {
  const signedIn = await getSignedIn(args);
  const locale = getLocale(args.request, signedIn?.viewer.locale);
  const parsed = BoardFilterSchema.safeParse(
    Object.fromEntries(new URL(args.request.url).searchParams),
  );
  // An unusable filter (hand-edited URL) shows the unfiltered board rather than an error.
  const filter: BoardFilter = parsed.success ? parsed.data : { mine: false };
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
  const [searchParams] = useSearchParams();
  const [activeTheme, setActiveTheme] = useState(themes[0]?.themeId ?? '');
  const isFiltered = [...searchParams.keys()].length > 0;
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

      {/* Keyed by the query so Back, Forward and "reset" show the filter that is applied. */}
      <Form
        key={searchParams.toString()}
        method="get"
        className="board-filters"
        role="search"
        aria-label={t('board.filters')}
      >
        <div className="field field--grow">
          <label htmlFor="filter-q">{t('board.search')}</label>
          <input
            id="filter-q"
            name="q"
            type="search"
            defaultValue={filter.q ?? ''}
            maxLength={200}
          />
        </div>
        <div className="field">
          <label htmlFor="filter-status">{t('board.filter.status')}</label>
          <select id="filter-status" name="status" defaultValue={filter.status ?? ''}>
            <option value="">{t('board.filter.all')}</option>
            {MEASURE_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`measure.status.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-kind">{t('board.filter.kind')}</label>
          <select id="filter-kind" name="kind" defaultValue={filter.kind ?? ''}>
            <option value="">{t('board.filter.all')}</option>
            {MEASURE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`measure.kind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-organization">{t('board.filter.organization')}</label>
          <select
            id="filter-organization"
            name="organizationId"
            defaultValue={filter.organizationId ?? ''}
          >
            <option value="">{t('board.filter.all')}</option>
            {options.organizations.map((organization) => (
              <option key={organization.organizationId} value={organization.organizationId}>
                {organization.shortName}
              </option>
            ))}
          </select>
        </div>
        {isSignedIn ? (
          <>
            <div className="field">
              <label htmlFor="filter-group">{t('board.filter.group')}</label>
              <select id="filter-group" name="groupId" defaultValue={filter.groupId ?? ''}>
                <option value="">{t('board.filter.all')}</option>
                {options.groups.map((group) => (
                  <option key={group.workingGroupId} value={group.workingGroupId}>
                    {group.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field field--checkbox">
              <input
                id="filter-mine"
                name="mine"
                type="checkbox"
                value="1"
                defaultChecked={filter.mine}
              />
              <label htmlFor="filter-mine">{t('board.filter.mine')}</label>
            </div>
          </>
        ) : null}
        <div className="board-filters__actions">
          <button type="submit" className="button button--primary">
            {t('board.apply')}
          </button>
          {isFiltered ? (
            <Link to="/" className="button button--secondary">
              {t('board.reset')}
            </Link>
          ) : null}
        </div>
      </Form>

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
