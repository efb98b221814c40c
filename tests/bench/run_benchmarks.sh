#!/usr/bin/env bash
# Every ThreadLab benchmark in one command: the micro-benchmarks
# (run_micro.sh: engine instrumentation and one UI frame), then the macro
# benchmark (`threadlab bench`: the real window idle, multi- and single-thread
# mode, the Mandelbrot speedup at 1..N workers, and a 10-minute memory soak).
# Without a display the window runs under Xvfb (tests/with_display.sh).
#
# Usage: tests/bench/run_benchmarks.sh [--build-dir DIR] [--no-soak] [--quick] [-- THREADLAB_BENCH_OPTIONS...]
#   --build-dir DIR  use (and build) DIR instead of the release preset's build/release
#   --no-soak        skip the 10-minute memory soak (also THREADLAB_BENCH_SOAK_MINUTES=0)
#   --quick          1-second phases, one micro repetition, no soak: checks that everything runs
#   options after -- go to `threadlab bench` (e.g. --size 960x540)
# Figures go to DIR/bench_micro.json and DIR/bench_macro.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

build_dir=""
soak_minutes=${THREADLAB_BENCH_SOAK_MINUTES:-10}
quick=false
macro_options=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --build-dir) [[ $# -ge 2 ]] || { echo "run_benchmarks.sh: --build-dir needs a folder" >&2; exit 2; }
                 build_dir=$2; shift 2 ;;
    --no-soak) soak_minutes=0; shift ;;
    --quick) quick=true; soak_minutes=0; shift ;;
    --) shift; macro_options=("$@"); break ;;
    -h|--help) sed -n '2,13s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "run_benchmarks.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

# A fresh machine: the same packages as the README's two commands.
third_party/install-deps.sh

# Two cores: building with more jobs than cores only makes the benchmarks'
# machine busier for longer.
jobs=$(nproc)
if [[ -z "$build_dir" ]]; then
  build_dir=build/release
  cmake --preset release >/dev/null
else
  [[ -f "$build_dir/CMakeCache.txt" ]] || cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
echo "=== building threadlab_bench and threadlab in $build_dir"
cmake --build "$build_dir" --parallel "$jobs" --target threadlab_bench threadlab

echo "=== load before the benchmarks: $(uptime)"
echo "=== micro-benchmarks"
if $quick; then
  tests/bench/run_micro.sh "$build_dir" --benchmark_repetitions=1 --benchmark_min_time=0.05
else
  tests/bench/run_micro.sh "$build_dir"
fi

echo "=== macro benchmark (threadlab bench)"
soak=()
[[ "$soak_minutes" != 0 ]] && soak=(--soak-minutes "$soak_minutes")
phase=()
$quick && phase=(--phase-seconds 1)
tests/with_display.sh "$build_dir/demo/threadlab" bench --json "$build_dir/bench_macro.json" \
  "${phase[@]}" "${soak[@]}" "${macro_options[@]}"

echo "=== load after the benchmarks: $(uptime)"
echo "=== figures written to:"
echo "  micro: $build_dir/bench_micro.json"
echo "  macro: $build_dir/bench_macro.json"
