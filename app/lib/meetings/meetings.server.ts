import {
  recheckCollabDocument,
  settleCollabDocument,
} from '~/server/collab/documents-control.server';
import { measureDocumentName, minutesDocumentName } from '../collab/protocol';
import { toAppError, type ConstraintMessage } from '../db/database-errors.server';
import type { Tx } from '../db/with-user.server';
import { forbidden, notFound } from '../errors';
import type { UserDb } from '../measures/measures.server';
import {
  MeetingIdSchema,
  type Decision,
  type DecisionOutcome,
  type MeasureDecision,
  type MeetingAction,
  type MeetingForm,
  type MinutesStatus,
} from './meetings.schema';

const MEETING_CONSTRAINTS: Record<string, ConstraintMessage> = {
  meetings_times_ordered: {
    status: 400,
    message: 'meetings.error.endsBeforeStart',
    field: 'endsAt',
  },
  meetings_minutes_locked: { status: 409, message: 'meetings.error.minutesLocked' },
  meetings_minutes_amend: { status: 403, message: 'meetings.error.minutesClosed' },
  meetings_minutes_transition: { status: 409, message: 'meetings.error.transition' },
  meeting_invitees_group_members: {
    status: 400,
    message: 'meetings.error.invitee',
    field: 'invitees',
  },
  meeting_decisions_minutes_locked: { status: 409, message: 'meetings.error.minutesLocked' },
};

/** Every write goes through here: Postgres refusals become AppErrors with German messages. */
function write<T>(db: UserDb, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db(fn).catch((error: unknown) => toAppError(error, MEETING_CONSTRAINTS));
}

/** The `:meetingId` of a URL; anything that is not an id is a missing page (404). */
export function parseMeetingId(raw: string | undefined): string {
  const parsed = MeetingIdSchema.safeParse(raw);
  if (!parsed.success) throw notFound({ meetingId: raw });
  return parsed.data;
}

/**
 * A meeting the caller cannot read: RLS hides it, so "not yours" and "not there" look the same
 * (404) and whether a meeting of another group exists is not revealed.
 */
/** An update that touched no row: 403 when the caller can see the meeting, else 404. */
async function refuseUnchanged(tx: Tx, meetingId: string): Promise<never> {
  const { rowCount } = await tx.query('select 1 from public.meetings where meeting_id = $1', [
    meetingId,
  ]);
  if (rowCount) throw forbidden({ meetingId });
  return refuseMissing(meetingId);
}

function refuseMissing(meetingId: string): never {
  throw notFound({ meetingId });
}

export interface PersonRef {
  userId: string;
  displayName: string;
  organizationShortName: string | null;
}

export interface MeetingSummary {
  meetingId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  location: string;
  workingGroupId: string | null;
  groupName: string | null;
  minutesStatus: MinutesStatus;
  /** The caller is on the invitation list. */
  isInvited: boolean;
}

interface SummaryRow {
  meeting_id: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  location: string;
  working_group_id: string | null;
  group_name: string | null;
  minutes_status: MinutesStatus;
  is_invited: boolean;
}

const SUMMARY_COLUMNS = `m.meeting_id, m.title, m.starts_at, m.ends_at, m.location, m.working_group_id,
  g.name as group_name, m.minutes_status,
  exists (select 1 from public.meeting_invitees i
           where i.meeting_id = m.meeting_id and i.user_id = (select auth.uid())) as is_invited`;

const toSummary = (row: SummaryRow): MeetingSummary => ({
  meetingId: row.meeting_id,
  title: row.title,
  startsAt: row.starts_at.toISOString(),
  endsAt: row.ends_at.toISOString(),
  location: row.location,
  workingGroupId: row.working_group_id,
  groupName: row.group_name,
  minutesStatus: row.minutes_status,
  isInvited: row.is_invited,
});

/** Meetings of one group (or plenary events for `null`) the caller may see, oldest first. */
export async function listGroupMeetings(tx: Tx, groupId: string | null): Promise<MeetingSummary[]> {
  const { rows } = await tx.query<SummaryRow>(
    `select ${SUMMARY_COLUMNS}
       from public.meetings m left join public.working_groups g on g.working_group_id = m.working_group_id
      where m.working_group_id is not distinct from $1
      order by m.starts_at, m.title`,
    [groupId],
  );
  return rows.map(toSummary);
}

/** Every meeting the caller may see (groups, invitations, plenary events), by start. */
export async function listVisibleMeetings(tx: Tx): Promise<MeetingSummary[]> {
  const { rows } = await tx.query<SummaryRow>(
    `select ${SUMMARY_COLUMNS}
       from public.meetings m left join public.working_groups g on g.working_group_id = m.working_group_id
      order by m.starts_at, m.title`,
  );
  return rows.map(toSummary);
}

export interface AgendaEntry {
  agendaItemId: string;
  position: number;
  title: string;
  durationMinutes: number;
  /** Start of the item, from the meeting's start plus the durations before it. */
  startsAt: string;
  measures: { measureId: string; code: string; title: string }[];
}

export interface Invitee extends PersonRef {
  attended: boolean;
}

export interface AttachmentSummary {
  attachmentId: string;
  fileName: string;
  mediaType: string;
  byteSize: number;
  uploadedByName: string | null;
  createdAt: string;
  canDelete: boolean;
}

export interface DecisionEntry {
  decisionId: string;
  meetingId: string;
  meetingTitle: string;
  meetingStartsAt: string;
  measureId: string;
  measureCode: string;
  measureTitle: string;
  outcome: DecisionOutcome;
  summary: string;
  passage: string;
  /** The settled passage in the measure's live text (base64 Yjs relative positions), if anchored. */
  anchorStart: string | null;
  anchorEnd: string | null;
  versionId: string;
  versionNumber: number;
  versionName: string;
  recordedByName: string | null;
  recordedAt: string;
}

export interface MeetingDetail extends MeetingSummary {
  description: string;
  videoUrl: string | null;
  approvalDays: number;
  approvalEndsAt: string | null;
  minutesApprovedAt: string | null;
  minutesText: string;
  /** The co-edited minutes as server-sanitised HTML (rendered by the collab server). */
  minutesHtml: string;
  sequence: number;
  createdAt: string;
  updatedAt: string;
  agenda: AgendaEntry[];
  invitees: Invitee[];
  attachments: AttachmentSummary[];
  decisions: DecisionEntry[];
  can: { manage: boolean; amendMinutes: boolean; attach: boolean };
}

const DECISION_SELECT = `
  select d.decision_id, d.meeting_id, mt.title as meeting_title, mt.starts_at as meeting_starts_at,
         d.measure_id, ms.code as measure_code, ms.title as measure_title, d.outcome, d.summary, d.passage,
         d.anchor_start, d.anchor_end, d.version_id, v.number as version_number, v.name as version_name,
         p.display_name as recorded_by_name, d.recorded_at
    from public.meeting_decisions d
    join public.meetings mt on mt.meeting_id = d.meeting_id
    join public.measures ms on ms.measure_id = d.measure_id
    join public.measure_versions v on v.version_id = d.version_id
    left join public.profiles p on p.profile_id = d.recorded_by`;

interface DecisionRow {
  decision_id: string;
  meeting_id: string;
  meeting_title: string;
  meeting_starts_at: Date;
  measure_id: string;
  measure_code: string;
  measure_title: string;
  outcome: DecisionOutcome;
  summary: string;
  passage: string;
  anchor_start: Buffer | null;
  anchor_end: Buffer | null;
  version_id: string;
  version_number: number;
  version_name: string;
  recorded_by_name: string | null;
  recorded_at: Date;
}

const toDecision = (row: DecisionRow): DecisionEntry => ({
  decisionId: row.decision_id,
  meetingId: row.meeting_id,
  meetingTitle: row.meeting_title,
  meetingStartsAt: row.meeting_starts_at.toISOString(),
  measureId: row.measure_id,
  measureCode: row.measure_code,
  measureTitle: row.measure_title,
  outcome: row.outcome,
  summary: row.summary,
  passage: row.passage,
  anchorStart: row.anchor_start?.toString('base64') ?? null,
  anchorEnd: row.anchor_end?.toString('base64') ?? null,
  versionId: row.version_id,
  versionNumber: row.version_number,
  versionName: row.version_name,
  recordedByName: row.recorded_by_name,
  recordedAt: row.recorded_at.toISOString(),
});

/**
 * The decisions on a measure the caller may see (readers of both the meeting and the measure),
 * newest first, each with its meeting and the version stored when it was recorded.
 */
export async function listMeasureDecisions(tx: Tx, measureId: string): Promise<DecisionEntry[]> {
  const { rows } = await tx.query<DecisionRow>(
    `${DECISION_SELECT} where d.measure_id = $1 order by d.recorded_at desc, d.decision_id`,
    [measureId],
  );
  return rows.map(toDecision);
}

/** The meeting page's data as the caller may see it; 404/403 otherwise. */
export async function getMeeting(tx: Tx, meetingId: string): Promise<MeetingDetail> {
  const { rows } = await tx.query<
    SummaryRow & {
      description: string;
      video_url: string | null;
      approval_days: number;
      approval_ends_at: Date | null;
      minutes_approved_at: Date | null;
      minutes_text: string;
      minutes_html: string;
      sequence: number;
      created_at: Date;
      updated_at: Date;
      can_manage: boolean;
      can_amend: boolean;
    }
  >(
    `select ${SUMMARY_COLUMNS}, m.description, m.video_url, m.approval_days, m.approval_ends_at,
            m.minutes_approved_at, m.minutes_text, m.minutes_html, m.sequence, m.created_at, m.updated_at,
            app_private.can_manage_meeting_group(m.working_group_id) as can_manage,
            app_private.can_amend_minutes(m.meeting_id) as can_amend
       from public.meetings m left join public.working_groups g on g.working_group_id = m.working_group_id
      where m.meeting_id = $1`,
    [meetingId],
  );
  const row = rows[0];
  if (!row) return refuseMissing(meetingId);

  const { rows: agendaRows } = await tx.query<{
    agenda_item_id: string;
    position: number;
    title: string;
    duration_minutes: number;
    measures: { measureId: string; code: string; title: string }[];
  }>(
    `select a.agenda_item_id, a.position, a.title, a.duration_minutes,
            coalesce((select jsonb_agg(jsonb_build_object('measureId', ms.measure_id, 'code', ms.code, 'title', ms.title)
                                       order by ms.code)
                        from public.meeting_agenda_measures am
                        join public.measures ms on ms.measure_id = am.measure_id
                       where am.agenda_item_id = a.agenda_item_id), '[]') as measures
       from public.meeting_agenda_items a
      where a.meeting_id = $1 order by a.position`,
    [meetingId],
  );
  let offset = 0;
  const agenda = agendaRows.map((item) => {
    const startsAt = new Date(row.starts_at.getTime() + offset * 60_000).toISOString();
    offset += item.duration_minutes;
    return {
      agendaItemId: item.agenda_item_id,
      position: item.position,
      title: item.title,
      durationMinutes: item.duration_minutes,
      startsAt,
      measures: item.measures,
    };
  });

  const { rows: inviteeRows } = await tx.query<{
    user_id: string;
    display_name: string;
    short_name: string | null;
    attended: boolean;
  }>(
    `select i.user_id, p.display_name, o.short_name, i.attended
       from public.meeting_invitees i
       join public.profiles p on p.profile_id = i.user_id
       left join public.organizations o on o.organization_id = p.organization_id
      where i.meeting_id = $1 order by p.display_name`,
    [meetingId],
  );

  const { rows: attachmentRows } = await tx.query<{
    attachment_id: string;
    file_name: string;
    media_type: string;
    byte_size: number;
    uploaded_by_name: string | null;
    created_at: Date;
    is_mine: boolean;
  }>(
    `select a.attachment_id, a.file_name, a.media_type, a.byte_size, p.display_name as uploaded_by_name,
            a.created_at, a.uploaded_by = (select auth.uid()) as is_mine
       from public.meeting_attachments a left join public.profiles p on p.profile_id = a.uploaded_by
      where a.meeting_id = $1 order by a.created_at, a.file_name`,
    [meetingId],
  );

  const { rows: decisionRows } = await tx.query<DecisionRow>(
    `${DECISION_SELECT} where d.meeting_id = $1 order by d.recorded_at, d.decision_id`,
    [meetingId],
  );

  return {
    ...toSummary(row),
    description: row.description,
    videoUrl: row.video_url,
    approvalDays: row.approval_days,
    approvalEndsAt: row.approval_ends_at?.toISOString() ?? null,
    minutesApprovedAt: row.minutes_approved_at?.toISOString() ?? null,
    minutesText: row.minutes_text,
    minutesHtml: row.minutes_html,
    sequence: row.sequence,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    agenda,
    invitees: inviteeRows.map((invitee) => ({
      userId: invitee.user_id,
      displayName: invitee.display_name,
      organizationShortName: invitee.short_name,
      attended: invitee.attended,
    })),
    attachments: attachmentRows.map((attachment) => ({
      attachmentId: attachment.attachment_id,
      fileName: attachment.file_name,
      mediaType: attachment.media_type,
      byteSize: attachment.byte_size,
      uploadedByName: attachment.uploaded_by_name,
      createdAt: attachment.created_at.toISOString(),
      canDelete: row.can_manage || attachment.is_mine,
    })),
    decisions: decisionRows.map(toDecision),
    can: {
      manage: row.can_manage,
      amendMinutes: row.can_amend,
      attach: row.can_manage || row.can_amend,
    },
  };
}

export interface MeetingFormOptions {
  groupId: string | null;
  groupName: string | null;
  /** Who may be invited: the group's members, or every active account for plenary events. */
  people: PersonRef[];
  /** Measures the caller can read, for agenda links (the group's first). */
  measures: { measureId: string; code: string; title: string }[];
  canManage: boolean;
}

/** What the create/edit form offers; 404 for an unknown group. */
export async function loadMeetingFormOptions(
  tx: Tx,
  groupId: string | null,
): Promise<MeetingFormOptions> {
  let groupName: string | null = null;
  if (groupId) {
    const { rows } = await tx.query<{ name: string }>(
      'select name from public.working_groups where working_group_id = $1',
      [groupId],
    );
    if (!rows[0]) throw notFound({ groupId });
    groupName = rows[0].name;
  }
  const { rows: canRows } = await tx.query<{ can_manage: boolean }>(
    'select app_private.can_manage_meeting_group($1) as can_manage',
    [groupId],
  );
  const { rows: people } = await tx.query<{
    user_id: string;
    display_name: string;
    short_name: string | null;
  }>(
    groupId
      ? `select p.profile_id as user_id, p.display_name, o.short_name
           from public.working_group_members wm
           join public.profiles p on p.profile_id = wm.user_id
           left join public.organizations o on o.organization_id = p.organization_id
          where wm.working_group_id = $1 and p.is_active order by p.display_name`
      : `select p.profile_id as user_id, p.display_name, o.short_name
           from public.profiles p left join public.organizations o on o.organization_id = p.organization_id
          where p.is_active and p.platform_role <> 'observer' and $1::uuid is null order by p.display_name`,
    [groupId],
  );
  const { rows: measures } = await tx.query<{ measure_id: string; code: string; title: string }>(
    `select measure_id, code, title from public.measures
      where status <> 'discarded'
      order by (working_group_id is not distinct from $1) desc, code`,
    [groupId],
  );
  return {
    groupId,
    groupName,
    people: people.map((person) => ({
      userId: person.user_id,
      displayName: person.display_name,
      organizationShortName: person.short_name,
    })),
    measures: measures.map((measure) => ({
      measureId: measure.measure_id,
      code: measure.code,
      title: measure.title,
    })),
    canManage: canRows[0]?.can_manage ?? false,
  };
}

async function writeAgendaAndInvitees(tx: Tx, meetingId: string, form: MeetingForm): Promise<void> {
  await tx.query('delete from public.meeting_agenda_items where meeting_id = $1', [meetingId]);
  for (const [index, item] of form.agenda.entries()) {
    const { rows } = await tx.query<{ agenda_item_id: string }>(
      `insert into public.meeting_agenda_items (meeting_id, position, title, duration_minutes)
       values ($1, $2, $3, $4) returning agenda_item_id`,
      [meetingId, index + 1, item.title, item.durationMinutes],
    );
    for (const measureId of new Set(item.measureIds)) {
      await tx.query(
        `insert into public.meeting_agenda_measures (agenda_item_id, meeting_id, measure_id)
         values ($1, $2, $3)`,
        [rows[0]!.agenda_item_id, meetingId, measureId],
      );
    }
  }
  // Attendance already recorded stays with the people who remain invited.
  await tx.query(
    'delete from public.meeting_invitees where meeting_id = $1 and not (user_id = any($2::uuid[]))',
    [meetingId, form.invitees],
  );
  await tx.query(
    `insert into public.meeting_invitees (meeting_id, user_id)
     select $1, unnest($2::uuid[]) on conflict (meeting_id, user_id) do nothing`,
    [meetingId, form.invitees],
  );
}

const FORM_VALUES = `$2, $3, ($4::timestamp at time zone 'Europe/Berlin'), ($5::timestamp at time zone 'Europe/Berlin'), $6, $7, $8`;

function formParams(form: MeetingForm): unknown[] {
  return [
    form.title,
    form.description,
    form.startsAt,
    form.endsAt,
    form.location,
    form.videoUrl,
    form.approvalDays,
  ];
}

/** Schedules a meeting of the group (`null`: a plenary event, admins only) with agenda and invitees. */
export function createMeeting(
  db: UserDb,
  groupId: string | null,
  form: MeetingForm,
): Promise<string> {
  return write(db, async (tx) => {
    const { rows } = await tx.query<{ meeting_id: string }>(
      `insert into public.meetings (working_group_id, title, description, starts_at, ends_at, location, video_url, approval_days)
       values ($1, ${FORM_VALUES}) returning meeting_id`,
      [groupId, ...formParams(form)],
    );
    const meetingId = rows[0]!.meeting_id;
    await writeAgendaAndInvitees(tx, meetingId, form);
    return meetingId;
  });
}

/** Replaces the meeting's details, agenda and invitations (moderators and admins). */
export function updateMeeting(db: UserDb, meetingId: string, form: MeetingForm): Promise<void> {
  return write(db, async (tx) => {
    const { rowCount } = await tx.query(
      `update public.meetings
          set (title, description, starts_at, ends_at, location, video_url, approval_days) = (${FORM_VALUES})
        where meeting_id = $1 and app_private.can_manage_meeting_group(working_group_id)`,
      [meetingId, ...formParams(form)],
    );
    if (!rowCount) {
      await refuseUnchanged(tx, meetingId);
    }
    await writeAgendaAndInvitees(tx, meetingId, form);
  });
}

/** The edit form's current values (datetime-local in Europe/Berlin). */
export async function getMeetingFormValues(
  tx: Tx,
  meetingId: string,
): Promise<{
  meetingId: string;
  groupId: string | null;
  values: MeetingForm;
}> {
  const { rows } = await tx.query<{
    working_group_id: string | null;
    title: string;
    description: string;
    starts_local: string;
    ends_local: string;
    location: string;
    video_url: string | null;
    approval_days: number;
  }>(
    `select working_group_id, title, description,
            to_char(starts_at at time zone 'Europe/Berlin', 'YYYY-MM-DD"T"HH24:MI') as starts_local,
            to_char(ends_at at time zone 'Europe/Berlin', 'YYYY-MM-DD"T"HH24:MI') as ends_local,
            location, video_url, approval_days
       from public.meetings where meeting_id = $1`,
    [meetingId],
  );
  const row = rows[0];
  if (!row) return refuseMissing(meetingId);
  const detail = await getMeeting(tx, meetingId);
  return {
    meetingId,
    groupId: row.working_group_id,
    values: {
      title: row.title,
      description: row.description,
      startsAt: row.starts_local,
      endsAt: row.ends_local,
      location: row.location,
      videoUrl: row.video_url,
      approvalDays: row.approval_days,
      invitees: detail.invitees.map((invitee) => invitee.userId),
      agenda: detail.agenda.map((item) => ({
        title: item.title,
        durationMinutes: item.durationMinutes,
        measureIds: item.measures.map((measure) => measure.measureId),
      })),
    },
  };
}

/** Cancels (deletes) a meeting; moderators and admins. */
export function deleteMeeting(db: UserDb, meetingId: string): Promise<void> {
  return write(db, async (tx) => {
    const { rowCount } = await tx.query('delete from public.meetings where meeting_id = $1', [
      meetingId,
    ]);
    if (!rowCount) refuseMissing(meetingId);
  });
}

/**
 * Records a decision and, in the same transaction, stores the measure as it is now as a named
 * version "Stand nach Sitzung <Titel>" which the decision links to. The passage, when given, is
 * anchored like a comment thread. The measure's text is settled first, so the version holds the
 * last keystrokes.
 */
export async function recordDecision(
  db: UserDb,
  meetingId: string,
  decision: Omit<Decision, 'intent'>,
): Promise<string> {
  await settleCollabDocument(measureDocumentName(decision.measureId));
  return write(db, async (tx) => {
    const { rows: meetingRows } = await tx.query<{ title: string; can_manage: boolean }>(
      `select title, app_private.can_manage_meeting_group(working_group_id) as can_manage
         from public.meetings where meeting_id = $1`,
      [meetingId],
    );
    const meeting = meetingRows[0];
    if (!meeting) return refuseMissing(meetingId);
    if (!meeting.can_manage) throw forbidden({ meetingId });
    const { rowCount: measureVisible } = await tx.query(
      'select 1 from public.measures where measure_id = $1',
      [decision.measureId],
    );
    if (!measureVisible) throw notFound({ measureId: decision.measureId });
    const name = `Stand nach Sitzung ${meeting.title}`.slice(0, 120);
    const { rows: versionRows } = await tx.query<{ version_id: string }>(
      `insert into public.measure_versions (measure_id, name, kind) values ($1, $2, 'manual')
       returning version_id`,
      [decision.measureId, name],
    );
    const anchor = (value: string | undefined) => (value ? Buffer.from(value, 'base64') : null);
    const { rows } = await tx.query<{ decision_id: string }>(
      `insert into public.meeting_decisions
         (meeting_id, measure_id, version_id, outcome, summary, passage, anchor_start, anchor_end)
       values ($1, $2, $3, $4, $5, $6, $7, $8) returning decision_id`,
      [
        meetingId,
        decision.measureId,
        versionRows[0]!.version_id,
        decision.outcome,
        decision.summary,
        decision.quote,
        anchor(decision.anchorStart),
        anchor(decision.anchorEnd),
      ],
    );
    return rows[0]!.decision_id;
  });
}

/** From the measure page: a decision on the selected passage in the chosen meeting. */
export function recordMeasureDecision(
  db: UserDb,
  measureId: string,
  { meetingId, ...decision }: MeasureDecision,
): Promise<string> {
  return recordDecision(db, meetingId, { ...decision, measureId });
}

export interface DecisionMeeting {
  meetingId: string;
  title: string;
  startsAt: string;
}

/**
 * Meetings the caller may record a decision on this measure in: those of the measure's group (and
 * plenary events) they manage whose minutes are not adopted yet, the one nearest to now first.
 */
export async function listDecisionMeetings(tx: Tx, measureId: string): Promise<DecisionMeeting[]> {
  const { rows } = await tx.query<{ meeting_id: string; title: string; starts_at: Date }>(
    `select m.meeting_id, m.title, m.starts_at
       from public.meetings m
       join public.measures ms on ms.measure_id = $1
      where (m.working_group_id = ms.working_group_id or m.working_group_id is null)
        and m.minutes_status <> 'approved'
        and app_private.can_manage_meeting_group(m.working_group_id)
      order by abs(extract(epoch from m.starts_at - now())), m.title
      limit 50`,
    [measureId],
  );
  return rows.map((row) => ({
    meetingId: row.meeting_id,
    title: row.title,
    startsAt: row.starts_at.toISOString(),
  }));
}

/** The meeting page's forms, run as the caller; the database decides who may. */
export async function performMeetingAction(
  db: UserDb,
  meetingId: string,
  action: MeetingAction,
): Promise<void> {
  switch (action.intent) {
    case 'deleteMeeting':
      await deleteMeeting(db, meetingId);
      return;
    case 'minutesStatus': {
      const documentName = minutesDocumentName(meetingId);
      // Moving on freezes the derived text or narrows who writes: it must hold the last keystrokes.
      if (action.status !== 'draft') await settleCollabDocument(documentName);
      await write(db, async (tx) => {
        const { rowCount } = await tx.query(
          `update public.meetings set minutes_status = $2
            where meeting_id = $1 and app_private.can_manage_meeting_group(working_group_id)`,
          [meetingId, action.status],
        );
        if (!rowCount) throw forbidden({ meetingId });
      });
      // Open editors learn their new access now, not at the next periodic recheck.
      await recheckCollabDocument(documentName);
      return;
    }
    case 'attendance':
      await write(db, async (tx) => {
        const { rows } = await tx.query<{ can_manage: boolean }>(
          'select app_private.can_manage_meeting($1) as can_manage',
          [meetingId],
        );
        if (!rows[0]?.can_manage) throw forbidden({ meetingId });
        await tx.query(
          `update public.meeting_invitees set attended = (user_id = any($2::uuid[]))
            where meeting_id = $1`,
          [meetingId, action.attended],
        );
      });
      return;
    case 'decision':
      await recordDecision(db, meetingId, action);
      return;
    case 'deleteAttachment':
      await write(db, async (tx) => {
        const { rowCount } = await tx.query(
          'delete from public.meeting_attachments where meeting_id = $1 and attachment_id = $2',
          [meetingId, action.attachmentId],
        );
        if (!rowCount) throw forbidden({ meetingId, attachmentId: action.attachmentId });
      });
      return;
  }
}
