import type { Tx } from '../db/with-user.server';

/**
 * Moves built-in accounts into a Supabase project's auth.users with the same ids and the same
 * bcrypt hashes, so people keep their passwords (Supabase Auth checks `encrypted_password` with
 * bcrypt) and every row that points at a user id stays valid. The project's own trigger creates
 * the profiles from app/user metadata; organisations are matched by short name, because the
 * project's organisations have ids of their own. Accounts whose id or e-mail already exists there
 * are left alone, so running it twice changes nothing.
 */

export interface ExportedAccount {
  id: string;
  email: string;
}

export interface ExportResult {
  created: ExportedAccount[];
  skipped: (ExportedAccount & { reason: 'id_exists' | 'email_exists' })[];
  /** Organisations named in the source that the project does not have (the account gets none). */
  unknownOrganizations: string[];
}

interface SourceAccount {
  id: string;
  email: string;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  last_sign_in_at: Date | null;
  banned_until: Date | null;
  created_at: Date | null;
  updated_at: Date | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  display_name: string | null;
  platform_role: string | null;
  is_active: boolean | null;
  locale: string | null;
  organization_short_name: string | null;
}

/** GoTrue reads these as strings: NULL makes sign-in fail ("converting NULL to string"). */
const GOTRUE_EMPTY_STRING_COLUMNS = [
  'confirmation_token',
  'recovery_token',
  'email_change',
  'email_change_token_new',
  'email_change_token_current',
  'phone_change',
  'phone_change_token',
  'reauthentication_token',
];

export async function exportAccounts(source: Tx, target: Tx): Promise<ExportResult> {
  const { rows: accounts } = await source.query<SourceAccount>(
    `select u.id, u.email, u.encrypted_password, u.email_confirmed_at, u.last_sign_in_at, u.banned_until,
            u.created_at, u.updated_at, u.raw_app_meta_data, u.raw_user_meta_data,
            p.display_name, p.platform_role, p.is_active, p.locale, o.short_name as organization_short_name
       from auth.users u
       left join public.profiles p on p.profile_id = u.id
       left join public.organizations o on o.organization_id = p.organization_id
      where u.deleted_at is null
      order by u.created_at, u.id`,
  );
  const { rows: columns } = await target.query<{ column_name: string }>(
    `select column_name from information_schema.columns
      where table_schema = 'auth' and table_name = 'users'`,
  );
  const targetColumns = new Set(columns.map((c) => c.column_name));
  const { rows: identityTable } = await target.query<{ has_identities: boolean }>(
    "select to_regclass('auth.identities') is not null as has_identities",
  );
  const hasIdentities = identityTable[0]?.has_identities ?? false;
  const { rows: organizations } = await target.query<{ short_name: string; id: string }>(
    'select short_name, organization_id as id from public.organizations',
  );
  const organizationIds = new Map(organizations.map((o) => [o.short_name, o.id]));

  const result: ExportResult = { created: [], skipped: [], unknownOrganizations: [] };
  for (const account of accounts) {
    const { rows: existing } = await target.query<{ id: string }>(
      'select id from auth.users where id = $1 or lower(email) = lower($2)',
      [account.id, account.email],
    );
    if (existing.length > 0) {
      result.skipped.push({
        id: account.id,
        email: account.email,
        reason: existing.some((row) => row.id === account.id) ? 'id_exists' : 'email_exists',
      });
      continue;
    }
    const shortName = account.organization_short_name;
    const organizationId = shortName ? (organizationIds.get(shortName) ?? null) : null;
    if (shortName && !organizationId && !result.unknownOrganizations.includes(shortName)) {
      result.unknownOrganizations.push(shortName);
    }
    const values: Record<string, unknown> = {
      instance_id: '00000000-0000-0000-0000-000000000000',
      id: account.id,
      aud: 'authenticated',
      role: 'authenticated',
      email: account.email.toLowerCase(),
      encrypted_password: account.encrypted_password,
      email_confirmed_at: account.email_confirmed_at ?? new Date(),
      last_sign_in_at: account.last_sign_in_at,
      banned_until: account.banned_until,
      created_at: account.created_at ?? new Date(),
      updated_at: account.updated_at ?? new Date(),
      raw_app_meta_data: JSON.stringify({
        ...account.raw_app_meta_data,
        provider: 'email',
        providers: ['email'],
        platform_role: account.platform_role ?? 'member',
        organization_id: organizationId,
      }),
      raw_user_meta_data: JSON.stringify({
        ...account.raw_user_meta_data,
        display_name: account.display_name ?? account.raw_user_meta_data?.display_name,
      }),
    };
    for (const column of GOTRUE_EMPTY_STRING_COLUMNS) values[column] = '';
    const names = Object.keys(values).filter((name) => targetColumns.has(name));
    await target.query(
      `insert into auth.users (${names.join(', ')})
       values (${names.map((_, i) => `$${i + 1}`).join(', ')})`,
      names.map((name) => values[name]),
    );
    if (hasIdentities) {
      await target.query(
        `insert into auth.identities (id, user_id, provider_id, provider, identity_data,
                                      last_sign_in_at, created_at, updated_at)
         values (gen_random_uuid(), $1, $2, 'email', $3, $4, now(), now())`,
        [
          account.id,
          account.id,
          JSON.stringify({
            sub: account.id,
            email: account.email.toLowerCase(),
            email_verified: true,
            phone_verified: false,
          }),
          account.last_sign_in_at,
        ],
      );
    }
    // The trigger made the profile; activation and language travel separately.
    await target.query(
      'update public.profiles set is_active = $2, locale = $3 where profile_id = $1',
      [account.id, account.is_active ?? true, account.locale],
    );
    result.created.push({ id: account.id, email: account.email });
  }
  return result;
}
