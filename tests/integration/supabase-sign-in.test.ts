import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newInvitationToken } from '../../app/lib/auth/invitations.server';
import { sessionStorageKey } from '../../app/lib/auth/supabase-auth.server';
import { withService } from '../../app/lib/db/with-service.server';
import { createTestAccount, TEST_PASSWORD, type TestAccount } from '../fixtures/accounts';
import { startAuthDouble, type AuthDouble } from '../fixtures/supabase-auth-double';
import { startTestServer, TestBrowser, type TestServer } from '../setup/app-server';

/**
 * The pages in Supabase mode, through the real HTTP server and the production build, against the
 * CONTRACT DOUBLE of the Supabase Auth endpoints (tests/fixtures/supabase-auth-double.ts — there
 * is no Supabase here). What reaches the browser: the session cookies and where it is sent.
 */

let auth: AuthDouble;
let server: TestServer;
let account: TestAccount;

beforeAll(async () => {
  auth = await startAuthDouble();
  auth.installEnv();
  server = await startTestServer();
  account = await createTestAccount({ displayName: 'Seite Supabase' });
});

afterAll(async () => {
  await server?.close();
  auth.restoreEnv();
  await auth.close();
});

/** Replaces the session's access token by an expired one (and optionally other session fields). */
function expireAccessToken(browser: TestBrowser, changes: Record<string, unknown> = {}) {
  const name = sessionStorageKey();
  const raw = decodeURIComponent(
    browser
      .cookieHeader()
      .split('; ')
      .find((c) => c.startsWith(`${name}=`))!
      .slice(name.length + 1),
  );
  const session = JSON.parse(Buffer.from(raw.replace(/^base64-/, ''), 'base64url').toString());
  session.access_token = auth.accessToken(account, { exp: Math.floor(Date.now() / 1000) - 5 });
  session.expires_at = Math.floor(Date.now() / 1000) - 5;
  Object.assign(session, changes);
  browser.setCookie(name, `base64-${Buffer.from(JSON.stringify(session)).toString('base64url')}`);
}

async function isSignedIn(browser: TestBrowser): Promise<boolean> {
  const html = await (await browser.request('/')).text();
  return html.includes('Abmelden');
}

describe('signing in on the pages in Supabase mode', () => {
  it('password sign-in sets HttpOnly Supabase cookies, redirects, and the pages know the person', async () => {
    const browser = new TestBrowser(server.url);
    const response = await browser.request('/anmelden', {
      form: { email: account.email, password: TEST_PASSWORD, redirectTo: '/kleingruppen' },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/kleingruppen');
    const cookies = response.headers.getSetCookie();
    expect(cookies.some((line) => line.startsWith(`${sessionStorageKey()}=`))).toBe(true);
    for (const line of cookies) expect(line).toMatch(/HttpOnly/);
    expect(browser.cookieHeader()).not.toContain('mpw_session');
    expect(await isSignedIn(browser)).toBe(true);

    const signedOut = await browser.request('/abmelden', { method: 'POST' });
    expect(signedOut.status).toBe(302);
    expect(browser.cookieHeader()).not.toContain(sessionStorageKey());
    expect(await isSignedIn(browser)).toBe(false);
  });

  it('a wrong password is answered 401 with the usual message', async () => {
    const browser = new TestBrowser(server.url);
    const response = await browser.signIn(account.email, 'falsches-Passwort-1');
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('E-Mail-Adresse oder Passwort ist falsch.');
  });

  it('the magic link form sends a link that signs in this browser and returns to the page', async () => {
    const browser = new TestBrowser(server.url);
    const asked = await browser.request('/anmelden', {
      form: { intent: 'magicLink', email: account.email, redirectTo: '/kleingruppen' },
    });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('ein Anmeldelink unterwegs');
    expect(browser.cookieHeader()).toContain('-code-verifier=');

    const mail = auth.mails.findLast((m) => m.to === account.email)!;
    const link = new URL(mail.link);
    const landed = await browser.request(`${link.pathname}${link.search}`);
    expect(landed.status).toBe(302);
    expect(landed.headers.get('location')).toBe('/kleingruppen');
    expect(await isSignedIn(browser)).toBe(true);
  });

  it('a used or forged link shows the sign-in page with an explanation', async () => {
    const browser = new TestBrowser(server.url);
    const response = await browser.request('/anmelden?token_hash=abc&type=magiclink');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Der Anmeldelink ist ungültig oder abgelaufen.');
  });

  it('a page load with an expired access token goes through /anmelden, which refreshes and sends back', async () => {
    const browser = new TestBrowser(server.url);
    await browser.signIn(account.email, TEST_PASSWORD);
    expireAccessToken(browser);

    for (const path of ['/kleingruppen', '/']) {
      const page = await browser.request(path);
      expect(page.status).toBe(302);
      const signIn = await browser.request(page.headers.get('location')!);
      expect(signIn.status).toBe(302);
      expect(signIn.headers.get('location')).toBe(path);
      expect((await browser.request(path)).status).toBe(200);
      expireAccessToken(browser);
    }
  });

  it('a session whose refresh token is gone is cleared, and public pages stay open', async () => {
    const browser = new TestBrowser(server.url);
    await browser.signIn(account.email, TEST_PASSWORD);
    expireAccessToken(browser, { refresh_token: 'unknown' });
    const page = await browser.request('/');
    expect(page.headers.get('location')).toBe('/anmelden');
    const signIn = await browser.request('/anmelden');
    expect(signIn.status).toBe(200);
    expect(browser.cookieHeader()).not.toContain(sessionStorageKey());
    expect((await browser.request('/')).status).toBe(200);
  });

  it('an invitation asks only for the name; Supabase mails the link that signs the new person in', async () => {
    const { token, tokenHash } = newInvitationToken();
    const email = `neu-${crypto.randomUUID().slice(0, 8)}@test.masterplan.example`;
    const groupId = await withService(async (tx) => {
      const { rows } = await tx.query<{ working_group_id: string }>(
        `insert into public.working_groups (theme_id, name)
         select theme_id, $1 from public.themes where code = 'IN' returning working_group_id`,
        [`Kleingruppe Einladung ${crypto.randomUUID().slice(0, 6)}`],
      );
      await tx.query(
        `insert into public.working_group_invitations (working_group_id, email, role, token_hash)
         values ($1, $2, 'member', $3)`,
        [rows[0]!.working_group_id, email, tokenHash],
      );
      return rows[0]!.working_group_id;
    });
    const browser = new TestBrowser(server.url);
    const page = await (await browser.request(`/einladung/${token}`)).text();
    expect(page).toContain('name="displayName"');
    expect(page).not.toContain('name="password"');

    const accepted = await browser.request(`/einladung/${token}`, {
      form: { displayName: 'Nora Neu' },
    });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get('location')).toBe('/anmelden?einladung=versandt');
    const waiting = await browser.request(accepted.headers.get('location')!);
    expect(await waiting.text()).toContain('Fast geschafft');
    expect(await isSignedIn(browser)).toBe(false);

    const mail = auth.mails.findLast((m) => m.to === email)!;
    expect(mail.kind).toBe('invite');
    const link = new URL(mail.link);
    const landed = await browser.request(`${link.pathname}${link.search}`);
    expect(landed.status).toBe(302);
    expect(landed.headers.get('location')).toBe(`/kleingruppen/${groupId}`);
    const group = await browser.request(`/kleingruppen/${groupId}`);
    expect(group.status).toBe(200);
    expect(await group.text()).toContain('Nora Neu');
  });
});
