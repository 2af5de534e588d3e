import { attachVersionState } from '../db/measure-documents.server';
import { AppError, notFound } from '../errors';
import { toAppError, type ConstraintMessage } from '../db/database-errors.server';
import type { Tx } from '../db/with-user.server';
import type { UserDb } from '../measures/measures.server';
import { requireVisibleMeasure } from '../measures/measures.server';
import { publishMeasureEvent } from './review-events.server';
import type { MeasureNotificationKind, MeetingNotificationKind } from './notification-kinds';
import type { NewThread, Reply } from './review.schema';

/**
 * Review and agreement: comment threads, named versions, organisation sign-off and notifications.
 * Every read and write runs as the user; the database decides (RLS and triggers in
 * 20261125150000_create_review_and_signoff.sql).
 */

const REVIEW_CONSTRAINTS: Record<string, ConstraintMessage> = {
  measure_signatures_current_text: { status: 409, message: 'review.error.signOutdated' },
  measure_versions_number_key: { status: 409, message: 'review.error.retry' },
};

function write<T>(db: UserDb, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db(fn).catch((error: unknown) => toAppError(error, REVIEW_CONSTRAINTS));
}

const refused = (context: Record<string, unknown>) =>
  new AppError({ status: 403, code: 'forbidden', message: 'review.error.forbidden', context });

// ───────────────────────────── comments ─────────────────────────────

export interface ThreadComment {
  commentId: string;
  authorName: string | null;
  authorOrganization: string | null;
  body: string;
  mentions: string[];
  createdAt: string;
}

export interface Thread {
  threadId: string;
  anchorStart: string | null;
  anchorEnd: string | null;
  quote: string;
  status: 'open' | 'resolved';
  resolvedByName: string | null;
  createdAt: string;
  comments: ThreadComment[];
}

export interface Mentionable {
  userId: string;
  name: string;
  organization: string | null;
}

export async function listThreads(tx: Tx, measureId: string): Promise<Thread[]> {
  const { rows } = await tx.query<{
    thread_id: string;
    anchor_start: Buffer | null;
    anchor_end: Buffer | null;
    quote: string;
    status: 'open' | 'resolved';
    resolved_by_name: string | null;
    created_at: Date;
    comments: {
      comment_id: string;
      author_name: string | null;
      author_organization: string | null;
      body: string;
      mentions: string[];
      created_at: string;
    }[];
  }>(
    `select t.thread_id, t.anchor_start, t.anchor_end, t.quote, t.status, r.display_name as resolved_by_name,
            t.created_at,
            coalesce((select json_agg(json_build_object(
                        'comment_id', c.comment_id, 'author_name', p.display_name,
                        'author_organization', o.short_name, 'body', c.body,
                        'mentions', (select coalesce(json_agg(mp.display_name order by mp.display_name), '[]')
                                       from public.profiles mp where mp.profile_id = any(c.mentions)),
                        'created_at', c.created_at) order by c.created_at, c.comment_id)
                        from public.comments c
                        left join public.profiles p on p.profile_id = c.author_id
                        left join public.organizations o on o.organization_id = p.organization_id
                       where c.thread_id = t.thread_id), '[]') as comments
       from public.comment_threads t
       left join public.profiles r on r.profile_id = t.resolved_by
      where t.measure_id = $1
      order by t.created_at, t.thread_id`,
    [measureId],
  );
  return rows.map((row) => ({
    threadId: row.thread_id,
    anchorStart: row.anchor_start ? row.anchor_start.toString('base64') : null,
    anchorEnd: row.anchor_end ? row.anchor_end.toString('base64') : null,
    quote: row.quote,
    status: row.status,
    resolvedByName: row.resolved_by_name,
    createdAt: row.created_at.toISOString(),
    comments: row.comments.map((comment) => ({
      commentId: comment.comment_id,
      authorName: comment.author_name,
      authorOrganization: comment.author_organization,
      body: comment.body,
      mentions: comment.mentions,
      createdAt: new Date(comment.created_at).toISOString(),
    })),
  }));
}

/** Members of the measure's Kleingruppe the caller can see: who can be mentioned. */
export async function listMentionable(tx: Tx, measureId: string): Promise<Mentionable[]> {
  const { rows } = await tx.query<{ user_id: string; name: string; organization: string | null }>(
    `select distinct p.profile_id as user_id, p.display_name as name, o.short_name as organization
       from public.measures m
       join public.working_group_members wm on wm.working_group_id = m.working_group_id
       join public.profiles p on p.profile_id = wm.user_id and p.is_active
       left join public.organizations o on o.organization_id = p.organization_id
      where m.measure_id = $1
      order by p.display_name`,
    [measureId],
  );
  return rows.map((row) => ({
    userId: row.user_id,
    name: row.name,
    organization: row.organization,
  }));
}

export async function canComment(tx: Tx, measureId: string): Promise<boolean> {
  const { rows } = await tx.query<{ ok: boolean }>(
    'select app_private.can_comment_measure($1) as ok',
    [measureId],
  );
  return rows[0]?.ok ?? false;
}

/** Only mentions of people who can be mentioned on this measure are kept; others are refused. */
async function checkMentions(tx: Tx, measureId: string, mentions: string[]): Promise<void> {
  if (mentions.length === 0) return;
  const allowed = new Set((await listMentionable(tx, measureId)).map((m) => m.userId));
  if (mentions.some((id) => !allowed.has(id))) {
    throw new AppError({
      status: 400,
      code: 'validation_failed',
      message: 'review.error.mention',
      fieldErrors: { mentions: 'review.error.mention' },
    });
  }
}

export async function createThread(
  db: UserDb,
  measureId: string,
  input: NewThread,
): Promise<string> {
  const threadId = await write(db, async (tx) => {
    await requireVisibleMeasure(tx, measureId);
    if (!(await canComment(tx, measureId))) throw refused({ measureId });
    await checkMentions(tx, measureId, input.mentions);
    const { rows } = await tx.query<{ thread_id: string }>(
      `insert into public.comment_threads (measure_id, anchor_start, anchor_end, quote)
       values ($1, decode($2, 'base64'), decode($3, 'base64'), $4) returning thread_id`,
      [measureId, input.anchorStart ?? null, input.anchorEnd ?? null, input.quote],
    );
    const id = rows[0]!.thread_id;
    await tx.query(
      'insert into public.comments (thread_id, measure_id, body, mentions) values ($1, $2, $3, $4)',
      [id, measureId, input.body, input.mentions],
    );
    return id;
  });
  publishMeasureEvent(measureId, 'comments');
  return threadId;
}

export async function replyToThread(db: UserDb, measureId: string, input: Reply): Promise<void> {
  await write(db, async (tx) => {
    await requireVisibleMeasure(tx, measureId);
    const { rows } = await tx.query<{ thread_id: string }>(
      'select thread_id from public.comment_threads where thread_id = $1 and measure_id = $2',
      [input.threadId, measureId],
    );
    if (!rows[0]) throw notFound({ threadId: input.threadId });
    if (!(await canComment(tx, measureId))) throw refused({ measureId });
    await checkMentions(tx, measureId, input.mentions);
    await tx.query(
      'insert into public.comments (thread_id, measure_id, body, mentions) values ($1, $2, $3, $4)',
      [input.threadId, measureId, input.body, input.mentions],
    );
  });
  publishMeasureEvent(measureId, 'comments');
}

export async function setThreadStatus(
  db: UserDb,
  measureId: string,
  threadId: string,
  status: 'open' | 'resolved',
): Promise<void> {
  await write(db, async (tx) => {
    await requireVisibleMeasure(tx, measureId);
    const { rowCount } = await tx.query(
      'update public.comment_threads set status = $3 where thread_id = $1 and measure_id = $2',
      [threadId, measureId, status],
    );
    if (!rowCount) throw refused({ threadId });
  });
  publishMeasureEvent(measureId, 'comments');
}

// ───────────────────────────── versions ─────────────────────────────

export interface VersionMetadata {
  title: string;
  summary: string;
  kind: string;
  status: string;
  horizon: string | null;
  startDate: string | null;
  dueDate: string | null;
  progress: number;
  visibility: string;
  organizations: { shortName: string; role: string }[];
  networks: string[];
}

export interface VersionSummary {
  versionId: string;
  number: number;
  name: string;
  kind: 'manual' | 'status' | 'signature';
  createdByName: string | null;
  createdAt: string;
}

export interface Version extends VersionSummary {
  measureId: string;
  contentHtml: string;
  contentText: string;
  bindingHash: string;
  metadata: VersionMetadata;
}

const VERSION_COLUMNS = `v.version_id, v.measure_id, v.number, v.name, v.kind, p.display_name as created_by_name,
  v.created_at`;

interface VersionRow {
  version_id: string;
  measure_id: string;
  number: number;
  name: string;
  kind: VersionSummary['kind'];
  created_by_name: string | null;
  created_at: Date;
}

const toSummary = (row: VersionRow): VersionSummary => ({
  versionId: row.version_id,
  number: row.number,
  name: row.name,
  kind: row.kind,
  createdByName: row.created_by_name,
  createdAt: row.created_at.toISOString(),
});

export async function listVersions(tx: Tx, measureId: string): Promise<VersionSummary[]> {
  const { rows } = await tx.query<VersionRow>(
    `select ${VERSION_COLUMNS} from public.measure_versions v
       left join public.profiles p on p.profile_id = v.created_by
      where v.measure_id = $1 order by v.number desc`,
    [measureId],
  );
  return rows.map(toSummary);
}

export async function getVersion(tx: Tx, measureId: string, versionId: string): Promise<Version> {
  const { rows } = await tx.query<
    VersionRow & {
      content_html: string;
      content_text: string;
      binding_hash: string;
      metadata: VersionMetadata;
    }
  >(
    `select ${VERSION_COLUMNS}, v.content_html, v.content_text, v.binding_hash, v.metadata
       from public.measure_versions v
       left join public.profiles p on p.profile_id = v.created_by
      where v.measure_id = $1 and v.version_id = $2`,
    [measureId, versionId],
  );
  const row = rows[0];
  if (!row) {
    await requireVisibleMeasure(tx, measureId);
    throw notFound({ versionId });
  }
  return {
    ...toSummary(row),
    measureId: row.measure_id,
    contentHtml: row.content_html,
    contentText: row.content_text,
    bindingHash: row.binding_hash,
    metadata: row.metadata,
  };
}

/** Saves the measure as it is now (its last saved text and key data) under a name. */
export async function saveVersion(db: UserDb, measureId: string, name: string): Promise<string> {
  const versionId = await write(db, async (tx) => {
    await requireVisibleMeasure(tx, measureId);
    const { rows } = await tx
      .query<{ version_id: string }>(
        "insert into public.measure_versions (measure_id, name, kind) values ($1, $2, 'manual') returning version_id",
        [measureId, name],
      )
      .catch((error: unknown) => {
        // RLS refuses a reader's insert with 42501.
        if ((error as { code?: string }).code === '42501') throw refused({ measureId });
        throw error;
      });
    return rows[0]!.version_id;
  });
  await attachVersionState(versionId, measureId);
  return versionId;
}

/** Metadata fields that differ between two versions, with both values, for the comparison. */
export function metadataChanges(
  before: VersionMetadata,
  after: VersionMetadata,
): { field: keyof VersionMetadata; before: string; after: string }[] {
  const show = (value: unknown): string =>
    Array.isArray(value)
      ? value
          .map((item) =>
            typeof item === 'string'
              ? item
              : `${(item as { shortName: string }).shortName} (${(item as { role: string }).role})`,
          )
          .join(', ')
      : value === null || value === undefined
        ? ''
        : String(value);
  const fields: (keyof VersionMetadata)[] = [
    'title',
    'summary',
    'kind',
    'status',
    'horizon',
    'startDate',
    'dueDate',
    'progress',
    'visibility',
    'organizations',
    'networks',
  ];
  return fields
    .map((field) => ({ field, before: show(before[field]), after: show(after[field]) }))
    .filter((change) => change.before !== change.after);
}

// ───────────────────────────── sign-off ─────────────────────────────

export type SignatureState = 'valid' | 'stale' | 'missing';

export interface SignoffEntry {
  organizationId: string;
  shortName: string;
  name: string;
  role: 'lead' | 'partner';
  state: SignatureState;
  signedByName: string | null;
  signedAt: string | null;
  versionNumber: number | null;
  /** The caller has the signing right for this organisation. */
  canSign: boolean;
}

export async function listSignoff(tx: Tx, measureId: string): Promise<SignoffEntry[]> {
  const { rows } = await tx.query<{
    organization_id: string;
    short_name: string;
    name: string;
    role: 'lead' | 'partner';
    state: SignatureState;
    signed_by_name: string | null;
    signed_at: Date | null;
    version_number: number | null;
    can_sign: boolean;
  }>(
    `select mo.organization_id, o.short_name, o.name, mo.role,
            case when s.measure_id is null then 'missing'
                 when s.binding_hash = b.binding_hash then 'valid' else 'stale' end as state,
            p.display_name as signed_by_name, s.signed_at, v.number as version_number,
            app_private.can_sign_for(mo.measure_id, mo.organization_id) as can_sign
       from public.measure_organizations mo
       join public.organizations o on o.organization_id = mo.organization_id
       left join public.measure_binding_state b on b.measure_id = mo.measure_id
       left join public.measure_signatures s on s.measure_id = mo.measure_id and s.organization_id = mo.organization_id
       left join public.measure_versions v on v.version_id = s.version_id
       left join public.profiles p on p.profile_id = s.signed_by
      where mo.measure_id = $1 and mo.role in ('lead', 'partner')
      order by mo.role, o.short_name`,
    [measureId],
  );
  return rows.map((row) => ({
    organizationId: row.organization_id,
    shortName: row.short_name,
    name: row.name,
    role: row.role,
    state: row.state,
    signedByName: row.signed_by_name,
    signedAt: row.signed_at?.toISOString() ?? null,
    versionNumber: row.version_number,
    canSign: row.can_sign,
  }));
}

/**
 * Signs the measure's current text for the organisation: the newest version whose binding sections
 * equal the current ones, or a new "Zur Mitzeichnung" version. The database checks the signing right.
 */
export async function signMeasure(
  db: UserDb,
  measureId: string,
  organizationId: string,
  versionName: string,
): Promise<void> {
  await write(db, async (tx) => {
    await requireVisibleMeasure(tx, measureId);
    const { rows: allowed } = await tx.query<{ ok: boolean }>(
      'select app_private.can_sign_for($1, $2) as ok',
      [measureId, organizationId],
    );
    if (!allowed[0]?.ok) throw refused({ measureId, organizationId });
    const { rows: current } = await tx.query<{ version_id: string }>(
      `select v.version_id from public.measure_versions v
         join public.measure_binding_state b on b.measure_id = v.measure_id and b.binding_hash = v.binding_hash
         join public.measures m on m.measure_id = v.measure_id and m.content_html = v.content_html
        where v.measure_id = $1 order by v.number desc limit 1`,
      [measureId],
    );
    const versionId =
      current[0]?.version_id ??
      (
        await tx.query<{ version_id: string }>(
          "insert into public.measure_versions (measure_id, name, kind) values ($1, $2, 'signature') returning version_id",
          [measureId, versionName],
        )
      ).rows[0]!.version_id;
    await tx.query(
      `insert into public.measure_signatures (measure_id, organization_id, version_id, binding_hash)
       values ($1, $2, $3, '')
       on conflict (measure_id, organization_id) do update set version_id = excluded.version_id`,
      [measureId, organizationId, versionId],
    );
  });
  publishMeasureEvent(measureId, 'signoff');
}

export interface SignoffBoardRow {
  measureId: string;
  code: string;
  title: string;
  status: string;
  themeId: string;
  entries: { shortName: string; role: 'lead' | 'partner'; state: SignatureState }[];
}

/** Every measure the caller can see that has a lead or partner, with each organisation's signature state. */
export async function listSignoffBoard(tx: Tx): Promise<SignoffBoardRow[]> {
  const { rows } = await tx.query<{
    measure_id: string;
    code: string;
    title: string;
    status: string;
    theme_id: string;
    entries: SignoffBoardRow['entries'];
  }>(
    `select m.measure_id, m.code, m.title, m.status, m.theme_id,
            json_agg(json_build_object(
              'shortName', o.short_name, 'role', mo.role,
              'state', case when s.measure_id is null then 'missing'
                            when s.binding_hash = b.binding_hash then 'valid' else 'stale' end)
              order by mo.role, o.short_name) as entries
       from public.measures m
       join public.measure_organizations mo on mo.measure_id = m.measure_id and mo.role in ('lead', 'partner')
       join public.organizations o on o.organization_id = mo.organization_id
       left join public.measure_binding_state b on b.measure_id = m.measure_id
       left join public.measure_signatures s on s.measure_id = m.measure_id and s.organization_id = mo.organization_id
      where m.status <> 'discarded'
      group by m.measure_id
      order by m.code`,
  );
  return rows.map((row) => ({
    measureId: row.measure_id,
    code: row.code,
    title: row.title,
    status: row.status,
    themeId: row.theme_id,
    entries: row.entries,
  }));
}

// ───────────────────────────── notifications ─────────────────────────────

export interface Notification {
  notificationId: number;
  kind: MeasureNotificationKind | MeetingNotificationKind;
  measureId: string | null;
  measureCode: string | null;
  measureTitle: string | null;
  /** Meeting notifications: the meeting (gone once cancelled), its title and start when written. */
  meetingId: string | null;
  meetingTitle: string | null;
  meetingStartsAt: string | null;
  actorName: string | null;
  createdAt: string;
  isRead: boolean;
}

export async function listNotifications(tx: Tx): Promise<Notification[]> {
  const { rows } = await tx.query<{
    notification_id: string;
    kind: Notification['kind'];
    measure_id: string | null;
    code: string | null;
    title: string | null;
    meeting_id: string | null;
    meeting_title: string | null;
    meeting_starts_at: Date | null;
    actor_name: string | null;
    created_at: Date;
    read_at: Date | null;
  }>(
    `select n.notification_id, n.kind, n.measure_id, m.code, m.title, n.meeting_id, n.meeting_title,
            n.meeting_starts_at, a.display_name as actor_name, n.created_at, n.read_at
       from public.review_notifications n
       left join public.measures m on m.measure_id = n.measure_id
       left join public.profiles a on a.profile_id = n.actor_id
      order by n.notification_id desc
      limit 200`,
  );
  return rows.map((row) => ({
    notificationId: Number(row.notification_id),
    kind: row.kind,
    measureId: row.measure_id,
    measureCode: row.code,
    measureTitle: row.title,
    meetingId: row.meeting_id,
    meetingTitle: row.meeting_title,
    meetingStartsAt: row.meeting_starts_at?.toISOString() ?? null,
    actorName: row.actor_name,
    createdAt: row.created_at.toISOString(),
    isRead: row.read_at !== null,
  }));
}

export async function markNotificationsRead(db: UserDb): Promise<void> {
  await db((tx) =>
    tx.query('update public.review_notifications set read_at = now() where read_at is null'),
  );
}
