import type { Tx } from '../db/with-user.server';

export interface AdminSummary {
  organizations: number;
  networks: number;
  accounts: number;
  inactiveAccounts: number;
}

/** Counts for the Verwaltung landing page, as far as the caller may see. */
export async function getAdminSummary(tx: Tx): Promise<AdminSummary> {
  const { rows } = await tx.query<{
    organizations: number;
    networks: number;
    accounts: number;
    inactive_accounts: number;
  }>(
    `select (select count(*) from public.organizations)::int as organizations,
            (select count(*) from public.networks)::int as networks,
            (select count(*) from public.profiles)::int as accounts,
            (select count(*) from public.profiles p where not p.is_active)::int as inactive_accounts`,
  );
  const row = rows[0];
  return {
    organizations: row?.organizations ?? 0,
    networks: row?.networks ?? 0,
    accounts: row?.accounts ?? 0,
    inactiveAccounts: row?.inactive_accounts ?? 0,
  };
}
