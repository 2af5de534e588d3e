import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withService } from '../../app/lib/db/with-service.server';
import { createTestAccount, TEST_PASSWORD, type TestAccount } from '../fixtures/accounts';
import { startTestServer, TestBrowser, type TestServer } from '../setup/app-server';

const PAGES = [
  '/verwaltung',
  '/verwaltung/organisationen',
  '/verwaltung/netzwerke',
  '/verwaltung/konten',
];

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
});

async function signedIn(account: TestAccount): Promise<TestBrowser> {
  const browser = new TestBrowser(server.url);
  expect((await browser.signIn(account.email, TEST_PASSWORD)).status).toBe(302);
  return browser;
}

async function signedInAdmin(): Promise<{ admin: TestAccount; browser: TestBrowser }> {
  const admin = await createTestAccount({
    platformRole: 'admin',
    organizationShortName: 'Stadt Aachen FB 02',
  });
  return { admin, browser: await signedIn(admin) };
}

async function isSignedIn(browser: TestBrowser): Promise<boolean> {
  const html = await (await browser.request('/')).text();
  return html.includes('Abmelden');
}

/** A form body with repeated fields (checkbox groups), which `form:` cannot express. */
function post(browser: TestBrowser, path: string, fields: [string, string][]) {
  return browser.request(path, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

const uniqueName = (prefix: string) => `${prefix} ${randomUUID().slice(0, 8)}`;

const organizationsNamed = (shortName: string) =>
  withService(async (tx) => {
    const { rows } = await tx.query<{
      organization_id: string;
      short_name: string;
      name: string;
      kind: string;
      website: string | null;
    }>(
      `select organization_id, short_name, name, kind, website
         from public.organizations where short_name = $1`,
      [shortName],
    );
    return rows;
  });

const organizationCount = () =>
  withService(async (tx) => {
    const { rows } = await tx.query<{ n: number }>(
      'select count(*)::int as n from public.organizations',
    );
    return rows[0]!.n;
  });

const profileOf = (userId: string) =>
  withService(async (tx) => {
    const { rows } = await tx.query<{
      platform_role: string;
      is_active: boolean;
      organization_id: string | null;
    }>(
      'select platform_role, is_active, organization_id from public.profiles where profile_id = $1',
      [userId],
    );
    return rows[0]!;
  });

const organizationId = (shortName: string) =>
  withService(async (tx) => {
    const { rows } = await tx.query<{ organization_id: string }>(
      'select organization_id from public.organizations where short_name = $1',
      [shortName],
    );
    return rows[0]!.organization_id;
  });

const themes = () =>
  withService(async (tx) => {
    const { rows } = await tx.query<{ theme_id: string; code: string }>(
      'select theme_id, code from public.themes order by position',
    );
    return Object.fromEntries(rows.map((row) => [row.code, row.theme_id]));
  });

const networksNamed = (name: string) =>
  withService(async (tx) => {
    const { rows } = await tx.query<{
      network_id: string;
      description: string;
      theme_ids: string;
      website: string | null;
    }>(
      `select network_id, description, array_to_string(theme_ids, ',') as theme_ids, website
         from public.networks where name = $1`,
      [name],
    );
    return rows;
  });

describe('access to the Verwaltung', () => {
  it('a member gets the German 403 page on every Verwaltung page and cannot post', async () => {
    const member = await createTestAccount({ platformRole: 'member' });
    const browser = await signedIn(member);
    for (const path of PAGES) {
      const response = await browser.request(path);
      expect(response.status, path).toBe(403);
      expect(await response.text(), path).toContain('Kein Zugriff');
    }
    const before = await organizationCount();
    const shortName = uniqueName('Mitglied');
    const response = await browser.request('/verwaltung/organisationen', {
      form: { intent: 'create', shortName, name: 'Von einem Mitglied', kind: 'other', website: '' },
    });
    expect(response.status).toBe(403);
    const accountPost = await browser.request('/verwaltung/konten', {
      form: {
        intent: 'update',
        profileId: member.userId,
        platformRole: 'admin',
        organizationId: '',
      },
    });
    expect(accountPost.status).toBe(403);
    expect(await organizationCount()).toBe(before);
    expect((await profileOf(member.userId)).platform_role).toBe('member');
  });

  it('an observer gets 403 as well', async () => {
    const observer = await createTestAccount({
      platformRole: 'observer',
      organizationShortName: null,
    });
    const browser = await signedIn(observer);
    for (const path of PAGES) expect((await browser.request(path)).status, path).toBe(403);
  });

  it('signed-out visitors are redirected to /anmelden and their posts change nothing', async () => {
    const browser = new TestBrowser(server.url);
    for (const path of PAGES) {
      const response = await browser.request(path);
      expect(response.status, path).toBe(302);
      expect(response.headers.get('location'), path).toBe(
        `/anmelden?redirectTo=${encodeURIComponent(path)}`,
      );
    }
    const before = await organizationCount();
    const response = await browser.request('/verwaltung/organisationen', {
      form: { intent: 'create', shortName: uniqueName('Anonym'), name: 'Anonym', kind: 'other' },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/^\/anmelden/);
    expect(await organizationCount()).toBe(before);
  });
});

describe('the landing page', () => {
  it('links the three sections with their counts', async () => {
    const { browser } = await signedInAdmin();
    const response = await browser.request('/verwaltung');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<title>Verwaltung – Masterplan-Werkstatt</title>');
    for (const path of PAGES.slice(1)) expect(html).toContain(`href="${path}"`);
    expect(html).toMatch(/\d+ Organisationen/);
    expect(html).toMatch(/\d+ (Konten|Konto)/);
  });
});

describe('organisations', () => {
  it('an admin lists, creates and edits an organisation', async () => {
    const { browser } = await signedInAdmin();
    const list = await browser.request('/verwaltung/organisationen');
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain('IHK Aachen');
    expect(listHtml).toContain('Kammer');
    expect(listHtml).toContain('https://www.aachen.ihk.de');
    expect(listHtml).toContain('<th scope="col">Kurzname</th>');

    const shortName = uniqueName('Hochschule');
    const created = await browser.request('/verwaltung/organisationen', {
      form: {
        intent: 'create',
        shortName,
        name: 'RWTH Aachen University',
        kind: 'research',
        website: 'https://www.rwth-aachen.de',
      },
    });
    expect(created.status).toBe(302);
    expect(created.headers.get('location')).toBe('/verwaltung/organisationen?hinweis=created');
    const [row] = await organizationsNamed(shortName);
    expect(row).toMatchObject({
      name: 'RWTH Aachen University',
      kind: 'research',
      website: 'https://www.rwth-aachen.de',
    });

    const afterCreate = await (
      await browser.request('/verwaltung/organisationen?hinweis=created')
    ).text();
    expect(afterCreate).toContain('Der Eintrag wurde angelegt.');
    expect(afterCreate).toContain('Hochschule oder Forschung');

    const editPage = await browser.request(
      `/verwaltung/organisationen?bearbeiten=${row!.organization_id}`,
    );
    expect(editPage.status).toBe(200);
    const editHtml = await editPage.text();
    expect(editHtml).toContain(`Organisation „${shortName}“ bearbeiten`);
    expect(editHtml).toContain('value="RWTH Aachen University"');

    const updated = await browser.request(
      `/verwaltung/organisationen?bearbeiten=${row!.organization_id}`,
      {
        form: {
          intent: 'update',
          organizationId: row!.organization_id,
          shortName,
          name: 'Rheinisch-Westfälische Technische Hochschule Aachen',
          kind: 'research',
          website: '',
        },
      },
    );
    expect(updated.status).toBe(302);
    expect(updated.headers.get('location')).toBe('/verwaltung/organisationen?hinweis=saved');
    const [changed] = await organizationsNamed(shortName);
    expect(changed).toMatchObject({
      organization_id: row!.organization_id,
      name: 'Rheinisch-Westfälische Technische Hochschule Aachen',
      website: null,
    });
  });

  it('a duplicate short name is a German field error next to the field and creates nothing', async () => {
    const { browser } = await signedInAdmin();
    const before = await organizationCount();
    const response = await browser.request('/verwaltung/organisationen', {
      form: { intent: 'create', shortName: 'IHK', name: 'Noch eine IHK', kind: 'chamber' },
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Diesen Kurznamen trägt bereits eine andere Organisation.');
    expect(html).toContain('Bitte korrigieren Sie die markierten Angaben.');
    expect(html).toMatch(
      /id="organization-short-name"[^>]*aria-invalid="true"[^>]*aria-describedby="organization-short-name-help organization-short-name-error"/,
    );
    expect(html).toContain('id="organization-short-name-error"');
    expect(await organizationCount()).toBe(before);
    expect(await organizationsNamed('IHK')).toHaveLength(1);

    const hwk = await organizationId('HWK');
    const renamed = await browser.request('/verwaltung/organisationen', {
      form: {
        intent: 'update',
        organizationId: hwk,
        shortName: 'IHK',
        name: 'Handwerkskammer Aachen',
        kind: 'chamber',
      },
    });
    expect(renamed.status).toBe(400);
    expect(await renamed.text()).toContain(
      'Diesen Kurznamen trägt bereits eine andere Organisation.',
    );
    expect(await organizationsNamed('HWK')).toHaveLength(1);
  });

  it('invalid input gets German messages for each field and writes nothing', async () => {
    const { browser } = await signedInAdmin();
    const before = await organizationCount();
    const response = await browser.request('/verwaltung/organisationen', {
      form: {
        intent: 'create',
        shortName: ' ',
        name: 'x'.repeat(201),
        kind: 'sect',
        website: 'javascript:alert(1)',
      },
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Bitte geben Sie einen Kurznamen ein.');
    expect(html).toContain('Der Name darf höchstens 200 Zeichen lang sein.');
    expect(html).toContain('Bitte wählen Sie eine Art aus der Liste.');
    expect(html).toContain(
      'Bitte geben Sie eine Webadresse an, die mit http:// oder https:// beginnt.',
    );
    expect(await organizationCount()).toBe(before);

    const noIntent = await browser.request('/verwaltung/organisationen', {
      form: { shortName: uniqueName('Ohne'), name: 'Ohne Absicht', kind: 'other' },
    });
    expect(noIntent.status).toBe(400);
    expect(await organizationCount()).toBe(before);
  });

  it('extra form fields change nothing', async () => {
    const { admin, browser } = await signedInAdmin();
    const adminBefore = await profileOf(admin.userId);
    const shortName = uniqueName('Extra');
    const forged = randomUUID();
    const response = await browser.request('/verwaltung/organisationen', {
      form: {
        intent: 'create',
        shortName,
        name: 'Mit Zusatzfeldern',
        kind: 'company',
        website: '',
        platform_role: 'observer',
        platformRole: 'observer',
        organization_id: forged,
        organizationId: forged,
        created_at: '2000-01-01T00:00:00Z',
        is_active: 'false',
      },
    });
    expect(response.status).toBe(302);
    const rows = await withService(async (tx) => {
      const result = await tx.query<{ organization_id: string; created_at: Date }>(
        'select organization_id, created_at from public.organizations where short_name = $1',
        [shortName],
      );
      return result.rows;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.organization_id).not.toBe(forged);
    expect(rows[0]!.created_at.getFullYear()).toBeGreaterThan(2000);
    expect(await profileOf(admin.userId)).toEqual(adminBefore);

    const member = await createTestAccount();
    const memberBefore = await profileOf(member.userId);
    const accountUpdate = await browser.request('/verwaltung/konten', {
      form: {
        intent: 'update',
        profileId: member.userId,
        platformRole: memberBefore.platform_role,
        organizationId: memberBefore.organization_id ?? '',
        is_active: 'false',
        isActive: 'false',
        display_name: 'Umbenannt',
      },
    });
    expect(accountUpdate.status).toBe(302);
    expect(await profileOf(member.userId)).toEqual(memberBefore);
  });

  it('unknown or malformed ids are 404', async () => {
    const { browser } = await signedInAdmin();
    for (const id of [randomUUID(), 'kein-uuid', "' or 1=1 --"]) {
      const response = await browser.request(
        `/verwaltung/organisationen?bearbeiten=${encodeURIComponent(id)}`,
      );
      expect(response.status, id).toBe(404);
      expect(await response.text(), id).toContain('Seite nicht gefunden');
    }
    for (const path of ['/verwaltung/netzwerke', '/verwaltung/konten'])
      expect((await browser.request(`${path}?bearbeiten=${randomUUID()}`)).status, path).toBe(404);
    expect((await browser.request(`/verwaltung/netzwerke?loeschen=${randomUUID()}`)).status).toBe(
      404,
    );

    const before = await organizationCount();
    const response = await browser.request('/verwaltung/organisationen', {
      form: {
        intent: 'update',
        organizationId: randomUUID(),
        shortName: uniqueName('Niemand'),
        name: 'Gibt es nicht',
        kind: 'other',
      },
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Diese Seite gibt es nicht.');
    expect(await organizationCount()).toBe(before);
  });
});

describe('networks', () => {
  it('an admin creates a network with Themenfelder, edits and deletes it', async () => {
    const { browser } = await signedInAdmin();
    const themeIds = await themes();
    const name = uniqueName('Netzwerk Industrie');
    const created = await post(browser, '/verwaltung/netzwerke', [
      ['intent', 'create'],
      ['name', name],
      ['description', 'Runder Tisch der Industrieunternehmen.'],
      ['themeIds', themeIds.IN!],
      ['themeIds', themeIds.FK!],
      ['themeIds', randomUUID()],
      ['website', 'https://www.example.org/netzwerk'],
    ]);
    expect(created.status).toBe(302);
    expect(created.headers.get('location')).toBe('/verwaltung/netzwerke?hinweis=created');
    const [network] = await networksNamed(name);
    expect(network).toMatchObject({
      description: 'Runder Tisch der Industrieunternehmen.',
      theme_ids: `${themeIds.FK},${themeIds.IN}`,
      website: 'https://www.example.org/netzwerk',
    });

    const listHtml = await (await browser.request('/verwaltung/netzwerke')).text();
    expect(listHtml).toContain(name);
    expect(listHtml).toContain('Fachkräfte, Innovationen');

    const editHtml = await (
      await browser.request(`/verwaltung/netzwerke?bearbeiten=${network!.network_id}`)
    ).text();
    const isChecked = (id: string | undefined) =>
      [...editHtml.matchAll(/<input[^>]*>/g)].some(
        ([tag]) => tag.includes(`value="${id}"`) && tag.includes('checked'),
      );
    expect(isChecked(themeIds.FK)).toBe(true);
    expect(isChecked(themeIds.IN)).toBe(true);
    expect(isChecked(themeIds.SK)).toBe(false);

    const updated = await post(browser, '/verwaltung/netzwerke', [
      ['intent', 'update'],
      ['networkId', network!.network_id],
      ['name', name],
      ['description', ''],
      ['themeIds', themeIds.SK!],
      ['website', ''],
    ]);
    expect(updated.status).toBe(302);
    expect(await networksNamed(name)).toEqual([
      {
        network_id: network!.network_id,
        description: '',
        theme_ids: themeIds.SK,
        website: null,
      },
    ]);

    const confirmPage = await browser.request(
      `/verwaltung/netzwerke?loeschen=${network!.network_id}`,
    );
    expect(confirmPage.status).toBe(200);
    const confirmHtml = await confirmPage.text();
    expect(confirmHtml).toContain(`Netzwerk „${name}“ löschen?`);
    expect(confirmHtml).toContain('Netzwerk endgültig löschen');
    expect(await networksNamed(name)).toHaveLength(1);

    const deleted = await browser.request('/verwaltung/netzwerke', {
      form: { intent: 'delete', networkId: network!.network_id },
    });
    expect(deleted.status).toBe(302);
    expect(deleted.headers.get('location')).toBe('/verwaltung/netzwerke?hinweis=deleted');
    expect(await networksNamed(name)).toHaveLength(0);

    const again = await browser.request('/verwaltung/netzwerke', {
      form: { intent: 'delete', networkId: network!.network_id },
    });
    expect(again.status).toBe(404);
  });

  it('a duplicate network name is a field error and invalid themes are refused', async () => {
    const { browser } = await signedInAdmin();
    const name = uniqueName('Gründerregion');
    expect(
      (await browser.request('/verwaltung/netzwerke', { form: { intent: 'create', name } })).status,
    ).toBe(302);
    const duplicate = await browser.request('/verwaltung/netzwerke', {
      form: { intent: 'create', name, description: 'Zweites Mal' },
    });
    expect(duplicate.status).toBe(400);
    const html = await duplicate.text();
    expect(html).toContain('Ein Netzwerk mit diesem Namen gibt es bereits.');
    expect(html).toMatch(/id="network-name"[^>]*aria-invalid="true"/);
    expect(await networksNamed(name)).toHaveLength(1);

    const badTheme = await post(browser, '/verwaltung/netzwerke', [
      ['intent', 'create'],
      ['name', uniqueName('Schlechte Themen')],
      ['themeIds', 'kein-uuid'],
    ]);
    expect(badTheme.status).toBe(400);
    expect(await badTheme.text()).toContain('Bitte wählen Sie nur Themenfelder aus der Liste.');
  });
});

describe('accounts', () => {
  it('lists every account with e-mail, organisation, role and last sign-in', async () => {
    const member = await createTestAccount({
      displayName: 'Konto Liste',
      organizationShortName: 'DGB',
    });
    await signedIn(member);
    const { browser } = await signedInAdmin();
    const response = await browser.request('/verwaltung/konten');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(member.email);
    expect(html).toContain('Konto Liste');
    expect(html).toContain('DGB');
    expect(html).toContain('Mitglied');
    expect(html).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}T/i);
  });

  it('an admin changes role and organisation of a member', async () => {
    const { browser } = await signedInAdmin();
    const member = await createTestAccount();
    const agit = await organizationId('AGIT');
    const response = await browser.request('/verwaltung/konten', {
      form: {
        intent: 'update',
        profileId: member.userId,
        platformRole: 'observer',
        organizationId: agit,
      },
    });
    expect(response.status).toBe(302);
    expect(await profileOf(member.userId)).toMatchObject({
      platform_role: 'observer',
      organization_id: agit,
    });
    const none = await browser.request('/verwaltung/konten', {
      form: {
        intent: 'update',
        profileId: member.userId,
        platformRole: 'member',
        organizationId: '',
      },
    });
    expect(none.status).toBe(302);
    expect(await profileOf(member.userId)).toMatchObject({
      platform_role: 'member',
      organization_id: null,
    });

    const unknownOrganization = await browser.request(
      `/verwaltung/konten?bearbeiten=${member.userId}`,
      {
        form: {
          intent: 'update',
          profileId: member.userId,
          platformRole: 'admin',
          organizationId: randomUUID(),
        },
      },
    );
    expect(unknownOrganization.status).toBe(400);
    expect(await unknownOrganization.text()).toContain(
      'Bitte wählen Sie eine Organisation aus der Liste.',
    );
    expect((await profileOf(member.userId)).platform_role).toBe('member');
  });

  it('deactivating a member ends their open session at once; reactivating lets them sign in again', async () => {
    const { browser } = await signedInAdmin();
    const member = await createTestAccount();
    const memberBrowser = await signedIn(member);
    expect(await isSignedIn(memberBrowser)).toBe(true);

    const response = await browser.request(`/verwaltung/konten?bearbeiten=${member.userId}`, {
      form: { intent: 'deactivate', profileId: member.userId },
    });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/verwaltung/konten?hinweis=deactivated');
    expect((await profileOf(member.userId)).is_active).toBe(false);
    expect(await isSignedIn(memberBrowser)).toBe(false);
    expect((await new TestBrowser(server.url).signIn(member.email, TEST_PASSWORD)).status).toBe(
      401,
    );
    expect(await (await browser.request('/verwaltung/konten')).text()).toContain('deaktiviert');

    const reactivated = await browser.request('/verwaltung/konten', {
      form: { intent: 'reactivate', profileId: member.userId },
    });
    expect(reactivated.status).toBe(302);
    expect((await profileOf(member.userId)).is_active).toBe(true);
    expect((await new TestBrowser(server.url).signIn(member.email, TEST_PASSWORD)).status).toBe(
      302,
    );
  });

  it('an admin can neither deactivate nor demote themself', async () => {
    const { admin, browser } = await signedInAdmin();
    const deactivate = await browser.request('/verwaltung/konten', {
      form: { intent: 'deactivate', profileId: admin.userId },
    });
    expect(deactivate.status).toBe(400);
    expect(await deactivate.text()).toContain('Sie können Ihr eigenes Konto nicht deaktivieren.');

    const shouted = await browser.request('/verwaltung/konten', {
      form: { intent: 'deactivate', profileId: admin.userId.toUpperCase() },
    });
    expect(shouted.status).toBe(400);

    const demote = await browser.request(`/verwaltung/konten?bearbeiten=${admin.userId}`, {
      form: {
        intent: 'update',
        profileId: admin.userId,
        platformRole: 'member',
        organizationId: '',
      },
    });
    expect(demote.status).toBe(400);
    const html = await demote.text();
    expect(html).toContain('Sie können sich nicht selbst die Verwaltungsrolle entziehen.');
    expect(html).toMatch(/id="account-role"[^>]*aria-invalid="true"/);

    expect(await profileOf(admin.userId)).toMatchObject({
      platform_role: 'admin',
      is_active: true,
    });
    expect(await isSignedIn(browser)).toBe(true);
  });
});
