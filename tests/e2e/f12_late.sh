# F12 is never lost: in single-thread mode, two presses late in a
# --duration session (during the last jobs' freezes, or as the session
# ends) each give a screenshot; the session's end waits for them.
. "$(dirname "$0")/lib.sh"

command -v xdotool >/dev/null 2>&1 || { echo "xdotool missing: skipped"; exit 77; }
shots="$work/shots"
E2E=$(dirname "$0")
export E2E THREADLAB shots work
"$WITH_DISPLAY" sh -eu -c '
  "$THREADLAB" --mode single --duration 6 --size 1280x720 --screenshot-dir "$shots" >"$work/stdout" 2>"$work/stderr" &
  pid=$!
  wid=$(sh "$E2E/find_window.sh") || { kill $pid; exit 1; }
  xdotool windowfocus --sync "$wid"
  # Late in the session: the window is frozen in a job nearly all the time.
  sleep 4.5
  xdotool key F12
  sleep 0.3
  xdotool key F12
  status=0
  wait $pid || status=$?
  echo "threadlab exited $status" >>"$work/stdout"
'
cat "$work/stdout"
grep -q "threadlab exited 0" "$work/stdout" || fail "threadlab did not exit cleanly"
count=$(ls "$shots"/threadlab-*-single-mandelbrot*.png 2>/dev/null | wc -l)
echo "screenshots written: $count"
[ "$count" -eq 2 ] || fail "2 presses of F12 gave $count screenshots"
