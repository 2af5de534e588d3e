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

export const COLLAB_PATH_PREFIX = '/collab/';

const MEASURE_DOCUMENT = /^measure:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function measureDocumentName(measureId: string): string {
  return `measure:${measureId}`;
}

/** The measure id of a document name, or null unless the name is exactly `measure:<lower-case uuid>`. */
export function parseDocumentName(name: string): { kind: 'measure'; measureId: string } | null {
  const match = MEASURE_DOCUMENT.exec(name);
  return match ? { kind: 'measure', measureId: match[1]! } : null;
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
