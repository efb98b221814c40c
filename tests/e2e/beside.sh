# `threadlab compare --beside N`: N CPU-bound processes run beside the
# comparison (seen running while it runs), the report names them, and none
# is left once threadlab has exited. No timing is checked.
# Run as: sh beside.sh THREADLAB WITH_DISPLAY.
. "$(dirname "$0")/lib.sh"
need_display

out="$work/out"
start_on_display "$THREADLAB" compare --out "$out" --duration 0.5 --beside 2
# Started, with its busy processes forked, or already over (the checks below say what it lacked).
beside_started() {
  { [ -s "$work/pid" ] && printed "2 CPU-bound processes beside"; } || ended "$runner"
}
wait_until 60 "compare --beside 2 to start its busy processes" beside_started
pid=$(cat "$work/pid")
children=$(grep -l "^threadlab-busy$" /proc/[0-9]*/comm 2>/dev/null | while read -r comm; do
  dir=${comm%/comm}
  [ "$(awk '{print $4}' "$dir/stat" 2>/dev/null)" = "$pid" ] && echo "${dir#/proc/}"
done || true)
count=$(echo "$children" | grep -c . || true)
echo "while it ran: $count CPU-bound processes beside threadlab $pid:" $children
status=0
wait "$runner" || status=$?
[ "$status" -eq 0 ] || fail "compare --beside 2: exit status $status: $(cat "$work/stderr")"
[ "$count" -eq 2 ] || fail "compare --beside 2: $count busy processes beside it, not 2"
for child in $children; do
  [ ! -e "/proc/$child" ] || [ "$(cat "/proc/$child/comm" 2>/dev/null)" != "threadlab-busy" ] ||
    fail "busy process $child outlived threadlab"
done
"$PYTHON" -c 'import json, sys; r = json.load(open(sys.argv[1])); sys.exit(0 if r["machine"]["cpu_bound_processes_beside"] == 2 else 1)' \
  "$out/report.json" || fail "report.json does not name the 2 processes beside the run"
grep -q "2 CPU-bound processes" "$out/report.md" || fail "report.md does not name the processes beside the run"
echo "beside: ok"
