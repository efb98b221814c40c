# The window closed by SIGHUP (its terminal closed) or SIGTERM in the middle
# of a 30 s scripted session: it exits at once with 129 / 143 and, like
# every command, writes no figures: the old --stats-json stays as it was.
. "$(dirname "$0")/lib.sh"
need_display

for case in HUP:129 TERM:143; do
  signal_case "$case"
  json="$work/stats-$signal.json"
  echo "the figures of an older, whole run" >"$json"
  # env --default-signal: SIGHUP as from a terminal, even if this runs under nohup.
  start_on_display env --default-signal=HUP "$THREADLAB" --duration 30 --size 640x480 --stats-json "$json"
  # The window's threads (workers, GL driver) exist once it is up.
  wait_until 60 "SIG$signal: the window to start" started_with_threads 4
  signal_and_check "$signal" "$expected" "$runner" 10
  [ "$(cat "$json")" = "the figures of an older, whole run" ] || fail "SIG$signal: the old --stats-json was replaced"
  grep -q "interrupted by SIG$signal; no figures written" "$work/stderr" || fail "SIG$signal: no word of the interruption"
  no_temporary_files "$work" "SIG$signal"
done
echo "window signals: ok"
