import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withService } from '../../app/lib/db/with-service.server';
import { minutesDocumentName } from '../../app/lib/collab/protocol';
import { MeetingFormSchema } from '../../app/lib/meetings/meetings.schema';
import { createMeeting, performMeetingAction } from '../../app/lib/meetings/meetings.server';
import { DEFAULT_LIMITS } from '../../app/server/collab/limits';
import { connectToMinutes, createGroupMeeting } from '../fixtures/minutes';
import {
  addParagraph,
  collabPath,
  documentText,
  eventually,
  rawUpgrade,
  sessionCookie,
  startCollabServer,
  storedDocumentNamed,
  type CollabClient,
  type CollabTestServer,
} from '../fixtures/collab';
import {
  buildScenario,
  readAsService,
  type Scenario,
  type SignedInPersona,
  userDb,
} from '../fixtures/scenario';

/**
 * The co-edited minutes (`minutes:<meeting id>`) on the collab server: who may open and write them
 * follows the minutes lifecycle in Postgres (draft: the group and invitees; approval: attendees
 * only; approved: nobody), also for connections that are already open.
 */

/** The promise: locked minutes refuse updates at the socket within 5 s. */
const WITHIN_MS = 5_000;

let server: CollabTestServer;
let scenario: Scenario;
let clients: CollabClient[] = [];
const cookies = new Map<SignedInPersona, string>();

beforeAll(async () => {
  // The production recheck interval: the 5 s promise is checked as shipped.
  server = await startCollabServer({ recheckAccessMs: DEFAULT_LIMITS.recheckAccessMs });
  scenario = await buildScenario();
});

afterEach(() => {
  for (const client of clients) client.destroy();
  clients = [];
});

afterAll(async () => {
  await server?.close();
});

const dbOf = (persona: SignedInPersona) => userDb(scenario, persona);

const groupMeeting = () => createGroupMeeting(scenario);

async function cookieOf(persona: SignedInPersona): Promise<string> {
  const known = cookies.get(persona);
  if (known) return known;
  const cookie = await sessionCookie(server.url, scenario.accounts[persona]);
  cookies.set(persona, cookie);
  return cookie;
}

async function connect(persona: SignedInPersona, meetingId: string): Promise<CollabClient> {
  return connectToMinutes(server, meetingId, await cookieOf(persona), clients);
}

async function upgradeStatus(persona: SignedInPersona, name: string): Promise<number> {
  const upgrade = await rawUpgrade(server.url, collabPath(name), {
    origin: server.url,
    cookie: await cookieOf(persona),
  });
  upgrade.socket.destroy();
  return upgrade.status;
}

function accessOf(meetingId: string, persona: SignedInPersona): string | undefined {
  const room = server.collab.rooms.get(minutesDocumentName(meetingId));
  const { userId } = scenario.accounts[persona];
  return [...(room?.connections ?? [])].find((c) => c.identity.userId === userId)?.access;
}

async function minutesRow(meetingId: string) {
  const [row] = await readAsService<{ minutes_text: string; minutes_html: string }>(
    'select minutes_text, minutes_html from public.meetings where meeting_id = $1',
    [meetingId],
  );
  return row!;
}

async function storedText(meetingId: string): Promise<string> {
  return documentText((await storedDocumentNamed(minutesDocumentName(meetingId))).doc);
}

const setStatus = (meetingId: string, status: 'draft' | 'approval' | 'approved') =>
  performMeetingAction(dbOf('moderatorA'), meetingId, { intent: 'minutesStatus', status });

async function updateRows(meetingId: string): Promise<number> {
  const [row] = await readAsService<{ n: number }>(
    'select count(*)::int as n from collab.document_updates where document_id = $1',
    [minutesDocumentName(meetingId)],
  );
  return row!.n;
}

describe('opening the minutes', () => {
  it('new minutes start from the agenda: one heading per item, stored and rendered', async () => {
    const meetingId = await groupMeeting();
    const client = await connect('memberA', meetingId);
    expect(documentText(client.doc)).toBe('TOP 1: Begrüßung\nTOP 2: Ausbildungsoffensive');
    expect(client.doc.getXmlFragment('default').toArray()[0]?.toString()).toContain('<heading');
    expect(await storedText(meetingId)).toBe(documentText(client.doc));
    const row = await minutesRow(meetingId);
    expect(row.minutes_html).toContain('<h2>TOP 1: Begrüßung</h2>');
    expect(row.minutes_text).toContain('TOP 2: Ausbildungsoffensive');
  });

  it('minutes kept as plain text before become paragraphs, line by line', async () => {
    const meetingId = await groupMeeting();
    // Minutes kept as plain text before they were co-edited (rows from that time).
    await withService((tx) =>
      tx.query('update public.meetings set minutes_text = $2 where meeting_id = $1', [
        meetingId,
        'Anwesend: alle\nTOP 1: Begrüßung erledigt',
      ]),
    );
    const client = await connect('moderatorA', meetingId);
    expect(documentText(client.doc)).toBe('Anwesend: alle\nTOP 1: Begrüßung erledigt');
    expect((await minutesRow(meetingId)).minutes_html).toBe(
      '<p>Anwesend: alle</p><p>TOP 1: Begrüßung erledigt</p>',
    );
  });

  it('a member of another group and an observer are refused before the upgrade; no document is created', async () => {
    const meetingId = await groupMeeting();
    for (const persona of ['memberB', 'observer'] as const) {
      expect(await upgradeStatus(persona, minutesDocumentName(meetingId)), persona).toBe(404);
    }
    expect(server.collab.rooms.has(minutesDocumentName(meetingId))).toBe(false);
    expect(await updateRows(meetingId)).toBe(0);
  });

  it('an unknown meeting and malformed minutes names are refused before the upgrade', async () => {
    const meetingId = await groupMeeting();
    const names = [
      minutesDocumentName(randomUUID()),
      `minutes:${meetingId.toUpperCase()}`,
      `Minutes:${meetingId}`,
      `minutes:${meetingId}x`,
      `minutes:${meetingId.slice(0, -1)}`,
      `minutes:${meetingId.replace(/-/g, '')}`,
      `minutes:%20${meetingId}`,
      `minutes:measure:${meetingId}`,
      'minutes:',
    ];
    for (const name of names) {
      expect(await upgradeStatus('moderatorA', name), name).toBe(404);
      expect(server.collab.rooms.has(name), name).toBe(false);
    }
    expect(await updateRows(meetingId)).toBe(0);
  });

  it('everyone signed in reads a plenary event’s minutes; during the draft the admins and invitees write them', async () => {
    const meetingId = await createMeeting(
      dbOf('admin'),
      null,
      MeetingFormSchema.parse({
        title: 'Industriedialog',
        startsAt: '2026-12-03T14:00',
        endsAt: '2026-12-03T16:00',
        agendaTitle: ['Erklärung'],
        agendaDuration: ['30'],
        invitees: [scenario.accounts.memberB.userId],
      }),
    );
    for (const persona of ['observer', 'memberA', 'memberB', 'admin'] as const) {
      await connect(persona, meetingId);
    }
    expect(accessOf(meetingId, 'observer')).toBe('view');
    expect(accessOf(meetingId, 'memberA')).toBe('view');
    expect(accessOf(meetingId, 'memberB')).toBe('edit');
    expect(accessOf(meetingId, 'admin')).toBe('edit');
  });
});

describe('the minutes lifecycle at the socket', () => {
  it('during the draft group members co-edit; the text is stored and rendered onto the meeting', async () => {
    const meetingId = await groupMeeting();
    const member = await connect('memberA', meetingId);
    const moderator = await connect('moderatorA', meetingId);
    expect(accessOf(meetingId, 'memberA')).toBe('edit');
    addParagraph(member.doc, 'Die Botschafter starten im Herbst.');
    await eventually(() =>
      expect(documentText(moderator.doc)).toContain('Die Botschafter starten im Herbst.'),
    );
    addParagraph(moderator.doc, 'Nächste Sitzung im März.');
    await eventually(() => expect(member.isPersisted()).toBe(true));
    await eventually(() => expect(moderator.isPersisted()).toBe(true));
    expect(await storedText(meetingId)).toBe(documentText(member.doc));
    await eventually(async () =>
      expect((await minutesRow(meetingId)).minutes_text).toContain('Nächste Sitzung im März.'),
    );
    expect((await minutesRow(meetingId)).minutes_html).toContain(
      '<p>Die Botschafter starten im Herbst.</p>',
    );
  });

  it('during approval only attendees write: a member who was not there reads, its updates are dropped', async () => {
    const meetingId = await groupMeeting();
    await performMeetingAction(dbOf('moderatorA'), meetingId, {
      intent: 'attendance',
      attended: [scenario.accounts.moderatorA.userId],
    });
    await setStatus(meetingId, 'approval');
    const attendee = await connect('moderatorA', meetingId);
    const absent = await connect('memberA', meetingId);
    expect(accessOf(meetingId, 'moderatorA')).toBe('edit');
    expect(accessOf(meetingId, 'memberA')).toBe('view');

    const dropped = server.collab.getStats().droppedReadOnly;
    addParagraph(absent.doc, 'Nachtrag ohne Anwesenheit');
    await eventually(() =>
      expect(server.collab.getStats().droppedReadOnly).toBeGreaterThan(dropped),
    );
    addParagraph(attendee.doc, 'Korrektur der Anwesenden');
    await eventually(() => expect(documentText(absent.doc)).toContain('Korrektur der Anwesenden'));
    await eventually(() => expect(attendee.isPersisted()).toBe(true));
    const stored = await storedText(meetingId);
    expect(stored).toContain('Korrektur der Anwesenden');
    expect(stored).not.toContain('Nachtrag ohne Anwesenheit');
    expect(documentText(attendee.doc)).not.toContain('Nachtrag ohne Anwesenheit');
  });

  it('once approved, a connected editor becomes read-only within 5 s: its updates are dropped and the stored text stays', async () => {
    const meetingId = await groupMeeting();
    await performMeetingAction(dbOf('moderatorA'), meetingId, {
      intent: 'attendance',
      attended: [scenario.accounts.moderatorA.userId],
    });
    const editor = await connect('moderatorA', meetingId);
    addParagraph(editor.doc, 'Beschlossen wird der Start im Herbst.');
    await eventually(() => expect(editor.isPersisted()).toBe(true));
    await eventually(async () =>
      expect((await minutesRow(meetingId)).minutes_text).toContain('Start im Herbst'),
    );
    await setStatus(meetingId, 'approval');
    const started = performance.now();
    await setStatus(meetingId, 'approved');
    await eventually(() => expect(accessOf(meetingId, 'moderatorA')).toBe('view'), WITHIN_MS * 3);
    expect(performance.now() - started).toBeLessThan(WITHIN_MS);
    // The editor is told, so the page turns read-only instead of typing into dropped updates.
    await eventually(() => expect(editor.accessChange()).toBe('view'));

    const rows = await updateRows(meetingId);
    const before = await minutesRow(meetingId);
    const dropped = server.collab.getStats().droppedReadOnly;
    addParagraph(editor.doc, 'Nachträglich geändert');
    await eventually(() =>
      expect(server.collab.getStats().droppedReadOnly).toBeGreaterThan(dropped),
    );
    await server.collab.flushAll();
    await server.collab.rooms.get(minutesDocumentName(meetingId))?.storeDerivedText();
    expect(await updateRows(meetingId)).toBe(rows);
    expect(await storedText(meetingId)).not.toContain('Nachträglich geändert');
    expect(await minutesRow(meetingId)).toEqual(before);
    expect(editor.closeCodes).toEqual([]);
  });

  it('when the approval window ends, an attendee’s connection becomes read-only within 5 s', async () => {
    const meetingId = await groupMeeting();
    await performMeetingAction(dbOf('moderatorA'), meetingId, {
      intent: 'attendance',
      attended: [scenario.accounts.memberA.userId],
    });
    await setStatus(meetingId, 'approval');
    const attendee = await connect('memberA', meetingId);
    expect(accessOf(meetingId, 'memberA')).toBe('edit');
    const started = performance.now();
    await withService((tx) =>
      tx.query(
        `update public.meetings set approval_ends_at = now() - interval '1 minute' where meeting_id = $1`,
        [meetingId],
      ),
    );
    await eventually(() => expect(accessOf(meetingId, 'memberA')).toBe('view'), WITHIN_MS * 3);
    expect(performance.now() - started).toBeLessThan(WITHIN_MS);
    await eventually(() => expect(attendee.accessChange()).toBe('view'));

    // Back into the draft: the group writes again, and the open connection is told so.
    await withService((tx) =>
      tx.query(`update public.meetings set minutes_status = 'draft' where meeting_id = $1`, [
        meetingId,
      ]),
    );
    await eventually(() => expect(accessOf(meetingId, 'memberA')).toBe('edit'), WITHIN_MS * 3);
    await eventually(() => expect(attendee.accessChange()).toBe('edit'));
  });
});
