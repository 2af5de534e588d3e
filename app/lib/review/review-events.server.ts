import { EventEmitter } from 'node:events';
import { singleton } from '../singleton.server';

/**
 * "Something changed on this measure" signals for the live comment panel (server-sent events).
 * They carry no content: a client that hears one reloads through its loader, as the user, under RLS.
 * One Node process serves the app (architecture), so an in-process emitter reaches every listener.
 */
export type MeasureEvent = 'comments' | 'signoff';

const emitter = singleton('review-events', () => {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  return events;
});

export function publishMeasureEvent(measureId: string, event: MeasureEvent): void {
  emitter.emit(measureId, event);
}

export function subscribeMeasureEvents(
  measureId: string,
  listener: (event: MeasureEvent) => void,
): () => void {
  emitter.on(measureId, listener);
  return () => emitter.off(measureId, listener);
}
