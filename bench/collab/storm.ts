/**
 * Reconnect storm: `clients` tabs on documents of ~300 KB, all synced; the server restarts
 * (SIGTERM, a new process); then every tab reconnects at once with the state it holds (its state
 * vector, and a step-2 answer with whatever the new server lacks — everything, for the relay,
 * which keeps nothing). Measured from the new server listening to the last tab's sync step 2.
 */
import type { CollabLimits } from '../../app/server/collab/limits';
import type { BenchDatabase } from './database';
import type { ChildHandle } from './processes';
import { readProcess, startServer, type ServerKind } from './servers';

export interface StormResult {
  clients: number;
  synced: number;
  failed: number;
  p50Ms: number;
  lastMs: number;
  restartMs: number;
  cpuMicros: number;
}

export async function runStorm(
  kind: ServerKind,
  database: BenchDatabase,
  crowd: ChildHandle<unknown>,
  documents: string[],
  perDocument: number,
  state: Uint8Array,
  headers: (url: string) => Record<string, string>,
  limits?: Partial<CollabLimits>,
): Promise<StormResult> {
  const fds = documents.length * perDocument + 1_000;
  const first = await startServer(kind, database, { fds, limits });
  const group = `storm-${kind}`;
  const opened = await crowd.request<{ synced: number }>('open', {
    group,
    url: first.wsUrl,
    documents,
    perDocument,
    headers: headers(first.url),
    awareness: true,
    reconnect: false,
    state: Buffer.from(state).toString('base64'),
    concurrency: 50,
  });
  if (opened.synced !== documents.length * perDocument)
    throw new Error(`storm: only ${opened.synced} clients synced before the restart`);
  const restarted = performance.now();
  await first.stop();
  const second = await startServer(kind, database, { fds, limits });
  const restartMs = performance.now() - restarted;
  const before = readProcess(second.pid);
  const result = await crowd.request<{
    synced: number;
    failed: number;
    p50Ms: number;
    lastMs: number;
  }>('reconnect', { group, url: second.wsUrl, headers: headers(second.url) });
  const after = readProcess(second.pid);
  await crowd.request('close', { group });
  await second.stop();
  return {
    clients: documents.length * perDocument,
    ...result,
    restartMs,
    cpuMicros: after.cpuMicros - before.cpuMicros,
  };
}
