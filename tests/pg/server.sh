#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL 15 server for the tests, from Debian's
# packages: initdb into a temporary folder as the unprivileged `postgres` user,
# listening on 127.0.0.1 only.
#   tests/pg/server.sh start PORT   -> prints the admin conninfo; writes /tmp/shegong-pg-PORT/conninfo
#   tests/pg/server.sh stop PORT
set -euo pipefail
action=$1
port=$2
bin=/usr/lib/postgresql/15/bin
dir=/tmp/shegong-pg-$port
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case $action in
  start)
    if [[ -f $dir/data/postmaster.pid ]]; then as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres" | tee "$dir/conninfo"
    ;;
  stop)
    if [[ -d $dir/data ]]; then as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop PORT" >&2; exit 2 ;;
esac
