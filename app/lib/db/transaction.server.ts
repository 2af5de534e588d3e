import pg from 'pg';
import { getDatabase } from './client.server';
import type { Tx } from './with-user.server';

export type DatabaseRole = 'authenticated' | 'anon' | 'service_role';

/**
 * Runs `fn` in one transaction as `role` with `request.jwt.claims` set, then commits
 * (rolls back when `fn` throws). Role and claims are transaction-local (`set_config(…, true)`),
 * so nothing leaks into the next use of the pooled connection.
 */
export async function runAs<T>(
  role: DatabaseRole,
  claims: object,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const database = await getDatabase();
  const client = await database.pool.connect();
  let isBroken = false;
  try {
    // One round trip: both statements in one simple query (no parameters there, so the values
    // are escaped literals — the role is one of three names, the claims come from the verified
    // session or token).
    await client.query(
      `begin; select set_config('role', ${pg.escapeLiteral(role)}, true), set_config('request.jwt.claims', ${pg.escapeLiteral(JSON.stringify(claims))}, true)`,
    );
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (error) {
    try {
      await client.query('rollback');
    } catch {
      isBroken = true;
    }
    throw error;
  } finally {
    client.release(isBroken);
  }
}
