import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENT_MAX_BYTES } from '../../app/lib/meetings/meetings.schema';
import { TEST_PASSWORD } from '../fixtures/accounts';
import {
  buildScenario,
  createMeasure,
  readAsService,
  type Scenario,
  type SignedInPersona,
} from '../fixtures/scenario';
import { startTestServer, TestBrowser, type TestServer } from '../setup/app-server';

/** Meetings and declarations over HTTP: forms, downloads, upload limits, the feed URL. */

let server: TestServer;
let scenario: Scenario;

async function as(persona: SignedInPersona): Promise<TestBrowser> {
  const browser = new TestBrowser(server.url);
  const response = await browser.signIn(scenario.accounts[persona].email, TEST_PASSWORD);
  expect(response.status).toBe(302);
  return browser;
}

function post(browser: TestBrowser, path: string, fields: [string, string][]): Promise<Response> {
  return browser.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

function upload(
  browser: TestBrowser,
  path: string,
  name: string,
  bytes: Uint8Array<ArrayBuffer>,
  type = 'application/pdf',
) {
  const form = new FormData();
  form.set('file', new Blob([bytes], { type }), name);
  return browser.request(path, { method: 'POST', body: form });
}

async function scheduleMeeting(moderator: TestBrowser): Promise<string> {
  const response = await post(moderator, `/kleingruppen/${scenario.groupA.id}/sitzungen/neu`, [
    ['title', 'Sitzung über HTTP'],
    ['startsAt', '2027-02-01T14:00'],
    ['endsAt', '2027-02-01T16:00'],
    ['location', 'Rathaus'],
    ['approvalDays', '7'],
    ['invitees', scenario.accounts.memberA.userId],
    ['agendaTitle', 'Begrüßung'],
    ['agendaDuration', '10'],
    ['agendaTitle', 'Fachkräfte'],
    ['agendaDuration', '50'],
    ['agendaMeasure', `1:${scenario.measures.platform.id}`],
  ]);
  expect(response.status).toBe(302);
  const location = response.headers.get('location') ?? '';
  expect(location).toMatch(/^\/sitzungen\/[0-9a-f-]{36}$/);
  return location.split('/').pop()!;
}

beforeAll(async () => {
  server = await startTestServer();
  scenario = await buildScenario();
});

afterAll(async () => {
  await server?.close();
});

describe('meeting pages', () => {
  it('a moderator schedules with two agenda items; the group sees it, another group gets 404', async () => {
    const meetingId = await scheduleMeeting(await as('moderatorA'));
    const page = await (await as('memberA')).request(`/sitzungen/${meetingId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Begrüßung');
    expect(html).toContain('Fachkräfte');
    expect((await (await as('memberB')).request(`/sitzungen/${meetingId}`)).status).toBe(404);
  });

  it('an invalid form comes back with every German field message at once and writes nothing', async () => {
    const before = await readAsService(
      'select 1 from public.meetings where working_group_id = $1',
      [scenario.groupA.id],
    );
    const response = await post(
      await as('moderatorA'),
      `/kleingruppen/${scenario.groupA.id}/sitzungen/neu`,
      [
        ['title', 'x'],
        ['startsAt', '2027-02-01T14:00'],
        ['endsAt', '2027-02-01T13:00'],
        ['agendaTitle', 'Ohne Dauer'],
        ['agendaDuration', ''],
      ],
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Bitte geben Sie einen Titel mit 3 bis 200 Zeichen an.');
    expect(html).toContain('Das Ende muss nach dem Beginn liegen.');
    expect(html).toContain('Die Dauer muss zwischen 1 und 480 Minuten liegen.');
    const after = await readAsService('select 1 from public.meetings where working_group_id = $1', [
      scenario.groupA.id,
    ]);
    expect(after.length).toBe(before.length);
  });

  it('the .ics download is an attachment of type text/calendar', async () => {
    const meetingId = await scheduleMeeting(await as('moderatorA'));
    const response = await (await as('memberA')).request(`/sitzungen/${meetingId}/sitzung.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(await response.text()).toContain(`UID:${meetingId}@masterplan-werkstatt`);
  });

  it('uploads: size + 1 byte → 413, HTML renamed .pdf → 415, a PDF is stored and served as a download', async () => {
    const meetingId = await scheduleMeeting(await as('moderatorA'));
    const member = await as('memberA');
    const path = `/sitzungen/${meetingId}/anlagen`;
    const pdf = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
    const over = new Uint8Array(ATTACHMENT_MAX_BYTES + 1);
    over.set(pdf);
    expect((await upload(member, path, 'gross.pdf', over)).status).toBe(413);
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    expect((await upload(member, path, 'protokoll.pdf', html)).status).toBe(415);
    const stored = await upload(member, path, 'Protokoll Sitzung.pdf', pdf);
    expect(stored.status).toBe(302);
    const [row] = await readAsService<{ attachment_id: string }>(
      'select attachment_id from public.meeting_attachments where meeting_id = $1',
      [meetingId],
    );
    const download = await member.request(`${path}/${row!.attachment_id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename="Protokoll Sitzung.pdf"/,
    );
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect((await (await as('memberB')).request(`${path}/${row!.attachment_id}`)).status).toBe(404);
  });

  it('the feed URL works without a session until it is revoked', async () => {
    const member = await as('memberA');
    const created = await member.request('/sitzungen', { form: { intent: 'createFeed' } });
    expect(created.status).toBe(200);
    const match = /\/kalender\/([A-Za-z0-9_-]{43})\.ics/.exec(await created.text());
    expect(match).not.toBeNull();
    const feedPath = `/kalender/${match![1]}.ics`;
    const anonymous = new TestBrowser(server.url);
    const feed = await anonymous.request(feedPath);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
    expect((await member.request('/sitzungen', { form: { intent: 'revokeFeed' } })).status).toBe(
      200,
    );
    expect((await anonymous.request(feedPath)).status).toBe(404);
    expect((await anonymous.request('/kalender/nicht-gueltig.ics')).status).toBe(404);
  });
});

describe('declaration pages', () => {
  it('the admin compiles, freezes and exports as print HTML and DOCX; a draft is not exported', async () => {
    const measureId = await createMeasure(scenario, {
      status: 'draft',
      visibility: 'platform',
      kind: 'quick_win',
    });
    const admin = await as('admin');
    const created = await post(admin, '/erklaerungen/neu', [
      ['title', 'Gemeinsame Erklärung HTTP'],
      ['preamble', 'Die Akteure der Region Aachen erklären gemeinsam …'],
      ['commitments', 'Jede Organisation übernimmt …'],
      ['measureIds', measureId],
    ]);
    expect(created.status).toBe(302);
    const path = created.headers.get('location')!;
    expect((await admin.request(`${path}/erklaerung.docx`)).status).toBe(409);
    expect((await admin.request(path, { form: { intent: 'freeze' } })).status).toBe(200);
    const print = await admin.request(`${path}/druck`);
    expect(print.status).toBe(200);
    expect(await print.text()).toContain('Die Akteure der Region Aachen erklären gemeinsam');
    const docx = await admin.request(`${path}/erklaerung.docx`);
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-disposition')).toMatch(/^attachment;/);
    const bytes = new Uint8Array(await docx.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
    // The compare and Fahrplan pages open for a member.
    const member = await as('memberA');
    expect((await member.request(`/fahrplan?erklaerung=${path.split('/').pop()}`)).status).toBe(
      200,
    );
    expect((await member.request('/erklaerungen/vergleich')).status).toBe(200);
  });

  it('the header names moderation, which is per group, for a member who moderates one', async () => {
    const header = async (persona: 'moderatorA' | 'memberA') =>
      (await (await (await as(persona)).request('/')).text()).match(
        /<span class="account-role">([^<]*)<\/span>/,
      )?.[1];
    expect(await header('moderatorA')).toBe('Moderation (1 Kleingruppe)');
    expect(await header('memberA')).toBe('Mitglied');
  });

  it('a measure comparison opened without versions leads to the versions page, a bad choice is a 400', async () => {
    const member = await as('memberA');
    const measureId = scenario.measures.platform.id;
    const bare = await member.request(`/massnahmen/${measureId}/vergleich`);
    expect(bare.status).toBe(302);
    expect(bare.headers.get('location')).toBe(`/massnahmen/${measureId}/versionen`);
    expect((await member.request(`/massnahmen/${measureId}/vergleich?from=x&to=y`)).status).toBe(
      400,
    );
  });

  it('a decision on a passage is recorded from the measure page; half an anchor or a member changes nothing', async () => {
    const moderator = await as('moderatorA');
    const meetingId = await scheduleMeeting(moderator);
    const measureId = scenario.measures.platform.id;
    const path = `/massnahmen/${measureId}/beschluesse`;
    const decisions = () =>
      readAsService<{ passage: string; has_anchor: boolean }>(
        'select passage, anchor_start is not null as has_anchor from public.meeting_decisions where meeting_id = $1',
        [meetingId],
      );
    const fields = (extra: [string, string][]): [string, string][] => [
      ['meetingId', meetingId],
      ['outcome', 'accepted'],
      ['summary', 'Angenommen wie markiert.'],
      ['quote', 'die markierte Stelle'],
      ...extra,
    ];

    const half = await post(moderator, path, fields([['anchorStart', 'AAEC']]));
    expect(half.status).toBe(400);
    expect(await half.text()).toContain('review.error.anchor');
    const member = await post(
      await as('memberA'),
      path,
      fields([
        ['anchorStart', 'AAEC'],
        ['anchorEnd', 'AAED'],
      ]),
    );
    expect(member.status).toBe(403);
    expect(await decisions()).toEqual([]);

    const recorded = await post(
      moderator,
      path,
      fields([
        ['anchorStart', 'AAEC'],
        ['anchorEnd', 'AAED'],
      ]),
    );
    expect(recorded.status).toBe(200);
    expect(await decisions()).toEqual([{ passage: 'die markierte Stelle', has_anchor: true }]);
    const page = await (await as('memberA')).request(`/massnahmen/${measureId}`);
    const html = await page.text();
    expect(html).toContain('Beschlüsse aus Sitzungen');
    expect(html).toContain('die markierte Stelle');
    expect(html).toContain(`/sitzungen/${meetingId}#meeting-minutes`);
  });

  it('the meeting page no longer takes minutes as plain text', async () => {
    const moderator = await as('moderatorA');
    const meetingId = await scheduleMeeting(moderator);
    const response = await post(moderator, `/sitzungen/${meetingId}`, [
      ['intent', 'minutes'],
      ['minutesText', 'Am Editor vorbei'],
    ]);
    expect(response.status).toBe(400);
    const [row] = await readAsService<{ minutes_text: string }>(
      'select minutes_text from public.meetings where meeting_id = $1',
      [meetingId],
    );
    expect(row!.minutes_text).toBe('');
  });

  it('the inbox shows a meeting invitation with a link, in German and in English', async () => {
    const meetingId = await scheduleMeeting(await as('moderatorA'));
    const member = await as('memberA');
    const german = await (await member.request('/benachrichtigungen')).text();
    expect(german).toContain(`href="/sitzungen/${meetingId}"`);
    expect(german).toMatch(/hat Sie zur Sitzung „Sitzung über HTTP“ am [^<]+ eingeladen\./);
    const english = await (
      await member.request('/benachrichtigungen', { headers: { 'accept-language': 'en' } })
    ).text();
    expect(english).toMatch(/invited you to the meeting “Sitzung über HTTP” on [^<]+\./);
  });
});
