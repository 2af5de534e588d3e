import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getDatabase } from '../../app/lib/db/client.server';

/** scripts/db-lint.sql (also run by CI) on the migrated test database. */
const LINT = readFileSync('scripts/db-lint.sql', 'utf8');

interface Finding {
  check_name: string;
  object_name: string;
}

async function lint(setup?: string): Promise<Finding[]> {
  const client = await (await getDatabase()).pool.connect();
  try {
    await client.query('begin');
    if (setup) await client.query(setup);
    const { rows } = await client.query<Finding>(LINT);
    return rows.map(({ check_name, object_name }) => ({ check_name, object_name }));
  } finally {
    await client.query('rollback');
    client.release();
  }
}

describe('database lint', () => {
  it('finds nothing in our migrations', async () => {
    expect(await lint()).toEqual([]);
  });

  it('lints exactly the schemas the API exposes (supabase/config.toml)', () => {
    const config = readFileSync('supabase/config.toml', 'utf8');
    const schemas = /\[api\][^[]*?\nschemas = \[([^\]]*)\]/.exec(config)?.[1] ?? '';
    const exposed = [...schemas.matchAll(/"([^"]+)"/g)].map((match) => match[1]);
    const start = LINT.indexOf('exposed(schema_name) as (');
    const block = LINT.slice(start, LINT.indexOf('\n),', start));
    const linted = [...block.matchAll(/'([^']+)'/g)].map((match) => match[1]);
    expect(exposed).toEqual(linted);
  });

  it('reports each kind of problem it knows', async () => {
    const findings = await lint(`
      create table public.lint_no_rls (id int);
      create view public.lint_definer_view as select 1 as one;
      create view public.lint_invoker_view with (security_invoker = true) as select 1 as one;
      create function public.lint_no_path() returns int language sql security definer as 'select 1';
      create function app_private.lint_pinned() returns int language sql security definer
        set search_path = '' as 'select 1';
      create function app_private.lint_revoked() returns int language sql security definer
        set search_path = '' as 'select 1';
      revoke all on function app_private.lint_revoked() from public;
      create table public.lint_meta (id int);
      alter table public.lint_meta enable row level security;
      create policy "trusts user metadata" on public.lint_meta for select to authenticated
        using ((auth.jwt() -> 'user_metadata' ->> 'role') = 'admin');
    `);
    expect(findings).toEqual([
      {
        check_name: 'policy_reads_user_metadata',
        object_name: 'public.lint_meta: trusts user metadata',
      },
      { check_name: 'rls_disabled_in_exposed_schema', object_name: 'public.lint_no_rls' },
      {
        check_name: 'security_definer_executable_by_anon',
        object_name: 'app_private.lint_pinned()',
      },
      { check_name: 'security_definer_executable_by_anon', object_name: 'public.lint_no_path()' },
      {
        check_name: 'security_definer_executable_by_public',
        object_name: 'app_private.lint_pinned()',
      },
      { check_name: 'security_definer_executable_by_public', object_name: 'public.lint_no_path()' },
      { check_name: 'security_definer_search_path', object_name: 'public.lint_no_path()' },
      { check_name: 'view_not_security_invoker', object_name: 'public.lint_definer_view' },
    ]);
  });
});
