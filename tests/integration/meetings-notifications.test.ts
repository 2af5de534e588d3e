import { beforeAll, describe, expect, it } from 'vitest';
import { withService } from '../../app/lib/db/with-service.server';
import { MEETING_REMINDER_JOB, runDueJobs } from '../../app/lib/jobs/scheduler.server';
import { MeetingFormSchema } from '../../app/lib/meetings/meetings.schema';
import {
  createMeeting,
  deleteMeeting,
  updateMeeting,
} from '../../app/lib/meetings/meetings.server';
import { listNotifications, type Notification } from '../../app/lib/review/review.server';
import {
  attempt,
  buildScenario,
  probeAs,
  readAsService,
  type Scenario,
  type SignedInPersona,
  userDb,
} from '../fixtures/scenario';
import { parseCalendar } from '../fixtures/ics';
import { startRecordingScheduler } from '../fixtures/mail';

/**
 * Meetings tell their invitees in the inbox, written only by the database: an invitation, a
 * changed time or place, a cancellation, a reminder a day before (once); with SMTP each is
 * e-mailed once, with the meeting's .ics (a cancellation with a METHOD:CANCEL that removes it).
 */

let scenario: Scenario;
const dbOf = (persona: SignedInPersona) => userDb(scenario, persona);

let counter = 0;
function form(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return MeetingFormSchema.parse({
    title: `Sitzung Fachkräfte ${counter}`,
    startsAt: '2027-03-04T14:00',
    endsAt: '2027-03-04T16:00',
    location: 'IHK Aachen',
    agendaTitle: ['Ausbildungsoffensive'],
    agendaDuration: ['45'],
    invitees: [scenario.accounts.memberA.userId, scenario.accounts.moderatorA.userId],
    ...overrides,
  });
}

/** The persona's inbox entries about one meeting, oldest first, as the notifications page lists them. */
async function inbox(persona: SignedInPersona, meetingId: string): Promise<Notification[]> {
  const all = await dbOf(persona)(listNotifications);
  return all.filter((n) => n.meetingId === meetingId).reverse();
}
const kinds = (notifications: Notification[]) => notifications.map((n) => n.kind);

beforeAll(async () => {
  scenario = await buildScenario();
});

describe('in-app meeting notifications', () => {
  it('scheduling a meeting invites each invitee once, not the moderator who invited themselves', async () => {
    const values = form();
    const meetingId = await createMeeting(dbOf('moderatorA'), scenario.groupA.id, values);
    const [invitation, ...rest] = await inbox('memberA', meetingId);
    expect(rest).toEqual([]);
    expect(invitation).toMatchObject({
      kind: 'meeting_invitation',
      meetingTitle: values.title,
      meetingStartsAt: '2027-03-04T13:00:00.000Z',
      actorName: expect.any(String),
      isRead: false,
    });
    expect(await inbox('moderatorA', meetingId)).toEqual([]);
    expect(await inbox('memberB', meetingId)).toEqual([]);
  });

  it('moving a meeting tells those invited before; whoever is added in the same edit gets only the invitation', async () => {
    const meetingId = await createMeeting(
      dbOf('moderatorA'),
      scenario.groupA.id,
      form({ invitees: [scenario.accounts.memberA.userId] }),
    );
    // The title and the agenda change: nobody is told.
    await updateMeeting(
      dbOf('moderatorA'),
      meetingId,
      form({ title: 'Neuer Titel', invitees: [scenario.accounts.memberA.userId] }),
    );
    expect(kinds(await inbox('memberA', meetingId))).toEqual(['meeting_invitation']);

    // The admin moves it and adds the moderator.
    await updateMeeting(
      dbOf('admin'),
      meetingId,
      form({
        title: 'Neuer Titel',
        startsAt: '2027-03-05T09:00',
        endsAt: '2027-03-05T11:00',
        location: 'Rathaus',
        invitees: [scenario.accounts.memberA.userId, scenario.accounts.moderatorA.userId],
      }),
    );
    const memberA = await inbox('memberA', meetingId);
    expect(kinds(memberA)).toEqual(['meeting_invitation', 'meeting_changed']);
    expect(memberA[1]).toMatchObject({
      meetingTitle: 'Neuer Titel',
      meetingStartsAt: '2027-03-05T08:00:00.000Z',
    });
    expect(kinds(await inbox('moderatorA', meetingId))).toEqual(['meeting_invitation']);
  });

  it('cancelling a meeting tells its invitees, keeping its title once the meeting is gone', async () => {
    const values = form();
    const meetingId = await createMeeting(dbOf('moderatorA'), scenario.groupA.id, values);
    await deleteMeeting(dbOf('moderatorA'), meetingId);
    const [, cancelled] = await inbox('memberA', meetingId);
    expect(cancelled).toMatchObject({ kind: 'meeting_cancelled', meetingTitle: values.title });
  });

  it('meetings already over notify nobody', async () => {
    const meetingId = await createMeeting(
      dbOf('moderatorA'),
      scenario.groupA.id,
      form({ startsAt: '2025-01-10T10:00', endsAt: '2025-01-10T12:00' }),
    );
    await deleteMeeting(dbOf('moderatorA'), meetingId);
    expect(await inbox('memberA', meetingId)).toEqual([]);
  });

  it('nobody forges or rewrites a notification, not even for themselves; only read_at changes', async () => {
    const meetingId = await createMeeting(dbOf('moderatorA'), scenario.groupA.id, form());
    for (const persona of ['memberA', 'moderatorA', 'admin'] as const) {
      const forged = await probeAs(scenario, persona, (tx) =>
        attempt(
          tx,
          `insert into public.review_notifications (user_id, kind, meeting_id, meeting_title, meeting_starts_at)
           values ($1, 'meeting_cancelled', $2, 'Gefälscht', now())`,
          [scenario.accounts.memberB.userId, meetingId],
        ),
      );
      expect(forged, persona).toMatchObject({ took: false, code: '42501' });
    }
    const rewritten = await probeAs(scenario, 'memberA', (tx) =>
      attempt(
        tx,
        `update public.review_notifications set meeting_title = 'Umgeschrieben' where meeting_id = $1`,
        [meetingId],
      ),
    );
    expect(rewritten).toMatchObject({ took: false, code: '42501' });
    const read = await probeAs(scenario, 'memberA', (tx) =>
      attempt(tx, 'update public.review_notifications set read_at = now() where meeting_id = $1', [
        meetingId,
      ]),
    );
    expect(read.took).toBe(true);
  });
});

describe('reminders and e-mail', () => {
  /** A meeting starting `hours` from now whose invitations went out two days ago. */
  async function meetingIn(hours: number): Promise<{ meetingId: string; title: string }> {
    const values = form();
    const meetingId = await createMeeting(dbOf('moderatorA'), scenario.groupA.id, values);
    await withService(async (tx) => {
      await tx.query(
        `update public.meetings
            set starts_at = now() + make_interval(hours => $2), ends_at = now() + make_interval(hours => $2 + 2)
          where meeting_id = $1`,
        [meetingId, hours],
      );
      await tx.query(
        `update public.meeting_invitees set created_at = now() - interval '2 days' where meeting_id = $1`,
        [meetingId],
      );
    });
    return { meetingId, title: values.title };
  }

  const reminders = async (meetingId: string) =>
    (
      await readAsService<{ user_id: string }>(
        `select user_id from public.review_notifications where kind = 'meeting_reminder' and meeting_id = $1`,
        [meetingId],
      )
    ).map((row) => row.user_id);

  it('invitees are reminded once within the day before, across runs, restarts and a second instance', async () => {
    const soon = await meetingIn(12);
    const later = await meetingIn(30);
    const now = new Date();
    await runDueJobs(now, [MEETING_REMINDER_JOB]);
    // The same quarter hour again, done: and even forced re-runs hit the unique index.
    await runDueJobs(now, [MEETING_REMINDER_JOB]);
    await withService((tx) =>
      tx.query("update app_private.jobs set done_at = null where kind = 'meeting_reminders'"),
    );
    await Promise.all([
      runDueJobs(now, [MEETING_REMINDER_JOB]),
      runDueJobs(now, [MEETING_REMINDER_JOB]),
    ]);
    expect((await reminders(soon.meetingId)).sort()).toEqual(
      [scenario.accounts.memberA.userId, scenario.accounts.moderatorA.userId].sort(),
    );
    expect(await reminders(later.meetingId)).toEqual([]);
    expect(kinds(await inbox('memberA', soon.meetingId))).toContain('meeting_reminder');
  });

  it('mails invitations and reminders once with the .ics and a link, a cancellation with a CANCEL of the same event', async () => {
    const { meetingId, title } = await meetingIn(6);
    // The next quarter hour: the reminder job of this one already ran in the test before.
    const next = new Date(Date.now() + 15 * 60_000);
    const { scheduler, sent } = startRecordingScheduler({
      now: () => next,
      jobs: [MEETING_REMINDER_JOB],
    });
    await scheduler.tick();
    await scheduler.tick();
    const toMember = () =>
      sent.filter(
        (mail) =>
          mail.to[0]!.address === scenario.accounts.memberA.email && mail.subject.includes(title),
      );
    // Invited, then (by the helper above) moved to the coming hours, then reminded: once each.
    expect(toMember().map((mail) => mail.subject)).toEqual([
      `Einladung: ${title}`,
      `Geänderter Termin oder Ort: ${title}`,
      `Erinnerung: ${title}`,
    ]);
    const published = toMember().map((mail) => {
      expect(mail.text).toContain(`https://werkstatt.aachen.example/sitzungen/${meetingId}`);
      const ics = mail.attachments?.[0];
      expect(ics?.contentType).toContain('method=PUBLISH');
      const { calendar, events } = parseCalendar(ics!.content);
      expect(calendar.METHOD).toBe('PUBLISH');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        UID: `${meetingId}@masterplan-werkstatt`,
        SUMMARY: title,
        STATUS: 'CONFIRMED',
        ORGANIZER: 'mailto:werkstatt@aachen.example',
      });
      return events[0]!;
    });
    const latest = published.at(-1)!;

    await deleteMeeting(dbOf('moderatorA'), meetingId);
    await scheduler.tick();
    await scheduler.stop();
    const cancelled = toMember().at(-1)!;
    expect(cancelled.subject).toBe(`Abgesagt: ${title}`);
    expect(cancelled.text).not.toContain('/sitzungen/');
    expect(cancelled.attachments).toHaveLength(1);
    const ics = cancelled.attachments![0]!;
    expect(ics.contentType).toContain('method=CANCEL');
    const { calendar, events } = parseCalendar(ics.content);
    expect(calendar.METHOD).toBe('CANCEL');
    expect(events).toHaveLength(1);
    const cancel = events[0]!;
    // The same event as last sent, one version later, so calendars drop it.
    expect(cancel).toMatchObject({
      UID: latest.UID,
      SUMMARY: title,
      DTSTART: latest.DTSTART,
      DTEND: latest.DTEND,
      STATUS: 'CANCELLED',
      ORGANIZER: 'mailto:werkstatt@aachen.example',
      ATTENDEE: `mailto:${scenario.accounts.memberA.email}`,
    });
    expect(Number(cancel.SEQUENCE)).toBe(
      Math.max(...published.map((event) => Number(event.SEQUENCE))) + 1,
    );
  });

  it('a cancellation written without the end and sequence of its meeting is refused', async () => {
    const meetingId = await createMeeting(dbOf('moderatorA'), scenario.groupA.id, form());
    await expect(
      withService((tx) =>
        tx.query(
          `insert into public.review_notifications (user_id, kind, meeting_id, meeting_title, meeting_starts_at)
           values ($1, 'meeting_cancelled', $2, 'Ohne Ende', now())`,
          [scenario.accounts.memberA.userId, meetingId],
        ),
      ),
    ).rejects.toMatchObject({
      code: '23514',
      constraint: 'review_notifications_cancellation_event',
    });
  });
});
