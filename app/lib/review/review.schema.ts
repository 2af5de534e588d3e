import { z } from 'zod';
import type { MessageKey } from '../i18n/messages';
import { hasPairedAnchors, PAIRED_ANCHORS, PASSAGE_FIELDS } from './passage.schema';

/** Forms of review and agreement: one schema per form, shared by the form and its action. */

const asArray = (value: unknown) =>
  value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value];
export const COMMENT_MAX = 4000;

const Body = z
  .string({ error: 'review.error.body' })
  .trim()
  .min(1, 'review.error.body')
  .max(COMMENT_MAX, 'review.error.bodyLength');
const Mentions = z.preprocess(
  asArray,
  z.array(z.uuid({ error: 'review.error.mention' })).max(20, 'review.error.mention'),
);

export const NewThreadSchema = z
  .object({ body: Body, mentions: Mentions, ...PASSAGE_FIELDS })
  .refine(hasPairedAnchors, PAIRED_ANCHORS);
export type NewThread = z.infer<typeof NewThreadSchema>;

export const ReplySchema = z.object({
  threadId: z.uuid({ error: 'review.error.thread' }),
  body: Body,
  mentions: Mentions,
});
export type Reply = z.infer<typeof ReplySchema>;

export const ThreadStatusSchema = z.object({
  threadId: z.uuid({ error: 'review.error.thread' }),
  status: z.enum(['open', 'resolved'], { error: 'review.error.thread' }),
});

export const VersionNameSchema = z.object({
  name: z
    .string({ error: 'review.error.versionName' })
    .trim()
    .min(1, 'review.error.versionName')
    .max(120, 'review.error.versionName'),
});

export const SignSchema = z.object({
  organizationId: z.uuid({ error: 'review.error.organization' }),
});

export const CompareSchema = z.object({
  from: z.uuid({ error: 'review.error.version' }),
  to: z.uuid({ error: 'review.error.version' }),
});

/** What the comment and sign-off actions answer (the panels read it through their fetchers). */
export interface ReviewFailure {
  ok: false;
  formError: MessageKey | null;
  formParams: Record<string, string | number>;
  fieldErrors: Partial<Record<string, MessageKey>>;
}
export type CommentIntent = 'thread' | 'reply' | 'status';
export type CommentResult =
  | { ok: true; intent: CommentIntent; threadId: string | null }
  | (ReviewFailure & { intent: CommentIntent | null; threadId: string | null });
export type SignResult = { ok: true } | ReviewFailure;
