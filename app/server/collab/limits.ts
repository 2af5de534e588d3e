/** Limits and timings of the collaboration server; every number is configurable per server (tests shorten them). */
export interface CollabLimits {
  /** Largest WebSocket frame accepted (ws maxPayload); bigger frames close the socket with 1009. */
  maxFrameBytes: number;
  /** Largest encoded document; an update that would grow it past this is refused. */
  maxDocumentBytes: number;
  /**
   * Sustained messages per second per connection that make the server work (document updates,
   * sync requests, new awareness states), and the burst allowed above it. Charged after decoding:
   * the awareness states y-websocket clients echo back unchanged cost nothing and are not charged.
   */
  messagesPerSecond: number;
  messageBurst: number;
  /** Frames per second per connection of any kind, before decoding: a flood guard only. */
  framesPerSecond: number;
  frameBurst: number;
  /** Awareness states larger than this (JSON bytes) are dropped. */
  maxAwarenessBytes: number;
  /**
   * Updates of one document are merged over this window into one row (at most 1 s): about one
   * insert per second per document being typed in; a sender hears "saved" within this plus the commit.
   */
  flushWindowMs: number;
  /** A document unloads this long after its last client left (at most 30 s). */
  unloadAfterMs: number;
  /** Compact when the tail reaches this many rows (or outgrows the snapshot). */
  compactAfterRows: number;
  /** Re-render the derived HTML/text this long after the last change. */
  deriveAfterMs: number;
  /**
   * How often open connections' access is asked again (account deactivated, member removed …).
   * A change must reach open connections within 5 s: this plus the time the check takes.
   */
  recheckAccessMs: number;
  /** First retry delay after a failed write; doubles up to 10 s. */
  retryDelayMs: number;
}

export const DEFAULT_LIMITS: CollabLimits = {
  maxFrameBytes: 2 * 1024 * 1024,
  maxDocumentBytes: 16 * 1024 * 1024,
  messagesPerSecond: 100,
  messageBurst: 500,
  framesPerSecond: 2_000,
  frameBurst: 8_000,
  maxAwarenessBytes: 1024,
  flushWindowMs: 1_000,
  unloadAfterMs: 10_000,
  compactAfterRows: 500,
  deriveAfterMs: 2_000,
  recheckAccessMs: 2_000,
  retryDelayMs: 250,
};

/** A token bucket: `take()` is false once a connection sends faster than its rate allows. */
export class RateLimiter {
  private tokens: number;
  private last = performance.now();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
