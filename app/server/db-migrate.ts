import { getDatabase } from '~/lib/db/client.server';
import { migrate } from '~/lib/db/migrate.server';

const database = await getDatabase();
try {
  const { applied, skippedBase } = await migrate(database);
  console.log(
    `${applied.length} migration(s) applied${skippedBase ? ' (Supabase project: local base skipped)' : ''}`,
  );
  for (const name of applied) console.log(`  ${name}`);
} finally {
  await database.close();
}
