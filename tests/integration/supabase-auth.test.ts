import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvitation, newInvitationToken } from '../../app/lib/auth/invitations.server';
import { readClaims } from '../../app/lib/auth/session.server';
import {
  completeEmailLink,
  refreshSupabaseSession,
  sendMagicLink,
  sessionStorageKey,
  signInWithPassword,
  signOutSupabase,
  verifySupabaseAccessToken,
} from '../../app/lib/auth/supabase-auth.server';
import { withService } from '../../app/lib/db/with-service.server';
import { withUser } from '../../app/lib/db/with-user.server';
import { getEnv } from '../../app/lib/env.server';
import { isAppError } from '../../app/lib/errors';
import { createTestAccount, TEST_PASSWORD, type TestAccount } from '../fixtures/accounts';
import type { IncomingMessage } from 'node:http';
import { measureDocumentName } from '../../app/lib/collab/protocol';
import { authorizeUpgrade } from '../../app/server/collab/authorize-upgrade';
import { activeSessions, sessionKey } from '../../app/server/collab/persistence.server';
import { buildScenario, createMeasure } from '../fixtures/scenario';
import { signJwt, startAuthDouble, type AuthDouble } from '../fixtures/supabase-auth-double';

/**
 * Supabase mode against a CONTRACT DOUBLE of the Supabase Auth HTTP endpoints
 * (tests/fixtures/supabase-auth-double.ts), not against Supabase: there is no Supabase project,
 * Docker or internet here. The double answers with @supabase/auth-js's request/response shapes and
 * serves a real JWKS on loopback. supabase-js, @supabase/ssr, our verification, cookies, withUser
 * and RLS on the real database run as in production.
 */

let auth: AuthDouble;
let account: TestAccount;

beforeAll(async () => {
  auth = await startAuthDouble();
  auth.installEnv();
  account = await createTestAccount({ organizationShortName: 'DGB', displayName: 'Supa Base' });
});

afterAll(async () => {
  auth.restoreEnv();
  await auth.close();
});

/** The browser's next request: the cookies a response set, as a Cookie header. */
function cookieHeaderFrom(headers: Headers, previous = ''): string {
  const jar = new Map(
    previous
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)]),
  );
  for (const line of headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const name = pair.slice(0, pair.indexOf('='));
    if (/max-age=0/i.test(line)) jar.delete(name);
    else jar.set(name, pair.slice(pair.indexOf('=') + 1));
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

const requestWith = (cookie: string, path = '/') =>
  new Request(`http://127.0.0.1${path}`, { headers: cookie ? { cookie } : {} });

async function ownProfileName(claims: NonNullable<Awaited<ReturnType<typeof readClaims>>>) {
  return withUser(claims, async (tx) => {
    const { rows } = await tx.query<{ display_name: string }>(
      'select display_name from public.profiles where profile_id = (select auth.uid())',
    );
    return rows[0]?.display_name ?? null;
  });
}

describe('access token verification (local JWKS on loopback)', () => {
  it('accepts a valid token and returns its verified claims', async () => {
    const claims = await verifySupabaseAccessToken(auth.accessToken(account));
    expect(claims).toMatchObject({
      sub: account.userId,
      email: account.email,
      role: 'authenticated',
      aud: 'authenticated',
      iss: auth.issuer,
    });
  });

  it('refuses an expired token', async () => {
    const token = auth.accessToken(account, { exp: Math.floor(Date.now() / 1000) - 60 });
    expect(await verifySupabaseAccessToken(token)).toBeNull();
  });

  it('refuses a tampered token (another sub under the original signature)', async () => {
    const [header, , signature] = auth.accessToken(account).split('.');
    const other = auth.accessToken({ userId: crypto.randomUUID(), email: 'x@example.com' });
    const tampered = `${header}.${other.split('.')[1]}.${signature}`;
    expect(await verifySupabaseAccessToken(tampered)).toBeNull();
  });

  it('refuses a token from another issuer, though signed with the right key', async () => {
    const token = auth.accessToken(account, { iss: 'https://other.supabase.co/auth/v1' });
    expect(await verifySupabaseAccessToken(token)).toBeNull();
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const valid = auth.accessToken(account);
    const payload = JSON.parse(Buffer.from(valid.split('.')[1]!, 'base64url').toString());
    const unsigned = signJwt({ alg: 'none', typ: 'JWT' }, payload, null);
    const unsignedWithKid = signJwt({ alg: 'none', typ: 'JWT', kid: auth.kid }, payload, null);
    expect(await verifySupabaseAccessToken(unsigned)).toBeNull();
    expect(await verifySupabaseAccessToken(unsignedWithKid)).toBeNull();
  });

  it('refuses a token signed by another key under the project key id', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const valid = auth.accessToken(account);
    const payload = JSON.parse(Buffer.from(valid.split('.')[1]!, 'base64url').toString());
    const forged = signJwt({ alg: 'ES256', typ: 'JWT', kid: auth.kid }, payload, privateKey);
    expect(await verifySupabaseAccessToken(forged)).toBeNull();
  });

  it('refuses a token for the wrong audience or role', async () => {
    expect(await verifySupabaseAccessToken(auth.accessToken(account, { aud: 'x' }))).toBeNull();
    expect(
      await verifySupabaseAccessToken(auth.accessToken(account, { role: 'service_role' })),
    ).toBeNull();
  });

  it('fetches the JWKS once and verifies further tokens from the cache', async () => {
    const before = auth.hits.get('GET /.well-known/jwks.json') ?? 0;
    for (let i = 0; i < 5; i += 1) {
      expect(await verifySupabaseAccessToken(auth.accessToken(account))).not.toBeNull();
    }
    expect(auth.hits.get('GET /.well-known/jwks.json') ?? 0).toBe(before);
    expect(before).toBeLessThanOrEqual(1);
  });
});

describe('sessions through @supabase/ssr cookies', () => {
  it('e-mail + password signs in; the cookies are HttpOnly, SameSite=Lax, SESSION_TTL_HOURS long', async () => {
    const headers = await signInWithPassword(requestWith(''), account.email, TEST_PASSWORD);
    const setCookies = headers.getSetCookie();
    expect(setCookies.length).toBeGreaterThan(0);
    for (const line of setCookies) {
      expect(line).toMatch(new RegExp(`^${sessionStorageKey()}`));
      expect(line).toContain('HttpOnly');
      expect(line).toContain('SameSite=Lax');
      expect(line).toContain(`Max-Age=${getEnv().SESSION_TTL_HOURS * 3600}`);
      expect(line).not.toContain('Secure');
    }
    expect(headers.get('Cache-Control')).toContain('no-store');

    const claims = await readClaims(requestWith(cookieHeaderFrom(headers)));
    expect(claims?.sub).toBe(account.userId);
    expect(await ownProfileName(claims!)).toBe('Supa Base');
  });

  it('marks the cookies Secure when served over HTTPS', async () => {
    const request = new Request('https://werkstatt.example/anmelden');
    const headers = await signInWithPassword(request, account.email, TEST_PASSWORD);
    for (const line of headers.getSetCookie()) expect(line).toContain('Secure');
  });

  it('refuses a wrong password with the built-in accounts’ message', async () => {
    const error = await signInWithPassword(requestWith(''), account.email, 'falsch-falsch-1').catch(
      (e: unknown) => e,
    );
    expect(isAppError(error) && error.status === 401 && error.messageKey).toBe('signIn.failed');
  });

  it('a magic link signs in the browser that asked for it (PKCE)', async () => {
    const asked = await sendMagicLink(requestWith(''), account.email, '/kleingruppen');
    const mail = auth.mails.findLast((m) => m.to === account.email && m.kind === 'magiclink');
    expect(mail?.link).toMatch(/\/anmelden\?redirectTo=%2Fkleingruppen&code=/);
    const browser = cookieHeaderFrom(asked);
    expect(browser).toContain(`${sessionStorageKey()}-code-verifier=`);

    const landed = await completeEmailLink(
      new Request(mail!.link.replace(/^http:\/\/[^/]+/, 'http://127.0.0.1'), {
        headers: { cookie: browser },
      }),
    );
    const claims = await readClaims(requestWith(cookieHeaderFrom(landed!, browser)));
    expect(claims?.sub).toBe(account.userId);

    // Another browser (without the code verifier) cannot use the same kind of link.
    await sendMagicLink(requestWith(''), account.email, '/');
    const second = auth.mails.findLast((m) => m.to === account.email)!;
    await expect(completeEmailLink(new Request(second.link))).rejects.toMatchObject({
      status: 400,
    });
  });

  it('an expired access token is no session until /anmelden refreshes it', async () => {
    const signedIn = await signInWithPassword(requestWith(''), account.email, TEST_PASSWORD);
    const cookie = cookieHeaderFrom(signedIn);
    // The same session, with its access token replaced by an expired one.
    const name = sessionStorageKey();
    const raw = decodeURIComponent(
      cookie
        .split('; ')
        .find((c) => c.startsWith(`${name}=`))!
        .slice(name.length + 1),
    );
    const session = JSON.parse(Buffer.from(raw.replace(/^base64-/, ''), 'base64url').toString());
    session.access_token = auth.accessToken(account, { exp: Math.floor(Date.now() / 1000) - 5 });
    session.expires_at = Math.floor(Date.now() / 1000) - 5;
    const expired = `${name}=base64-${Buffer.from(JSON.stringify(session)).toString('base64url')}`;
    expect(await readClaims(requestWith(expired))).toBeNull();

    const refreshed = await refreshSupabaseSession(requestWith(expired, '/anmelden'));
    expect(refreshed?.ok).toBe(true);
    const claims = await readClaims(requestWith(cookieHeaderFrom(refreshed!.headers, expired)));
    expect(claims?.sub).toBe(account.userId);
  });

  it('sign-out clears the session cookies', async () => {
    const signedIn = cookieHeaderFrom(
      await signInWithPassword(requestWith(''), account.email, TEST_PASSWORD),
    );
    const cleared = await signOutSupabase(requestWith(signedIn));
    const after = cookieHeaderFrom(cleared, signedIn);
    expect(after).not.toContain(sessionStorageKey());
    expect(await readClaims(requestWith(after))).toBeNull();
  });

  it('a deactivated account has no session, though its token is still valid', async () => {
    const other = await createTestAccount();
    const cookie = cookieHeaderFrom(
      await signInWithPassword(requestWith(''), other.email, TEST_PASSWORD),
    );
    expect(await readClaims(requestWith(cookie))).not.toBeNull();
    await withService((tx) =>
      tx.query('update public.profiles set is_active = false where profile_id = $1', [
        other.userId,
      ]),
    );
    expect(await readClaims(requestWith(cookie))).toBeNull();
  });
});

describe('invitations through the Auth admin API', () => {
  it('accepting creates the account with inviteUserByEmail; its link signs in; RLS shows the group', async () => {
    const { token, tokenHash } = newInvitationToken();
    const email = `eingeladen-${crypto.randomUUID().slice(0, 8)}@test.masterplan.example`;
    const groupId = await withService(async (tx) => {
      const { rows } = await tx.query<{ working_group_id: string }>(
        `insert into public.working_groups (theme_id, name)
         select theme_id, $1 from public.themes where code = 'FK' returning working_group_id`,
        [`Kleingruppe Supabase ${crypto.randomUUID().slice(0, 6)}`],
      );
      const id = rows[0]!.working_group_id;
      await tx.query(
        `insert into public.working_group_invitations (working_group_id, email, role, organization_id, token_hash)
         select $1, $2, 'member', organization_id, $3 from public.organizations where short_name = 'HWK'`,
        [id, email, tokenHash],
      );
      return id;
    });

    const accepted = await acceptInvitation(
      token,
      { displayName: 'Ina Eingeladen' },
      requestWith(''),
    );
    expect(accepted).toMatchObject({ kind: 'invited', groupId });
    const mail = auth.mails.findLast((m) => m.to === email);
    expect(mail?.kind).toBe('invite');

    const landed = await completeEmailLink(new Request(mail!.link));
    const claims = await readClaims(requestWith(cookieHeaderFrom(landed!)));
    expect(claims?.email).toBe(email);
    const seen = await withUser(claims!, async (tx) => {
      const { rows } = await tx.query<{ display_name: string; short_name: string; role: string }>(
        `select p.display_name, o.short_name, m.role
           from public.profiles p
           join public.organizations o on o.organization_id = p.organization_id
           join public.working_group_members m on m.user_id = p.profile_id and m.working_group_id = $1
          where p.profile_id = (select auth.uid())`,
        [groupId],
      );
      return rows;
    });
    expect(seen).toEqual([{ display_name: 'Ina Eingeladen', short_name: 'HWK', role: 'member' }]);
    await expect(acceptInvitation(token, { displayName: 'Noch mal' })).rejects.toMatchObject({
      status: 410,
    });
  });
});

describe('the collab server in Supabase mode', () => {
  it('authorises an upgrade from the Supabase session cookies, asked of Postgres as that user', async () => {
    const scenario = await buildScenario();
    const measureId = await createMeasure(scenario, { visibility: 'group' });
    const upgrade = (cookie: string, persona: string) =>
      authorizeUpgrade(
        {
          url: `/collab/${encodeURIComponent(measureDocumentName(measureId))}`,
          headers: { host: '127.0.0.1', origin: 'http://127.0.0.1', cookie },
          socket: {},
        } as unknown as IncomingMessage,
        [],
      ).then(
        (authorized) => authorized.access,
        (error: { status?: number }) => `${persona}: ${error.status}`,
      );
    const signedIn = async (persona: 'memberA' | 'memberB' | 'observer') =>
      cookieHeaderFrom(
        await signInWithPassword(requestWith(''), scenario.accounts[persona].email, TEST_PASSWORD),
      );
    expect(await upgrade(await signedIn('memberA'), 'memberA')).toBe('edit');
    expect(await upgrade(await signedIn('memberB'), 'memberB')).toBe('memberB: 403');
    expect(await upgrade('', 'anon')).toBe('anon: 401');
    const forged = `${sessionStorageKey()}=${encodeURIComponent(
      JSON.stringify({ access_token: auth.accessToken(scenario.accounts.memberA, { iss: 'x' }) }),
    )}`;
    expect(await upgrade(forged, 'forged')).toBe('forged: 401');
  });

  it('keeps an open connection’s session while the account is usable and ends it once deactivated', async () => {
    const other = await createTestAccount();
    const claims = await readClaims(
      requestWith(
        cookieHeaderFrom(await signInWithPassword(requestWith(''), other.email, TEST_PASSWORD)),
      ),
    );
    if (!claims) throw new Error('no claims');
    // Another user's session under the same (here: empty) session id must not keep it alive.
    const stranger = { sub: account.userId, session_id: claims.session_id };
    expect(await activeSessions([claims, stranger])).toEqual(
      new Set([sessionKey(claims), sessionKey(stranger)]),
    );
    await withService((tx) =>
      tx.query('update public.profiles set is_active = false where profile_id = $1', [
        other.userId,
      ]),
    );
    expect(await activeSessions([claims, stranger])).toEqual(new Set([sessionKey(stranger)]));
  });
});
