#!/usr/bin/env bash
# The foundation's read benchmark on PostgreSQL, beside SQLite, and two servers
# behind nginx against one. Needs no running service: starts its own PostgreSQL
# (tests/pg/server.sh, fsync on), servers and nginx on loopback.
# Usage: bench/postgres.sh [rounds=3] [seconds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
SECS=${2:-10}
BIN=$PWD/build/release/shegong
PGPORT=55450
WORK=$(mktemp -d /tmp/shegong-pgbench.XXXXXX)
chmod 755 "$WORK"
cleanup() { kill $(jobs -p) 2>/dev/null || true; sleep 0.5; bash tests/pg/server.sh stop $PGPORT; rm -rf "$WORK"; }
trap cleanup EXIT
source bench/lib.sh
bash tests/pg/server.sh start $PGPORT >/dev/null
# The test server runs with fsync off; benchmarks measure the durable configuration.
runuser -u postgres -- psql -h 127.0.0.1 -p $PGPORT -U postgres -qc "ALTER SYSTEM SET fsync = on" -c "SELECT pg_reload_conf()" >/dev/null
ADMIN=postgresql://postgres@127.0.0.1:$PGPORT/postgres
psql "$ADMIN" -qc "CREATE DATABASE shegong"
PG=postgresql://postgres@127.0.0.1:$PGPORT/shegong
CODE=330521005001

echo "# machine: $(nproc) cores; $(psql "$ADMIN" -tAc 'select version()' | cut -d, -f1)"
echo "## full region import into PostgreSQL (COPY, one transaction)"
/usr/bin/time -f "wall %e s, max RSS %M KiB" $BIN --store "$PG" regions import 2>&1 | grep -E "regions:|wall"
echo "## same import into SQLite"
/usr/bin/time -f "wall %e s, max RSS %M KiB" $BIN --data-dir "$WORK/lite" regions import 2>&1 | grep -E "regions:|wall"

start() { # store port threads extra-env -> pid
  $BIN serve --demo --store "$1" --port "$2" --threads "$3" --no-access-log \
    --regions-source tests/fixtures/regions >/dev/null 2>"$WORK/$2.err" &
  wait_ready "$2"
}
echo "## GET /api/v1/regions/$CODE, region cache off (every request reads the store), 8 threads, unpinned"
echo "| round | SQLite req/s | p99 | PostgreSQL req/s | p99 |"
echo "|---|---|---|---|---|"
# Handlers wait for the database on their I/O thread, so a networked store wants more
# threads than cores; both servers get the same 8.
SHEGONG_REGION_CACHE_SECONDS=0 $BIN serve --demo --data-dir "$WORK/lite" --port 18401 --threads 8 --no-access-log \
  --regions-source tests/fixtures/regions >/dev/null 2>"$WORK/l.err" &
SHEGONG_REGION_CACHE_SECONDS=0 $BIN serve --demo --store "$PG" --port 18402 --threads 8 --no-access-log \
  --regions-source tests/fixtures/regions >/dev/null 2>"$WORK/p.err" &
for p in 18401 18402; do wait_ready $p; done
TL=$(token 18401); TP=$(token 18402)
ls_=(); ps_=()
for r in $(seq "$ROUNDS"); do
  read -r a ap < <(rps "http://127.0.0.1:18401/api/v1/regions/$CODE" "$TL" "")
  read -r b bp < <(rps "http://127.0.0.1:18402/api/v1/regions/$CODE" "$TP" "")
  ls_+=("$a"); ps_+=("$b")
  echo "| $r | $a | $ap | $b | $bp |"
done
echo "median: SQLite $(median "${ls_[@]}"), PostgreSQL $(median "${ps_[@]}") req/s"
kill %- 2>/dev/null || true
pkill -f "port 18401" || true; pkill -f "port 18402" || true
sleep 0.5

echo "## one vs two servers (4 threads each) on PostgreSQL behind nginx, region cache off, unpinned"
SHEGONG_REGION_CACHE_SECONDS=0 start "$PG" 18411 4
SHEGONG_REGION_CACHE_SECONDS=0 start "$PG" 18412 4
for n in 1 2; do
  ups="server 127.0.0.1:18411;"
  [[ $n == 2 ]] && ups="$ups server 127.0.0.1:18412;"
  cat >"$WORK/nginx$n.conf" <<CONF
worker_processes 1; daemon off; pid $WORK/nginx$n.pid; error_log $WORK/nginx$n.log warn;
events { worker_connections 1024; }
http { access_log off; upstream s { $ups keepalive 64; }
  server { listen 127.0.0.1:1842$n; location / { proxy_pass http://s; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
CONF
  nginx -c "$WORK/nginx$n.conf" -p "$WORK" &
done
sleep 1
T=$(token 18421)
one=(); two=()
echo "| round | one server req/s | two servers req/s | ratio |"
echo "|---|---|---|---|"
for r in $(seq "$ROUNDS"); do
  read -r a _ < <(rps "http://127.0.0.1:18421/api/v1/regions/$CODE" "$T" "")
  read -r b _ < <(rps "http://127.0.0.1:18422/api/v1/regions/$CODE" "$T" "")
  one+=("$a"); two+=("$b")
  echo "| $r | $a | $b | $(awk -v x="$b" -v y="$a" 'BEGIN{printf "%.2f", x/y}') |"
done
echo "median: one $(median "${one[@]}"), two $(median "${two[@]}") req/s"
