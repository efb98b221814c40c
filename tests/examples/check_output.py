#!/usr/bin/python3
"""Runs one of the tutorial's listings (engine/examples) with short delays and
checks the shape of what it prints, as the tutorial shows it.

usage: check_output.py start_new_thread|thread_subclass|synchronized_threads PROGRAM
"""
import re
import subprocess
import sys

TIME_LINE = re.compile(r"^(Thread-[12]): \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$")


def fail(message, lines):
    print("FAIL: " + message)
    print("output was:\n" + "\n".join(lines))
    sys.exit(1)


def time_lines(lines, name):
    return [i for i, line in enumerate(lines) if (m := TIME_LINE.match(line)) and m.group(1) == name]


def check_start_new_thread(lines):
    for name in ("Thread-1", "Thread-2"):
        if len(time_lines(lines, name)) != 5:
            fail(f"{name} should print its name and the time 5 times", lines)
    if len(lines) != 10:
        fail("10 lines expected, one per print_time step", lines)


def check_thread_subclass(lines):
    main_exit = lines.index("Exiting Main Thread") if "Exiting Main Thread" in lines else fail("no 'Exiting Main Thread'", lines)
    for name in ("Thread-1", "Thread-2"):
        steps = time_lines(lines, name)
        if len(steps) != 5:
            fail(f"{name} should print the time 5 times", lines)
        if f"Starting {name}" not in lines or f"Exiting {name}" not in lines:
            fail(f"{name} should say Starting and Exiting", lines)
        if not (lines.index(f"Starting {name}") < steps[0] and steps[-1] < lines.index(f"Exiting {name}")):
            fail(f"{name}'s lines out of order", lines)
    # As in Python, the main thread's last line comes before the threads finish.
    if main_exit > max(time_lines(lines, "Thread-2")):
        fail("'Exiting Main Thread' should come before the threads finish", lines)


def check_synchronized_threads(lines):
    for name in ("Thread-1", "Thread-2"):
        steps = time_lines(lines, name)
        if len(steps) != 3:
            fail(f"{name} should print the time 3 times", lines)
        if steps != list(range(steps[0], steps[0] + 3)):
            fail(f"{name}'s three lines were split: the Lock did not keep the other thread out", lines)
    if lines[-2] != "Exiting Main Thread":
        fail("'Exiting Main Thread' should come after both threads, then the Lock's figures", lines)
    stats = re.match(r"^threadLock: 2 acquisitions, ([01]) had to wait, longest wait [\d.]+ s$", lines[-1])
    if not stats:
        fail("the Lock's figures should count 2 acquisitions", lines)


def main():
    listing, program = sys.argv[1], sys.argv[2]
    result = subprocess.run([program, "0.05"], capture_output=True, text=True, timeout=60)
    lines = result.stdout.splitlines()
    if result.returncode != 0:
        fail(f"exit code {result.returncode}; stderr: {result.stderr}", lines)
    {"start_new_thread": check_start_new_thread,
     "thread_subclass": check_thread_subclass,
     "synchronized_threads": check_synchronized_threads}[listing](lines)
    refused = subprocess.run([program, "fast"], capture_output=True, text=True, timeout=10)
    if refused.returncode != 2 or len(refused.stderr.splitlines()) != 1:
        fail("a bad delay scale should get one line and exit 2", [refused.stderr])
    print(f"{listing}: {len(lines)} lines in the tutorial's shape")


if __name__ == "__main__":
    main()
