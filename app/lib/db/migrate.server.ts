import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type pg from 'pg';
import type { Database } from './client.server';

const MIGRATION_FILE = /^(\d{14})_([a-z0-9_]+)\.sql$/;
const MIGRATIONS_LOCK = 7_302_026_001;

export interface MigrationResult {
  applied: string[];
  skippedBase: boolean;
}

interface MigrationFile {
  version: string;
  name: string;
  path: string;
}

export async function listMigrations(directory: string): Promise<MigrationFile[]> {
  const files = (await readdir(directory)).filter((file) => file.endsWith('.sql')).sort();
  return files.map((file) => {
    const match = MIGRATION_FILE.exec(file);
    if (!match)
      throw new Error(`Migration file name must be YYYYMMDDHHMMSS_verb_noun.sql: ${file}`);
    return { version: match[1]!, name: match[2]!, path: join(directory, file) };
  });
}

/** A real Supabase project already has roles, the auth schema and its grants: the local base must not run there. */
async function isSupabaseProject(client: pg.PoolClient): Promise<boolean> {
  const { rows } = await client.query<{ is_supabase: boolean }>(
    "select exists (select 1 from pg_roles where rolname in ('supabase_admin', 'supabase_auth_admin')) as is_supabase",
  );
  return rows[0]?.is_supabase ?? false;
}

/**
 * Applies `supabase/local` (non-Supabase databases only) and then every pending migration in
 * version order, each in its own transaction, recording it in
 * `supabase_migrations.schema_migrations` as the Supabase CLI does.
 */
export async function migrate(database: Database, root = process.cwd()): Promise<MigrationResult> {
  const client = await database.pool.connect();
  try {
    const skippedBase = await isSupabaseProject(client);
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [MIGRATIONS_LOCK]);
    if (!skippedBase) {
      const baseDirectory = resolve(root, 'supabase/local');
      for (const file of (await readdir(baseDirectory)).filter((f) => f.endsWith('.sql')).sort()) {
        await client.query(await readFile(join(baseDirectory, file), 'utf8'));
      }
    }
    await client.query(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (version text not null primary key);
      alter table supabase_migrations.schema_migrations add column if not exists statements text[];
      alter table supabase_migrations.schema_migrations add column if not exists name text;
    `);
    await client.query('commit');

    const { rows } = await client.query<{ version: string }>(
      'select version from supabase_migrations.schema_migrations',
    );
    const done = new Set(rows.map((row) => row.version));
    const applied: string[] = [];
    for (const migration of await listMigrations(resolve(root, 'supabase/migrations'))) {
      if (done.has(migration.version)) continue;
      const sql = await readFile(migration.path, 'utf8');
      await client.query('begin');
      try {
        await client.query('select pg_advisory_xact_lock($1)', [MIGRATIONS_LOCK]);
        const { rowCount } = await client.query(
          'select 1 from supabase_migrations.schema_migrations where version = $1',
          [migration.version],
        );
        if (rowCount === 0) {
          await client.query(sql);
          await client.query(
            'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
            [migration.version, migration.name, [sql]],
          );
          applied.push(`${migration.version}_${migration.name}`);
        }
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`Migration ${migration.version}_${migration.name} failed`, {
          cause: error,
        });
      }
    }
    return { applied, skippedBase };
  } finally {
    client.release();
  }
}
