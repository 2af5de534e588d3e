/**
 * Memory of idle connections: `connections` tabs spread over `documents` empty documents, each
 * synced with an awareness state (renewed every 15 s, echoed like y-websocket). The server's RSS is
 * read after a full GC, before the first connection and once all are synced.
 */
import type { OpenResult } from './crowd';
import type { ChildHandle } from './processes';
import type { ServerUnderTest } from './servers';

export interface IdleResult {
  connections: number;
  synced: number;
  rampMs: number;
  baselineRssBytes: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** Server CPU per second of wall time with every connection open and idle. */
  idleCpuMsPerSecond: number;
}

export async function runIdle(
  server: ServerUnderTest,
  crowd: ChildHandle<unknown>,
  documents: string[],
  perDocument: number,
  headers: Record<string, string>,
  rampLimitMs: number,
): Promise<IdleResult> {
  const baseline = await server.settledSample();
  const group = `idle-${server.kind}`;
  const opened = await crowd.request<OpenResult>('open', {
    group,
    url: server.wsUrl,
    documents,
    perDocument,
    headers,
    awareness: true,
    reconnect: false,
    concurrency: 16,
    deadlineMs: rampLimitMs,
  });
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const quiet = await server.sample();
  const quietStarted = performance.now();
  // 16 s: every tab renews its awareness state within 15 s, so the window holds one round of
  // renewals for either server, however long its ramp took.
  await new Promise((resolve) => setTimeout(resolve, 16_000));
  const idleCpuMsPerSecond =
    ((await server.sample()).cpuMicros - quiet.cpuMicros) / (performance.now() - quietStarted);
  const loaded = await server.settledSample();
  await crowd.request('close', { group });
  return {
    connections: documents.length * perDocument,
    synced: opened.synced,
    rampMs: opened.ms,
    baselineRssBytes: baseline.rssBytes,
    rssBytes: loaded.rssBytes,
    heapUsedBytes: loaded.heapUsedBytes,
    idleCpuMsPerSecond,
  };
}
