import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { MESSAGE_SYNC } from '../../app/lib/collab/protocol';
import {
  EMPTY_STATE_VECTOR,
  EMPTY_UPDATE,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  syncFrame,
  toBytes,
} from './wire';

export interface Probe {
  /** Milliseconds from opening the socket to the server's sync step 2 (the document is there). */
  ready: Promise<number>;
  /** Update messages received after the step 2. */
  updates: number;
  close(): void;
}

/**
 * A client that holds nothing: sends an empty state vector, answers the server's step 1 with an
 * empty update, and hands every received document update (step 2 included) to `onUpdate`.
 */
export function openProbe(
  url: string,
  headers: Record<string, string>,
  onUpdate?: (update: Uint8Array) => void,
): Probe {
  const started = performance.now();
  const socket = new WebSocket(url, { headers, perMessageDeflate: false });
  let resolveReady: (ms: number) => void = () => undefined;
  let rejectReady: (error: Error) => void = () => undefined;
  const probe: Probe = {
    ready: new Promise<number>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    }),
    updates: 0,
    close: () => socket.terminate(),
  };
  socket.on('open', () => socket.send(syncFrame(SYNC_STEP1, EMPTY_STATE_VECTOR)));
  socket.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(toBytes(data));
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
    const step = decoding.readVarUint(decoder);
    if (step === SYNC_STEP1) {
      socket.send(syncFrame(SYNC_STEP2, EMPTY_UPDATE));
      return;
    }
    const update = decoding.readVarUint8Array(decoder);
    onUpdate?.(update);
    if (step === SYNC_STEP2) resolveReady(performance.now() - started);
    else if (step === SYNC_UPDATE) probe.updates += 1;
  });
  socket.on('error', (error) => rejectReady(error));
  socket.on('close', (code) => rejectReady(new Error(`closed with ${code} before step 2`)));
  return probe;
}
