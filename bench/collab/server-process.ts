/**
 * Child process: the server under test, alone in its process so its CPU and memory can be read
 * without the clients'. BENCH_SERVER=collab runs the real app server with the collab server at
 * /collab/ (DATABASE_URL points at the bench database); BENCH_SERVER=relay runs the plain relay.
 * SIGTERM closes gracefully (the collab server flushes and closes sockets spread over 1 s).
 */
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import pg from 'pg';
import type { CollabLimits } from '../../app/server/collab/limits';
import { announceReady, serveRequests } from './ipc';

export interface ServerSample {
  cpuMicros: number;
  rssBytes: number;
  heapUsedBytes: number;
  externalBytes: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Bytes of Yjs data (bytea parameters) written into collab.* tables, and those statements. */
  writtenBytes: number;
  writeStatements: number;
  collab: {
    rooms: number;
    connections: number;
    storedRows: number;
    storedBytes: number;
    compactions: number;
    refusedUpdates: number;
    droppedAwareness: number;
    failedWrites: number;
  } | null;
}

const kind = process.env.BENCH_SERVER;
const limits = JSON.parse(process.env.BENCH_COLLAB_LIMITS ?? '{}') as Partial<CollabLimits>;
const written = { bytes: 0, statements: 0 };

// Bench probe: count what reaches Postgres for the collab tables, whichever module sends it.
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (
  this: pg.Client,
  ...args: unknown[]
) {
  const [config, values] = args as [string | { text?: string; values?: unknown[] }, unknown];
  const text = typeof config === 'string' ? config : (config?.text ?? '');
  if (/^\s*(insert|update)\s+(into\s+)?collab\./i.test(text)) {
    const params = Array.isArray(values) ? values : typeof config === 'object' ? config.values : [];
    written.statements += 1;
    for (const value of params ?? []) if (Buffer.isBuffer(value)) written.bytes += value.byteLength;
  }
  return query.apply(this, args);
};

const loop = monitorEventLoopDelay({ resolution: 20 });
loop.enable();

let url: string;
let shutdown: () => Promise<void>;
let collabStats: () => ServerSample['collab'] = () => null;

if (kind === 'collab') {
  const [{ CollabServer }, { startTestServer }, { COLLAB_PATH_PREFIX }, { getDatabase }] =
    await Promise.all([
      import('../../app/server/collab/collab-server'),
      import('../../tests/setup/app-server'),
      import('../../app/lib/collab/protocol'),
      import('../../app/lib/db/client.server'),
    ]);
  const collab = new CollabServer({ allowedOrigins: [], limits });
  const server = await startTestServer({ [COLLAB_PATH_PREFIX]: collab.handleUpgrade });
  await (await getDatabase()).pool.query('select 1');
  url = server.url;
  collabStats = () => collab.getStats();
  shutdown = async () => {
    await collab.close(1000);
    await server.close();
    await (await getDatabase()).close();
  };
} else {
  const { createRelay } = await import('./relay');
  const relay = createRelay();
  await new Promise<void>((resolve) => relay.server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(relay.server.address() as AddressInfo).port}`;
  shutdown = async () => {
    relay.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
  };
}

function sample(): ServerSample {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    cpuMicros: cpu.user + cpu.system,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    externalBytes: memory.external,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    loopDelayMaxMs: loop.max / 1e6,
    writtenBytes: written.bytes,
    writeStatements: written.statements,
    collab: collabStats(),
  };
}

const collect = (globalThis as { gc?: () => void }).gc;
serveRequests({
  sample: () => sample(),
  /** A full collection first, so RSS and heap show what is held rather than what awaits collection. */
  settledSample: async () => {
    for (let i = 0; i < 3; i += 1) {
      collect?.();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // BENCH_HEAP_SNAPSHOT=<dir>: a heap snapshot per settled sample, to see what connections hold.
    if (process.env.BENCH_HEAP_SNAPSHOT)
      writeHeapSnapshot(
        `${process.env.BENCH_HEAP_SNAPSHOT}/${kind}-${process.pid}-${Date.now()}.heapsnapshot`,
      );
    return sample();
  },
  resetLoopDelay: () => loop.reset(),
});

let isStopping = false;
process.on('SIGTERM', () => {
  if (isStopping) return;
  isStopping = true;
  void shutdown()
    .catch((error: unknown) => console.error('server shutdown failed', error))
    .finally(() => process.exit(0));
});
announceReady({ url });
