import { installDatabase, openDatabase } from '../../app/lib/db/client.server';
import { openBenchDatabase } from '../support';
import { ChildHandle } from './processes';

export interface BenchDatabase {
  kind: 'pglite' | 'postgres';
  /** What the server process connects to: the Postgres database, or the PGlite bridge. */
  url: string;
  /** The current WAL position (Postgres only; null on PGlite, whose WAL is not a server's). */
  walPosition(): Promise<string | null>;
  walBytesSince(position: string | null): Promise<number | null>;
  close(): Promise<void>;
}

/**
 * A fresh migrated database that the benchmark process and the server process can both reach:
 * BENCH_DATABASE_URL (a new database on that server), or an in-memory PGlite in its own process
 * behind a wire-protocol bridge. Installed as this process's database for fixtures.
 */
export async function startBenchDatabase(): Promise<BenchDatabase> {
  if (process.env.BENCH_DATABASE_URL) {
    const database = await openBenchDatabase();
    const url = database.pool.options.connectionString;
    if (!url) throw new Error('the bench database has no connection string');
    return {
      kind: 'postgres',
      url,
      walPosition: async () => {
        const { rows } = await database.pool.query<{ lsn: string }>(
          'select pg_current_wal_lsn()::text as lsn',
        );
        return rows[0]!.lsn;
      },
      walBytesSince: async (position) => {
        if (position === null) return null;
        const { rows } = await database.pool.query<{ bytes: number }>(
          'select pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::float8 as bytes',
          [position],
        );
        return rows[0]!.bytes;
      },
      close: () => database.close(),
    };
  }
  const bridge = await ChildHandle.start<{ port: number }>('./pglite-bridge.ts');
  const url = `postgres://postgres@127.0.0.1:${bridge.ready.port}/postgres`;
  const database = await openDatabase({ url, poolMax: 2 });
  installDatabase(database);
  return {
    kind: 'pglite',
    url,
    walPosition: () => Promise.resolve(null),
    walBytesSince: () => Promise.resolve(null),
    close: async () => {
      await database.close();
      installDatabase(undefined);
      await bridge.stop();
    },
  };
}
