import { beforeAll, describe, expect, it } from 'vitest';
import { withService } from '../../app/lib/db/with-service.server';
import { withUser } from '../../app/lib/db/with-user.server';
import { isAppError } from '../../app/lib/errors';
import { MeetingFormSchema } from '../../app/lib/meetings/meetings.schema';
import {
  createMeeting,
  getMeeting,
  performMeetingAction,
  updateMeeting,
} from '../../app/lib/meetings/meetings.server';
import type { UserDb } from '../../app/lib/measures/measures.server';
import { minutesTemplate } from '../../app/lib/meetings/minutes';
import { DOCUMENT_KINDS } from '../../app/server/collab/document-kinds.server';
import {
  actAs,
  attempt,
  buildScenario,
  probeAs,
  readAsService,
  type Persona,
  type Scenario,
  type SignedInPersona,
} from '../fixtures/scenario';

/**
 * Meetings in the database, asserted as each persona (never as a superuser): who sees and schedules
 * group meetings and plenary events, who is invited, and the minutes lifecycle with the
 * attendee-only approval window and the lock after adoption.
 */

let scenario: Scenario;
const dbOf =
  (persona: SignedInPersona): UserDb =>
  (fn) =>
    withUser(scenario.accounts[persona].claims, fn);

function form(overrides: Record<string, unknown> = {}) {
  return MeetingFormSchema.parse({
    title: 'Sitzung Fachkräfte',
    startsAt: '2026-12-03T14:00',
    endsAt: '2026-12-03T16:00',
    location: 'Rathaus Aachen, Raum 1',
    agendaTitle: ['Begrüßung', 'Ausbildungsoffensive'],
    agendaDuration: ['10', '45'],
    agendaMeasure: [`1:${scenario.measures.platform.id}`],
    invitees: [scenario.accounts.memberA.userId, scenario.accounts.moderatorA.userId],
    ...overrides,
  });
}

async function groupMeeting(): Promise<string> {
  return createMeeting(dbOf('moderatorA'), scenario.groupA.id, form());
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { status: error.status, code: error.code };
    throw error;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  scenario = await buildScenario();
});

describe('who sees a meeting', () => {
  const READS: Record<Persona, boolean> = {
    anon: false,
    observer: false,
    memberA: true,
    memberB: false,
    moderatorA: true,
    admin: true,
  };
  for (const [persona, expected] of Object.entries(READS) as [Persona, boolean][]) {
    it(`${persona} ${expected ? 'sees' : 'does not see'} group A's meeting and its agenda`, async () => {
      const meetingId = await groupMeeting();
      const seen = await probeAs(scenario, persona, async (tx) => {
        const meetings = await attempt(tx, 'select 1 from public.meetings where meeting_id = $1', [
          meetingId,
        ]);
        const agenda = await attempt(
          tx,
          'select 1 from public.meeting_agenda_items where meeting_id = $1',
          [meetingId],
        );
        return { meetings: meetings.took, agenda: agenda.took };
      });
      expect(seen).toEqual({ meetings: expected, agenda: expected });
    });
  }

  it('an invitee outside the group is refused: invitees of a group meeting are its members', async () => {
    const error = await refusal(
      createMeeting(
        dbOf('moderatorA'),
        scenario.groupA.id,
        form({ invitees: [scenario.accounts.memberB.userId] }),
      ),
    );
    expect(error).toEqual({ status: 400, code: 'meeting_invitees_group_members' });
  });

  it('everyone signed in sees a plenary event, only admins schedule one', async () => {
    const meetingId = await createMeeting(dbOf('admin'), null, form({ invitees: [] }));
    for (const persona of ['observer', 'memberB', 'memberA'] as const) {
      const took = await probeAs(
        scenario,
        persona,
        async (tx) =>
          (await attempt(tx, 'select 1 from public.meetings where meeting_id = $1', [meetingId]))
            .took,
      );
      expect(took, persona).toBe(true);
    }
    expect(
      await refusal(createMeeting(dbOf('moderatorA'), null, form({ invitees: [] }))),
    ).toMatchObject({
      status: 403,
    });
  });
});

describe('who schedules and changes a meeting', () => {
  const SCHEDULES: Record<SignedInPersona, boolean> = {
    observer: false,
    memberA: false,
    memberB: false,
    moderatorA: true,
    admin: true,
  };
  for (const [persona, expected] of Object.entries(SCHEDULES) as [SignedInPersona, boolean][]) {
    it(`${persona} ${expected ? 'may' : 'may not'} schedule a meeting of group A`, async () => {
      const outcome = await probeAs(scenario, persona, (tx) =>
        attempt(
          tx,
          `insert into public.meetings (working_group_id, title, starts_at, ends_at)
           values ($1, 'Sondersitzung', now() + interval '1 day', now() + interval '1 day 2 hours')`,
          [scenario.groupA.id],
        ),
      );
      expect(outcome.took).toBe(expected);
    });
  }

  it('a member may not move the meeting, the moderator may; the change bumps the iCalendar sequence', async () => {
    const meetingId = await groupMeeting();
    const moved = await probeAs(scenario, 'memberA', (tx) =>
      attempt(tx, `update public.meetings set location = 'Anderswo' where meeting_id = $1`, [
        meetingId,
      ]),
    );
    expect(moved.took).toBe(false);
    await updateMeeting(dbOf('moderatorA'), meetingId, form({ location: 'IHK Aachen' }));
    const [row] = await readAsService<{ location: string; sequence: number }>(
      'select location, sequence from public.meetings where meeting_id = $1',
      [meetingId],
    );
    expect(row).toEqual({ location: 'IHK Aachen', sequence: 1 });
  });

  it('keeps the agenda in order with its durations, linked measures and start times', async () => {
    const meetingId = await groupMeeting();
    const detail = await dbOf('memberA')((tx) => getMeeting(tx, meetingId));
    expect(detail.agenda.map((item) => [item.position, item.title, item.durationMinutes])).toEqual([
      [1, 'Begrüßung', 10],
      [2, 'Ausbildungsoffensive', 45],
    ]);
    expect(detail.agenda[1]!.measures.map((m) => m.measureId)).toEqual([
      scenario.measures.platform.id,
    ]);
    expect(detail.startsAt).toBe('2026-12-03T13:00:00.000Z');
    expect(detail.agenda[1]!.startsAt).toBe('2026-12-03T13:10:00.000Z');
    expect(detail.isInvited).toBe(true);
    expect(minutesTemplate(detail.agenda)).toBe(
      'TOP 1: Begrüßung\n\nTOP 2: Ausbildungsoffensive\n\n',
    );
    expect(detail.invitees.map((invitee) => invitee.userId).sort()).toEqual(
      [scenario.accounts.memberA.userId, scenario.accounts.moderatorA.userId].sort(),
    );
  });

  it('a moderator cannot link a measure they cannot read', async () => {
    const hidden = await withService(async (tx) => {
      const { rows } = await tx.query<{ measure_id: string }>(
        `insert into public.measures (theme_id, working_group_id, title) values ($1, $2, 'Geheime Maßnahme B')
         returning measure_id`,
        [scenario.groupB.themeId, scenario.groupB.id],
      );
      return rows[0]!.measure_id;
    });
    const error = await refusal(
      createMeeting(
        dbOf('moderatorA'),
        scenario.groupA.id,
        form({ agendaMeasure: [`0:${hidden}`] }),
      ),
    );
    expect(error.status).toBe(403);
  });
});

describe('minutes lifecycle', () => {
  const setStatus = (
    persona: SignedInPersona,
    meetingId: string,
    status: 'draft' | 'approval' | 'approved',
  ) => performMeetingAction(dbOf(persona), meetingId, { intent: 'minutesStatus', status });

  /**
   * What the database answers a persona about the minutes: may they amend them
   * (can_amend_minutes), what the collab server grants on `minutes:<id>` (its access SQL, asked
   * as them), and whether their own update of the minutes text takes.
   */
  const minutesRights = (persona: SignedInPersona, meetingId: string) =>
    probeAs(scenario, persona, async (tx) => {
      const { rows } = await tx.query<{ can_amend: boolean; access: string | null }>(
        `select app_private.can_amend_minutes(d.id) as can_amend,
                ${DOCUMENT_KINDS.minutes.accessSql} as access
           from (select $1::uuid as id) d`,
        [meetingId],
      );
      const write = await attempt(
        tx,
        `update public.meetings set minutes_text = 'Nachtrag' where meeting_id = $1`,
        [meetingId],
      );
      return { canAmend: rows[0]!.can_amend, access: rows[0]!.access, writes: write.took };
    });

  const PERSONAS = ['memberA', 'moderatorA', 'admin', 'memberB', 'observer'] as const;
  const edit = { canAmend: true, access: 'edit', writes: true };
  const view = { canAmend: false, access: 'view', writes: false };
  const none = { canAmend: false, access: null, writes: false };

  async function rightsOf(meetingId: string) {
    const rights: Record<string, unknown> = {};
    for (const persona of PERSONAS) rights[persona] = await minutesRights(persona, meetingId);
    return rights;
  }

  it('the database enforces who amends the minutes in each phase, for pages and the collab server alike', async () => {
    // memberA is invited but absent, moderatorA invited and present; memberB and the observer are outsiders.
    const meetingId = await groupMeeting();
    await performMeetingAction(dbOf('moderatorA'), meetingId, {
      intent: 'attendance',
      attended: [scenario.accounts.moderatorA.userId],
    });
    expect(await rightsOf(meetingId), 'draft').toEqual({
      memberA: edit,
      moderatorA: edit,
      admin: edit,
      memberB: none,
      observer: none,
    });

    await setStatus('moderatorA', meetingId, 'approval');
    expect(await rightsOf(meetingId), 'approval').toEqual({
      memberA: view,
      moderatorA: edit,
      admin: view,
      memberB: none,
      observer: none,
    });

    await withService((tx) =>
      tx.query(
        `update public.meetings set approval_ends_at = now() - interval '1 minute' where meeting_id = $1`,
        [meetingId],
      ),
    );
    expect(await rightsOf(meetingId), 'approval window over').toEqual({
      memberA: view,
      moderatorA: view,
      admin: view,
      memberB: none,
      observer: none,
    });
  });

  it('only moderators move the minutes on; a member may not', async () => {
    const meetingId = await groupMeeting();
    expect(await refusal(setStatus('memberA', meetingId, 'approval'))).toMatchObject({
      status: 403,
    });
    await setStatus('moderatorA', meetingId, 'approval');
    const [row] = await readAsService<{ minutes_status: string; in_window: boolean }>(
      `select minutes_status, approval_ends_at between now() + interval '6 days 23 hours' and now() + interval '7 days 1 hour' as in_window
         from public.meetings where meeting_id = $1`,
      [meetingId],
    );
    expect(row).toEqual({ minutes_status: 'approval', in_window: true });
  });

  it('adopted minutes are locked for everyone, admins included, and the step back is refused', async () => {
    const meetingId = await groupMeeting();
    // The collab server renders the co-edited minutes onto the meeting as service_role.
    await withService((tx) =>
      tx.query(`update public.meetings set minutes_text = 'Endfassung' where meeting_id = $1`, [
        meetingId,
      ]),
    );
    await performMeetingAction(dbOf('moderatorA'), meetingId, {
      intent: 'attendance',
      attended: [scenario.accounts.moderatorA.userId],
    });
    await setStatus('moderatorA', meetingId, 'approval');
    await setStatus('moderatorA', meetingId, 'approved');
    expect(await rightsOf(meetingId)).toEqual({
      memberA: view,
      moderatorA: view,
      admin: view,
      memberB: none,
      observer: none,
    });
    const locked = await probeAs(scenario, 'admin', (tx) =>
      attempt(tx, `update public.meetings set minutes_text = 'Änderung' where meeting_id = $1`, [
        meetingId,
      ]),
    );
    expect(locked).toEqual({ took: false, code: '42501', constraint: 'meetings_minutes_locked' });
    const service = await withService((tx) =>
      tx
        .query(`update public.meetings set minutes_text = 'Änderung' where meeting_id = $1`, [
          meetingId,
        ])
        .then(
          () => 'took',
          (error: { constraint?: string }) => error.constraint,
        ),
    );
    expect(service).toBe('meetings_minutes_locked');
    const serviceHtml = await withService((tx) =>
      tx
        .query(
          `update public.meetings set minutes_html = '<p>Änderung</p>' where meeting_id = $1`,
          [meetingId],
        )
        .then(
          () => 'took',
          (error: { constraint?: string }) => error.constraint,
        ),
    );
    expect(serviceHtml).toBe('meetings_minutes_locked');
    expect(await refusal(setStatus('admin', meetingId, 'draft'))).toEqual({
      status: 409,
      code: 'meetings_minutes_transition',
    });
    const [row] = await readAsService<{ minutes_text: string; minutes_approved_at: Date | null }>(
      'select minutes_text, minutes_approved_at from public.meetings where meeting_id = $1',
      [meetingId],
    );
    expect(row!.minutes_text).toBe('Endfassung');
    expect(row!.minutes_approved_at).not.toBeNull();
  });

  it('the minutes status and timestamps cannot be forged on insert', async () => {
    const meetingId = await actAs(scenario, 'moderatorA', async (tx) => {
      const { rows } = await tx.query<{ meeting_id: string }>(
        `insert into public.meetings (working_group_id, title, starts_at, ends_at, minutes_status, approval_ends_at, sequence)
         values ($1, 'Gefälscht', now(), now() + interval '1 hour', 'approved', now(), 9) returning meeting_id`,
        [scenario.groupA.id],
      );
      return rows[0]!.meeting_id;
    });
    const [row] = await readAsService<{
      minutes_status: string;
      sequence: number;
      created_by: string;
    }>('select minutes_status, sequence, created_by from public.meetings where meeting_id = $1', [
      meetingId,
    ]);
    expect(row).toEqual({
      minutes_status: 'draft',
      sequence: 0,
      created_by: scenario.accounts.moderatorA.userId,
    });
  });
});
