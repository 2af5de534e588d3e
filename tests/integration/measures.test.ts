import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withService } from '../../app/lib/db/with-service.server';
import { createTestAccount, TEST_PASSWORD, type TestAccount } from '../fixtures/accounts';
import { signAsService } from '../fixtures/scenario';
import { startTestServer, TestBrowser, type TestServer } from '../setup/app-server';

let server: TestServer;
let moderator: TestAccount;
let member: TestAccount;
let otherMember: TestAccount;
let observer: TestAccount;
let groupId: string;
let themeId: string;

async function signedIn(account: TestAccount): Promise<TestBrowser> {
  const browser = new TestBrowser(server.url);
  const response = await browser.signIn(account.email, TEST_PASSWORD);
  expect(response.status).toBe(302);
  return browser;
}

async function measureRow(measureId: string) {
  return withService(async (tx) => {
    const { rows } = await tx.query<{
      title: string;
      summary: string;
      status: string;
      version: number;
      visibility: string;
    }>(
      'select title, summary, status, version, visibility from public.measures where measure_id = $1',
      [measureId],
    );
    return rows[0];
  });
}

async function createMeasure(browser: TestBrowser, title: string): Promise<string> {
  const response = await browser.request('/massnahmen/neu', {
    form: { themeId, workingGroupId: groupId, title, summary: 'Kurz beschrieben', kind: 'open' },
  });
  expect(response.status).toBe(302);
  const location = response.headers.get('location') ?? '';
  expect(location).toMatch(/^\/massnahmen\/[0-9a-f-]{36}$/);
  return location.split('/').pop()!;
}

beforeAll(async () => {
  server = await startTestServer();
  moderator = await createTestAccount({
    organizationShortName: 'IHK',
    displayName: 'Mona Moderation',
  });
  member = await createTestAccount({ organizationShortName: 'DGB', displayName: 'Max Mitglied' });
  otherMember = await createTestAccount({
    organizationShortName: 'DGB',
    displayName: 'Olga Andere',
  });
  observer = await createTestAccount({ platformRole: 'observer', organizationShortName: null });
  ({ groupId, themeId } = await withService(async (tx) => {
    const { rows: themes } = await tx.query<{ theme_id: string }>(
      "select theme_id from public.themes where code = 'FK'",
    );
    const theme = themes[0]!.theme_id;
    const { rows: groups } = await tx.query<{ working_group_id: string }>(
      "insert into public.working_groups (theme_id, name) values ($1, 'Testgruppe A') returning working_group_id",
      [theme],
    );
    const { rows: others } = await tx.query<{ working_group_id: string }>(
      "insert into public.working_groups (theme_id, name) values ($1, 'Testgruppe B') returning working_group_id",
      [theme],
    );
    const a = groups[0]!.working_group_id;
    const b = others[0]!.working_group_id;
    await tx.query(
      `insert into public.working_group_members (working_group_id, user_id, role)
       values ($1, $2, 'moderator'), ($1, $3, 'member'), ($4, $5, 'member')`,
      [a, moderator.userId, member.userId, b, otherMember.userId],
    );
    return { groupId: a, themeId: theme };
  }));
});

afterAll(async () => {
  await server.close();
});

describe('measures', () => {
  it('a member creates a measure with a generated code; extra fields change nothing', async () => {
    const browser = await signedIn(member);
    const response = await browser.request('/massnahmen/neu', {
      form: {
        themeId,
        workingGroupId: groupId,
        title: 'Lernwerkstatt Industrie 4.0',
        summary: 'Ausbildungsbetriebe teilen Lernmaterial.',
        kind: 'quick_win',
        created_by: observer.userId,
        status: 'done',
        visibility: 'public',
      },
    });
    expect(response.status).toBe(302);
    const measureId = response.headers.get('location')!.split('/').pop()!;
    const row = await withService(async (tx) => {
      const { rows } = await tx.query<{
        code: string;
        created_by: string;
        status: string;
        visibility: string;
      }>('select code, created_by, status, visibility from public.measures where measure_id = $1', [
        measureId,
      ]);
      return rows[0]!;
    });
    expect(row.code).toMatch(/^FK-\d{2}$/);
    expect(row.created_by).toBe(member.userId);
    expect(row.status).toBe('idea');
    expect(row.visibility).toBe('group');
  });

  it('bad input gets German field errors and writes nothing', async () => {
    const browser = await signedIn(member);
    const before = await withService(
      async (tx) => (await tx.query('select 1 from public.measures')).rowCount,
    );
    const response = await browser.request('/massnahmen/neu', {
      form: { themeId: 'kein-uuid', workingGroupId: groupId, title: 'x', kind: 'erfunden' },
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Der Titel muss 3 bis 200 Zeichen lang sein.');
    expect(html).toContain('Bitte wählen Sie ein Themenfeld.');
    const after = await withService(
      async (tx) => (await tx.query('select 1 from public.measures')).rowCount,
    );
    expect(after).toBe(before);
  });

  it('a member of another group neither sees a group draft on the board nor opens it (403); unknown ids are 404', async () => {
    const title = `Vertraulicher Entwurf ${Date.now()}`;
    const measureId = await createMeasure(await signedIn(member), title);
    const other = await signedIn(otherMember);
    expect(await (await other.request('/')).text()).not.toContain(title);
    expect((await other.request(`/massnahmen/${measureId}`)).status).toBe(403);
    expect((await other.request('/massnahmen/00000000-0000-4000-8000-000000000000')).status).toBe(
      404,
    );
    expect((await other.request('/massnahmen/nicht-einmal-eine-id')).status).toBe(404);
    expect(await (await (await signedIn(member)).request('/')).text()).toContain(title);
  });

  it('signed-out visitors see published measures only and are sent to sign in for others', async () => {
    const title = `Öffentliche Maßnahme ${Date.now()}`;
    const measureId = await createMeasure(await signedIn(moderator), title);
    const anonymous = new TestBrowser(server.url);
    expect((await anonymous.request(`/massnahmen/${measureId}`)).status).toBe(302);
    const mod = await signedIn(moderator);
    expect(
      (
        await mod.request(`/massnahmen/${measureId}`, {
          form: { intent: 'visibility', visibility: 'public' },
        })
      ).status,
    ).toBe(200);
    const page = await anonymous.request(`/massnahmen/${measureId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(title);
    expect(html).not.toContain('Testgruppe A');
    expect(await (await anonymous.request('/')).text()).toContain(title);
  });

  it('only moderators change visibility; afterwards the other member reads it without edit controls', async () => {
    const measureId = await createMeasure(await signedIn(member), `Teilen ${Date.now()}`);
    const mem = await signedIn(member);
    const denied = await mem.request(`/massnahmen/${measureId}`, {
      form: { intent: 'visibility', visibility: 'platform' },
    });
    expect(denied.status).toBe(403);
    expect((await measureRow(measureId))!.visibility).toBe('group');
    const mod = await signedIn(moderator);
    await mod.request(`/massnahmen/${measureId}`, {
      form: { intent: 'visibility', visibility: 'platform' },
    });
    const other = await signedIn(otherMember);
    const page = await other.request(`/massnahmen/${measureId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Sie können diese Maßnahme lesen, aber nicht bearbeiten.');
    expect(html).not.toContain('Eckdaten speichern');
    const write = await other.request(`/massnahmen/${measureId}`, {
      form: {
        intent: 'details',
        version: '2',
        title: 'Übernommen',
        summary: '',
        kind: 'open',
        progress: '0',
      },
    });
    expect(write.status).toBe(403);
    expect((await measureRow(measureId))!.title).not.toBe('Übernommen');
  });

  it('saving over a newer change is a conflict with both versions; nothing is lost silently', async () => {
    const measureId = await createMeasure(await signedIn(member), `Konflikt ${Date.now()}`);
    const version = (await measureRow(measureId))!.version;
    const details = (title: string, summary: string) => ({
      intent: 'details',
      version: String(version),
      title,
      summary,
      kind: 'open',
      horizon: '',
      startDate: '',
      dueDate: '',
      progress: '10',
      newStructureJustification: '',
    });
    const first = await (
      await signedIn(moderator)
    ).request(`/massnahmen/${measureId}`, {
      form: details('Titel der Moderation', 'Kurz beschrieben'),
    });
    expect(first.status).toBe(200);
    const second = await (
      await signedIn(member)
    ).request(`/massnahmen/${measureId}`, {
      form: details('Titel des Mitglieds', 'Neue Zusammenfassung des Mitglieds'),
    });
    expect(second.status).toBe(409);
    const html = await second.text();
    expect(html).toContain('Jemand anderes hat diese Maßnahme inzwischen geändert');
    expect(html).toContain('Titel der Moderation');
    expect(html).toContain('Neue Zusammenfassung des Mitglieds');
    const row = (await measureRow(measureId))!;
    expect(row.title).toBe('Titel der Moderation');
    expect(row.version).toBe(version + 1);
  });

  it('status changes follow the role and agreeing needs a lead organisation', async () => {
    const measureId = await createMeasure(await signedIn(member), `Status ${Date.now()}`);
    const mem = await signedIn(member);
    const mod = await signedIn(moderator);
    expect(
      (await mem.request(`/massnahmen/${measureId}`, { form: { intent: 'status', to: 'draft' } }))
        .status,
    ).toBe(200);
    expect(
      (
        await mem.request(`/massnahmen/${measureId}`, {
          form: { intent: 'status', to: 'consultation' },
        })
      ).status,
    ).toBe(200);
    const memberAgrees = await mem.request(`/massnahmen/${measureId}`, {
      form: { intent: 'status', to: 'agreed' },
    });
    expect(memberAgrees.status).toBe(403);
    expect(await memberAgrees.text()).toContain(
      'Dieser Statuswechsel ist für Ihre Rolle nicht erlaubt.',
    );
    const noLead = await mod.request(`/massnahmen/${measureId}`, {
      form: { intent: 'status', to: 'agreed' },
    });
    expect(noLead.status).toBe(400);
    expect(await noLead.text()).toContain('genau einen federführenden Akteur');
    expect((await measureRow(measureId))!.status).toBe('consultation');
    const ihk = await withService(async (tx) => {
      const { rows } = await tx.query<{ organization_id: string }>(
        "select organization_id from public.organizations where short_name = 'IHK'",
      );
      return rows[0]!.organization_id;
    });
    expect(
      (
        await mod.request(`/massnahmen/${measureId}`, {
          form: { intent: 'organizations', [`role:${ihk}`]: 'lead' },
        })
      ).status,
    ).toBe(200);
    // With a lead, agreeing still needs the lead's signature of the current text.
    const unsigned = await mod.request(`/massnahmen/${measureId}`, {
      form: { intent: 'status', to: 'agreed' },
    });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.text()).toContain('die aktuelle Fassung mitgezeichnet haben');
    expect((await measureRow(measureId))!.status).toBe('consultation');
    await withService((tx) => signAsService(tx, measureId));
    expect(
      (await mod.request(`/massnahmen/${measureId}`, { form: { intent: 'status', to: 'agreed' } }))
        .status,
    ).toBe(200);
    expect((await measureRow(measureId))!.status).toBe('agreed');
    const discardWithoutReason = await mod.request(`/massnahmen/${measureId}`, {
      form: { intent: 'status', to: 'discarded', reason: '' },
    });
    expect(discardWithoutReason.status).toBe(400);
    expect(await discardWithoutReason.text()).toContain(
      'Bitte begründen Sie, warum die Maßnahme verworfen wird.',
    );
    const activity = await (await mem.request(`/massnahmen/${measureId}`)).text();
    expect(activity).toContain('hat den Status geändert');
    expect(activity).toContain('Vereinbart');
  });

  it('a Leitprojekt without a network needs a justification', async () => {
    const measureId = await createMeasure(await signedIn(member), `Leitprojekt ${Date.now()}`);
    const version = (await measureRow(measureId))!.version;
    const form = (justification: string) => ({
      intent: 'details',
      version: String(version),
      title: 'Leitprojekt Region',
      summary: '',
      kind: 'flagship',
      progress: '0',
      newStructureJustification: justification,
    });
    const mem = await signedIn(member);
    const refused = await mem.request(`/massnahmen/${measureId}`, { form: form('zu kurz') });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(
      'braucht ein Leitprojekt oder Masterplanprojekt eine Begründung',
    );
    expect((await measureRow(measureId))!.version).toBe(version);
    const accepted = await mem.request(`/massnahmen/${measureId}`, {
      form: form('Kein bestehendes Netzwerk deckt die Zielgruppe der Zulieferbetriebe ab.'),
    });
    expect(accepted.status).toBe(200);
  });

  it('the board searches German full text and filters by status', async () => {
    const mem = await signedIn(member);
    await createMeasure(mem, `Fachkräftesicherung im Handwerk ${Date.now()}`);
    const found = await (await mem.request(`/?q=${encodeURIComponent('Fachkraft')}`)).text();
    expect(found).toContain('Fachkräftesicherung im Handwerk');
    const none = await (await mem.request(`/?q=${encodeURIComponent('Raumfahrt')}`)).text();
    expect(none).toContain('Keine Maßnahme gefunden');
    const byStatus = await (await mem.request('/?status=done')).text();
    expect(byStatus).not.toContain('Fachkräftesicherung im Handwerk');
    const hostile = await mem.request(
      `/?q=${encodeURIComponent("' or 1=1 --")}&status=nonsense&groupId=x`,
    );
    expect(hostile.status).toBe(200);
  });

  it('observers cannot create measures', async () => {
    const browser = await signedIn(observer);
    const response = await browser.request('/massnahmen/neu', {
      form: { themeId, workingGroupId: groupId, title: 'Beobachtung schreibt', kind: 'open' },
    });
    expect(response.status).toBe(403);
  });
});
