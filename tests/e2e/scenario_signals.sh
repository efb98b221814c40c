# `threadlab scenario` stops when asked: SIGTERM, SIGINT and SIGHUP mid-run
# end a 30 s run at once with exit 143, 130 and 129, leave the old
# --stats-json file as it was and no temporary file; a run stopped (Ctrl+Z)
# and resumed is reported cut, with its figures so far; a closed stdout
# (`| head -1`) costs neither the run nor its figures; a signal as the
# figures are written either lets them in (exit 0) or replaces nothing.
# Run as: sh scenario_signals.sh THREADLAB WITH_DISPLAY (no display needed).
. "$(dirname "$0")/lib.sh"

for case in TERM:143 INT:130 HUP:129; do
  signal_case "$case"
  json="$work/figures.json"
  printf 'the figures of an older, whole run\n' >"$json"
  # env --default-signal: as from a terminal, even if this test runs under
  # nohup (threadlab keeps an inherited ignored SIGHUP ignored).
  env --default-signal=HUP "$THREADLAB" scenario contention --duration 30 --stats-json "$json" \
    >"$work/stdout" 2>"$work/stderr" &
  pid=$!
  # The scenario's own threads have started (main, the signal watcher and the time limit make 3).
  wait_until 60 "the scenario's threads to start" runs_threads "$pid" 4
  # 0.5 s is the promise; a busy machine (or a sanitizer) gets far more, and
  # a run that ignored the signal would take the whole 30 s.
  signal_and_check "$signal" "$expected" "$pid" 10 "$pid"
  echo "stderr: $(cat "$work/stderr")"
  grep -q "interrupted by SIG$signal; no figures written" "$work/stderr" || fail "SIG$signal: no word of the interruption"
  [ "$(cat "$json")" = "the figures of an older, whole run" ] || fail "SIG$signal: the old --stats-json was replaced"
  no_temporary_files "$work" "SIG$signal"
done

# Stopped (Ctrl+Z) halfway for longer than its time limit's margin, then
# resumed: the run is cut, says so on stderr and in its JSON ("cut": true,
# with why), keeps the figures of the rounds it completed, and exits 3.
json="$work/resumed.json"
"$THREADLAB" scenario gil --duration 2 --stats-json "$json" >"$work/stdout" 2>"$work/stderr" &
pid=$!
wait_until 60 "the gil scenario to be halfway" printed "scenario:  [5-9]0%"
kill -s STOP "$pid"
sleep 3  # the stop itself: longer than the 2 s margin past the run's duration
kill -s CONT "$pid"
status=0
wait "$pid" || status=$?
echo "stopped halfway for 3 s and resumed: exit $status; stderr: $(cat "$work/stderr")"
[ "$status" -eq 3 ] || fail "stopped and resumed: exit status $status, expected 3"
grep -q "scenario gil stopped and resumed, then cut at its time limit" "$work/stderr" || fail "stopped and resumed: no word of the cut"
"$PYTHON" - "$json" <<'PY' || fail "stopped and resumed: the JSON does not say cut, or lost its figures"
import json, sys
r = json.load(open(sys.argv[1]))
print(f"cut: {r['cut']}, reason: {r.get('cut_reason')}, figures: {sorted(r['figures'])}")
sys.exit(0 if r["cut"] is True and r["cut_reason"] and r["figures"].get("gil_scaling", 0) > 0 else 1)
PY
echo "ok: a run stopped and resumed is cut, with its figures so far"

# Under nohup (SIGHUP ignored from the start) a hang-up does not stop the run.
json="$work/nohup.json"
sh -c 'trap "" HUP; exec "$@"' sh "$THREADLAB" scenario race --duration 1 --stats-json "$json" >"$work/stdout" 2>&1 &
pid=$!
wait_until 60 "the race scenario's threads to start" runs_threads "$pid" 4
kill -s HUP "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 0 ] || fail "under nohup, SIGHUP ended the run: exit status $status"
[ -s "$json" ] || fail "under nohup, no figures after SIGHUP"
echo "ok: under nohup a SIGHUP is ignored"

# stdout closed early: the run goes on, exits 0 and writes its figures.
json="$work/piped.json"
{ "$THREADLAB" scenario race --duration 0.5 --stats-json "$json" 2>"$work/stderr"; echo $? >"$work/status"; } | head -n 1 >/dev/null
status=$(cat "$work/status")
echo "scenario race | head -1: exit $status"
[ "$status" -eq 0 ] || fail "with stdout closed: exit status $status; stderr: $(cat "$work/stderr")"
"$PYTHON" -c "import json, sys; r = json.load(open(sys.argv[1])); sys.exit(0 if r['interrupted'] is False and r['figures']['expected'] > 0 else 1)" "$json" ||
  fail "with stdout closed: no whole --stats-json"
# A signal at the end of a run, as its figures are written: the one rule of
# the README. Either they went in (exit 0, "figures written", the new file)
# or nothing was replaced (128 + n, the old file, not a word of "written").
# The delays straddle the end of a 0.3 s run, so both sides come up.
for delay in 0.2 0.25 0.3 0.32 0.34 0.36 0.38 0.4 0.45 0.5; do
  json="$work/end.json"
  printf 'old\n' >"$json"
  "$THREADLAB" scenario race --duration 0.3 --stats-json "$json" >"$work/stdout" 2>"$work/stderr" &
  pid=$!
  sleep "$delay"  # a moment in the run's last tenths, not a wait for something
  kill -s INT "$pid" 2>/dev/null || true
  status=0
  wait "$pid" || status=$?
  if [ "$status" -eq 0 ]; then
    grep -q "figures written" "$work/stdout" || fail "signal at +$delay s: exit 0 without 'figures written'"
    [ "$(cat "$json")" != "old" ] || fail "signal at +$delay s: exit 0 with the old file"
  elif [ "$status" -eq 130 ]; then
    if grep -q "figures written" "$work/stdout"; then fail "signal at +$delay s: exit 130 after 'figures written'"; fi
    [ "$(cat "$json")" = "old" ] || fail "signal at +$delay s: exit 130 with a new file"
  else
    fail "signal at +$delay s: exit status $status: $(cat "$work/stderr")"
  fi
  echo "SIGINT at +$delay s: exit $status"
done
no_temporary_files "$work" "a signal at the end of a run"
echo "scenario signals: ok"
