-- Hosted Supabase, step 1 (run as the cluster's superuser, supabase_admin): the `postgres` role a
-- project owner gets is not a superuser. Attributes as on a hosted project.
create role postgres login nosuperuser createrole createdb replication bypassrls;
