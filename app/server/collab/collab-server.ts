import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import * as Y from 'yjs';
import {
  CLOSE_CODES,
  MESSAGE_ACCESS,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_PERSISTED,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  type DocumentRef,
} from '~/lib/collab/protocol';
import { getLogger } from '~/lib/logger.server';
import {
  authorizeUpgrade,
  recheckSessions,
  UpgradeRefused,
  type AuthorizedUpgrade,
  type CollabIdentity,
} from './authorize-upgrade';
import { Compactor } from './compaction.server';
import { DOCUMENT_KINDS } from './document-kinds.server';
import { DEFAULT_LIMITS, RateLimiter, type CollabLimits } from './limits';
import { appendUpdate, sessionKey, readDocument, writeSnapshot } from './persistence.server';
import { renderDocument } from '~/lib/collab/document.server';
import {
  checkUpdate,
  MUST_REPLAY_KEY,
  SERVER_FIELD,
  type UpdateSoundness,
} from './update-integrity';

class Connection {
  /** Charged for what makes the server work, after decoding (see `CollabLimits.messagesPerSecond`). */
  readonly limiter: RateLimiter;
  /** Charged for every frame before decoding: a flood guard. */
  readonly frameLimiter: RateLimiter;
  /** Awareness client ids this connection announced (removed when it leaves). */
  readonly awarenessIds = new Set<number>();
  /** Messages are handled one after another, after the document has loaded. */
  queue: Promise<void>;
  /** Messages chained on `queue` and not yet handled. */
  waiting = 0;
  /** The document has loaded and the client has been greeted: messages may be handled at once. */
  isReady = false;
  /** Set when the server ends the connection for a violation or lost access: nothing it sent afterwards counts. */
  isRefused = false;

  constructor(
    readonly socket: WebSocket,
    readonly identity: CollabIdentity,
    public access: 'edit' | 'view',
    limits: CollabLimits,
    loaded: Promise<void>,
  ) {
    this.limiter = new RateLimiter(limits.messagesPerSecond, limits.messageBurst);
    this.frameLimiter = new RateLimiter(limits.framesPerSecond, limits.frameBurst);
    this.queue = loaded;
  }

  refuse(code: number, reason: string) {
    this.isRefused = true;
    this.socket.close(code, reason);
  }
}

interface PendingUpdate {
  update: Uint8Array;
  userId: string;
  /** Stored as a row of its own, never merged with its neighbours (see `checkUpdate`). */
  isIsolated: boolean;
}

export interface CollabStats {
  rooms: number;
  connections: number;
  refusedUpdates: number;
  droppedReadOnly: number;
  droppedAwareness: number;
  storedRows: number;
  storedBytes: number;
  compactions: number;
  failedWrites: number;
}

const UPDATE_ORIGIN_REMOTE = Symbol('remote');

class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<Connection>();
  /** Which connection introduced each awareness client id (a connection speaks only for its own). */
  readonly awarenessOwners = new Map<number, Connection>();
  /** Mirrors the live document; a client update is tried here first. Rebuilt after a refusal. */
  private scratch: Y.Doc | null = null;
  private pending: PendingUpdate[] = [];
  /** Bytes of the updates in `pending`. */
  private pendingBytes = 0;
  private fullState: Uint8Array | null = null;
  private deletesOnly: Uint8Array | null = null;
  private vector: Map<number, number> | null = null;
  private persisted = new Map<number, number>();
  private flushTimer: NodeJS.Timeout | null = null;
  private deriveTimer: NodeJS.Timeout | null = null;
  private deriving: Promise<void> | null = null;
  private unloadTimer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private retryDelay: number;
  private tailRows = 0;
  private tailBytes = 0;
  private snapshotBytes = 0;
  private lastSeq = 0;
  private isDirtyText = false;
  /** Set while a client update that must be stored on its own is applied to the live document. */
  private isIsolatingNext = false;
  /**
   * Once an update needed the replay check, every later one in this document gets it
   * (`checkUpdate`) — also after a reload: the mark is kept in the document itself (`markMustReplay`).
   */
  private mustReplay = false;
  loaded: Promise<void>;
  isClosed = false;

  constructor(
    readonly name: string,
    /** The measure or meeting the document belongs to; its kind's rules (`DOCUMENT_KINDS`) apply. */
    readonly document: DocumentRef,
    private readonly server: CollabServer,
  ) {
    this.retryDelay = server.limits.retryDelayMs;
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) =>
      this.onDocumentUpdate(update, origin),
    );
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      this.trackAwarenessOwners(added, removed, origin);
      const message = encoding.createEncoder();
      encoding.writeVarUint(message, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(
        message,
        awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
      );
      this.broadcast(encoding.toUint8Array(message), null);
    });
    this.loaded = this.loadDocument();
  }

  /** Keeps `awarenessOwners` and each connection's `awarenessIds` in step with the states held. */
  trackAwarenessOwners(added: readonly number[], removed: readonly number[], origin: unknown) {
    for (const id of removed) {
      this.awarenessOwners.get(id)?.awarenessIds.delete(id);
      this.awarenessOwners.delete(id);
    }
    if (!(origin instanceof Connection)) return;
    for (const id of added) {
      origin.awarenessIds.add(id);
      this.awarenessOwners.set(id, origin);
    }
  }

  /**
   * loadDocument — called once when the first client of a document connects. Guarantees: the live
   * document holds the snapshot and every stored update before any client is answered (a client
   * never first sees an empty document). A long tail is compacted first, off the event loop. A
   * document with nothing stored gets its kind's first content (minutes: the agenda) first.
   */
  private async loadDocument(): Promise<void> {
    let stored = await readDocument(this.name);
    const { writeInitial } = DOCUMENT_KINDS[this.document.kind];
    if (writeInitial && !stored.snapshot && stored.updates.length === 0) {
      await writeInitial(this.document.id);
      stored = await readDocument(this.name);
    }
    let snapshot = stored.snapshot;
    let updates = stored.updates;
    if (updates.length >= this.server.limits.compactAfterRows) {
      // Compaction on load only saves work later: when it fails, the rows are loaded as they are.
      try {
        const uptoSeq = updates[updates.length - 1]!.seq;
        const merged = await this.server.compactor.merge(
          snapshot,
          updates.map((row) => row.update),
        );
        await writeSnapshot(this.name, merged, uptoSeq);
        this.server.stats.compactions += 1;
        snapshot = merged;
        updates = [];
        this.lastSeq = uptoSeq;
      } catch (error) {
        getLogger().error({ err: error, document: this.name }, 'compaction on load failed');
      }
    }
    this.doc.transact(() => {
      if (snapshot) Y.applyUpdate(this.doc, snapshot);
      for (const row of updates) Y.applyUpdate(this.doc, row.update);
    }, UPDATE_ORIGIN_REMOTE);
    // A snapshot alone is already the full state encoded: the first client is answered with it.
    if (snapshot && updates.length === 0) this.fullState = snapshot;
    this.snapshotBytes = snapshot?.byteLength ?? 0;
    this.tailRows = updates.length;
    this.tailBytes = updates.reduce((sum, row) => sum + row.update.byteLength, 0);
    this.lastSeq = Math.max(this.lastSeq, stored.snapshotSeq, updates.at(-1)?.seq ?? 0);
    this.persisted = Y.decodeStateVector(Y.encodeStateVector(this.doc));
    this.mustReplay = this.doc.share.has(SERVER_FIELD);
  }

  /**
   * Writes the replay mark into the document, so it is stored, compacted and loaded with it (a
   * client that re-sends it after a restart may: the mark only makes the checks stricter).
   */
  private markMustReplay() {
    if (this.mustReplay) return;
    this.mustReplay = true;
    if (this.doc.share.has(SERVER_FIELD)) return;
    this.doc.getMap(SERVER_FIELD).set(MUST_REPLAY_KEY, true);
    this.scratch?.destroy();
    this.scratch = null;
  }

  private onDocumentUpdate(update: Uint8Array, origin: unknown) {
    this.fullState = null;
    this.deletesOnly = null;
    this.vector = null;
    if (origin === UPDATE_ORIGIN_REMOTE) return;
    const sender = origin instanceof Connection ? origin : null;
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, MESSAGE_SYNC);
    syncProtocol.writeUpdate(message, update);
    this.broadcast(encoding.toUint8Array(message), sender);
    this.pendingBytes += update.byteLength;
    this.pending.push({
      update,
      userId: sender?.identity.userId ?? '',
      isIsolated: this.isIsolatingNext,
    });
    this.isIsolatingNext = false;
    this.isDirtyText = true;
    this.scheduleFlush();
    this.scheduleDerive();
  }

  broadcast(message: Uint8Array, except: Connection | null) {
    for (const connection of this.connections) {
      if (connection !== except) send(connection.socket, message);
    }
  }

  /** The update the encoded size limit is checked against: snapshot plus tail plus what is pending. */
  private approximateSize(): number {
    return this.snapshotBytes + this.tailBytes + this.pendingBytes;
  }

  /**
   * applyClientUpdate — called for every sync-step-2 and update message from an editor. Guarantees:
   * only V1 updates that decode to their last byte, apply completely (no exception, no pending
   * structs or deletes) on a scratch copy and leave it sound (`checkUpdate`: what is stored and
   * what clients load replays to what is live) reach the live document; anything else is refused, the sender is closed and the
   * live document is untouched. Viewers' updates are dropped and counted, never applied.
   */
  applyClientUpdate(connection: Connection, update: Uint8Array): boolean {
    if (connection.access !== 'edit') {
      this.server.stats.droppedReadOnly += 1;
      return true;
    }
    if (this.approximateSize() + update.byteLength > this.server.limits.maxDocumentBytes) {
      this.server.stats.refusedUpdates += 1;
      connection.refuse(CLOSE_CODES.tooLarge, 'document too large');
      return false;
    }
    const deletes = onlyKnownDeletes(this.doc, update);
    if (deletes === 'empty') return true;
    if (deletes === 'known') {
      // Deleting what exists cannot leave anything pending or out of order: no scratch copy needed.
      if (this.scratch) Y.applyUpdate(this.scratch, update);
      Y.applyUpdate(this.doc, update, connection);
      return true;
    }
    this.scratch ??= cloneDocument(this.doc);
    const before = stateVector(this.scratch);
    let soundness: UpdateSoundness = 'unsound';
    try {
      const decoder = decoding.createDecoder(update);
      Y.readUpdate(decoder, this.scratch, null);
      // Bytes left over mean it was not a V1 update (a V2 one can read as a short V1 prefix).
      const isComplete =
        !decoding.hasContent(decoder) &&
        this.scratch.store.pendingStructs === null &&
        this.scratch.store.pendingDs === null;
      if (isComplete) soundness = checkUpdate(this.scratch, before, this.mustReplay);
    } catch {
      soundness = 'unsound';
    }
    if (soundness === 'unsound') {
      this.scratch.destroy();
      this.scratch = null;
      this.server.stats.refusedUpdates += 1;
      connection.refuse(CLOSE_CODES.protocolError, 'invalid update');
      return false;
    }
    this.isIsolatingNext = soundness === 'replayed';
    Y.applyUpdate(this.doc, update, connection);
    this.isIsolatingNext = false;
    if (soundness === 'replayed' || this.doc.share.has(SERVER_FIELD)) this.markMustReplay();
    return true;
  }

  private scheduleFlush() {
    if (this.flushTimer || this.flushing) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.storeUpdates();
    }, this.server.limits.flushWindowMs);
  }

  /**
   * storeUpdates — called at most once per flush window per document (and on unload/shutdown).
   * Guarantees: the pending updates are merged into one row (an isolated one gets a row of its
   * own) and committed before anyone is told they are saved (MESSAGE_PERSISTED with the persisted
   * state vector); a failed write keeps them in memory, in order, and retries with backoff.
   */
  storeUpdates(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.pending.length === 0) return Promise.resolve();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    // An isolated update is a batch of its own; the rest are merged up to the next isolated one.
    const isolated = this.pending.findIndex((p, index) => index > 0 && p.isIsolated);
    const size = this.pending[0]!.isIsolated ? 1 : isolated === -1 ? this.pending.length : isolated;
    const batch = this.pending.slice(0, size);
    this.pending = this.pending.slice(size);
    const batchBytes = batch.reduce((sum, p) => sum + p.update.byteLength, 0);
    this.pendingBytes -= batchBytes;
    this.flushing = (async () => {
      try {
        const merged =
          batch.length === 1 ? batch[0]!.update : mergeInRounds(batch.map((p) => p.update));
        // Updates are stored in the order the live document applied them, so everything below
        // the batch's end clocks is stored once it commits. (Not Y.encodeStateVectorFromUpdate:
        // it counts only clients whose structs start at clock 0.)
        const covered = Y.parseUpdateMeta(merged).to;
        const userIds = [...new Set(batch.map((p) => p.userId).filter(Boolean))];
        const seq = await appendUpdate(this.name, merged, userIds);
        this.lastSeq = seq;
        this.tailRows += 1;
        this.tailBytes += merged.byteLength;
        this.server.stats.storedRows += 1;
        this.server.stats.storedBytes += merged.byteLength;
        this.retryDelay = this.server.limits.retryDelayMs;
        for (const [client, clock] of covered) {
          if ((this.persisted.get(client) ?? 0) < clock) this.persisted.set(client, clock);
        }
        this.broadcast(this.persistedMessage(), null);
      } catch (error) {
        this.pending = [...batch, ...this.pending];
        this.pendingBytes += batchBytes;
        this.server.stats.failedWrites += 1;
        getLogger().error(
          { err: error, document: this.name, updates: batch.length },
          'storing updates failed; keeping them in memory',
        );
        await sleep(this.retryDelay);
        this.retryDelay = Math.min(this.retryDelay * 2, 10_000);
      } finally {
        this.flushing = null;
      }
      if (this.isClosed) return;
      if (this.pending.length > 0) this.scheduleFlush();
      else if (this.needsCompaction()) void this.compact();
    })();
    return this.flushing;
  }

  /** MESSAGE_PERSISTED with the state vector of everything committed so far. */
  persistedMessage(): Uint8Array {
    const vector = encoding.createEncoder();
    encoding.writeVarUint(vector, this.persisted.size);
    for (const [client, clock] of this.persisted) {
      encoding.writeVarUint(vector, client);
      encoding.writeVarUint(vector, clock);
    }
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, MESSAGE_PERSISTED);
    encoding.writeVarUint8Array(message, encoding.toUint8Array(vector));
    return encoding.toUint8Array(message);
  }

  private needsCompaction(): boolean {
    return (
      this.tailRows >= this.server.limits.compactAfterRows ||
      (this.tailRows > 1 && this.tailBytes > this.snapshotBytes)
    );
  }

  private compacting: Promise<void> | null = null;

  /** Compaction deletes only rows covered by the snapshot (seq <= upto_seq), in the same transaction. */
  compact(): Promise<void> {
    if (this.compacting) return this.compacting;
    this.compacting = (async () => {
      try {
        const stored = await readDocument(this.name);
        if (stored.updates.length === 0) return;
        const uptoSeq = stored.updates.at(-1)!.seq;
        const state = await this.server.compactor.merge(
          stored.snapshot,
          stored.updates.map((row) => row.update),
        );
        if (await writeSnapshot(this.name, state, uptoSeq)) {
          this.server.stats.compactions += 1;
          this.snapshotBytes = state.byteLength;
          const remaining = stored.updates.filter((row) => row.seq > uptoSeq);
          this.tailRows = Math.max(0, this.tailRows - stored.updates.length) + remaining.length;
          this.tailBytes = Math.max(
            0,
            this.tailBytes - stored.updates.reduce((sum, row) => sum + row.update.byteLength, 0),
          );
        }
      } catch (error) {
        getLogger().error({ err: error, document: this.name }, 'compaction failed');
      } finally {
        this.compacting = null;
      }
    })();
    return this.compacting;
  }

  /** Debounced: every change restarts the wait (`refresh`, no new timer per keystroke). */
  private scheduleDerive() {
    if (this.deriveTimer) {
      this.deriveTimer.refresh();
      return;
    }
    this.deriveTimer = setTimeout(() => {
      this.deriveTimer = null;
      void this.storeDerivedText();
    }, this.server.limits.deriveAfterMs);
  }

  /** After changes settle: plain text and sanitised HTML onto the measure or meeting. */
  async storeDerivedText(): Promise<void> {
    // One write at a time, and a caller returns only once what it saw is stored.
    while (this.deriving) await this.deriving;
    if (!this.isDirtyText) return;
    this.isDirtyText = false;
    this.deriving = (async () => {
      try {
        const { html, text } = renderDocument(this.doc);
        await DOCUMENT_KINDS[this.document.kind].storeDerived(this.document.id, html, text);
      } catch (error) {
        this.isDirtyText = true;
        getLogger().error({ err: error, document: this.name }, 'storing derived text failed');
      } finally {
        this.deriving = null;
      }
    })();
    await this.deriving;
  }

  /**
   * The answer to a sync step 1: encoded once per change for the two common cases — a client with
   * an empty state vector (the full state) and one that already has everything (the deletions).
   */
  encodeFor(stateVector: Uint8Array): Uint8Array {
    if (stateVector.byteLength <= 1) {
      this.fullState ??= Y.encodeStateAsUpdate(this.doc);
      return this.fullState;
    }
    this.vector ??= Y.decodeStateVector(Y.encodeStateVector(this.doc));
    if (isSameVector(Y.decodeStateVector(stateVector), this.vector)) {
      this.deletesOnly ??= Y.encodeStateAsUpdate(this.doc, stateVector);
      return this.deletesOnly;
    }
    return Y.encodeStateAsUpdate(this.doc, stateVector);
  }

  cancelUnload() {
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
  }

  scheduleUnload() {
    this.cancelUnload();
    this.unloadTimer = setTimeout(
      () => void this.unloadDocument(),
      this.server.limits.unloadAfterMs,
    );
  }

  /**
   * unloadDocument — called when the last client has been gone for `unloadAfterMs` (≤ 30 s).
   * Guarantees: every pending update is stored first; if that fails the document stays in memory
   * and storing is retried; then compaction and the derived text run, and the room goes — unless a
   * client came back meanwhile, which keeps it.
   */
  async unloadDocument(): Promise<void> {
    this.unloadTimer = null;
    if (this.connections.size > 0 || this.isClosed) return;
    while (this.hasPendingWrites) await this.storeUpdates();
    if (this.connections.size > 0 || this.isClosed) return;
    if (this.tailRows > 0) await this.compact();
    if (this.deriveTimer) clearTimeout(this.deriveTimer);
    this.deriveTimer = null;
    await this.storeDerivedText();
    if (this.connections.size > 0 || this.isClosed || this.hasPendingWrites) return;
    this.destroy();
  }

  /** The derived text now, instead of after the settle delay. */
  async settleDerivedText(): Promise<void> {
    if (this.deriveTimer) clearTimeout(this.deriveTimer);
    this.deriveTimer = null;
    await this.storeDerivedText();
  }

  /** Shutdown: after the server stored everything, the derived text is brought up to date and the room goes. */
  async shutdown(): Promise<void> {
    this.cancelUnload();
    if (this.deriveTimer) clearTimeout(this.deriveTimer);
    this.deriveTimer = null;
    await this.storeDerivedText();
    this.destroy();
  }

  /** Drops the room from memory (and from the server's map, if it is still the one there). */
  destroy() {
    if (this.isClosed) return;
    this.isClosed = true;
    this.cancelUnload();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.deriveTimer) clearTimeout(this.deriveTimer);
    this.flushTimer = null;
    this.deriveTimer = null;
    this.scratch?.destroy();
    this.scratch = null;
    this.awareness.destroy();
    this.doc.destroy();
    if (this.server.rooms.get(this.name) === this) this.server.rooms.delete(this.name);
  }

  get hasPendingWrites(): boolean {
    return this.pending.length > 0 || this.flushing !== null;
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/** The document's state vector as a map, without encoding it first. */
function stateVector(doc: Y.Doc): Map<number, number> {
  const vector = new Map<number, number>();
  for (const [client, structs] of doc.store.clients) {
    const last = structs[structs.length - 1];
    if (last) vector.set(client, last.id.clock + last.length);
  }
  return vector;
}

/**
 * Y.mergeUpdates over many updates at once grows with the square of their number; merged in
 * rounds of a few at a time it stays near linear (a busy second can hold thousands).
 */
function mergeInRounds(updates: Uint8Array[]): Uint8Array {
  const ROUND = 8;
  let merged = updates;
  while (merged.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < merged.length; i += ROUND) {
      const group = merged.slice(i, i + ROUND);
      next.push(group.length === 1 ? group[0]! : Y.mergeUpdates(group));
    }
    merged = next;
  }
  return merged[0]!;
}

function isSameVector(a: Map<number, number>, b: Map<number, number>): boolean {
  if (a.size !== b.size) return false;
  for (const [client, clock] of a) if (b.get(client) !== clock) return false;
  return true;
}

/**
 * 'empty' for an update with nothing in it (what a client with no edits answers a sync step 1
 * with), 'known' for one that only deletes items the document has (what a reconnecting client
 * answers), otherwise null: it has to go through the scratch copy.
 */
function onlyKnownDeletes(doc: Y.Doc, update: Uint8Array): 'empty' | 'known' | null {
  try {
    const decoder = decoding.createDecoder(update);
    if (decoding.readVarUint(decoder) !== 0) return null;
    const clients = decoding.readVarUint(decoder);
    for (let i = 0; i < clients; i += 1) {
      const client = decoding.readVarUint(decoder);
      const state = Y.getState(doc.store, client);
      const ranges = decoding.readVarUint(decoder);
      for (let j = 0; j < ranges; j += 1) {
        const clock = decoding.readVarUint(decoder);
        const length = decoding.readVarUint(decoder);
        if (clock + length > state) return null;
      }
    }
    if (decoding.hasContent(decoder)) return null;
    return clients === 0 ? 'empty' : 'known';
  } catch {
    return null;
  }
}

function cloneDocument(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ gc: true });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** MESSAGE_ACCESS: the connection's new access, after a recheck changed it. */
function accessMessage(access: 'edit' | 'view'): Uint8Array {
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, MESSAGE_ACCESS);
  encoding.writeVarString(message, access);
  return encoding.toUint8Array(message);
}

/** A failed write surfaces as the socket's 'error' (handled: the socket closes), not per frame. */
function send(socket: WebSocket, message: Uint8Array) {
  if (socket.readyState !== WebSocket.OPEN) return;
  socket.send(message);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function toUint8Array(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export interface CollabServerOptions {
  allowedOrigins: readonly string[];
  limits?: Partial<CollabLimits>;
}

/**
 * The hardened y-websocket-compatible server: authorizeUpgrade → loadDocument → applyClientUpdate
 * → storeUpdates → unloadDocument. Attach `handleUpgrade` to the HTTP server's upgrade event for
 * paths under /collab/.
 */
export class CollabServer {
  readonly limits: CollabLimits;
  readonly rooms = new Map<string, Room>();
  readonly compactor = new Compactor();
  readonly stats: CollabStats = {
    rooms: 0,
    connections: 0,
    refusedUpdates: 0,
    droppedReadOnly: 0,
    droppedAwareness: 0,
    storedRows: 0,
    storedBytes: 0,
    compactions: 0,
    failedWrites: 0,
  };
  private readonly wss: WebSocketServer;
  private readonly recheckTimer: NodeJS.Timeout;
  private isRechecking = false;
  private isClosing = false;

  constructor(private readonly options: CollabServerOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.limits.maxFrameBytes,
      perMessageDeflate: false,
    });
    this.wss.on('error', (error) => getLogger().warn({ err: error }, 'websocket server error'));
    this.recheckTimer = setInterval(
      () => void this.recheckConnections(),
      this.limits.recheckAccessMs,
    );
    this.recheckTimer.unref();
  }

  /** The HTTP upgrade handler for `/collab/`. Refusals answer 401/403/404 and destroy the socket. */
  handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // A module-level listener: a closure made here would keep this call's context — the request
    // with all its headers and `head` — alive for as long as the connection lasts.
    socket.on('error', destroyOnError);
    if (this.isClosing) {
      refuseUpgrade(socket, 503);
      return;
    }
    authorizeUpgrade(request, this.options.allowedOrigins).then(
      (authorized) => {
        if (socket.destroyed) return;
        if (this.isClosing) {
          refuseUpgrade(socket, 503);
          return;
        }
        this.wss.handleUpgrade(request, socket, head, (ws) => this.onConnection(ws, authorized));
      },
      (error: unknown) => {
        if (error instanceof UpgradeRefused) refuseUpgrade(socket, error.status);
        else {
          getLogger().error({ err: error }, 'collab upgrade failed');
          refuseUpgrade(socket, 500);
        }
      },
    );
  };

  private onConnection(socket: WebSocket, authorized: AuthorizedUpgrade) {
    let room = this.rooms.get(authorized.documentName);
    if (!room) {
      room = new Room(authorized.documentName, authorized.document, this);
      this.rooms.set(authorized.documentName, room);
    }
    room.cancelUnload();
    const connection = new Connection(
      socket,
      authorized.identity,
      authorized.access,
      this.limits,
      room.loaded,
    );
    room.connections.add(connection);
    this.stats.connections += 1;
    socket.on('error', () => socket.terminate());
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (connection.isRefused) return;
      if (!connection.frameLimiter.take()) {
        connection.refuse(CLOSE_CODES.policyViolation, 'rate limit');
        return;
      }
      if (!isBinary) return;
      const message = toUint8Array(data);
      const handle = () => {
        try {
          this.handleMessage(room, connection, message);
        } catch (error) {
          // A client's malformed message is its problem, not the server's: no stack, no warning.
          getLogger().info(
            { document: room.name, reason: String(error) },
            'collab message refused',
          );
          connection.refuse(CLOSE_CODES.protocolError, 'bad message');
        }
      };
      // In order: at once when nothing waits before it, else after what does (the load first).
      if (connection.isReady && connection.waiting === 0) {
        handle();
        return;
      }
      connection.waiting += 1;
      connection.queue = connection.queue
        .then(() => {
          connection.waiting -= 1;
          handle();
        })
        // The load failed: the room is gone and the connection refused (see below).
        .catch(() => undefined);
    });
    socket.on('close', () => this.onClose(room, connection));
    room.loaded.then(
      () => {
        connection.isReady = true;
        if (socket.readyState !== WebSocket.OPEN) return;
        const step1 = encoding.createEncoder();
        encoding.writeVarUint(step1, MESSAGE_SYNC);
        syncProtocol.writeSyncStep1(step1, room.doc);
        send(socket, encoding.toUint8Array(step1));
        // What is already committed counts as saved, also for edits a client re-sends after a restart.
        send(socket, room.persistedMessage());
        const states = [...room.awareness.getStates().keys()];
        if (states.length > 0) {
          const awareness = encoding.createEncoder();
          encoding.writeVarUint(awareness, MESSAGE_AWARENESS);
          encoding.writeVarUint8Array(
            awareness,
            awarenessProtocol.encodeAwarenessUpdate(room.awareness, states),
          );
          send(socket, encoding.toUint8Array(awareness));
        }
      },
      (error: unknown) => {
        getLogger().error({ err: error, document: room.name }, 'loading document failed');
        connection.refuse(CLOSE_CODES.internalError, 'load failed');
        room.destroy();
      },
    );
  }

  /**
   * One message of a connection, in the order sent. What a client sent before its connection
   * closed still counts (a tab that types and closes at once), unless the server refused the
   * connection; of a closing connection only document updates are applied.
   */
  private handleMessage(room: Room, connection: Connection, message: Uint8Array): void {
    if (room.isClosed || connection.isRefused) return;
    const isOpen = connection.socket.readyState === WebSocket.OPEN;
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    // Awareness is charged only for states that are new (see applyAwareness).
    if (type !== MESSAGE_AWARENESS && !this.charge(connection)) return;
    switch (type) {
      case MESSAGE_SYNC: {
        const syncType = decoding.readVarUint(decoder);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          if (!isOpen) return;
          const stateVector = decoding.readVarUint8Array(decoder);
          const reply = encoding.createEncoder();
          encoding.writeVarUint(reply, MESSAGE_SYNC);
          encoding.writeVarUint(reply, syncProtocol.messageYjsSyncStep2);
          encoding.writeVarUint8Array(reply, room.encodeFor(stateVector));
          send(connection.socket, encoding.toUint8Array(reply));
        } else if (
          syncType === syncProtocol.messageYjsSyncStep2 ||
          syncType === syncProtocol.messageYjsUpdate
        ) {
          room.applyClientUpdate(connection, decoding.readVarUint8Array(decoder));
        } else {
          connection.refuse(CLOSE_CODES.protocolError, 'unknown sync message');
        }
        return;
      }
      case MESSAGE_AWARENESS:
        if (isOpen) this.applyAwareness(room, connection, decoding.readVarUint8Array(decoder));
        return;
      case MESSAGE_QUERY_AWARENESS: {
        if (!isOpen) return;
        const reply = encoding.createEncoder();
        encoding.writeVarUint(reply, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(
          reply,
          awarenessProtocol.encodeAwarenessUpdate(room.awareness, [
            ...room.awareness.getStates().keys(),
          ]),
        );
        send(connection.socket, encoding.toUint8Array(reply));
        return;
      }
      case MESSAGE_AUTH:
      default:
        // Unknown message types are ignored.
        return;
    }
  }

  /** Takes one message from the connection's allowance; false (and the connection closed) when spent. */
  private charge(connection: Connection): boolean {
    if (connection.limiter.take()) return true;
    connection.refuse(CLOSE_CODES.policyViolation, 'rate limit');
    return false;
  }

  /**
   * Awareness states get the server's identity (name, organisation, colour); oversized states are
   * dropped. Applied as y-protocols' applyAwarenessUpdate would (same clock rules), but each state
   * is parsed and serialised once: the stamped JSON is what the room receives.
   */
  private applyAwareness(room: Room, connection: Connection, update: Uint8Array) {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > 16) {
      this.stats.droppedAwareness += 1;
      this.charge(connection);
      return;
    }
    const { awareness } = room;
    let isNew = false;
    const entries: { clientId: number; clock: number; state: object | null; json: string }[] = [];
    for (let i = 0; i < count; i += 1) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      // y-websocket clients echo every state they receive; a state no newer than the one held
      // changes nothing (the awareness protocol ignores it too), so it is neither applied nor counted.
      const heldClock = awareness.meta.get(clientId)?.clock ?? 0;
      const isRemoval = json === 'null';
      if (!(
        heldClock < clock ||
        (heldClock === clock && isRemoval && awareness.states.has(clientId))
      ))
        continue;
      isNew = true;
      if (Buffer.byteLength(json) > this.limits.maxAwarenessBytes) {
        this.stats.droppedAwareness += 1;
        continue;
      }
      // A connection may only speak for awareness ids it introduced (or new ones).
      const owner = room.awarenessOwners.get(clientId);
      if (owner && owner !== connection) {
        this.stats.droppedAwareness += 1;
        continue;
      }
      let state: unknown;
      try {
        state = JSON.parse(json);
      } catch {
        this.stats.droppedAwareness += 1;
        continue;
      }
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
        this.stats.droppedAwareness += 1;
        continue;
      }
      const { identity } = connection;
      const stamped =
        state === null
          ? null
          : {
              ...(state as Record<string, unknown>),
              user: {
                name: identity.name,
                organization: identity.organization,
                color: identity.color,
                userId: identity.userId,
              },
              readOnly: connection.access !== 'edit',
            };
      entries.push({ clientId, clock, state: stamped, json: JSON.stringify(stamped) });
    }
    if (!isNew || !this.charge(connection) || entries.length === 0) return;
    const now = Date.now();
    const added: number[] = [];
    const removed: number[] = [];
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, MESSAGE_AWARENESS);
    const body = encoding.createEncoder();
    encoding.writeVarUint(body, entries.length);
    for (const { clientId, clock, state, json } of entries) {
      const wasKnown = awareness.meta.has(clientId);
      if (state === null) awareness.states.delete(clientId);
      else awareness.states.set(clientId, state);
      awareness.meta.set(clientId, { clock, lastUpdated: now });
      // Every state a connection sets is its own (also one it set again after removing it).
      if (state !== null) added.push(clientId);
      else if (wasKnown) removed.push(clientId);
      encoding.writeVarUint(body, clientId);
      encoding.writeVarUint(body, clock);
      encoding.writeVarString(body, json);
    }
    room.trackAwarenessOwners(added, removed, connection);
    encoding.writeVarUint8Array(message, encoding.toUint8Array(body));
    room.broadcast(encoding.toUint8Array(message), null);
  }

  private onClose(room: Room, connection: Connection) {
    if (!room.connections.delete(connection)) return;
    this.stats.connections -= 1;
    if (connection.awarenessIds.size > 0 && !room.isClosed) {
      awarenessProtocol.removeAwarenessStates(room.awareness, [...connection.awarenessIds], null);
    }
    for (const id of connection.awarenessIds) room.awarenessOwners.delete(id);
    if (room.connections.size === 0 && !this.isClosing) room.scheduleUnload();
  }

  /** Permission changes while connected take effect within `recheckAccessMs`: closed or made read-only. */
  private async recheckConnections(only?: Room): Promise<void> {
    if (this.isRechecking && !only) return;
    const byUser = new Map<
      string,
      { identity: CollabIdentity; entries: { room: Room; connection: Connection }[] }
    >();
    for (const room of only ? [only] : this.rooms.values()) {
      for (const connection of room.connections) {
        if (connection.isRefused) continue;
        const key = sessionKey(connection.identity.claims);
        const group = byUser.get(key) ?? { identity: connection.identity, entries: [] };
        group.entries.push({ room, connection });
        byUser.set(key, group);
      }
    }
    if (byUser.size === 0) return;
    const isPeriodic = !only;
    if (isPeriodic) this.isRechecking = true;
    try {
      const answers = await recheckSessions(
        [...byUser.values()].map(({ identity, entries }) => ({
          claims: identity.claims,
          documents: [...new Set(entries.map((e) => e.room.document))],
        })),
      );
      for (const [key, { entries }] of byUser) {
        const access = answers.get(key);
        if (!access) {
          for (const { connection } of entries)
            connection.refuse(CLOSE_CODES.sessionEnded, 'session ended');
          continue;
        }
        for (const { room, connection } of entries) {
          const now = access.get(room.name) ?? null;
          if (now === null) connection.refuse(CLOSE_CODES.accessRevoked, 'access revoked');
          else if (now !== connection.access) {
            connection.access = now;
            send(connection.socket, accessMessage(now));
          }
        }
      }
    } catch (error) {
      getLogger().warn({ err: error }, 'access recheck failed');
    } finally {
      if (isPeriodic) this.isRechecking = false;
    }
  }

  /** After a change to who may write a document (e.g. minutes approved): its connections at once. */
  async recheckDocument(documentName: string): Promise<void> {
    const room = this.rooms.get(documentName);
    if (room) await this.recheckConnections(room);
  }

  /**
   * Stores every update held for the document and its derived text and HTML before resolving —
   * for actions that freeze the derived text (approving minutes) right after the last keystroke.
   */
  async settleDocument(documentName: string): Promise<void> {
    const room = this.rooms.get(documentName);
    if (!room) return;
    await room.loaded.catch(() => undefined);
    while (room.hasPendingWrites) await room.storeUpdates();
    await room.settleDerivedText();
  }

  /** Stores everything pending in every document (for shutdown and tests). */
  async flushAll(): Promise<void> {
    await Promise.all(
      [...this.rooms.values()].map(async (room) => {
        await room.loaded.catch(() => undefined);
        while (room.hasPendingWrites) await room.storeUpdates();
      }),
    );
  }

  /**
   * SIGTERM/SIGINT: refuse new connections, flush every document, then close the sockets spread
   * over `spreadMs` so clients do not all reconnect at once; what clients sent before their close
   * frame is applied and stored too, then the derived text, and the rooms go.
   */
  async close(spreadMs = 1000): Promise<void> {
    this.isClosing = true;
    clearInterval(this.recheckTimer);
    await this.flushAll();
    const connections = [...this.rooms.values()].flatMap((room) => [...room.connections]);
    await Promise.all(
      connections.map((connection) => closeGoingAway(connection, Math.random() * spreadMs)),
    );
    await Promise.all(connections.map((connection) => connection.queue.catch(() => undefined)));
    await this.flushAll();
    await Promise.all([...this.rooms.values()].map((room) => room.shutdown()));
    this.rooms.clear();
    this.wss.close();
    await this.compactor.close();
  }

  getStats(): CollabStats {
    return { ...this.stats, rooms: this.rooms.size };
  }
}

/** How long a client gets to answer the server's close frame before its socket is cut. */
const CLOSE_HANDSHAKE_MS = 3_000;

function closeGoingAway(connection: Connection, delayMs: number): Promise<void> {
  const { socket } = connection;
  return new Promise<void>((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) {
      resolve();
      return;
    }
    socket.once('close', () => resolve());
    setTimeout(() => {
      socket.close(CLOSE_CODES.goingAway, 'server restarting');
      setTimeout(() => socket.terminate(), CLOSE_HANDSHAKE_MS).unref();
    }, delayMs);
  });
}

function destroyOnError(this: Duplex) {
  this.destroy();
}

function refuseUpgrade(socket: Duplex, status: number) {
  const text =
    {
      400: 'Bad Request',
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'Not Found',
      500: 'Internal Server Error',
      503: 'Service Unavailable',
    }[status] ?? 'Error';
  if (socket.writable)
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
