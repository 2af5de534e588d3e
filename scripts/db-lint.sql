-- Database lint: the checks of Supabase's splinter linter that apply to this project. One row per
-- problem (check, object, detail); no rows means clean. Run by CI (.ci/run, psql) and by
-- tests/integration/db-lint.test.ts. Exposed schemas must match [api].schemas in supabase/config.toml.
--   rls_disabled_in_exposed_schema   every table in an exposed schema has row-level security
--   view_not_security_invoker        every view in an exposed schema runs as the caller
--   materialized_view_in_api         (no RLS on materialized views: none may be exposed)
--   security_definer_search_path     every security definer function pins its search_path
--   security_definer_executable_by_anon / _by_public
--                                    no security definer function is executable by anon or PUBLIC
--   policy_reads_user_metadata       no policy trusts user_metadata (users can write it themselves)
with exposed(schema_name) as (
  values ('public')
),
-- Schemas that Supabase (or supabase/local on other databases) owns, not our migrations.
platform(schema_name) as (
  values ('pg_catalog'), ('information_schema'), ('pg_toast'), ('auth'), ('extensions'),
         ('storage'), ('graphql'), ('graphql_public'), ('realtime'), ('_realtime'), ('vault'),
         ('pgsodium'), ('pgsodium_masks'), ('net'), ('cron'), ('pgbouncer'), ('supabase_functions'),
         ('supabase_migrations'), ('_analytics'), ('pgtle'), ('pgmq')
),
definer_functions as (
  select p.oid, n.nspname, p.proname, p.proconfig, p.proacl,
         format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as signature
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
   where p.prosecdef
     and n.nspname not in (select schema_name from platform)
     and n.nspname not like 'pg_temp%'
     and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
)
select 'rls_disabled_in_exposed_schema' as check_name,
       format('%I.%I', n.nspname, c.relname) as object_name,
       'table in an exposed schema without row-level security' as detail
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p')
   and n.nspname in (select schema_name from exposed)
   and not c.relrowsecurity
union all
select 'view_not_security_invoker',
       format('%I.%I', n.nspname, c.relname),
       'view runs with its owner''s rights (set security_invoker = true)'
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
 where c.relkind = 'v'
   and n.nspname in (select schema_name from exposed)
   and not coalesce('security_invoker=true' = any (c.reloptions)
                    or 'security_invoker=on' = any (c.reloptions), false)
union all
select 'materialized_view_in_api',
       format('%I.%I', n.nspname, c.relname),
       'materialized views ignore row-level security'
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
 where c.relkind = 'm'
   and n.nspname in (select schema_name from exposed)
union all
select 'security_definer_search_path', f.signature, 'security definer without a fixed search_path'
  from definer_functions f
 where not exists (select 1 from unnest(coalesce(f.proconfig, '{}')) setting
                    where setting like 'search_path=%')
union all
select 'security_definer_executable_by_anon', f.signature, 'anon may execute this security definer function'
  from definer_functions f
 where exists (select 1 from pg_roles where rolname = 'anon')
   and has_function_privilege('anon', f.oid, 'execute')
union all
select 'security_definer_executable_by_public', f.signature,
       'PUBLIC may execute this security definer function (revoke all … from public)'
  from definer_functions f
 where f.proacl is null
    or exists (select 1 from aclexplode(f.proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE')
union all
select 'policy_reads_user_metadata',
       format('%I.%I: %s', p.schemaname, p.tablename, p.policyname),
       'policy reads user_metadata, which every user can change about themselves'
  from pg_policies p
 where coalesce(p.qual, '') ~* 'user_meta' or coalesce(p.with_check, '') ~* 'user_meta'
order by 1, 2;
