import type { Tx } from '../db/with-user.server';
import type { Locale } from '../i18n/i18n';
import type { MeasureKind, MeasureStatus } from '../measures/measures.schema';
import { listThemes } from '../themes/themes.server';
import { loadIndicatorFigures } from '../tracking/dashboard.server';
import { indicatorProgress, measureProgress, toNumber } from '../tracking/progress';

/** Statuses that make a measure part of the Masterplan document: agreed or later, never discarded. */
export const MASTERPLAN_STATUSES: readonly MeasureStatus[] = ['agreed', 'in_progress', 'done'];

export interface MasterplanMeasure {
  measureId: string;
  code: string;
  title: string;
  kind: MeasureKind;
  status: MeasureStatus;
  summary: string;
  contentHtml: string;
  dueDate: string | null;
  lead: string | null;
  partners: string[];
  progress: number;
  milestones: {
    title: string;
    dueDate: string;
    doneDate: string | null;
    responsible: string | null;
  }[];
  indicators: {
    name: string;
    unit: string;
    baselineValue: number | null;
    baselineDate: string | null;
    targetValue: number | null;
    targetDate: string | null;
    latestValue: number | null;
    latestDate: string | null;
    progress: number | null;
  }[];
}

export interface MasterplanTheme {
  themeId: string;
  code: string;
  slug: string;
  name: string;
  description: string;
  measures: MasterplanMeasure[];
}

/**
 * The Masterplan as the reader may see it (RLS: anon sees published measures only, and only the
 * columns granted to anon): the measures with one of `statuses`, by Themenfeld in code order,
 * each with lead, partners, text, milestones, indicators and progress.
 */
export async function loadMasterplan(
  tx: Tx,
  locale: Locale,
  statuses: readonly MeasureStatus[] = MASTERPLAN_STATUSES,
  options: { kinds?: readonly MeasureKind[] } = {},
): Promise<MasterplanTheme[]> {
  const themes = await listThemes(tx, locale);
  const { rows: measures } = await tx.query<{
    measure_id: string;
    theme_id: string;
    code: string;
    title: string;
    kind: MeasureKind;
    status: MeasureStatus;
    summary: string;
    content_html: string;
    due_date: string | null;
    progress: number;
  }>(
    `select m.measure_id, m.theme_id, m.code, m.title, m.kind, m.status, m.summary, m.content_html,
            to_char(m.due_date, 'YYYY-MM-DD') as due_date, m.progress
       from public.measures m
      where m.status = any($1::text[]) and ($2::text[] is null or m.kind = any($2::text[]))
      order by m.code`,
    [statuses, options.kinds ?? null],
  );
  const ids = measures.map((row) => row.measure_id);
  const { rows: organizations } = await tx.query<{
    measure_id: string;
    short_name: string;
    role: 'lead' | 'partner' | 'consulted';
  }>(
    `select mo.measure_id, o.short_name, mo.role
       from public.measure_organizations mo
       join public.organizations o on o.organization_id = mo.organization_id
      where mo.measure_id = any($1::uuid[])
      order by o.short_name`,
    [ids],
  );
  const { rows: milestones } = await tx.query<{
    measure_id: string;
    title: string;
    due_date: string;
    done_date: string | null;
    short_name: string | null;
  }>(
    `select ms.measure_id, ms.title, to_char(ms.due_date, 'YYYY-MM-DD') as due_date,
            to_char(ms.done_date, 'YYYY-MM-DD') as done_date, o.short_name
       from public.milestones ms
       left join public.organizations o on o.organization_id = ms.responsible_organization_id
      where ms.measure_id = any($1::uuid[])
      order by ms.due_date, ms.title`,
    [ids],
  );
  const { rows: indicators } = await tx.query<{
    measure_id: string;
    name: string;
    unit: string;
    baseline_value: string | null;
    baseline_date: string | null;
    target_value: string | null;
    target_date: string | null;
    latest_value: string | null;
    latest_date: string | null;
  }>(
    `select i.measure_id, i.name, i.unit, i.baseline_value, to_char(i.baseline_date, 'YYYY-MM-DD') as baseline_date,
            i.target_value, to_char(i.target_date, 'YYYY-MM-DD') as target_date,
            latest.value as latest_value, to_char(latest.measured_date, 'YYYY-MM-DD') as latest_date
       from public.indicators i
       left join lateral (
         select v.value, v.measured_date from public.indicator_values v
          where v.indicator_id = i.indicator_id
          order by v.measured_date desc, v.created_at desc
          limit 1
       ) latest on true
      where i.measure_id = any($1::uuid[])
      order by i.name`,
    [ids],
  );
  const figures = await loadIndicatorFigures(tx, ids);

  const group = <T extends { measure_id: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const list = map.get(row.measure_id);
      if (list) list.push(row);
      else map.set(row.measure_id, [row]);
    }
    return map;
  };
  const organizationsBy = group(organizations);
  const milestonesBy = group(milestones);
  const indicatorsBy = group(indicators);

  const toMeasure = (row: (typeof measures)[number]): MasterplanMeasure => {
    const orgs = organizationsBy.get(row.measure_id) ?? [];
    return {
      measureId: row.measure_id,
      code: row.code,
      title: row.title,
      kind: row.kind,
      status: row.status,
      summary: row.summary,
      contentHtml: row.content_html,
      dueDate: row.due_date,
      lead: orgs.find((o) => o.role === 'lead')?.short_name ?? null,
      partners: orgs.filter((o) => o.role === 'partner').map((o) => o.short_name),
      progress: measureProgress(row.progress, figures.get(row.measure_id) ?? []).value,
      milestones: (milestonesBy.get(row.measure_id) ?? []).map((m) => ({
        title: m.title,
        dueDate: m.due_date,
        doneDate: m.done_date,
        responsible: m.short_name,
      })),
      indicators: (indicatorsBy.get(row.measure_id) ?? []).map((i) => {
        const baselineValue = toNumber(i.baseline_value);
        const targetValue = toNumber(i.target_value);
        const latestValue = toNumber(i.latest_value);
        return {
          name: i.name,
          unit: i.unit,
          baselineValue,
          baselineDate: i.baseline_date,
          targetValue,
          targetDate: i.target_date,
          latestValue,
          latestDate: i.latest_date,
          progress: indicatorProgress({ baselineValue, targetValue, latestValue }),
        };
      }),
    };
  };

  return themes.map((theme) => ({
    ...theme,
    measures: measures.filter((row) => row.theme_id === theme.themeId).map(toMeasure),
  }));
}

export interface StatusReportEntry {
  code: string;
  title: string;
  kind: MeasureKind;
  status: MeasureStatus;
  progress: number;
  lead: string | null;
  nextMilestone: { title: string; dueDate: string } | null;
  /** From the latest answered check-in; empty when none. */
  blockers: string;
  assessment: 'on_track' | 'at_risk' | 'blocked' | null;
}

/** Quick Wins and Leitprojekte (not discarded) for the Sachstandsbericht, by Themenfeld. */
export async function loadStatusReport(
  tx: Tx,
  locale: Locale,
  today: string,
): Promise<{ themeName: string; entries: StatusReportEntry[] }[]> {
  const themes = await loadMasterplan(
    tx,
    locale,
    ['idea', 'draft', 'consultation', 'agreed', 'in_progress', 'done'],
    { kinds: ['quick_win', 'flagship'] },
  );
  const ids = themes.flatMap((theme) => theme.measures.map((measure) => measure.measureId));
  const { rows: checkIns } = await tx.query<{
    measure_id: string;
    blockers: string;
    assessment: StatusReportEntry['assessment'];
  }>(
    `select distinct on (measure_id) measure_id, blockers, assessment
       from public.check_ins
      where measure_id = any($1::uuid[]) and state = 'submitted'
      order by measure_id, period desc`,
    [ids],
  );
  const latest = new Map(checkIns.map((row) => [row.measure_id, row]));
  return themes.map((theme) => ({
    themeName: theme.name,
    entries: theme.measures.map((measure) => {
      const next =
        measure.milestones.find((m) => m.doneDate === null && m.dueDate >= today) ??
        measure.milestones.find((m) => m.doneDate === null) ??
        null;
      return {
        code: measure.code,
        title: measure.title,
        kind: measure.kind,
        status: measure.status,
        progress: measure.progress,
        lead: measure.lead,
        nextMilestone: next ? { title: next.title, dueDate: next.dueDate } : null,
        blockers: latest.get(measure.measureId)?.blockers ?? '',
        assessment: latest.get(measure.measureId)?.assessment ?? null,
      };
    }),
  }));
}
