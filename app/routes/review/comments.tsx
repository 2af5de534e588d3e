import { data } from 'react-router';
import { z } from 'zod';
import type { Route } from './+types/comments';
import { requireUser } from '~/lib/auth/viewer.server';
import { notFound } from '~/lib/errors';
import { describeFailure, idParam, parseForm } from '~/lib/http.server';
import {
  NewThreadSchema,
  ReplySchema,
  ThreadStatusSchema,
  type CommentIntent,
  type CommentResult,
} from '~/lib/review/review.schema';
import { createThread, replyToThread, setThreadStatus } from '~/lib/review/review.server';

/** Comment actions of a measure (no page): new thread, reply, resolve / reopen. */

const IntentSchema = z.object({ intent: z.enum(['thread', 'reply', 'status']) });

export async function action(args: Route.ActionArgs) {
  const { db } = await requireUser(args);
  let intent: CommentIntent | null = null;
  let threadId: string | null = null;
  try {
    const measureId = idParam(args.params, 'measureId');
    const form = await args.request.clone().formData();
    const parsedIntent = IntentSchema.safeParse({ intent: form.get('intent') });
    if (!parsedIntent.success) throw notFound({ intent: form.get('intent') });
    intent = parsedIntent.data.intent;
    threadId = typeof form.get('threadId') === 'string' ? String(form.get('threadId')) : null;
    switch (intent) {
      case 'thread':
        threadId = await createThread(
          db,
          measureId,
          await parseForm(args.request, NewThreadSchema),
        );
        break;
      case 'reply':
        await replyToThread(db, measureId, await parseForm(args.request, ReplySchema));
        break;
      case 'status': {
        const input = await parseForm(args.request, ThreadStatusSchema);
        await setThreadStatus(db, measureId, input.threadId, input.status);
        break;
      }
    }
    return data<CommentResult>({ ok: true, intent, threadId });
  } catch (error) {
    const { body, init } = describeFailure(error);
    return data<CommentResult>({ ...body, intent, threadId }, init);
  }
}
