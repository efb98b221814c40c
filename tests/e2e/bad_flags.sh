# Bad flags are refused before any window opens: one line, exit 2.
. "$(dirname "$0")/lib.sh"

expect_usage_error "threadlab: --threads: 0 is not in 1..*" "$THREADLAB" --threads 0
expect_usage_error "threadlab: --mode: fast is not one of single, multi" "$THREADLAB" --mode fast
expect_usage_error "threadlab: --size: 12 is not WIDTHxHEIGHT, e.g. 1600x900" "$THREADLAB" --size 12
expect_usage_error "threadlab: --stats-json: directory /nonexistent/dir does not exist" \
  "$THREADLAB" --stats-json /nonexistent/dir/x.json
# The redraw switch is read before any window opens, and a typo is no default.
expect_usage_error "threadlab: THREADLAB_REDRAW is 'full'; it must be 'changes' (the default) or 'all'" \
  env THREADLAB_REDRAW=full "$THREADLAB" --duration 1
# compare refuses what it would not honour, and a refused or failed compare
# leaves no folder of the --out it was given.
expect_usage_error "threadlab: compare does not take --mode (it runs both modes)" \
  "$THREADLAB" compare --out "$work/new/sub" --stats-json "$work/x.json" --page race --mode single
expect_usage_error "threadlab: compare does not take --duration (give its own after it: compare --out DIR --duration S)" \
  "$THREADLAB" --duration 1 compare --out "$work/new/sub"
expect_usage_error "threadlab: THREADLAB_REDRAW is 'bad'; it must be 'changes' (the default) or 'all'" \
  env THREADLAB_REDRAW=bad "$THREADLAB" compare --out "$work/new/sub"
[ ! -e "$work/new" ] || fail "a refused compare left the folder $work/new"
[ ! -e "$work/x.json" ] || fail "a refused compare wrote its --stats-json"
expect_usage_error "threadlab: --screenshot-dir: cannot create folder /proc/nope: *" \
  "$THREADLAB" --screenshot-dir /proc/nope
