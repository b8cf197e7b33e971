#!/usr/bin/env bash
# Starts the machine's PostgreSQL (Debian's cluster) and creates the role and the empty test
# database the store tests use: jdbc:postgresql://127.0.0.1:5432/kunren_test, user kunren.
set -euo pipefail
version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1 || true)"
if [[ -z "$version" ]]; then
  echo "start-postgres: no PostgreSQL cluster under /etc/postgresql; install it with: apt-get install -y postgresql" >&2
  exit 1
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 0.5
done
pg_isready -h 127.0.0.1 -p 5432
as_postgres() { su postgres -c "$1"; }
if ! as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'kunren'\"" | grep 1 >/dev/null; then
  as_postgres "psql -q -c \"CREATE ROLE kunren LOGIN PASSWORD 'kunren'\""
fi
as_postgres "dropdb --if-exists kunren_test"
as_postgres "createdb -O kunren kunren_test"
echo "start-postgres: PostgreSQL $version ready, database kunren_test (user kunren) created empty"
