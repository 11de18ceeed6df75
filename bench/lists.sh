#!/usr/bin/env bash
# Lists at a province's scale: every list route with its filters and sorts, its first page
# and page 5,000 (page_size 20, 99,980 rows in), as the province's civil-affairs
# administrator (the widest scope: the whole store) and as a county's and a village's; p99
# at 1 and 4 connections. Also the people export (the largest one allowed, masked).
#
# The store: the synthetic facts of bench/stats.sh (PERSONS people, VISITS visits, their
# needs and campaign targets) loaded by the sqlite3 CLI, no counters (lists do not read
# them). Households are not synthesised (see bench/lib.sh).
# The server pinned on CPU 0, wrk on CPU 1.
#
# Usage: bench/lists.sh [persons=1000000] [visits=10000000] [seconds=5]
# Environment: BIN (default build/release/shegong), PROVINCE (default 34 = Anhui),
# ROUTES=pattern (only the requests whose label matches), KEEP=1 keeps the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
PERSONS=${1:-1000000}
VISITS=${2:-10000000}
SECS=${3:-5}
BIN=${BIN:-$PWD/build/release/shegong}
PROVINCE=${PROVINCE:-34}
source bench/lib.sh
make_work lists
PORT=18195
DB=$WORK/data/shegong.db
REGION=${PROVINCE}0000000000
export SHEGONG_KEYS="$($BIN keys generate --id bench1)"

echo "# machine: $(nproc) cores, $(free -h | awk '/Mem:/{print $2}') RAM, $(uname -r); shegong $(git rev-parse --short HEAD 2>/dev/null || echo '?'), sqlite3 $(sqlite3 --version | cut -d' ' -f1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "## $PERSONS people, $VISITS visits, province $REGION"
load_facts "$PERSONS" "$VISITS" "$PROVINCE"

# A county and a village with people in them, a worker, a campaign.
COUNTY=$(sqlite3 "$DB" "SELECT substr(region_code, 1, 6) FROM persons GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1")
VILLAGE=$(sqlite3 "$DB" "SELECT region_code FROM persons WHERE region_code LIKE '$COUNTY%' LIMIT 1")
WORKER=$(sqlite3 "$DB" "SELECT worker_id FROM visits LIMIT 1")
CAMPAIGN=01970000-0000-7000-8000-000000002025
# Lists show the campaign only while it runs: the 2025 campaign is made active for the targets list.
sqlite3 "$DB" "UPDATE campaigns SET status = 'active', ended_at = NULL WHERE id = '$CAMPAIGN'"

cat >"$WORK/shegong.toml" <<TOML
require_totp = false
access_log = false
TOML
for who in "province:$REGION" "county:${COUNTY}000000" "village:$VILLAGE"; do
  SHEGONG_PASSWORD='Bench#2026start' $BIN --data-dir "$WORK/data" user add --username "${who%%:*}" \
    --role civil_affairs_admin --region "${who#*:}" >/dev/null
done
taskset -c 0 $BIN -c "$WORK/shegong.toml" serve --data-dir "$WORK/data" --port $PORT --threads 2 \
  --no-access-log >"$WORK/sg.out" 2>"$WORK/sg.err" &
SG=$!
wait_ready $PORT $SG || { cat "$WORK/sg.err"; exit 1; }
API="http://127.0.0.1:$PORT/api/v1"
login() {
  local t
  t=$(curl -sf -XPOST "$API/auth/login" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"Bench#2026start\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/')
  # The first sign-in must change the password; the new one is what the bench uses.
  curl -sf -XPOST "$API/auth/password" -H "Authorization: Bearer $t" -H 'content-type: application/json' \
    -d '{"current_password":"Bench#2026start","new_password":"Bench#2026lists"}' >/dev/null
  curl -sf -XPOST "$API/auth/login" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"Bench#2026lists\"}" | sed -E 's/.*"token":"([^"]+)".*/\1/'
}
declare -A TOKEN
for who in province county village; do TOKEN[$who]=$(login $who); done

# label|who|path (without page)
REQUESTS=(
  "persons|province|persons?page_size=20"
  "persons category=dibao|province|persons?category=dibao&page_size=20"
  "persons category=orphan (rare)|province|persons?category=orphan&page_size=20"
  "persons risk=high|province|persons?risk_level=high&page_size=20"
  "persons sort=-birth_date|province|persons?sort=-birth_date&page_size=20"
  "persons sort=risk_level|province|persons?sort=risk_level&page_size=20"
  "persons sort=region_code|province|persons?sort=region_code&page_size=20"
  "persons q=王 (name)|province|persons?q=%E7%8E%8B&page_size=20"
  "persons q=zh (pinyin)|province|persons?q=zh&page_size=20"
  "persons category=tekun, county|county|persons?category=tekun&page_size=20"
  "persons, village|village|persons?page_size=20"
  "visits|province|visits?page_size=20"
  "visits worker|province|visits?worker_id=$WORKER&page_size=20"
  "visits campaign|province|visits?campaign_id=$CAMPAIGN&page_size=20"
  "visits, county|county|visits?page_size=20"
  "visits, village|village|visits?page_size=20"
  "needs|province|needs?page_size=20"
  "needs state=raised|province|needs?state=raised&page_size=20"
  "needs open, sort=-raised_at|province|needs?open=true&sort=-raised_at&page_size=20"
  "needs category=medical|province|needs?category=medical&page_size=20"
  "needs sort=urgency|province|needs?sort=urgency&page_size=20"
  "targets|province|campaigns/$CAMPAIGN/targets?page_size=20"
  "targets unassigned|province|campaigns/$CAMPAIGN/targets?unassigned=true&page_size=20"
  "targets sort=-last_visit_at|province|campaigns/$CAMPAIGN/targets?sort=-last_visit_at&page_size=20"
  "targets, county|county|campaigns/$CAMPAIGN/targets?page_size=20"
)

p99() { # wrk output file -> p99 in ms, or "> 2 s" when requests timed out (wrk gives up after 2 s)
  if grep -q "timeout [1-9]" "$1"; then echo ">2000"; return; fi
  awk '$1=="99%"{v=$2; if (v ~ /us$/) {sub("us","",v); v=v/1000} else if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /s$/) {sub("s","",v); v=v*1000}; printf "%.1f", v}' "$1"
}
run() { # connections url token -> "p99 req/s"
  taskset -c 1 wrk -t1 -c"$1" -d"${SECS}s" --latency -H "Authorization: Bearer $3" "$2" >"$WORK/wrk.txt" 2>&1
  if grep -q "Non-2xx" "$WORK/wrk.txt"; then echo "non-2xx answers for $2" >&2; cat "$WORK/wrk.txt" >&2; exit 1; fi
  echo "$(p99 "$WORK/wrk.txt") $(awk '/Requests\/sec/{printf "%.0f", $2}' "$WORK/wrk.txt")"
}

printf '\n| request | who | total | page 1 p99 ms (1 / 4 conn) | page 5,000 p99 ms (1 / 4 conn) |\n|---|---|---|---|---|\n'
for r in "${REQUESTS[@]}"; do
  IFS='|' read -r label who path <<<"$r"
  [[ -n ${ROUTES:-} && ! $label =~ $ROUTES ]] && continue
  url="$API/$path"
  total=$(curl -sf -H "Authorization: Bearer ${TOKEN[$who]}" "$url" | sed -E 's/.*"total":([0-9]+),"total_exact":(true|false).*/\1 \2/' |
    awk '{print ($2 == "true" ? $1 : $1 "+")}')
  read -r a1 _ <<<"$(run 1 "$url&page=1" "${TOKEN[$who]}")"
  read -r a4 _ <<<"$(run 4 "$url&page=1" "${TOKEN[$who]}")"
  deep="$url&page=5000"
  if curl -sf -H "Authorization: Bearer ${TOKEN[$who]}" "$deep" | grep -q '"items":\[\]'; then
    d="(fewer than 5,000 pages)"
  else
    read -r b1 _ <<<"$(run 1 "$deep" "${TOKEN[$who]}")"
    read -r b4 _ <<<"$(run 4 "$deep" "${TOKEN[$who]}")"
    d="$b1 / $b4"
  fi
  printf '| %s | %s | %s | %s / %s | %s |\n' "$label" "$who" "$total" "$a1" "$a4" "$d"
done

echo
echo "## people export (masked): a county's 特困, and the province's 孤儿 (refused past 100,000 rows)"
rss() { awk '/^VmRSS/{print $2}' "/proc/$SG/status"; }
for q in "category=tekun&region=$COUNTY" "category=orphan"; do
  before=$(rss)
  t=$(now)
  code=$(curl -s -o "$WORK/export.xlsx" -w '%{http_code}' -H "Authorization: Bearer ${TOKEN[province]}" "$API/persons/export?$q")
  secs=$(since "$t")
  rows=$(unzip -p "$WORK/export.xlsx" xl/worksheets/sheet1.xml 2>/dev/null | grep -o '<row ' | wc -l || true)
  echo "export $q: HTTP $code, $((rows > 0 ? rows - 1 : 0)) rows in $secs s ($(echo "($rows - 1) / $secs" | bc 2>/dev/null || echo '?') rows/s), RSS $before → $(rss) KiB"
done
