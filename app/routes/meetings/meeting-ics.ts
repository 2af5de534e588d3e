import type { Route } from './+types/meeting-ics';
import { requireUser } from '~/lib/auth/viewer.server';
import { rethrowAsResponse } from '~/lib/http.server';
import { meetingCalendar } from '~/lib/meetings/calendar.server';
import { parseMeetingId } from '~/lib/meetings/meetings.server';
import { publicOrigin } from '~/lib/meetings/urls.server';

/** /sitzungen/:meetingId/sitzung.ics — one meeting as iCalendar, for its readers. */
export async function loader(args: Route.LoaderArgs) {
  const { db } = await requireUser(args);
  try {
    const meetingId = parseMeetingId(args.params.meetingId);
    const ics = await db((tx) => meetingCalendar(tx, meetingId, publicOrigin(args.request)));
    return new Response(ics, {
      headers: {
        'content-type': 'text/calendar; charset=utf-8',
        'content-disposition': `attachment; filename="sitzung-${meetingId}.ics"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      },
    });
  } catch (error) {
    return rethrowAsResponse(error);
  }
}
