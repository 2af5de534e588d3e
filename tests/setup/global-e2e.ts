import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { adminQuery, urlForDatabase } from './database-template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the app started for this run; empty when browser tests are skipped. */
    e2eBaseUrl: string;
    /** The Chromium binary the browser tests drive, or null when there is none (the tests are skipped). */
    e2eChromiumPath: string | null;
    /** Everything the app wrote to stdout and stderr during this run (JSON log lines at LOG_LEVEL=warn). */
    e2eServerLog: string;
  }
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const READY_LINE = /läuft auf http:\/\/localhost:(\d+)/;
const START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

function findChromium(): string | null {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  return existsSync(path) ? path : null;
}

interface FreshDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A Postgres database on TEST_DATABASE_URL's server, else an embedded PGlite directory; empty either way. */
async function createFreshDatabase(runDirectory: string): Promise<FreshDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const name = `mpw_e2e_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    await adminQuery(adminUrl, `create database ${name}`);
    return {
      env: { DATABASE_URL: urlForDatabase(adminUrl, name) },
      drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`),
    };
  }
  return { env: { PGLITE_DATA_DIR: resolve(runDirectory, 'pglite') }, drop: async () => {} };
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

/** Signals the app's whole process group (tsx runs the app in a child process of its own). */
function signalApp(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

async function stopApp(child: ChildProcess): Promise<void> {
  signalApp(child, 'SIGTERM');
  if (await waitForExit(child, STOP_GRACE_MS)) return;
  signalApp(child, 'SIGKILL');
  await waitForExit(child, STOP_GRACE_MS);
}

/** Starts `tsx app/server/main.ts` (the production build) and resolves with its port once it listens. */
function startApp(
  env: NodeJS.ProcessEnv,
  logPath: string,
): { child: ChildProcess; port: Promise<number> } {
  const child = spawn(resolve(ROOT, 'node_modules/.bin/tsx'), ['app/server/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  let isListening = false;
  const port = new Promise<number>((done, fail) => {
    const timer = setTimeout(() => {
      fail(
        new Error(
          `The app did not start listening within ${START_TIMEOUT_MS / 1000} s. Its output:\n${output}`,
        ),
      );
    }, START_TIMEOUT_MS);
    const record = (chunk: string) => {
      appendFileSync(logPath, chunk);
      if (isListening) return;
      output += chunk;
      const match = READY_LINE.exec(output);
      if (match?.[1]) {
        isListening = true;
        clearTimeout(timer);
        done(Number(match[1]));
      }
    };
    child.stdout?.setEncoding('utf8').on('data', record);
    child.stderr?.setEncoding('utf8').on('data', record);
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(new Error(`The app could not be started: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(
        new Error(
          `The app exited (${signal ?? `code ${code}`}) before it listened. Its output:\n${output}`,
        ),
      );
    });
  });
  return { child, port };
}

/**
 * Starts the real app (production build, fresh database) for the browser tests and provides its
 * URL. Without Chromium the tests are skipped, unless REQUIRE_E2E=1 demands them.
 */
export default async function setup(project: TestProject) {
  const chromiumPath = findChromium();
  project.provide('e2eChromiumPath', chromiumPath);
  if (!chromiumPath) {
    if (process.env.REQUIRE_E2E === '1') {
      throw new Error(
        `Chromium not found at ${process.env.CHROMIUM_PATH || '/usr/bin/chromium'} and REQUIRE_E2E=1: install it or set CHROMIUM_PATH`,
      );
    }
    console.log('Chromium not found — skipping browser tests; set REQUIRE_E2E=1 to require them');
    project.provide('e2eBaseUrl', '');
    project.provide('e2eServerLog', '');
    return;
  }
  if (!existsSync(resolve(ROOT, 'build/server/index.js'))) {
    throw new Error('No build: run `npm run build` (npm test does) before the browser tests');
  }

  const dataDirectory = resolve(ROOT, '.data');
  mkdirSync(dataDirectory, { recursive: true });
  const runDirectory = mkdtempSync(resolve(dataDirectory, 'e2e-'));
  const logPath = resolve(runDirectory, 'server.log');
  writeFileSync(logPath, '');
  const database = await createFreshDatabase(runDirectory);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.PGLITE_DATA_DIR;
  Object.assign(env, database.env);

  const { child, port } = startApp(env, logPath);
  // Should Vitest itself go away without teardown, the app must not outlive it.
  const killOnExit = () => signalApp(child, 'SIGKILL');
  process.once('exit', killOnExit);

  const teardown = async () => {
    await stopApp(child);
    process.removeListener('exit', killOnExit);
    await database.drop();
    rmSync(runDirectory, { recursive: true, force: true });
  };

  try {
    project.provide('e2eBaseUrl', `http://127.0.0.1:${await port}`);
    project.provide('e2eServerLog', logPath);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
