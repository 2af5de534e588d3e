import { beforeAll, describe, expect, it } from 'vitest';
import { startRecordingScheduler } from '../fixtures/mail';
import { actAs, buildScenario, readAsService, type Scenario } from '../fixtures/scenario';

/** Review notifications by e-mail: sent once, in the recipient's language, with a link. */

let scenario: Scenario;

beforeAll(async () => {
  scenario = await buildScenario();
});

describe('review e-mail', () => {
  it('mails a mention once, with a link to the measure', async () => {
    const measureId = scenario.measures.group.id;
    await actAs(scenario, 'memberA', async (tx) => {
      const { rows } = await tx.query<{ thread_id: string }>(
        "insert into public.comment_threads (measure_id, quote) values ($1, 'Ziel') returning thread_id",
        [measureId],
      );
      await tx.query(
        "insert into public.comments (thread_id, measure_id, body, mentions) values ($1, $2, 'Bitte ansehen', $3)",
        [rows[0]!.thread_id, measureId, [scenario.accounts.moderatorA.userId]],
      );
    });
    const { scheduler, sent } = startRecordingScheduler({ jobs: [] });
    await scheduler.tick();
    await scheduler.tick();
    await scheduler.stop();
    const code = scenario.measures.group.code;
    expect(sent.map((mail) => [mail.to[0]!.address, mail.subject])).toEqual([
      [scenario.accounts.moderatorA.email, `Sie wurden erwähnt: ${code}`],
    ]);
    expect(sent[0]!.text).toContain(`https://werkstatt.aachen.example/massnahmen/${measureId}`);
    const [row] = await readAsService<{ emailed: boolean }>(
      "select emailed_at is not null as emailed from public.review_notifications where kind = 'mention' and measure_id = $1",
      [measureId],
    );
    expect(row!.emailed).toBe(true);
  });
});
