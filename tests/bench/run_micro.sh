#!/bin/sh
# The command behind README.md's micro-benchmark table: threadlab_bench with
# every benchmark repeated (9 times by default) and the repetitions randomly
# interleaved, so that neither the order of the rows nor a burst of load from
# elsewhere decides a ratio; then the targets table of medians, with each
# ratio's noise. The machine, the load average before and after and the date
# are printed beside the table: a figure means little without them. Writes
# the figures to BUILD_DIR/bench_micro.json.
#
# Usage: tests/bench/run_micro.sh [BUILD_DIR] [threadlab_bench flags...]
#   BUILD_DIR defaults to build/release (the release preset); build the
#   threadlab_bench target there first, e.g.
#   cmake --build --preset release --target threadlab_bench
#   Flags after BUILD_DIR go to threadlab_bench and win over the defaults,
#   e.g. --benchmark_filter=lock_ for the Lock rows alone.
set -eu

build_dir=${1:-build/release}
[ $# -gt 0 ] && shift
bench="$build_dir/tests/bench/threadlab_bench"
if [ ! -x "$bench" ]; then
  echo "run_micro.sh: no $bench: build the threadlab_bench target in $build_dir first" >&2
  exit 2
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
machine() {
  echo "machine: ${cpu:-unknown CPU}, $(nproc) cores, $(uname -sr), $(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-}")"
}
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "=== run_micro.sh $(date -u '+%Y-%m-%d %H:%M UTC')"
machine
load_before=$(load)
echo "load average (1/5/15 min) before: $load_before"

status=0
"$bench" --benchmark_repetitions=9 --benchmark_enable_random_interleaving=true \
  --bench-json "$build_dir/bench_micro.json" "$@" || status=$?

echo
echo "=== $(date -u '+%Y-%m-%d %H:%M UTC'); $(machine)"
echo "load average (1/5/15 min): before $load_before, after $(load)"
exit $status
