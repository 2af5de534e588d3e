import type { Tx } from '../db/with-user.server';
import { EVENT_COLUMNS, type CancelledMeeting, type EventRow } from '../meetings/calendar.server';
import {
  isMeetingNotificationKind,
  type MeasureNotificationKind,
  type MeetingNotificationKind,
} from '../review/notification-kinds';

interface MailBase {
  notificationId: number;
  to: string;
  locale: 'de' | 'en';
  actorName: string | null;
}

/** A notification about a measure to e-mail: mention, reply, or a signature needing renewal. */
export interface MeasureMail extends MailBase {
  kind: MeasureNotificationKind;
  measureId: string;
  measureCode: string;
  measureTitle: string;
}

/**
 * A notification about a meeting to e-mail; `event` is the meeting as it is now (null once
 * cancelled), `cancelled` what a cancellation kept of it (null for other kinds and for
 * cancellations written before it was kept).
 */
export interface MeetingMail extends MailBase {
  kind: MeetingNotificationKind;
  meetingId: string;
  meetingTitle: string;
  meetingStartsAt: string;
  event: EventRow | null;
  cancelled: CancelledMeeting | null;
}

/** An inbox notification to e-mail. */
export type ReviewMail = MeasureMail | MeetingMail;

interface ClaimedRow extends Partial<EventRow> {
  notification_id: string;
  email: string;
  locale: 'de' | 'en' | null;
  kind: ReviewMail['kind'];
  actor_name: string | null;
  measure_id: string | null;
  code: string | null;
  measure_title: string | null;
  notified_meeting_id: string | null;
  meeting_title: string | null;
  meeting_starts_at: Date | null;
  meeting_ends_at: Date | null;
  meeting_sequence: number | null;
}

/**
 * Claims unsent notifications (skip locked, so parallel schedulers take different rows) and stamps
 * them as e-mailed before sending: a failed send is logged, never repeated. Only recent ones
 * (2 days), so switching e-mail on later does not flood anyone; inactive accounts and measures
 * gone since are claimed but not mailed. Meeting mails carry the meeting as it is now.
 */
export async function claimReviewMails(tx: Tx, now: Date, limit = 50): Promise<ReviewMail[]> {
  const { rows } = await tx.query<ClaimedRow>(
    `with claimed as (
       select n.notification_id from public.review_notifications n
        where n.emailed_at is null and n.created_at > $1::timestamptz - interval '2 days'
        order by n.created_at
        limit $2
        for update skip locked
     ), stamped as (
       update public.review_notifications n set emailed_at = $1
         from claimed where n.notification_id = claimed.notification_id
       returning n.notification_id, n.user_id, n.kind, n.actor_id, n.measure_id, n.meeting_id,
                 n.meeting_title, n.meeting_starts_at, n.meeting_ends_at, n.meeting_sequence
     )
     select s.notification_id, u.email::text as email, p.locale, s.kind,
            a.display_name as actor_name, ms.measure_id, ms.code, ms.title as measure_title,
            s.meeting_id as notified_meeting_id, s.meeting_title, s.meeting_starts_at,
            s.meeting_ends_at, s.meeting_sequence, ${EVENT_COLUMNS}
       from stamped s
       join auth.users u on u.id = s.user_id
       join public.profiles p on p.profile_id = s.user_id and p.is_active
       left join public.profiles a on a.profile_id = s.actor_id
       left join public.measures ms on ms.measure_id = s.measure_id
       left join public.meetings m on m.meeting_id = s.meeting_id and s.kind <> 'meeting_cancelled'
       left join public.working_groups g on g.working_group_id = m.working_group_id
      order by s.notification_id`,
    [now, limit],
  );
  return rows.flatMap((row): ReviewMail[] => {
    const base = {
      notificationId: Number(row.notification_id),
      to: row.email,
      locale: row.locale ?? 'de',
      actorName: row.actor_name,
    };
    if (isMeetingNotificationKind(row.kind)) {
      if (!row.notified_meeting_id || !row.meeting_title || !row.meeting_starts_at) return [];
      return [
        {
          ...base,
          kind: row.kind,
          meetingId: row.notified_meeting_id,
          meetingTitle: row.meeting_title,
          meetingStartsAt: row.meeting_starts_at.toISOString(),
          event: row.meeting_id ? (row as EventRow) : null,
          cancelled:
            row.kind === 'meeting_cancelled' && row.meeting_ends_at && row.meeting_sequence !== null
              ? {
                  meetingId: row.notified_meeting_id,
                  title: row.meeting_title,
                  startsAt: row.meeting_starts_at.toISOString(),
                  endsAt: row.meeting_ends_at.toISOString(),
                  sequence: row.meeting_sequence,
                }
              : null,
        },
      ];
    }
    if (!row.measure_id || !row.code || row.measure_title === null) return [];
    return [
      {
        ...base,
        kind: row.kind,
        measureId: row.measure_id,
        measureCode: row.code,
        measureTitle: row.measure_title,
      },
    ];
  });
}
