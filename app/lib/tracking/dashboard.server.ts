import type { Tx } from '../db/with-user.server';
import type { Locale } from '../i18n/i18n';
import {
  MEASURE_KINDS,
  MEASURE_STATUSES,
  type MeasureKind,
  type MeasureStatus,
} from '../measures/measures.schema';
import { listMeasures, type MeasureCard } from '../measures/measures.server';
import { listThemes, type ThemeSummary } from '../themes/themes.server';
import { addDays } from './dates';
import { loadIndicators } from './milestones-indicators.server';
import { measureProgress } from './progress';
import type { DashboardFilter } from './tracking.schema';

/** Quick Wins due within this many days count as "due soon". */
export const DUE_SOON_DAYS = 90;

export interface Tally {
  total: number;
  byStatus: Record<MeasureStatus, number>;
  byKind: Record<MeasureKind, number>;
  quickWinsDueSoon: number;
  overdueMilestones: number;
  staleCheckIns: number;
  /** Mean progress (derived where indicators allow, else manual) of the measures in progress or done; null without any. */
  averageProgress: number | null;
}

export interface DashboardMeasure {
  measureId: string;
  code: string;
  title: string;
  dueDate: string | null;
  leadShortName: string | null;
}

export interface Dashboard {
  today: string;
  total: Tally;
  themes: { themeId: string; code: string; slug: string; name: string; tally: Tally }[];
  organizations: { organizationId: string | null; shortName: string | null; tally: Tally }[];
  quickWinsDueSoon: DashboardMeasure[];
  overdueMilestones: (DashboardMeasure & { milestoneTitle: string; milestoneDueDate: string })[];
  staleCheckIns: (DashboardMeasure & { period: string; checkInDueDate: string })[];
}

const emptyTally = (): Tally => ({
  total: 0,
  byStatus: Object.fromEntries(MEASURE_STATUSES.map((status) => [status, 0])) as Tally['byStatus'],
  byKind: Object.fromEntries(MEASURE_KINDS.map((kind) => [kind, 0])) as Tally['byKind'],
  quickWinsDueSoon: 0,
  overdueMilestones: 0,
  staleCheckIns: 0,
  averageProgress: null,
});

const isActive = (status: MeasureStatus) => status !== 'done' && status !== 'discarded';

/**
 * The administration's dashboard over the measures the caller may see (RLS) and the board's
 * filter (plus a Themenfeld): counts per Themenfeld and per lead organisation by status and kind, Quick Wins due in
 * the next 90 days, overdue milestones, check-ins missed past their answer period, and progress.
 */
export async function getDashboard(
  tx: Tx,
  filter: DashboardFilter,
  locale: Locale,
  today: string,
): Promise<Dashboard> {
  const themes = await listThemes(tx, locale);
  const cards = await listDashboardMeasures(tx, filter, themes);
  const ids = cards.map((card) => card.measureId);
  const dueSoonLimit = addDays(today, DUE_SOON_DAYS);
  const factsById = await loadMeasureFacts(tx, ids);
  const { rows: milestones } = await tx.query<{
    measure_id: string;
    title: string;
    due_date: string;
  }>(
    `select measure_id, title, to_char(due_date, 'YYYY-MM-DD') as due_date
       from public.milestones
      where measure_id = any($1::uuid[]) and done_date is null and due_date < $2::date
      order by due_date, title`,
    [ids, today],
  );
  const { rows: checkIns } = await tx.query<{
    measure_id: string;
    period: string;
    due_date: string;
  }>(
    `select measure_id, period, to_char(due_date, 'YYYY-MM-DD') as due_date
       from public.check_ins
      where measure_id = any($1::uuid[]) and state = 'open' and due_date < $2::date
      order by due_date`,
    [ids, today],
  );
  const indicators = await loadIndicators(tx, ids);

  const total = emptyTally();
  const byTheme = new Map(themes.map((theme) => [theme.themeId, emptyTally()]));
  const byOrganization = new Map<string | null, Tally>();
  const progressSums = new Map<Tally, { sum: number; count: number }>();
  const cardsById = new Map(cards.map((card) => [card.measureId, card]));
  const tallies = (measureId: string): Tally[] => {
    const card = cardsById.get(measureId)!;
    const lead = factsById.get(measureId)?.leadOrganizationId ?? null;
    if (!byOrganization.has(lead)) byOrganization.set(lead, emptyTally());
    return [total, byTheme.get(card.themeId) ?? emptyTally(), byOrganization.get(lead)!];
  };

  const quickWinsDueSoon: DashboardMeasure[] = [];
  const toEntry = (measureId: string): DashboardMeasure => {
    const card = cardsById.get(measureId)!;
    return {
      measureId,
      code: card.code,
      title: card.title,
      dueDate: factsById.get(measureId)?.dueDate ?? null,
      leadShortName: card.leadShortName,
    };
  };

  for (const card of cards) {
    const fact = factsById.get(card.measureId);
    const isDueSoon =
      card.kind === 'quick_win' &&
      isActive(card.status) &&
      fact?.dueDate != null &&
      fact.dueDate >= today &&
      fact.dueDate <= dueSoonLimit;
    if (isDueSoon) quickWinsDueSoon.push(toEntry(card.measureId));
    const progress =
      card.status === 'in_progress' || card.status === 'done'
        ? measureProgress(fact?.progress ?? 0, indicators.get(card.measureId) ?? []).value
        : null;
    for (const tally of tallies(card.measureId)) {
      tally.total += 1;
      tally.byStatus[card.status] += 1;
      tally.byKind[card.kind] += 1;
      if (isDueSoon) tally.quickWinsDueSoon += 1;
      if (progress !== null) {
        const sums = progressSums.get(tally) ?? { sum: 0, count: 0 };
        sums.sum += progress;
        sums.count += 1;
        progressSums.set(tally, sums);
      }
    }
  }
  for (const milestone of milestones)
    for (const tally of tallies(milestone.measure_id)) tally.overdueMilestones += 1;
  for (const checkIn of checkIns)
    for (const tally of tallies(checkIn.measure_id)) tally.staleCheckIns += 1;
  for (const [tally, { sum, count }] of progressSums)
    tally.averageProgress = count > 0 ? Math.round(sum / count) : null;

  const { rows: organizations } = await tx.query<{ organization_id: string; short_name: string }>(
    'select organization_id, short_name from public.organizations order by short_name',
  );
  const shortNames = new Map(organizations.map((row) => [row.organization_id, row.short_name]));

  quickWinsDueSoon.sort((a, b) => (a.dueDate ?? '').localeCompare(b.dueDate ?? ''));
  return {
    today,
    total,
    themes: themes.map((theme) => ({
      themeId: theme.themeId,
      code: theme.code,
      slug: theme.slug,
      name: theme.name,
      tally: byTheme.get(theme.themeId) ?? emptyTally(),
    })),
    organizations: [...byOrganization]
      .map(([organizationId, tally]) => ({
        organizationId,
        shortName: organizationId ? (shortNames.get(organizationId) ?? null) : null,
        tally,
      }))
      .sort((a, b) =>
        a.shortName === null
          ? 1
          : b.shortName === null
            ? -1
            : a.shortName.localeCompare(b.shortName),
      ),
    quickWinsDueSoon,
    overdueMilestones: milestones.map((row) => ({
      ...toEntry(row.measure_id),
      milestoneTitle: row.title,
      milestoneDueDate: row.due_date,
    })),
    staleCheckIns: checkIns.map((row) => ({
      ...toEntry(row.measure_id),
      period: row.period,
      checkInDueDate: row.due_date,
    })),
  };
}

/**
 * The board's filter plus a Themenfeld (by slug; an unknown one matches nothing): the measures of
 * the dashboard and of the measure list export, as the caller may see them.
 */
export async function listDashboardMeasures(
  tx: Tx,
  filter: DashboardFilter,
  themes: readonly ThemeSummary[],
): Promise<MeasureCard[]> {
  const themeId = filter.theme
    ? themes.find((theme) => theme.slug === filter.theme)?.themeId
    : null;
  return (await listMeasures(tx, filter, { isSignedIn: true })).filter(
    (card) => themeId === null || card.themeId === themeId,
  );
}

export interface MeasureFacts {
  dueDate: string | null;
  /** The manual progress; `measureProgress` derives the shown one with the indicators. */
  progress: number;
  leadOrganizationId: string | null;
}

/** Due date, manual progress and lead organisation of these measures, by measure. */
export async function loadMeasureFacts(
  tx: Tx,
  measureIds: readonly string[],
): Promise<Map<string, MeasureFacts>> {
  const { rows } = await tx.query<{
    measure_id: string;
    due_date: string | null;
    progress: number;
    lead_organization_id: string | null;
  }>(
    `select m.measure_id, to_char(m.due_date, 'YYYY-MM-DD') as due_date, m.progress, lead.organization_id as lead_organization_id
       from public.measures m
       left join public.measure_organizations lead on lead.measure_id = m.measure_id and lead.role = 'lead'
      where m.measure_id = any($1::uuid[])`,
    [measureIds],
  );
  return new Map(
    rows.map((row) => [
      row.measure_id,
      {
        dueDate: row.due_date,
        progress: row.progress,
        leadOrganizationId: row.lead_organization_id,
      },
    ]),
  );
}
