import { afterAll, beforeAll, inject } from 'vitest';
import { installDatabase } from '../../app/lib/db/client.server';
import { createDatabaseFromTemplate } from './database-template';

let drop: (() => Promise<void>) | undefined;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const fresh = await createDatabaseFromTemplate(inject('databaseTemplate'));
  installDatabase(fresh.database);
  drop = fresh.drop;
  close = () => fresh.database.close();
});

afterAll(async () => {
  installDatabase(undefined);
  await close?.();
  await drop?.();
});
