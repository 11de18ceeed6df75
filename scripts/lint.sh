#!/usr/bin/env bash
# The project's lint, run by `make test`:
# - every C++ file is formatted as .clang-format says (clang-format, the whole tree);
# - the C++ files changed by the last commit and not yet committed pass .clang-tidy
#   (against build/release/compile_commands.json), a ratchet that costs seconds;
# - the console passes eslint with eslint-plugin-vue (web/eslint.config.js).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0

mapfile -t cxx < <(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp' 'bench/*.hpp')
if ! clang-format --dry-run --Werror "${cxx[@]}" 2>/tmp/shegong-format.$$; then
  echo "lint: clang-format would change these files (run: clang-format -i <file>):"
  grep -o '^[^:]*\.[ch]pp' /tmp/shegong-format.$$ | sort -u | sed 's/^/  /'
  status=1
fi
rm -f /tmp/shegong-format.$$

db=${SHEGONG_COMPILE_DB:-build/release}
if [[ -f $db/compile_commands.json ]]; then
  mapfile -t changed < <({ git diff --name-only HEAD~1 2>/dev/null || true; git diff --name-only HEAD; } |
    grep -E '^(src|tests)/.*\.cpp$' | sort -u | while read -r f; do [[ -f $f ]] && echo "$f"; done)
  if ((${#changed[@]})); then
    echo "lint: clang-tidy on ${#changed[@]} changed file(s)"
    if ! printf '%s\n' "${changed[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$db" --quiet 2>/dev/null; then
      echo "lint: clang-tidy found problems (above)"
      status=1
    fi
  fi
else
  echo "lint: no $db/compile_commands.json; clang-tidy skipped"
fi

if ! npm --prefix web run --silent lint; then
  echo "lint: eslint found problems (above)"
  status=1
fi
exit $status
