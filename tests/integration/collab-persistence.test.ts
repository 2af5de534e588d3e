import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getDatabase } from '../../app/lib/db/client.server';
import { measureDocumentName } from '../../app/lib/collab/protocol';
import {
  addParagraph,
  connectClient,
  countUpdateRows,
  documentText,
  eventually,
  missingTokens,
  sessionCookie,
  startCollabServer,
  storedDocument,
  Typist,
  type CollabClient,
  type CollabTestServer,
} from '../fixtures/collab';
import { buildScenario, createMeasure, type Scenario } from '../fixtures/scenario';

const COMPACT_AFTER_ROWS = 5;

let server: CollabTestServer;
let scenario: Scenario;
let cookie: string;
let clients: CollabClient[] = [];

beforeAll(async () => {
  server = await startCollabServer({ compactAfterRows: COMPACT_AFTER_ROWS, flushWindowMs: 20 });
  scenario = await buildScenario();
  cookie = await sessionCookie(server.url, scenario.accounts.memberA);
});

afterEach(() => {
  for (const client of clients) client.destroy();
  clients = [];
});

afterAll(async () => {
  await server?.close();
});

function connect(measureId: string): CollabClient {
  const client = connectClient({ url: server.url, measureId, cookie });
  clients.push(client);
  return client;
}

/** As the database owner: what the service role may do to the update log. */
async function setInsertGrant(isGranted: boolean) {
  const database = await getDatabase();
  await database.pool.query(
    isGranted
      ? 'grant insert on collab.document_updates to service_role'
      : 'revoke insert on collab.document_updates from service_role',
  );
}

describe('collab persistence', () => {
  it('compaction while five clients type loses nothing; the last client leaving unloads the document into one snapshot', async () => {
    const measureId = await createMeasure(scenario, { visibility: 'group' });
    const typists = Array.from({ length: 5 }, (_, i) => new Typist(connect(measureId), `c${i}`));
    await eventually(() => expect(typists.every((t) => t.client.provider.synced)).toBe(true));
    const before = server.collab.getStats();
    for (const typist of typists) typist.start(15);
    await eventually(() => {
      expect(server.collab.getStats().compactions - before.compactions).toBeGreaterThanOrEqual(5);
      expect(Math.min(...typists.map((t) => t.acknowledged().length))).toBeGreaterThanOrEqual(40);
    }, 40_000);
    for (const typist of typists) typist.stop();
    await eventually(() => expect(typists.every((t) => t.client.isPersisted())).toBe(true));

    const keystrokes = typists.flatMap((t) => t.keystrokes);
    // Keystrokes within a flush window share a row.
    expect(server.collab.getStats().storedRows - before.storedRows).toBeLessThan(
      keystrokes.length / 2,
    );
    const stored = await storedDocument(measureId);
    expect(missingTokens(stored.doc, keystrokes)).toEqual([]);
    expect(documentText(stored.doc)).toBe(documentText(typists[0]!.client.doc));

    for (const typist of typists) typist.client.destroy();
    clients = [];
    await eventually(() => expect(server.collab.rooms.size).toBe(0));
    expect(await countUpdateRows(measureId)).toBe(0);
    const snapshot = await storedDocument(measureId);
    expect(missingTokens(snapshot.doc, keystrokes)).toEqual([]);

    // Loading answers with the whole stored document in the first sync.
    const reader = connect(measureId);
    await eventually(() => expect(reader.provider.synced).toBe(true));
    expect(missingTokens(reader.doc, keystrokes)).toEqual([]);
  });

  it('a failed write keeps the updates in memory, retries, and acknowledges only after the commit', async () => {
    const measureId = await createMeasure(scenario, { visibility: 'group' });
    const editor = connect(measureId);
    const other = connect(measureId);
    await eventually(() => expect(editor.provider.synced && other.provider.synced).toBe(true));
    addParagraph(editor.doc, 'Gespeichert');
    await eventually(() => expect(editor.isPersisted()).toBe(true));

    const failuresBefore = server.collab.getStats().failedWrites;
    await setInsertGrant(false);
    try {
      addParagraph(editor.doc, 'Noch nicht gespeichert');
      await eventually(() =>
        expect(server.collab.getStats().failedWrites).toBeGreaterThanOrEqual(failuresBefore + 2),
      );
      expect(editor.isPersisted()).toBe(false);
      // The edit is live for everyone meanwhile, and the room stays.
      await eventually(() => expect(documentText(other.doc)).toContain('Noch nicht gespeichert'));
      expect(documentText((await storedDocument(measureId)).doc)).toBe('Gespeichert');
    } finally {
      await setInsertGrant(true);
    }
    await eventually(() => expect(editor.isPersisted()).toBe(true));
    expect(documentText((await storedDocument(measureId)).doc)).toBe(
      'Gespeichert\nNoch nicht gespeichert',
    );
  });

  it('a client that reconnects with edits already stored is told they are saved', async () => {
    const measureId = await createMeasure(scenario, { visibility: 'group' });
    const editor = connect(measureId);
    await eventually(() => expect(editor.provider.synced).toBe(true));
    addParagraph(editor.doc, 'Erster Absatz');
    await eventually(() => expect(editor.isPersisted()).toBe(true));
    addParagraph(editor.doc, 'Zweiter Absatz');
    await eventually(() => expect(editor.isPersisted()).toBe(true));

    editor.provider.disconnect();
    editor.persisted.clear();
    editor.provider.connect();
    await eventually(() => expect(editor.provider.synced).toBe(true));
    await eventually(() => expect(editor.isPersisted()).toBe(true));
    expect(server.collab.rooms.has(measureDocumentName(measureId))).toBe(true);
  });
});
