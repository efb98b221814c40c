#!/bin/sh
# Runs a command with an X display: the session's own when it answers, else a
# private virtual one. The command's exit status and stderr pass through
# unchanged.
#   with_display.sh [--xvfb SERVER_ARGUMENTS] COMMAND [ARGUMENT...]
# --xvfb: always a private Xvfb, started with these arguments (a screen size,
# -noreset...) instead of "-screen 0 1920x1080x24".
#
# The Xvfb picks its own free display number (-displayfd), so runs started at
# once on one machine never race for a number, as xvfb-run -a's can: the
# loser then talks to the winner's server, which refuses it.
set -eu

usage() {
  echo "usage: with_display.sh [--xvfb SERVER_ARGUMENTS] COMMAND [ARGUMENT...]" >&2
  exit 2
}

server_arguments=
if [ "${1:-}" = --xvfb ]; then
  [ "$#" -ge 2 ] || usage
  server_arguments=$2
  shift 2
fi
[ "$#" -gt 0 ] || usage

display_answers() {
  [ -n "${DISPLAY:-}" ] || return 1
  if command -v xdpyinfo >/dev/null 2>&1; then
    xdpyinfo >/dev/null 2>&1
  else
    xset q >/dev/null 2>&1
  fi
}

if [ -z "$server_arguments" ] && display_answers; then
  exec "$@"
fi
if ! command -v Xvfb >/dev/null 2>&1; then
  echo "with_display.sh: no usable DISPLAY and no Xvfb (apt-get install xvfb)" >&2
  exit 2
fi

folder=$(mktemp -d "${TMPDIR:-/tmp}/with_display.XXXXXX")
server=
# The server goes with this script however it ends.
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$folder"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
mkfifo "$folder/number"
# -noreset: a server resets when its last client leaves, and a client that
# connects meanwhile (the next command of a script) is refused.
# shellcheck disable=SC2086 # the server's arguments, as words
Xvfb -displayfd 3 -nolisten tcp -noreset ${server_arguments:--screen 0 1920x1080x24} 3>"$folder/number" \
  >"$folder/log" 2>&1 &
server=$!
# Xvfb writes its display number once it accepts connections (at most 60 s).
number=$(timeout 60 head -n 1 "$folder/number" || true)
if [ -z "$number" ]; then
  echo "with_display.sh: Xvfb did not start: $(tail -n 3 "$folder/log")" >&2
  exit 2
fi
export DISPLAY=":$number"
# Bounded: it answers once it takes clients (at most 30 s on a busy machine).
tries=0
until display_answers; do
  tries=$((tries + 1))
  if [ "$tries" -gt 300 ] || ! kill -0 "$server" 2>/dev/null; then
    echo "with_display.sh: Xvfb on $DISPLAY does not answer: $(tail -n 3 "$folder/log")" >&2
    exit 2
  fi
  sleep 0.1  # polling: nothing tells when a server takes clients
done
status=0
"$@" || status=$?
exit "$status"
