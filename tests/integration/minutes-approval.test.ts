import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { minutesDocumentName } from '../../app/lib/collab/protocol';
import { performMeetingAction } from '../../app/lib/meetings/meetings.server';
import { registerCollabDocuments } from '../../app/server/collab/documents-control.server';
import { connectToMinutes, createGroupMeeting } from '../fixtures/minutes';
import {
  addParagraph,
  documentText,
  eventually,
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
 * Moving the minutes on right after the last keystroke: the action settles the document first
 * (pending updates and the derived text stored now) and rechecks its connections after the
 * commit. The server here derives the text only after 20 s and rechecks access only every minute,
 * so nothing but the action itself can make these tests pass.
 */

let server: CollabTestServer;
let scenario: Scenario;
let clients: CollabClient[] = [];

beforeAll(async () => {
  server = await startCollabServer({
    flushWindowMs: 1_000,
    deriveAfterMs: 20_000,
    recheckAccessMs: 60_000,
  });
  registerCollabDocuments({
    settle: (name) => server.collab.settleDocument(name),
    recheck: (name) => server.collab.recheckDocument(name),
  });
  scenario = await buildScenario();
});

afterEach(() => {
  for (const client of clients) client.destroy();
  clients = [];
});

afterAll(async () => {
  registerCollabDocuments(undefined);
  await server?.close();
});

const dbOf = (persona: SignedInPersona) => userDb(scenario, persona);

/** The group meeting, with moderatorA recorded as its only attendee. */
async function groupMeeting(): Promise<string> {
  const meetingId = await createGroupMeeting(scenario);
  await performMeetingAction(dbOf('moderatorA'), meetingId, {
    intent: 'attendance',
    attended: [scenario.accounts.moderatorA.userId],
  });
  return meetingId;
}

async function connect(persona: SignedInPersona, meetingId: string): Promise<CollabClient> {
  const cookie = await sessionCookie(server.url, scenario.accounts[persona]);
  return connectToMinutes(server, meetingId, cookie, clients);
}

/** Types a paragraph and waits only until the server holds it (not until it is stored). */
async function typeAndReachServer(client: CollabClient, meetingId: string, text: string) {
  addParagraph(client.doc, text);
  const room = server.collab.rooms.get(minutesDocumentName(meetingId))!;
  await eventually(() => expect(documentText(room.doc)).toContain(text));
}

const setStatus = (meetingId: string, status: 'approval' | 'approved') =>
  performMeetingAction(dbOf('moderatorA'), meetingId, { intent: 'minutesStatus', status });

async function minutesText(meetingId: string): Promise<string> {
  const [row] = await readAsService<{ minutes_text: string }>(
    'select minutes_text from public.meetings where meeting_id = $1',
    [meetingId],
  );
  return row!.minutes_text;
}

function accessOf(meetingId: string, persona: SignedInPersona): string | undefined {
  const room = server.collab.rooms.get(minutesDocumentName(meetingId));
  const { userId } = scenario.accounts[persona];
  return [...(room?.connections ?? [])].find((c) => c.identity.userId === userId)?.access;
}

describe('moving the minutes on right after the last keystroke', () => {
  it('approved at once after typing: the adopted text holds the last words, and the socket refuses further updates', async () => {
    const meetingId = await groupMeeting();
    await setStatus(meetingId, 'approval');
    const attendee = await connect('moderatorA', meetingId);
    await typeAndReachServer(attendee, meetingId, 'Letzter Satz vor dem Beschluss.');
    expect(await minutesText(meetingId)).not.toContain('Letzter Satz');

    await setStatus(meetingId, 'approved');
    expect(await minutesText(meetingId)).toContain('Letzter Satz vor dem Beschluss.');
    // Read-only at once (the periodic recheck is a minute away).
    expect(accessOf(meetingId, 'moderatorA')).toBe('view');
    await eventually(() => expect(attendee.accessChange()).toBe('view'));

    const dropped = server.collab.getStats().droppedReadOnly;
    addParagraph(attendee.doc, 'Nach dem Beschluss getippt.');
    await eventually(() =>
      expect(server.collab.getStats().droppedReadOnly).toBeGreaterThan(dropped),
    );
    await server.collab.flushAll();
    const stored = await storedDocumentNamed(minutesDocumentName(meetingId));
    expect(documentText(stored.doc)).toContain('Letzter Satz vor dem Beschluss.');
    expect(documentText(stored.doc)).not.toContain('Nach dem Beschluss getippt.');
    expect(await minutesText(meetingId)).not.toContain('Nach dem Beschluss getippt.');
  });

  it('sent to approval at once after typing: the text is stored, and an absent member turns read-only at once', async () => {
    const meetingId = await groupMeeting();
    const absent = await connect('memberA', meetingId);
    expect(accessOf(meetingId, 'memberA')).toBe('edit');
    await typeAndReachServer(absent, meetingId, 'Ergänzung kurz vor der Abstimmung.');

    await setStatus(meetingId, 'approval');
    expect(await minutesText(meetingId)).toContain('Ergänzung kurz vor der Abstimmung.');
    expect(accessOf(meetingId, 'memberA')).toBe('view');
  });
});
