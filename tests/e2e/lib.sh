# Shared by the e2e scripts, which are run as: sh SCRIPT THREADLAB WITH_DISPLAY
# (the executable under test and tests/with_display.sh).
set -eu

THREADLAB=$1
WITH_DISPLAY=$2
# Debian's interpreter: the json module is all the scripts need, and a python3
# earlier on PATH (pyenv, a venv) may not be there in CI.
PYTHON=/usr/bin/python3
# Where the scripts and their Python helper (e2e_lib.py) are.
E2E_DIR=$(cd "$(dirname "$0")" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/threadlab-e2e.XXXXXX")
trap 'rm -rf "$work"' EXIT
# ImGui saves its layout under XDG_CONFIG_HOME: keep it out of the user's home.
export XDG_CONFIG_HOME="$work/config"
# In an AddressSanitizer build, Mesa's GL driver leaks a few allocations and
# is unloaded before LeakSanitizer reports them, so they can be neither named
# nor suppressed (a bare GLFW program shows the same). Leaks stay checked in
# the unit tests; here the other errors still abort.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
# In a ThreadSanitizer build, the GL driver's own threads are reported too.
export TSAN_OPTIONS="${TSAN_OPTIONS:+$TSAN_OPTIONS }suppressions=$(dirname "$0")/tsan_suppressions.txt"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Runs a command that must fail as bad usage: exit status 2 and exactly one
# line on stderr matching the shell pattern.
#   expect_usage_error PATTERN COMMAND [ARGUMENT...]
expect_usage_error() {
  pattern=$1
  shift
  status=0
  "$@" >"$work/stdout" 2>"$work/stderr" || status=$?
  line=$(cat "$work/stderr")
  echo "$* -> exit $status, stderr: $line"
  [ "$status" -eq 2 ] || fail "$*: exit status $status, expected 2"
  newlines=$(wc -l <"$work/stderr")
  bytes=$(wc -c <"$work/stderr")
  [ "$newlines" -eq 1 ] && [ "$bytes" -eq $((${#line} + 1)) ] ||
    fail "$*: stderr is not exactly one line:
$(cat "$work/stderr")"
  case $line in
    $pattern) ;;
    *) fail "$*: stderr '$line' does not match '$pattern'" ;;
  esac
}

# Runs a scripted session under a display; it must exit 0 and write the JSON.
#   run_session JSON_FILE [THREADLAB ARGUMENT...]
run_session() {
  json=$1
  shift
  status=0
  "$WITH_DISPLAY" "$THREADLAB" "$@" --stats-json "$json" || status=$?
  [ "$status" -eq 0 ] || fail "threadlab $*: exit status $status"
  [ -f "$json" ] || fail "threadlab $*: no $json written"
}

# Runs COMMAND (the script's run-and-check function) up to three times while
# it fails only on timing: its Python checks exit 3 (e2e_lib.EXIT_TIMING_MISSED)
# when a ratio measured within one run missed, which a busy machine can cause;
# any other failure is final at once.
#   best_of_three WHAT COMMAND [ARGUMENT...]
best_of_three() {
  what=$1
  shift
  attempt=1
  while :; do
    status=0
    "$@" || status=$?
    [ "$status" -eq 0 ] && return 0
    { [ "$status" -eq 3 ] && [ "$attempt" -lt 3 ]; } || fail "$what (attempt $attempt of 3)"
    attempt=$((attempt + 1))
    echo "timing ratios missed: the machine may be busy; attempt $attempt of 3"
  done
}

# Sends SIGNAL to the threadlab whose PID is in $work/pid (written by the
# wrapper that started it), waits for RUNNER (the background job), and checks
# that it exited with EXPECTED within SECONDS: generous for a busy machine,
# yet far below the run's own length.
#   signal_and_check SIGNAL EXPECTED RUNNER SECONDS
signal_and_check() {
  sent=$(date +%s.%N)
  kill -s "$1" "$(cat "$work/pid")"
  status=0
  wait "$3" || status=$?
  took=$("$PYTHON" -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$sent" "$(date +%s.%N)")
  echo "SIG$1: exit $status after $took s"
  [ "$status" -eq "$2" ] || fail "SIG$1: exit status $status, expected $2: $(cat "$work/stderr")"
  "$PYTHON" -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$took" "$4" ||
    fail "SIG$1: took $took s"
}
