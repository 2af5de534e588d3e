import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Database } from './client.server';
import { createLocalAccount, type PlatformRole } from '../auth/local-accounts.server';
import { withService } from './with-service.server';

/** Demo-only accounts (listed in the README). Never seeded in production unless `npm run db:seed` is run. */
export const DEMO_PASSWORD = 'Werkstatt-Demo-2026';

export const DEMO_ACCOUNTS: readonly {
  email: string;
  displayName: string;
  organization: string | null;
  platformRole: PlatformRole;
  label: string;
}[] = [
  {
    email: 'verwaltung@demo.masterplan.example',
    displayName: 'Andrea Adam',
    organization: 'Stadt Aachen FB 02',
    platformRole: 'admin',
    label: 'Verwaltung (admin)',
  },
  {
    email: 'moderation@demo.masterplan.example',
    displayName: 'Markus Moll',
    organization: 'IHK',
    platformRole: 'member',
    label: 'Moderation (IHK)',
  },
  {
    email: 'mitglied@demo.masterplan.example',
    displayName: 'Meike Marx',
    organization: 'DGB',
    platformRole: 'member',
    label: 'Mitglied (DGB)',
  },
  {
    email: 'beobachtung@demo.masterplan.example',
    displayName: 'Otto Ober',
    organization: null,
    platformRole: 'observer',
    label: 'Beobachtung',
  },
];

export interface SeedResult {
  createdAccounts: string[];
}

/** Runs supabase/seed.sql (idempotent reference data), as `supabase db reset` would. */
export async function applySeedSql(database: Database, root = process.cwd()): Promise<void> {
  const sql = await readFile(resolve(root, 'supabase/seed.sql'), 'utf8');
  const client = await database.pool.connect();
  try {
    await client.query(sql);
  } finally {
    client.release();
  }
}

/** Reference data from supabase/seed.sql (idempotent) plus the demo accounts when there are no accounts yet. */
export async function seed(database: Database, root = process.cwd()): Promise<SeedResult> {
  await applySeedSql(database, root);
  const hasAccounts = await withService(async (tx) => {
    const { rows } = await tx.query<{ has_accounts: boolean }>(
      'select exists (select 1 from auth.users) as has_accounts',
    );
    return rows[0]?.has_accounts ?? false;
  });
  if (hasAccounts) return { createdAccounts: [] };
  const organizations = await withService(async (tx) => {
    const { rows } = await tx.query<{ organization_id: string; short_name: string }>(
      'select organization_id, short_name from public.organizations',
    );
    return new Map(rows.map((row) => [row.short_name, row.organization_id]));
  });
  const createdAccounts: string[] = [];
  for (const account of DEMO_ACCOUNTS) {
    await createLocalAccount({
      email: account.email,
      password: DEMO_PASSWORD,
      displayName: account.displayName,
      organizationId: account.organization
        ? (organizations.get(account.organization) ?? null)
        : null,
      platformRole: account.platformRole,
    });
    createdAccounts.push(account.email);
  }
  return { createdAccounts };
}
