# Shared by the e2e scripts, which are run as: sh SCRIPT THREADLAB WITH_DISPLAY
# (the executable under test and tests/with_display.sh).
#
# A script that needs tools names them before it sources this file; one that
# drives the window with xdotool also says on which display the whole script
# runs (xdotool and the window must share it):
#   E2E_TOOLS="xdotool"        each must be on PATH, else the script exits 77
#                              (SKIP_RETURN_CODE: CTest counts it as skipped)
#   E2E_DISPLAY=any            the session's display, else a virtual one (tests/with_display.sh)
#   E2E_DISPLAY="-screen ..."  a private Xvfb started with these arguments
set -eu

THREADLAB=$1
WITH_DISPLAY=$2
# Debian's interpreter: the json module is all the scripts need, and a python3
# earlier on PATH (pyenv, a venv) may not be there in CI.
PYTHON=/usr/bin/python3
# Where the scripts and their Python helper (e2e_lib.py) are.
E2E_DIR=$(cd "$(dirname "$0")" && pwd)

skip() {
  echo "SKIP: $*"
  exit 77
}

# Skips the script (exit 77) unless every TOOL is on PATH.
#   need_tools TOOL...
need_tools() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
  done
}

# Skips the script (exit 77) when no window can open: no X display answers
# and there is no Xvfb to make one.
need_display() {
  if [ -n "${DISPLAY:-}" ] && command -v xdpyinfo >/dev/null 2>&1 && xdpyinfo >/dev/null 2>&1; then return 0; fi
  if [ -n "${DISPLAY:-}" ] && command -v xset >/dev/null 2>&1 && xset q >/dev/null 2>&1; then return 0; fi
  command -v Xvfb >/dev/null 2>&1 || skip "no X display and no Xvfb (apt-get install xvfb)"
}

need_tools ${E2E_TOOLS:-}
# Runs the whole script again on its display, once, before anything is made.
if [ -n "${E2E_DISPLAY:-}" ] && [ -z "${THREADLAB_E2E_ON_DISPLAY:-}" ]; then
  export THREADLAB_E2E_ON_DISPLAY=1
  if [ "$E2E_DISPLAY" = any ]; then
    need_display
    exec "$WITH_DISPLAY" /bin/sh "$0" "$@"
  fi
  need_tools Xvfb
  exec "$WITH_DISPLAY" --xvfb "$E2E_DISPLAY" /bin/sh "$0" "$@"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/threadlab-e2e.XXXXXX")
window_pid=
trap 'end_window; rm -rf "$work"' EXIT
# Interrupted (CTest's timeout sends SIGTERM): the exit trap still runs.
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
# ImGui saves its layout under XDG_CONFIG_HOME: keep it out of the user's home.
export XDG_CONFIG_HOME="$work/config"
# In an AddressSanitizer build, Mesa's GL driver leaks a few allocations and
# is unloaded before LeakSanitizer reports them, so they can be neither named
# nor suppressed (a bare GLFW program shows the same). Leaks stay checked in
# the unit tests; here the other errors still abort.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
# In a ThreadSanitizer build, the GL driver's own threads are reported too.
export TSAN_OPTIONS="${TSAN_OPTIONS:+$TSAN_OPTIONS }suppressions=$E2E_DIR/tsan_suppressions.txt"

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

# Starts COMMAND in the background under the display (tests/with_display.sh),
# its stdout and stderr in $work/stdout and $work/stderr; a wrapper writes
# the command's own PID to $work/pid (with_display.sh stands between). Sets runner
# to the background job.
#   start_on_display COMMAND [ARGUMENT...]
start_on_display() {
  rm -f "$work/pid" "$work/stdout"
  "$WITH_DISPLAY" sh -c 'echo $$ >"$0"; exec "$@"' "$work/pid" "$@" >"$work/stdout" 2>"$work/stderr" &
  runner=$!
}

# True once process PID runs at least N threads; fails at once if it ended.
#   runs_threads PID N
runs_threads() {
  ! ended "$1" || fail "threadlab ended before it ran $2 threads: $(cat "$work/stderr" 2>/dev/null)"
  [ "$(ls "/proc/$1/task" 2>/dev/null | wc -l)" -ge "$2" ]
}

# True once the process started by start_on_display has written its PID and
# runs at least N threads.
#   started_with_threads N
started_with_threads() {
  [ -s "$work/pid" ] && runs_threads "$(cat "$work/pid")" "$1"
}

# Splits a case SIGNAL:STATUS (TERM:143) into $signal and $expected.
#   signal_case CASE
signal_case() {
  signal=${1%%:*}
  expected=${1##*:}
}

# Fails, naming WHAT, if FOLDER holds a temporary file (.tmp-) of an atomic write.
#   no_temporary_files FOLDER WHAT
no_temporary_files() {
  leftovers=$(ls -A "$1" | grep '\.tmp-' || true)
  [ -z "$leftovers" ] || fail "$2: temporary files left: $leftovers"
}

# Sends SIGNAL to threadlab (PID, else the one in $work/pid, written by
# start_on_display), waits for RUNNER (its background job), and checks that
# it exited with EXPECTED within SECONDS: generous for a busy machine, yet far
# below the run's own length.
#   signal_and_check SIGNAL EXPECTED RUNNER SECONDS [PID]
signal_and_check() {
  sent=$(date +%s.%N)
  kill -s "$1" "${5:-$(cat "$work/pid")}"
  status=0
  wait "$3" || status=$?
  took=$("$PYTHON" -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$sent" "$(date +%s.%N)")
  echo "SIG$1: exit $status after $took s"
  [ "$status" -eq "$2" ] || fail "SIG$1: exit status $status, expected $2: $(cat "$work/stderr")"
  "$PYTHON" -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$took" "$4" ||
    fail "SIG$1: took $took s"
}

# Polls CONDITION (a command) every 0.05 s until it succeeds, for at most
# SECONDS; returns 1 if it never did. Polling: the conditions are another
# process's output, threads and windows, which offer nothing to block on.
#   poll SECONDS CONDITION [ARGUMENT...]
poll() {
  deadline=$(($(date +%s) + $1))
  shift
  until "$@"; do
    [ "$(date +%s)" -le "$deadline" ] || return 1
    sleep 0.05
  done
}

# As poll, but fails, saying what it waited for, once SECONDS have passed.
#   wait_until SECONDS WHAT CONDITION [ARGUMENT...]
wait_until() {
  limit=$1
  what=$2
  shift 2
  poll "$limit" "$@" || fail "waited $limit s for $what$(stderr_note)"
}

# "; threadlab's stderr: ..." when $work/stderr holds something, for a failure's message.
stderr_note() {
  if [ -s "$work/stderr" ]; then printf "; threadlab's stderr: %s" "$(cat "$work/stderr")"; fi
}

# True once threadlab's stdout ($work/stdout) holds a line matching the basic
# regular expression PATTERN.
#   printed PATTERN
printed() {
  grep -q -- "$1" "$work/stdout" 2>/dev/null
}

# True while the window's process runs a thread whose name starts with PREFIX.
#   has_thread PREFIX
has_thread() {
  cat "/proc/$window_pid/task/"*/comm 2>/dev/null | grep -q "^$1"
}

# True once the window's process has no thread whose name starts with PREFIX.
#   lacks_thread PREFIX
lacks_thread() {
  ! has_thread "$1"
}

# True once a thread of the window's process whose name starts with PREFIX
# has run for SECONDS (its start time in /proc, in clock ticks since boot).
#   thread_older_than PREFIX SECONDS
thread_older_than() {
  for task in "/proc/$window_pid/task/"*; do
    grep -q "^$1" "$task/comm" 2>/dev/null || continue
    # The 22nd field of stat; the 20th after the name, which may hold spaces.
    started=$(sed 's/.*) //' "$task/stat" 2>/dev/null | cut -d ' ' -f 20)
    [ -n "$started" ] || continue
    awk -v now="$(cut -d ' ' -f 1 /proc/uptime)" -v started="$started" -v hz="$(getconf CLK_TCK)" -v age="$2" \
      'BEGIN { exit !(now - started / hz >= age) }' && return 0
  done
  return 1
}

# True once the visible "ThreadLab" window of the process started by
# start_window exists (another on the same display is not it); sets
# window_id. Fails at once if threadlab ended first.
window_shown() {
  window_id=$(xdotool search --all --onlyvisible --pid "$window_pid" --name "^ThreadLab$" 2>/dev/null | head -n 1)
  [ -n "$window_id" ] && return 0
  window_running || fail "threadlab ended before its window appeared: $(cat "$work/stderr")"
  return 1
}

# True once process PID has ended (a zombie, not yet waited for, has).
#   ended PID
ended() {
  [ ! -e "/proc/$1" ] || [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d ' ' -f 1)" = Z ]
}

# True while the window's process has not ended.
window_running() {
  [ -n "$window_pid" ] && ! ended "$window_pid"
}

# Starts threadlab's window in the background on this script's display
# (E2E_DISPLAY), with its stdout and stderr in $work/stdout and $work/stderr;
# returns once the window is visible (at most 60 s: a busy machine), with
# window_pid and window_id set and the window focused for xdotool's keys
# (GLFW ignores synthetic events sent to a window: keys go to the focus, as
# a user types). The exit trap ends it if the script fails before it ends.
#   start_window [THREADLAB ARGUMENT...]
start_window() {
  "$THREADLAB" "$@" >"$work/stdout" 2>"$work/stderr" &
  window_pid=$!
  wait_until 60 "threadlab's window to appear" window_shown
  xdotool windowfocus --sync "$window_id"
}

# Waits (at most SECONDS) for the window's process to end by itself and sets
# window_status to its exit status.
#   wait_window_exit SECONDS
wait_window_exit() {
  wait_until "$1" "threadlab to end by itself" eval '! window_running'
  window_status=0
  wait "$window_pid" || window_status=$?
  window_pid=
  echo "threadlab exited $window_status"
}

# The exit trap: a window still running when the script ends (it failed, or
# was interrupted) is closed, its threads joined, before the work folder
# goes; one that does not end within 10 s of SIGTERM is killed.
end_window() {
  [ -n "$window_pid" ] || return 0
  kill -s TERM "$window_pid" 2>/dev/null || true
  poll 10 ended "$window_pid" || kill -s KILL "$window_pid" 2>/dev/null || true
  wait "$window_pid" 2>/dev/null || true
  window_pid=
}

# The point (x y, in pixels from a 1600x900 window's top-left corner, the
# default layout) of the button NAME in tests/data/click_points.txt, which
# tests/demo/test_panels.cpp checks against the panels' layout.
#   click_point NAME
click_point() {
  point=$(awk -v name="$1" '$1 == name { print $2, $3 }' "$E2E_DIR/../data/click_points.txt")
  [ -n "$point" ] || fail "no click point '$1' in tests/data/click_points.txt"
  echo "$point"
}

# Clicks the button NAME of the window (see click_point).
#   click NAME
click() {
  xy=$(click_point "$1") || exit 1
  # shellcheck disable=SC2086 # x and y, two words
  xdotool mousemove --window "$window_id" $xy click 1
}
