import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../app/lib/db/client.server';
import { migrate } from '../../app/lib/db/migrate.server';
import { applySeedSql } from '../../app/lib/db/seed.server';

/** How test files get a fresh, migrated database: a copy of a template made once per run. */
export type DatabaseTemplate =
  | { kind: 'postgres'; adminUrl: string; template: string; prefix: string }
  | { kind: 'pglite'; dumpPath: string };

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplate: DatabaseTemplate;
  }
}

export function urlForDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one statement on the Postgres server (create/drop database) outside any pool. */
export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTemplate(): Promise<DatabaseTemplate> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const prefix = `mpw_test_${runId}`;
    const template = `${prefix}_tpl`;
    await adminQuery(adminUrl, `create database ${template}`);
    const database = await openDatabase({ url: urlForDatabase(adminUrl, template), poolMax: 1 });
    try {
      await migrate(database);
      await applySeedSql(database);
    } finally {
      await database.close();
    }
    return { kind: 'postgres', adminUrl, template, prefix };
  }
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    await migrate(database);
    await applySeedSql(database);
    if (!database.dump) throw new Error('the embedded database cannot be dumped');
    const pglite = await database.dump();
    const directory = resolve('.data/test');
    mkdirSync(directory, { recursive: true });
    const dumpPath = resolve(directory, `template-${runId}.tar`);
    writeFileSync(dumpPath, Buffer.from(await pglite.arrayBuffer()));
    return { kind: 'pglite', dumpPath };
  } finally {
    await database.close();
  }
}

export async function dropTemplate(template: DatabaseTemplate): Promise<void> {
  if (template.kind === 'pglite') {
    rmSync(template.dumpPath, { force: true });
    return;
  }
  const client = new pg.Client({ connectionString: template.adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${template.prefix}%`],
    );
    for (const { datname } of rows)
      await client.query(`drop database if exists ${datname} with (force)`);
  } finally {
    await client.end();
  }
}

/** A fresh copy of the template for one test file (or one e2e server). */
export async function createDatabaseFromTemplate(
  template: DatabaseTemplate,
): Promise<{ database: Database; url?: string; drop: () => Promise<void> }> {
  if (template.kind === 'pglite') {
    const database = await openDatabase({
      dataDir: 'memory://',
      loadDataDir: new Blob([readFileSync(template.dumpPath)]),
    });
    return { database, drop: async () => {} };
  }
  const name = `${template.prefix}_${randomBytes(4).toString('hex')}`;
  await adminQuery(template.adminUrl, `create database ${name} template ${template.template}`);
  const url = urlForDatabase(template.adminUrl, name);
  const database = await openDatabase({ url, poolMax: 4 });
  return {
    database,
    url,
    drop: async () => {
      await adminQuery(template.adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
