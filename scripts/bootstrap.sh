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
  # tests, lint and benchmarks
  clang-format clang-tidy
  libgtest-dev libgmock-dev libbenchmark-dev sqlite3 postgresql nginx wrk hyperfine unzip
  libreoffice-calc-nogui  # reads our exports back in the tests, as a bureau would
  # web console (Node.js itself comes with the machine; installed from Debian if absent)
  chromium chromium-driver fonts-noto-cjk
)
command -v node >/dev/null || DEB_PACKAGES+=(nodejs npm)

missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm dependencies (the console; the region codes): reinstalled only when a lock file changed.
for dir in web regions; do
  [[ -f $dir/package-lock.json ]] || continue
  stamp=$dir/node_modules/.shegong-lock.sha
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [[ ! -f $stamp || "$(cat "$stamp")" != "$want" ]]; then
    echo "bootstrap: npm ci ($dir)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
  fi
done
echo "bootstrap: ok"
