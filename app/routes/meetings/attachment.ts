import type { Route } from './+types/attachment';
import { requireUser } from '~/lib/auth/viewer.server';
import { notFound } from '~/lib/errors';
import { rethrowAsResponse } from '~/lib/http.server';
import { attachmentResponse, getAttachment } from '~/lib/meetings/attachments.server';
import { MeetingIdSchema } from '~/lib/meetings/meetings.schema';
import { parseMeetingId } from '~/lib/meetings/meetings.server';

/** /sitzungen/:meetingId/anlagen/:attachmentId — a download for the meeting's readers, never inline. */
export async function loader(args: Route.LoaderArgs) {
  const { db } = await requireUser(args);
  try {
    const meetingId = parseMeetingId(args.params.meetingId);
    const attachmentId = MeetingIdSchema.safeParse(args.params.attachmentId);
    if (!attachmentId.success) throw notFound({ attachmentId: args.params.attachmentId });
    const attachment = await db((tx) => getAttachment(tx, meetingId, attachmentId.data));
    return attachmentResponse(attachment);
  } catch (error) {
    return rethrowAsResponse(error);
  }
}
