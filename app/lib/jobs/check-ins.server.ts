import type { Tx } from '../db/with-user.server';
import { addDays, berlinDate } from '../tracking/dates';

/** A check-in left open this many days after it was asked escalates to the group's moderators. */
export const CHECK_IN_ANSWER_DAYS = 14;

/** The check-in period of a day: its calendar month in Aachen, YYYY-MM. */
export function checkInPeriod(now: Date): string {
  return berlinDate(now).slice(0, 7);
}

export interface CheckInRun {
  requested: number;
  escalated: number;
  notified: number;
}

/**
 * One pass of the check-in schedule at `now` (runs as service role, inside the job's transaction):
 * 1. asks every measure `in_progress` whose schedule falls on this month (default monthly, paused
 *    schedules skipped) — at most one check-in per measure and month (unique key);
 * 2. tells the lead organisation's people in the measure's group (or, if there are none, its
 *    moderators) — at most once per person and check-in (unique key);
 * 3. escalates check-ins still open after their answer period to the group's moderators.
 * Running it again at the same `now` changes nothing.
 */
export async function runCheckIns(tx: Tx, now: Date): Promise<CheckInRun> {
  const today = berlinDate(now);
  const period = today.slice(0, 7);
  const monthIndex = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1;

  const { rows: created } = await tx.query<{ check_in_id: string }>(
    `insert into public.check_ins (measure_id, period, requested_at, due_date, lead_organization_id)
     select m.measure_id, $1, $2, $3::date, lead.organization_id
       from public.measures m
       left join public.check_in_schedules s on s.measure_id = m.measure_id
       left join public.measure_organizations lead on lead.measure_id = m.measure_id and lead.role = 'lead'
      where m.status = 'in_progress'
        and not coalesce(s.is_paused, false)
        and (s.measure_id is null
             or ($4::int >= extract(year from s.anchor_month)::int * 12 + extract(month from s.anchor_month)::int - 1
                 and mod($4::int - (extract(year from s.anchor_month)::int * 12 + extract(month from s.anchor_month)::int - 1),
                         s.interval_months) = 0))
     on conflict (measure_id, period) do nothing
     returning check_in_id`,
    [period, now, addDays(today, CHECK_IN_ANSWER_DAYS), monthIndex],
  );

  const requestedIds = created.map((row) => row.check_in_id);
  const { rowCount: requestedNotes } = await tx.query(
    `insert into public.notifications (recipient_id, kind, check_in_id, measure_id, created_at)
     select distinct r.user_id, 'check_in.requested', c.check_in_id, c.measure_id, $2::timestamptz
       from public.check_ins c
       join public.measures m on m.measure_id = c.measure_id
       join lateral (
         select wm.user_id
           from public.working_group_members wm
           join public.profiles p on p.profile_id = wm.user_id
          where wm.working_group_id = m.working_group_id and p.is_active
            and (p.organization_id = c.lead_organization_id
                 or (wm.role = 'moderator' and not exists (
                       select 1 from public.working_group_members lm
                         join public.profiles lp on lp.profile_id = lm.user_id
                        where lm.working_group_id = m.working_group_id and lp.is_active
                          and lp.organization_id = c.lead_organization_id)))
       ) r on true
      where c.check_in_id = any($1::uuid[])
     on conflict (check_in_id, recipient_id, kind) do nothing`,
    [requestedIds, now],
  );

  const { rows: escalated } = await tx.query<{ check_in_id: string }>(
    `update public.check_ins set escalated_at = $1
      where state = 'open' and escalated_at is null and due_date < $2::date
      returning check_in_id`,
    [now, today],
  );
  const { rowCount: escalationNotes } = await tx.query(
    `insert into public.notifications (recipient_id, kind, check_in_id, measure_id, created_at)
     select wm.user_id, 'check_in.escalated', c.check_in_id, c.measure_id, $2::timestamptz
       from public.check_ins c
       join public.measures m on m.measure_id = c.measure_id
       join public.working_group_members wm on wm.working_group_id = m.working_group_id and wm.role = 'moderator'
       join public.profiles p on p.profile_id = wm.user_id and p.is_active
      where c.check_in_id = any($1::uuid[])
     on conflict (check_in_id, recipient_id, kind) do nothing`,
    [escalated.map((row) => row.check_in_id), now],
  );

  return {
    requested: requestedIds.length,
    escalated: escalated.length,
    notified: (requestedNotes ?? 0) + (escalationNotes ?? 0),
  };
}

export interface OutgoingMail {
  to: string;
  /** The recipient's language (German unless they chose English). */
  locale: 'de' | 'en';
  kind: 'check_in.requested' | 'check_in.escalated';
  measureCode: string;
  measureTitle: string;
  checkInId: string;
  dueDate: string;
}

/**
 * Claims notifications not yet e-mailed (skip locked, so parallel instances take different rows)
 * and stamps emailed_at in the same transaction: a mail is sent at most once, even across a
 * restart. Only notifications of the last two days are mailed: configuring SMTP later does not
 * flood people with old requests. The caller sends after the commit.
 */
export async function claimMails(tx: Tx, now: Date, limit = 50): Promise<OutgoingMail[]> {
  const { rows } = await tx.query<{
    notification_id: string;
    email: string;
    locale: 'de' | 'en' | null;
    kind: OutgoingMail['kind'];
    code: string;
    title: string;
    check_in_id: string;
    due_date: string;
  }>(
    `with claimed as (
       select n.notification_id from public.notifications n
        where n.emailed_at is null and n.created_at > $1::timestamptz - interval '2 days'
        order by n.created_at
        limit $2
        for update skip locked
     )
     update public.notifications n set emailed_at = $1
       from claimed, auth.users u, public.profiles p, public.measures m, public.check_ins c
      where n.notification_id = claimed.notification_id and u.id = n.recipient_id and p.profile_id = n.recipient_id
        and m.measure_id = n.measure_id and c.check_in_id = n.check_in_id
     returning n.notification_id, u.email::text as email, p.locale, n.kind, m.code, m.title, n.check_in_id,
               to_char(c.due_date, 'YYYY-MM-DD') as due_date`,
    [now, limit],
  );
  return rows.map((row) => ({
    to: row.email,
    locale: row.locale ?? 'de',
    kind: row.kind,
    measureCode: row.code,
    measureTitle: row.title,
    checkInId: row.check_in_id,
    dueDate: row.due_date,
  }));
}
