import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CollabLimits } from '../../app/server/collab/limits';
import { COLLAB_PATH_PREFIX } from '../../app/lib/collab/protocol';
import type { BenchDatabase } from './database';
import { ChildHandle } from './processes';
import type { ServerSample } from './server-process';

export type ServerKind = 'collab' | 'relay';

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
const BUILD_COPY = resolve(`.data/bench-collab-${process.pid}`);

/**
 * The server processes serve a private copy of build/ (from their working directory): other
 * checkouts' `react-router build` replace build/ while a long benchmark runs.
 */
export async function copyBuild(): Promise<void> {
  await pollUntil(
    () => existsSync('build/server/index.js'),
    'build/ (npm run build)',
    120_000,
    500,
  );
  cpSync('build', `${BUILD_COPY}/build`, { recursive: true });
  process.once('exit', () => rmSync(BUILD_COPY, { recursive: true, force: true }));
  await bundleServer();
}

const SERVER_BUNDLE = `${BUILD_COPY}/server-process.mjs`;

/**
 * The server process as one bundled ES module run by plain node, as a production server would run
 * (not through tsx, whose loader alone holds tens of MB). Packages stay imports from node_modules.
 * BENCH_TSX=1 runs the TypeScript sources under tsx instead.
 */
async function bundleServer(): Promise<void> {
  if (process.env.BENCH_TSX === '1') return;
  // esbuild comes with vite; the benchmark only, never the app.
  const { build } = await import('esbuild');
  await build({
    entryPoints: [resolve('bench/collab/server-process.ts')],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    alias: { '~': resolve('app') },
    logLevel: 'warning',
  });
  copyFileSync(
    resolve('app/server/collab/compaction-worker.mjs'),
    `${BUILD_COPY}/compaction-worker.mjs`,
  );
}

export interface ServerUnderTest {
  kind: ServerKind;
  url: string;
  /** ws://…/collab — a client appends `/<document name>`. */
  wsUrl: string;
  pid: number;
  sample(timeoutMs?: number): Promise<ServerSample>;
  settledSample(): Promise<ServerSample>;
  resetLoopDelay(): Promise<void>;
  /** Graceful: SIGTERM, the server flushes and closes its sockets. */
  stop(): Promise<void>;
  /** A crash: SIGKILL, nothing is flushed. */
  kill(): Promise<void>;
}

/** Starts the collab server (real app server, bench database) or the plain relay in a child process. */
export async function startServer(
  kind: ServerKind,
  database: BenchDatabase,
  options: { limits?: Partial<CollabLimits>; fds?: number } = {},
): Promise<ServerUnderTest> {
  const isBundled = existsSync(SERVER_BUNDLE);
  const handle = await ChildHandle.start<{ url: string }>(
    isBundled ? SERVER_BUNDLE : './server-process.ts',
    {
      isPlainNode: isBundled,
      fds: options.fds,
      cwd: existsSync(BUILD_COPY) ? BUILD_COPY : undefined,
      // BENCH_PROFILE=<dir>: a V8 CPU profile of every server process, written when it exits.
      // BENCH_NODE_FLAGS: extra Node/V8 flags for the server processes (e.g. --trace-gc).
      execArgv: [
        ...(process.env.BENCH_PROFILE
          ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_PROFILE)}`]
          : []),
        ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
      ],
      env: {
        BENCH_SERVER: kind,
        // As the Node entry does: React's production build, our configuration's own environment.
        APP_ENV: process.env.APP_ENV ?? process.env.NODE_ENV ?? 'development',
        NODE_ENV: 'production',
        BENCH_COLLAB_LIMITS: JSON.stringify(options.limits ?? {}),
        DATABASE_URL: database.url,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      },
    },
  );
  const { url } = handle.ready;
  return {
    kind,
    url,
    wsUrl: `${url.replace(/^http/, 'ws')}${COLLAB_PATH_PREFIX.replace(/\/$/, '')}`,
    pid: handle.process.pid!,
    sample: (timeoutMs) => handle.request<ServerSample>('sample', {}, timeoutMs),
    settledSample: () => handle.request<ServerSample>('settledSample'),
    resetLoopDelay: () => handle.request<void>('resetLoopDelay'),
    // The relay has nothing to flush: a backlogged one is not waited for long.
    stop: () => handle.stop('SIGTERM', kind === 'relay' ? 5_000 : 30_000),
    kill: () => handle.stop('SIGKILL'),
  };
}

/** Asks `probe` every `everyMs` until it holds; throws after `timeoutMs`. */
export async function pollUntil(
  probe: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 60_000,
  everyMs = 20,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await probe())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * CPU time (user + system, µs) and RSS of a process from /proc, read without its cooperation — a
 * server whose event loop is backlogged still answers.
 */
export function readProcess(pid: number): { cpuMicros: number; rssBytes: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const pageSize = 4096;
  return { cpuMicros: (ticks * 1e6) / CLOCK_TICKS, rssBytes: Number(fields[21]) * pageSize };
}
