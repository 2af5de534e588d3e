import { beforeAll, describe, expect, it } from 'vitest';
import { withService } from '../../app/lib/db/with-service.server';
import { countMyOpenTasks } from '../../app/lib/tracking/tracking.server';
import {
  attempt,
  buildScenario,
  createMeasure,
  PERSONAS,
  probeAs,
  readAsService,
  type Persona,
  type Scenario,
} from '../fixtures/scenario';

let scenario: Scenario;
let indicatorId: string;
let publicIndicatorId: string;

const GROUP_A: readonly Persona[] = ['memberA', 'moderatorA', 'admin'];
const MODERATORS: readonly Persona[] = ['moderatorA', 'admin'];
const SIGNED_IN: readonly Persona[] = ['observer', 'memberA', 'memberB', 'moderatorA', 'admin'];

beforeAll(async () => {
  scenario = await buildScenario();
  await withService(async (tx) => {
    const { rows } = await tx.query<{ indicator_id: string; measure_id: string }>(
      `insert into public.indicators (measure_id, name, baseline_value, target_value)
       values ($1, 'Teilnehmende Betriebe', 0, 10), ($2, 'Öffentlicher Indikator', 0, 10)
       returning indicator_id, measure_id`,
      [scenario.measures.platform.id, scenario.measures.public.id],
    );
    indicatorId = rows.find(
      (row) => row.measure_id === scenario.measures.platform.id,
    )!.indicator_id;
    publicIndicatorId = rows.find(
      (row) => row.measure_id === scenario.measures.public.id,
    )!.indicator_id;
    await tx.query(
      `insert into public.milestones (measure_id, title, due_date) values
         ($1, 'Meilenstein geteilt', '2030-01-01'), ($2, 'Meilenstein öffentlich', '2030-01-01'),
         ($3, 'Meilenstein Gruppe', '2030-01-01')`,
      [scenario.measures.platform.id, scenario.measures.public.id, scenario.measures.group.id],
    );
  });
});

const who = async (
  allowed: readonly Persona[],
  run: (persona: Persona) => Promise<{ took: boolean }>,
) => {
  const outcome: Record<string, boolean> = {};
  for (const persona of PERSONAS) outcome[persona] = (await run(persona)).took;
  expect(outcome).toEqual(Object.fromEntries(PERSONAS.map((p) => [p, allowed.includes(p)])));
};

describe('milestones', () => {
  it('are read by the readers of their measure: group drafts by group A, public ones by everyone', async () => {
    const read = (title: string) => (persona: Persona) =>
      probeAs(scenario, persona, (tx) =>
        attempt(tx, 'select milestone_id, title from public.milestones where title = $1', [title]),
      );
    await who(GROUP_A, read('Meilenstein Gruppe'));
    await who(SIGNED_IN, read('Meilenstein geteilt'));
    await who(PERSONAS, read('Meilenstein öffentlich'));
  });

  it('are added, changed and removed by the writers of their measure only', async () => {
    const measureId = scenario.measures.platform.id;
    await who(GROUP_A, (persona) =>
      probeAs(scenario, persona, (tx) =>
        attempt(
          tx,
          `insert into public.milestones (measure_id, title, due_date) values ($1, 'Neu', '2031-01-01')`,
          [measureId],
        ),
      ),
    );
    await who(GROUP_A, (persona) =>
      probeAs(scenario, persona, (tx) =>
        attempt(
          tx,
          "update public.milestones set done_date = '2030-01-02' where title = 'Meilenstein geteilt'",
        ),
      ),
    );
    await who(GROUP_A, (persona) =>
      probeAs(scenario, persona, (tx) =>
        attempt(tx, "delete from public.milestones where title = 'Meilenstein geteilt'"),
      ),
    );
  });

  it('record the signed-in author, whatever the client sends', async () => {
    const author = await probeAs(scenario, 'memberA', async (tx) => {
      const { rows } = await tx.query<{ created_by: string }>(
        `insert into public.milestones (measure_id, title, due_date, created_by)
         values ($1, 'Untergeschoben', '2031-01-01', $2) returning created_by`,
        [scenario.measures.platform.id, scenario.accounts.admin.userId],
      );
      return rows[0]!.created_by;
    });
    expect(author).toBe(scenario.accounts.memberA.userId);
  });
});

describe('indicators and their values', () => {
  it('values are recorded by writers of the measure, with the enterer set from the session', async () => {
    await who(GROUP_A, (persona) =>
      probeAs(scenario, persona, (tx) =>
        attempt(
          tx,
          `insert into public.indicator_values (indicator_id, measure_id, value, measured_date, source)
           values ($1, $2, 3, '2030-02-01', 'Umfrage')`,
          [indicatorId, scenario.measures.platform.id],
        ),
      ),
    );
    const enteredBy = await probeAs(scenario, 'moderatorA', async (tx) => {
      const { rows } = await tx.query<{ entered_by: string }>(
        `insert into public.indicator_values (indicator_id, measure_id, value, measured_date, entered_by)
         values ($1, $2, 4, '2030-03-01', $3) returning entered_by`,
        [indicatorId, scenario.measures.platform.id, scenario.accounts.admin.userId],
      );
      return rows[0]!.entered_by;
    });
    expect(enteredBy).toBe(scenario.accounts.moderatorA.userId);
  });

  it('a value cannot be filed under another measure than its indicator’s', async () => {
    await expect(
      probeAs(scenario, 'admin', (tx) =>
        tx.query(
          `insert into public.indicator_values (indicator_id, measure_id, value, measured_date)
           values ($1, $2, 1, '2030-01-01')`,
          [publicIndicatorId, scenario.measures.platform.id],
        ),
      ),
    ).rejects.toMatchObject({ code: '23503', constraint: 'indicator_values_indicator_fkey' });
  });

  it('indicators are defined by writers of the measure only', async () => {
    await who(GROUP_A, (persona) =>
      probeAs(scenario, persona, (tx) =>
        attempt(
          tx,
          `insert into public.indicators (measure_id, name) values ($1, 'Neuer Indikator')`,
          [scenario.measures.platform.id],
        ),
      ),
    );
  });
});

describe('classification', () => {
  it('writers score a measure; only its moderators and admins record the decision', async () => {
    const measureId = scenario.measures.platform.id;
    await who(GROUP_A, (persona) =>
      probeAs(scenario, persona, (tx) =>
        attempt(
          tx,
          `insert into public.measure_assessments (measure_id, impact, effort, time_to_result, dependencies, funding_readiness)
           values ($1, 3, 2, 1, 2, 4)`,
          [measureId],
        ),
      ),
    );
    await who(MODERATORS, (persona) =>
      probeAs(scenario, persona, (tx) =>
        attempt(
          tx,
          `insert into public.classification_decisions (measure_id, kind, reason)
           values ($1, 'quick_win', 'Schnell sichtbar und finanziert.')`,
          [measureId],
        ),
      ),
    );
  });

  it('a decision sets the measure’s kind and is kept with its reason and author', async () => {
    const measureId = await createMeasure(scenario, { status: 'draft' });
    await probeAs(scenario, 'moderatorA', async (tx) => {
      await tx.query(
        `insert into public.classification_decisions (measure_id, kind, suggested_kind, reason)
         values ($1, 'quick_win', 'quick_win', 'Ergebnis in drei Monaten sichtbar.')`,
        [measureId],
      );
      const { rows } = await tx.query<{ kind: string; decided_by: string }>(
        `select m.kind, d.decided_by from public.measures m
           join public.classification_decisions d on d.measure_id = m.measure_id where m.measure_id = $1`,
        [measureId],
      );
      expect(rows).toEqual([
        { kind: 'quick_win', decided_by: scenario.accounts.moderatorA.userId },
      ]);
    });
  });

  it('decisions and assessments are history: nobody changes or removes them', async () => {
    for (const persona of ['moderatorA', 'admin'] as const) {
      const outcome = await probeAs(scenario, persona, async (tx) => ({
        update: await attempt(
          tx,
          "update public.classification_decisions set reason = 'Anders begründet, nachträglich.'",
        ),
        remove: await attempt(tx, 'delete from public.measure_assessments'),
      }));
      expect(outcome.update.took).toBe(false);
      expect(outcome.remove.took).toBe(false);
    }
  });
});

describe('check-in schedules and notifications', () => {
  it('only moderators and admins set a measure’s check-in schedule', async () => {
    await who(MODERATORS, (persona) =>
      probeAs(scenario, persona, (tx) =>
        attempt(
          tx,
          'insert into public.check_in_schedules (measure_id, interval_months) values ($1, 3)',
          [scenario.measures.platform.id],
        ),
      ),
    );
  });

  it('a schedule records who changed it last', async () => {
    const measureId = scenario.measures.group.id;
    await withService((tx) =>
      tx.query(
        'insert into public.check_in_schedules (measure_id, interval_months) values ($1, 2)',
        [measureId],
      ),
    );
    const editor = await probeAs(scenario, 'moderatorA', async (tx) => {
      const { rows } = await tx.query<{ updated_by: string }>(
        `update public.check_in_schedules set interval_months = 3, updated_by = $2
          where measure_id = $1 returning updated_by`,
        [measureId, scenario.accounts.admin.userId],
      );
      return rows[0]?.updated_by;
    });
    expect(editor).toBe(scenario.accounts.moderatorA.userId);
  });

  it('a notification is read and marked read by its recipient only, and nothing else about it changes', async () => {
    const measureId = scenario.measures.group.id;
    const notificationId = await withService(async (tx) => {
      const { rows } = await tx.query<{ check_in_id: string }>(
        `insert into public.check_ins (measure_id, period, requested_at, due_date)
         values ($1, '2030-01', now(), '2030-01-15') returning check_in_id`,
        [measureId],
      );
      const { rows: notes } = await tx.query<{ notification_id: string }>(
        `insert into public.notifications (recipient_id, kind, check_in_id, measure_id, created_at)
         values ($1, 'check_in.requested', $2, $3, now()) returning notification_id`,
        [scenario.accounts.memberA.userId, rows[0]!.check_in_id, measureId],
      );
      return notes[0]!.notification_id;
    });
    await who(['memberA'], (persona) =>
      probeAs(scenario, persona, (tx) =>
        attempt(tx, 'select notification_id from public.notifications where notification_id = $1', [
          notificationId,
        ]),
      ),
    );
    await who(['memberA'], (persona) =>
      probeAs(scenario, persona, (tx) =>
        attempt(tx, 'update public.notifications set read_at = now() where notification_id = $1', [
          notificationId,
        ]),
      ),
    );
    const refused = await probeAs(scenario, 'memberA', (tx) =>
      attempt(
        tx,
        "update public.notifications set kind = 'check_in.escalated' where notification_id = $1",
        [notificationId],
      ),
    );
    expect(refused).toMatchObject({ took: false, code: '42501' });
    expect(await probeAs(scenario, 'memberA', countMyOpenTasks)).toBe(1);
    expect(await probeAs(scenario, 'moderatorA', countMyOpenTasks)).toBe(0);
    const [row] = await readAsService<{ kind: string }>(
      'select kind from public.notifications where notification_id = $1',
      [notificationId],
    );
    expect(row?.kind).toBe('check_in.requested');
  });
});
