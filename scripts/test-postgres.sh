#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on 127.0.0.1 for the Messages tests,
# from Debian's packages (installed when missing), run as the `postgres`
# user under /tmp. Prints the connection URL on its last line.
#
#   eval "$(scripts/test-postgres.sh start)"   # exports WITHALLO_TEST_PG_URL
#   scripts/test-postgres.sh stop <dir>
set -euo pipefail

cmd="${1:-start}"
if [ "$cmd" = "stop" ]; then
  dir="${2:?usage: test-postgres.sh stop <dir>}"
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  exit 0
fi

if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  apt-get update >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
fi
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
port="${WITHALLO_CI_PG_PORT:-54329}"
dir="$(mktemp -d /tmp/withallo-ci-pg.XXXXXX)"
chown postgres "$dir"
# trust on loopback only: a throwaway cluster for tests, never reachable from outside.
runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=100" start >&2
echo "export WITHALLO_TEST_PG_DIR=$dir"
echo "export WITHALLO_TEST_PG_URL=postgres://postgres@127.0.0.1:$port/postgres"
