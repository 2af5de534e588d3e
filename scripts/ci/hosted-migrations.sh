#!/usr/bin/env bash
# Every migration once as a non-superuser, like `supabase db push` on a hosted project: a cluster
# of its own whose superuser is supabase_admin; `postgres` is NOSUPERUSER CREATEROLE CREATEDB
# BYPASSRLS with the hosted grants. The superuser applies what Supabase provides (supabase/local);
# our migration runner applies supabase/migrations as `postgres` (it sees supabase_admin and skips
# the base, as on a real project), then seeds the demo through the app. Then: nothing pending on a
# second run, history in supabase_migrations.schema_migrations, and the database lint clean.
# Any error fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PORT=${HOSTED_PG_PORT:-54329}
work=$(mktemp -d /tmp/mpw-hosted-XXXXXX)
as_cluster_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres: "$work"; fi
stop() {
  as_cluster_owner "$PGBIN/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT

as_cluster_owner "$PGBIN/initdb" -D "$work/data" -U supabase_admin --auth=trust -E UTF8 \
  --locale=C.UTF-8 >/dev/null
as_cluster_owner "$PGBIN/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-p $PORT -k $work -c listen_addresses=127.0.0.1" start >/dev/null

admin="postgres://supabase_admin@127.0.0.1:$PORT/postgres"
owner="postgres://postgres@127.0.0.1:$PORT/postgres"
sql() { psql "$1" -X -q -v ON_ERROR_STOP=1 "${@:2}"; }

sql "$admin" -f scripts/ci/hosted-roles.sql
for file in supabase/local/*.sql; do sql "$admin" -f "$file"; done
sql "$admin" -f scripts/ci/hosted-grants.sql
test "$(sql "$owner" -Atc 'select rolsuper from pg_roles where rolname = current_user')" = f

DATABASE_URL="$owner" npx tsx app/server/db-migrate.ts
# Reference data and the demo (accounts as service_role, measures, documents) as the app writes them.
DATABASE_URL="$owner" npx tsx app/server/db-seed.ts >/dev/null

second=$(DATABASE_URL="$owner" npx tsx app/server/db-migrate.ts)
echo "second run: $second"
case "$second" in "0 migration(s) applied"*) ;; *) echo "migrations not idempotent"; exit 1 ;; esac

files=$(ls supabase/migrations/*.sql | sed -E 's#.*/([0-9]{14})_.*#\1#' | sort | tr '\n' ' ')
recorded=$(sql "$owner" -Atc 'select version from supabase_migrations.schema_migrations order by version' | tr '\n' ' ')
if [ "$files" != "$recorded" ]; then
  echo "history differs from supabase/migrations: files [$files] recorded [$recorded]"
  exit 1
fi

findings=$(sql "$owner" -At -F ' | ' -f scripts/db-lint.sql)
if [ -n "$findings" ]; then
  printf 'database lint found problems:\n%s\n' "$findings"
  exit 1
fi
echo "hosted-style migrations: $(echo "$files" | wc -w) applied as non-superuser postgres; lint clean"
