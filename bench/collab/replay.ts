/**
 * Replay of a real editing trace through a server: one WebsocketProvider editor applies the
 * trace's transactions one by one (one update message per keystroke, as the editor sends them),
 * at most `window` ahead of what an observer client has received. The collab server's rate limit
 * is lifted for this (a trace of 260,000 keystrokes cannot be replayed at 60 messages a second).
 * Checks: the observer's text and the stored document equal endContent. Measures: time until
 * everything reached the observer and until it is in the database, Yjs bytes written to Postgres
 * per update byte (through the final compaction at unload), WAL per keystroke (Postgres only).
 */
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MESSAGE_PERSISTED } from '../../app/lib/collab/protocol';
import { readDocument } from '../../app/server/collab/persistence.server';
import type { BenchDatabase } from './database';
import { applyTransaction, traceText, type Trace } from './documents';
import { openProbe } from './probe';
import { pollUntil, type ServerUnderTest } from './servers';
import { headerSocket } from './typists';

export interface ReplayResult {
  keystrokes: number;
  updateBytes: number;
  isTextEqual: boolean;
  isStoredEqual: boolean | null;
  propagatedMs: number;
  durableMs: number | null;
  /** Whether a MESSAGE_PERSISTED covering the editor's last keystroke arrived. */
  isAcknowledged: boolean | null;
  writtenBytes: number | null;
  walBytes: number | null;
}

const WINDOW = 100;

/** The same transactions applied to a local Y.Doc: the cost of Yjs alone. */
export function replayPlain(trace: Trace): { ms: number; bytes: number; isTextEqual: boolean } {
  const started = performance.now();
  const doc = new Y.Doc();
  const text = traceText(doc);
  for (const txn of trace.txns) doc.transact(() => applyTransaction(text, txn.patches));
  const ms = performance.now() - started;
  return {
    ms,
    bytes: Y.encodeStateAsUpdate(doc).byteLength,
    isTextEqual: text.toString() === trace.endContent,
  };
}

export async function runReplay(
  trace: Trace,
  server: ServerUnderTest,
  database: BenchDatabase,
  document: string,
  headers: Record<string, string>,
): Promise<ReplayResult> {
  const observed = new Y.Doc();
  let wake: (() => void) | null = null;
  const observer = openProbe(`${server.wsUrl}/${document}`, headers, (update) => {
    Y.applyUpdate(observed, update);
    wake?.();
  });
  await observer.ready;

  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.wsUrl, document, doc, {
    WebSocketPolyfill: headerSocket(headers) as never,
    disableBc: true,
  });
  let persistedClock = 0;
  provider.messageHandlers[MESSAGE_PERSISTED] = (_encoder, decoder) => {
    const clock = Y.decodeStateVector(decoding.readVarUint8Array(decoder)).get(doc.clientID) ?? 0;
    persistedClock = Math.max(persistedClock, clock);
  };
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  const text = traceText(doc);
  await pollUntil(() => observer.updates >= 1, 'the paragraph to reach the observer');

  let sent = observer.updates;
  let updateBytes = 0;
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === provider) return;
    sent += 1;
    updateBytes += update.byteLength;
  });
  const wal = await database.walPosition();
  const writtenBefore = (await server.sample()).writtenBytes;
  const started = performance.now();
  let keystrokes = 0;
  for (const txn of trace.txns) {
    doc.transact(() => applyTransaction(text, txn.patches));
    keystrokes += txn.patches.length;
    while (sent - observer.updates > WINDOW) await new Promise<void>((resolve) => (wake = resolve));
  }
  await pollUntil(
    () => observer.updates >= sent,
    'the observer to receive every update',
    600_000,
    5,
  );
  const propagatedMs = performance.now() - started;

  let durableMs: number | null = null;
  let isAcknowledged: boolean | null = null;
  let isStoredEqual: boolean | null = null;
  if (server.kind === 'collab') {
    const clock = Y.getState(doc.store, doc.clientID);
    const stored = new Y.Doc();
    await pollUntil(
      async () => {
        const rows = await readDocument(document);
        const next = new Y.Doc();
        if (rows.snapshot) Y.applyUpdate(next, rows.snapshot);
        for (const row of rows.updates) Y.applyUpdate(next, row.update);
        if (Y.getState(next.store, doc.clientID) < clock) return false;
        Y.applyUpdate(stored, Y.encodeStateAsUpdate(next));
        return true;
      },
      'the replayed document to be stored',
      120_000,
      100,
    );
    durableMs = performance.now() - started;
    isStoredEqual = traceText(stored).toString() === trace.endContent;
    await new Promise((resolve) => setTimeout(resolve, 500));
    isAcknowledged = persistedClock >= clock;
  }
  provider.destroy();
  observer.close();
  await pollUntil(
    async () => !(await server.sample()).collab?.rooms,
    'the document to unload',
    120_000,
    100,
  );
  const after = await server.sample();
  return {
    keystrokes,
    updateBytes,
    isTextEqual: traceText(observed).toString() === trace.endContent,
    isStoredEqual,
    propagatedMs,
    durableMs,
    isAcknowledged,
    writtenBytes: server.kind === 'collab' ? after.writtenBytes - writtenBefore : null,
    walBytes: await database.walBytesSince(wal),
  };
}
