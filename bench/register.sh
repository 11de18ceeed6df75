#!/usr/bin/env bash
# The register at county scale: import N synthetic people (bench/gen-persons.mjs: valid
# check digits, categories, GBK-free UTF-8 CSV) through every step of `shegong import
# persons` (parse, check, deduplicate, pinyin, seal, blind index, write), against
# `sqlite3 .import` of the same CSV into a bare table in the same run; then search by
# name and by ID number over the populated store, with 1 and 4 connections, and report p99.
# Usage: bench/register.sh [rows=1000000] [seconds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
SECS=${2:-10}
BIN=$PWD/build/release/shegong
WORK=$(mktemp -d /tmp/shegong-register.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
source bench/lib.sh
PORT=18191
export SHEGONG_KEYS="$($BIN keys generate --id bench1)"

echo "# machine: $(nproc) cores, $(free -h | awk '/Mem:/{print $2}') RAM; shegong $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(sqlite3 --version | cut -d' ' -f1)"
node bench/gen-persons.mjs "$ROWS" "$WORK/persons.csv" tests/fixtures/regions/villages.csv
echo "## $ROWS rows, $(du -m "$WORK/persons.csv" | cut -f1) MiB of CSV"

start=$(date +%s.%N)
sqlite3 "$WORK/bare.db" -cmd ".mode csv" ".import $WORK/persons.csv persons"
ceiling=$(echo "$(date +%s.%N) - $start" | bc)
echo "sqlite3 .import into a bare table: ${ceiling} s"

$BIN --data-dir "$WORK/data" regions import --source tests/fixtures/regions >/dev/null 2>&1
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$WORK/rss" $BIN --data-dir "$WORK/data" import persons "$WORK/persons.csv" --mode valid_rows \
  2>"$WORK/import.err" | tee "$WORK/import.out"
took=$(echo "$(date +%s.%N) - $start" | bc)
echo "shegong import persons: ${took} s, peak RSS $(( $(cat "$WORK/rss") / 1024 )) MiB -> $(echo "scale=3; $ceiling / $took" | bc)x of the ceiling"
echo "store: $(du -m "$WORK/data/shegong.db" | cut -f1) MiB"

cat >"$WORK/shegong.toml" <<TOML
require_totp = false
access_log = false
TOML
SHEGONG_PASSWORD='Bench#2026start' $BIN --data-dir "$WORK/data" user add --username searcher --role civil_affairs_admin >/dev/null
$BIN -c "$WORK/shegong.toml" serve --data-dir "$WORK/data" --port $PORT --threads 2 >"$WORK/sg.out" 2>"$WORK/sg.err" &
wait_ready $PORT
T=$(curl -sf -XPOST "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"username":"searcher","password":"Bench#2026start"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
curl -sf -XPOST "http://127.0.0.1:$PORT/api/v1/auth/password" -H "authorization: Bearer $T" -H 'content-type: application/json' \
  -d '{"current_password":"Bench#2026start","new_password":"Bench#2026done"}' >/dev/null
T=$(curl -sf -XPOST "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"username":"searcher","password":"Bench#2026done"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')

# Queries drawn from the file itself: full names (URL-encoded), surnames with one more
# character, and exact ID numbers.
shuf -n 1000 --random-source=<(yes) "$WORK/persons.csv" | grep -v '^姓名' >"$WORK/sample.csv"
cut -d, -f1 "$WORK/sample.csv" | node -e 'require("fs").readFileSync(0,"utf8").trim().split("\n").forEach(n=>console.log(encodeURIComponent(n)))' >"$WORK/names.txt"
cut -d, -f2 "$WORK/sample.csv" >"$WORK/ids.txt"
for conns in 1 4; do
  for kind in names ids; do
    QUERIES="$WORK/$kind.txt" TOKEN="$T" wrk -t1 -c$conns -d"${SECS}s" --latency -s bench/search.lua "http://127.0.0.1:$PORT" >"$WORK/wrk.txt"
    grep -q "Non-2xx" "$WORK/wrk.txt" && { echo "non-2xx answers"; cat "$WORK/wrk.txt"; exit 1; }
    echo "search by $kind ($conns connection(s)): $(awk '/Requests\/sec/{print $2}' "$WORK/wrk.txt") req/s, p50 $(awk '$1=="50%"{print $2}' "$WORK/wrk.txt"), p99 $(awk '$1=="99%"{print $2}' "$WORK/wrk.txt")"
  done
done
