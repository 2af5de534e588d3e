import { randomUUID } from 'node:crypto';
// A feed token is a credential like a session token: resolving it to its owner is authentication
// and needs the service role, exactly as readLocalClaims does. Nothing else happens as service role;
// the feed itself is read with withUser as the token's owner, so RLS decides what it contains.
import { withService } from '../db/with-service.server';
import type { Claims } from '../db/with-user.server';
import { feedTokenHash } from '../meetings/calendar.server';
import { authenticatedClaims } from './session.server';

/** The claims of an unrevoked feed token's owner (active account), or null. Short-lived: 5 minutes. */
export async function readFeedClaims(token: string): Promise<Claims | null> {
  const row = await withService(async (tx) => {
    const { rows } = await tx.query<{ user_id: string; email: string }>(
      `select f.user_id, u.email
         from public.calendar_feed_tokens f
         join auth.users u on u.id = f.user_id
         join public.profiles p on p.profile_id = f.user_id
        where f.token_hash = $1 and f.revoked_at is null
          and u.deleted_at is null and (u.banned_until is null or u.banned_until < now())
          and p.is_active`,
      [feedTokenHash(token)],
    );
    return rows[0];
  });
  if (!row) return null;
  return {
    ...authenticatedClaims(row.user_id, row.email),
    session_id: randomUUID(),
    exp: Math.floor(Date.now() / 1000) + 300,
  };
}
