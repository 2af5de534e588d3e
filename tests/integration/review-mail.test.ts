import nodemailer from 'nodemailer';
import { beforeAll, describe, expect, it } from 'vitest';
import { createReviewMailer, type MailTransport } from '../../app/lib/jobs/mail.server';
import { startTrackingScheduler } from '../../app/lib/jobs/scheduler.server';
import { getLogger } from '../../app/lib/logger.server';
import { actAs, buildScenario, readAsService, type Scenario } from '../fixtures/scenario';

/** Review notifications by e-mail: sent once, in the recipient's language, with a link. */

interface SentMail {
  to: { address: string }[];
  subject: string;
  text: string;
}

function recordingTransport(): { transport: MailTransport; sent: SentMail[] } {
  // nodemailer's JSON transport: the real message building, recorded instead of sent.
  const real = nodemailer.createTransport({ jsonTransport: true });
  const sent: SentMail[] = [];
  return {
    sent,
    transport: {
      sendMail: async (message) => {
        const info = (await real.sendMail(message)) as { message: string };
        sent.push(JSON.parse(info.message) as SentMail);
        return info;
      },
    },
  };
}

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
    const { transport, sent } = recordingTransport();
    const scheduler = startTrackingScheduler({
      logger: getLogger(),
      jobs: [],
      intervalMs: 3_600_000,
      reviewMailer: createReviewMailer({
        transport,
        from: 'werkstatt@aachen.example',
        publicUrl: 'https://werkstatt.aachen.example',
      }),
    });
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
