import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { measureDocumentName } from '../../app/lib/collab/protocol';
import {
  addParagraph,
  connectClient,
  countUpdateRows,
  documentText,
  eventually,
  sessionCookie,
  startCollabServer,
  storedDocument,
  type CollabClient,
  type CollabTestServer,
} from '../fixtures/collab';
import { buildScenario, createMeasure, type Scenario } from '../fixtures/scenario';

let server: CollabTestServer;
let scenario: Scenario;
const cookies: Record<'memberA' | 'moderatorA' | 'memberB' | 'observer', string> = {
  memberA: '',
  moderatorA: '',
  memberB: '',
  observer: '',
};
let clients: CollabClient[] = [];

function connect(who: keyof typeof cookies, measureId: string): CollabClient {
  const client = connectClient({ url: server.url, measureId, cookie: cookies[who] });
  clients.push(client);
  return client;
}

function roomDoc(measureId: string): Y.Doc {
  const room = server.collab.rooms.get(measureDocumentName(measureId));
  if (!room) throw new Error('no room');
  return room.doc;
}

beforeAll(async () => {
  server = await startCollabServer();
  scenario = await buildScenario();
  for (const who of Object.keys(cookies) as (keyof typeof cookies)[]) {
    cookies[who] = await sessionCookie(server.url, scenario.accounts[who]);
  }
});

afterEach(() => {
  for (const client of clients) client.destroy();
  clients = [];
});

afterAll(async () => {
  await server?.close();
});

describe('collab sync', () => {
  it('two editors converge, and both are told once their edits are committed', async () => {
    const measureId = await createMeasure(scenario, { visibility: 'group' });
    const a = connect('memberA', measureId);
    const b = connect('moderatorA', measureId);
    await eventually(() => expect(a.provider.synced && b.provider.synced).toBe(true));

    addParagraph(a.doc, 'Von Anna');
    addParagraph(b.doc, 'Von Bernd');
    const text = a.doc.getXmlFragment('default');
    await eventually(() => {
      expect(documentText(a.doc)).toContain('Von Bernd');
      expect(documentText(b.doc)).toContain('Von Anna');
    });
    expect(text.toString()).toBe(b.doc.getXmlFragment('default').toString());

    await eventually(() => expect(a.isPersisted() && b.isPersisted()).toBe(true));
    const stored = await storedDocument(measureId);
    expect(documentText(stored.doc)).toBe(documentText(a.doc));
    expect(Y.encodeStateVector(stored.doc)).toEqual(Y.encodeStateVector(a.doc));
  });

  it.each([
    ['an observer', 'observer'],
    ['a member of another group', 'memberB'],
  ] as const)(
    '%s is a viewer of a platform measure: their updates are dropped, counted, never broadcast or stored',
    async (_label, who) => {
      const measureId = await createMeasure(scenario, { visibility: 'platform' });
      const droppedBefore = server.collab.getStats().droppedReadOnly;
      const viewer = connect(who, measureId);
      await eventually(() => expect(viewer.provider.synced).toBe(true));
      addParagraph(viewer.doc, 'Vom Zuschauer');
      // The viewer's sync step 2 and its update.
      await eventually(() =>
        expect(server.collab.getStats().droppedReadOnly).toBeGreaterThanOrEqual(droppedBefore + 2),
      );
      await server.collab.flushAll();
      expect(await countUpdateRows(measureId)).toBe(0);
      expect(documentText(roomDoc(measureId))).toBe('');

      const editor = connect('memberA', measureId);
      await eventually(() => expect(editor.provider.synced).toBe(true));
      addParagraph(viewer.doc, 'Noch einmal vom Zuschauer');
      await eventually(() =>
        expect(server.collab.getStats().droppedReadOnly).toBeGreaterThanOrEqual(droppedBefore + 3),
      );
      // The editor's edit reaches the viewer; anything the viewer had sent would have arrived first.
      addParagraph(editor.doc, 'Von der Redaktion');
      await eventually(() => expect(documentText(viewer.doc)).toContain('Von der Redaktion'));
      await eventually(() => expect(editor.isPersisted()).toBe(true));
      expect(documentText(editor.doc)).toBe('Von der Redaktion');
      expect(documentText(roomDoc(measureId))).toBe('Von der Redaktion');
      expect(documentText((await storedDocument(measureId)).doc)).toBe('Von der Redaktion');
      expect(viewer.isPersisted()).toBe(false);
    },
  );
});
