import { Form, Link, useSearchParams } from 'react-router';
import { MEASURE_KINDS, MEASURE_STATUSES, type BoardFilter } from '~/lib/measures/measures.schema';
import type { FilterOptions } from '~/lib/measures/measures.server';
import { useT } from '../i18n';

/**
 * The measure filter of the board and the dashboard: a GET form, so the filter is the URL's
 * query. `themes` adds a theme choice (dashboard); `isSignedIn` adds the group and "mine".
 */
export function MeasureFilters({
  filter,
  options,
  themes,
  isSignedIn,
  resetTo,
}: {
  filter: BoardFilter & { theme?: string };
  options: FilterOptions;
  themes?: readonly { slug: string; name: string }[];
  isSignedIn: boolean;
  /** The page without a query. */
  resetTo: string;
}) {
  const t = useT();
  const [searchParams] = useSearchParams();
  const query = searchParams.toString();
  return (
    // Keyed by the query so Back, Forward and "reset" show the filter that is applied.
    <Form
      key={query}
      method="get"
      className="board-filters"
      role="search"
      aria-label={t('board.filters')}
    >
      <div className="field field--grow">
        <label htmlFor="filter-q">{t('board.search')}</label>
        <input id="filter-q" name="q" type="search" defaultValue={filter.q ?? ''} maxLength={200} />
      </div>
      {themes ? (
        <FilterSelect
          name="theme"
          label={t('tracking.dashboard.theme')}
          value={filter.theme}
          choices={themes.map((theme) => ({ value: theme.slug, label: theme.name }))}
        />
      ) : null}
      <FilterSelect
        name="status"
        label={t('board.filter.status')}
        value={filter.status}
        choices={MEASURE_STATUSES.map((status) => ({
          value: status,
          label: t(`measure.status.${status}`),
        }))}
      />
      <FilterSelect
        name="kind"
        label={t('board.filter.kind')}
        value={filter.kind}
        choices={MEASURE_KINDS.map((kind) => ({
          value: kind,
          label: t(`measure.kind.${kind}`),
        }))}
      />
      <FilterSelect
        name="organizationId"
        label={t('board.filter.organization')}
        value={filter.organizationId}
        choices={options.organizations.map((organization) => ({
          value: organization.organizationId,
          label: organization.shortName,
        }))}
      />
      {isSignedIn ? (
        <>
          <FilterSelect
            name="groupId"
            label={t('board.filter.group')}
            value={filter.groupId}
            choices={options.groups.map((group) => ({
              value: group.workingGroupId,
              label: group.name,
            }))}
          />
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
        {query ? (
          <Link to={resetTo} className="button button--secondary">
            {t('board.reset')}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

/** One choice of the filter, "all" first; the id is `filter-<name>` minus a trailing "Id". */
function FilterSelect({
  name,
  label,
  value,
  choices,
}: {
  name: string;
  label: string;
  value: string | undefined;
  choices: readonly { value: string; label: string }[];
}) {
  const t = useT();
  const id = `filter-${name.replace(/Id$/, '')}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ''}>
        <option value="">{t('board.filter.all')}</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}
