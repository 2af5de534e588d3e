import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { EnvError, getEnv } from '~/lib/env.server';
import { getDatabase } from '~/lib/db/client.server';
import { migrate } from '~/lib/db/migrate.server';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seed } from '~/lib/db/seed.server';
import { createCheckInMailer, createReviewMailer, smtpTransport } from '~/lib/jobs/mail.server';
import { startTrackingScheduler } from '~/lib/jobs/scheduler.server';
import { getLogger } from '~/lib/logger.server';
import { createAppServer, loadServerBuild } from './app-server';
import { registerCollabDocuments } from './collab/documents-control.server';
import { CollabServer } from './collab/collab-server';
import { COLLAB_PATH_PREFIX } from '~/lib/collab/protocol';

/** Starts the app: configuration, database (migrated, seeded outside production), HTTP and collab servers. */
export async function serve({ isDev }: { isDev: boolean }) {
  let env;
  try {
    env = getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = getLogger();
  const started = performance.now();

  const database = await getDatabase();
  const migration = await migrate(database);
  logger.info(
    {
      database: database.kind,
      applied: migration.applied.length,
      ms: Math.round(performance.now() - started),
    },
    'database ready',
  );
  if (!env.isProduction) {
    const { createdAccounts } = await seed(database);
    if (createdAccounts.length > 0) {
      console.log('\nDemo-Zugänge (nur für die Demo) / demo logins (demo only):');
      for (const account of DEMO_ACCOUNTS)
        console.log(`  ${account.label.padEnd(20)} ${account.email}`);
      console.log(`  Passwort / password:  ${DEMO_PASSWORD}\n`);
    }
  }

  // Check-in requests and escalations on a schedule (Postgres jobs: no double-sending after
  // restarts); with SMTP also their e-mails and those of review notifications.
  const mail =
    env.SMTP_URL && env.PUBLIC_URL
      ? { transport: smtpTransport(env.SMTP_URL), from: env.MAIL_FROM, publicUrl: env.PUBLIC_URL }
      : null;
  const scheduler = startTrackingScheduler({
    logger,
    mailer: mail ? createCheckInMailer(mail) : undefined,
    reviewMailer: mail ? createReviewMailer(mail) : undefined,
  });

  const collab = new CollabServer({ allowedOrigins: env.allowedOrigins });
  registerCollabDocuments({
    settle: (name) => collab.settleDocument(name),
    recheck: (name) => collab.recheckDocument(name),
  });
  const upgrades = { [COLLAB_PATH_PREFIX]: collab.handleUpgrade };
  let server;
  if (isDev) {
    const { createServer: createViteServer } = await import('vite');
    const vite = await createViteServer({ server: { middlewareMode: true }, appType: 'custom' });
    server = createAppServer({ vite, upgrades });
  } else {
    const serverBuild = await loadServerBuild();
    if (!serverBuild) {
      console.error('No build found. Run `npm run build` first (npm start does this for you).');
      process.exit(1);
    }
    server = createAppServer({
      build: { server: serverBuild, clientDirectory: resolve('build/client') },
      upgrades,
    });
  }

  server.listen(env.PORT, env.HOST, () => {
    const { port } = server.address() as AddressInfo;
    logger.info({ port, ms: Math.round(performance.now() - started) }, 'listening');
    console.log(`Masterplan-Werkstatt läuft auf http://localhost:${port}`);
  });

  let isStopping = false;
  const stop = (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    logger.info({ signal }, 'shutting down');
    server.close();
    // Flush every document before the sockets close, so a graceful restart loses nothing.
    void collab
      .close()
      .catch((error: unknown) =>
        logger.error({ err: error }, 'closing the collaboration server failed'),
      )
      .then(() => {
        server.closeAllConnections();
        return scheduler.stop();
      })
      .then(() => database.close())
      .catch((error: unknown) => logger.error({ err: error }, 'closing the database failed'))
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
