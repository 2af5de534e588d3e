import { z } from 'zod';

/**
 * A passage of a measure's text as a form sends it: two encoded Yjs relative positions (base64,
 * both or neither) and the selected text as quoted. Shared by comment threads and decisions, which
 * anchor the same way (see `anchors.ts`).
 */
const base64 = z
  .string()
  .max(344, 'review.error.anchor')
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'review.error.anchor');
const optionalAnchor = z.preprocess((v) => (v === '' ? undefined : v), base64.optional());

export const PASSAGE_FIELDS = {
  anchorStart: optionalAnchor,
  anchorEnd: optionalAnchor,
  quote: z
    .string()
    .max(2000)
    .default('')
    .transform((q) => q.replace(/\s+/g, ' ').trim().slice(0, 500)),
};

/** With PASSAGE_FIELDS: `.refine(hasPairedAnchors, PAIRED_ANCHORS)` — an anchor has both ends or none. */
export const hasPairedAnchors = (value: { anchorStart?: string; anchorEnd?: string }): boolean =>
  (value.anchorStart === undefined) === (value.anchorEnd === undefined);
export const PAIRED_ANCHORS = { message: 'review.error.anchor', path: ['anchorStart'] };

export interface Passage {
  anchorStart?: string | undefined;
  anchorEnd?: string | undefined;
  quote: string;
}
