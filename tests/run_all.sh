#!/usr/bin/env bash
# Every ThreadLab test, from a fresh Debian 12 machine: installs what is
# missing, then builds and tests three ways:
#   release  unit tests, headless UI tests, the real window under Xvfb,
#            a smoke run of the benchmarks
#   tsan     ThreadSanitizer over every test that needs no window (the unit
#            tests and `threadlab scenario NAME` for each scenario)
#   asan     AddressSanitizer + UndefinedBehaviorSanitizer, likewise
# Window tests start their own Xvfb (tests/with_display.sh) when there is no display.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

third_party/install-deps.sh

# Tests run one at a time: several compare timings measured within one run
# (single vs multi-thread mode, one core vs two) and must have the machine.
jobs=$(nproc)
started=$SECONDS
for preset in release tsan asan; do
  echo "=== ${preset}: configure and build"
  # Warnings are errors here: a warning in our code fails the run.
  cmake --preset "$preset" -DTHREADLAB_WARNINGS_AS_ERRORS=ON >/dev/null
  if [[ "$preset" == release ]]; then
    cmake --build --preset "$preset" --parallel "$jobs"
    echo "=== ${preset}: test"
    ctest --preset "$preset"
  else
    # Sanitizers check our code: the test executables, and threadlab for the
    # scripted scenarios (no window). The window tests drive Mesa's
    # uninstrumented driver threads, and benchmarks time nothing useful under
    # a sanitizer.
    cmake --build --preset "$preset" --parallel "$jobs" --target engine_tests demo_tests threadlab \
      example_start_new_thread example_thread_subclass example_synchronized_threads
    echo "=== ${preset}: test"
    ctest --preset "$preset" --label-exclude 'window|bench'
  fi
done
echo "=== all tests passed in $((SECONDS - started)) s"
