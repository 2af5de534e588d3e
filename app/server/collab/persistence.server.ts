import { withService } from '~/lib/db/with-service.server';

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

/** Of the given sessions, those still valid (not signed out, expired, banned or deactivated). */
export async function activeSessions(sessionIds: string[]): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  return withService(async (tx) => {
    const { rows } = await tx.query<{ session_id: string }>(
      `select s.session_id from local_auth.sessions s
         join auth.users u on u.id = s.user_id
         join public.profiles p on p.profile_id = s.user_id
        where s.session_id = any($1::uuid[]) and s.expires_at > now() and u.deleted_at is null
          and (u.banned_until is null or u.banned_until < now()) and p.is_active`,
      [sessionIds],
    );
    return new Set(rows.map((row) => row.session_id));
  });
}
