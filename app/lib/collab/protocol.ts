/**
 * The collaboration wire protocol: y-websocket's (0 sync, 1 awareness, 3 query awareness) plus one
 * message of our own, which the standard client ignores.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/**
 * Server → client after Postgres committed updates: varuint message type, then the encoded state
 * vector of everything persisted so far. A client's edits are saved once the persisted clock of its
 * own clientID reaches its local clock.
 */
export const MESSAGE_PERSISTED = 100;
/**
 * Server → client when the connection's access changed while it stayed open (minutes moved into
 * approval or closed, a member became a reader): varuint message type, then the varstring
 * 'edit' or 'view'. Sent only on a change — a client that never sees one keeps the access it was
 * admitted with — so the editor can turn read-only instead of typing into dropped updates.
 */
export const MESSAGE_ACCESS = 101;

export const COLLAB_PATH_PREFIX = '/collab/';

/** What a co-edited document belongs to: a measure's text or a meeting's minutes. */
export type DocumentKind = 'measure' | 'minutes';

/** A parsed document name: its kind and the id of the measure or meeting it belongs to. */
export interface DocumentRef {
  kind: DocumentKind;
  id: string;
}

const DOCUMENT_NAME =
  /^(measure|minutes):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function documentName({ kind, id }: DocumentRef): string {
  return `${kind}:${id}`;
}

export function measureDocumentName(measureId: string): string {
  return documentName({ kind: 'measure', id: measureId });
}

export function minutesDocumentName(meetingId: string): string {
  return documentName({ kind: 'minutes', id: meetingId });
}

/**
 * The kind and id of a document name, or null unless the name is exactly `measure:<lower-case
 * uuid>` or `minutes:<lower-case uuid>`.
 */
export function parseDocumentName(name: string): DocumentRef | null {
  const match = DOCUMENT_NAME.exec(name);
  return match ? { kind: match[1] as DocumentKind, id: match[2]! } : null;
}

/** WebSocket close codes the server uses. */
export const CLOSE_CODES = {
  /** Server shutting down or document unloading: reconnect. */
  goingAway: 1001,
  /** Protocol violation (malformed frame, V2 update, corrupt update). */
  protocolError: 1002,
  /** Policy: rate limit. */
  policyViolation: 1008,
  /**
   * The session ended (signed out, expired, account deactivated). 4400–4499 is final: the
   * standard y-websocket client (≥ 3.1) does not reconnect and emits `closed`.
   */
  sessionEnded: 4401,
  /** Access to the document was revoked (member removed, visibility narrowed). Final, like 4401. */
  accessRevoked: 4403,
  /** Frame or document over the size limit. */
  tooLarge: 1009,
  /** Server error. */
  internalError: 1011,
} as const;
