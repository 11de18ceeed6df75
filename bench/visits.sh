#!/usr/bin/env bash
# Visits recorded through the API on SQLite: each request writes the visit, its first
# version, the target's due date, the campaign's counters and an audit entry, in one
# transaction. The demo data (Luohe) with a started campaign whose targets are assigned
# to one social worker; wrk posts visits with fresh client ids at 8 and 32 connections.
# Usage: bench/visits.sh [seconds=10]
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
BIN=$PWD/build/release/shegong
WORK=$(mktemp -d /tmp/shegong-visits.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
source bench/lib.sh
PORT=18192
export SHEGONG_KEYS="$($BIN keys generate --id bench1)"
echo "# machine: $(nproc) cores; shegong $(git rev-parse --short HEAD 2>/dev/null || echo '?'); server on CPU 0, wrk on CPU 1"

cat >"$WORK/shegong.toml" <<TOML
require_totp = false
access_log = false
TOML
taskset -c ${SERVER_CPUS:-0} $BIN -c "$WORK/shegong.toml" serve --demo --data-dir "$WORK/data" --port $PORT --threads ${THREADS:-8} \
  --regions-source tests/fixtures/regions >"$WORK/sg.out" 2>"$WORK/sg.err" &
wait_ready $PORT || { cat "$WORK/sg.err"; exit 1; }
API="http://127.0.0.1:$PORT/api/v1"
login() { curl -sf -XPOST "$API/auth/login" -H 'content-type: application/json' \
  -d "{\"username\":\"$1\",\"password\":\"Shegong@2026\"}" | node -pe 'JSON.parse(require("fs").readFileSync(0)).token'; }
call() { # token method path [body]
  curl -sf -X"$2" "$API$3" -H "authorization: Bearer $1" -H 'content-type: application/json' ${4:+-d "$4"}; }
ADMIN=$(login luohe); MANAGER=$(login zhanzhang); WORKER=$(login sgwang)
# Campaign days are China's calendar days: the period covers yesterday to tomorrow there.
FROM=$(TZ=Asia/Shanghai date -d yesterday +%F); TO=$(TZ=Asia/Shanghai date -d tomorrow +%F)
C=$(call "$ADMIN" POST /campaigns "{\"name\":\"基准测试走访\",\"region_code\":\"411100000000\",\"starts_on\":\"$FROM\",\"ends_on\":\"$TO\",\"categories\":[\"tekun\",\"orphan\",\"left_behind_child\",\"elderly_in_difficulty\",\"dibao\",\"disabled\",\"dibao_marginal\"]}" \
  | node -pe 'JSON.parse(require("fs").readFileSync(0)).id')
call "$ADMIN" POST "/campaigns/$C/start" '{"version":1}' >/dev/null
ME=$(call "$WORKER" GET /auth/me | node -pe 'JSON.parse(require("fs").readFileSync(0)).user.id')
call "$MANAGER" GET "/campaigns/$C/targets?page_size=200" | node -pe \
  'JSON.stringify(JSON.parse(require("fs").readFileSync(0)).items.map(t=>t.target_id))' >"$WORK/ids.json"
call "$MANAGER" POST "/campaigns/$C/assignments" "{\"worker_id\":\"$ME\",\"target_ids\":$(cat "$WORK/ids.json")}" >/dev/null
call "$WORKER" GET /assignments/mine | node -e 'for (const t of JSON.parse(require("fs").readFileSync(0)).items) console.log(t.target_id, t.members[0].person_id)' >"$WORK/targets.txt"
echo "## $(wc -l <"$WORK/targets.txt") targets assigned to one worker; ${SECS} s per run"

SG=$(pgrep -f "shegong -c $WORK/shegong.toml" | head -1)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SG/stat"; }
total=0
for conns in 8 32; do
  before=$(cpu_ticks)
  TARGETS="$WORK/targets.txt" TOKEN="$WORKER" CAMPAIGN="$C" taskset -c ${WRK_CPUS:-1} wrk -t1 -c$conns -d"${SECS}s" --latency \
    -s bench/visits.lua "http://127.0.0.1:$PORT" >"$WORK/wrk.txt"
  if grep -q "Non-2xx" "$WORK/wrk.txt"; then echo "non-2xx answers!"; cat "$WORK/wrk.txt"; tail -5 "$WORK/sg.err"; exit 1; fi
  n=$(awk '/requests in/{print $1}' "$WORK/wrk.txt")
  total=$((total + n))
  cpu_us=$(( ($(cpu_ticks) - before) * 1000000 / $(getconf CLK_TCK) / n ))
  echo "visits, $conns connections: $(awk '/Requests\/sec/{print $2}' "$WORK/wrk.txt") req/s, p50 $(awk '$1=="50%"{print $2}' "$WORK/wrk.txt"), p99 $(awk '$1=="99%"{print $2}' "$WORK/wrk.txt") ($n visits, server CPU ${cpu_us} µs per visit)"
done
counted=$(call "$ADMIN" GET "/campaigns/$C/coverage" | node -pe 'JSON.parse(require("fs").readFileSync(0)).totals.visits')
echo "coverage counts $counted visits; wrk saw $total answers (requests still in flight when wrk stops are counted by the server only)"
echo "store: $(du -m "$WORK/data/shegong.db" | cut -f1) MiB"
