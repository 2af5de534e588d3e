import { createHash, randomBytes } from 'node:crypto';
import type { Tx } from '../db/with-user.server';
import { toAppError } from '../db/database-errors.server';
import type { UserDb } from '../measures/measures.server';
import { buildCalendar, buildCancellation, type CalendarEvent } from './ics';
import { getMeeting } from './meetings.server';

/** Feed tokens are looked up by their SHA-256; the token itself is shown once and never stored. */
export const feedTokenHash = (token: string): Buffer => createHash('sha256').update(token).digest();

const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;
export const isFeedTokenShape = (token: string | undefined): token is string =>
  typeof token === 'string' && FEED_TOKEN.test(token);

/** A meeting's iCalendar UID: the same in every .ics, feed and cancellation. */
const meetingUid = (meetingId: string): string => `${meetingId}@masterplan-werkstatt`;

function meetingUrl(origin: string, meetingId: string): string {
  return `${origin}/sitzungen/${meetingId}`;
}

/** A meeting's columns an iCalendar event is built from (`EVENT_COLUMNS`). */
export interface EventRow {
  meeting_id: string;
  title: string;
  description: string;
  location: string;
  video_url: string | null;
  starts_at: Date;
  ends_at: Date;
  sequence: number;
  updated_at: Date;
  group_name: string | null;
}

function toEvent(row: EventRow, origin: string, agendaText = ''): CalendarEvent {
  const place = [row.location, row.video_url].filter(Boolean).join(' – ');
  const description = [
    row.group_name ? `Kleingruppe: ${row.group_name}` : 'Industriedialog (Plenum)',
    row.description,
    agendaText,
    meetingUrl(origin, row.meeting_id),
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    uid: meetingUid(row.meeting_id),
    title: row.title,
    description,
    location: place,
    url: meetingUrl(origin, row.meeting_id),
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    sequence: row.sequence,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The columns of `EventRow`, from `public.meetings m` left joined with `public.working_groups g`. */
export const EVENT_COLUMNS = `m.meeting_id, m.title, m.description, m.location, m.video_url, m.starts_at,
    m.ends_at, m.sequence, m.updated_at, g.name as group_name`;

const EVENT_SELECT = `select ${EVENT_COLUMNS}
  from public.meetings m left join public.working_groups g on g.working_group_id = m.working_group_id`;

/** One meeting as an .ics file, from its row (e-mails built by the scheduler; `organizer`: the sender). */
export function eventCalendar(row: EventRow, origin: string, organizer?: string): string {
  return buildCalendar([toEvent(row, origin)], { name: row.title, organizer });
}

/** What a cancellation notification keeps of its meeting (the meeting row itself is gone). */
export interface CancelledMeeting {
  meetingId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  /** The SEQUENCE of the cancellation, one above the meeting's last. */
  sequence: number;
}

/** A cancelled meeting as an .ics with METHOD:CANCEL for one attendee (e-mails built by the scheduler). */
export function cancellationCalendar(
  meeting: CancelledMeeting,
  addresses: { organizer: string; attendee: string },
): string {
  return buildCancellation({ ...meeting, uid: meetingUid(meeting.meetingId), ...addresses });
}

/** One meeting as an .ics file (with its agenda in the description); 404 when not visible. */
export async function meetingCalendar(tx: Tx, meetingId: string, origin: string): Promise<string> {
  const detail = await getMeeting(tx, meetingId);
  const { rows } = await tx.query<EventRow>(`${EVENT_SELECT} where m.meeting_id = $1`, [meetingId]);
  const agendaText = detail.agenda.length
    ? [
        'Tagesordnung:',
        ...detail.agenda.map(
          (item) => `${item.position}. ${item.title} (${item.durationMinutes} Min.)`,
        ),
      ].join('\n')
    : '';
  return buildCalendar([toEvent(rows[0]!, origin, agendaText)], { name: detail.title });
}

/**
 * The caller's feed: every meeting they may see from 90 days back on (their groups, invitations,
 * plenary events). Runs as that user, so the feed shows exactly what RLS allows them.
 */
export async function feedCalendar(tx: Tx, origin: string): Promise<string> {
  const { rows } = await tx.query<EventRow>(
    `${EVENT_SELECT} where m.ends_at > now() - interval '90 days' order by m.starts_at limit 500`,
  );
  return buildCalendar(
    rows.map((row) => toEvent(row, origin)),
    { name: 'Masterplan-Werkstatt: Sitzungen' },
  );
}

export interface FeedState {
  hasActiveFeed: boolean;
  createdAt: string | null;
}

export async function getFeedState(tx: Tx): Promise<FeedState> {
  const { rows } = await tx.query<{ created_at: Date }>(
    `select created_at from public.calendar_feed_tokens
      where user_id = (select auth.uid()) and revoked_at is null`,
  );
  return { hasActiveFeed: rows.length > 0, createdAt: rows[0]?.created_at.toISOString() ?? null };
}

/**
 * Issues a new feed token (revoking the previous one) and returns it once; only its hash is stored.
 */
export function createFeedToken(db: UserDb): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  return db(async (tx) => {
    await tx.query(
      `update public.calendar_feed_tokens set revoked_at = now()
        where user_id = (select auth.uid()) and revoked_at is null`,
    );
    await tx.query('insert into public.calendar_feed_tokens (token_hash) values ($1)', [
      feedTokenHash(token),
    ]);
    return token;
  }).catch((error: unknown) => toAppError(error));
}

/** Revokes the caller's feed: the URL stops working at once. */
export function revokeFeedTokens(db: UserDb): Promise<void> {
  return db(async (tx) => {
    await tx.query(
      `update public.calendar_feed_tokens set revoked_at = now()
        where user_id = (select auth.uid()) and revoked_at is null`,
    );
  }).catch((error: unknown) => toAppError(error));
}
