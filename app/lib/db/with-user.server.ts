import type pg from 'pg';
import { runAs } from './transaction.server';

/** The Supabase-shaped claims every request carries into Postgres as `request.jwt.claims`. */
export interface Claims {
  sub: string;
  role: 'authenticated';
  aud: 'authenticated';
  email: string;
  session_id: string;
  exp: number;
  /** Supabase mode: the rest of the verified access token travels along unchanged. */
  iss?: string;
  iat?: number;
  aal?: string;
  amr?: unknown;
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  is_anonymous?: boolean;
  phone?: string;
}

/** A transaction handle: the only thing domain code queries through. */
export interface Tx {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

/** Request code's way into the database: as the signed-in user, so RLS decides. */
export function withUser<T>(claims: Claims, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return runAs('authenticated', claims, fn);
}

/** Signed-out pages: as `anon`. */
export function withAnon<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return runAs('anon', { role: 'anon' }, fn);
}
