/**
 * Child process: the many connections that are not measured one by one — open tabs in a room,
 * idle tabs, reconnecting clients. Each behaves like y-websocket's client on the wire: sync step 1
 * on open, a step-2 answer to the server's step 1, a local awareness state renewed every 15 s, and
 * (as WebsocketProvider does) every awareness change it receives sent back to the server.
 */
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../app/lib/collab/protocol';
import { announceReady, serveRequests } from './ipc';
import {
  awarenessFrame,
  EMPTY_STATE_VECTOR,
  EMPTY_UPDATE,
  readAwareness,
  SYNC_STEP1,
  SYNC_STEP2,
  syncFrame,
  toBytes,
} from './wire';

export interface GroupSpec {
  group: string;
  /** ws://host:port/collab — the document name is appended. */
  url: string;
  documents: string[];
  perDocument: number;
  headers: Record<string, string>;
  /** Announce, renew and echo awareness like WebsocketProvider. */
  awareness: boolean;
  /** Reconnect with y-websocket's backoff after the server closes the connection. */
  reconnect: boolean;
  /** The document state these clients already hold (base64 update); empty when absent. */
  state?: string;
  concurrency: number;
  /** Stop starting new connections this long after the first (the run stays bounded). */
  deadlineMs?: number;
}

export interface OpenResult {
  synced: number;
  failed: number;
  ms: number;
}

export interface GroupCounts {
  connected: number;
  received: number;
  sent: number;
  closesByCode: Record<string, number>;
}

const AWARENESS_RENEW_MS = 15_000;
const MAX_BACKOFF_MS = 2_500;
const CONNECT_TIMEOUT_MS = 60_000;

class Group {
  readonly clients: Client[] = [];
  readonly counts: GroupCounts = { connected: 0, received: 0, sent: 0, closesByCode: {} };
  readonly state: Uint8Array;
  readonly stateVector: Uint8Array;
  private readonly diffs = new Map<string, Uint8Array>();
  isClosing = false;

  constructor(readonly spec: GroupSpec) {
    this.state = spec.state ? new Uint8Array(Buffer.from(spec.state, 'base64')) : EMPTY_UPDATE;
    this.stateVector = spec.state ? Y.encodeStateVectorFromUpdate(this.state) : EMPTY_STATE_VECTOR;
  }

  /** What this client sends in answer to the server's state vector (y-websocket: step 2). */
  answer(serverVector: Uint8Array): Uint8Array {
    const key = Buffer.from(serverVector).toString('base64');
    let diff = this.diffs.get(key);
    if (!diff) {
      diff = syncFrame(SYNC_STEP2, Y.diffUpdate(this.state, serverVector));
      this.diffs.set(key, diff);
    }
    return diff;
  }
}

class Client {
  private socket: WebSocket | null = null;
  private readonly clientId = 1 + Math.floor(Math.random() * 0x7ffffffe);
  private awarenessClock = 0;
  private readonly known = new Map<number, number>();
  private failures = 0;
  private renewTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly group: Group,
    private readonly document: string,
    private url: string,
  ) {}

  /** Resolves with true once the server's step 2 arrived, false when the attempt failed. */
  connect(url = this.url): Promise<boolean> {
    this.url = url;
    const { spec, counts } = this.group;
    return new Promise<boolean>((resolve) => {
      let isSettled = false;
      const settle = (isSynced: boolean) => {
        if (isSettled) return;
        isSettled = true;
        clearTimeout(timer);
        resolve(isSynced);
      };
      const timer = setTimeout(() => settle(false), CONNECT_TIMEOUT_MS);
      const socket = new WebSocket(`${url}/${this.document}`, {
        headers: spec.headers,
        perMessageDeflate: false,
      });
      this.socket = socket;
      const send = (frame: Uint8Array) => {
        if (socket.readyState !== WebSocket.OPEN) return;
        counts.sent += 1;
        socket.send(frame);
      };
      let isOpen = false;
      socket.on('open', () => {
        isOpen = true;
        counts.connected += 1;
        send(syncFrame(SYNC_STEP1, this.group.stateVector));
        if (spec.awareness) this.announce(send);
      });
      socket.on('message', (data: Buffer) => {
        counts.received += 1;
        const decoder = decoding.createDecoder(toBytes(data));
        const type = decoding.readVarUint(decoder);
        if (type === MESSAGE_SYNC) {
          const step = decoding.readVarUint(decoder);
          if (step === SYNC_STEP1) send(this.group.answer(decoding.readVarUint8Array(decoder)));
          else if (step === SYNC_STEP2) {
            this.failures = 0;
            settle(true);
          }
        } else if (type === MESSAGE_AWARENESS && spec.awareness) {
          const changed = readAwareness(decoder).filter(
            (entry) =>
              entry.clientId !== this.clientId &&
              entry.clock > (this.known.get(entry.clientId) ?? 0),
          );
          for (const entry of changed) this.known.set(entry.clientId, entry.clock);
          if (changed.length > 0) send(awarenessFrame(changed));
        }
      });
      socket.on('error', () => undefined);
      socket.on('close', (code: number) => {
        if (this.socket !== socket) return;
        this.socket = null;
        if (this.renewTimer) clearInterval(this.renewTimer);
        this.renewTimer = null;
        this.known.clear();
        counts.closesByCode[code] = (counts.closesByCode[code] ?? 0) + 1;
        if (isOpen) counts.connected -= 1;
        settle(false);
        if (spec.reconnect && !this.group.isClosing) {
          this.failures += 1;
          const delay = Math.min(2 ** this.failures * 100, MAX_BACKOFF_MS);
          setTimeout(() => {
            if (!this.group.isClosing && this.socket === null) void this.connect();
          }, delay);
        }
      });
    });
  }

  private announce(send: (frame: Uint8Array) => void) {
    const state = () => {
      this.awarenessClock += 1;
      send(
        awarenessFrame([
          {
            clientId: this.clientId,
            clock: this.awarenessClock,
            json: '{"user":{"name":"Leser"}}',
          },
        ]),
      );
    };
    state();
    this.renewTimer = setInterval(state, AWARENESS_RENEW_MS * (0.9 + Math.random() * 0.2));
  }

  close() {
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.socket?.terminate();
  }
}

async function connectAll(
  clients: Client[],
  concurrency: number,
  url?: string,
  deadlineMs = Infinity,
) {
  const started = performance.now();
  let next = 0;
  let synced = 0;
  let failed = 0;
  const syncedAt: number[] = [];
  await Promise.all(
    Array.from({ length: Math.min(concurrency, clients.length) }, async () => {
      while (next < clients.length && performance.now() - started < deadlineMs) {
        const client = clients[next++]!;
        if (await client.connect(url)) {
          synced += 1;
          syncedAt.push(performance.now() - started);
        } else failed += 1;
      }
    }),
  );
  syncedAt.sort((a, b) => a - b);
  return { synced, failed, ms: performance.now() - started, syncedAt };
}

const groups = new Map<string, Group>();

serveRequests({
  open: async (spec: GroupSpec): Promise<OpenResult> => {
    const group = new Group(spec);
    groups.set(spec.group, group);
    for (const document of spec.documents) {
      for (let i = 0; i < spec.perDocument; i += 1)
        group.clients.push(new Client(group, document, spec.url));
    }
    const { synced, failed, ms } = await connectAll(
      group.clients,
      spec.concurrency,
      undefined,
      spec.deadlineMs,
    );
    return { synced, failed, ms };
  },
  /** Every client of the group connects at once (to `url`): the reconnect storm. */
  reconnect: async (args: { group: string; url: string; headers: Record<string, string> }) => {
    const target = groups.get(args.group)!;
    target.spec.headers = args.headers;
    for (const client of target.clients) client.close();
    const result = await connectAll(target.clients, target.clients.length, args.url);
    const at = (q: number) => result.syncedAt[Math.floor(q * (result.syncedAt.length - 1))] ?? NaN;
    return { synced: result.synced, failed: result.failed, p50Ms: at(0.5), lastMs: at(1) };
  },
  counts: ({ group }: { group: string }) => groups.get(group)?.counts,
  close: ({ group }: { group: string }) => {
    const target = groups.get(group);
    if (!target) return;
    target.isClosing = true;
    for (const client of target.clients) client.close();
    groups.delete(group);
  },
});
announceReady({ pid: process.pid });
