# `threadlab compare` and `threadlab bench` stopped by SIGTERM or SIGINT in
# the middle of a run: each exits at once with 143 / 130, writes no result
# and leaves the files already there as they were (a cut run is no result).
. "$(dirname "$0")/lib.sh"
need_display

# Starts threadlab with the given arguments, waits until it has drawn for a
# while (its stdout reports progress), sends the signal and checks the exit.
#   interrupt SIGNAL EXPECTED_STATUS READY_PATTERN THREADLAB_ARGUMENT...
interrupt() {
  signal=$1
  expected=$2
  ready=$3
  shift 3
  start_on_display "$THREADLAB" "$@"
  wait_until 60 "'$ready' on the stdout of '$*'" printed "$ready"
  echo "during '$*'"
  signal_and_check "$signal" "$expected" "$runner" 3
  if grep -q "wrote" "$work/stdout"; then fail "SIG$signal: a cut run reported as written: $(cat "$work/stdout")"; fi
}

# compare, in its multi-thread run, over an old set that must stay whole.
out="$work/out"
mkdir "$out"
echo '{"old": true}' >"$out/report.json"
echo "old picture" >"$out/single.png"
interrupt TERM 143 "multi-thread run" compare --out "$out" --duration 4
[ "$(cat "$out/report.json")" = '{"old": true}' ] || fail "compare: the old report.json was replaced by a cut run"
[ "$(cat "$out/single.png")" = "old picture" ] || fail "compare: the old single.png was replaced by a cut run"
[ "$(ls -A "$out" | wc -l)" -eq 2 ] || fail "compare: files left by a cut run: $(ls -A "$out")"

# bench, during a window phase and during the speedup: no JSON, no table.
for ready in "multi-thread mode" "speedup:"; do
  rm -f "$work/bench.json"
  interrupt INT 130 "$ready" bench --phase-seconds 2 --json "$work/bench.json"
  [ ! -e "$work/bench.json" ] || fail "bench: a cut run wrote its JSON"
  if grep -q "targets met" "$work/stdout"; then fail "bench: a cut run printed its table"; fi
done
# A signal while compare writes its results (after its "100%" line it
# encodes its pictures for about a second at 1600x900, then renames the six
# files in): the one rule of the README.
# Either the write completed: exit 0, "wrote" printed, all six files new; or
# nothing was replaced: exit 128 + n, the old set whole, no temporary files.
for case in TERM:143 INT:130 HUP:129; do
  signal_case "$case"
  out="$work/writing-$signal"
  mkdir "$out"
  echo '{"old": true}' >"$out/report.json"
  echo "old picture" >"$out/single.png"
  start_on_display env --default-signal=HUP "$THREADLAB" compare --out "$out" --duration 1
  wait_until 60 "compare's '100%' line" printed "100%"
  kill -s "$signal" "$(cat "$work/pid")"
  status=0
  wait "$runner" || status=$?
  no_temporary_files "$out" "SIG$signal while writing"
  if [ "$status" -eq 0 ]; then
    grep -q "wrote" "$work/stdout" || fail "SIG$signal while writing: exit 0 without saying it wrote"
    [ "$(ls -A "$out" | wc -l)" -eq 6 ] || fail "SIG$signal while writing: exit 0 but not six files: $(ls -A "$out")"
    [ "$(cat "$out/report.json")" != '{"old": true}' ] || fail "SIG$signal while writing: exit 0 with the old report"
    echo "SIG$signal while writing: the write completed, exit 0"
  elif [ "$status" -eq "$expected" ]; then
    if grep -q "wrote" "$work/stdout"; then fail "SIG$signal while writing: exit $status after saying it wrote"; fi
    [ "$(cat "$out/report.json")" = '{"old": true}' ] || fail "SIG$signal while writing: exit $status with a new report.json"
    [ "$(cat "$out/single.png")" = "old picture" ] || fail "SIG$signal while writing: exit $status with a new single.png"
    [ "$(ls -A "$out" | wc -l)" -eq 2 ] || fail "SIG$signal while writing: exit $status with new files: $(ls -A "$out")"
    echo "SIG$signal while writing: nothing replaced, exit $status"
  else
    fail "SIG$signal while writing: exit status $status, expected 0 or $expected: $(cat "$work/stderr")"
  fi
done
echo "command signals: ok"
