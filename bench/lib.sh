# Helpers shared by the benchmark scripts; sourced, with WORK and SECS set.

# A work folder for one run (sets WORK): removed at the end with the run's background
# jobs stopped, or kept and its path printed when KEEP=1.
make_work() { # name
  WORK=$(mktemp -d "/tmp/shegong-$1.XXXXXX")
  if [ "${KEEP:-}" = 1 ]; then trap 'kill $(jobs -p) 2>/dev/null || true; echo "kept $WORK"' EXIT
  else trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT; fi
}

# Waits as long as the server needs (a first start on the whole division tree records the
# demo's history first, about a minute on these machines), up to 15 minutes; fails at once
# if the server (pid, when given) has exited.
wait_ready() { # port [pid]
  local waited=0
  until curl -sf "http://127.0.0.1:$1/readyz" >/dev/null; do
    if [[ -n ${2:-} ]] && ! kill -0 "$2" 2>/dev/null; then echo "the server exited before it was ready" >&2; return 1; fi
    if ((waited >= 9000)); then echo "the server was not ready after 15 minutes" >&2; return 1; fi
    if ((waited % 300 == 299)); then echo "waiting for the server on port $1 ($((waited / 10 + 1)) s) ..." >&2; fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

token() { # port -> a demo admin's bearer token
  curl -sf -XPOST "http://127.0.0.1:$1/api/v1/auth/login" -H 'content-type: application/json' \
    -d '{"username":"admin","password":"Shegong@2026"}' | sed -E 's/.*"token":"([^"]+)".*/\1/'
}

rps() { # url token [pin command] -> "req/s p99_ms"; fails on any non-2xx answer
  ${3:-} wrk -t1 -c32 -d"${SECS}s" --latency -H "Authorization: Bearer $2" "$1" >"$WORK/wrk.txt"
  if grep -q "Non-2xx" "$WORK/wrk.txt"; then echo "non-2xx answers!" >&2; cat "$WORK/wrk.txt" >&2; exit 1; fi
  echo "$(awk '/Requests\/sec/{print $2}' "$WORK/wrk.txt") $(awk '$1=="99%"{v=$2; if (v ~ /us$/) {sub("us","",v); v=v/1000} else if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /s$/) {sub("s","",v); v=v*1000}; print v}' "$WORK/wrk.txt")"
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc | awk '{printf "%.2f", $1}'; }

# A fresh store in $WORK/data (real region codes) holding synthetic facts written straight
# in by the sqlite3 CLI (bench/stats-facts.sql; no households: the sqlite3 CLI lacks the
# 'zh' collation their address index uses; then any further SQL files given), with
# the tables' secondary indexes dropped while loading and built again after from their
# own stored definitions. Needs BIN, WORK and DB.
load_facts() { # persons visits province [more.sql ...]
  local persons=$1 visits=$2 province=$3 t load index
  shift 3
  t=$(now)
  $BIN --data-dir "$WORK/data" regions import 2>/dev/null | tail -1
  echo "regions import: $(since "$t") s"
  local tables="'persons', 'person_categories', 'campaign_targets', 'visits', 'needs', 'need_resources'"
  sqlite3 "$DB" "SELECT sql || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ($tables)" >"$WORK/indexes.sql"
  sqlite3 "$DB" "SELECT 'DROP INDEX ' || name || ';' FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ($tables)" | sqlite3 "$DB"
  t=$(now)
  cat bench/stats-facts.sql "$@" |
    sqlite3 "$DB" -cmd "CREATE TEMP TABLE bench AS SELECT $persons AS persons, $visits AS visits, '$province' AS province" >/dev/null
  load=$(since "$t")
  t=$(now)
  (echo "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -2000000;"; cat "$WORK/indexes.sql"
   echo "PRAGMA journal_mode = WAL;") | sqlite3 "$DB" >/dev/null
  index=$(since "$t")
  sqlite3 "$DB" "SELECT (SELECT COUNT(*) FROM persons), (SELECT COUNT(*) FROM person_categories), (SELECT COUNT(*) FROM campaign_targets),
    (SELECT COUNT(*) FROM visits), (SELECT COUNT(*) FROM needs), (SELECT COUNT(*) FROM need_resources), (SELECT COUNT(*) FROM users)" |
    awk -F'|' '{printf "facts: %d persons, %d category spans, %d campaign targets, %d visits, %d needs, %d resources, %d workers\n", $1,$2,$3,$4,$5,$6,$7}'
  echo "load (sqlite3, no indexes): $load s; secondary indexes built: $index s; store: $(du -m "$DB" | cut -f1) MiB"
}
