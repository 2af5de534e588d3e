import type { JSONContent } from '@tiptap/core';
import * as Y from 'yjs';
import { encodeDocumentFromJSON, renderDocument } from '../collab/document.server';
import { measureDocumentName, minutesDocumentName } from '../collab/protocol';
import { readDocument } from '../../server/collab/persistence.server';
import { minutesDocument } from '../meetings/minutes';
import { measureTemplate } from '../review/measure-template';
import { withService } from './with-service.server';
import type { Tx } from './with-user.server';

/**
 * Writes `content` as the first update of a Yjs document (the collab server loads it like any
 * other) and hands its rendered HTML and text to `storeDerived` in the same transaction. Does
 * nothing if the document already has content; concurrent callers are serialised per document.
 */
async function writeFirstUpdate(
  documentId: string,
  content: (tx: Tx) => Promise<JSONContent | null>,
  storeDerived: (tx: Tx, html: string, text: string) => Promise<unknown>,
): Promise<void> {
  await withService(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [documentId]);
    const { rows } = await tx.query<{ present: boolean }>(
      `select exists (select 1 from collab.document_updates where document_id = $1)
           or exists (select 1 from collab.document_snapshots where document_id = $1) as present`,
      [documentId],
    );
    if (rows[0]?.present) return;
    const json = await content(tx);
    if (!json) return;
    const update = encodeDocumentFromJSON(json);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    const { html, text } = renderDocument(doc);
    doc.destroy();
    await tx.query(
      'insert into collab.document_updates (document_id, update, user_ids) values ($1, $2, $3)',
      [documentId, Buffer.from(update), []],
    );
    await storeDerived(tx, html, text);
  });
}

/**
 * A new measure's text starts from the template with the binding sections, written together with
 * the derived HTML and text, so the read-only view and the binding hash match from the start.
 * Does nothing if the document already has content.
 */
export async function writeInitialDocument(measureId: string): Promise<void> {
  await writeFirstUpdate(
    measureDocumentName(measureId),
    () => Promise.resolve(measureTemplate()),
    (tx, html, text) =>
      tx.query(
        'update public.measures set content_html = $2, content_text = $3 where measure_id = $1',
        [measureId, html, text],
      ),
  );
}

/**
 * A meeting's minutes start from its agenda (one heading per item), or from the plain-text minutes
 * written before they were co-edited. Called when the minutes document is first loaded empty; does
 * nothing for an unknown meeting or a document that already has content. Approved minutes keep
 * their text; only the HTML view is filled in.
 */
export async function writeInitialMinutes(meetingId: string): Promise<void> {
  await writeFirstUpdate(
    minutesDocumentName(meetingId),
    async (tx) => {
      const { rows: meetings } = await tx.query<{ minutes_text: string }>(
        'select minutes_text from public.meetings where meeting_id = $1',
        [meetingId],
      );
      if (!meetings[0]) return null;
      const { rows: agenda } = await tx.query<{ position: number; title: string }>(
        'select position, title from public.meeting_agenda_items where meeting_id = $1 order by position',
        [meetingId],
      );
      return minutesDocument(agenda, meetings[0].minutes_text);
    },
    (tx, html, text) =>
      tx.query(
        `update public.meetings
            set minutes_html = $2,
                minutes_text = case when minutes_status = 'approved' then minutes_text else left($3, 100000) end
          where meeting_id = $1`,
        [meetingId, html, text],
      ),
  );
}

/**
 * Attaches the measure's stored Yjs state (snapshot plus every update after it) to a saved
 * version, so the version can be replayed exactly, not only read as HTML. Versions are history:
 * the state is set once (the table's guard refuses any other change).
 */
export async function attachVersionState(versionId: string, measureId: string): Promise<void> {
  // The collab server's reader (one statement, safe against a concurrent compaction).
  const stored = await readDocument(measureDocumentName(measureId));
  const doc = new Y.Doc();
  try {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const row of stored.updates) Y.applyUpdate(doc, row.update);
    const state = Buffer.from(Y.encodeStateAsUpdate(doc));
    await withService((tx) =>
      tx.query(
        'update public.measure_versions set state = $2 where version_id = $1 and state is null',
        [versionId, state],
      ),
    );
  } finally {
    doc.destroy();
  }
}
