import { beforeAll, describe, expect, it } from 'vitest';
import { runAs } from '../../app/lib/db/transaction.server';
import type { Tx } from '../../app/lib/db/with-user.server';
import { withService } from '../../app/lib/db/with-service.server';
import { createTestAccount, type TestAccount } from '../fixtures/accounts';

type Persona = 'anon' | 'observer' | 'member' | 'admin';
type Operation = 'select' | 'insert' | 'update' | 'delete';

const ROLLBACK = Symbol('rollback');

/** Runs `fn` as the persona (never as a superuser) and always rolls back, so cases don't leak. */
async function asPersona<T>(
  persona: Persona,
  accounts: Record<Exclude<Persona, 'anon'>, TestAccount>,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  let result: T | undefined;
  try {
    if (persona === 'anon') {
      await runAs('anon', { role: 'anon' }, async (tx) => {
        result = await fn(tx);
        throw ROLLBACK;
      });
    } else {
      await runAs('authenticated', accounts[persona].claims, async (tx) => {
        result = await fn(tx);
        throw ROLLBACK;
      });
    }
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  return result as T;
}

interface Target {
  table: string;
  /** Returns whether the operation took effect (true) or was refused/filtered (false). */
  run: Record<Operation, (tx: Tx, ids: Ids) => Promise<boolean>>;
}

interface Ids {
  organizationId: string;
  themeId: string;
  profileId: string;
  ownProfileId: string | null;
}

async function affected(tx: Tx, sql: string, values: unknown[]): Promise<boolean> {
  try {
    await tx.query('savepoint attempt');
    const result = await tx.query(sql, values);
    await tx.query('release savepoint attempt');
    return (result.rowCount ?? 0) > 0;
  } catch (error) {
    await tx.query('rollback to savepoint attempt');
    const code = (error as { code?: string }).code;
    if (code === '42501') return false; // insufficient privilege / RLS violation
    throw error;
  }
}

const TARGETS: Target[] = [
  {
    table: 'organizations',
    run: {
      select: (tx, ids) =>
        affected(tx, 'select 1 from public.organizations where organization_id = $1', [
          ids.organizationId,
        ]),
      insert: (tx) =>
        affected(
          tx,
          "insert into public.organizations (short_name, name) values ('RLS-Test', 'RLS Test e.V.')",
          [],
        ),
      update: (tx, ids) =>
        affected(
          tx,
          "update public.organizations set name = name || ' (geändert)' where organization_id = $1",
          [ids.organizationId],
        ),
      delete: (tx, ids) =>
        affected(tx, 'delete from public.organizations where organization_id = $1', [
          ids.organizationId,
        ]),
    },
  },
  {
    table: 'themes',
    run: {
      select: (tx, ids) =>
        affected(tx, 'select 1 from public.themes where theme_id = $1', [ids.themeId]),
      insert: (tx) =>
        affected(
          tx,
          "insert into public.themes (code, slug, name_de, name_en, description_de, description_en, position) values ('ZZ', 'zz', 'Z', 'Z', 'Z', 'Z', 99)",
          [],
        ),
      update: (tx, ids) =>
        affected(
          tx,
          "update public.themes set description_de = description_de || '.' where theme_id = $1",
          [ids.themeId],
        ),
      delete: (tx, ids) =>
        affected(tx, 'delete from public.themes where theme_id = $1', [ids.themeId]),
    },
  },
  {
    // Someone else's profile.
    table: 'profiles (other user)',
    run: {
      select: (tx, ids) =>
        affected(tx, 'select 1 from public.profiles where profile_id = $1', [ids.profileId]),
      insert: (tx) =>
        affected(
          tx,
          "insert into public.profiles (profile_id, display_name) values (gen_random_uuid(), 'Eingeschleust')",
          [],
        ),
      update: (tx, ids) =>
        affected(
          tx,
          "update public.profiles set display_name = 'Übernommen' where profile_id = $1",
          [ids.profileId],
        ),
      delete: (tx, ids) =>
        affected(tx, 'delete from public.profiles where profile_id = $1', [ids.profileId]),
    },
  },
  {
    table: 'profiles (own)',
    run: {
      select: (tx, ids) =>
        affected(tx, 'select 1 from public.profiles where profile_id = $1', [ids.ownProfileId]),
      insert: (tx) =>
        affected(
          tx,
          "insert into public.profiles (profile_id, display_name) values ((select auth.uid()), 'Doppelt')",
          [],
        ),
      update: (tx, ids) =>
        affected(
          tx,
          "update public.profiles set display_name = 'Neuer Name' where profile_id = $1",
          [ids.ownProfileId],
        ),
      delete: (tx, ids) =>
        affected(tx, 'delete from public.profiles where profile_id = $1', [ids.ownProfileId]),
    },
  },
  {
    table: 'profiles (own platform_role)',
    run: {
      select: (tx, ids) =>
        affected(
          tx,
          "select 1 from public.profiles where profile_id = $1 and platform_role <> 'x'",
          [ids.ownProfileId],
        ),
      insert: async () => false,
      update: (tx, ids) =>
        affected(tx, "update public.profiles set platform_role = 'admin' where profile_id = $1", [
          ids.ownProfileId,
        ]),
      delete: async () => false,
    },
  },
];

const Y = true;
const N = false;
// persona order: anon, observer, member, admin
const EXPECTED: Record<string, Record<Operation, [boolean, boolean, boolean, boolean]>> = {
  organizations: {
    select: [Y, Y, Y, Y],
    insert: [N, N, N, Y],
    update: [N, N, N, Y],
    delete: [N, N, N, Y],
  },
  themes: {
    select: [Y, Y, Y, Y],
    insert: [N, N, N, Y],
    update: [N, N, N, Y],
    delete: [N, N, N, Y],
  },
  'profiles (other user)': {
    select: [N, Y, Y, Y],
    insert: [N, N, N, N],
    update: [N, N, N, Y],
    delete: [N, N, N, N],
  },
  'profiles (own)': {
    select: [N, Y, Y, Y],
    insert: [N, N, N, N],
    update: [N, Y, Y, Y],
    delete: [N, N, N, N],
  },
  'profiles (own platform_role)': {
    select: [N, Y, Y, Y],
    insert: [N, N, N, N],
    update: [N, N, N, Y],
    delete: [N, N, N, N],
  },
};

const PERSONAS: Persona[] = ['anon', 'observer', 'member', 'admin'];
const OPERATIONS: Operation[] = ['select', 'insert', 'update', 'delete'];

describe('row-level security on the foundation tables', () => {
  let accounts: Record<Exclude<Persona, 'anon'>, TestAccount>;
  let shared: Omit<Ids, 'ownProfileId'>;

  beforeAll(async () => {
    accounts = {
      observer: await createTestAccount({ platformRole: 'observer', organizationShortName: null }),
      member: await createTestAccount({ platformRole: 'member', organizationShortName: 'DGB' }),
      admin: await createTestAccount({
        platformRole: 'admin',
        organizationShortName: 'Stadt Aachen FB 02',
      }),
    };
    const other = await createTestAccount({ platformRole: 'member', organizationShortName: 'HWK' });
    shared = await withService(async (tx) => {
      const { rows: orgs } = await tx.query<{ organization_id: string }>(
        "select organization_id from public.organizations where short_name = 'AGIT'",
      );
      const { rows: themes } = await tx.query<{ theme_id: string }>(
        "select theme_id from public.themes where code = 'FK'",
      );
      return {
        organizationId: orgs[0]!.organization_id,
        themeId: themes[0]!.theme_id,
        profileId: other.userId,
      };
    });
  });

  const cells = TARGETS.flatMap((target) =>
    OPERATIONS.flatMap((operation) =>
      PERSONAS.map((persona, index) => ({
        target,
        operation,
        persona,
        expected: EXPECTED[target.table]![operation][index]!,
      })),
    ),
  );

  it.each(
    cells.map(
      (cell) =>
        [
          cell.persona,
          cell.operation,
          cell.target.table,
          cell.expected ? 'allowed' : 'denied',
          cell,
        ] as const,
    ),
  )('%s %s on %s is %s', async (persona, operation, _table, _verdict, cell) => {
    const ownProfileId = persona === 'anon' ? null : accounts[persona].userId;
    const took = await asPersona(persona, accounts, (tx) =>
      cell.target.run[operation](tx, { ...shared, ownProfileId }),
    );
    expect(took).toBe(cell.expected);
  });

  it('checks every cell of the matrix', () => {
    console.log(`RLS foundation matrix: ${cells.length} cells checked`);
    expect(cells.length).toBe(TARGETS.length * OPERATIONS.length * PERSONAS.length);
  });

  it('keeps auth.users and local_auth out of reach of the API roles', async () => {
    for (const persona of ['anon', 'member', 'admin'] as const) {
      for (const sql of [
        'select 1 from auth.users',
        'select 1 from local_auth.sessions',
        'select 1 from local_auth.login_attempts',
      ]) {
        const denied = await asPersona(persona, accounts, async (tx) => {
          try {
            await tx.query(sql);
            return false;
          } catch (error) {
            return (error as { code?: string }).code === '42501';
          }
        });
        expect(denied, `${persona}: ${sql}`).toBe(true);
      }
    }
  });

  it('a deactivated admin loses every admin right at once', async () => {
    const admin = await createTestAccount({ platformRole: 'admin' });
    await withService((tx) =>
      tx.query('update public.profiles set is_active = false where profile_id = $1', [
        admin.userId,
      ]),
    );
    const took = await runAs('authenticated', admin.claims, (tx) =>
      affected(
        tx,
        "update public.themes set description_de = description_de where code = 'FK'",
        [],
      ),
    );
    expect(took).toBe(false);
  });
});
