import { z } from 'zod';
import { EmailSchema, NewPasswordSchema } from '../auth/auth.schema';

/** Mirror the check constraints on public.working_groups.status and working_group_members.role. */
export const GROUP_STATUSES = ['active', 'closed'] as const;
export const GROUP_ROLES = ['moderator', 'member'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];
export type GroupRole = (typeof GROUP_ROLES)[number];

/** A row id; lower-cased so it compares equal to ids Postgres returns. */
const id = (message: string) =>
  z.guid({ error: message }).transform((value) => value.toLowerCase());

export const GroupIdSchema = z.guid().transform((value) => value.toLowerCase());

const NameSchema = z
  .string({ error: 'groups.error.nameRequired' })
  .trim()
  .min(1, 'groups.error.nameRequired')
  .min(3, 'groups.error.nameTooShort')
  .max(120, 'groups.error.nameTooLong');

const DescriptionSchema = z
  .string({ error: 'groups.error.descriptionTooLong' })
  .trim()
  .max(4000, 'groups.error.descriptionTooLong')
  .optional()
  .transform((value) => value ?? '');

export const GroupCreateSchema = z.object({
  name: NameSchema,
  themeId: id('groups.error.themeRequired'),
  description: DescriptionSchema,
  moderatorId: id('groups.error.moderatorRequired'),
});
export type GroupCreate = z.infer<typeof GroupCreateSchema>;

export const InviteSchema = z.object({
  email: EmailSchema,
  role: z.enum(GROUP_ROLES, { error: 'groups.error.roleInvalid' }).default('member'),
  organizationId: z
    .union([z.literal(''), z.guid()], { error: 'groups.error.organizationUnknown' })
    .optional()
    .transform((value) => (value ? value.toLowerCase() : null)),
});
export type Invite = z.infer<typeof InviteSchema>;

export const GROUP_INTENTS = [
  'invite',
  'remove',
  'leave',
  'changeRole',
  'setStatus',
  'describe',
  'withdraw',
] as const;
export type GroupIntent = (typeof GROUP_INTENTS)[number];

/** Every form on the group page names its `intent`; fields are unique per form. */
export const GroupActionSchema = z.discriminatedUnion(
  'intent',
  [
    InviteSchema.extend({ intent: z.literal('invite') }),
    z.object({ intent: z.literal('remove'), userId: id('validation.invalid') }),
    z.object({ intent: z.literal('leave') }),
    z.object({
      intent: z.literal('changeRole'),
      userId: id('validation.invalid'),
      memberRole: z.enum(GROUP_ROLES, { error: 'groups.error.roleInvalid' }),
    }),
    z.object({
      intent: z.literal('setStatus'),
      status: z.enum(GROUP_STATUSES, { error: 'validation.invalid' }),
    }),
    z.object({ intent: z.literal('describe'), description: DescriptionSchema }),
    z.object({ intent: z.literal('withdraw'), invitationId: id('validation.invalid') }),
  ],
  { error: 'validation.invalid' },
);
export type GroupAction = z.infer<typeof GroupActionSchema>;

/** 32 random bytes, base64url: what `/einladung/:token` must look like before the database is asked. */
export const InvitationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export const AcceptInvitationSchema = z
  .object({
    displayName: z
      .string({ error: 'invitation.error.displayNameRequired' })
      .trim()
      .min(1, 'invitation.error.displayNameRequired')
      .max(120, 'invitation.error.displayNameTooLong'),
    password: NewPasswordSchema,
    passwordRepeat: z.string({ error: 'invitation.error.passwordMismatch' }),
  })
  .refine((input) => input.password === input.passwordRepeat, {
    message: 'invitation.error.passwordMismatch',
    path: ['passwordRepeat'],
  });
export type AcceptInvitation = z.infer<typeof AcceptInvitationSchema>;
