import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { getEnv } from '../env.server';
import { replaceSingleton, singleton } from '../singleton.server';

export type DatabaseKind = 'postgres' | 'pglite';

export interface Database {
  readonly kind: DatabaseKind;
  readonly pool: pg.Pool;
  close(): Promise<void>;
  /** PGlite only: the data directory as a tarball (tests copy a migrated template this way). */
  dump?: () => Promise<Blob>;
}

export interface OpenDatabaseOptions {
  /** A Postgres URL; without it, the embedded PGlite is used. */
  url?: string;
  /** PGlite data directory (`memory://` for an in-memory database). */
  dataDir?: string;
  /** PGlite only: start from this dump (a tarball from `dumpDataDir`). */
  loadDataDir?: Blob;
  poolMax?: number;
}

// Timestamps and bigints arrive as text and are parsed here once, for every query.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax ?? 10,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 10_000,
      application_name: 'masterplan-werkstatt',
    });
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it. Nothing to do here.
    });
    return { kind: 'postgres', pool, close: () => pool.end() };
  }

  const [{ PGlite }, { pgcrypto }, { uuid_ossp }, { createPgConfig }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pgcrypto'),
    import('@electric-sql/pglite/contrib/uuid_ossp'),
    import('@electric-sql/pglite/node-postgres'),
  ]);
  const dataDir = options.dataDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) mkdirSync(resolve(dataDir), { recursive: true });
  const pglite = await PGlite.create({
    dataDir: dataDir.startsWith('memory://') ? undefined : resolve(dataDir),
    extensions: { pgcrypto, uuid_ossp },
    loadDataDir: options.loadDataDir,
  });
  // PGlite is a single session: the pool must hand out one client at a time, so a transaction
  // never interleaves with another one's statements.
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  return {
    kind: 'pglite',
    pool,
    dump: () => pglite.dumpDataDir('none'),
    close: async () => {
      await pool.end();
      await pglite.close();
    },
  };
}

const DATABASE = 'database';

/** The process's database, opened from the environment on first use. */
export function getDatabase(): Promise<Database> {
  return singleton(DATABASE, () => {
    const env = getEnv();
    return openDatabase({ url: env.DATABASE_URL, dataDir: env.PGLITE_DATA_DIR });
  });
}

/** Install an already opened database as the process's database (tests, tools). */
export function installDatabase(database: Database | undefined): void {
  replaceSingleton(DATABASE, database ? Promise.resolve(database) : undefined);
}
