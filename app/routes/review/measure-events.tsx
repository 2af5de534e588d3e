import type { Route } from './+types/measure-events';
import { requireUser } from '~/lib/auth/viewer.server';
import { idParam, rethrowAsResponse } from '~/lib/http.server';
import { requireVisibleMeasure } from '~/lib/measures/measures.server';
import { subscribeMeasureEvents } from '~/lib/review/review-events.server';

/**
 * Server-sent events for one measure: "comments" or "signoff" changed. The events carry no
 * content; the page reloads its data through its loader, as the user. Access is checked on connect;
 * a comment on a measure the user can no longer read is never delivered because the reload is
 * filtered by RLS. A heartbeat every 25 s keeps proxies from closing the stream.
 */
export async function loader(args: Route.LoaderArgs) {
  const signedIn = await requireUser(args);
  try {
    const measureId = idParam(args.params, 'measureId');
    await signedIn.db((tx) => requireVisibleMeasure(tx, measureId));
    const encoder = new TextEncoder();
    let cleanup = () => {};
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (text: string) => {
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            cleanup();
          }
        };
        send('retry: 10000\n\n');
        const unsubscribe = subscribeMeasureEvents(measureId, (event) =>
          send(`event: ${event}\ndata: {}\n\n`),
        );
        const heartbeat = setInterval(() => send(': ping\n\n'), 25_000);
        cleanup = () => {
          clearInterval(heartbeat);
          unsubscribe();
        };
        args.request.signal.addEventListener('abort', () => {
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed
          }
        });
      },
      cancel() {
        cleanup();
      },
    });
    return new Response(stream, {
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Accel-Buffering': 'no',
      },
    });
  } catch (error) {
    return rethrowAsResponse(error);
  }
}
