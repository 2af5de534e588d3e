import { AppError } from '../errors';
import { toAppError, type ConstraintMessage } from '../db/database-errors.server';
import type { Tx } from '../db/with-user.server';
import type { Locale } from '../i18n/i18n';
import type { MeasureKind, MeasureStatus } from '../measures/measures.schema';
import { requireVisibleMeasure, type UserDb } from '../measures/measures.server';
import { suggestKind, type Scores, type SuggestedKind } from './classification';
import {
  loadIndicators,
  loadMilestones,
  type MeasureIndicator,
  type MeasureMilestone,
} from './milestones-indicators.server';
import { measureProgress, toNumber, type ProgressSource } from './progress';
import type {
  Assessment,
  CheckInAnswer,
  CheckInAssessment,
  CheckInValues,
  Decision,
  Indicator,
  IndicatorValue,
  Milestone,
  Schedule,
} from './tracking.schema';

const TRACKING_CONSTRAINTS: Record<string, ConstraintMessage> = {
  indicators_target_differs: {
    status: 400,
    message: 'tracking.error.targetDiffers',
    field: 'targetValue',
  },
  indicators_dates_ordered: {
    status: 400,
    message: 'tracking.error.targetDate',
    field: 'targetDate',
  },
  indicator_values_indicator_fkey: {
    status: 400,
    message: 'tracking.error.choice',
    field: 'indicatorId',
  },
  measures_new_structure_justified: { status: 400, message: 'tracking.error.flagshipNeedsNetwork' },
  check_ins_final: { status: 409, message: 'tracking.checkIn.alreadySubmitted' },
};

/** Every tracking write goes through here: Postgres refusals become AppErrors with German messages. */
function write<T>(db: UserDb, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db(fn).catch((error: unknown) => toAppError(error, TRACKING_CONSTRAINTS));
}

const refused = (context: Record<string, unknown>) =>
  new AppError({ status: 403, code: 'forbidden', message: 'error.forbidden', context });

export interface MilestoneRow extends MeasureMilestone {
  isOverdue: boolean;
}

export interface IndicatorRow extends MeasureIndicator {
  values: {
    indicatorValueId: string;
    value: number;
    measuredDate: string;
    source: string;
    enteredBy: string | null;
  }[];
}

export interface AssessmentRow extends Scores {
  note: string;
  assessedBy: string | null;
  createdAt: string;
  suggestion: SuggestedKind;
  quickWinScore: number;
}

export interface DecisionRow {
  kind: MeasureKind;
  suggestedKind: MeasureKind | null;
  reason: string;
  decidedBy: string | null;
  createdAt: string;
}

export interface CheckInRow {
  checkInId: string;
  period: string;
  dueDate: string;
  state: 'open' | 'submitted';
  assessment: CheckInAssessment | null;
  statusNote: string;
  nextMilestone: string;
  blockers: string;
  submittedBy: string | null;
  submittedAt: string | null;
  isEscalated: boolean;
}

export interface MeasureTracking {
  measureId: string;
  code: string;
  title: string;
  kind: MeasureKind;
  status: MeasureStatus;
  themeName: string;
  manualProgress: number;
  progress: { value: number; source: ProgressSource };
  milestones: MilestoneRow[];
  indicators: IndicatorRow[];
  assessment: AssessmentRow | null;
  decisions: DecisionRow[];
  schedule: { intervalMonths: number; isPaused: boolean; isDefault: boolean };
  checkIns: CheckInRow[];
  organizations: { organizationId: string; shortName: string }[];
  can: { write: boolean; moderate: boolean };
}

/** The Umsetzung of one measure as the caller may see it; 404/403 when it is not theirs to see. */
export async function getMeasureTracking(
  tx: Tx,
  measureId: string,
  locale: Locale,
  today: string,
): Promise<MeasureTracking> {
  const { rows } = await tx.query<{
    measure_id: string;
    code: string;
    title: string;
    kind: MeasureKind;
    status: MeasureStatus;
    progress: number;
    theme_name: string;
    can_write: boolean;
    can_moderate: boolean;
  }>(
    `select m.measure_id, m.code, m.title, m.kind, m.status, m.progress,
            case when $2 = 'en' then t.name_en else t.name_de end as theme_name,
            app_private.can_write_measure(m.measure_id) as can_write,
            app_private.can_moderate_measure(m.measure_id) as can_moderate
       from public.measures m
       join public.themes t on t.theme_id = m.theme_id
      where m.measure_id = $1`,
    [measureId, locale],
  );
  const measure = rows[0];
  if (!measure) {
    await requireVisibleMeasure(tx, measureId);
    throw refused({ measureId });
  }

  const milestones = (await loadMilestones(tx, [measureId])).get(measureId) ?? [];
  const indicators = (await loadIndicators(tx, [measureId])).get(measureId) ?? [];
  const { rows: values } = await tx.query<{
    indicator_value_id: string;
    indicator_id: string;
    value: string;
    measured_date: string;
    source: string;
    entered_by: string | null;
  }>(
    `select v.indicator_value_id, v.indicator_id, v.value, to_char(v.measured_date, 'YYYY-MM-DD') as measured_date,
            v.source, p.display_name as entered_by
       from public.indicator_values v
       left join public.profiles p on p.profile_id = v.entered_by
      where v.measure_id = $1
      order by v.measured_date desc, v.created_at desc`,
    [measureId],
  );

  const { rows: assessments } = await tx.query<{
    impact: number;
    effort: number;
    time_to_result: number;
    dependencies: number;
    funding_readiness: number;
    note: string;
    assessed_by: string | null;
    created_at: Date;
  }>(
    `select a.impact, a.effort, a.time_to_result, a.dependencies, a.funding_readiness, a.note,
            p.display_name as assessed_by, a.created_at
       from public.measure_assessments a
       left join public.profiles p on p.profile_id = a.assessed_by
      where a.measure_id = $1
      order by a.created_at desc
      limit 1`,
    [measureId],
  );
  const { rows: decisions } = await tx.query<{
    kind: MeasureKind;
    suggested_kind: MeasureKind | null;
    reason: string;
    decided_by: string | null;
    created_at: Date;
  }>(
    `select d.kind, d.suggested_kind, d.reason, p.display_name as decided_by, d.created_at
       from public.classification_decisions d
       left join public.profiles p on p.profile_id = d.decided_by
      where d.measure_id = $1
      order by d.created_at desc`,
    [measureId],
  );
  const { rows: schedules } = await tx.query<{ interval_months: number; is_paused: boolean }>(
    'select interval_months, is_paused from public.check_in_schedules where measure_id = $1',
    [measureId],
  );
  const { rows: checkIns } = await tx.query<CheckInDbRow>(
    `${CHECK_IN_SELECT} where c.measure_id = $1 order by c.period desc limit 24`,
    [measureId],
  );
  const { rows: organizations } = await tx.query<{ organization_id: string; short_name: string }>(
    'select organization_id, short_name from public.organizations order by short_name',
  );

  const indicatorRows: IndicatorRow[] = indicators.map((indicator) => ({
    ...indicator,
    values: values
      .filter((value) => value.indicator_id === indicator.indicatorId)
      .map((value) => ({
        indicatorValueId: value.indicator_value_id,
        value: toNumber(value.value) ?? 0,
        measuredDate: value.measured_date,
        source: value.source,
        enteredBy: value.entered_by,
      })),
  }));

  const latestAssessment = assessments[0];
  const scores: Scores | null = latestAssessment
    ? {
        impact: latestAssessment.impact,
        effort: latestAssessment.effort,
        timeToResult: latestAssessment.time_to_result,
        dependencies: latestAssessment.dependencies,
        fundingReadiness: latestAssessment.funding_readiness,
      }
    : null;
  const suggestion = scores ? suggestKind(scores) : null;

  return {
    measureId: measure.measure_id,
    code: measure.code,
    title: measure.title,
    kind: measure.kind,
    status: measure.status,
    themeName: measure.theme_name,
    manualProgress: measure.progress,
    progress: measureProgress(measure.progress, indicatorRows),
    milestones: milestones.map((milestone) => ({
      ...milestone,
      isOverdue: milestone.doneDate === null && milestone.dueDate < today,
    })),
    indicators: indicatorRows,
    assessment:
      latestAssessment && scores && suggestion
        ? {
            ...scores,
            note: latestAssessment.note,
            assessedBy: latestAssessment.assessed_by,
            createdAt: latestAssessment.created_at.toISOString(),
            suggestion: suggestion.kind,
            quickWinScore: suggestion.quickWinScore,
          }
        : null,
    decisions: decisions.map((row) => ({
      kind: row.kind,
      suggestedKind: row.suggested_kind,
      reason: row.reason,
      decidedBy: row.decided_by,
      createdAt: row.created_at.toISOString(),
    })),
    schedule: schedules[0]
      ? {
          intervalMonths: schedules[0].interval_months,
          isPaused: schedules[0].is_paused,
          isDefault: false,
        }
      : { intervalMonths: 1, isPaused: false, isDefault: true },
    checkIns: checkIns.map(toCheckIn),
    organizations: organizations.map((row) => ({
      organizationId: row.organization_id,
      shortName: row.short_name,
    })),
    can: { write: measure.can_write, moderate: measure.can_moderate },
  };
}

interface CheckInDbRow {
  check_in_id: string;
  measure_id: string;
  period: string;
  due_date: string;
  state: 'open' | 'submitted';
  assessment: CheckInAssessment | null;
  status_note: string;
  next_milestone: string;
  blockers: string;
  submitted_by: string | null;
  submitted_at: Date | null;
  escalated_at: Date | null;
}

const CHECK_IN_SELECT = `select c.check_in_id, c.measure_id, c.period, to_char(c.due_date, 'YYYY-MM-DD') as due_date,
            c.state, c.assessment, c.status_note, c.next_milestone, c.blockers,
            sp.display_name as submitted_by, c.submitted_at, c.escalated_at
       from public.check_ins c
       left join public.profiles sp on sp.profile_id = c.submitted_by`;

const toCheckIn = (row: CheckInDbRow): CheckInRow => ({
  checkInId: row.check_in_id,
  period: row.period,
  dueDate: row.due_date,
  state: row.state,
  assessment: row.assessment,
  statusNote: row.status_note,
  nextMilestone: row.next_milestone,
  blockers: row.blockers,
  submittedBy: row.submitted_by,
  submittedAt: row.submitted_at?.toISOString() ?? null,
  isEscalated: row.escalated_at !== null,
});

/** Throws 404/403 when nothing was written because the caller may not (RLS filtered the row). */
async function requireTouched(
  tx: Tx,
  measureId: string,
  rowCount: number | null,
  context: Record<string, unknown>,
): Promise<void> {
  if (rowCount) return;
  await requireVisibleMeasure(tx, measureId);
  throw refused({ measureId, ...context });
}

export function addMilestone(db: UserDb, measureId: string, input: Milestone): Promise<void> {
  return write(db, async (tx) => {
    const { rowCount } = await tx.query(
      `insert into public.milestones (measure_id, title, due_date, done_date, responsible_organization_id)
       select $1, $2, $3, $4, $5 where app_private.can_write_measure($1)`,
      [measureId, input.title, input.dueDate, input.doneDate, input.responsibleOrganizationId],
    );
    await requireTouched(tx, measureId, rowCount, {});
  });
}

export function setMilestoneDone(
  db: UserDb,
  measureId: string,
  milestoneId: string,
  doneDate: string | null,
): Promise<void> {
  return write(db, async (tx) => {
    const { rowCount } = await tx.query(
      'update public.milestones set done_date = $3 where milestone_id = $2 and measure_id = $1',
      [measureId, milestoneId, doneDate],
    );
    await requireTouched(tx, measureId, rowCount, { milestoneId });
  });
}

export function deleteMilestone(db: UserDb, measureId: string, milestoneId: string): Promise<void> {
  return write(db, async (tx) => {
    const { rowCount } = await tx.query(
      'delete from public.milestones where milestone_id = $2 and measure_id = $1',
      [measureId, milestoneId],
    );
    await requireTouched(tx, measureId, rowCount, { milestoneId });
  });
}

export function addIndicator(db: UserDb, measureId: string, input: Indicator): Promise<void> {
  return write(db, async (tx) => {
    const { rowCount } = await tx.query(
      `insert into public.indicators (measure_id, name, unit, baseline_value, baseline_date, target_value, target_date)
       select $1, $2, $3, $4, $5, $6, $7 where app_private.can_write_measure($1)`,
      [
        measureId,
        input.name,
        input.unit,
        input.baselineValue,
        input.baselineDate,
        input.targetValue,
        input.targetDate,
      ],
    );
    await requireTouched(tx, measureId, rowCount, {});
  });
}

export function deleteIndicator(db: UserDb, measureId: string, indicatorId: string): Promise<void> {
  return write(db, async (tx) => {
    const { rowCount } = await tx.query(
      'delete from public.indicators where indicator_id = $2 and measure_id = $1',
      [measureId, indicatorId],
    );
    await requireTouched(tx, measureId, rowCount, { indicatorId });
  });
}

export function recordIndicatorValue(
  db: UserDb,
  measureId: string,
  input: IndicatorValue,
): Promise<void> {
  return write(db, async (tx) => {
    const { rowCount } = await tx.query(
      `insert into public.indicator_values (indicator_id, measure_id, value, measured_date, source)
       select $2, $1, $3, $4, $5 where app_private.can_write_measure($1)`,
      [measureId, input.indicatorId, input.value, input.measuredDate, input.source],
    );
    await requireTouched(tx, measureId, rowCount, { indicatorId: input.indicatorId });
  });
}

export function assessMeasure(db: UserDb, measureId: string, input: Assessment): Promise<void> {
  return write(db, async (tx) => {
    const { rowCount } = await tx.query(
      `insert into public.measure_assessments (measure_id, impact, effort, time_to_result, dependencies, funding_readiness, note)
       select $1, $2, $3, $4, $5, $6, $7 where app_private.can_write_measure($1)`,
      [
        measureId,
        input.impact,
        input.effort,
        input.timeToResult,
        input.dependencies,
        input.fundingReadiness,
        input.note,
      ],
    );
    await requireTouched(tx, measureId, rowCount, {});
  });
}

/** Records the moderator's decision (with the current suggestion beside it); the kind follows. */
export function decideKind(db: UserDb, measureId: string, input: Decision): Promise<void> {
  return write(db, async (tx) => {
    const { rows } = await tx.query<{
      impact: number;
      effort: number;
      time_to_result: number;
      dependencies: number;
      funding_readiness: number;
    }>(
      `select impact, effort, time_to_result, dependencies, funding_readiness
         from public.measure_assessments where measure_id = $1 order by created_at desc limit 1`,
      [measureId],
    );
    const latest = rows[0];
    const suggested = latest
      ? suggestKind({
          impact: latest.impact,
          effort: latest.effort,
          timeToResult: latest.time_to_result,
          dependencies: latest.dependencies,
          fundingReadiness: latest.funding_readiness,
        }).kind
      : null;
    const { rowCount } = await tx.query(
      `insert into public.classification_decisions (measure_id, kind, suggested_kind, reason)
       select $1, $2, $3, $4 where app_private.can_moderate_measure($1)`,
      [measureId, input.kind, suggested, input.reason],
    );
    await requireTouched(tx, measureId, rowCount, {});
  });
}

export function setSchedule(db: UserDb, measureId: string, input: Schedule): Promise<void> {
  return write(db, async (tx) => {
    const { rowCount } = await tx.query(
      `insert into public.check_in_schedules (measure_id, interval_months, is_paused)
       select $1, $2, $3 where app_private.can_moderate_measure($1)
       on conflict (measure_id) do update set interval_months = excluded.interval_months, is_paused = excluded.is_paused`,
      [measureId, input.intervalMonths, input.isPaused],
    );
    await requireTouched(tx, measureId, rowCount, {});
  });
}

export interface CheckInDetail extends CheckInRow {
  measureId: string;
  measureCode: string;
  measureTitle: string;
  canAnswer: boolean;
  indicators: { indicatorId: string; name: string; unit: string; latestValue: number | null }[];
}

/** One check-in with its measure's indicators (for the answer form); 404/403 when not visible. */
export async function getCheckIn(tx: Tx, checkInId: string): Promise<CheckInDetail> {
  const { rows } = await tx.query<
    CheckInDbRow & { code: string; title: string; can_write: boolean }
  >(
    `select c.check_in_id, c.measure_id, c.period, to_char(c.due_date, 'YYYY-MM-DD') as due_date,
            c.state, c.assessment, c.status_note, c.next_milestone, c.blockers,
            sp.display_name as submitted_by, c.submitted_at, c.escalated_at,
            m.code, m.title, app_private.can_write_measure(m.measure_id) as can_write
       from public.check_ins c
       join public.measures m on m.measure_id = c.measure_id
       left join public.profiles sp on sp.profile_id = c.submitted_by
      where c.check_in_id = $1`,
    [checkInId],
  );
  const row = rows[0];
  if (!row) {
    throw new AppError({
      status: 404,
      code: 'not_found',
      message: 'error.notFound',
      context: { checkInId },
    });
  }
  const indicators = (await loadIndicators(tx, [row.measure_id])).get(row.measure_id) ?? [];
  return {
    ...toCheckIn(row),
    measureId: row.measure_id,
    measureCode: row.code,
    measureTitle: row.title,
    canAnswer: row.can_write && row.state === 'open',
    indicators: indicators.map(({ indicatorId, name, unit, latestValue }) => ({
      indicatorId,
      name,
      unit,
      latestValue,
    })),
  };
}

/**
 * Answers a check-in once: status, next milestone, blockers, and indicator values (recorded with
 * the check-in's answer date and "Check-in <period>" as their source). All or nothing.
 */
export function answerCheckIn(
  db: UserDb,
  checkInId: string,
  answer: CheckInAnswer,
  values: CheckInValues,
  today: string,
): Promise<{ measureId: string }> {
  return write(db, async (tx) => {
    const { rows } = await tx.query<{ measure_id: string; period: string }>(
      `update public.check_ins
          set state = 'submitted', assessment = $2, status_note = $3, next_milestone = $4, blockers = $5
        where check_in_id = $1
        returning measure_id, period`,
      [checkInId, answer.assessment, answer.statusNote, answer.nextMilestone, answer.blockers],
    );
    const row = rows[0];
    if (!row) {
      const { rows: visible } = await tx.query<{ check_in_id: string }>(
        'select check_in_id from public.check_ins where check_in_id = $1',
        [checkInId],
      );
      if (visible[0]) throw refused({ checkInId });
      throw new AppError({
        status: 404,
        code: 'not_found',
        message: 'error.notFound',
        context: { checkInId },
      });
    }
    for (const entry of values) {
      await tx.query(
        `insert into public.indicator_values (indicator_id, measure_id, value, measured_date, source)
         values ($1, $2, $3, $4, $5)`,
        [entry.indicatorId, row.measure_id, entry.value, today, `Check-in ${row.period}`],
      );
    }
    return { measureId: row.measure_id };
  });
}

export interface TaskRow {
  checkInId: string;
  measureId: string;
  measureCode: string;
  measureTitle: string;
  period: string;
  dueDate: string;
  kind: 'check_in.requested' | 'check_in.escalated';
  isOpen: boolean;
  isRead: boolean;
  createdAt: string;
}

/** The caller's check-in tasks and escalations (newest first), with whether each is still open. */
export async function listMyTasks(tx: Tx): Promise<TaskRow[]> {
  const { rows } = await tx.query<{
    check_in_id: string;
    measure_id: string;
    code: string;
    title: string;
    period: string;
    due_date: string;
    kind: TaskRow['kind'];
    state: 'open' | 'submitted';
    read_at: Date | null;
    created_at: Date;
  }>(
    `select n.check_in_id, n.measure_id, m.code, m.title, c.period, to_char(c.due_date, 'YYYY-MM-DD') as due_date,
            n.kind, c.state, n.read_at, n.created_at
       from public.notifications n
       join public.check_ins c on c.check_in_id = n.check_in_id
       join public.measures m on m.measure_id = n.measure_id
      where n.recipient_id = (select auth.uid())
      order by (c.state = 'open') desc, n.created_at desc
      limit 200`,
  );
  return rows.map((row) => ({
    checkInId: row.check_in_id,
    measureId: row.measure_id,
    measureCode: row.code,
    measureTitle: row.title,
    period: row.period,
    dueDate: row.due_date,
    kind: row.kind,
    isOpen: row.state === 'open',
    isRead: row.read_at !== null,
    createdAt: row.created_at.toISOString(),
  }));
}

/** Marks the caller's notifications about this check-in as read (opening it counts as reading). */
export async function markCheckInRead(tx: Tx, checkInId: string): Promise<void> {
  await tx.query(
    `update public.notifications set read_at = now()
      where check_in_id = $1 and recipient_id = (select auth.uid()) and read_at is null`,
    [checkInId],
  );
}

/**
 * SQL expression: how many check-ins `recipient` (an SQL expression for a user id) was asked for,
 * or had escalated, that are still open. The one definition of the header's task count.
 */
export function openTasksCountSql(recipient: string): string {
  return `(select count(distinct n.check_in_id)::int
             from public.notifications n
             join public.check_ins c on c.check_in_id = n.check_in_id
            where n.recipient_id = ${recipient} and c.state = 'open')`;
}

/** How many check-ins the caller was asked for (or had escalated) that are still open. */
export async function countMyOpenTasks(tx: Tx): Promise<number> {
  const { rows } = await tx.query<{ count: number }>(
    `select ${openTasksCountSql('(select auth.uid())')} as count`,
  );
  return rows[0]?.count ?? 0;
}
