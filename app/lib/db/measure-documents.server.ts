import * as Y from 'yjs';
import { encodeDocumentFromJSON, renderDocument } from '../collab/document.server';
import { measureTemplate } from '../review/measure-template';
import { withService } from './with-service.server';

/**
 * A new measure's text starts from the template with the binding sections. Written as the first
 * update of its Yjs document (the collab server loads it like any other) together with the derived
 * HTML and text, so the read-only view and the binding hash match from the start. Does nothing if
 * the document already has content.
 */
export async function writeInitialDocument(measureId: string): Promise<void> {
  const update = encodeDocumentFromJSON(measureTemplate());
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const { html, text } = renderDocument(doc);
  doc.destroy();
  const documentId = `measure:${measureId}`;
  await withService(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [documentId]);
    const { rows } = await tx.query<{ present: boolean }>(
      `select exists (select 1 from collab.document_updates where document_id = $1)
           or exists (select 1 from collab.document_snapshots where document_id = $1) as present`,
      [documentId],
    );
    if (rows[0]?.present) return;
    await tx.query(
      'insert into collab.document_updates (document_id, update, user_ids) values ($1, $2, $3)',
      [documentId, Buffer.from(update), []],
    );
    await tx.query(
      'update public.measures set content_html = $2, content_text = $3 where measure_id = $1',
      [measureId, html, text],
    );
  });
}

/**
 * Attaches the measure's stored Yjs state (snapshot plus every update after it) to a saved
 * version, so the version can be replayed exactly, not only read as HTML. Versions are history:
 * the state is set once (the table's guard refuses any other change).
 */
export async function attachVersionState(versionId: string, measureId: string): Promise<void> {
  const documentId = `measure:${measureId}`;
  await withService(async (tx) => {
    const { rows: snapshots } = await tx.query<{ state: Buffer; upto_seq: number }>(
      'select state, upto_seq from collab.document_snapshots where document_id = $1',
      [documentId],
    );
    const { rows: updates } = await tx.query<{ update: Buffer }>(
      'select update from collab.document_updates where document_id = $1 and seq > $2 order by seq',
      [documentId, snapshots[0]?.upto_seq ?? 0],
    );
    const doc = new Y.Doc();
    try {
      if (snapshots[0]) Y.applyUpdate(doc, new Uint8Array(snapshots[0].state));
      for (const row of updates) Y.applyUpdate(doc, new Uint8Array(row.update));
      await tx.query(
        'update public.measure_versions set state = $2 where version_id = $1 and state is null',
        [versionId, Buffer.from(Y.encodeStateAsUpdate(doc))],
      );
    } finally {
      doc.destroy();
    }
  });
}
