#!/bin/sh
# The command behind README.md's table of the workers' priorities: for each
# --priority (idle, lower, normal, paced), `threadlab compare` on a quiet
# machine and with two CPU-bound processes beside it (--beside 2, one per
# core on a 2-core machine), the two kinds of run interleaved, each taken
# RUNS times (default 2) and the best throughput of each kept; then one
# markdown table, with the machine, the load average before and after and
# the date. "Quiet" means only as quiet as the machine is: the load before
# each run is in the table's notes.
#
# Usage: tests/bench/priority_table.sh [BUILD_DIR] [RUNS]
#   BUILD_DIR defaults to build/release; build the threadlab target there first.
set -eu

build_dir=${1:-build/release}
runs=${2:-2}
threadlab="$build_dir/demo/threadlab"
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -x "$threadlab" ]; then
  echo "priority_table.sh: no $threadlab: build the threadlab target in $build_dir first" >&2
  exit 2
fi
case $runs in ''|*[!0-9]*|0) echo "priority_table.sh: RUNS must be a whole number of at least 1, got '$runs'" >&2; exit 2 ;; esac

out=$(mktemp -d "${TMPDIR:-/tmp}/threadlab-priorities.XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM HUP
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')

total=$((runs * 8))
done_runs=0
for run in $(seq 1 "$runs"); do
  for priority in idle lower normal paced; do
    for beside in 0 2; do
      done_runs=$((done_runs + 1))
      echo "priority_table.sh: run $done_runs of $total: --priority $priority, --beside $beside" >&2
      "$here/../with_display.sh" "$threadlab" --priority "$priority" compare \
        --out "$out/$priority-$beside-$run" --beside "$beside" >/dev/null 2>"$out/$priority-$beside-$run.err" ||
        { echo "priority_table.sh: threadlab compare failed:" >&2; cat "$out/$priority-$beside-$run.err" >&2; exit 1; }
    done
  done
done

/usr/bin/python3 - "$out" "$runs" "$cpu" "$(nproc)" "$(uname -sr)" "$started" "$load_before" \
  "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, sys
out, runs, cpu, cores, kernel, started, load_before, load_after = sys.argv[1:]
runs = int(runs)

def best(priority, beside):
    reports = [json.load(open(f"{out}/{priority}-{beside}-{run}/report.json")) for run in range(1, runs + 1)]
    return max(reports, key=lambda r: r["claims"]["throughput_ratio"]["value"])

def cell(report):
    multi = report["multi"]
    frames = multi["frames"]["count"]
    over = 100.0 * multi["frames_over_50ms"] / frames if frames else 0.0
    return (f'{report["claims"]["throughput_ratio"]["value"]:.2f}×',
            f'{over:.1f} %, p50 {multi["frames"]["p50_ms"]:.1f} ms',
            f'{report["single_over_multi"]["longest_freeze"]:.0f}×',
            f'{multi.get("workers_rested_percent", 0.0):.0f} %')

print(f"machine: {cpu}, {cores} cores, {kernel}; {started}; load average {load_before} before, {load_after} after; "
      f"best throughput of {runs} runs each; `threadlab compare` at its default 1600x900, 4 s a mode")
print()
print("| workers' priority | quiet: throughput multi / single | quiet: multi frames over 50 ms, p50 "
      "| busy (`--beside 2`): throughput multi / single | busy: multi frames over 50 ms, p50 "
      "| busy: longest freeze single / multi | busy: workers rested |")
print("|---|---|---|---|---|---|---|")
for priority in ("idle", "lower", "normal", "paced"):
    quiet, busy = cell(best(priority, 0)), cell(best(priority, 2))
    print(f"| `{priority}`{' (the default)' if priority == 'paced' else ''} | {quiet[0]} | {quiet[1]} "
          f"| {busy[0]} | {busy[1]} | {busy[2]} | {busy[3]} |")
PY
