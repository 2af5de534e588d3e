import { openDatabase, installDatabase, type Database } from '../app/lib/db/client.server';
import { migrate } from '../app/lib/db/migrate.server';
import { applySeedSql } from '../app/lib/db/seed.server';

/** A fresh, migrated database for a benchmark: BENCH_DATABASE_URL (a Postgres server) or in-memory PGlite. */
export async function openBenchDatabase(): Promise<Database> {
  const url = process.env.BENCH_DATABASE_URL;
  let database: Database;
  if (url) {
    const admin = await openDatabase({ url, poolMax: 1 });
    const name = `mpw_bench_${Date.now().toString(36)}`;
    await admin.pool.query(`create database ${name}`);
    await admin.close();
    const target = new URL(url);
    target.pathname = `/${name}`;
    database = await openDatabase({ url: target.toString(), poolMax: 10 });
    const close = database.close;
    database = {
      ...database,
      close: async () => {
        await close();
        const cleanup = await openDatabase({ url, poolMax: 1 });
        await cleanup.pool.query(`drop database if exists ${name} with (force)`);
        await cleanup.close();
      },
    };
  } else {
    database = await openDatabase({ dataDir: 'memory://' });
  }
  await migrate(database);
  await applySeedSql(database);
  installDatabase(database);
  return database;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    n: sorted.length,
  };
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
