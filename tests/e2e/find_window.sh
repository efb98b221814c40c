# Prints the X window id of the visible "ThreadLab" window once it exists (at
# most 10 s), for the xdotool drivers; exits 1 when there is none. Run on the
# window's display: sh find_window.sh
for _ in $(seq 100); do
  wid=$(xdotool search --onlyvisible --name "^ThreadLab$" 2>/dev/null | head -n 1)
  [ -n "$wid" ] && { echo "$wid"; exit 0; }
  sleep 0.1  # polling for the window to exist; nothing to wait on instead
done
echo "no ThreadLab window" >&2
exit 1
