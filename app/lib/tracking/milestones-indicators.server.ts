import type { Tx } from '../db/with-user.server';
import { indicatorProgress, toNumber, type IndicatorFigures } from './progress';

/** The one way to read milestones and indicators: tracking page, check-in, dashboard, exports. */

export interface MeasureMilestone {
  milestoneId: string;
  title: string;
  dueDate: string;
  doneDate: string | null;
  responsibleOrganization: { organizationId: string; shortName: string } | null;
}

export interface MeasureIndicator extends IndicatorFigures {
  indicatorId: string;
  name: string;
  unit: string;
  baselineDate: string | null;
  targetDate: string | null;
  latestDate: string | null;
  /** Towards the target, 0–100, from baseline, target and latest value; null when not derivable. */
  progress: number | null;
}

function byMeasure<R extends { measure_id: string }, T>(
  rows: readonly R[],
  toItem: (row: R) => T,
): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const item = toItem(row);
    const list = map.get(row.measure_id);
    if (list) list.push(item);
    else map.set(row.measure_id, [item]);
  }
  return map;
}

/**
 * The milestones of these measures (as RLS lets the caller see them) by due date, then title. Only
 * columns granted to anon: the public Masterplan reads them too.
 */
export async function loadMilestones(
  tx: Tx,
  measureIds: readonly string[],
): Promise<Map<string, MeasureMilestone[]>> {
  const { rows } = await tx.query<{
    measure_id: string;
    milestone_id: string;
    title: string;
    due_date: string;
    done_date: string | null;
    organization_id: string | null;
    short_name: string | null;
  }>(
    `select ms.measure_id, ms.milestone_id, ms.title, to_char(ms.due_date, 'YYYY-MM-DD') as due_date,
            to_char(ms.done_date, 'YYYY-MM-DD') as done_date, o.organization_id, o.short_name
       from public.milestones ms
       left join public.organizations o on o.organization_id = ms.responsible_organization_id
      where ms.measure_id = any($1::uuid[])
      order by ms.due_date, ms.title`,
    [measureIds],
  );
  return byMeasure(rows, (row) => ({
    milestoneId: row.milestone_id,
    title: row.title,
    dueDate: row.due_date,
    doneDate: row.done_date,
    responsibleOrganization:
      row.organization_id && row.short_name
        ? { organizationId: row.organization_id, shortName: row.short_name }
        : null,
  }));
}

/**
 * The indicators of these measures by name, each with its latest value (by measurement date, then
 * entry) and its progress. Only columns granted to anon: the public Masterplan reads them too.
 */
export async function loadIndicators(
  tx: Tx,
  measureIds: readonly string[],
): Promise<Map<string, MeasureIndicator[]>> {
  const { rows } = await tx.query<{
    measure_id: string;
    indicator_id: string;
    name: string;
    unit: string;
    baseline_value: string | null;
    baseline_date: string | null;
    target_value: string | null;
    target_date: string | null;
    latest_value: string | null;
    latest_date: string | null;
  }>(
    `select i.measure_id, i.indicator_id, i.name, i.unit,
            i.baseline_value, to_char(i.baseline_date, 'YYYY-MM-DD') as baseline_date,
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
      order by i.name, i.indicator_id`,
    [measureIds],
  );
  return byMeasure(rows, (row) => {
    const figures = {
      baselineValue: toNumber(row.baseline_value),
      targetValue: toNumber(row.target_value),
      latestValue: toNumber(row.latest_value),
    };
    return {
      ...figures,
      indicatorId: row.indicator_id,
      name: row.name,
      unit: row.unit,
      baselineDate: row.baseline_date,
      targetDate: row.target_date,
      latestDate: row.latest_date,
      progress: indicatorProgress(figures),
    };
  });
}
