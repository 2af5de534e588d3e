import type { Tx } from '../db/with-user.server';

/** How long before a meeting its invitees are reminded. */
export const REMINDER_BEFORE_HOURS = 24;

/**
 * Writes the in-app reminder for every invitee of a meeting that starts within the next 24 hours
 * (the scheduler e-mails it like every notification). Once per invitee and start time: the unique
 * index makes a second run, a second instance or a restart a no-op, and a meeting moved to a new
 * time reminds again. Who was invited inside the 24 hours already has a fresh invitation.
 * Runs as service_role (the scheduler); returns how many reminders it wrote.
 */
export async function queueMeetingReminders(tx: Tx, now: Date): Promise<number> {
  const { rowCount } = await tx.query(
    `insert into public.review_notifications (user_id, kind, meeting_id, meeting_title, meeting_starts_at)
     select i.user_id, 'meeting_reminder', m.meeting_id, m.title, m.starts_at
       from public.meetings m
       join public.meeting_invitees i on i.meeting_id = m.meeting_id
       join public.profiles p on p.profile_id = i.user_id and p.is_active
      where m.starts_at > $1::timestamptz
        and m.starts_at <= $1::timestamptz + make_interval(hours => $2)
        and i.created_at <= m.starts_at - make_interval(hours => $2)
     on conflict (user_id, meeting_id, meeting_starts_at) where kind = 'meeting_reminder' do nothing`,
    [now, REMINDER_BEFORE_HOURS],
  );
  return rowCount ?? 0;
}
