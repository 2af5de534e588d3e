import type * as Ssr from '@supabase/ssr';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { WebSocket } from 'ws';
import { withService } from '../db/with-service.server';
import type { Claims } from '../db/with-user.server';
import { getEnv } from '../env.server';
import { AppError } from '../errors';
import { getLogger } from '../logger.server';
import { isSecureRequest, serializeCookie } from './cookies.server';

/**
 * Supabase mode (SUPABASE_URL + SUPABASE_ANON_KEY set): Supabase Auth through supabase-js and
 * @supabase/ssr. The session lives in the library's `sb-<ref>-auth-token` cookies, rewritten here
 * to HttpOnly, SameSite=Lax, Secure under HTTPS and SESSION_TTL_HOURS (the library's defaults are
 * readable by scripts and 400 days). Identity comes only from a verified access token
 * (`getClaims(token)`: signature against the project's JWKS, cached 10 minutes, expiry) plus our
 * own checks of issuer, audience and role; never from `getSession()`'s user.
 * supabase-js is imported lazily so the built-in accounts never load it.
 */

type SsrModule = typeof Ssr;

async function loadLibraries(): Promise<{ ssr: SsrModule; ws: typeof WebSocket }> {
  const [ssr, ws] = await Promise.all([import('@supabase/ssr'), import('ws')]);
  return { ssr, ws: ws.WebSocket };
}

function supabaseConfig() {
  const config = getEnv().supabase;
  if (!config) throw new Error('Supabase mode is not configured (SUPABASE_URL, SUPABASE_ANON_KEY)');
  return config;
}

/** The cookie name @supabase/ssr uses for the project: `sb-<first label of the host>-auth-token`. */
export function sessionStorageKey(url = supabaseConfig().url): string {
  return `sb-${new URL(url).hostname.split('.')[0]}-auth-token`;
}

/** Collects the cookies (and no-cache headers) the library wants written on this response. */
export class ResponseCookies {
  readonly headers = new Headers();
  append(name: string, value: string, isRemoval: boolean, secure: boolean) {
    this.headers.append(
      'Set-Cookie',
      serializeCookie(name, value, {
        secure,
        maxAgeSeconds: isRemoval ? 0 : getEnv().SESSION_TTL_HOURS * 3600,
      }),
    );
  }
}

/** A per-request server client: cookies read from `request`, writes collected in `cookies`. */
export async function createSupabaseServerClient(
  request: Request,
  cookies: ResponseCookies = new ResponseCookies(),
): Promise<{ supabase: SupabaseClient; cookies: ResponseCookies }> {
  const { url, anonKey } = supabaseConfig();
  const { ssr, ws } = await loadLibraries();
  const secure = isSecureRequest(request);
  const supabase = ssr.createServerClient(url, anonKey, {
    cookies: {
      getAll: () => ssr.parseCookieHeader(request.headers.get('cookie') ?? '') as never,
      setAll(toSet, headers) {
        for (const { name, value, options } of toSet) {
          cookies.append(name, value, options.maxAge === 0 || value === '', secure);
        }
        for (const [name, value] of Object.entries(headers ?? {})) cookies.headers.set(name, value);
      },
    },
    // Node 20 has no global WebSocket: supabase-js refuses to construct without a transport.
    realtime: { transport: ws as never },
    auth: { flowType: 'pkce' },
  });
  return { supabase, cookies };
}

/** A client with the service key, for the Auth admin API. Server only; never reaches a browser. */
export async function createSupabaseAdminClient(): Promise<SupabaseClient> {
  const { url, serviceRoleKey } = supabaseConfig();
  if (!serviceRoleKey) {
    throw new AppError({
      status: 500,
      code: 'supabase_service_key_missing',
      message: 'error.unexpected',
      context: { reason: 'SUPABASE_SERVICE_ROLE_KEY is not set' },
    });
  }
  const [{ createClient }, { ws }] = await Promise.all([
    import('@supabase/supabase-js'),
    loadLibraries(),
  ]);
  return createClient(url, serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: ws as never },
  });
}

/** The access token in the request's session cookies (possibly chunked, possibly base64url), or null. */
export async function readAccessToken(request: Request): Promise<string | null> {
  const header = request.headers.get('cookie');
  if (!header) return null;
  const { ssr } = await loadLibraries();
  const jar = new Map(ssr.parseCookieHeader(header).map((c) => [c.name, c.value ?? '']));
  const raw = await ssr.combineChunks(sessionStorageKey(), (name) => jar.get(name));
  if (!raw) return null;
  try {
    const json = raw.startsWith('base64-') ? ssr.stringFromBase64URL(raw.slice(7)) : raw;
    const session = JSON.parse(json) as { access_token?: unknown };
    return typeof session.access_token === 'string' ? session.access_token : null;
  } catch {
    return null;
  }
}

const SIGNED_ALGORITHMS = new Set(['RS256', 'ES256', 'HS256']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function tokenHeader(token: string): { alg?: unknown } | null {
  try {
    return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as {
      alg?: unknown;
    };
  } catch {
    return null;
  }
}

/**
 * The verified claims of a Supabase access token, or null. getClaims checks signature (JWKS; a
 * project still on a shared HS256 secret is checked by the Auth server instead) and expiry; the
 * issuer must be this project's, the audience and role `authenticated`. Unsigned tokens are refused
 * before anything is fetched.
 */
export async function verifySupabaseAccessToken(
  token: string,
  supabase?: SupabaseClient,
): Promise<Claims | null> {
  const header = tokenHeader(token);
  if (!header || typeof header.alg !== 'string' || !SIGNED_ALGORITHMS.has(header.alg)) return null;
  const client =
    supabase ?? (await createSupabaseServerClient(new Request('http://localhost/'))).supabase;
  let payload: Record<string, unknown>;
  try {
    const { data, error } = await client.auth.getClaims(token);
    if (error || !data) return null;
    payload = data.claims as unknown as Record<string, unknown>;
  } catch (error) {
    // A malformed token or an unknown `alg` throws instead of returning an error.
    getLogger().debug({ err: error }, 'access token refused');
    return null;
  }
  const { issuer } = supabaseConfig();
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (
    payload.iss !== issuer ||
    !audiences.includes('authenticated') ||
    payload.role !== 'authenticated' ||
    typeof payload.sub !== 'string' ||
    !UUID.test(payload.sub) ||
    typeof payload.exp !== 'number' ||
    typeof payload.email !== 'string'
  ) {
    return null;
  }
  return {
    ...payload,
    sub: payload.sub,
    role: 'authenticated',
    aud: 'authenticated',
    email: payload.email,
    session_id: typeof payload.session_id === 'string' ? payload.session_id : '',
    exp: payload.exp,
  };
}

/** As in the built-in mode: a deleted, banned or deactivated account has no session. */
async function isUsableAccount(userId: string): Promise<boolean> {
  return withService(async (tx) => {
    const { rows } = await tx.query<{ is_usable: boolean }>(
      `select (u.deleted_at is null and (u.banned_until is null or u.banned_until < now())
               and p.is_active) as is_usable
         from auth.users u join public.profiles p on p.profile_id = u.id
        where u.id = $1`,
      [userId],
    );
    return rows[0]?.is_usable ?? false;
  });
}

/**
 * The verified claims of the request's Supabase session, or null. Never refreshes (a refresh
 * rotates the refresh token and must write cookies, which the collab upgrade cannot): an expired
 * access token is null here; page loads then go through /anmelden (viewer.server.ts), which
 * refreshes and sends the person back.
 */
export async function readSupabaseClaims(request: Request): Promise<Claims | null> {
  const token = await readAccessToken(request);
  if (!token) return null;
  const claims = await verifySupabaseAccessToken(token);
  if (!claims) return null;
  return (await isUsableAccount(claims.sub)) ? claims : null;
}

/** Whether the request carries Supabase session cookies at all (expired or not). */
export function hasSupabaseSessionCookie(request: Request): boolean {
  const key = sessionStorageKey();
  return (request.headers.get('cookie') ?? '')
    .split(';')
    .some((part) => part.trim().startsWith(`${key}=`) || part.trim().startsWith(`${key}.0=`));
}

const invalidCredentials = () =>
  new AppError({ status: 401, code: 'invalid_credentials', message: 'signIn.failed' });

function authFailure(error: { status?: number; code?: string }): AppError {
  if (error.status === 429 || error.code === 'over_request_rate_limit') {
    return new AppError({
      status: 429,
      code: 'too_many_attempts',
      message: 'signIn.tooMany',
      params: { minutes: 5 },
      headers: { 'Retry-After': '300' },
    });
  }
  if (error.status !== undefined && error.status >= 500) {
    return new AppError({ status: 502, code: 'auth_unavailable', message: 'error.unexpected' });
  }
  return invalidCredentials();
}

/** E-mail + password against Supabase Auth; returns the Set-Cookie headers of the new session. */
export async function signInWithPassword(
  request: Request,
  email: string,
  password: string,
): Promise<Headers> {
  const { supabase, cookies } = await createSupabaseServerClient(request);
  const { data, error } = await supabase.auth.signInWithPassword({ email, password });
  if (error || !data.session) throw authFailure(error ?? {});
  const claims = await verifySupabaseAccessToken(data.session.access_token, supabase);
  if (!claims || !(await isUsableAccount(claims.sub))) {
    await supabase.auth.signOut({ scope: 'local' });
    throw invalidCredentials();
  }
  return cookies.headers;
}

/**
 * Sends a magic link (existing accounts only). The PKCE code verifier goes into a cookie on this
 * response, so the link signs in the browser that asked for it; the link comes back to
 * /anmelden?code=… (or ?token_hash=…&type=… with the e-mail templates in supabase/templates).
 */
export async function sendMagicLink(
  request: Request,
  email: string,
  redirectTo: string,
): Promise<Headers> {
  const { supabase, cookies } = await createSupabaseServerClient(request);
  const origin = getEnv().PUBLIC_URL ?? new URL(request.url).origin;
  const back = new URL('/anmelden', origin);
  if (redirectTo !== '/') back.searchParams.set('redirectTo', redirectTo);
  const { error } = await supabase.auth.signInWithOtp({
    email,
    options: { shouldCreateUser: false, emailRedirectTo: back.toString() },
  });
  // Unknown addresses get the same answer as known ones.
  if (error && (error.status === 429 || (error.status ?? 0) >= 500)) throw authFailure(error);
  return cookies.headers;
}

const OTP_TYPES = new Set(['magiclink', 'email', 'invite', 'signup', 'recovery']);

/** The sign-in link came back: exchanges `code` (PKCE) or `token_hash` for a session; null if neither. */
export async function completeEmailLink(request: Request): Promise<Headers | null> {
  const params = new URL(request.url).searchParams;
  const code = params.get('code');
  const tokenHash = params.get('token_hash');
  const type = params.get('type') ?? 'email';
  if (!code && !tokenHash) return null;
  const { supabase, cookies } = await createSupabaseServerClient(request);
  const { data, error } = code
    ? await supabase.auth.exchangeCodeForSession(code)
    : OTP_TYPES.has(type)
      ? await supabase.auth.verifyOtp({
          token_hash: tokenHash!,
          type: type as 'magiclink' | 'email' | 'invite' | 'signup' | 'recovery',
        })
      : { data: { session: null }, error: { status: 400 } };
  if (error || !data.session) {
    throw new AppError({ status: 400, code: 'link_invalid', message: 'signIn.linkInvalid' });
  }
  return cookies.headers;
}

/**
 * Exchanges the refresh token for a fresh session. `ok` with the new cookies, or not `ok` with the
 * cookies that clear a dead session; null when there was nothing to write.
 */
export async function refreshSupabaseSession(
  request: Request,
): Promise<{ ok: boolean; headers: Headers } | null> {
  const { supabase, cookies } = await createSupabaseServerClient(request);
  const { data, error } = await supabase.auth.refreshSession();
  const claims =
    !error && data.session
      ? await verifySupabaseAccessToken(data.session.access_token, supabase)
      : null;
  if (claims && (await isUsableAccount(claims.sub))) return { ok: true, headers: cookies.headers };
  // A dead or refused session is ended, so its cookies do not send the person here again.
  if (data.session) await supabase.auth.signOut({ scope: 'local' });
  return cookies.headers.has('Set-Cookie') ? { ok: false, headers: cookies.headers } : null;
}

/** Ends the session at Supabase Auth (this browser) and clears the cookies. */
export async function signOutSupabase(request: Request): Promise<Headers> {
  const { supabase, cookies } = await createSupabaseServerClient(request);
  await supabase.auth.signOut({ scope: 'local' });
  // Cookies the library did not know about (a broken session) are cleared all the same.
  const secure = isSecureRequest(request);
  const key = sessionStorageKey();
  const written = cookies.headers.getSetCookie().join('\n');
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const name = part.split('=')[0]?.trim() ?? '';
    if (name.startsWith(key) && !written.includes(`${name}=`))
      cookies.append(name, '', true, secure);
  }
  return cookies.headers;
}

/**
 * Creates the invited account through the Auth admin API (`inviteUserByEmail`, service key): Supabase
 * Auth writes auth.users (our trigger makes the profile) and sends its invitation e-mail, whose link
 * signs the person in at /anmelden. Returns the new account's id.
 */
export async function inviteSupabaseUser(
  request: Request,
  invite: { email: string; displayName: string; redirectTo: string },
): Promise<{ userId: string }> {
  const admin = await createSupabaseAdminClient();
  const origin = getEnv().PUBLIC_URL ?? new URL(request.url).origin;
  const back = new URL('/anmelden', origin);
  back.searchParams.set('redirectTo', invite.redirectTo);
  const { data, error } = await admin.auth.admin.inviteUserByEmail(invite.email, {
    data: { display_name: invite.displayName },
    redirectTo: back.toString(),
  });
  if (error || !data.user) {
    throw new AppError({
      status: error?.status === 422 ? 409 : 502,
      code: 'invite_failed',
      message: error?.status === 422 ? 'error.duplicate' : 'error.unexpected',
      cause: error,
    });
  }
  return { userId: data.user.id };
}
