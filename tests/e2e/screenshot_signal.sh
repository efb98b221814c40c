# F12, then SIGINT while the PNG is being encoded (its folder just made): the
# screenshot asked for before the signal is finished and its path printed,
# and the window exits 130 with every thread joined; no PNG is left unnamed.
E2E_TOOLS=xdotool
E2E_DISPLAY=any
. "$(dirname "$0")/lib.sh"

shots="$work/shots"
start_window --duration 60 --size 1600x900 --screenshot-dir "$shots"
xdotool key F12
# The writer makes the folder just before it encodes (about 0.2 s at 1600x900).
wait_until 10 "key F12 to make the screenshot folder" test -d "$shots"
kill -INT "$window_pid"
wait_window_exit 10
status=$window_status
echo "F12 then SIGINT: exit $status; stdout: $(cat "$work/stdout")"
[ "$status" -eq 130 ] || fail "exit status $status, expected 130: $(cat "$work/stderr")"
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
