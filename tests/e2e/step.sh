# `threadlab step`, scripted, no window: each schedule of the issue, read
# through its --stats-json; bad thread numbers refused in one line.
# Run as: sh step.sh THREADLAB WITH_DISPLAY.
. "$(dirname "$0")/lib.sh"

# Runs `threadlab step ARGS...` into $work/step.json.
run_step() {
  "$THREADLAB" step "$@" --stats-json "$work/step.json" >"$work/stdout" || {
    cat "$work/stdout"
    fail "threadlab step $*: exit status $?"
  }
  tail -n 2 "$work/stdout"
}

# check PYTHON_EXPRESSION DESCRIPTION, over `f` (figures), `s` (steps), `r` (the JSON).
check() {
  "$PYTHON" - "$work/step.json" "$1" "$2" <<'PY' || fail "$2"
import json, sys
r = json.load(open(sys.argv[1]))
f, s = r["figures"], r["steps"]
ok = eval(sys.argv[2])
print(("ok: " if ok else "FAILED: ") + sys.argv[3])
sys.exit(0 if ok else 1)
PY
}

run_step race --schedule 1,2,1,1,2,2
check 'f["expected"] == 2 and f["actual"] == 1 and f["lost_updates"] == 1 and not f["deadlock"]' \
  "race: both load before either stores: one update lost"
check 's[1]["text"] == "tmp = counter" and s[1]["after"]["tmp"] == {"T1": 0, "T2": 0} and s[5]["before"]["counter"] == 1 and s[5]["after"]["counter"] == 1' \
  "race: the steps carry the shared values before and after"
check 'r["outcome"] == "T2 overwrote T1'"'"'s update: counter = 1, expected 2"' "race: the outcome in words"

run_step race --schedule 1,1,1,2,2,2
check 'f["lost_updates"] == 0 and f["actual"] == 2' "race: a serial schedule loses nothing"

run_step race --fix --threads 3 --schedule 1,2,1,2,3,2,1
check 'f["lost_updates"] == 0 and f["actual"] == 3 and any(x["refused"] and "is blocked on Lock counter, held by T1" in x["why"] for x in s)' \
  "race with the Lock: a blocked thread's step is refused with the reason, nothing lost"

run_step race --threads 4 --repeats 3 --schedule 1,2,3,4
check 'f["expected"] == 12 and f["actual"] == 3 and f["lost_updates"] == 9 and len(s) == 4 * 3 * 3' "race, 4 threads x 3: the tail runs in thread order"

run_step deadlock --schedule 1,2,1,2
check 'f["deadlock"] and [l["thread"] for l in f["cycle"]] == ["T1", "T2"] and [l["waits_for"] for l in f["cycle"]] == ["B", "A"]' \
  "deadlock: 1,2,1,2 deadlocks and names the cycle"
check 'len(r["lock_order_inversions"]) >= 1 and r["outcome"].startswith("every thread is blocked: T1 holds A and waits for B")' \
  "deadlock: the lock-order report and the outcome in words"

run_step deadlock --fix --schedule 1,2,1,2
check 'not f["deadlock"] and f["finished"] and f["actual"] == 2 and f["cycle"] == [] and s[3]["refused"]' \
  "deadlock with the fix: no deadlock, T2's step refused while it waits for A"

expect_usage_error "threadlab: step race: --schedule: thread 3 does not exist (2 threads)" \
  "$THREADLAB" step race --schedule 1,3
expect_usage_error "threadlab: --schedule: x is not a thread number 1..4 (e.g. 1,2,1,2)" \
  "$THREADLAB" step race --schedule 1,x
expect_usage_error "threadlab: step deadlock: deadlock has 2 threads, not 3" "$THREADLAB" step deadlock --threads 3
expect_usage_error "threadlab: LESSON: livelock is not one of race, deadlock" "$THREADLAB" step livelock
echo "ok: threadlab step"
