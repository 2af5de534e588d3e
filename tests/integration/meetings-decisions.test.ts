import { getSchema } from '@tiptap/core';
import { initProseMirrorDoc } from '@tiptap/y-tiptap';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeDocumentFromJSON } from '../../app/lib/collab/document.server';
import { DOCUMENT_FIELD, documentExtensions } from '../../app/lib/collab/editor-extensions';
import { createAnchor, passageText, resolveAnchor } from '../../app/lib/review/anchors';
import { withService } from '../../app/lib/db/with-service.server';
import { withUser } from '../../app/lib/db/with-user.server';
import { isAppError } from '../../app/lib/errors';
import { MeasureDecisionSchema, MeetingFormSchema } from '../../app/lib/meetings/meetings.schema';
import {
  createMeeting,
  listDecisionMeetings,
  listMeasureDecisions,
  performMeetingAction,
  recordDecision,
  recordMeasureDecision,
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
const schema = getSchema(documentExtensions());
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
      quote: 'Stand vor der Sitzung.',
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
      quote: '',
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
      quote: '',
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
      quote: '',
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
      quote: '',
    });
    expect(await dbOf('memberB')((tx) => listMeasureDecisions(tx, measureId))).toEqual([]);
    expect(await dbOf('admin')((tx) => listMeasureDecisions(tx, measureId))).toHaveLength(1);
  });

  it('a decision on a selected passage keeps its anchor: the passage is found after edits, and is gone once deleted', async () => {
    const measureId = await createMeasure(scenario, { status: 'draft', signed: false });
    const doc = new Y.Doc();
    Y.applyUpdate(
      doc,
      encodeDocumentFromJSON({
        type: 'doc',
        content: [
          {
            type: 'paragraph',
            content: [{ type: 'text', text: 'Botschafter besuchen zehn Schulen im Jahr.' }],
          },
        ],
      }),
    );
    const fragment = doc.getXmlFragment(DOCUMENT_FIELD);
    const selected = { from: 1 + 'Botschafter besuchen '.length, to: 0 };
    selected.to = selected.from + 'zehn Schulen'.length;
    const anchor = createAnchor(
      fragment,
      initProseMirrorDoc(fragment, schema).mapping,
      selected.from,
      selected.to,
    );
    const meetingId = await meeting('Sitzung Botschafter');
    // As the measure page's form posts it.
    const form = MeasureDecisionSchema.parse({
      meetingId,
      outcome: 'accepted',
      summary: 'Zehn Schulen im ersten Jahr.',
      ...anchor,
      quote: ' zehn\n Schulen ',
    });
    await recordMeasureDecision(dbOf('moderatorA'), measureId, form);

    const [decision] = await dbOf('memberA')((tx) => listMeasureDecisions(tx, measureId));
    expect(decision).toMatchObject({
      meetingId,
      passage: 'zehn Schulen',
      anchorStart: anchor.anchorStart,
      anchorEnd: anchor.anchorEnd,
      versionName: 'Stand nach Sitzung Sitzung Botschafter',
    });
    // Someone types in front of the passage: the stored anchor still finds it.
    ((fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Ab 2027: ');
    const edited = initProseMirrorDoc(fragment, schema);
    const stored = { anchorStart: decision!.anchorStart!, anchorEnd: decision!.anchorEnd! };
    const range = resolveAnchor(doc, fragment, edited.mapping, stored);
    expect(passageText(edited.doc, range!)).toBe('zehn Schulen');
    // Its text deleted: the measure page says "Bezug gelöscht".
    ((fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(
      'Ab 2027: Botschafter besuchen '.length,
      'zehn Schulen'.length,
    );
    const gone = initProseMirrorDoc(fragment, schema);
    expect(resolveAnchor(doc, fragment, gone.mapping, stored)).toBeNull();
  });

  it('half an anchor is refused with a German message by the form and by the database', async () => {
    const meetingId = await meeting();
    const parsed = MeasureDecisionSchema.safeParse({
      meetingId,
      outcome: 'accepted',
      summary: 'Halber Bezug.',
      anchorStart: 'AAAA',
      quote: 'etwas',
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['anchorStart', 'review.error.anchor'],
    ]);
    const measureId = await createMeasure(scenario, { status: 'draft', signed: false });
    const insert = probeAs(scenario, 'moderatorA', async (tx) => {
      const { rows } = await tx.query<{ version_id: string }>(
        `insert into public.measure_versions (measure_id, name, kind) values ($1, 'x', 'manual') returning version_id`,
        [measureId],
      );
      return tx.query(
        `insert into public.meeting_decisions (meeting_id, measure_id, version_id, outcome, summary, anchor_start)
         values ($1, $2, $3, 'accepted', 'Halber Bezug', '\\x0102')`,
        [meetingId, measureId, rows[0]!.version_id],
      );
    });
    await expect(insert).rejects.toMatchObject({
      code: '23514',
      constraint: 'meeting_decisions_anchor_paired',
    });
  });

  it("the measure page offers the group's meetings with open minutes to their managers only", async () => {
    const measureId = await createMeasure(scenario, { status: 'draft', signed: false });
    const open = await meeting('Offene Sitzung');
    const closed = await meeting('Beschlossene Sitzung');
    for (const status of ['approval', 'approved'] as const) {
      await performMeetingAction(dbOf('moderatorA'), closed, { intent: 'minutesStatus', status });
    }
    const offered = await dbOf('moderatorA')((tx) => listDecisionMeetings(tx, measureId));
    expect(offered.map((m) => m.meetingId)).toContain(open);
    expect(offered.map((m) => m.meetingId)).not.toContain(closed);
    expect(await dbOf('memberA')((tx) => listDecisionMeetings(tx, measureId))).toEqual([]);
    expect(await dbOf('memberB')((tx) => listDecisionMeetings(tx, measureId))).toEqual([]);
  });
});
