/**
 * npm run bench:collab — the collaboration server beside a plain y-protocols relay (no checks, no
 * persistence) in the same run: propagation, durable acknowledgement, CPU per keystroke, memory of
 * idle connections, a reconnect storm after a restart, cold loads, and real editing traces.
 * Each server runs in its own process (CPU and RSS are the server's alone); the open tabs run in a
 * crowd process; the database is BENCH_DATABASE_URL or an in-memory PGlite in a bridge process.
 * BENCH_SCALE=small for a quick run; BENCH_ONLY=rooms,idle,storm,loading,replay for parts.
 */
import { cpus, loadavg } from 'node:os';
import type { CollabLimits } from '../app/server/collab/limits';
import { writeSnapshot } from '../app/server/collab/persistence.server';
import { startBenchDatabase } from './collab/database';
import { buildDocument, loadTrace } from './collab/documents';
import { createDocuments, createWorkspace, signIn } from './collab/fixtures';
import { runIdle } from './collab/idle';
import { runLoading } from './collab/loading';
import { isSelected, SCALE } from './collab/options';
import { ChildHandle } from './collab/processes';
import { replayPlain, runReplay } from './collab/replay';
import { addRow, count, megabytes, ms, pair, rows, seconds } from './collab/report';
import { runRoom, type RoomResult, type RoomSpec } from './collab/rooms';
import { progress } from './collab/progress';
import { copyBuild, startServer, type ServerKind, type ServerUnderTest } from './collab/servers';
import { runStorm } from './collab/storm';

process.env.LOG_LEVEL ??= 'warn';
process.setMaxListeners(0);
const KINDS: ServerKind[] = ['collab', 'relay'];
/** BENCH_FLUSH_WINDOW_MS: the rooms with another merge window (to weigh acks against inserts). */
const ROOM_LIMITS: Partial<CollabLimits> = process.env.BENCH_FLUSH_WINDOW_MS
  ? { flushWindowMs: Number(process.env.BENCH_FLUSH_WINDOW_MS) }
  : {};
const notes: string[] = [];
const startedAt = performance.now();

function print() {
  console.log(
    `\nbench:collab — scale ${SCALE.name}, database ${database.kind}, ${cpus().length} CPUs (load average at the end ${loadavg()[0]!.toFixed(1)}), node ${process.version}, ${seconds(performance.now() - startedAt)}`,
  );
  console.table(rows);
  for (const note of notes) console.log(`- ${note}`);
}
const watchdog = setTimeout(() => {
  notes.push('stopped by the 30-minute watchdog; rows above are what finished');
  print();
  process.exit(1);
}, 30 * 60_000);
watchdog.unref();

await copyBuild();
progress('starting the database');
const database = await startBenchDatabase();
const workspace = await createWorkspace();
const crowd = await ChildHandle.start<unknown>('./crowd.ts', {
  fds: SCALE.idle.documents * SCALE.idle.perDocument + 2_000,
});
let cookie = '';
const headersFor = (url: string) => ({ cookie, origin: url });

async function withServer<T>(
  kind: ServerKind,
  options: { limits?: Partial<CollabLimits>; fds?: number },
  run: (server: ServerUnderTest) => Promise<T>,
): Promise<T> {
  const server = await startServer(kind, database, options);
  try {
    if (!cookie && kind === 'collab') cookie = await signIn(server.url, workspace.account);
    return await run(server);
  } finally {
    await server.stop();
  }
}

async function part(name: string, run: () => Promise<void>) {
  progress(name);
  try {
    await run();
  } catch (error) {
    console.error(`bench:collab ${name} failed:`, error);
    addRow(`${name}: FAILED`, {
      collab: String((error as Error).message).slice(0, 60),
      isMet: false,
    });
  }
}

// A session is needed before anything connects to the collab server.
await withServer('collab', {}, () => Promise.resolve());

if (isSelected('rooms')) {
  const specs: RoomSpec[] = [
    { label: '2 editors', connections: 2, typists: 2, perSecond: 5, ...SCALE.rooms },
    {
      label: 'room 50 conns / 10 typists',
      connections: 50,
      typists: 10,
      perSecond: 5,
      ...SCALE.rooms,
    },
    {
      label: 'hot room 200 conns / 20 typists',
      connections: 200,
      typists: 20,
      perSecond: 5,
      ...SCALE.rooms,
    },
  ];
  const targets: Record<string, number> = {
    'room 50 conns / 10 typists': 15,
    'hot room 200 conns / 20 typists': 100,
  };
  // BENCH_ROOMS=2,50: only the rooms with that many connections.
  const only = process.env.BENCH_ROOMS?.split(',').map(Number);
  for (const spec of specs.filter((s) => !only || only.includes(s.connections))) {
    await part(spec.label, async () => {
      const results: Partial<Record<ServerKind, RoomResult>> = {};
      for (const kind of KINDS) {
        const [document] = await createDocuments(workspace, 1);
        progress(`${spec.label}: ${kind}`);
        results[kind] = await withServer(kind, { limits: ROOM_LIMITS }, (server) =>
          runRoom(spec, server, crowd, document!, headersFor(server.url), database),
        );
      }
      const ours = results.collab!;
      const relay = results.relay!;
      const target = targets[spec.label];
      addRow(`propagation p50 / p99 · ${spec.label}`, {
        collab: `${pair(ours.propagation.median, ours.propagation.p99)} (n=${count(ours.propagation.n)})`,
        relay: `${pair(relay.propagation.median, relay.propagation.p99)} (n=${count(relay.propagation.n)})`,
        ratio: ours.propagation.p99 / relay.propagation.p99,
        target: target ? `p99 ≤ ${target} ms` : '',
        isMet: target ? ours.propagation.p99 <= target : null,
      });
      const ratio = ours.netCpuMicrosPerKeystroke / relay.netCpuMicrosPerKeystroke;
      const cpu = (r: RoomResult) =>
        `${count(Math.round(r.netCpuMicrosPerKeystroke))} µs net, ${count(Math.round(r.cpuMicrosPerKeystroke))} gross (${count(r.keystrokes)} keys)`;
      addRow(`server CPU per keystroke · ${spec.label}`, {
        collab: cpu(ours),
        relay: cpu(relay),
        ratio,
        target: '≤ 1.3× relay (net)',
        isMet: ratio <= 1.3,
      });
      const closes = (codes: Record<string, number>) =>
        Object.entries(codes)
          .map(([code, n]) => `${n}× ${code}`)
          .join(', ') || 'none';
      addRow(`connections closed by the server · ${spec.label}`, {
        collab: closes(ours.closesByCode),
        relay: closes(relay.closesByCode),
        target: 'none',
        isMet: Object.keys(ours.closesByCode).length === 0,
      });
      const ack = ours.acknowledgement;
      addRow(`durable ack p50 / p99 · ${spec.label}`, {
        collab: `${pair(ack.median, ack.p99)} (${count(ack.n)} of ${count(ours.keystrokes)} keys acked)`,
        target: 'p99 ≤ 1.2 s, every key acked',
        isMet: ack.n === ours.keystrokes && ack.p99 <= 1200,
      });
      addRow(`acked keystrokes lost after SIGKILL · ${spec.label}`, {
        collab: `${ours.lostAfterKill} of ${ours.acknowledgedBeforeKill} acked clocks`,
        target: '0',
        isMet: ours.lostAfterKill === 0,
      });
      addRow(`inserts/s per active document · ${spec.label}`, {
        collab: (ours.insertsPerSecond ?? NaN).toFixed(2),
        relay: '0 (no persistence)',
        target: '≤ 1',
        isMet: (ours.insertsPerSecond ?? Infinity) <= 1,
      });
      addRow(`bytes written per update byte · ${spec.label}`, {
        collab: `${(ours.writtenPerUpdateByte ?? NaN).toFixed(2)} (${count(ours.updateBytes)} update bytes)`,
        target: '≤ 2',
        isMet: (ours.writtenPerUpdateByte ?? Infinity) <= 2,
      });
      addRow(`WAL per keystroke · ${spec.label}`, {
        collab:
          ours.walPerKeystroke === null
            ? `n/a (${database.kind})`
            : `${Math.round(ours.walPerKeystroke)} B`,
      });
      const delay = (value: number | null) =>
        value === null ? 'no answer within 10 s' : ms(value);
      notes.push(
        `${spec.label}: server event-loop delay p99 ${delay(ours.loopDelayP99Ms)} (collab) vs ${delay(relay.loopDelayP99Ms)} (relay)`,
      );
    });
  }
}

if (isSelected('idle')) {
  const { documents: documentCount, perDocument, rampLimitMs } = SCALE.idle;
  const label = `RSS · ${count(documentCount * perDocument)} idle connections / ${count(documentCount)} docs`;
  await part(label, async () => {
    const documents = await createDocuments(workspace, documentCount);
    const results = [];
    for (const kind of KINDS) {
      progress(`idle: ${kind}`);
      results.push(
        await withServer(kind, { fds: documentCount * perDocument + 2_000 }, (server) =>
          runIdle(server, crowd, documents, perDocument, headersFor(server.url), rampLimitMs),
        ),
      );
    }
    const [ours, relay] = results as [
      Awaited<ReturnType<typeof runIdle>>,
      Awaited<ReturnType<typeof runIdle>>,
    ];
    const describe = (r: typeof ours) =>
      `${megabytes(r.rssBytes)} (idle ${megabytes(r.baselineRssBytes)}, +${((r.rssBytes - r.baselineRssBytes) / Math.max(1, r.synced) / 1024).toFixed(1)} KB/conn)` +
      (r.synced < r.connections
        ? `, only ${count(r.synced)} connected in ${seconds(r.rampMs)}`
        : '');
    addRow(label, {
      collab: describe(ours),
      relay: describe(relay),
      ratio: ours.rssBytes / relay.rssBytes,
      target: '≤ 200 MB',
      isMet: ours.rssBytes <= 200 * 1024 * 1024 && ours.synced === ours.connections,
    });
    addRow(`server CPU at rest · ${count(ours.connections)} idle connections`, {
      collab: `${(ours.idleCpuMsPerSecond / 10).toFixed(1)} % of a core`,
      relay: `${(relay.idleCpuMsPerSecond / 10).toFixed(1)} % of a core`,
      ratio: ours.idleCpuMsPerSecond / relay.idleCpuMsPerSecond,
    });
    notes.push(
      `idle: ${count(ours.synced)}/${count(ours.connections)} synced in ${seconds(ours.rampMs)} (collab), ${count(relay.synced)} in ${seconds(relay.rampMs)} (relay), 16 connecting at a time, ramp limited to ${seconds(rampLimitMs)}; heap ${megabytes(ours.heapUsedBytes)} vs ${megabytes(relay.heapUsedBytes)}; tabs renew awareness every 15 s and echo others' (y-websocket)`,
    );
  });
}

if (isSelected('storm')) {
  const { documents: documentCount, perDocument, bytes } = SCALE.storm;
  const label = `reconnect storm · ${count(documentCount * perDocument)} clients / ${documentCount} docs`;
  await part(label, async () => {
    const { state } = buildDocument(bytes * 0.9, 1, 7);
    const documents = await createDocuments(workspace, documentCount);
    for (const document of documents) await writeSnapshot(document, state, 0);
    const results = [];
    for (const kind of KINDS) {
      progress(`storm: ${kind}`);
      results.push(
        await runStorm(kind, database, crowd, documents, perDocument, state, headersFor),
      );
    }
    const [ours, relay] = results as [
      Awaited<ReturnType<typeof runStorm>>,
      Awaited<ReturnType<typeof runStorm>>,
    ];
    const describe = (r: typeof ours) =>
      `${seconds(r.lastMs)} (p50 ${seconds(r.p50Ms)}, ${r.synced}/${r.clients} synced)`;
    addRow(`${label} of ${Math.round(state.byteLength / 1024)} KB`, {
      collab: describe(ours),
      relay: describe(relay),
      ratio: ours.lastMs / relay.lastMs,
      target: '≤ 5 s',
      isMet: ours.lastMs <= 5_000 && ours.synced === ours.clients,
    });
    notes.push(
      `storm: restart (SIGTERM → new process listening) ${seconds(ours.restartMs)} collab, ${seconds(relay.restartMs)} relay; server CPU during the storm ${seconds(ours.cpuMicros / 1000)} vs ${seconds(relay.cpuMicros / 1000)}`,
    );
  });
}

if (isSelected('loading')) {
  await part('cold loads', async () => {
    const result = await withServer('collab', { limits: { unloadAfterMs: 100 } }, (server) =>
      runLoading(SCALE.loading, server, workspace, headersFor(server.url)),
    );
    const size = `${(result.megabyteBytes / 1024 / 1024).toFixed(2)} MB`;
    addRow(`${size} document ready p50 / p99 · snapshot`, {
      collab: `${pair(result.megabyteSnapshot.median, result.megabyteSnapshot.p99)} (n=${result.megabyteSnapshot.n})`,
      target: 'p99 ≤ 250 ms',
      isMet: result.megabyteSnapshot.p99 <= 250,
    });
    addRow(`${size} document ready p50 / max · 499 rows, before compaction`, {
      collab: `${pair(result.megabyteRows.median, result.megabyteRows.p99)} (n=${result.megabyteRows.n})`,
    });
    addRow(`${size} document ready p50 / max · same, after compaction`, {
      collab: `${pair(result.megabyteRowsAfter.median, result.megabyteRowsAfter.p99)} (n=${result.megabyteRowsAfter.n})`,
    });
    addRow(
      `${count(SCALE.loading.editCount)}-edit document ready p50 / max · as raw rows, compacted on load`,
      {
        collab: `${pair(result.editRows.median, result.editRows.p99)} (n=${result.editRows.n})`,
        ratio: result.editRows.median / result.editSnapshot.median,
      },
    );
    const ratio = result.editTail.median / result.editSnapshot.median;
    addRow(
      `${count(SCALE.loading.editCount)}-edit document ready p50 / max · snapshot + 499-row tail (compaction at 500)`,
      {
        collab: `${pair(result.editTail.median, result.editTail.p99)} (n=${result.editTail.n})`,
        ratio,
        target: '≤ 2× snapshot-only',
        isMet: ratio <= 2,
      },
    );
    addRow(
      `${count(SCALE.loading.editCount)}-edit document ready p50 / p99 · snapshot (${Math.round(result.editSnapshotBytes / 1024)} KB)`,
      {
        collab: `${pair(result.editSnapshot.median, result.editSnapshot.p99)} (n=${result.editSnapshot.n})`,
      },
    );
  });
}

if (isSelected('replay')) {
  const limits = {
    messagesPerSecond: 1e9,
    messageBurst: 1e9,
    framesPerSecond: 1e9,
    frameBurst: 1e9,
    unloadAfterMs: 1_000,
  };
  const traces = SCALE.traces.map((name) => loadTrace(name));
  const results = new Map<
    string,
    Partial<Record<ServerKind, Awaited<ReturnType<typeof runReplay>>>>
  >();
  for (const kind of KINDS) {
    await part(`replay (${kind})`, () =>
      withServer(kind, { limits }, async (server) => {
        for (const trace of traces) {
          const [document] = await createDocuments(workspace, 1);
          progress(`replay ${trace.name}: ${kind}`);
          const result = await runReplay(
            trace,
            server,
            database,
            document!,
            headersFor(server.url),
          );
          results.set(trace.name, { ...results.get(trace.name), [kind]: result });
        }
      }),
    );
  }
  for (const trace of traces) {
    const { collab: ours, relay } = results.get(trace.name) ?? {};
    if (!ours || !relay) continue;
    const plain = replayPlain(trace);
    const label = `replay ${trace.name} (${count(ours.keystrokes)} keys)`;
    const yes = (value: boolean | null) => (value === null ? 'n/a' : value ? 'yes' : 'NO');
    addRow(`${label} · text = endContent (observer / stored)`, {
      collab: `${yes(ours.isTextEqual)} / ${yes(ours.isStoredEqual)}`,
      relay: `${yes(relay.isTextEqual)} / n/a`,
      target: 'equal',
      isMet: ours.isTextEqual && ours.isStoredEqual === true,
    });
    addRow(`${label} · time propagated / durable`, {
      collab: `${seconds(ours.propagatedMs)} / ${seconds(ours.durableMs ?? NaN)}${ours.isAcknowledged ? '' : ' (no ack received)'}`,
      relay: `${seconds(relay.propagatedMs)} (plain Yjs ${seconds(plain.ms)})`,
      ratio: ours.propagatedMs / relay.propagatedMs,
    });
    const written = (ours.writtenBytes ?? NaN) / ours.updateBytes;
    addRow(`${label} · bytes written per update byte`, {
      collab: `${written.toFixed(2)} (${megabytes(ours.writtenBytes ?? NaN)} for ${megabytes(ours.updateBytes)}; Yjs doc ${Math.round(plain.bytes / 1024)} KB)`,
      target: '≤ 2',
      isMet: written <= 2,
    });
    addRow(`${label} · WAL per keystroke`, {
      collab:
        ours.walBytes === null
          ? 'n/a (PGlite)'
          : `${Math.round(ours.walBytes / ours.keystrokes)} B`,
    });
  }
  notes.push(
    'replay: the collab server ran with its message and frame rate limits lifted (one message per keystroke, ≤ 100 in flight); flush window and compaction as configured by default',
  );
  if (database.kind === 'postgres')
    notes.push(
      'WAL is pg_current_wal_lsn() of the whole Postgres server: other sessions writing at the same time add to it',
    );
}

await crowd.stop();
await database.close();
clearTimeout(watchdog);
print();
process.exit(0);
