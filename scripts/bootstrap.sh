#!/usr/bin/env bash
# The one installer: every Debian package shegong builds, runs and tests with,
# and the web console's npm dependencies. Idempotent: installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(
  # build
  build-essential cmake ninja-build ccache pkg-config
  # libraries
  libboost1.81-dev libsqlite3-dev libpq-dev libsodium-dev libssl-dev libicu-dev
  libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev libxlsxwriter-dev
  libboost-json1.81-dev libboost-url1.81-dev libcsv-dev libminizip-dev libexpat1-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev sqlite3 postgresql nginx wrk hyperfine
  # web console
  nodejs npm chromium chromium-driver
)

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node and npm may come from outside Debian on a developer machine; accept any node >= 20.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/#nodejs/}"); missing=("${missing[@]/#npm/}")
  tmp=(); for p in "${missing[@]}"; do [[ -n "$p" ]] && tmp+=("$p"); done; missing=("${tmp[@]+"${tmp[@]}"}")
fi
if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Console dependencies: reinstall only when the lock file changed.
if [[ -f web/package-lock.json ]]; then
  stamp=web/node_modules/.shegong-lock.sha
  want=$(sha256sum web/package-lock.json | cut -d' ' -f1)
  if [[ ! -f $stamp || "$(cat "$stamp")" != "$want" ]]; then
    echo "bootstrap: npm ci (web)"
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
  fi
fi
echo "bootstrap: ok"
