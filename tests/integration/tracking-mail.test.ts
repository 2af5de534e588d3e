import { beforeAll, describe, expect, it } from 'vitest';
import { withService } from '../../app/lib/db/with-service.server';
import { createCheckInMailer } from '../../app/lib/jobs/mail.server';
import { runDueJobs, startTrackingScheduler } from '../../app/lib/jobs/scheduler.server';
import { getLogger } from '../../app/lib/logger.server';
import { createTestAccount, type TestAccount } from '../fixtures/accounts';
import { recordingTransport } from '../fixtures/mail';
import { buildScenario, createMeasure, type Scenario } from '../fixtures/scenario';

let scenario: Scenario;
let leadContact: TestAccount;

beforeAll(async () => {
  scenario = await buildScenario();
  leadContact = await createTestAccount({ organizationShortName: 'AGIT', displayName: 'Lea Lead' });
  await withService((tx) =>
    tx.query(
      "insert into public.working_group_members (working_group_id, user_id, role) values ($1, $2, 'member')",
      [scenario.groupA.id, leadContact.userId],
    ),
  );
});

describe('check-in e-mail', () => {
  it('asks the lead contact by e-mail with a link, tells the moderator on escalation, and never mails twice', async () => {
    const measureId = await createMeasure(scenario, { status: 'in_progress' });
    const [{ code }] = (await withService(
      async (tx) =>
        (
          await tx.query<{ code: string }>(
            'select code from public.measures where measure_id = $1',
            [measureId],
          )
        ).rows,
    )) as [{ code: string }];
    const { transport, sent } = recordingTransport();
    const mailer = createCheckInMailer({
      transport,
      from: 'werkstatt@aachen.example',
      publicUrl: 'https://werkstatt.aachen.example',
    });
    const logger = getLogger();
    let now = new Date('2038-03-02T08:00:00Z');
    const scheduler = startTrackingScheduler({
      logger,
      now: () => now,
      mailer,
      intervalMs: 3_600_000,
    });
    await scheduler.tick();
    const mine = () => sent.filter((mail) => mail.subject.endsWith(code));
    expect(mine()).toHaveLength(1);
    expect(mine()[0]).toMatchObject({
      from: { address: 'werkstatt@aachen.example' },
      to: [{ address: leadContact.email }],
      subject: `Check-in erbeten: ${code}`,
    });
    expect(mine()[0]!.text).toMatch(/bis zum 16\.03\.2038/);
    expect(mine()[0]!.text).toMatch(
      /https:\/\/werkstatt\.aachen\.example\/check-ins\/[0-9a-f-]{36}/,
    );

    await scheduler.tick();
    expect(mine()).toHaveLength(1);

    now = new Date('2038-03-17T08:00:00Z');
    await scheduler.tick();
    await scheduler.stop();
    expect(mine().map((mail) => [mail.to[0]!.address, mail.subject])).toEqual([
      [leadContact.email, `Check-in erbeten: ${code}`],
      [scenario.accounts.moderatorA.email, `Check-in versäumt: ${code}`],
    ]);
  });

  it('mails nothing older than two days when a mailer is configured later', async () => {
    const measureId = await createMeasure(scenario, { status: 'in_progress' });
    await runDueJobs(new Date('2039-01-04T08:00:00Z'));
    const { transport, sent } = recordingTransport();
    const mailer = createCheckInMailer({
      transport,
      from: 'werkstatt@aachen.example',
      publicUrl: 'https://werkstatt.aachen.example',
    });
    const scheduler = startTrackingScheduler({
      logger: getLogger(),
      now: () => new Date('2039-01-10T08:00:00Z'),
      mailer,
      intervalMs: 3_600_000,
    });
    await scheduler.tick();
    await scheduler.stop();
    expect(sent).toEqual([]);
    const rows = await withService(
      async (tx) =>
        (
          await tx.query<{ emailed: boolean }>(
            'select emailed_at is not null as emailed from public.notifications where measure_id = $1',
            [measureId],
          )
        ).rows,
    );
    expect(rows).toEqual([{ emailed: false }]);
  });
});
