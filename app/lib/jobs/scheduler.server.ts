import type { Logger } from 'pino';
// The scheduler acts for nobody: it asks every measure in progress, which no user's RLS shows
// in full. It is the one background writer besides collab persistence that runs as service_role.
// eslint-disable-next-line no-restricted-imports -- see the comment above; request code never imports this module
import { withService } from '../db/with-service.server';
import type { Tx } from '../db/with-user.server';
import { claimMails, runCheckIns, type OutgoingMail } from './check-ins.server';
import { queueMeetingReminders } from '../meetings/reminders.server';
import { claimReviewMails, type ReviewMail } from './review-mails.server';

export interface JobDefinition {
  kind: string;
  /** The period a run at `now` belongs to; one run per kind and period, ever. */
  period(now: Date): string;
  /** The work, inside the transaction that marks the run done (all or nothing). */
  run(tx: Tx, now: Date): Promise<Record<string, number>>;
}

/** Hourly: check-ins are asked on the first run of a month, escalations within the hour they fall due. */
export const CHECK_IN_JOB: JobDefinition = {
  kind: 'check_ins',
  period: (now) => now.toISOString().slice(0, 13),
  run: async (tx, now) => ({ ...(await runCheckIns(tx, now)) }),
};

/** Every quarter hour: invitees of meetings starting within a day are reminded (once, see the unique index). */
export const MEETING_REMINDER_JOB: JobDefinition = {
  kind: 'meeting_reminders',
  period: (now) => {
    const quarter = Math.floor(now.getUTCMinutes() / 15) * 15;
    return `${now.toISOString().slice(0, 14)}${String(quarter).padStart(2, '0')}`;
  },
  run: async (tx, now) => ({ reminders: await queueMeetingReminders(tx, now) }),
};

export const SCHEDULED_JOBS: readonly JobDefinition[] = [CHECK_IN_JOB, MEETING_REMINDER_JOB];

export interface JobResult {
  kind: string;
  period: string;
  outcome: 'done' | 'failed';
  counts?: Record<string, number>;
  error?: unknown;
}

const RETRY_AFTER_MS = 5 * 60_000;
const MAX_RUNS_PER_TICK = 20;

/**
 * Enqueues the current period of every job (a no-op if it exists) and runs the due ones. A run is
 * claimed with `for update skip locked` and stays locked until its transaction commits together
 * with `done_at` — so a second instance skips it, a crash rolls the work back with the claim, and
 * a restart never runs a done period again. A failed run is retried after five minutes.
 */
export async function runDueJobs(
  now: Date,
  jobs: readonly JobDefinition[] = SCHEDULED_JOBS,
): Promise<JobResult[]> {
  await withService(async (tx) => {
    // Done runs are kept 90 days (what ran when), then dropped so the table stays small.
    await tx.query(
      "delete from app_private.jobs where done_at < $1::timestamptz - interval '90 days'",
      [now],
    );
    for (const job of jobs) {
      await tx.query(
        `insert into app_private.jobs (kind, period, run_after) values ($1, $2, $3)
         on conflict (kind, period) do nothing`,
        [job.kind, job.period(now), now],
      );
    }
  });
  const byKind = new Map(jobs.map((job) => [job.kind, job]));
  const results: JobResult[] = [];
  const skipped: number[] = [];
  for (let index = 0; index < MAX_RUNS_PER_TICK; index += 1) {
    const result = await withService(async (tx) => {
      const { rows } = await tx.query<{ job_id: number; kind: string; period: string }>(
        `select job_id, kind, period from app_private.jobs
          where done_at is null and run_after <= $1 and kind = any($2::text[]) and not (job_id = any($3::bigint[]))
          order by run_after, job_id
          limit 1
          for update skip locked`,
        [now, [...byKind.keys()], skipped],
      );
      const claimed = rows[0];
      if (!claimed) return null;
      const job = byKind.get(claimed.kind)!;
      await tx.query('savepoint job');
      try {
        const counts = await job.run(tx, now);
        await tx.query(
          'update app_private.jobs set done_at = $2, attempts = attempts + 1, last_error = null where job_id = $1',
          [claimed.job_id, now],
        );
        return { jobId: claimed.job_id, kind: claimed.kind, period: claimed.period, counts };
      } catch (error) {
        await tx.query('rollback to savepoint job');
        await tx.query(
          `update app_private.jobs
              set attempts = attempts + 1, last_error = left($2, 500), run_after = $3
            where job_id = $1`,
          [
            claimed.job_id,
            error instanceof Error ? error.message : String(error),
            new Date(now.getTime() + RETRY_AFTER_MS),
          ],
        );
        return { jobId: claimed.job_id, kind: claimed.kind, period: claimed.period, error };
      }
    });
    if (!result) break;
    skipped.push(result.jobId);
    results.push(
      'error' in result
        ? { kind: result.kind, period: result.period, outcome: 'failed', error: result.error }
        : { kind: result.kind, period: result.period, outcome: 'done', counts: result.counts },
    );
  }
  return results;
}

/** Sends e-mail for notifications; only when SMTP (or another transport) is configured. */
export type Mailer = (mail: OutgoingMail) => Promise<void>;

export interface SchedulerOptions {
  logger: Logger;
  /** How often to look for due jobs (default: every minute). */
  intervalMs?: number;
  /** The clock (tests move it). */
  now?: () => Date;
  mailer?: Mailer;
  /** E-mails the inbox's notifications: review and meetings (same SMTP settings). */
  reviewMailer?: (mail: ReviewMail) => Promise<void>;
  jobs?: readonly JobDefinition[];
}

export interface TrackingScheduler {
  /** Runs one pass now (also what the timer does). */
  tick(): Promise<JobResult[]>;
  /** Stops the timer and waits for a running pass. */
  stop(): Promise<void>;
}

/**
 * The one background loop of the app process: every `intervalMs` it runs the due jobs (check-ins,
 * escalations, meeting reminders) and, with mailers, sends the notifications' e-mails. Start it once, from the
 * Node entry, after migrating; `stop()` before closing the database.
 */
export function startTrackingScheduler(options: SchedulerOptions): TrackingScheduler {
  const {
    logger,
    intervalMs = 60_000,
    now = () => new Date(),
    mailer,
    reviewMailer,
    jobs,
  } = options;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<JobResult[]> | undefined;
  let isStopped = false;

  const pass = async (): Promise<JobResult[]> => {
    const at = now();
    const results = await runDueJobs(at, jobs);
    for (const result of results) {
      if (result.outcome === 'done')
        logger.info({ job: result.kind, period: result.period, ...result.counts }, 'job done');
      else
        logger.error({ job: result.kind, period: result.period, err: result.error }, 'job failed');
    }
    if (mailer) {
      const mails = await withService((tx) => claimMails(tx, at));
      for (const mail of mails) {
        await mailer(mail).catch((error: unknown) =>
          logger.error(
            { err: error, checkInId: mail.checkInId },
            'sending a check-in e-mail failed',
          ),
        );
      }
    }
    if (reviewMailer) {
      const mails = await withService((tx) => claimReviewMails(tx, at));
      for (const mail of mails) {
        await reviewMailer(mail).catch((error: unknown) =>
          logger.error(
            { err: error, notificationId: mail.notificationId, kind: mail.kind },
            'sending a notification e-mail failed',
          ),
        );
      }
    }
    return results;
  };

  const tick = (): Promise<JobResult[]> => {
    running ??= pass().finally(() => {
      running = undefined;
    });
    return running;
  };

  const schedule = () => {
    if (isStopped) return;
    timer = setTimeout(() => {
      tick()
        .catch((error: unknown) => logger.error({ err: error }, 'scheduler pass failed'))
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };

  void tick()
    .catch((error: unknown) => logger.error({ err: error }, 'scheduler pass failed'))
    .finally(schedule);

  return {
    tick,
    stop: async () => {
      isStopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
