import { z } from 'zod';

const encoder = new TextEncoder();

export const PASSWORD_MIN_LENGTH = 10;
/** bcrypt ignores everything after 72 bytes, so longer passwords are refused rather than truncated. */
export const PASSWORD_MAX_BYTES = 72;

export const EmailSchema = z
  .string({ error: 'validation.emailRequired' })
  .trim()
  .min(1, 'validation.emailRequired')
  .max(254, 'validation.emailInvalid')
  .pipe(z.email({ error: 'validation.emailInvalid' }))
  .transform((email) => email.toLowerCase());

export const NewPasswordSchema = z
  .string({ error: 'validation.passwordRequired' })
  .min(1, 'validation.passwordRequired')
  .min(PASSWORD_MIN_LENGTH, 'validation.passwordTooShort')
  .refine(
    (password) => encoder.encode(password).length <= PASSWORD_MAX_BYTES,
    'validation.passwordTooLong',
  );

export const SignInSchema = z.object({
  email: EmailSchema,
  password: z
    .string({ error: 'validation.passwordRequired' })
    .min(1, 'validation.passwordRequired')
    .refine(
      (password) => encoder.encode(password).length <= PASSWORD_MAX_BYTES,
      'validation.passwordTooLong',
    ),
  redirectTo: z.string().optional(),
});
export type SignIn = z.infer<typeof SignInSchema>;

/** Supabase mode: the sign-in link by e-mail. */
export const MagicLinkSchema = z.object({
  email: EmailSchema,
  redirectTo: z.string().optional(),
});

/** Supabase mode: accepting an invitation asks only for the name; Supabase Auth confirms the address. */
export const AcceptSupabaseInvitationSchema = z.object({
  displayName: z
    .string({ error: 'invitation.error.displayNameRequired' })
    .trim()
    .min(1, 'invitation.error.displayNameRequired')
    .max(120, 'invitation.error.displayNameTooLong'),
});
