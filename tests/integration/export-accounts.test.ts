import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { exportAccounts } from '../../app/lib/auth/account-export.server';
import { verifyPassword } from '../../app/lib/auth/passwords.server';
import { readClaims } from '../../app/lib/auth/session.server';
import { signInWithPassword } from '../../app/lib/auth/supabase-auth.server';
import { getDatabase, installDatabase, type Database } from '../../app/lib/db/client.server';
import { withService } from '../../app/lib/db/with-service.server';
import { withUser } from '../../app/lib/db/with-user.server';
import { createTestAccount, TEST_PASSWORD, type TestAccount } from '../fixtures/accounts';
import { startAuthDouble } from '../fixtures/supabase-auth-double';
import { createDatabaseFromTemplate } from '../setup/database-template';

/**
 * The accounts export (scripts/export-accounts-to-supabase.ts) from this file's database into a
 * second, freshly migrated database standing in for the Supabase project's (real Postgres: a
 * database on TEST_DATABASE_URL's server, or embedded). GoTrue's extra auth.users columns and its
 * auth.identities table are added to it as a Supabase project has them; its organisations get ids
 * of their own, as a project seeded separately would.
 */

const GOTRUE_SHAPE = `
  alter table auth.users
    add column if not exists confirmation_token varchar(255),
    add column if not exists recovery_token varchar(255),
    add column if not exists email_change_token_new varchar(255),
    add column if not exists email_change_token_current varchar(255) default '',
    add column if not exists phone_change text default '',
    add column if not exists phone_change_token varchar(255) default '',
    add column if not exists reauthentication_token varchar(255) default '';
  create table auth.identities (
    provider_id text not null,
    user_id uuid not null references auth.users (id) on delete cascade,
    identity_data jsonb not null,
    provider text not null,
    last_sign_in_at timestamptz,
    created_at timestamptz,
    updated_at timestamptz,
    email text generated always as (lower(identity_data ->> 'email')) stored,
    id uuid not null primary key default gen_random_uuid(),
    constraint identities_provider_id_provider_unique unique (provider_id, provider)
  );
  update public.organizations set organization_id = gen_random_uuid();
`;

let target: { database: Database; drop: () => Promise<void> };
let source: Database;
let member: TestAccount;
let admin: TestAccount;
let retired: TestAccount;

async function query<R extends object>(database: Database, sql: string, values: unknown[] = []) {
  return (await database.pool.query<R & Record<string, unknown>>(sql, values)).rows;
}

async function runExport() {
  const [from, to] = [await source.pool.connect(), await target.database.pool.connect()];
  try {
    await to.query('begin');
    const result = await exportAccounts(from, to);
    await to.query('commit');
    return result;
  } catch (error) {
    await to.query('rollback');
    throw error;
  } finally {
    from.release();
    to.release();
  }
}

beforeAll(async () => {
  source = await getDatabase();
  member = await createTestAccount({ organizationShortName: 'DGB', displayName: 'Mia Mitglied' });
  admin = await createTestAccount({ platformRole: 'admin', organizationShortName: 'IHK' });
  retired = await createTestAccount({ platformRole: 'observer', organizationShortName: null });
  await withService((tx) =>
    tx.query(`update public.profiles set is_active = false, locale = 'en' where profile_id = $1`, [
      retired.userId,
    ]),
  );
  target = await createDatabaseFromTemplate(inject('databaseTemplate'));
  await target.database.pool.query(GOTRUE_SHAPE);
});

afterAll(async () => {
  installDatabase(source);
  await target.database.close();
  await target.drop();
});

describe('exporting built-in accounts into a Supabase project', () => {
  it('copies ids and bcrypt hashes; the project trigger makes the profiles, organisations by name', async () => {
    const result = await runExport();
    expect(result.created.map((a) => a.id).sort()).toEqual(
      [member.userId, admin.userId, retired.userId].sort(),
    );
    expect(result.unknownOrganizations).toEqual([]);

    const [sourceUser] = await query<{ encrypted_password: string }>(
      source,
      'select encrypted_password from auth.users where id = $1',
      [member.userId],
    );
    const [targetUser] = await query<{ encrypted_password: string; recovery_token: string }>(
      target.database,
      'select encrypted_password, recovery_token from auth.users where id = $1',
      [member.userId],
    );
    expect(targetUser?.encrypted_password).toBe(sourceUser?.encrypted_password);
    expect(await verifyPassword(TEST_PASSWORD, targetUser!.encrypted_password)).toBe(true);
    expect(targetUser?.recovery_token).toBe('');

    const profiles = await query<{
      profile_id: string;
      display_name: string;
      platform_role: string;
      short_name: string | null;
      is_active: boolean;
      locale: string | null;
      identities: number;
    }>(
      target.database,
      `select p.profile_id, p.display_name, p.platform_role, o.short_name, p.is_active, p.locale,
              (select count(*)::int from auth.identities i where i.user_id = p.profile_id and i.provider = 'email') as identities
         from public.profiles p left join public.organizations o on o.organization_id = p.organization_id
        order by p.display_name, p.profile_id`,
    );
    const byId = new Map(profiles.map((p) => [p.profile_id, p]));
    expect(byId.get(member.userId)).toMatchObject({
      display_name: 'Mia Mitglied',
      platform_role: 'member',
      short_name: 'DGB',
      is_active: true,
      identities: 1,
    });
    expect(byId.get(admin.userId)).toMatchObject({ platform_role: 'admin', short_name: 'IHK' });
    expect(byId.get(retired.userId)).toMatchObject({
      platform_role: 'observer',
      short_name: null,
      is_active: false,
      locale: 'en',
    });
  });

  it('changes nothing when run again, and never overwrites an address the project already has', async () => {
    const other = await createTestAccount();
    await target.database.pool.query(
      `insert into auth.users (id, aud, role, email, created_at, updated_at)
       values (gen_random_uuid(), 'authenticated', 'authenticated', $1, now(), now())`,
      [other.email],
    );
    const result = await runExport();
    expect(result.created).toEqual([]);
    expect(result.skipped.map((s) => [s.id, s.reason]).sort()).toEqual(
      [
        [member.userId, 'id_exists'],
        [admin.userId, 'id_exists'],
        [retired.userId, 'id_exists'],
        [other.userId, 'email_exists'],
      ].sort(),
    );
  });

  it('the exported person signs in to Supabase Auth with the old password; RLS sees them', async () => {
    installDatabase(target.database);
    const auth = await startAuthDouble();
    auth.installEnv();
    try {
      const headers = await signInWithPassword(
        new Request('http://127.0.0.1/anmelden'),
        member.email,
        TEST_PASSWORD,
      );
      const cookie = headers
        .getSetCookie()
        .map((line) => line.split(';')[0])
        .join('; ');
      const claims = await readClaims(new Request('http://127.0.0.1/', { headers: { cookie } }));
      expect(claims?.sub).toBe(member.userId);
      const name = await withUser(claims!, async (tx) => {
        const { rows } = await tx.query<{ display_name: string }>(
          'select display_name from public.profiles where profile_id = (select auth.uid())',
        );
        return rows[0]?.display_name;
      });
      expect(name).toBe('Mia Mitglied');
      await expect(
        signInWithPassword(new Request('http://127.0.0.1/anmelden'), retired.email, TEST_PASSWORD),
      ).rejects.toMatchObject({ status: 401 });
    } finally {
      auth.restoreEnv();
      await auth.close();
      installDatabase(source);
    }
  });
});
