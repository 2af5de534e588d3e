-- Security definer functions run with their owner's rights, so nobody may call them who does not
-- need to (database lint, scripts/db-lint.sql): trigger functions had PUBLIC's default EXECUTE,
-- and measure_exists was granted to anon although signed-out pages never ask it.

revoke all on function app_private.assign_measure_code(), app_private.guard_membership(),
  app_private.log_measure_change(), app_private.log_measure_link_change(),
  app_private.log_membership_change()
  from public, anon, authenticated;

revoke all on function app_private.measure_exists(uuid) from public, anon;
grant execute on function app_private.measure_exists(uuid) to authenticated, service_role;
