import { AppError, forbidden, notFound } from '../errors';
import { toAppError, type ConstraintMessage } from '../db/database-errors.server';
import { writeInitialDocument } from '../db/measure-documents.server';
import type { Tx } from '../db/with-user.server';
import type { Locale } from '../i18n/i18n';
import {
  MEASURE_STATUSES,
  type BoardFilter,
  type DetailField,
  type Horizon,
  type MeasureCreate,
  type MeasureDetails,
  type MeasureKind,
  type MeasureStatus,
  type Networks,
  type OrganizationRole,
  type OrganizationRoles,
  type StatusChange,
  type Visibility,
} from './measures.schema';

/** Runs queries as the signed-in user (from `requireUser`), in one transaction. */
export type UserDb = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;

const MEASURE_CONSTRAINTS: Record<string, ConstraintMessage> = {
  measures_status_transition: { status: 403, message: 'measure.error.transition' },
  measures_agreed_need_one_lead: {
    status: 400,
    message: 'measure.error.leadRequired',
    field: 'lead',
  },
  measures_agreed_need_signatures: { status: 400, message: 'measure.error.signaturesRequired' },
  measure_organizations_one_lead_idx: {
    status: 400,
    message: 'measure.error.oneLead',
    field: 'lead',
  },
  measures_new_structure_justified: {
    status: 400,
    message: 'measure.error.justificationRequired',
    field: 'newStructureJustification',
  },
  measures_dates_ordered: { status: 400, message: 'measure.error.datesOrdered', field: 'dueDate' },
  measures_discard_needs_reason: {
    status: 400,
    message: 'measure.error.reasonRequired',
    field: 'reason',
  },
};

/** Every write to measures goes through here: Postgres refusals become AppErrors with German messages. */
function write<T>(db: UserDb, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db(fn).catch((error: unknown) => toAppError(error, MEASURE_CONSTRAINTS));
}

export interface MeasureCard {
  measureId: string;
  themeId: string;
  code: string;
  title: string;
  kind: MeasureKind;
  status: MeasureStatus;
  visibility: Visibility;
  /** Names only: a board card carries what it shows (the board serialises hundreds of them). */
  groupName: string | null;
  leadShortName: string | null;
}

interface CardRow {
  measure_id: string;
  theme_id: string;
  code: string;
  title: string;
  kind: MeasureKind;
  status: MeasureStatus;
  visibility: Visibility;
  group_name: string | null;
  lead_short_name: string | null;
}

const toCard = (row: CardRow): MeasureCard => ({
  measureId: row.measure_id,
  themeId: row.theme_id,
  code: row.code,
  title: row.title,
  kind: row.kind,
  status: row.status,
  visibility: row.visibility,
  groupName: row.group_name,
  leadShortName: row.lead_short_name,
});

/**
 * Search words as a German prefix query ("Fachkraft" finds "Fachkräftesicherung"). Only letters and
 * digits pass, so no input can form tsquery syntax.
 */
export function toPrefixQuery(q: string | undefined): string | null {
  const words = q?.match(/[\p{L}\p{N}]+/gu)?.slice(0, 10) ?? [];
  return words.length > 0 ? words.map((word) => `${word}:*`).join(' & ') : null;
}

/**
 * The board: every measure the caller may see (RLS decides), filtered, in code order. Cards come
 * from table columns only. Signed-out callers get published columns only (no group).
 */
export async function listMeasures(
  tx: Tx,
  filter: BoardFilter,
  options: { isSignedIn: boolean },
): Promise<MeasureCard[]> {
  const groupColumns = options.isSignedIn ? 'g.name as group_name' : 'null::text as group_name';
  const groupJoin = options.isSignedIn
    ? 'left join public.working_groups g on g.working_group_id = m.working_group_id'
    : '';
  const conditions = ['true'];
  const values: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    conditions.push(sql.replace('$?', `$${values.length}`));
  };
  if (filter.status) add('m.status = $?', filter.status);
  if (filter.kind) add('m.kind = $?', filter.kind);
  if (filter.organizationId) {
    add(
      'exists (select 1 from public.measure_organizations f where f.measure_id = m.measure_id and f.organization_id = $?)',
      filter.organizationId,
    );
  }
  if (options.isSignedIn && filter.groupId) add('m.working_group_id = $?', filter.groupId);
  if (options.isSignedIn && filter.mine)
    conditions.push('m.working_group_id in (select app_private.my_group_ids())');
  const prefixQuery = toPrefixQuery(filter.q);
  if (prefixQuery) add("m.search_vector @@ to_tsquery('german', $?)", prefixQuery);
  const { rows } = await tx.query<CardRow>(
    `select m.measure_id, m.theme_id, m.code, m.title, m.kind, m.status, m.visibility,
            ${groupColumns}, lo.short_name as lead_short_name
       from public.measures m
       ${groupJoin}
       left join public.measure_organizations lead on lead.measure_id = m.measure_id and lead.role = 'lead'
       left join public.organizations lo on lo.organization_id = lead.organization_id
      where ${conditions.join(' and ')}
      order by m.code`,
    values,
  );
  return rows.map(toCard);
}

export interface FilterOptions {
  organizations: { organizationId: string; shortName: string }[];
  groups: { workingGroupId: string; name: string }[];
}

export async function listFilterOptions(
  tx: Tx,
  options: { isSignedIn: boolean },
): Promise<FilterOptions> {
  const { rows: organizations } = await tx.query<{ organization_id: string; short_name: string }>(
    'select organization_id, short_name from public.organizations order by short_name',
  );
  const groups = options.isSignedIn
    ? (
        await tx.query<{ working_group_id: string; name: string }>(
          'select working_group_id, name from public.working_groups order by name',
        )
      ).rows
    : [];
  return {
    organizations: organizations.map((row) => ({
      organizationId: row.organization_id,
      shortName: row.short_name,
    })),
    groups: groups.map((row) => ({ workingGroupId: row.working_group_id, name: row.name })),
  };
}

export interface MeasureOrganization {
  organizationId: string;
  shortName: string;
  name: string;
  role: OrganizationRole;
}

export interface ActivityEntry {
  activityId: number;
  action: string;
  actorName: string | null;
  createdAt: string;
  changes: Record<string, [unknown, unknown]>;
}

export interface MeasureDetail {
  measureId: string;
  code: string;
  title: string;
  summary: string;
  kind: MeasureKind;
  status: MeasureStatus;
  discardReason: string | null;
  horizon: Horizon | null;
  startDate: string | null;
  dueDate: string | null;
  progress: number;
  visibility: Visibility;
  newStructureJustification: string | null;
  contentHtml: string;
  version: number;
  updatedAt: string;
  theme: { themeId: string; code: string; name: string };
  group: { workingGroupId: string; name: string } | null;
  organizations: MeasureOrganization[];
  networks: { networkId: string; name: string }[];
  activity: ActivityEntry[];
  can: { write: boolean; moderate: boolean; transitions: MeasureStatus[] };
}

interface DetailRow {
  measure_id: string;
  code: string;
  title: string;
  summary: string;
  kind: MeasureKind;
  status: MeasureStatus;
  discard_reason: string | null;
  horizon: Horizon | null;
  start_date: string | null;
  due_date: string | null;
  progress: number;
  visibility: Visibility;
  new_structure_justification: string | null;
  content_html: string;
  version: number | null;
  updated_at: Date;
  theme_id: string;
  theme_code: string;
  theme_name: string;
  working_group_id: string | null;
  group_name: string | null;
  can_write: boolean;
  can_moderate: boolean;
  transitions: MeasureStatus[];
}

/** One measure as the caller may see it, with actors, networks, history and what the caller may do; null when invisible. */
export async function getMeasure(
  tx: Tx,
  measureId: string,
  locale: Locale,
  options: { isSignedIn: boolean },
): Promise<MeasureDetail | null> {
  const signedInColumns = `m.discard_reason, m.new_structure_justification, m.version, m.working_group_id, g.name as group_name,
            app_private.can_write_measure(m.measure_id) as can_write,
            (app_private.is_admin() or app_private.is_group_moderator(m.working_group_id)) as can_moderate,
            array(select s from unnest($3::text[]) s
                   where s <> m.status and app_private.may_change_status(m.status, s, m.working_group_id)) as transitions`;
  const anonColumns = `null::text as discard_reason, null::text as new_structure_justification, null::int as version,
            null::uuid as working_group_id, null::text as group_name, false as can_write, false as can_moderate,
            '{}'::text[] as transitions`;
  const { rows } = await tx.query<DetailRow>(
    `select m.measure_id, m.code, m.title, m.summary, m.kind, m.status, m.horizon,
            to_char(m.start_date, 'YYYY-MM-DD') as start_date, to_char(m.due_date, 'YYYY-MM-DD') as due_date,
            m.progress, m.visibility, m.content_html, m.updated_at,
            t.theme_id, t.code as theme_code, case when $2 = 'en' then t.name_en else t.name_de end as theme_name,
            ${options.isSignedIn ? signedInColumns : anonColumns}
       from public.measures m
       join public.themes t on t.theme_id = m.theme_id
       ${options.isSignedIn ? 'left join public.working_groups g on g.working_group_id = m.working_group_id' : ''}
      where m.measure_id = $1`,
    options.isSignedIn ? [measureId, locale, MEASURE_STATUSES] : [measureId, locale],
  );
  const row = rows[0];
  if (!row) return null;

  const { rows: organizations } = await tx.query<{
    organization_id: string;
    short_name: string;
    name: string;
    role: OrganizationRole;
  }>(
    `select o.organization_id, o.short_name, o.name, mo.role
       from public.measure_organizations mo
       join public.organizations o on o.organization_id = mo.organization_id
      where mo.measure_id = $1
      order by case mo.role when 'lead' then 0 when 'partner' then 1 else 2 end, o.short_name`,
    [measureId],
  );
  const { rows: networks } = await tx.query<{ network_id: string; name: string }>(
    `select n.network_id, n.name from public.measure_networks mn
       join public.networks n on n.network_id = mn.network_id
      where mn.measure_id = $1 order by n.name`,
    [measureId],
  );
  const activity = options.isSignedIn
    ? (
        await tx.query<{
          activity_id: number;
          action: string;
          actor_name: string | null;
          created_at: Date;
          changes: Record<string, [unknown, unknown]>;
        }>(
          `select a.activity_id, a.action, p.display_name as actor_name, a.created_at, a.changes
             from public.activity_log a
             left join public.profiles p on p.profile_id = a.actor_id
            where a.measure_id = $1
            order by a.activity_id desc
            limit 100`,
          [measureId],
        )
      ).rows
    : [];

  return {
    measureId: row.measure_id,
    code: row.code,
    title: row.title,
    summary: row.summary,
    kind: row.kind,
    status: row.status,
    discardReason: row.discard_reason,
    horizon: row.horizon,
    startDate: row.start_date,
    dueDate: row.due_date,
    progress: row.progress,
    visibility: row.visibility,
    newStructureJustification: row.new_structure_justification,
    contentHtml: row.content_html,
    version: row.version ?? 0,
    updatedAt: row.updated_at.toISOString(),
    theme: { themeId: row.theme_id, code: row.theme_code, name: row.theme_name },
    group:
      row.working_group_id && row.group_name
        ? { workingGroupId: row.working_group_id, name: row.group_name }
        : null,
    organizations: organizations.map((o) => ({
      organizationId: o.organization_id,
      shortName: o.short_name,
      name: o.name,
      role: o.role,
    })),
    networks: networks.map((n) => ({ networkId: n.network_id, name: n.name })),
    activity: activity.map((a) => ({
      activityId: a.activity_id,
      action: a.action,
      actorName: a.actor_name,
      createdAt: a.created_at.toISOString(),
      changes: a.changes,
    })),
    can: { write: row.can_write, moderate: row.can_moderate, transitions: row.transitions },
  };
}

/** Passes when the caller can see the measure; otherwise 404 (no such measure) or 403 (not theirs to see). */
export async function requireVisibleMeasure(tx: Tx, measureId: string): Promise<void> {
  const { rows } = await tx.query<{ is_visible: boolean; does_exist: boolean }>(
    `select exists (select 1 from public.measures where measure_id = $1) as is_visible,
            app_private.measure_exists($1) as does_exist`,
    [measureId],
  );
  if (rows[0]?.is_visible) return;
  if (rows[0]?.does_exist) throw forbidden({ measureId });
  throw notFound({ measureId });
}

export interface CreateOptions {
  themes: { themeId: string; name: string }[];
  groups: { workingGroupId: string; name: string; themeId: string }[];
  canCreateWithoutGroup: boolean;
}

/** Themes and the groups the caller may create measures in (their groups; admins: all). */
export async function listCreateOptions(tx: Tx, locale: Locale): Promise<CreateOptions> {
  const { rows: themes } = await tx.query<{ theme_id: string; name: string }>(
    `select theme_id, case when $1 = 'en' then name_en else name_de end as name from public.themes order by position`,
    [locale],
  );
  const { rows: groups } = await tx.query<{
    working_group_id: string;
    name: string;
    theme_id: string;
  }>(
    `select g.working_group_id, g.name, g.theme_id
       from public.working_groups g
      where g.status = 'active'
        and (app_private.is_admin()
             or (app_private.current_platform_role() = 'member' and g.working_group_id in (select app_private.my_group_ids())))
      order by g.name`,
  );
  const { rows: admin } = await tx.query<{ is_admin: boolean }>(
    'select app_private.is_admin() as is_admin',
  );
  return {
    themes: themes.map((t) => ({ themeId: t.theme_id, name: t.name })),
    groups: groups.map((g) => ({
      workingGroupId: g.working_group_id,
      name: g.name,
      themeId: g.theme_id,
    })),
    canCreateWithoutGroup: admin[0]?.is_admin ?? false,
  };
}

export async function createMeasure(
  db: UserDb,
  input: MeasureCreate,
): Promise<{ measureId: string; code: string }> {
  const created = await write(db, async (tx) => {
    const { rows } = await tx.query<{ measure_id: string; code: string }>(
      `insert into public.measures (theme_id, working_group_id, title, summary, kind)
       values ($1, $2, $3, $4, $5)
       returning measure_id, code`,
      [input.themeId, input.workingGroupId, input.title, input.summary, input.kind],
    );
    const row = rows[0];
    if (!row) throw new AppError({ status: 403, code: 'forbidden', message: 'error.forbidden' });
    return { measureId: row.measure_id, code: row.code };
  });
  // After the commit: the text starts from the template with the binding sections.
  await writeInitialDocument(created.measureId);
  return created;
}

export class MeasureConflict extends AppError {
  constructor(
    readonly yours: MeasureDetails,
    readonly theirs: Pick<MeasureDetail, DetailField | 'version'>,
  ) {
    super({ status: 409, code: 'measure_conflict', message: 'measure.conflict' });
  }
}

/**
 * Saves the details if nobody changed the measure since `input.version` was read. Otherwise throws
 * MeasureConflict carrying both versions; nothing is written.
 */
export async function updateMeasureDetails(
  db: UserDb,
  measureId: string,
  input: MeasureDetails,
): Promise<{ version: number }> {
  const result = await write(db, async (tx) => {
    const { rows } = await tx.query<{ version: number }>(
      `update public.measures
          set title = $3, summary = $4, kind = $5, horizon = $6, start_date = $7, due_date = $8, progress = $9,
              new_structure_justification = $10
        where measure_id = $1 and version = $2
        returning version`,
      [
        measureId,
        input.version,
        input.title,
        input.summary,
        input.kind,
        input.horizon,
        input.startDate,
        input.dueDate,
        input.progress,
        input.newStructureJustification,
      ],
    );
    if (rows[0]) return { kind: 'saved' as const, version: rows[0].version };
    const { rows: current } = await tx.query<{
      version: number;
      title: string;
      summary: string;
      kind: MeasureKind;
      horizon: Horizon | null;
      start_date: string | null;
      due_date: string | null;
      progress: number;
      new_structure_justification: string | null;
      can_write: boolean;
    }>(
      `select version, title, summary, kind, horizon, to_char(start_date, 'YYYY-MM-DD') as start_date,
              to_char(due_date, 'YYYY-MM-DD') as due_date, progress, new_structure_justification,
              app_private.can_write_measure(measure_id) as can_write
         from public.measures where measure_id = $1`,
      [measureId],
    );
    return { kind: 'missed' as const, current: current[0] };
  });
  if (result.kind === 'saved') return { version: result.version };
  const current = result.current;
  if (!current) throw notFound({ measureId });
  if (!current.can_write || current.version === input.version) {
    throw new AppError({
      status: 403,
      code: 'forbidden',
      message: 'error.forbidden',
      context: { measureId },
    });
  }
  throw new MeasureConflict(input, {
    version: current.version,
    title: current.title,
    summary: current.summary,
    kind: current.kind,
    horizon: current.horizon,
    startDate: current.start_date,
    dueDate: current.due_date,
    progress: current.progress,
    newStructureJustification: current.new_structure_justification,
  });
}

async function updateOne(tx: Tx, measureId: string, sql: string, values: unknown[]): Promise<void> {
  const { rowCount } = await tx.query(sql, [measureId, ...values]);
  if (rowCount) return;
  await requireVisibleMeasure(tx, measureId);
  throw new AppError({
    status: 403,
    code: 'forbidden',
    message: 'error.forbidden',
    context: { measureId },
  });
}

export function changeStatus(db: UserDb, measureId: string, change: StatusChange): Promise<void> {
  return write(db, (tx) =>
    updateOne(
      tx,
      measureId,
      `update public.measures set status = $2, discard_reason = case when $2 = 'discarded' then $3 else null end
        where measure_id = $1`,
      [change.to, change.reason],
    ),
  );
}

export function setVisibility(
  db: UserDb,
  measureId: string,
  visibility: Visibility,
): Promise<void> {
  return write(db, (tx) =>
    updateOne(tx, measureId, 'update public.measures set visibility = $2 where measure_id = $1', [
      visibility,
    ]),
  );
}

/** Replaces the measure's actors. Demotions run before promotions so the one-lead index never sees two. */
export function setOrganizations(
  db: UserDb,
  measureId: string,
  roles: OrganizationRoles,
): Promise<void> {
  return write(db, async (tx) => {
    await requireVisibleMeasure(tx, measureId);
    const { rows: existing } = await tx.query<{ organization_id: string; role: OrganizationRole }>(
      'select organization_id, role from public.measure_organizations where measure_id = $1',
      [measureId],
    );
    const wanted = new Map(roles.map((entry) => [entry.organizationId, entry.role]));
    const current = new Map(existing.map((row) => [row.organization_id, row.role]));
    const removed = [...current.keys()].filter((id) => !wanted.has(id));
    const demoted = [...wanted].filter(
      ([id, role]) => current.has(id) && current.get(id) !== role && role !== 'lead',
    );
    const promoted = [...wanted].filter(
      ([id, role]) => current.has(id) && current.get(id) !== role && role === 'lead',
    );
    const added = [...wanted]
      .filter(([id]) => !current.has(id))
      .sort(([, a]) => (a === 'lead' ? 1 : -1));
    const mustChange = removed.length + demoted.length + promoted.length + added.length;
    let changed = 0;
    if (removed.length > 0) {
      const { rowCount } = await tx.query(
        'delete from public.measure_organizations where measure_id = $1 and organization_id = any($2::uuid[])',
        [measureId, removed],
      );
      changed += rowCount ?? 0;
    }
    for (const [organizationId, role] of [...demoted, ...promoted]) {
      const { rowCount } = await tx.query(
        'update public.measure_organizations set role = $3 where measure_id = $1 and organization_id = $2',
        [measureId, organizationId, role],
      );
      changed += rowCount ?? 0;
    }
    for (const [organizationId, role] of added) {
      const { rowCount } = await tx.query(
        'insert into public.measure_organizations (measure_id, organization_id, role) values ($1, $2, $3)',
        [measureId, organizationId, role],
      );
      changed += rowCount ?? 0;
    }
    if (changed !== mustChange) {
      throw new AppError({
        status: 403,
        code: 'forbidden',
        message: 'error.forbidden',
        context: { measureId },
      });
    }
  });
}

export function setNetworks(db: UserDb, measureId: string, input: Networks): Promise<void> {
  return write(db, async (tx) => {
    await requireVisibleMeasure(tx, measureId);
    const { rowCount: canWrite } = await tx.query(
      'select 1 where app_private.can_write_measure($1)',
      [measureId],
    );
    if (!canWrite)
      throw new AppError({
        status: 403,
        code: 'forbidden',
        message: 'error.forbidden',
        context: { measureId },
      });
    await tx.query(
      'delete from public.measure_networks where measure_id = $1 and not (network_id = any($2::uuid[]))',
      [measureId, input.networkIds],
    );
    await tx.query(
      `insert into public.measure_networks (measure_id, network_id)
       select $1, unnest($2::uuid[]) on conflict do nothing`,
      [measureId, input.networkIds],
    );
    await tx.query(
      `update public.measures set new_structure_justification = $2
        where measure_id = $1 and new_structure_justification is distinct from $2`,
      [measureId, input.newStructureJustification],
    );
  });
}

export async function listNetworks(
  tx: Tx,
): Promise<{ networkId: string; name: string; description: string }[]> {
  const { rows } = await tx.query<{ network_id: string; name: string; description: string }>(
    'select network_id, name, description from public.networks order by name',
  );
  return rows.map((row) => ({
    networkId: row.network_id,
    name: row.name,
    description: row.description,
  }));
}

export async function listOrganizations(
  tx: Tx,
): Promise<{ organizationId: string; shortName: string; name: string }[]> {
  const { rows } = await tx.query<{ organization_id: string; short_name: string; name: string }>(
    'select organization_id, short_name, name from public.organizations order by short_name',
  );
  return rows.map((row) => ({
    organizationId: row.organization_id,
    shortName: row.short_name,
    name: row.name,
  }));
}
