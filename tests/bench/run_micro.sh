#!/bin/sh
# Runs threadlab_bench as the figures in README.md were measured: every
# benchmark five times, the repetitions shuffled so that a burst of load from
# elsewhere lands on several benchmarks rather than all on one, then the
# targets table of medians. Writes the figures to BUILD_DIR/bench_micro.json.
#
# Usage: tests/bench/run_micro.sh [BUILD_DIR] [threadlab_bench flags...]
#   BUILD_DIR defaults to build/release (the release preset); build the
#   threadlab_bench target there first, e.g. cmake --build --preset release.
set -eu

build_dir=${1:-build/release}
[ $# -gt 0 ] && shift
bench="$build_dir/tests/bench/threadlab_bench"
if [ ! -x "$bench" ]; then
  echo "run_micro.sh: no $bench: build the threadlab_bench target in $build_dir first" >&2
  exit 2
fi
exec "$bench" --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true \
  --bench-json "$build_dir/bench_micro.json" "$@"
