# Helpers shared by the benchmark scripts; sourced, with WORK and SECS set.

wait_ready() { # port
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$1/readyz" >/dev/null && return 0; sleep 0.1; done
  return 1
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
