# The window closed by SIGHUP (its terminal closed) or SIGTERM in the middle
# of a 30 s scripted session: it exits at once with 129 / 143 and, like
# every command, writes no figures: the old --stats-json stays as it was.
. "$(dirname "$0")/lib.sh"

for case in HUP:129 TERM:143; do
  signal=${case%%:*}
  expected=${case##*:}
  json="$work/stats-$signal.json"
  echo "the figures of an older, whole run" >"$json"
  rm -f "$work/pid"
  # The wrapper records threadlab's own PID (xvfb-run stands between).
  # env --default-signal: SIGHUP as from a terminal, even if this runs under nohup.
  "$WITH_DISPLAY" sh -c 'echo $$ >"$0"; exec "$@"' "$work/pid" env --default-signal=HUP "$THREADLAB" \
    --duration 30 --size 640x480 \
    --stats-json "$json" >"$work/stdout" 2>"$work/stderr" &
  runner=$!
  tries=0
  # Bounded: the window's threads (workers, GL driver) exist once it is up.
  until [ -s "$work/pid" ] && [ "$(ls "/proc/$(cat "$work/pid")/task" 2>/dev/null | wc -l)" -ge 4 ]; do
    tries=$((tries + 1))
    [ "$tries" -le 600 ] || fail "SIG$signal: the window did not start within 60 s: $(cat "$work/stderr")"
    sleep 0.1
  done
  signal_and_check "$signal" "$expected" "$runner" 10
  [ "$(cat "$json")" = "the figures of an older, whole run" ] || fail "SIG$signal: the old --stats-json was replaced"
  grep -q "interrupted by SIG$signal; no figures written" "$work/stderr" || fail "SIG$signal: no word of the interruption"
  leftovers=$(ls -A "$work" | grep '\.tmp-' || true)
  [ -z "$leftovers" ] || fail "SIG$signal: temporary files left: $leftovers"
done
echo "window signals: ok"
