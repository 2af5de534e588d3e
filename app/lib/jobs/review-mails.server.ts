import type { Tx } from '../db/with-user.server';

/** A review notification to e-mail: who, in which language, about which measure. */
export interface ReviewMail {
  to: string;
  locale: 'de' | 'en';
  kind: 'mention' | 'reply' | 'signature_stale';
  actorName: string | null;
  measureId: string;
  measureCode: string;
  measureTitle: string;
}

/**
 * Claims unsent review notifications (skip locked, so parallel schedulers take different rows) and
 * stamps them as e-mailed before sending: a failed send is logged, never repeated. Only recent ones
 * (2 days), so switching e-mail on later does not flood anyone; only active accounts.
 */
export async function claimReviewMails(tx: Tx, now: Date, limit = 50): Promise<ReviewMail[]> {
  const { rows } = await tx.query<{
    email: string;
    locale: 'de' | 'en' | null;
    kind: ReviewMail['kind'];
    actor_name: string | null;
    measure_id: string;
    code: string;
    title: string;
  }>(
    `with claimed as (
       select n.notification_id from public.review_notifications n
        where n.emailed_at is null and n.created_at > $1::timestamptz - interval '2 days'
        order by n.created_at
        limit $2
        for update skip locked
     )
     update public.review_notifications n set emailed_at = $1
       from claimed, auth.users u, public.profiles p, public.measures m
      where n.notification_id = claimed.notification_id and u.id = n.user_id and p.profile_id = n.user_id
        and p.is_active and m.measure_id = n.measure_id
     returning u.email::text as email, p.locale, n.kind,
               (select a.display_name from public.profiles a where a.profile_id = n.actor_id) as actor_name,
               m.measure_id, m.code, m.title`,
    [now, limit],
  );
  return rows.map((row) => ({
    to: row.email,
    locale: row.locale ?? 'de',
    kind: row.kind,
    actorName: row.actor_name,
    measureId: row.measure_id,
    measureCode: row.code,
    measureTitle: row.title,
  }));
}
