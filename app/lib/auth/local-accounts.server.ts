import { AppError } from '../errors';
import { withService } from '../db/with-service.server';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.server';
import { NewPasswordSchema } from './auth.schema';

export const FAILURE_WINDOW_MINUTES = 15;
/** Failed attempts allowed per account within the window; the next one is answered with 429. */
export const MAX_FAILURES = 5;

export type PlatformRole = 'admin' | 'member' | 'observer';

export interface NewAccount {
  email: string;
  password: string;
  displayName: string;
  organizationId?: string | null;
  platformRole?: PlatformRole;
}

/**
 * Creates a built-in account in auth.users (GoTrue-shaped, bcrypt cost 12); the auth.users
 * trigger creates its profile. Role and organisation travel in app metadata, as with Supabase Auth.
 */
export async function createLocalAccount(account: NewAccount): Promise<{ userId: string }> {
  const password = NewPasswordSchema.safeParse(account.password);
  if (!password.success) {
    throw new AppError({
      status: 400,
      code: 'invalid_password',
      message: (password.error.issues[0]?.message ?? 'validation.invalid') as 'validation.invalid',
    });
  }
  return insertLocalAccount({ ...account, passwordHash: await hashPassword(password.data) });
}

/** Inserts an account whose password is already hashed (seeding many accounts with one hash). */
export function insertLocalAccount(
  account: Omit<NewAccount, 'password'> & { passwordHash: string },
): Promise<{ userId: string }> {
  return withService(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                               raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       values ('00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated',
               lower($1), $2, now(), $3, $4, now(), now())
       returning id`,
      [
        account.email,
        account.passwordHash,
        JSON.stringify({
          provider: 'email',
          providers: ['email'],
          platform_role: account.platformRole ?? 'member',
          organization_id: account.organizationId ?? null,
        }),
        JSON.stringify({ display_name: account.displayName }),
      ],
    );
    return { userId: rows[0]!.id };
  });
}

function tooManyAttempts(retryAfterSeconds: number): AppError {
  return new AppError({
    status: 429,
    code: 'too_many_attempts',
    message: 'signIn.tooMany',
    params: { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) },
    headers: { 'Retry-After': String(Math.max(1, retryAfterSeconds)) },
    context: { retryAfterSeconds },
  });
}

const invalidCredentials = () =>
  new AppError({ status: 401, code: 'invalid_credentials', message: 'signIn.failed' });

/**
 * Checks e-mail and password. Unknown e-mails, wrong passwords and deactivated accounts give the
 * same answer after the same bcrypt work. From the 6th failure within 15 minutes the account is
 * answered 429 with Retry-After, whatever the password. The attempt is recorded as failed
 * before the (slow) bcrypt check, so parallel guesses cannot slip past the limit.
 */
export async function verifyCredentials(
  email: string,
  password: string,
): Promise<{ userId: string; email: string }> {
  const attempt = await withService(async (tx) => {
    await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`login:${email}`]);
    const { rows: failures } = await tx.query<{ failures: number; retry_after: number | null }>(
      `select count(*)::int as failures,
              ceil(extract(epoch from (min(attempted_at) + make_interval(mins => $2)) - now()))::int as retry_after
         from local_auth.login_attempts
        where email_normalized = $1
          and not succeeded
          and attempted_at > now() - make_interval(mins => $2)
          and attempted_at > coalesce((select max(attempted_at) from local_auth.login_attempts
                                        where email_normalized = $1 and succeeded), '-infinity')`,
      [email, FAILURE_WINDOW_MINUTES],
    );
    const { failures: count = 0, retry_after: retryAfter = null } = failures[0] ?? {};
    if (count >= MAX_FAILURES) return { kind: 'limited' as const, retryAfter: retryAfter ?? 60 };
    const { rows: attemptRows } = await tx.query<{ login_attempt_id: number }>(
      `insert into local_auth.login_attempts (email_normalized, succeeded) values ($1, false)
       returning login_attempt_id`,
      [email],
    );
    const { rows: users } = await tx.query<{
      id: string;
      email: string;
      encrypted_password: string | null;
      is_usable: boolean;
    }>(
      `select u.id, u.email, u.encrypted_password,
              (u.deleted_at is null and (u.banned_until is null or u.banned_until < now())
               and coalesce(p.is_active, false)) as is_usable
         from auth.users u left join public.profiles p on p.profile_id = u.id
        where lower(u.email) = $1`,
      [email],
    );
    return { kind: 'check' as const, attemptId: attemptRows[0]!.login_attempt_id, user: users[0] };
  });
  if (attempt.kind === 'limited') throw tooManyAttempts(attempt.retryAfter);

  const { user } = attempt;
  let isValid = false;
  if (user?.encrypted_password) isValid = await verifyPassword(password, user.encrypted_password);
  else await burnPasswordCheck(password);
  if (!user || !isValid || !user.is_usable) throw invalidCredentials();

  await withService((tx) =>
    tx.query(`update local_auth.login_attempts set succeeded = true where login_attempt_id = $1;`, [
      attempt.attemptId,
    ]),
  );
  return { userId: user.id, email: user.email };
}
