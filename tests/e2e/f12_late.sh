# F12 is never lost: in single-thread mode, two presses late in a
# --duration session (during the last jobs' freezes, or as the session
# ends) each give a screenshot; the session's end waits for them.
E2E_TOOLS=xdotool
E2E_DISPLAY=any
. "$(dirname "$0")/lib.sh"

shots="$work/shots"
start_window --mode single --duration 6 --size 1280x720 --screenshot-dir "$shots"
# What is tested: presses late in the 6 s session, when the window is frozen
# in a job nearly all the time. These sleeps are that timing, not waits.
sleep 4.5
xdotool key F12
sleep 0.3
xdotool key F12
wait_window_exit 30
cat "$work/stdout"
[ "$window_status" -eq 0 ] || fail "threadlab did not exit cleanly: $(cat "$work/stderr")"
count=$(ls "$shots"/threadlab-*-single-mandelbrot*.png 2>/dev/null | wc -l)
echo "screenshots written: $count"
[ "$count" -eq 2 ] || fail "2 presses of F12 gave $count screenshots"
