# Values a hostile user tries, refused at the start in one line with exit 2
# (no display needed: they are refused before the window opens), and the
# deadlock ring that --threads N asks for. Run as: sh hostile_values.sh
# THREADLAB WITH_DISPLAY.
. "$(dirname "$0")/lib.sh"

# Durations past a week would overflow the session's end time.
expect_usage_error "threadlab: --duration: 1e10 is more than 604800 seconds (a week)" "$THREADLAB" --duration 1e10
expect_usage_error "threadlab: --duration: 1e10 is more than 604800 seconds (a week)" \
  "$THREADLAB" compare --out "$work/not-made" --duration 1e10
[ ! -e "$work/not-made" ] || fail "a refused compare created its --out folder"
expect_usage_error "threadlab: --phase-seconds: 1e10 is more than 604800 seconds (a week)" \
  "$THREADLAB" bench --phase-seconds 1e10
expect_usage_error "threadlab: --soak-minutes: 1e10 is more than 10080 minutes (a week)" \
  "$THREADLAB" bench --soak-minutes 1e10
expect_usage_error "threadlab: --duration: 1e10 is more than 604800 seconds (a week)" \
  "$THREADLAB" scenario contention --duration 1e10

# A flag takes no value; one thread cannot race or deadlock.
expect_usage_error "threadlab: --fix: takes no value (it is a flag)" "$THREADLAB" scenario race --fix=3
expect_usage_error "threadlab: scenario race: scenario race needs at least 2 threads" \
  "$THREADLAB" scenario race --threads 1 --duration 1
expect_usage_error "threadlab: scenario deadlock: scenario deadlock needs at least 2 threads" \
  "$THREADLAB" scenario deadlock --threads 1

# Outputs are tried at the start, by creating their temporary file: procfs
# refuses even root.
expect_usage_error "threadlab: --stats-json: cannot write /proc/nope: No such file or directory" \
  "$THREADLAB" --stats-json /proc/nope --duration 1
expect_usage_error "threadlab: --stats-json: cannot write /proc/nope: No such file or directory" \
  "$THREADLAB" scenario race --stats-json /proc/nope
expect_usage_error "threadlab: --json: cannot write /proc/nope: No such file or directory" \
  "$THREADLAB" bench --json /proc/nope
expect_usage_error "threadlab: --out: cannot create folder /proc/threadlab-out: *" \
  "$THREADLAB" compare --out /proc/threadlab-out
printf 'a file\n' >"$work/a-file"
expect_usage_error "threadlab: --out: $work/a-file is not a directory" "$THREADLAB" compare --out "$work/a-file"

# deadlock --threads 50: a ring of 50 threads and 50 Locks, and the JSON says so.
"$THREADLAB" scenario deadlock --threads 50 --duration 5 --stats-json "$work/ring.json" >"$work/stdout" ||
  fail "scenario deadlock --threads 50: exit status $?"
"$PYTHON" - "$work/ring.json" <<'PY' || fail "deadlock --threads 50 did not run the ring it reports"
import json, sys
r = json.load(open(sys.argv[1]))
f = r["figures"]
checks = {
    "asked for 50": r["options"]["threads"] == 50 and r["options"]["threads_meaning"] == "as asked",
    "ran 50 threads and 50 Locks": f["threads"] == 50 and f["locks"] == 50 and len(r["threads"]) == 50,
    "a cycle of length 50": f["cycle_threads"] == 50 and f["cycle_is_the_ring"] == 1
                            and len(r["deadlock_cycles"][0]["links"]) == 50,
    "broken and recovered, no thread left": f["recovered"] == 1 and f["threads_left"] == 0,
}
for what, ok in checks.items():
    print(("ok: " if ok else "FAILED: ") + what)
sys.exit(0 if all(checks.values()) else 1)
PY
echo "hostile values: ok"
