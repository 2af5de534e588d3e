import { z } from 'zod';

export const MEASURE_STATUSES = [
  'idea',
  'draft',
  'consultation',
  'agreed',
  'in_progress',
  'done',
  'discarded',
] as const;
export const MEASURE_KINDS = ['quick_win', 'flagship', 'masterplan_project', 'open'] as const;
export const HORIZONS = ['short', 'medium', 'long'] as const;
export const VISIBILITIES = ['group', 'platform', 'public'] as const;
export const ORGANIZATION_ROLES = ['lead', 'partner', 'consulted'] as const;

export type MeasureStatus = (typeof MEASURE_STATUSES)[number];
export type MeasureKind = (typeof MEASURE_KINDS)[number];
export type Horizon = (typeof HORIZONS)[number];
export type Visibility = (typeof VISIBILITIES)[number];
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number];

const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: 'measure.error.choice' });

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const emptyToNull = (value: unknown) =>
  value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value;
const uuid = (message: string) => z.uuid({ error: message });
const isoDate = z.iso.date({ error: 'measure.error.date' });
const asArray = (value: unknown) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export const BoardFilterSchema = z.object({
  status: z.preprocess(emptyToUndefined, choice(MEASURE_STATUSES).optional()),
  kind: z.preprocess(emptyToUndefined, choice(MEASURE_KINDS).optional()),
  organizationId: z.preprocess(emptyToUndefined, uuid('measure.error.choice').optional()),
  groupId: z.preprocess(emptyToUndefined, uuid('measure.error.choice').optional()),
  mine: z.preprocess((value) => value === '1' || value === 'on', z.boolean()),
  q: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim() || undefined : value),
    z.string().max(200, 'measure.error.search').optional(),
  ),
});
export type BoardFilter = z.infer<typeof BoardFilterSchema>;

/**
 * A filter from a page's URL query. An unusable one (a hand-edited URL) filters nothing rather
 * than failing the page.
 */
export function filterFromUrl<T extends BoardFilter>(schema: z.ZodType<T>, url: string | URL): T {
  const parsed = schema.safeParse(Object.fromEntries(new URL(url).searchParams));
  return parsed.success ? parsed.data : schema.parse({});
}

const TitleSchema = z
  .string({ error: 'measure.error.title' })
  .trim()
  .min(3, 'measure.error.title')
  .max(200, 'measure.error.title');
const SummarySchema = z.string().trim().max(2000, 'measure.error.summary').default('');

export const MeasureCreateSchema = z.object({
  themeId: uuid('measure.error.theme'),
  workingGroupId: z.preprocess(emptyToNull, uuid('measure.error.group').nullable()),
  title: TitleSchema,
  summary: SummarySchema,
  kind: choice(MEASURE_KINDS).default('open'),
});
export type MeasureCreate = z.infer<typeof MeasureCreateSchema>;

export const MeasureDetailsSchema = z.object({
  version: z.coerce.number().int().min(1),
  title: TitleSchema,
  summary: SummarySchema,
  kind: choice(MEASURE_KINDS),
  horizon: z.preprocess(emptyToNull, choice(HORIZONS).nullable()),
  startDate: z.preprocess(emptyToNull, isoDate.nullable()),
  dueDate: z.preprocess(emptyToNull, isoDate.nullable()),
  progress: z.coerce
    .number({ error: 'measure.error.progress' })
    .int('measure.error.progress')
    .min(0, 'measure.error.progress')
    .max(100, 'measure.error.progress'),
  newStructureJustification: z.preprocess(
    emptyToNull,
    z.string().trim().max(4000, 'measure.error.justificationLength').nullable(),
  ),
  /** JSON of the values the form was filled with, for a three-way merge on conflict. */
  original: z.string().max(20_000).optional(),
});
export type MeasureDetails = z.infer<typeof MeasureDetailsSchema>;

/** The fields a details conflict compares. */
export const DETAIL_FIELDS = [
  'title',
  'summary',
  'kind',
  'horizon',
  'startDate',
  'dueDate',
  'progress',
  'newStructureJustification',
] as const;
export type DetailField = (typeof DETAIL_FIELDS)[number];
export type DetailValues = Pick<MeasureDetails, DetailField>;

const same = (a: unknown, b: unknown) => String(a ?? '') === String(b ?? '');

/**
 * Three-way merge after a save conflict: fields only the other person changed take their value,
 * fields only you changed keep yours, fields both changed keep yours for you to decide. Nothing
 * the other person saved is reverted by saving the merged form again unless you chose so.
 */
export function mergeDetails(
  yours: DetailValues,
  original: Partial<Record<DetailField, unknown>> | null,
  theirs: DetailValues,
): { merged: DetailValues; changedByOthers: DetailField[]; clashes: DetailField[] } {
  const merged = { ...yours } as Record<DetailField, unknown>;
  const changedByOthers: DetailField[] = [];
  const clashes: DetailField[] = [];
  for (const field of DETAIL_FIELDS) {
    const base = original ? original[field] : yours[field];
    const isChangedByYou = original === null || !same(yours[field], base);
    const isChangedByThem = !same(theirs[field], base);
    if (!isChangedByThem || same(yours[field], theirs[field])) continue;
    changedByOthers.push(field);
    if (isChangedByYou) clashes.push(field);
    else merged[field] = theirs[field];
  }
  return { merged: merged as DetailValues, changedByOthers, clashes };
}

export function parseOriginal(
  json: string | undefined,
): Partial<Record<DetailField, unknown>> | null {
  if (!json) return null;
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Partial<Record<DetailField, unknown>>)
      : null;
  } catch {
    return null;
  }
}

export const StatusChangeSchema = z
  .object({
    to: choice(MEASURE_STATUSES),
    reason: z.preprocess(
      emptyToNull,
      z.string().trim().max(2000, 'measure.error.reasonRequired').nullable(),
    ),
  })
  .refine((input) => input.to !== 'discarded' || input.reason, {
    message: 'measure.error.reasonRequired',
    path: ['reason'],
  });
export type StatusChange = z.infer<typeof StatusChangeSchema>;

export const VisibilitySchema = z.object({ visibility: choice(VISIBILITIES) });

/** The organisations form sends one `role:<organizationId>` field per actor: '' (none), lead, partner or consulted. */
export const OrganizationRolesSchema = z
  .record(z.string(), z.unknown())
  .transform((fields) =>
    Object.entries(fields)
      .filter(([key, value]) => key.startsWith('role:') && value !== '')
      .map(([key, value]) => ({ organizationId: key.slice(5), role: value })),
  )
  .pipe(
    z.array(
      z.object({ organizationId: uuid('measure.error.choice'), role: choice(ORGANIZATION_ROLES) }),
    ),
  )
  .refine((roles) => roles.filter((entry) => entry.role === 'lead').length <= 1, {
    message: 'measure.error.oneLead',
    path: ['lead'],
  });
export type OrganizationRoles = z.infer<typeof OrganizationRolesSchema>;

export const NetworksSchema = z.object({
  networkIds: z.preprocess(asArray, z.array(uuid('measure.error.choice')).max(100)),
  newStructureJustification: z.preprocess(
    emptyToNull,
    z.string().trim().max(4000, 'measure.error.justificationLength').nullable(),
  ),
});
export type Networks = z.infer<typeof NetworksSchema>;

export const MeasureIdSchema = z.uuid();
