import type { Tx } from '../db/with-user.server';
import type { Locale } from '../i18n/i18n';
import type { MeasureKind, MeasureStatus } from '../measures/measures.schema';
import { listThemes } from '../themes/themes.server';
import {
  loadIndicators,
  loadMilestones,
  type MeasureIndicator,
  type MeasureMilestone,
} from '../tracking/milestones-indicators.server';
import { measureProgress } from '../tracking/progress';

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
  milestones: MeasureMilestone[];
  indicators: MeasureIndicator[];
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
  const milestonesBy = await loadMilestones(tx, ids);
  const indicatorsBy = await loadIndicators(tx, ids);

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

  const toMeasure = (row: (typeof measures)[number]): MasterplanMeasure => {
    const orgs = organizationsBy.get(row.measure_id) ?? [];
    const indicators = indicatorsBy.get(row.measure_id) ?? [];
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
      progress: measureProgress(row.progress, indicators).value,
      milestones: milestonesBy.get(row.measure_id) ?? [],
      indicators,
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
