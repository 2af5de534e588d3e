import { getDatabase } from '~/lib/db/client.server';
import { migrate } from '~/lib/db/migrate.server';
import { DEMO_PASSWORD, seed } from '~/lib/db/seed.server';

const database = await getDatabase();
try {
  await migrate(database);
  const { createdAccounts } = await seed(database);
  console.log('Seed data applied.');
  if (createdAccounts.length > 0) {
    console.log(`Demo accounts (password ${DEMO_PASSWORD}):`);
    for (const email of createdAccounts) console.log(`  ${email}`);
  }
} finally {
  await database.close();
}
