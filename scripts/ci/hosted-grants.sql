-- Hosted Supabase, step 3 (superuser, after supabase/local): the grants a project's `postgres`
-- role has there — member of the API roles, owner-level rights in public, and on auth.users the
-- rights that triggers and foreign keys need, but no superuser and no ownership of auth.
grant anon, authenticated, service_role to postgres;
grant all on database postgres to postgres;
grant all on schema public to postgres;
grant usage on schema auth, extensions to postgres;
grant all on auth.users to postgres;
grant execute on all functions in schema auth to postgres;
alter default privileges for role postgres in schema public
  grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on functions to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on sequences to anon, authenticated, service_role;
