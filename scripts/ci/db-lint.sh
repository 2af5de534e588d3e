#!/usr/bin/env bash
# The database lint (scripts/db-lint.sql) on a freshly migrated database of the Postgres server at
# $1 (an admin URL); prints what it finds and fails when it finds anything.
set -euo pipefail
cd "$(dirname "$0")/../.."
admin=${1:?usage: scripts/ci/db-lint.sh postgres://user@host:port/db}
name="mpw_lint_$(date +%s)_$$"
url=$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.toString())' "$admin" "$name")
psql "$admin" -X -q -v ON_ERROR_STOP=1 -c "create database $name"
trap 'psql "$admin" -X -q -c "drop database if exists $name with (force)" >/dev/null' EXIT
DATABASE_URL="$url" npx tsx app/server/db-migrate.ts >/dev/null
findings=$(psql "$url" -X -q -At -F ' | ' -v ON_ERROR_STOP=1 -f scripts/db-lint.sql)
if [ -n "$findings" ]; then
  printf 'database lint found problems:\n%s\n' "$findings"
  exit 1
fi
echo "database lint: clean"
