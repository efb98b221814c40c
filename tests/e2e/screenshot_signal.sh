# F12, then SIGINT while the PNG is being encoded (its folder just made): the
# screenshot asked for before the signal is finished and its path printed,
# and the window exits 130 with every thread joined; no PNG is left unnamed.
. "$(dirname "$0")/lib.sh"

command -v xdotool >/dev/null 2>&1 || { echo "xdotool missing: skipped"; exit 77; }
shots="$work/shots"
E2E=$(dirname "$0")
export E2E THREADLAB shots work
"$WITH_DISPLAY" sh -eu -c '
  "$THREADLAB" --duration 60 --size 1600x900 --screenshot-dir "$shots" >"$work/stdout" 2>"$work/stderr" &
  pid=$!
  wid=$(sh "$E2E/find_window.sh") || { kill $pid; exit 1; }
  xdotool windowfocus --sync "$wid"
  xdotool key F12
  # The writer makes the folder just before it encodes (about 0.2 s at 1600x900).
  for _ in $(seq 200); do [ -d "$shots" ] && break; sleep 0.05; done
  kill -INT $pid
  status=0
  wait $pid || status=$?
  echo "$status" >"$work/status"
'
status=$(cat "$work/status")
echo "F12 then SIGINT: exit $status; stdout: $(cat "$work/stdout")"
[ "$status" -eq 130 ] || fail "exit status $status, expected 130: $(cat "$work/stderr")"
[ -d "$shots" ] || fail "F12 was not taken within 10 s: $(cat "$work/stderr")"
found=0
for png in "$shots"/*.png; do
  [ -e "$png" ] || continue
  found=$((found + 1))
  grep -qF "screenshot saved to $png" "$work/stdout" || fail "$png written but its path not printed"
done
[ "$found" -eq 1 ] || fail "expected the one screenshot, found $found: $(ls -A "$shots")"
leftovers=$(ls -A "$shots" | grep '\.tmp-' || true)
[ -z "$leftovers" ] || fail "temporary files left: $leftovers"
echo "screenshot signal: ok"
