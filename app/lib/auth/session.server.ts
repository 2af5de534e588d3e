import { createHash, randomBytes } from 'node:crypto';
import { redirect } from 'react-router';
import { getEnv } from '../env.server';
import { withService } from '../db/with-service.server';
import { withUser, type Claims, type Tx } from '../db/with-user.server';
import {
  isSecureRequest,
  readCookie,
  serializeCookie,
  sessionCookieName,
  signValue,
  unsignValue,
} from './cookies.server';
import { readSupabaseClaims } from './supabase-auth.server';

const tokenHash = (token: string) => createHash('sha256').update(token).digest();

/** Starts a server-side session and returns the Set-Cookie header that carries it. */
export async function createSession(request: Request, userId: string): Promise<string> {
  const ttlHours = getEnv().SESSION_TTL_HOURS;
  const token = randomBytes(32).toString('base64url');
  await withService(async (tx) => {
    await tx.query(
      `insert into local_auth.sessions (user_id, token_hash, expires_at, user_agent)
       values ($1, $2, now() + make_interval(hours => $3), left($4, 300))`,
      [userId, tokenHash(token), ttlHours, request.headers.get('user-agent') ?? ''],
    );
    await tx.query('update auth.users set last_sign_in_at = now() where id = $1', [userId]);
  });
  return serializeCookie(sessionCookieName(request), signValue(token), {
    secure: isSecureRequest(request),
    maxAgeSeconds: ttlHours * 3600,
  });
}

function sessionToken(request: Request): string | null {
  const signed = readCookie(request, sessionCookieName(request));
  return signed ? unsignValue(signed) : null;
}

/**
 * The verified claims of the request's session, or null, in either mode: Supabase mode verifies
 * the access token in the Supabase session cookies (supabase-auth.server.ts); the built-in
 * accounts look up their server-side session. The collab server authenticates upgrades here too.
 */
export async function readClaims(request: Request): Promise<Claims | null> {
  if (getEnv().authMode === 'supabase') return readSupabaseClaims(request);
  return readLocalClaims(request);
}

/**
 * Built-in accounts: the claims of the request's session, or null. A session counts only while it exists,
 * has not expired, and its account is neither banned, deleted nor deactivated — so sign-out and
 * deactivation take effect on the very next request. Sessions slide: past half their lifetime
 * an active session is extended (one write per half-lifetime, not per request).
 */
async function readLocalClaims(request: Request): Promise<Claims | null> {
  const token = sessionToken(request);
  if (!token) return null;
  return withService((tx) => lookUpLocalSession(tx, token));
}

/** The session lookup of `readLocalClaims`, in a transaction running as service_role. */
async function lookUpLocalSession(tx: Tx, token: string): Promise<Claims | null> {
  const ttlHours = getEnv().SESSION_TTL_HOURS;
  const { rows } = await tx.query<{
    session_id: string;
    user_id: string;
    email: string;
    expires_at: Date;
  }>(
    `select s.session_id, s.user_id, u.email, s.expires_at
       from local_auth.sessions s
       join auth.users u on u.id = s.user_id
       join public.profiles p on p.profile_id = u.id
      where s.token_hash = $1
        and s.expires_at > now()
        and u.deleted_at is null
        and (u.banned_until is null or u.banned_until < now())
        and p.is_active`,
    [tokenHash(token)],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.expires_at.getTime() - Date.now() < (ttlHours * 3600_000) / 2) {
    const { rows: extended } = await tx.query<{ expires_at: Date }>(
      `update local_auth.sessions set expires_at = now() + make_interval(hours => $2), last_seen_at = now()
        where session_id = $1 returning expires_at`,
      [row.session_id, ttlHours],
    );
    if (extended[0]) row.expires_at = extended[0].expires_at;
  }
  return {
    ...authenticatedClaims(row.user_id, row.email),
    session_id: row.session_id,
    exp: Math.floor(row.expires_at.getTime() / 1000),
  };
}

/**
 * `readClaims` and then `fn` as that user (`withUser`), for a caller that needs both at once — the
 * collab server's upgrade. With built-in accounts both run in one transaction: the session is
 * looked up as service_role, then the transaction continues as the user with their claims, so
 * `fn` sees exactly what `withUser` would. Null (and `fn` not called) without a valid session.
 */
export async function withSessionUser<T>(
  request: Request,
  fn: (tx: Tx, claims: Claims) => Promise<T>,
): Promise<{ claims: Claims; result: T } | null> {
  if (getEnv().authMode === 'supabase') {
    const claims = await readSupabaseClaims(request);
    return claims ? { claims, result: await withUser(claims, (tx) => fn(tx, claims)) } : null;
  }
  const token = sessionToken(request);
  if (!token) return null;
  return withService(async (tx) => {
    const claims = await lookUpLocalSession(tx, token);
    if (!claims) return null;
    await tx.query(
      "select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)",
      [JSON.stringify(claims)],
    );
    return { claims, result: await fn(tx, claims) };
  });
}

/** Ends the request's session (if any) and returns the Set-Cookie header that clears the cookie. */
export async function destroySession(request: Request): Promise<string> {
  const token = sessionToken(request);
  if (token) {
    await withService((tx) =>
      tx.query('delete from local_auth.sessions where token_hash = $1', [tokenHash(token)]),
    );
  }
  return serializeCookie(sessionCookieName(request), '', {
    secure: isSecureRequest(request),
    maxAgeSeconds: 0,
  });
}

/** Only same-site relative paths are followed after sign-in. */
export function safeRedirectPath(target: string | null | undefined, fallback = '/'): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\'))
    return fallback;
  return target;
}

export function redirectToSignIn(request: Request): never {
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  throw redirect(back === '/' ? '/anmelden' : `/anmelden?redirectTo=${encodeURIComponent(back)}`);
}

/** The claims every built-in credential (session, calendar feed token) stands for: Supabase's shape. */
export function authenticatedClaims(
  userId: string,
  email: string,
): Pick<Claims, 'sub' | 'role' | 'aud' | 'email'> {
  return { sub: userId, role: 'authenticated', aud: 'authenticated', email };
}
