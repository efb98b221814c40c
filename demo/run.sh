#!/usr/bin/env bash
# Runs the ThreadLab window on a fresh Debian 12 machine: installs what is
# missing, builds the optimised demo, starts it. Arguments go to threadlab
# (try --help). Without a display, it runs under a virtual one (Xvfb).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

third_party/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --parallel "$(nproc)" --target threadlab
exec tests/with_display.sh build/release/demo/threadlab "$@"
