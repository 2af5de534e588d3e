/**
 * Propagation, durable acknowledgement and CPU per update in one room: `typists` WebsocketProvider
 * clients typing 5 characters a second (caret in awareness each time) plus open tabs from the
 * crowd, all in the same document. The collab server run ends with a SIGKILL while typing goes on,
 * then checks that every keystroke acknowledged before the kill is in the database.
 */
import * as Y from 'yjs';
import { readDocument } from '../../app/server/collab/persistence.server';
import { summarize } from '../support';
import type { GroupCounts } from './crowd';
import type { BenchDatabase } from './database';
import type { ChildHandle } from './processes';
import { progress } from './progress';
import { readProcess, type ServerUnderTest } from './servers';
import { Recorder, Typist } from './typists';

export interface RoomSpec {
  label: string;
  connections: number;
  typists: number;
  perSecond: number;
  warmupMs: number;
  durationMs: number;
}

export interface RoomResult {
  propagation: ReturnType<typeof summarize>;
  acknowledgement: ReturnType<typeof summarize>;
  keystrokes: number;
  updateBytes: number;
  /** Server CPU while typing per keystroke; net: less the CPU it spends with nobody typing. */
  cpuMicrosPerKeystroke: number;
  netCpuMicrosPerKeystroke: number;
  /** Null when the server did not answer within 10 s after the run (backlogged). */
  loopDelayP99Ms: number | null;
  /** Rows appended per second to the room's document, and Yjs bytes written per update byte. */
  insertsPerSecond: number | null;
  writtenPerUpdateByte: number | null;
  /** Postgres WAL per keystroke while typing (whole server; null on PGlite and for the relay). */
  walPerKeystroke: number | null;
  /** Connections the server closed during the run, by close code (typists and tabs). */
  closesByCode: Record<string, number>;
  /** Collab server only: keystrokes acknowledged before the SIGKILL, and how many of them are missing. */
  acknowledgedBeforeKill: number | null;
  lostAfterKill: number | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runRoom(
  spec: RoomSpec,
  server: ServerUnderTest,
  crowd: ChildHandle<unknown>,
  document: string,
  headers: Record<string, string>,
  database: BenchDatabase,
): Promise<RoomResult> {
  const recorder = new Recorder();
  const group = `${spec.label}-${server.kind}`;
  const tabs = spec.connections - spec.typists;
  if (tabs > 0) {
    const opened = await crowd.request<{ synced: number }>('open', {
      group,
      url: server.wsUrl,
      documents: [document],
      perDocument: tabs,
      headers,
      awareness: true,
      reconnect: true,
      concurrency: 20,
    });
    if (opened.synced !== tabs)
      throw new Error(`${group}: ${opened.synced} of ${tabs} tabs synced`);
  }
  const typists = Array.from(
    { length: spec.typists },
    (_, i) => new Typist(server.wsUrl, document, headers, recorder, `Tipperin ${i + 1}`),
  );
  await Promise.all(typists.map((typist) => typist.synced()));
  progress(`${group}: ${tabs} tabs and ${spec.typists} typists connected`);
  // The server's CPU with everyone connected and nobody typing: subtracted as fixed overhead.
  const quiet = readProcess(server.pid);
  const quietStarted = performance.now();
  await sleep(2_000);
  const idleMicrosPerMs =
    (readProcess(server.pid).cpuMicros - quiet.cpuMicros) / (performance.now() - quietStarted);
  // Asked before typing starts: a server that falls behind would answer late.
  const before = await server.sample();
  const wal = await database.walPosition();
  await server.resetLoopDelay();
  const crowdBefore = tabs > 0 ? await crowd.request<GroupCounts>('counts', { group }) : null;
  for (const typist of typists) typist.start(spec.perSecond);
  await sleep(spec.warmupMs);

  const cpuBefore = readProcess(server.pid).cpuMicros;
  const recordingStarted = performance.now();
  recorder.isRecording = true;
  await sleep(spec.durationMs);
  recorder.isRecording = false;
  const cpuAfter = readProcess(server.pid).cpuMicros;
  const recordedMs = performance.now() - recordingStarted;
  // A server that fell behind answers late; its numbers from /proc above do not wait for it.
  const after = await server.sample(10_000).catch(() => null);
  const updateBytes = recorder.updateBytes;
  const walBytes = server.kind === 'collab' ? await database.walBytesSince(wal) : null;
  const typed = recorder.typed;
  const crowdAfter = tabs > 0 ? await crowd.request<GroupCounts>('counts', { group }) : null;
  const typistCloses = { ...recorder.closesByCode };

  progress(`${group}: recorded`);
  // Typing goes on unrecorded, so the last recorded keystrokes get their acknowledgement.
  await sleep(2_000);
  let acknowledgedBeforeKill: number | null = null;
  let lostAfterKill: number | null = null;
  // A profiled server is stopped gracefully instead: a killed process writes no profile.
  if (server.kind === 'collab' && !process.env.BENCH_PROFILE) {
    await server.kill();
    const acknowledged = typists.map((typist) => [typist.doc.clientID, typist.acknowledgedClock]);
    for (const typist of typists) typist.stop();
    const stored = await readDocument(document);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const row of stored.updates) Y.applyUpdate(doc, row.update);
    const storedClocks = Y.decodeStateVector(Y.encodeStateVector(doc));
    acknowledgedBeforeKill = 0;
    lostAfterKill = 0;
    for (const [client, clock] of acknowledged) {
      acknowledgedBeforeKill += clock!;
      lostAfterKill += Math.max(0, clock! - (storedClocks.get(client!) ?? 0));
    }
  }
  for (const typist of typists) typist.destroy();
  if (tabs > 0) await crowd.request('close', { group });

  const closesByCode: Record<string, number> = {};
  const add = (codes: Record<string, number>, sign: number) => {
    for (const [code, count] of Object.entries(codes)) {
      if (code === 'local') continue;
      closesByCode[code] = (closesByCode[code] ?? 0) + sign * count;
    }
  };
  add(typistCloses, 1);
  if (crowdAfter && crowdBefore) {
    add(crowdAfter.closesByCode, 1);
    add(crowdBefore.closesByCode, -1);
  }
  for (const [code, count] of Object.entries(closesByCode))
    if (count === 0) delete closesByCode[code];

  // Rows are counted over warm-up and recording (both had typing at the same rate).
  const typedSeconds = (spec.warmupMs + spec.durationMs) / 1000;
  const rows =
    before.collab && after?.collab ? after.collab.storedRows - before.collab.storedRows : null;
  return {
    propagation: summarize(recorder.propagation),
    acknowledgement: summarize(recorder.acknowledgement),
    keystrokes: recorder.keystrokes,
    updateBytes,
    cpuMicrosPerKeystroke: (cpuAfter - cpuBefore) / Math.max(1, recorder.keystrokes),
    netCpuMicrosPerKeystroke:
      (cpuAfter - cpuBefore - idleMicrosPerMs * recordedMs) / Math.max(1, recorder.keystrokes),
    loopDelayP99Ms: after?.loopDelayP99Ms ?? null,
    insertsPerSecond: rows === null ? null : rows / typedSeconds,
    writtenPerUpdateByte:
      server.kind === 'collab' && after
        ? (after.writtenBytes - before.writtenBytes) / Math.max(1, updateBytes)
        : null,
    walPerKeystroke: walBytes === null ? null : walBytes / Math.max(1, typed),
    closesByCode,
    acknowledgedBeforeKill,
    lostAfterKill,
  };
}
