import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, readClaims } from '../../app/lib/auth/session.server';
import { withService } from '../../app/lib/db/with-service.server';
import { createTestAccount, TEST_PASSWORD } from '../fixtures/accounts';
import { startTestServer, TestBrowser, type TestServer } from '../setup/app-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
});

const sessionCount = (userId: string) =>
  withService(async (tx) => {
    const { rows } = await tx.query<{ n: number }>(
      'select count(*)::int as n from local_auth.sessions where user_id = $1',
      [userId],
    );
    return rows[0]!.n;
  });

async function isSignedIn(browser: TestBrowser): Promise<boolean> {
  const html = await (await browser.request('/')).text();
  return html.includes('Abmelden');
}

describe('built-in accounts', () => {
  it('signs in with the right password and sets a HttpOnly, SameSite=Lax session cookie', async () => {
    const account = await createTestAccount();
    const browser = new TestBrowser(server.url);
    const response = await browser.signIn(account.email, TEST_PASSWORD);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/');
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('mpw_session='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    expect(await isSignedIn(browser)).toBe(true);
  });

  it('over HTTPS the cookie is Secure and carries the __Host- prefix', async () => {
    const account = await createTestAccount();
    const cookie = await createSession(
      new Request('https://werkstatt.example/anmelden'),
      account.userId,
    );
    expect(cookie).toMatch(/^__Host-mpw_session=/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/);
  });

  it('derives Supabase-shaped claims from the session', async () => {
    const account = await createTestAccount();
    const setCookie = await createSession(new Request('http://localhost/anmelden'), account.userId);
    const pair = setCookie.split(';')[0]!;
    const claims = await readClaims(
      new Request('http://localhost/', { headers: { cookie: pair } }),
    );
    expect(claims).toMatchObject({
      sub: account.userId,
      role: 'authenticated',
      aud: 'authenticated',
      email: account.email,
    });
    expect(claims?.session_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(claims!.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it('a wrong password is refused with a German message and no session', async () => {
    const account = await createTestAccount();
    const browser = new TestBrowser(server.url);
    const response = await browser.signIn(account.email, 'falsches-Passwort-1');
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('E-Mail-Adresse oder Passwort ist falsch.');
    expect(await sessionCount(account.userId)).toBe(0);
  });

  it('an unknown e-mail gets the same answer as a wrong password', async () => {
    const browser = new TestBrowser(server.url);
    const response = await browser.signIn('niemand@test.masterplan.example', 'irgendein-Passwort');
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('E-Mail-Adresse oder Passwort ist falsch.');
  });

  it('from the 6th failed attempt within 15 minutes the account gets 429 with Retry-After, even with the right password', async () => {
    const account = await createTestAccount();
    const browser = new TestBrowser(server.url);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await browser.signIn(account.email, `falsch-${attempt}-xxxxxx`)).status).toBe(401);
    }
    const limited = await browser.signIn(account.email, TEST_PASSWORD);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await limited.text()).toContain('Zu viele fehlgeschlagene Anmeldeversuche');
    expect(await sessionCount(account.userId)).toBe(0);
  });

  it('unknown e-mails are rate limited the same way', async () => {
    const browser = new TestBrowser(server.url);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect(
        (await browser.signIn('unbekannt-limit@test.masterplan.example', 'falsch-xxxxxx')).status,
      ).toBe(401);
    }
    expect(
      (await browser.signIn('unbekannt-limit@test.masterplan.example', 'falsch-xxxxxx')).status,
    ).toBe(429);
  });

  it('a password over 72 bytes is refused with a clear message', async () => {
    const browser = new TestBrowser(server.url);
    const response = await browser.signIn('jemand@test.masterplan.example', 'ä'.repeat(37));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('höchstens 72 Byte');
  });

  it('an empty form gets field errors and nothing is written', async () => {
    const browser = new TestBrowser(server.url);
    const response = await browser.request('/anmelden', { form: { email: '', password: '' } });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Bitte geben Sie Ihre E-Mail-Adresse ein.');
    expect(html).toContain('Bitte geben Sie Ihr Passwort ein.');
    expect(html).toContain('aria-invalid="true"');
  });

  it('sign-out ends the session at once, also for a copied cookie', async () => {
    const account = await createTestAccount();
    const browser = new TestBrowser(server.url);
    await browser.signIn(account.email, TEST_PASSWORD);
    const copied = new TestBrowser(server.url);
    copied.setCookie('mpw_session', browser.cookieHeader().split('=').slice(1).join('='));
    expect(await isSignedIn(copied)).toBe(true);
    const response = await browser.request('/abmelden', { method: 'POST' });
    expect(response.status).toBe(302);
    expect(response.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
    expect(await isSignedIn(copied)).toBe(false);
    expect(await sessionCount(account.userId)).toBe(0);
  });

  it('deactivating an account ends its sessions at once', async () => {
    const account = await createTestAccount();
    const browser = new TestBrowser(server.url);
    await browser.signIn(account.email, TEST_PASSWORD);
    expect(await isSignedIn(browser)).toBe(true);
    await withService((tx) =>
      tx.query('update public.profiles set is_active = false where profile_id = $1', [
        account.userId,
      ]),
    );
    expect(await isSignedIn(browser)).toBe(false);
    expect((await browser.signIn(account.email, TEST_PASSWORD)).status).toBe(401);
  });

  it('a cross-site POST is refused with 403 and changes nothing', async () => {
    const account = await createTestAccount();
    const browser = new TestBrowser(server.url);
    const foreignOrigin = await browser.request('/anmelden', {
      form: { email: account.email, password: TEST_PASSWORD },
      headers: { origin: 'https://evil.example' },
    });
    expect(foreignOrigin.status).toBe(403);
    const fetchSite = await browser.request('/anmelden', {
      form: { email: account.email, password: TEST_PASSWORD },
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(fetchSite.status).toBe(403);
    expect(await sessionCount(account.userId)).toBe(0);
  });

  it('a tampered session cookie is ignored', async () => {
    const account = await createTestAccount();
    const browser = new TestBrowser(server.url);
    await browser.signIn(account.email, TEST_PASSWORD);
    const value = browser.cookieHeader().split('=').slice(1).join('=');
    const forged = new TestBrowser(server.url);
    forged.setCookie('mpw_session', `${value.slice(0, -2)}xx`);
    expect(await isSignedIn(forged)).toBe(false);
  });
});

describe('pages and headers', () => {
  it('every HTML page carries CSP with a nonce, frame-ancestors none, nosniff, a referrer policy and no-store', async () => {
    const response = await new TestBrowser(server.url).request('/anmelden');
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("'unsafe-inline' ;");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('cache-control')).toContain('no-store');
    const html = await response.text();
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
  });

  it('an unknown path is a German 404 page without a stack trace', async () => {
    const response = await new TestBrowser(server.url).request('/gibt-es-nicht');
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('Seite nicht gefunden');
    expect(html).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('the overview shows the four Themenfelder to a signed-in member', async () => {
    const account = await createTestAccount();
    const browser = new TestBrowser(server.url);
    await browser.signIn(account.email, TEST_PASSWORD);
    const html = await (await browser.request('/')).text();
    for (const name of ['Standortkommunikation', 'Fachkräfte', 'Innovationen', 'Rahmenbedingungen'])
      expect(html).toContain(name);
  });

  it('English is chosen from Accept-Language and by the language switch', async () => {
    const browser = new TestBrowser(server.url);
    const english = await (
      await browser.request('/anmelden', { headers: { 'accept-language': 'en-GB,en;q=0.9' } })
    ).text();
    expect(english).toContain('<html lang="en"');
    expect(english).toContain('Sign in');
    const switched = await browser.request('/sprache', {
      form: { locale: 'de', redirectTo: '/anmelden' },
    });
    expect(switched.status).toBe(302);
    const german = await (
      await browser.request('/anmelden', { headers: { 'accept-language': 'en' } })
    ).text();
    expect(german).toContain('<html lang="de"');
  });

  it('the language switch never redirects off-site', async () => {
    const browser = new TestBrowser(server.url);
    const response = await browser.request('/sprache', {
      form: { locale: 'en', redirectTo: '//evil.example/x' },
    });
    expect(response.headers.get('location')).toBe('/');
  });
});
