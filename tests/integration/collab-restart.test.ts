import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  connectClient,
  eventually,
  missingTokens,
  Typist,
  type CollabClient,
} from '../fixtures/collab';
import { startServerProcess, type ServerProcess } from '../fixtures/collab-server-process';
import { createDatabaseFromTemplate } from '../setup/database-template';

const TYPISTS = 5;
const KEYSTROKE_MS = 25;
/** While the server shuts down: fast, so keystrokes cross its close frames. */
const SHUTDOWN_KEYSTROKE_MS = 4;
/** Compaction runs while the clients type and around the kill; the rate limit is not under test. */
const LIMITS = { compactAfterRows: 10, messagesPerSecond: 2_000, messageBurst: 2_000 };

let databaseEnv: Record<string, string>;
let dropDatabase: () => Promise<void> = async () => {};
let measureId: string;
let cookie: string;
let running: ServerProcess | null = null;
let clients: CollabClient[] = [];

/** A database of the child's own: a Postgres copy of the template, or a PGlite directory. */
beforeAll(async () => {
  const template = inject('databaseTemplate');
  if (template.kind === 'postgres') {
    const fresh = await createDatabaseFromTemplate(template);
    await fresh.database.close();
    databaseEnv = { DATABASE_URL: fresh.url! };
    dropDatabase = fresh.drop;
  } else {
    const dataDir = resolve('.data/test', `collab-restart-${randomBytes(4).toString('hex')}`);
    databaseEnv = { PGLITE_DATA_DIR: dataDir, PGLITE_TEMPLATE_DUMP: template.dumpPath };
    dropDatabase = async () => rmSync(dataDir, { recursive: true, force: true });
  }
  const first = await start({ SEED: '1' });
  measureId = first.seeded!.measureId;
  cookie = first.seeded!.cookie;
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  running?.signal('SIGKILL');
  await running?.exited;
  await dropDatabase();
});

async function start(extra: Record<string, string> = {}): Promise<ServerProcess> {
  running = await startServerProcess({
    ...databaseEnv,
    COLLAB_LIMITS: JSON.stringify(LIMITS),
    ...extra,
  });
  return running;
}

function connectTypists(url: string, round: string): Typist[] {
  return Array.from({ length: TYPISTS }, (_, i) => {
    const client = connectClient({ url, measureId, cookie });
    clients.push(client);
    return new Typist(client, `${round}${i}`);
  });
}

/** Connects, waits for the sync and types until every typist has `saved` acknowledged keystrokes. */
async function typeUntilSaved(url: string, round: string, saved: number): Promise<Typist[]> {
  const typists = connectTypists(url, round);
  await eventually(() => expect(typists.every((t) => t.client.provider.synced)).toBe(true));
  for (const typist of typists) typist.start(KEYSTROKE_MS);
  await eventually(() =>
    expect(Math.min(...typists.map((t) => t.acknowledged().length))).toBeGreaterThanOrEqual(saved),
  );
  return typists;
}

/** The document as a client that connects to a freshly started server sees it. */
async function readBack(url: string): Promise<CollabClient> {
  const reader = connectClient({ url, measureId, cookie });
  clients.push(reader);
  await eventually(() => expect(reader.provider.synced).toBe(true));
  return reader;
}

function forget(typists: Typist[]) {
  for (const typist of typists) {
    typist.stop();
    typist.client.destroy();
  }
  clients = clients.filter((client) => !typists.some((t) => t.client === client));
}

/** The server of the previous step, or a fresh one if that step failed before restarting it. */
async function current(): Promise<ServerProcess> {
  return running && !running.hasExited() ? running : start();
}

describe('collab server restarts', () => {
  it('kill -9 while five clients type: every acknowledged keystroke survives the restart', async () => {
    const killed = await current();
    const typists = await typeUntilSaved(killed.url, 'k', 10);
    killed.signal('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');
    await eventually(() => expect(typists.every((t) => !t.client.provider.wsconnected)).toBe(true));
    const acknowledged = typists.flatMap((t) => t.acknowledged());
    // The clients go away with whatever was not saved, so the restart shows what was stored.
    forget(typists);
    expect(acknowledged.length).toBeGreaterThanOrEqual(TYPISTS * 10);

    const restarted = await start();
    const reader = await readBack(restarted.url);
    expect(missingTokens(reader.doc, acknowledged)).toEqual([]);
  });

  it('SIGTERM while five clients type: every keystroke that reached the server is stored', async () => {
    const stopped = await current();
    const typists = await typeUntilSaved(stopped.url, 't', 10);
    stopped.signal('SIGTERM');
    for (const typist of typists) {
      typist.stop();
      typist.start(SHUTDOWN_KEYSTROKE_MS);
    }
    expect(await stopped.exited).toEqual({ code: 0, signal: null });
    for (const typist of typists) typist.stop();
    const sent = typists.flatMap((t) => t.sent());
    expect(sent.length).toBeGreaterThan(typists.flatMap((t) => t.acknowledged()).length);
    forget(typists);

    const restarted = await start();
    const reader = await readBack(restarted.url);
    expect(missingTokens(reader.doc, sent)).toEqual([]);
  });
});
