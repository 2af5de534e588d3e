import type { Tx } from './with-user.server';
import { runAs } from './transaction.server';

/**
 * As `service_role`, which bypasses RLS. Only migrations, seeding, authentication internals and
 * collab persistence may import this (enforced by the lint config); request code uses `withUser`.
 */
export function withService<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return runAs('service_role', { role: 'service_role' }, fn);
}
