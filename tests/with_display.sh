#!/bin/sh
# Runs a command with an X display: the session's own when it answers, else a
# private virtual one (xvfb-run -a picks a free display number). The command's
# exit status and stderr pass through unchanged.
set -eu

if [ "$#" -eq 0 ]; then
  echo "usage: with_display.sh COMMAND [ARGUMENT...]" >&2
  exit 2
fi

display_answers() {
  [ -n "${DISPLAY:-}" ] || return 1
  if command -v xdpyinfo >/dev/null 2>&1; then
    xdpyinfo >/dev/null 2>&1
  else
    xset q >/dev/null 2>&1
  fi
}

if display_answers; then
  exec "$@"
fi
if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "with_display.sh: no usable DISPLAY and no xvfb-run (apt-get install xvfb)" >&2
  exit 2
fi
exec xvfb-run -a -s "-screen 0 1920x1080x24" "$@"
