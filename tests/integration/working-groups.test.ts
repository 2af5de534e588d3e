import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalAccount } from '../../app/lib/auth/local-accounts.server';
import { withService } from '../../app/lib/db/with-service.server';
import { createTestAccount, TEST_PASSWORD, type TestAccount } from '../fixtures/accounts';
import { startTestServer, TestBrowser, type TestServer } from '../setup/app-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.close();
});

const NEW_PASSWORD = 'Einladung-Passwort-42';
const INVITATION_LINK = /\/einladung\/([A-Za-z0-9_-]{43})/;

async function browserFor(account: TestAccount): Promise<TestBrowser> {
  const browser = new TestBrowser(server.url);
  const response = await browser.signIn(account.email, TEST_PASSWORD);
  expect(response.status).toBe(302);
  return browser;
}

const uniqueName = (prefix = 'Kleingruppe') => `${prefix} ${randomUUID().slice(0, 8)}`;
const uniqueEmail = () => `neu-${randomUUID().slice(0, 8)}@test.masterplan.example`;

async function themeId(code = 'FK'): Promise<string> {
  return withService(async (tx) => {
    const { rows } = await tx.query<{ theme_id: string }>(
      'select theme_id from public.themes where code = $1',
      [code],
    );
    return rows[0]!.theme_id;
  });
}

/** A group set up directly (service role), with its moderators and members. */
async function createGroup(
  people: { moderators?: TestAccount[]; members?: TestAccount[] } = {},
): Promise<{ groupId: string; name: string }> {
  const name = uniqueName();
  const groupId = await withService(async (tx) => {
    const { rows } = await tx.query<{ working_group_id: string }>(
      `insert into public.working_groups (theme_id, name, description)
       select theme_id, $1, 'Auftrag der Testgruppe' from public.themes where code = 'FK'
       returning working_group_id`,
      [name],
    );
    const id = rows[0]!.working_group_id;
    for (const [role, accounts] of [
      ['moderator', people.moderators ?? []],
      ['member', people.members ?? []],
    ] as const) {
      for (const account of accounts) {
        await tx.query(
          'insert into public.working_group_members (working_group_id, user_id, role) values ($1, $2, $3)',
          [id, account.userId, role],
        );
      }
    }
    return id;
  });
  return { groupId, name };
}

async function roleIn(groupId: string, userId: string): Promise<string | null> {
  return withService(async (tx) => {
    const { rows } = await tx.query<{ role: string }>(
      'select role from public.working_group_members where working_group_id = $1 and user_id = $2',
      [groupId, userId],
    );
    return rows[0]?.role ?? null;
  });
}

async function invitationCount(groupId: string): Promise<number> {
  return withService(async (tx) => {
    const { rows } = await tx.query<{ n: number }>(
      'select count(*)::int as n from public.working_group_invitations where working_group_id = $1',
      [groupId],
    );
    return rows[0]!.n;
  });
}

async function accountIdFor(email: string): Promise<string | null> {
  return withService(async (tx) => {
    const { rows } = await tx.query<{ id: string }>('select id from auth.users where email = $1', [
      email,
    ]);
    return rows[0]?.id ?? null;
  });
}

/** Invites an unknown address as `moderator` and returns the token from the link shown once. */
async function inviteNewAddress(
  moderator: TestBrowser,
  groupId: string,
  email: string,
  extra: Record<string, string> = {},
): Promise<string> {
  const response = await moderator.request(`/kleingruppen/${groupId}`, {
    form: { intent: 'invite', email, ...extra },
  });
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).toContain(`Die Einladung für ${email} ist angelegt.`);
  const token = INVITATION_LINK.exec(html)?.[1];
  expect(token).toBeDefined();
  return token!;
}

function acceptForm(displayName = 'Nora Neu') {
  return { displayName, password: NEW_PASSWORD, passwordRepeat: NEW_PASSWORD };
}

describe('the list of Kleingruppen', () => {
  it('an admin creates a group with its first moderator', async () => {
    const admin = await createTestAccount({ platformRole: 'admin' });
    const moderator = await createTestAccount({ displayName: 'Mona Moderatorin' });
    const browser = await browserFor(admin);
    const form = await (await browser.request('/kleingruppen')).text();
    expect(form).toContain('Neue Kleingruppe anlegen');
    expect(form).toContain('Mona Moderatorin');

    const name = uniqueName('Fachkräfte sichern');
    const response = await browser.request('/kleingruppen', {
      form: {
        name,
        themeId: await themeId(),
        description: 'Ausbildung und Weiterbildung in der Region.',
        moderatorId: moderator.userId,
        status: 'closed',
        created_by: moderator.userId,
      },
    });
    expect(response.status).toBe(302);
    const groupId = /^\/kleingruppen\/([0-9a-f-]{36})$/.exec(
      response.headers.get('location') ?? '',
    )?.[1];
    expect(groupId).toBeDefined();
    expect(await roleIn(groupId!, moderator.userId)).toBe('moderator');
    const stored = await withService(async (tx) => {
      const { rows } = await tx.query<{ status: string; created_by: string }>(
        'select status, created_by from public.working_groups where working_group_id = $1',
        [groupId],
      );
      return rows[0]!;
    });
    expect(stored).toEqual({ status: 'active', created_by: admin.userId });

    const moderatorBrowser = await browserFor(moderator);
    const list = await (await moderatorBrowser.request('/kleingruppen')).text();
    expect(list).toContain(name);
    expect(list).toContain('Sie gehören zu dieser Kleingruppe');
    const page = await moderatorBrowser.request(`/kleingruppen/${groupId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Ausbildung und Weiterbildung in der Region.');
    expect(html).toContain('Personen einladen');
  });

  it('a member cannot create a group (403) and nothing is written', async () => {
    const member = await createTestAccount();
    const browser = await browserFor(member);
    expect(await (await browser.request('/kleingruppen')).text()).not.toContain(
      'Neue Kleingruppe anlegen',
    );
    const name = uniqueName();
    const response = await browser.request('/kleingruppen', {
      form: { name, themeId: await themeId(), moderatorId: member.userId },
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Sie haben keinen Zugriff');
    const count = await withService(async (tx) => {
      const { rows } = await tx.query<{ n: number }>(
        'select count(*)::int as n from public.working_groups where name = $1',
        [name],
      );
      return rows[0]!.n;
    });
    expect(count).toBe(0);
  });

  it('a duplicate name is a field error on the name', async () => {
    const admin = await createTestAccount({ platformRole: 'admin' });
    const { name } = await createGroup();
    const browser = await browserFor(admin);
    const response = await browser.request('/kleingruppen', {
      form: { name, themeId: await themeId('IN'), moderatorId: admin.userId },
    });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Es gibt bereits eine Kleingruppe mit diesem Namen.');
    expect(html).toMatch(/id="name"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="name"/);
  });

  it('bad input gets German field errors, 400, and nothing is written', async () => {
    const admin = await createTestAccount({ platformRole: 'admin' });
    const observer = await createTestAccount({ platformRole: 'observer' });
    const browser = await browserFor(admin);
    const empty = await browser.request('/kleingruppen', {
      form: { name: ' ', themeId: '', moderatorId: 'x' },
    });
    expect(empty.status).toBe(400);
    const html = await empty.text();
    expect(html).toContain('Bitte geben Sie einen Namen ein.');
    expect(html).toContain('Bitte wählen Sie ein Themenfeld.');
    expect(html).toContain('Bitte wählen Sie die Moderation aus der Liste.');

    const name = uniqueName();
    const withObserver = await browser.request('/kleingruppen', {
      form: { name, themeId: await themeId(), moderatorId: observer.userId },
    });
    expect(withObserver.status).toBe(400);
    expect(await withObserver.text()).toContain(
      'Konten mit der Rolle Beobachtung können keiner Kleingruppe angehören.',
    );
    const unknownModerator = await browser.request('/kleingruppen', {
      form: { name, themeId: await themeId(), moderatorId: randomUUID() },
    });
    expect(unknownModerator.status).toBe(400);
    const count = await withService(async (tx) => {
      const { rows } = await tx.query<{ n: number }>(
        'select count(*)::int as n from public.working_groups where name = $1',
        [name],
      );
      return rows[0]!.n;
    });
    expect(count).toBe(0);
  });

  it('signed-out visitors are sent to sign in', async () => {
    const response = await new TestBrowser(server.url).request('/kleingruppen');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/anmelden?redirectTo=%2Fkleingruppen');
  });
});

describe('the group page', () => {
  it('an unknown or malformed group id is a 404', async () => {
    const browser = await browserFor(await createTestAccount());
    expect((await browser.request(`/kleingruppen/${randomUUID()}`)).status).toBe(404);
    expect((await browser.request('/kleingruppen/keine-id')).status).toBe(404);
    const post = await browser.request(`/kleingruppen/${randomUUID()}`, {
      form: { intent: 'leave' },
    });
    expect(post.status).toBe(404);
  });

  it('shows mandate, members with organisation and the group’s measures', async () => {
    const moderator = await createTestAccount({ displayName: 'Moritz Moderator' });
    const member = await createTestAccount({
      displayName: 'Mia Mitglied',
      organizationShortName: 'DGB',
    });
    const { groupId } = await createGroup({ moderators: [moderator], members: [member] });
    const measureId = await withService(async (tx) => {
      const { rows } = await tx.query<{ measure_id: string }>(
        `insert into public.measures (theme_id, working_group_id, title)
         select theme_id, $1, 'Ausbildungsbotschafter an Schulen' from public.themes where code = 'FK'
         returning measure_id`,
        [groupId],
      );
      return rows[0]!.measure_id;
    });
    const html = await (
      await (await browserFor(member)).request(`/kleingruppen/${groupId}`)
    ).text();
    expect(html).toContain('Auftrag der Testgruppe');
    expect(html).toContain('Moritz Moderator');
    expect(html).toContain('Mia Mitglied');
    expect(html).toContain('Deutscher Gewerkschaftsbund');
    expect(html).toContain(`/massnahmen/${measureId}`);
    expect(html).toContain('Ausbildungsbotschafter an Schulen');
    expect(html).toContain('Kleingruppe verlassen');
    expect(html).not.toContain('Personen einladen');
  });

  it('a member of another group sees the moderators but not the members', async () => {
    const moderator = await createTestAccount({ displayName: 'Sichtbare Moderation' });
    const member = await createTestAccount({ displayName: 'Verborgenes Mitglied' });
    const outsider = await createTestAccount();
    const { groupId, name } = await createGroup({ moderators: [moderator], members: [member] });
    await createGroup({ members: [outsider] });
    const browser = await browserFor(outsider);
    const html = await (await browser.request(`/kleingruppen/${groupId}`)).text();
    expect(html).toContain('Sichtbare Moderation');
    expect(html).not.toContain('Verborgenes Mitglied');
    expect(html).toContain('Weitere Mitglieder sind nur innerhalb der Kleingruppe sichtbar.');
    const list = await (await browser.request('/kleingruppen')).text();
    const row = list.slice(list.indexOf(name));
    expect(row).toMatch(/groups-table__number">1</);
  });

  it('a moderator invites an existing account, which becomes a member at once', async () => {
    const moderator = await createTestAccount();
    const invitee = await createTestAccount({ displayName: 'Bestehendes Konto' });
    const { groupId } = await createGroup({ moderators: [moderator] });
    const browser = await browserFor(moderator);
    const response = await browser.request(`/kleingruppen/${groupId}`, {
      form: { intent: 'invite', email: invitee.email.toUpperCase() },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`${invitee.email} gehört jetzt zur Kleingruppe.`);
    expect(html).not.toMatch(INVITATION_LINK);
    expect(await roleIn(groupId, invitee.userId)).toBe('member');
    expect(await invitationCount(groupId)).toBe(0);

    const again = await browser.request(`/kleingruppen/${groupId}`, {
      form: { intent: 'invite', email: invitee.email },
    });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('Diese Person gehört bereits zur Kleingruppe.');
  });

  it('observers cannot be added to a group', async () => {
    const moderator = await createTestAccount();
    const observer = await createTestAccount({ platformRole: 'observer' });
    const { groupId } = await createGroup({ moderators: [moderator] });
    const response = await (
      await browserFor(moderator)
    ).request(`/kleingruppen/${groupId}`, {
      form: { intent: 'invite', email: observer.email },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain(
      'Konten mit der Rolle Beobachtung können keiner Kleingruppe angehören.',
    );
    expect(await roleIn(groupId, observer.userId)).toBeNull();
  });

  it('a moderator cannot invite a moderator, an admin can', async () => {
    const moderator = await createTestAccount();
    const admin = await createTestAccount({ platformRole: 'admin' });
    const existing = await createTestAccount();
    const { groupId } = await createGroup({ moderators: [moderator] });
    const moderatorBrowser = await browserFor(moderator);
    for (const email of [existing.email, uniqueEmail()]) {
      const refused = await moderatorBrowser.request(`/kleingruppen/${groupId}`, {
        form: { intent: 'invite', email, role: 'moderator' },
      });
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('Sie haben keinen Zugriff');
    }
    expect(await roleIn(groupId, existing.userId)).toBeNull();
    expect(await invitationCount(groupId)).toBe(0);

    const adminBrowser = await browserFor(admin);
    const added = await adminBrowser.request(`/kleingruppen/${groupId}`, {
      form: { intent: 'invite', email: existing.email, role: 'moderator' },
    });
    expect(added.status).toBe(200);
    expect(await roleIn(groupId, existing.userId)).toBe('moderator');
    await inviteNewAddress(adminBrowser, groupId, uniqueEmail(), { role: 'moderator' });
    expect(await invitationCount(groupId)).toBe(1);
  });

  it('a plain member cannot invite or remove anyone', async () => {
    const member = await createTestAccount();
    const other = await createTestAccount();
    const { groupId } = await createGroup({ members: [member, other] });
    const browser = await browserFor(member);
    const invite = await browser.request(`/kleingruppen/${groupId}`, {
      form: { intent: 'invite', email: uniqueEmail() },
    });
    expect(invite.status).toBe(403);
    const remove = await browser.request(`/kleingruppen/${groupId}`, {
      form: { intent: 'remove', userId: other.userId },
    });
    expect(remove.status).toBe(403);
    expect(await roleIn(groupId, other.userId)).toBe('member');
    expect(await invitationCount(groupId)).toBe(0);
  });

  it('a moderator removes a member but not another moderator', async () => {
    const moderator = await createTestAccount();
    const coModerator = await createTestAccount();
    const member = await createTestAccount();
    const { groupId } = await createGroup({
      moderators: [moderator, coModerator],
      members: [member],
    });
    const browser = await browserFor(moderator);
    const removed = await browser.request(`/kleingruppen/${groupId}`, {
      form: { intent: 'remove', userId: member.userId },
    });
    expect(removed.status).toBe(200);
    expect(await removed.text()).toContain('Das Mitglied wurde entfernt.');
    expect(await roleIn(groupId, member.userId)).toBeNull();
    const refused = await browser.request(`/kleingruppen/${groupId}`, {
      form: { intent: 'remove', userId: coModerator.userId },
    });
    expect(refused.status).toBe(403);
    expect(await roleIn(groupId, coModerator.userId)).toBe('moderator');
  });

  it('only admins change roles', async () => {
    const moderator = await createTestAccount();
    const admin = await createTestAccount({ platformRole: 'admin' });
    const member = await createTestAccount();
    const { groupId } = await createGroup({ moderators: [moderator], members: [member] });
    const refused = await (
      await browserFor(moderator)
    ).request(`/kleingruppen/${groupId}`, {
      form: { intent: 'changeRole', userId: member.userId, memberRole: 'moderator' },
    });
    expect(refused.status).toBe(403);
    expect(await roleIn(groupId, member.userId)).toBe('member');
    const changed = await (
      await browserFor(admin)
    ).request(`/kleingruppen/${groupId}`, {
      form: { intent: 'changeRole', userId: member.userId, memberRole: 'moderator' },
    });
    expect(changed.status).toBe(200);
    expect(await roleIn(groupId, member.userId)).toBe('moderator');
  });

  it('members leave; moderators close, reopen and describe the group; members cannot', async () => {
    const moderator = await createTestAccount();
    const member = await createTestAccount();
    const { groupId } = await createGroup({ moderators: [moderator], members: [member] });
    const memberBrowser = await browserFor(member);
    const close = await memberBrowser.request(`/kleingruppen/${groupId}`, {
      form: { intent: 'setStatus', status: 'closed' },
    });
    expect(close.status).toBe(403);
    const left = await memberBrowser.request(`/kleingruppen/${groupId}`, {
      form: { intent: 'leave' },
    });
    expect(left.status).toBe(200);
    expect(await left.text()).toContain('Sie haben die Kleingruppe verlassen.');
    expect(await roleIn(groupId, member.userId)).toBeNull();

    const browser = await browserFor(moderator);
    const moderatorLeaves = await browser.request(`/kleingruppen/${groupId}`, {
      form: { intent: 'leave' },
    });
    expect(moderatorLeaves.status).toBe(403);
    const closed = await browser.request(`/kleingruppen/${groupId}`, {
      form: { intent: 'setStatus', status: 'closed' },
    });
    expect(closed.status).toBe(200);
    expect(await closed.text()).toContain('Diese Kleingruppe ist abgeschlossen.');
    const described = await browser.request(`/kleingruppen/${groupId}`, {
      form: { intent: 'describe', description: 'Neuer Auftrag: Fahrplan bis Herbst.' },
    });
    expect(described.status).toBe(200);
    const tooLong = await browser.request(`/kleingruppen/${groupId}`, {
      form: { intent: 'describe', description: 'x'.repeat(4001) },
    });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('höchstens 4000 Zeichen');
    const bogus = await browser.request(`/kleingruppen/${groupId}`, {
      form: { intent: 'dropTable' },
    });
    expect(bogus.status).toBe(400);
    const reopened = await browser.request(`/kleingruppen/${groupId}`, {
      form: { intent: 'setStatus', status: 'active' },
    });
    expect(reopened.status).toBe(200);
    const group = await withService(async (tx) => {
      const { rows } = await tx.query<{ status: string; description: string }>(
        'select status, description from public.working_groups where working_group_id = $1',
        [groupId],
      );
      return rows[0]!;
    });
    expect(group).toEqual({ status: 'active', description: 'Neuer Auftrag: Fahrplan bis Herbst.' });
  });
});

describe('invitation links', () => {
  it('an unknown address gets a single-use link; accepting sets a password, signs in and joins', async () => {
    const moderator = await createTestAccount();
    const { groupId, name } = await createGroup({ moderators: [moderator] });
    const moderatorBrowser = await browserFor(moderator);
    const email = uniqueEmail();
    const agit = await withService(async (tx) => {
      const { rows } = await tx.query<{ organization_id: string }>(
        "select organization_id from public.organizations where short_name = 'AGIT'",
      );
      return rows[0]!.organization_id;
    });
    const token = await inviteNewAddress(moderatorBrowser, groupId, email, {
      organizationId: agit,
    });
    const stored = await withService(async (tx) => {
      const { rows } = await tx.query<{ token_hash: Buffer; role: string; days: number }>(
        `select token_hash, role, round(extract(epoch from expires_at - created_at) / 86400)::int as days
           from public.working_group_invitations where working_group_id = $1 and email = $2`,
        [groupId, email],
      );
      return rows[0]!;
    });
    expect(stored.token_hash.equals(createHash('sha256').update(token).digest())).toBe(true);
    expect(stored).toMatchObject({ role: 'member', days: 7 });
    const pending = await (await moderatorBrowser.request(`/kleingruppen/${groupId}`)).text();
    expect(pending).toContain(email);
    expect(pending).not.toContain(token);

    const invited = new TestBrowser(server.url);
    const page = await invited.request(`/einladung/${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(name);
    expect(html).toContain(email);

    const mismatch = await invited.request(`/einladung/${token}`, {
      form: { displayName: 'Nora Neu', password: NEW_PASSWORD, passwordRepeat: 'anders-1234567' },
    });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('Die beiden Passwörter stimmen nicht überein.');
    const short = await invited.request(`/einladung/${token}`, {
      form: { displayName: '', password: 'kurz', passwordRepeat: 'kurz' },
    });
    expect(short.status).toBe(400);
    const shortHtml = await short.text();
    expect(shortHtml).toContain('Bitte geben Sie Ihren Namen ein.');
    expect(shortHtml).toContain('mindestens 10 Zeichen');
    expect(await accountIdFor(email)).toBeNull();

    const accepted = await invited.request(`/einladung/${token}`, {
      form: { ...acceptForm(), platformRole: 'admin' },
    });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get('location')).toBe(`/kleingruppen/${groupId}`);
    expect(accepted.headers.getSetCookie().some((line) => line.startsWith('mpw_session='))).toBe(
      true,
    );
    const userId = await accountIdFor(email);
    expect(userId).not.toBeNull();
    expect(await roleIn(groupId, userId!)).toBe('member');
    const profile = await withService(async (tx) => {
      const { rows } = await tx.query<{
        display_name: string;
        platform_role: string;
        organization_id: string | null;
      }>(
        'select display_name, platform_role, organization_id from public.profiles where profile_id = $1',
        [userId],
      );
      return rows[0]!;
    });
    expect(profile).toEqual({
      display_name: 'Nora Neu',
      platform_role: 'member',
      organization_id: agit,
    });
    const groupPage = await invited.request(`/kleingruppen/${groupId}`);
    expect(groupPage.status).toBe(200);
    expect(await groupPage.text()).toContain('Nora Neu');

    const signIn = await new TestBrowser(server.url).signIn(email, NEW_PASSWORD);
    expect(signIn.status).toBe(302);
  });

  it('a used link is refused with 410', async () => {
    const moderator = await createTestAccount();
    const { groupId } = await createGroup({ moderators: [moderator] });
    const email = uniqueEmail();
    const token = await inviteNewAddress(await browserFor(moderator), groupId, email);
    const first = await new TestBrowser(server.url).request(`/einladung/${token}`, {
      form: acceptForm(),
    });
    expect(first.status).toBe(302);

    const reused = new TestBrowser(server.url);
    const page = await reused.request(`/einladung/${token}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('Dieser Einladungslink wurde bereits verwendet.');
    const post = await reused.request(`/einladung/${token}`, { form: acceptForm('Zweiter') });
    expect(post.status).toBe(410);
    expect(post.headers.getSetCookie()).toEqual([]);
  });

  it('of two simultaneous acceptances exactly one succeeds', async () => {
    const moderator = await createTestAccount();
    const { groupId } = await createGroup({ moderators: [moderator] });
    const token = await inviteNewAddress(await browserFor(moderator), groupId, uniqueEmail());
    const statuses = await Promise.all(
      [0, 1].map(
        async () =>
          (await new TestBrowser(server.url).request(`/einladung/${token}`, { form: acceptForm() }))
            .status,
      ),
    );
    expect(statuses.sort()).toEqual([302, 410]);
  });

  it('an expired link is refused with 410 and creates nothing', async () => {
    const moderator = await createTestAccount();
    const { groupId } = await createGroup({ moderators: [moderator] });
    const email = uniqueEmail();
    const token = await inviteNewAddress(await browserFor(moderator), groupId, email);
    await withService((tx) =>
      tx.query(
        `update public.working_group_invitations set expires_at = now() - interval '1 minute'
          where working_group_id = $1`,
        [groupId],
      ),
    );
    const browser = new TestBrowser(server.url);
    const page = await browser.request(`/einladung/${token}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('Dieser Einladungslink ist abgelaufen.');
    const post = await browser.request(`/einladung/${token}`, { form: acceptForm() });
    expect(post.status).toBe(410);
    expect(await accountIdFor(email)).toBeNull();
  });

  it('an unknown or withdrawn link is a 404', async () => {
    const browser = new TestBrowser(server.url);
    const unknown = await browser.request(`/einladung/${randomBytes(32).toString('base64url')}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Diesen Einladungslink gibt es nicht.');
    expect((await browser.request('/einladung/kaputt')).status).toBe(404);

    const moderator = await createTestAccount();
    const { groupId } = await createGroup({ moderators: [moderator] });
    const moderatorBrowser = await browserFor(moderator);
    const token = await inviteNewAddress(moderatorBrowser, groupId, uniqueEmail());
    const invitationId = await withService(async (tx) => {
      const { rows } = await tx.query<{ invitation_id: string }>(
        'select invitation_id from public.working_group_invitations where working_group_id = $1',
        [groupId],
      );
      return rows[0]!.invitation_id;
    });
    const withdrawn = await moderatorBrowser.request(`/kleingruppen/${groupId}`, {
      form: { intent: 'withdraw', invitationId },
    });
    expect(withdrawn.status).toBe(200);
    expect((await browser.request(`/einladung/${token}`)).status).toBe(404);
  });

  it('a newer invitation for the same address replaces the open one', async () => {
    const moderator = await createTestAccount();
    const { groupId } = await createGroup({ moderators: [moderator] });
    const browser = await browserFor(moderator);
    const email = uniqueEmail();
    const first = await inviteNewAddress(browser, groupId, email);
    const second = await inviteNewAddress(browser, groupId, email);
    expect(await invitationCount(groupId)).toBe(1);
    const anonymous = new TestBrowser(server.url);
    expect((await anonymous.request(`/einladung/${first}`)).status).toBe(404);
    expect((await anonymous.request(`/einladung/${second}`)).status).toBe(200);
  });

  it('when the address has an account by then, accepting adds it and asks to sign in', async () => {
    const moderator = await createTestAccount();
    const { groupId } = await createGroup({ moderators: [moderator] });
    const email = uniqueEmail();
    const token = await inviteNewAddress(await browserFor(moderator), groupId, email);
    const { userId } = await createLocalAccount({
      email,
      password: NEW_PASSWORD,
      displayName: 'Inzwischen registriert',
    });
    const browser = new TestBrowser(server.url);
    const page = await browser.request(`/einladung/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Einladung annehmen und anmelden');
    const accepted = await browser.request(`/einladung/${token}`, { form: {} });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get('location')).toBe(`/anmelden?redirectTo=/kleingruppen/${groupId}`);
    expect(accepted.headers.getSetCookie()).toEqual([]);
    expect(await roleIn(groupId, userId)).toBe('member');
    expect((await browser.request(`/einladung/${token}`)).status).toBe(410);
  });
});
