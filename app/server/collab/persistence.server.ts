import { withService } from '~/lib/db/with-service.server';
import type { Claims, Tx } from '~/lib/db/with-user.server';
import { getEnv } from '~/lib/env.server';

export interface StoredDocument {
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  updates: { seq: number; update: Uint8Array }[];
}

/**
 * Snapshot plus every update after it, in order — in ONE statement: under READ COMMITTED two
 * statements could straddle a compaction's commit (old snapshot, but its rows already deleted)
 * and miss stored updates.
 */
export async function readDocument(documentId: string): Promise<StoredDocument> {
  return withService(async (tx) => {
    const { rows } = await tx.query<{
      state: Buffer | null;
      upto_seq: number | null;
      seq: number | null;
      update: Buffer | null;
    }>(
      `with snapshot as (
         select state, upto_seq from collab.document_snapshots where document_id = $1
       )
       select s.state, s.upto_seq, null::bigint as seq, null::bytea as update from snapshot s
       union all
       select null, null, u.seq, u.update from collab.document_updates u
        where u.document_id = $1 and u.seq > coalesce((select upto_seq from snapshot), 0)
       order by seq nulls first`,
      [documentId],
    );
    const snapshot = rows.find((row) => row.state !== null);
    return {
      snapshot: snapshot?.state ? new Uint8Array(snapshot.state) : null,
      snapshotSeq: Number(snapshot?.upto_seq ?? 0),
      updates: rows
        .filter((row) => row.update !== null)
        .map((row) => ({ seq: Number(row.seq), update: new Uint8Array(row.update!) })),
    };
  });
}

/** Appends one merged update; resolves after the commit with its sequence number. */
export async function appendUpdate(
  documentId: string,
  update: Uint8Array,
  userIds: string[],
): Promise<number> {
  return withService(async (tx) => {
    const { rows } = await tx.query<{ seq: number }>(
      'insert into collab.document_updates (document_id, update, user_ids) values ($1, $2, $3) returning seq',
      [documentId, Buffer.from(update.buffer, update.byteOffset, update.byteLength), userIds],
    );
    return rows[0]!.seq;
  });
}

/**
 * Stores a snapshot covering every update with seq <= uptoSeq and deletes exactly those rows, in
 * one transaction. A snapshot never goes backwards (a slower compaction loses to a newer one).
 */
export async function writeSnapshot(
  documentId: string,
  state: Uint8Array,
  uptoSeq: number,
): Promise<boolean> {
  return withService(async (tx) => {
    const { rowCount } = await tx.query(
      `insert into collab.document_snapshots (document_id, state, upto_seq, updated_at)
       values ($1, $2, $3, now())
       on conflict (document_id) do update set state = excluded.state, upto_seq = excluded.upto_seq, updated_at = now()
       where collab.document_snapshots.upto_seq < excluded.upto_seq`,
      [documentId, Buffer.from(state.buffer, state.byteOffset, state.byteLength), uptoSeq],
    );
    if (!rowCount) return false;
    await tx.query('delete from collab.document_updates where document_id = $1 and seq <= $2', [
      documentId,
      uptoSeq,
    ]);
    return true;
  });
}

/** Derived plain text and sanitised HTML of a measure's document, for search, read-only view and exports. */
export async function storeMeasureContent(
  measureId: string,
  html: string,
  text: string,
): Promise<void> {
  await withService((tx) =>
    tx.query(
      `update public.measures set content_html = $2, content_text = $3
        where measure_id = $1 and (content_html is distinct from $2 or content_text is distinct from $3)`,
      [measureId, html, text],
    ),
  );
}

/** The longest minutes text the meetings table holds (its check constraint). */
const MAX_MINUTES_TEXT = 100_000;

/**
 * Derived plain text and sanitised HTML of a meeting's minutes, for lists, search and the
 * read-only view. Approved minutes are history: they are never overwritten.
 */
export async function storeMinutesContent(
  meetingId: string,
  html: string,
  text: string,
): Promise<void> {
  const clipped = text.slice(0, MAX_MINUTES_TEXT);
  await withService((tx) =>
    tx.query(
      `update public.meetings set minutes_html = $2, minutes_text = $3
        where meeting_id = $1 and minutes_status <> 'approved'
          and (minutes_html is distinct from $2 or minutes_text is distinct from $3)`,
      [meetingId, html, clipped],
    ),
  );
}

/**
 * Of the given sessions, those still valid, as `sessionKey`s. Built-in accounts: the session row exists
 * and has not expired (not signed out), and the account is neither deleted, banned nor
 * deactivated. Supabase mode: the account is usable in the same sense, and — where the project's
 * `auth.sessions` table exists, as on every Supabase project — the session has not been signed
 * out. The access token's own expiry does not end an open connection: the browser refreshes its
 * token on the next page load, and a socket cannot be handed the new one.
 */
export function activeSessions(
  sessions: readonly Pick<Claims, 'sub' | 'session_id'>[],
): Promise<Set<string>> {
  return withService((tx) => activeSessionsIn(tx, sessions));
}

/** `activeSessions` inside a transaction that runs as service_role. */
export async function activeSessionsIn(
  tx: Tx,
  sessions: readonly Pick<Claims, 'sub' | 'session_id'>[],
): Promise<Set<string>> {
  if (sessions.length === 0) return new Set();
  const sessionIds = [...new Set(sessions.map((s) => s.session_id))];
  if (getEnv().authMode === 'supabase') return activeSupabaseSessions(tx, sessions, sessionIds);
  const { rows } = await tx.query<{ session_id: string; user_id: string }>(
    `select s.session_id, s.user_id from local_auth.sessions s
       join auth.users u on u.id = s.user_id
       join public.profiles p on p.profile_id = s.user_id
      where s.session_id = any($1::uuid[]) and s.expires_at > now() and u.deleted_at is null
        and (u.banned_until is null or u.banned_until < now()) and p.is_active`,
    [sessionIds.filter(isUuid)],
  );
  return new Set(rows.map((row) => sessionKey({ sub: row.user_id, session_id: row.session_id })));
}

/** A session of a user: the session id alone could be empty in a token that lacks one. */
export const sessionKey = (claims: Pick<Claims, 'sub' | 'session_id'>) =>
  `${claims.sub}:${claims.session_id}`;

async function activeSupabaseSessions(
  tx: Tx,
  sessions: readonly Pick<Claims, 'sub' | 'session_id'>[],
  sessionIds: string[],
): Promise<Set<string>> {
  {
    const { rows: usable } = await tx.query<{ id: string }>(
      `select u.id from auth.users u join public.profiles p on p.profile_id = u.id
        where u.id = any($1::uuid[]) and u.deleted_at is null
          and (u.banned_until is null or u.banned_until < now()) and p.is_active`,
      [[...new Set(sessions.map((s) => s.sub))].filter(isUuid)],
    );
    const usableUsers = new Set(usable.map((row) => row.id));
    const { rows: table } = await tx.query<{ has_sessions: boolean }>(
      "select to_regclass('auth.sessions') is not null as has_sessions",
    );
    let signedIn: Set<string> | null = null;
    if (table[0]?.has_sessions) {
      const { rows } = await tx.query<{ id: string }>(
        'select id::text as id from auth.sessions where id = any($1::uuid[])',
        [sessionIds.filter(isUuid)],
      );
      signedIn = new Set(rows.map((row) => row.id));
    }
    return new Set(
      sessions
        .filter((s) => usableUsers.has(s.sub) && (signedIn?.has(s.session_id) ?? true))
        .map(sessionKey),
    );
  }
}

const isUuid = (value: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
