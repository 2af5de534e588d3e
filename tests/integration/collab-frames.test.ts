import { randomBytes } from 'node:crypto';
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MESSAGE_AWARENESS, measureDocumentName } from '../../app/lib/collab/protocol';
import { DEFAULT_LIMITS } from '../../app/server/collab/limits';
import {
  addParagraph,
  collabPath,
  connectClient,
  documentText,
  encodeFrame,
  eventually,
  openWebSocket,
  rawUpgrade,
  sendThenProbe,
  sessionCookie,
  startCollabServer,
  syncUpdateMessage,
  type CollabClient,
  type CollabTestServer,
} from '../fixtures/collab';
import { buildScenario, createMeasure, type Scenario } from '../fixtures/scenario';

const FRAME_LIMIT = DEFAULT_LIMITS.maxFrameBytes;
const DOCUMENT_CAP = 256 * 1024;
const ROUNDS = 100;
const PARALLEL = 8;

let server: CollabTestServer;
let scenario: Scenario;
let editorCookie: string;
let otherCookie: string;
let clients: CollabClient[] = [];

beforeAll(async () => {
  server = await startCollabServer({ maxDocumentBytes: DOCUMENT_CAP });
  scenario = await buildScenario();
  editorCookie = await sessionCookie(server.url, scenario.accounts.memberA);
  otherCookie = await sessionCookie(server.url, scenario.accounts.moderatorA);
});

afterEach(() => {
  for (const client of clients) client.destroy();
  clients = [];
});

afterAll(async () => {
  await server?.close();
});

/** An awareness message whose one state is `bytes` of JSON. */
function oversizedAwareness(bytes: number): Uint8Array {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ padding: 'x'.repeat(bytes) });
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(
    encoder,
    awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]),
  );
  awareness.destroy();
  doc.destroy();
  return encoding.toUint8Array(encoder);
}

const BINARY = 0x2;
const TEXT = 0x1;
const CLOSE_FRAME = encodeFrame({ opcode: 0x8, payload: Buffer.from([0x03, 0xe8]) });

/** Nine kinds of bad input, each a function of the round, returning the bytes to write after the handshake. */
const MALFORMED: Record<string, () => Buffer> = {
  'random binary': () =>
    encodeFrame({ opcode: BINARY, payload: randomBytes(1 + Math.floor(Math.random() * 300)) }),
  'invalid UTF-8 text': () =>
    encodeFrame({ opcode: TEXT, payload: Buffer.from([0x41, 0xff, 0xfe, 0xc3, 0x28]) }),
  'RSV bits set': () => encodeFrame({ opcode: BINARY, payload: randomBytes(16), rsv: 0b111 }),
  'reserved opcode': () =>
    encodeFrame({ opcode: 0x3 + Math.floor(Math.random() * 5), payload: randomBytes(8) }),
  'unmasked client frame': () =>
    encodeFrame({ opcode: BINARY, payload: randomBytes(16), isMasked: false }),
  'stray continuation frame': () => encodeFrame({ opcode: 0x0, payload: randomBytes(16) }),
  'huge declared length': () =>
    encodeFrame({ opcode: BINARY, payload: randomBytes(64), declaredLength: 2 ** 53 + 7 }),
  'oversized awareness': () => encodeFrame({ opcode: BINARY, payload: oversizedAwareness(2048) }),
  'just over the frame limit': () =>
    encodeFrame({ opcode: BINARY, payload: randomBytes(FRAME_LIMIT + 1) }),
};

/** A sync step 1 with a state vector no one has: its answer (step 2) proves what came before was handled. */
const PROBE = encodeFrame({ opcode: BINARY, payload: Buffer.from([0, 0, 4, 1, 0xe7, 0x07, 0]) });
const isProbeAnswer = (payload: Buffer) => payload[0] === 0 && payload[1] === 1;

/**
 * One connection: the handshake, the malformed bytes and a probe. The server either closes the
 * connection or answers the probe (having handled the bytes before it); then the test closes.
 */
async function sendMalformed(measureId: string, make: () => Buffer): Promise<boolean> {
  const upgrade = await rawUpgrade(server.url, collabPath(measureDocumentName(measureId)), {
    origin: server.url,
    cookie: editorCookie,
  });
  expect(upgrade.status).toBe(101);
  const answer = upgrade.nextFrame(isProbeAnswer);
  upgrade.socket.write(Buffer.concat([make(), PROBE]));
  const isAnswered = (await answer) !== null;
  upgrade.socket.write(CLOSE_FRAME);
  await upgrade.closed;
  return isAnswered;
}

describe('collab frames', () => {
  it('keeps serving through 9 × 100 malformed frames on raw sockets', async () => {
    const measureId = await createMeasure(scenario, { visibility: 'group' });
    const editor = connectClient({ url: server.url, measureId, cookie: editorCookie });
    const other = connectClient({ url: server.url, measureId, cookie: otherCookie });
    clients.push(editor, other);
    await eventually(() => expect(editor.provider.synced && other.provider.synced).toBe(true));
    addParagraph(editor.doc, 'Vorher');
    await eventually(() => expect(editor.isPersisted()).toBe(true));
    const before = server.collab.getStats();

    for (const [kind, make] of Object.entries(MALFORMED)) {
      let answered = 0;
      for (let round = 0; round < ROUNDS; round += PARALLEL) {
        const batch = Math.min(PARALLEL, ROUNDS - round);
        const results = await Promise.all(
          Array.from({ length: batch }, () => sendMalformed(measureId, make)),
        );
        answered += results.filter(Boolean).length;
      }
      // Broken framing ends the connection; a well-formed frame with nonsense inside may not.
      if (kind === 'oversized awareness') expect(answered, kind).toBe(ROUNDS);
      else if (kind !== 'random binary') expect(answered, kind).toBe(0);
      expect(server.collab.getStats().connections, kind).toBeGreaterThanOrEqual(2);
    }

    const after = server.collab.getStats();
    expect(after.droppedAwareness - before.droppedAwareness).toBeGreaterThanOrEqual(ROUNDS);
    await eventually(() => expect(server.collab.getStats().connections).toBe(2));
    expect(editor.closeCodes).toEqual([]);
    expect(other.closeCodes).toEqual([]);
    addParagraph(editor.doc, 'Nachher');
    await eventually(() => expect(documentText(other.doc)).toBe('Vorher\nNachher'));
    await eventually(() => expect(editor.isPersisted()).toBe(true));
  });

  it('ignores unknown message types and keeps the connection', async () => {
    const measureId = await createMeasure(scenario, { visibility: 'group' });
    const socket = await openWebSocket(server.url, measureDocumentName(measureId), editorCookie);
    const unknown = [[2, 0, 0], [100, 1, 0], [7], [0x80, 0x01], [0xff, 0xff, 0x03, 1, 2, 3]];
    expect(
      await sendThenProbe(
        socket,
        unknown.map((bytes) => new Uint8Array(bytes)),
      ),
    ).toBe(true);
    expect(socket.readyState).toBe(socket.OPEN);
    socket.close();
  });

  it('closes a connection that floods messages (1008), and only that one', async () => {
    const measureId = await createMeasure(scenario, { visibility: 'group' });
    const editor = connectClient({ url: server.url, measureId, cookie: editorCookie });
    clients.push(editor);
    await eventually(() => expect(editor.provider.synced).toBe(true));
    const flood = await openWebSocket(server.url, measureDocumentName(measureId), otherCookie);
    const closed = new Promise<number>((resolve) => flood.once('close', (code) => resolve(code)));
    flood.on('error', () => {});
    const ping = new Uint8Array([3]);
    for (let i = 0; i < 2000 && flood.readyState === flood.OPEN; i += 1) flood.send(ping);
    expect(await closed).toBe(1008);
    addParagraph(editor.doc, 'Weiter');
    await eventually(() => expect(editor.isPersisted()).toBe(true));
    expect(editor.closeCodes).toEqual([]);
  });

  it('refuses an update that would grow the document past its cap (1009), leaving the document as it was', async () => {
    const measureId = await createMeasure(scenario, { visibility: 'group' });
    const editor = connectClient({ url: server.url, measureId, cookie: editorCookie });
    clients.push(editor);
    await eventually(() => expect(editor.provider.synced).toBe(true));
    addParagraph(editor.doc, 'Klein');
    await eventually(() => expect(editor.isPersisted()).toBe(true));

    const big = new Y.Doc();
    Y.applyUpdate(big, Y.encodeStateAsUpdate(editor.doc));
    const vector = Y.encodeStateVector(big);
    addParagraph(big, 'y'.repeat(DOCUMENT_CAP + 1));
    const socket = await openWebSocket(server.url, measureDocumentName(measureId), otherCookie);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const refusedBefore = server.collab.getStats().refusedUpdates;
    socket.send(syncUpdateMessage(Y.encodeStateAsUpdate(big, vector)));
    expect(await closed).toBe(1009);
    expect(server.collab.getStats().refusedUpdates).toBe(refusedBefore + 1);
    const room = server.collab.rooms.get(measureDocumentName(measureId));
    expect(documentText(room!.doc)).toBe('Klein');
    addParagraph(editor.doc, 'Noch klein');
    await eventually(() => expect(editor.isPersisted()).toBe(true));
    expect(editor.closeCodes).toEqual([]);
  });
});
