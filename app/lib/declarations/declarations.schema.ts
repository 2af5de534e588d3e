import { z } from 'zod';

export const DECLARATION_STATUSES = ['draft', 'frozen'] as const;
export type DeclarationStatus = (typeof DECLARATION_STATUSES)[number];

const asArray = (value: unknown) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export const DeclarationIdSchema = z.uuid();

/** The compile form: title, the two free sections, and the chosen measures in order. */
export const DeclarationFormSchema = z.object({
  title: z
    .string({ error: 'declarations.error.title' })
    .trim()
    .min(3, 'declarations.error.title')
    .max(200, 'declarations.error.title'),
  preamble: z.string().trim().max(20000, 'declarations.error.textLength').default(''),
  commitments: z.string().trim().max(20000, 'declarations.error.textLength').default(''),
  measureIds: z.preprocess(
    asArray,
    z.array(z.uuid({ error: 'declarations.error.measure' })).max(500, 'declarations.error.measure'),
  ),
});
export type DeclarationForm = z.infer<typeof DeclarationFormSchema>;

export const DeclarationActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('freeze') }),
  z.object({ intent: z.literal('sign'), organizationId: z.uuid() }),
  z.object({ intent: z.literal('withdraw'), organizationId: z.uuid() }),
  z.object({ intent: z.literal('delete') }),
]);
export type DeclarationAction = z.infer<typeof DeclarationActionSchema>;

export const CompareQuerySchema = z.object({ a: z.uuid(), b: z.uuid() });
