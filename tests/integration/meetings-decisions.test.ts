import { beforeAll, describe, expect, it } from 'vitest';
import { withService } from '../../app/lib/db/with-service.server';
import { withUser } from '../../app/lib/db/with-user.server';
import { isAppError } from '../../app/lib/errors';
import { MeetingFormSchema } from '../../app/lib/meetings/meetings.schema';
import {
  createMeeting,
  listMeasureDecisions,
  performMeetingAction,
  recordDecision,
} from '../../app/lib/meetings/meetings.server';
import type { UserDb } from '../../app/lib/measures/measures.server';
import {
  attempt,
  buildScenario,
  createMeasure,
  probeAs,
  readAsService,
  type Scenario,
  type SignedInPersona,
} from '../fixtures/scenario';

/** Decisions: recording one stores a named measure version and links it; who may record and read. */

let scenario: Scenario;
const dbOf =
  (persona: SignedInPersona): UserDb =>
  (fn) =>
    withUser(scenario.accounts[persona].claims, fn);

async function meeting(title = 'Sitzung 3'): Promise<string> {
  return createMeeting(
    dbOf('moderatorA'),
    scenario.groupA.id,
    MeetingFormSchema.parse({
      title,
      startsAt: '2026-12-10T10:00',
      endsAt: '2026-12-10T12:00',
      invitees: [scenario.accounts.memberA.userId],
      agendaTitle: ['Ausbildung'],
      agendaDuration: ['30'],
    }),
  );
}

beforeAll(async () => {
  scenario = await buildScenario();
});

describe('decisions', () => {
  it('recording a decision stores "Stand nach Sitzung <Titel>" with the current text and links it', async () => {
    const measureId = await createMeasure(scenario, { status: 'draft', signed: false });
    await withService((tx) =>
      tx.query(
        `update public.measures set content_html = '<p>Stand vor der Sitzung.</p>' where measure_id = $1`,
        [measureId],
      ),
    );
    const meetingId = await meeting('Sitzung Ausbildung');
    const decisionId = await recordDecision(dbOf('moderatorA'), meetingId, {
      measureId,
      outcome: 'accepted',
      summary: 'Die Ausbildungsoffensive wird wie beschrieben umgesetzt.',
      passage: 'Stand vor der Sitzung.',
    });
    const [row] = await readAsService<{
      name: string;
      kind: string;
      content_html: string;
      created_by: string;
      recorded_by: string;
    }>(
      `select v.name, v.kind, v.content_html, v.created_by, d.recorded_by
         from public.meeting_decisions d join public.measure_versions v on v.version_id = d.version_id
        where d.decision_id = $1`,
      [decisionId],
    );
    expect(row).toEqual({
      name: 'Stand nach Sitzung Sitzung Ausbildung',
      kind: 'manual',
      content_html: '<p>Stand vor der Sitzung.</p>',
      created_by: scenario.accounts.moderatorA.userId,
      recorded_by: scenario.accounts.moderatorA.userId,
    });

    // A later edit does not change what the decision settled.
    await withService((tx) =>
      tx.query(
        `update public.measures set content_html = '<p>Später geändert.</p>' where measure_id = $1`,
        [measureId],
      ),
    );
    const decisions = await dbOf('memberA')((tx) => listMeasureDecisions(tx, measureId));
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      meetingId,
      meetingTitle: 'Sitzung Ausbildung',
      outcome: 'accepted',
      passage: 'Stand vor der Sitzung.',
      versionName: 'Stand nach Sitzung Sitzung Ausbildung',
    });
    const [pinned] = await readAsService<{ content_html: string }>(
      'select content_html from public.measure_versions where version_id = $1',
      [decisions[0]!.versionId],
    );
    expect(pinned!.content_html).toBe('<p>Stand vor der Sitzung.</p>');
  });

  it('a member may not record a decision, and nothing is stored', async () => {
    const measureId = await createMeasure(scenario, { status: 'draft', signed: false });
    const meetingId = await meeting();
    const error = await recordDecision(dbOf('memberA'), meetingId, {
      measureId,
      outcome: 'deferred',
      summary: 'Vertagt auf die nächste Sitzung.',
      passage: '',
    }).catch((caught: unknown) => caught);
    expect(isAppError(error) && error.status).toBe(403);
    const versions = await readAsService(
      'select 1 from public.measure_versions where measure_id = $1',
      [measureId],
    );
    expect(versions).toHaveLength(0);
  });

  it('a decision cannot point at a version of another measure', async () => {
    const measureId = await createMeasure(scenario, { status: 'draft', signed: false });
    const other = await createMeasure(scenario, { status: 'draft', signed: false });
    const meetingId = await meeting();
    const outcome = await probeAs(scenario, 'moderatorA', async (tx) => {
      const { rows } = await tx.query<{ version_id: string }>(
        `insert into public.measure_versions (measure_id, name, kind) values ($1, 'x', 'manual') returning version_id`,
        [other],
      );
      return attempt(
        tx,
        `insert into public.meeting_decisions (meeting_id, measure_id, version_id, outcome, summary)
         values ($1, $2, $3, 'accepted', 'Falsch verknüpft')`,
        [meetingId, measureId, rows[0]!.version_id],
      );
    });
    expect(outcome).toMatchObject({ took: false, code: '42501' });
  });

  it('adopted minutes take no more decisions; decisions are never changed or deleted', async () => {
    const measureId = await createMeasure(scenario, { status: 'draft', signed: false });
    const meetingId = await meeting();
    const decisionId = await recordDecision(dbOf('moderatorA'), meetingId, {
      measureId,
      outcome: 'rejected',
      summary: 'Abgelehnt, weil es das Netzwerk schon gibt.',
      passage: '',
    });
    for (const sql of [
      `update public.meeting_decisions set outcome = 'accepted' where decision_id = $1`,
      'delete from public.meeting_decisions where decision_id = $1',
    ]) {
      const outcome = await probeAs(scenario, 'admin', (tx) => attempt(tx, sql, [decisionId]));
      expect(outcome.took, sql).toBe(false);
    }
    await performMeetingAction(dbOf('moderatorA'), meetingId, {
      intent: 'minutesStatus',
      status: 'approval',
    });
    await performMeetingAction(dbOf('moderatorA'), meetingId, {
      intent: 'minutesStatus',
      status: 'approved',
    });
    const error = await recordDecision(dbOf('moderatorA'), meetingId, {
      measureId,
      outcome: 'accepted',
      summary: 'Zu spät.',
      passage: '',
    }).catch((caught: unknown) => caught);
    expect(isAppError(error) && [error.status, error.code]).toEqual([
      409,
      'meeting_decisions_minutes_locked',
    ]);
  });

  it("another group's member sees neither the meeting's decisions nor them on the measure", async () => {
    const measureId = await createMeasure(scenario, { status: 'draft', visibility: 'platform' });
    const meetingId = await meeting();
    await recordDecision(dbOf('moderatorA'), meetingId, {
      measureId,
      outcome: 'accepted',
      summary: 'Angenommen.',
      passage: '',
    });
    expect(await dbOf('memberB')((tx) => listMeasureDecisions(tx, measureId))).toEqual([]);
    expect(await dbOf('admin')((tx) => listMeasureDecisions(tx, measureId))).toHaveLength(1);
  });
});
