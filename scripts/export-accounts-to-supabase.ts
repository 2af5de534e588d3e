/**
 * Built-in accounts → a Supabase project's auth.users (same ids, same bcrypt hashes).
 *
 *   TARGET_DATABASE_URL=postgres://postgres:…@db.<ref>.supabase.co:5432/postgres \
 *     npm run accounts:export [-- --dry-run]
 *
 * Reads from DATABASE_URL (or the embedded database in PGLITE_DATA_DIR); writes in one transaction
 * as the project's `postgres` role (direct connection, after `supabase db push`). `--dry-run`
 * rolls back. Prints counts and e-mail addresses, never hashes.
 */
import pg from 'pg';
import { exportAccounts } from '~/lib/auth/account-export.server';
import { openDatabase } from '~/lib/db/client.server';
import { getEnv } from '~/lib/env.server';

const targetUrl = process.env.TARGET_DATABASE_URL;
if (!targetUrl) {
  console.error('TARGET_DATABASE_URL (the Supabase project database) is required');
  process.exit(2);
}
const isDryRun = process.argv.includes('--dry-run');
const env = getEnv();
const source = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PGLITE_DATA_DIR });
const target = new pg.Client({ connectionString: targetUrl });
await target.connect();
try {
  const sourceClient = await source.pool.connect();
  try {
    await target.query('begin');
    const result = await exportAccounts(sourceClient, target);
    await target.query(isDryRun ? 'rollback' : 'commit');
    console.log(
      `${isDryRun ? '[dry run] ' : ''}${result.created.length} account(s) exported, ${result.skipped.length} skipped`,
    );
    for (const skipped of result.skipped)
      console.log(`  skipped ${skipped.email} (${skipped.reason})`);
    for (const name of result.unknownOrganizations)
      console.log(
        `  organisation not in the project: ${name} (its people were exported without one)`,
      );
  } catch (error) {
    await target.query('rollback').catch(() => {});
    throw error;
  } finally {
    sourceClient.release();
  }
} finally {
  await target.end();
  await source.close();
}
