# ImGui's settings file replaced by a FIFO or a 19 MB file: start-up neither
# hangs nor crawls; one warning line, the default layout, the file left as it
# is. A regular file is written on exit and read back without a warning.
. "$(dirname "$0")/lib.sh"
need_display

ini="$XDG_CONFIG_HOME/threadlab/imgui.ini"
mkdir -p "$(dirname "$ini")"

# Runs a short session; the whole run is bounded, so a hang fails the test.
session() {
  status=0
  timeout -k 5 60 "$WITH_DISPLAY" "$THREADLAB" --duration 0.5 --size 640x480 >"$work/stdout" 2>"$work/stderr" ||
    status=$?
  [ "$status" -ne 124 ] || fail "$1: start-up hung (stopped after 60 s)"
  [ "$status" -eq 0 ] || fail "$1: exit status $status: $(cat "$work/stderr")"
}

mkfifo "$ini"
session "a FIFO as imgui.ini"
grep -qx "threadlab: ignoring $ini: it is a FIFO; using the default layout" "$work/stderr" ||
  fail "a FIFO as imgui.ini: no warning line: $(cat "$work/stderr")"
[ -p "$ini" ] || fail "the FIFO was replaced"
echo "ok: a FIFO as imgui.ini is ignored with one warning"
rm "$ini"

head -c 19922944 /dev/zero | tr '\0' '#' >"$ini"
session "a 19 MB imgui.ini"
grep -q "^threadlab: ignoring $ini: it is 19922944 bytes" "$work/stderr" ||
  fail "a 19 MB imgui.ini: no warning line: $(cat "$work/stderr")"
[ "$(wc -c <"$ini")" -eq 19922944 ] || fail "the big file was replaced"
echo "ok: a 19 MB imgui.ini is ignored with one warning"
rm "$ini"

session "no imgui.ini"
[ -f "$ini" ] || fail "no imgui.ini written on exit"
grep -q '^\[Window\]' "$ini" || fail "imgui.ini holds no window: $(head -c 200 "$ini")"
session "the imgui.ini just written"
[ ! -s "$work/stderr" ] || fail "a good imgui.ini drew a warning: $(cat "$work/stderr")"
echo "ok: the layout is saved on exit and read back"
echo "hostile settings: ok"
