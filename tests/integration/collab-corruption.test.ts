import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { renderDocument } from '../../app/lib/collab/document.server';
import { DOCUMENT_FIELD } from '../../app/lib/collab/editor-extensions';
import { withService } from '../../app/lib/db/with-service.server';
import { measureDocumentName } from '../../app/lib/collab/protocol';
import {
  addParagraph,
  connectClient,
  eventually,
  openWebSocket,
  sessionCookie,
  startCollabServer,
  storedDocument,
  sendThenProbe,
  syncUpdateMessage,
  type CollabTestServer,
} from '../fixtures/collab';
import { SERVER_FIELD } from '../../app/server/collab/update-integrity';
import { buildScenario, createMeasure, type Scenario } from '../fixtures/scenario';

const CORRUPTED = 2000;
const FORKS = 60;
const SENDERS = 4;
const SEED = Number(process.env.COLLAB_FUZZ_SEED ?? 20_261_125);

let server: CollabTestServer;
let scenario: Scenario;
let cookie: string;

beforeAll(async () => {
  // Refusals, not the rate limit, are under test here.
  server = await startCollabServer({ messagesPerSecond: 100_000, messageBurst: 100_000 });
  scenario = await buildScenario();
  cookie = await sessionCookie(server.url, scenario.accounts.memberA);
});

afterAll(async () => {
  await server?.close();
});

/** mulberry32: a small seeded generator, so a failing run can be repeated with COLLAB_FUZZ_SEED. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a person does in one keystroke or command: type, delete, format, add a block. */
function editOnce(doc: Y.Doc, next: () => number) {
  const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
  const texts = fragment
    .toArray()
    .flatMap((node) => (node instanceof Y.XmlElement ? node.toArray() : []))
    .filter((node): node is Y.XmlText => node instanceof Y.XmlText);
  const text = texts[Math.floor(next() * texts.length)];
  const choice = next();
  if (!text || choice < 0.2) {
    const block = new Y.XmlElement(next() < 0.5 ? 'paragraph' : 'heading');
    if (block.nodeName === 'heading') block.setAttribute('level', '2');
    const content = new Y.XmlText();
    block.insert(0, [content]);
    fragment.insert(Math.floor(next() * (fragment.length + 1)), [block]);
    content.insert(0, `Neuer Absatz ${Math.floor(next() * 1000)}`);
  } else if (choice < 0.55) {
    text.insert(Math.floor(next() * (text.length + 1)), 'Wort ');
  } else if (choice < 0.75 && text.length > 2) {
    const at = Math.floor(next() * (text.length - 1));
    text.delete(at, 1 + Math.floor(next() * Math.min(5, text.length - at - 1)));
  } else if (text.length > 2) {
    text.format(0, Math.ceil(next() * text.length), { bold: {} });
  } else {
    text.insert(0, 'x', { italic: {} });
  }
}

function corrupt(update: Uint8Array, next: () => number): Uint8Array {
  const copy = new Uint8Array(update);
  if (next() < 0.35) return copy.slice(0, Math.floor(next() * copy.length));
  const flips = 1 + Math.floor(next() * 3);
  for (let i = 0; i < flips; i += 1) {
    const at = Math.floor(next() * copy.length);
    copy[at] = copy[at]! ^ (1 << Math.floor(next() * 8));
  }
  return copy;
}

/** One connection that sends update + probe and learns whether the update was applied or refused. */
class RawSender {
  private socket: WebSocket | null = null;
  /** Close codes of the connections the server ended. */
  readonly closeCodes: number[] = [];

  constructor(private readonly measureId: string) {}

  async send(update: Uint8Array): Promise<boolean> {
    if (!this.socket || this.socket.readyState !== this.socket.OPEN) {
      this.socket = await openWebSocket(server.url, measureDocumentName(this.measureId), cookie);
      this.socket.once('close', (code) => this.closeCodes.push(code));
    }
    return sendThenProbe(this.socket, [syncUpdateMessage(update)]);
  }

  close() {
    this.socket?.removeAllListeners('close');
    this.socket?.close();
  }
}

/** One item as a V1 update of its own, whatever its origins say (as Yjs's own writer lays it out). */
function encodeItem(item: Y.Item): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, 1);
  encoding.writeVarUint(encoder.restEncoder, 1);
  encoder.writeClient(item.id.client);
  encoding.writeVarUint(encoder.restEncoder, item.id.clock);
  item.write(encoder, 0);
  encoding.writeVarUint(encoder.restEncoder, 0);
  return encoder.toUint8Array();
}

async function contentText(measureId: string): Promise<string | null> {
  return withService(async (tx) => {
    const { rows } = await tx.query<{ content_text: string | null }>(
      'select content_text from public.measures where measure_id = $1',
      [measureId],
    );
    return rows[0]?.content_text ?? null;
  });
}

/** What a client that loads the document from scratch sees. */
function replayed(doc: Y.Doc): string {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy.getXmlFragment(DOCUMENT_FIELD).toString();
}

/**
 * Same structs, deletions and text. Structs of `serverClient` (the server's replay mark, see
 * `markMustReplay`) are left out: the server writes them, no client update does.
 */
function expectSameState(actual: Y.Doc, expected: Y.Doc, serverClient?: number) {
  expect(actual.store.pendingStructs).toBeNull();
  expect(actual.store.pendingDs).toBeNull();
  const vector = (doc: Y.Doc) => {
    const clocks = Y.decodeStateVector(Y.encodeStateVector(doc));
    if (serverClient !== undefined) clocks.delete(serverClient);
    return clocks;
  };
  expect(vector(actual)).toEqual(vector(expected));
  const deletions = (doc: Y.Doc) => Y.createSnapshot(Y.snapshot(doc).ds, new Map());
  expect(Y.equalSnapshots(deletions(actual), deletions(expected))).toBe(true);
  expect(actual.getXmlFragment(DOCUMENT_FIELD).toString()).toBe(
    expected.getXmlFragment(DOCUMENT_FIELD).toString(),
  );
}

describe('collab corrupted updates', () => {
  it(`refuses ${CORRUPTED} bit-flipped and truncated updates without ever applying part of one (seed ${SEED})`, async () => {
    const next = random(SEED);
    const measureId = await createMeasure(scenario, { visibility: 'group' });
    const editor = connectClient({ url: server.url, measureId, cookie });
    try {
      await eventually(() => expect(editor.provider.synced).toBe(true));
      addParagraph(editor.doc, 'Ausgangstext für die Störversuche');
      addParagraph(editor.doc, 'Zweiter Absatz');
      await eventually(() => expect(editor.isPersisted()).toBe(true));
      const room = server.collab.rooms.get(measureDocumentName(measureId))!;
      const base = Y.encodeStateAsUpdate(room.doc);

      // Real updates: each captured from a client that edits the shared base.
      const captured: Uint8Array[] = [];
      for (let i = 0; i < FORKS; i += 1) {
        const fork = new Y.Doc();
        fork.clientID = Math.floor(next() * 2 ** 32);
        Y.applyUpdate(fork, base);
        fork.on('update', (update: Uint8Array) => captured.push(update));
        for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits -= 1) editOnce(fork, next);
        fork.destroy();
      }
      const corrupted = Array.from({ length: CORRUPTED }, (_, i) =>
        corrupt(captured[i % captured.length]!, next),
      );

      // The order the server applied them in: concurrent formatting and deletion do not commute
      // in Yjs (its YText formatting cleanup), so only that order rebuilds the very same state.
      // (The editor's client takes part too: Yjs cleans up redundant formatting it receives.)
      const editorConnections = new Set(room.connections);
      const appliedInOrder: Uint8Array[] = [];
      const appliedFromSenders: Uint8Array[] = [];
      // After every accepted update: the document renders, and loads from its encoding as it is.
      const unsound: string[] = [];
      const applyClientUpdate = room.applyClientUpdate.bind(room);
      room.applyClientUpdate = (connection, update) => {
        const isApplied = applyClientUpdate(connection, update);
        if (isApplied) appliedInOrder.push(update.slice());
        if (isApplied && !editorConnections.has(connection)) {
          appliedFromSenders.push(update.slice());
          try {
            renderDocument(room.doc);
            if (replayed(room.doc) !== room.doc.getXmlFragment(DOCUMENT_FIELD).toString())
              unsound.push(`replay differs after ${Buffer.from(update).toString('hex')}`);
          } catch (error) {
            unsound.push(
              `render fails after ${Buffer.from(update).toString('hex')}: ${String(error)}`,
            );
          }
        }
        return isApplied;
      };
      const before = server.collab.getStats().refusedUpdates;
      const senders = Array.from({ length: SENDERS }, () => new RawSender(measureId));
      const accepted: Uint8Array[] = [];
      let refused = 0;
      await Promise.all(
        senders.map(async (sender, index) => {
          for (let i = index; i < corrupted.length; i += SENDERS) {
            if (await sender.send(corrupted[i]!)) accepted.push(corrupted[i]!);
            else refused += 1;
          }
          sender.close();
        }),
      );

      expect(accepted.length + refused).toBe(CORRUPTED);
      expect(refused).toBeGreaterThan(CORRUPTED / 2);
      expect(server.collab.getStats().refusedUpdates - before).toBe(refused);
      const codes = senders.flatMap((sender) => sender.closeCodes);
      expect(codes.filter((code) => code !== 1002)).toEqual([]);
      const hex = (updates: Uint8Array[]) =>
        updates.map((update) => Buffer.from(update).toString('hex')).sort();
      expect(hex(appliedFromSenders)).toEqual(hex(accepted));
      expect(unsound).toEqual([]);
      // Base plus exactly the accepted updates: no trace of a refused one, nothing half-applied.
      const reference = new Y.Doc();
      Y.applyUpdate(reference, base);
      for (const update of appliedInOrder) Y.applyUpdate(reference, update);
      expectSameState(room.doc, reference, room.doc.clientID);
      expect(replayed(room.doc)).toBe(room.doc.getXmlFragment(DOCUMENT_FIELD).toString());
      await eventually(() =>
        expect(editor.doc.getXmlFragment(DOCUMENT_FIELD).toString()).toBe(
          room.doc.getXmlFragment(DOCUMENT_FIELD).toString(),
        ),
      );

      // V2 updates are refused as well.
      const v2 = new RawSender(measureId);
      for (const update of captured.slice(0, 10)) {
        expect(await v2.send(Y.convertUpdateFormatV1ToV2(update))).toBe(false);
      }
      expectSameState(room.doc, reference, room.doc.clientID);

      await server.collab.flushAll();
      const stored = (await storedDocument(measureId)).doc;
      expectSameState(stored, room.doc);
      expect(renderDocument(stored)).toEqual(renderDocument(room.doc));
      // The derived text on the measure is the live document's.
      await room.storeDerivedText();
      expect(await contentText(measureId)).toBe(renderDocument(room.doc).text);

      // The document still takes ordinary edits.
      addParagraph(editor.doc, 'Danach');
      await eventually(() => expect(editor.isPersisted()).toBe(true));
    } finally {
      editor.destroy();
    }
  });

  it('an insert with forged origins never makes the stored or a reloaded document differ from the live one', async () => {
    const measureId = await createMeasure(scenario, { visibility: 'group' });
    const editor = connectClient({ url: server.url, measureId, cookie });
    const sender = new RawSender(measureId);
    try {
      await eventually(() => expect(editor.provider.synced).toBe(true));
      const first = addParagraph(editor.doc, 'Erster Absatz');
      addParagraph(editor.doc, 'Zweiter Absatz');
      for (let i = 0; i < 5; i += 1) first.insert(3 + i, String(i));
      await eventually(() => expect(editor.isPersisted()).toBe(true));
      const room = server.collab.rooms.get(measureDocumentName(measureId))!;

      // A real insert, then the same insert claiming every other item as its left or right origin.
      const fork = new Y.Doc();
      Y.applyUpdate(fork, Y.encodeStateAsUpdate(room.doc));
      let update: Uint8Array = new Uint8Array();
      fork.on('update', (captured: Uint8Array) => (update = captured));
      ((fork.getXmlFragment(DOCUMENT_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(
        5,
        'X',
      );
      const [author] = Y.decodeStateVector(Y.encodeStateVector(room.doc));
      let forgeries = 0;
      for (let clock = 0; clock < author![1]; clock += 1) {
        for (const side of ['origin', 'rightOrigin'] as const) {
          const item = Y.decodeUpdate(update).structs[0] as Y.Item;
          item[side] = Y.createID(author![0], clock);
          item.id.client += forgeries + 1;
          await sender.send(encodeItem(item));
          forgeries += 1;
        }
      }
      sender.close();
      expect(forgeries).toBeGreaterThan(50);

      const live = () => room.doc.getXmlFragment(DOCUMENT_FIELD).toString();
      expect(replayed(room.doc)).toBe(live());
      await eventually(() =>
        expect(editor.doc.getXmlFragment(DOCUMENT_FIELD).toString()).toBe(live()),
      );
      // Deleting the paragraph a forged origin may point into must not change the rest on reload.
      const paragraphs = room.doc.getXmlFragment(DOCUMENT_FIELD).length;
      editor.doc.getXmlFragment(DOCUMENT_FIELD).delete(0, 1);
      await eventually(() =>
        expect(room.doc.getXmlFragment(DOCUMENT_FIELD).length).toBe(paragraphs - 1),
      );
      expect(live()).toBe(editor.doc.getXmlFragment(DOCUMENT_FIELD).toString());
      expect(replayed(room.doc)).toBe(live());
      await server.collab.flushAll();
      const stored = (await storedDocument(measureId)).doc;
      expect(stored.getXmlFragment(DOCUMENT_FIELD).toString()).toBe(live());

      // Some forgeries were accepted only after the replay check; the document keeps that mark
      // across an unload, so later updates are replay-checked too.
      expect(room.doc.share.has(SERVER_FIELD)).toBe(true);
      const text = live();
      editor.destroy();
      await eventually(() => expect(server.collab.rooms.get(room.name)).toBeUndefined());
      const again = connectClient({ url: server.url, measureId, cookie });
      try {
        await eventually(() => expect(again.provider.synced).toBe(true));
        const reloaded = server.collab.rooms.get(room.name)!;
        expect(reloaded.doc.share.has(SERVER_FIELD)).toBe(true);
        expect(reloaded.doc.getXmlFragment(DOCUMENT_FIELD).toString()).toBe(text);
        expect(again.doc.getXmlFragment(DOCUMENT_FIELD).toString()).toBe(text);
      } finally {
        again.destroy();
      }
    } finally {
      sender.close();
      editor.destroy();
    }
  });
});
