import { z } from 'zod';
import { BoardFilterSchema, MEASURE_KINDS } from '../measures/measures.schema';

export const CHECK_IN_ASSESSMENTS = ['on_track', 'at_risk', 'blocked'] as const;
export type CheckInAssessment = (typeof CHECK_IN_ASSESSMENTS)[number];

const emptyToNull = (value: unknown) =>
  value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value;
const isoDate = (message: 'tracking.error.date' | 'tracking.error.dueDate') =>
  z.iso.date({ error: message });
/** A decimal as people type it: "1.250,5" or "1250.5" → 1250.5. */
const decimal = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim().replace(/\s/g, '');
    if (trimmed === '') return null;
    const normalised = trimmed.includes(',')
      ? trimmed.replace(/\./g, '').replace(',', '.')
      : trimmed;
    return Number(normalised);
  },
  z
    .number({ error: 'tracking.error.number' })
    .finite('tracking.error.number')
    .gte(-1e12, 'tracking.error.number')
    .lte(1e12, 'tracking.error.number')
    .nullable(),
);
const uuid = z.uuid({ error: 'tracking.error.choice' });

export const MilestoneSchema = z.object({
  title: z
    .string({ error: 'tracking.error.milestoneTitle' })
    .trim()
    .min(3, 'tracking.error.milestoneTitle')
    .max(200, 'tracking.error.milestoneTitle'),
  dueDate: isoDate('tracking.error.dueDate'),
  doneDate: z.preprocess(emptyToNull, isoDate('tracking.error.date').nullable()),
  responsibleOrganizationId: z.preprocess(emptyToNull, uuid.nullable()),
});
export type Milestone = z.infer<typeof MilestoneSchema>;

export const MilestoneDoneSchema = z.object({
  milestoneId: uuid,
  doneDate: z.preprocess(emptyToNull, isoDate('tracking.error.date').nullable()),
});

export const IndicatorSchema = z
  .object({
    name: z
      .string({ error: 'tracking.error.indicatorName' })
      .trim()
      .min(2, 'tracking.error.indicatorName')
      .max(200, 'tracking.error.indicatorName'),
    unit: z.string().trim().max(40, 'tracking.error.unit').default(''),
    baselineValue: decimal,
    baselineDate: z.preprocess(emptyToNull, isoDate('tracking.error.date').nullable()),
    targetValue: decimal,
    targetDate: z.preprocess(emptyToNull, isoDate('tracking.error.date').nullable()),
  })
  .refine(
    (input) =>
      input.baselineValue === null ||
      input.targetValue === null ||
      input.baselineValue !== input.targetValue,
    { message: 'tracking.error.targetDiffers', path: ['targetValue'] },
  )
  .refine(
    (input) => !input.baselineDate || !input.targetDate || input.targetDate >= input.baselineDate,
    { message: 'tracking.error.targetDate', path: ['targetDate'] },
  );
export type Indicator = z.infer<typeof IndicatorSchema>;

export const IndicatorValueSchema = z.object({
  indicatorId: uuid,
  value: decimal.refine((value) => value !== null, 'tracking.error.number'),
  measuredDate: isoDate('tracking.error.date'),
  source: z.string().trim().max(300, 'tracking.error.source').default(''),
});
export type IndicatorValue = z.infer<typeof IndicatorValueSchema>;

const score = z.coerce
  .number({ error: 'tracking.error.score' })
  .int('tracking.error.score')
  .min(1, 'tracking.error.score')
  .max(5, 'tracking.error.score');

export const AssessmentSchema = z.object({
  impact: score,
  effort: score,
  timeToResult: score,
  dependencies: score,
  fundingReadiness: score,
  note: z.string().trim().max(2000, 'tracking.error.note').default(''),
});
export type Assessment = z.infer<typeof AssessmentSchema>;

export const DecisionSchema = z.object({
  kind: z.enum(MEASURE_KINDS, { error: 'tracking.error.choice' }),
  reason: z
    .string({ error: 'tracking.error.reason' })
    .trim()
    .min(10, 'tracking.error.reason')
    .max(2000, 'tracking.error.reason'),
});
export type Decision = z.infer<typeof DecisionSchema>;

export const ScheduleSchema = z.object({
  intervalMonths: z.coerce
    .number({ error: 'tracking.error.interval' })
    .int('tracking.error.interval')
    .min(1, 'tracking.error.interval')
    .max(12, 'tracking.error.interval'),
  isPaused: z.preprocess((value) => value === '1' || value === 'on', z.boolean()),
});
export type Schedule = z.infer<typeof ScheduleSchema>;

export const CheckInAnswerSchema = z.object({
  assessment: z.enum(CHECK_IN_ASSESSMENTS, { error: 'tracking.error.assessment' }),
  statusNote: z.string().trim().max(4000, 'tracking.error.note').default(''),
  nextMilestone: z.string().trim().max(500, 'tracking.error.note').default(''),
  blockers: z.string().trim().max(4000, 'tracking.error.note').default(''),
});
export type CheckInAnswer = z.infer<typeof CheckInAnswerSchema>;

export const IdSchema = z.uuid();

/** The check-in form sends one `value:<indicatorId>` field per indicator; empty ones are skipped. */
export const CheckInValuesSchema = z
  .record(z.string(), z.unknown())
  .transform((fields) =>
    Object.entries(fields)
      .filter(([key, value]) => key.startsWith('value:') && String(value).trim() !== '')
      .map(([key, value]) => ({ indicatorId: key.slice(6), value })),
  )
  .pipe(
    z
      .array(
        z.object({
          indicatorId: uuid,
          value: decimal.refine((value) => value !== null, 'tracking.error.number'),
        }),
      )
      .max(100),
  );
export type CheckInValues = z.infer<typeof CheckInValuesSchema>;

/** The board's filter plus a Themenfeld (by slug): the dashboard and the list exports use it. */
export const DashboardFilterSchema = BoardFilterSchema.extend({
  theme: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .regex(/^[a-z0-9-]{1,40}$/, 'tracking.error.choice')
      .optional(),
  ),
});
export type DashboardFilter = z.infer<typeof DashboardFilterSchema>;
