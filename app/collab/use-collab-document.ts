import * as decoding from 'lib0/decoding';
import { useMemo, useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  CLOSE_CODES,
  COLLAB_PATH_PREFIX,
  MESSAGE_ACCESS,
  MESSAGE_PERSISTED,
} from '~/lib/collab/protocol';

/** `noAccess` and `signedOut` are final: the server closed the connection and it is not reopened. */
export type CollabStatus =
  'connecting' | 'connected' | 'offline' | 'saved' | 'noAccess' | 'signedOut';

export interface CollabStatusInput {
  connected: boolean;
  synced: boolean;
  /** The next clock of this client's own edits (0: it has made none). */
  localClock: number;
  /** The clock of this client's edits that the server reported as committed. */
  persistedClock: number;
  /** A connection has closed or failed before: not being connected now means offline. */
  hasDisconnected?: boolean;
  /** The close code of a final close (4400–4499), after which the client does not reconnect. */
  finalCloseCode?: number | null;
}

/**
 * Saved means: connected, synced, and every edit this client made is committed (the server's
 * persisted clock for our clientID has reached the local one). Before the first connection closes
 * we are still connecting; after that, every disconnected moment is offline — unless the server
 * closed it for good (session ended, access revoked).
 */
export function computeCollabStatus({
  connected,
  synced,
  localClock,
  persistedClock,
  hasDisconnected = false,
  finalCloseCode = null,
}: CollabStatusInput): CollabStatus {
  if (finalCloseCode === CLOSE_CODES.sessionEnded) return 'signedOut';
  if (finalCloseCode !== null) return 'noAccess';
  if (!connected) return hasDisconnected ? 'offline' : 'connecting';
  if (synced && (localClock === 0 || localClock <= persistedClock)) return 'saved';
  return 'connected';
}

/** The identity shown on the caret and in the presence list (the server overwrites it for others). */
export interface CollabUser {
  name: string;
  organization: string | null;
  color: string;
}

export interface CollabSession {
  doc: Y.Doc;
  provider: WebsocketProvider;
  awareness: Awareness;
  status: CollabStatus;
  /** The document has synced with the server at least once; stays true while offline. */
  hasSynced: boolean;
  /**
   * The server said this connection may only read now (MESSAGE_ACCESS), although the page was
   * loaded with write access: the editor turns read-only. False again when it says 'edit'.
   */
  isReadOnly: boolean;
}

/**
 * One co-edited Yjs document and its WebSocket connection as an external store: the connection opens
 * when React first subscribes (in the browser, after hydration) and closes with the last
 * unsubscribe. Constructing it has no side effects, so it is safe during server rendering.
 */
class CollabDocumentStore {
  private session: CollabSession | null = null;
  private readonly listeners = new Set<() => void>();
  private close: (() => void) | null = null;
  private pendingClose: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly documentName: string,
    private readonly user: CollabUser,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.pendingClose !== null) {
      clearTimeout(this.pendingClose);
      this.pendingClose = null;
    }
    this.close ??= this.open();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return;
      // StrictMode unsubscribes and subscribes again at once: keep the connection for that moment.
      this.pendingClose = setTimeout(() => {
        this.pendingClose = null;
        this.close?.();
        this.close = null;
      }, 0);
    };
  };

  readonly getSnapshot = (): CollabSession | null => this.session;

  readonly getServerSnapshot = (): null => null;

  private open(): () => void {
    const doc = new Y.Doc();
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const provider = new WebsocketProvider(
      `${scheme}://${window.location.host}${COLLAB_PATH_PREFIX}`,
      this.documentName,
      doc,
      { connect: true },
    );
    const persisted = new Map<number, number>();
    let hasDisconnected = false;
    let finalCloseCode: number | null = null;
    let hasSynced = false;
    let isReadOnly = false;
    let isClosed = false;

    const update = () => {
      if (isClosed) return;
      const status = computeCollabStatus({
        connected: provider.wsconnected,
        synced: provider.synced,
        localClock: Y.getState(doc.store, doc.clientID),
        persistedClock: persisted.get(doc.clientID) ?? 0,
        hasDisconnected,
        finalCloseCode,
      });
      if (
        this.session?.status === status &&
        this.session.hasSynced === hasSynced &&
        this.session.isReadOnly === isReadOnly
      )
        return;
      this.session = {
        doc,
        provider,
        awareness: provider.awareness,
        status,
        hasSynced,
        isReadOnly,
      };
      for (const listener of this.listeners) listener();
    };

    // The provider only starts reading frames on a later tick, so the handler is in place in time.
    provider.messageHandlers[MESSAGE_PERSISTED] = (_encoder, decoder) => {
      const vector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      for (const [client, clock] of vector) {
        if (clock > (persisted.get(client) ?? 0)) persisted.set(client, clock);
      }
      update();
    };
    provider.messageHandlers[MESSAGE_ACCESS] = (_encoder, decoder) => {
      isReadOnly = decoding.readVarString(decoder) !== 'edit';
      update();
    };
    provider.awareness.setLocalStateField('user', this.user);

    const onSync = (isSynced: boolean) => {
      if (isSynced) hasSynced = true;
      update();
    };
    const onClose = () => {
      hasDisconnected = true;
      update();
    };
    // y-websocket stops reconnecting after a 4400–4499 close and says so with `closed`.
    const onFinalClose = (event: { code: number }) => {
      finalCloseCode = event.code;
      provider.shouldConnect = false;
      update();
    };
    provider.on('closed', onFinalClose);
    provider.on('status', update);
    provider.on('sync', onSync);
    provider.on('connection-close', onClose);
    doc.on('update', update);
    update();

    return () => {
      isClosed = true;
      provider.destroy();
      doc.destroy();
      this.session = null;
    };
  }
}

/**
 * A shared document, synced over `/collab/<documentName>` (`measure:<id>`, `minutes:<id>`). Null on the server and until
 * the connection is opened after hydration. The local awareness carries `user`; the server stamps
 * the identity others see. Reconnecting is y-websocket's own (exponential backoff).
 */
export function useCollabDocument(documentName: string, user: CollabUser): CollabSession | null {
  const { name, organization, color } = user;
  const store = useMemo(
    () => new CollabDocumentStore(documentName, { name, organization, color }),
    [documentName, name, organization, color],
  );
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot);
}
