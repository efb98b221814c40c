#!/bin/sh
# Compiles old_spellings.cpp and checks that each Python 2 spelling warns
# "deprecated: use NEW", as Python 3's DeprecationWarning names the new one.
# Usage: check.sh CXX ENGINE_INCLUDE_DIR
set -u
out=$("$1" -std=c++20 -fsyntax-only -Wdeprecated-declarations -I "$2" "$(dirname "$0")/old_spellings.cpp" 2>&1)
status=0
for wanted in 'use set_name()' 'use set_daemon()' 'use is_alive()' 'use daemon()' 'use name()' \
              'use active_count()' 'use current_thread()' 'use is_set()'; do
  if ! printf '%s\n' "$out" | grep -qF "$wanted"; then
    echo "no deprecation warning saying '$wanted'"
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "every old spelling warns and names the new one"
[ "$status" -ne 0 ] && printf '%s\n' "$out"
exit "$status"
