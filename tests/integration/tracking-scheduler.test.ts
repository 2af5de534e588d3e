import { beforeAll, describe, expect, it } from 'vitest';
import { withService } from '../../app/lib/db/with-service.server';
import { runDueJobs, startTrackingScheduler } from '../../app/lib/jobs/scheduler.server';
import { getLogger } from '../../app/lib/logger.server';
import { createTestAccount } from '../fixtures/accounts';
import {
  actAs,
  buildScenario,
  createMeasure,
  readAsService,
  type Scenario,
} from '../fixtures/scenario';

let scenario: Scenario;
/** A member of group A from the lead organisation (AGIT): the one asked for check-ins. */
let leadContact: { userId: string };

beforeAll(async () => {
  scenario = await buildScenario();
  const agit = await createTestAccount({ organizationShortName: 'AGIT', displayName: 'Lea Lead' });
  leadContact = agit;
  await withService((tx) =>
    tx.query(
      `insert into public.working_group_members (working_group_id, user_id, role) values ($1, $2, 'member')`,
      [scenario.groupA.id, agit.userId],
    ),
  );
});

/** Far from the demo data's dates and from other tests' months: each test takes its own year. */
const at = (iso: string) => new Date(iso);

async function checkIns(measureId: string) {
  return readAsService<{ period: string; state: string; escalated: boolean }>(
    `select period, state, escalated_at is not null as escalated from public.check_ins where measure_id = $1 order by period`,
    [measureId],
  );
}

async function notifications(measureId: string) {
  return readAsService<{ recipient_id: string; kind: string }>(
    'select recipient_id, kind from public.notifications where measure_id = $1 order by kind, recipient_id',
    [measureId],
  );
}

describe('check-in scheduling', () => {
  it('asks a measure in progress once a month and tells the lead organisation’s people in its group', async () => {
    const measureId = await createMeasure(scenario, { status: 'in_progress' });
    const idle = await createMeasure(scenario, { status: 'agreed' });
    await runDueJobs(at('2031-03-02T08:00:00Z'));
    expect(await checkIns(measureId)).toEqual([
      { period: '2031-03', state: 'open', escalated: false },
    ]);
    expect(await checkIns(idle)).toEqual([]);
    expect(await notifications(measureId)).toEqual([
      { recipient_id: leadContact.userId, kind: 'check_in.requested' },
    ]);
    // Later in the same month: nothing new; next month: the next check-in.
    await runDueJobs(at('2031-03-20T08:00:00Z'));
    expect((await checkIns(measureId)).map((c) => c.period)).toEqual(['2031-03']);
    await runDueJobs(at('2031-04-01T08:00:00Z'));
    expect((await checkIns(measureId)).map((c) => c.period)).toEqual(['2031-03', '2031-04']);
  });

  it('follows a per-measure interval and skips paused schedules', async () => {
    const quarterly = await createMeasure(scenario, { status: 'in_progress' });
    const paused = await createMeasure(scenario, { status: 'in_progress' });
    await withService((tx) =>
      tx.query(
        `insert into public.check_in_schedules (measure_id, interval_months, anchor_month, is_paused)
         values ($1, 3, '2032-01-01', false), ($2, 1, '2032-01-01', true)`,
        [quarterly, paused],
      ),
    );
    for (const month of ['01', '02', '03', '04', '05'])
      await runDueJobs(at(`2032-${month}-03T09:00:00Z`));
    expect((await checkIns(quarterly)).map((c) => c.period)).toEqual(['2032-01', '2032-04']);
    expect(await checkIns(paused)).toEqual([]);
  });

  it('escalates a check-in unanswered after 14 days to the group’s moderators, once', async () => {
    const measureId = await createMeasure(scenario, { status: 'in_progress' });
    await runDueJobs(at('2033-06-01T08:00:00Z'));
    await runDueJobs(at('2033-06-15T08:00:00Z'));
    expect((await checkIns(measureId))[0]?.escalated).toBe(false);
    await runDueJobs(at('2033-06-16T08:00:00Z'));
    expect((await checkIns(measureId))[0]).toEqual({
      period: '2033-06',
      state: 'open',
      escalated: true,
    });
    await runDueJobs(at('2033-06-17T08:00:00Z'));
    expect(await notifications(measureId)).toEqual([
      { recipient_id: scenario.accounts.moderatorA.userId, kind: 'check_in.escalated' },
      { recipient_id: leadContact.userId, kind: 'check_in.requested' },
    ]);
  });

  it('does not escalate a check-in that was answered in time', async () => {
    const measureId = await createMeasure(scenario, { status: 'in_progress' });
    await runDueJobs(at('2034-02-01T08:00:00Z'));
    await actAs(scenario, 'memberA', (tx) =>
      tx.query(
        `update public.check_ins set state = 'submitted', assessment = 'on_track', blockers = 'Keine'
          where measure_id = $1`,
        [measureId],
      ),
    );
    await runDueJobs(at('2034-02-20T08:00:00Z'));
    expect(await checkIns(measureId)).toEqual([
      { period: '2034-02', state: 'submitted', escalated: false },
    ]);
  });

  it('sends nothing twice across a restart of the scheduler at the same time', async () => {
    const measureId = await createMeasure(scenario, { status: 'in_progress' });
    const logger = getLogger();
    const clock = () => at('2035-09-01T10:00:00Z');
    const first = startTrackingScheduler({ logger, now: clock, intervalMs: 3_600_000 });
    await first.tick();
    await first.stop();
    const before = { checkIns: await checkIns(measureId), notes: await notifications(measureId) };
    expect(before.checkIns).toHaveLength(1);
    expect(before.notes).toHaveLength(1);
    // The restarted process runs the same hour again: the job is done, and even forced re-runs
    // of the work hit the unique keys.
    const second = startTrackingScheduler({ logger, now: clock, intervalMs: 3_600_000 });
    const results = await second.tick();
    await second.stop();
    expect(results).toEqual([]);
    await withService((tx) =>
      tx.query("update app_private.jobs set done_at = null where period like '2035-09-01%'"),
    );
    await runDueJobs(clock());
    expect(await checkIns(measureId)).toEqual(before.checkIns);
    expect(await notifications(measureId)).toEqual(before.notes);
  });

  it('e-mails each notification at most once, even with two claimers', async () => {
    const measureId = await createMeasure(scenario, { status: 'in_progress' });
    await runDueJobs(at('2036-01-05T08:00:00Z'));
    const sent: string[] = [];
    const mailer = async (mail: { to: string; checkInId: string }) => {
      sent.push(mail.checkInId);
    };
    const logger = getLogger();
    const a = startTrackingScheduler({
      logger,
      now: () => at('2036-01-05T08:00:00Z'),
      intervalMs: 3_600_000,
      mailer,
    });
    const b = startTrackingScheduler({
      logger,
      now: () => at('2036-01-05T08:00:00Z'),
      intervalMs: 3_600_000,
      mailer,
    });
    await Promise.all([a.tick(), b.tick()]);
    await Promise.all([a.stop(), b.stop()]);
    const [checkIn] = await readAsService<{ check_in_id: string }>(
      'select check_in_id from public.check_ins where measure_id = $1',
      [measureId],
    );
    expect(sent.filter((id) => id === checkIn!.check_in_id)).toHaveLength(1);
  });
});

describe('check-in access', () => {
  it('members of the group answer once; nobody outside the group can, and nobody creates check-ins', async () => {
    const measureId = await createMeasure(scenario, {
      status: 'in_progress',
      visibility: 'platform',
    });
    await runDueJobs(at('2037-05-01T08:00:00Z'));
    const outsider = await actAs(scenario, 'memberB', (tx) =>
      tx.query(
        `update public.check_ins set state = 'submitted', assessment = 'blocked' where measure_id = $1`,
        [measureId],
      ),
    );
    expect(outsider.rowCount).toBe(0);
    await expect(
      actAs(scenario, 'memberA', (tx) =>
        tx.query(
          `insert into public.check_ins (measure_id, period, requested_at, due_date) values ($1, '2037-06', now(), current_date)`,
          [measureId],
        ),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    const answered = await actAs(scenario, 'memberA', (tx) =>
      tx.query(
        `update public.check_ins set state = 'submitted', assessment = 'at_risk' where measure_id = $1`,
        [measureId],
      ),
    );
    expect(answered.rowCount).toBe(1);
    await expect(
      actAs(scenario, 'memberA', (tx) =>
        tx.query(`update public.check_ins set assessment = 'on_track' where measure_id = $1`, [
          measureId,
        ]),
      ),
    ).rejects.toMatchObject({ code: '42501' });
    const [row] = await readAsService<{ submitted_by: string; assessment: string }>(
      'select submitted_by, assessment from public.check_ins where measure_id = $1',
      [measureId],
    );
    expect(row).toEqual({ submitted_by: scenario.accounts.memberA.userId, assessment: 'at_risk' });
  });
});
