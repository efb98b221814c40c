#!/usr/bin/python3
"""Checks a Chrome Trace Event JSON file as Perfetto's JSON importer reads it.

Independent of threadlab's writer: it knows only the format. Checks that the
file is {"traceEvents": [...]}; that every thread with events is named by a
thread_name metadata event and sorted (thread_sort_index); that "X" slices
on each thread nest (Perfetto moves overlapping ones to another track); that
every flow start ("s") has its end ("f", same cat, name and id, bp "e") on a
thread with a slice enclosing it, and the other way round; that counters
("C") carry numbers; that times are microseconds within the session (a
nanosecond trace would be 1000 times too long); that it stays within what
chrome://tracing opens (1 M events, 256 MB).

  check_trace.py FILE --max-seconds S [--need-flow] [--need-core-counters]
                 [--need-instant TEXT] [--first-thread NAME] [--max-mb MB]
Prints one line per check and exits 1 on the first failure.
"""
import argparse
import collections
import json
import os
import re
import sys
from decimal import Decimal


def fail(message):
    print(f"FAILED: {message}")
    sys.exit(1)


def ok(message):
    print(f"ok: {message}")


def ns(value):
    # Microseconds, fractions allowed: to integer nanoseconds without rounding error.
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        fail(f"time {value!r} is not a number")
    return int((Decimal(str(value)) * 1000).to_integral_value())


def load(path):
    with open(path, "rb") as f:
        data = json.loads(f.read(), parse_constant=lambda c: fail(f"{c} in the file"))
    if not isinstance(data, dict) or not isinstance(data.get("traceEvents"), list):
        fail('the file is not {"traceEvents": [...]}')
    return data["traceEvents"]


def check_basics(events, max_ns):
    for e in events:
        if not isinstance(e, dict) or "ph" not in e or "pid" not in e:
            fail(f"event without ph or pid: {e!r:.200}")
        if e["ph"] == "M":
            continue
        if "ts" not in e or "tid" not in e:
            fail(f"event without ts or tid: {e!r:.200}")
        begin = ns(e["ts"])
        end = begin + (ns(e["dur"]) if e["ph"] == "X" else 0)
        if begin < 0 or (e["ph"] == "X" and end < begin):
            fail(f"negative time or duration: {e!r:.200}")
        if end > max_ns:
            fail(f"{e['ph']} event ends at {end / 1e9:.3f} s, after the session (microseconds?): {e!r:.200}")
    ok(f"{len(events)} events, every time in microseconds within {max_ns / 1e9:.1f} s")


def check_names(events, first_thread):
    names, sort_index = {}, {}
    for e in events:
        if e["ph"] == "M" and e.get("name") == "thread_name":
            names[(e["pid"], e["tid"])] = e["args"]["name"]
        if e["ph"] == "M" and e.get("name") == "thread_sort_index":
            sort_index[(e["pid"], e["tid"])] = e["args"]["sort_index"]
    if not any(e["ph"] == "M" and e.get("name") == "process_name" for e in events):
        fail("no process_name")
    pids = {e["pid"] for e in events}
    if len(pids) != 1:
        fail(f"{len(pids)} processes, one expected")
    threaded = {(e["pid"], e["tid"]) for e in events
                if e["ph"] in "XBEsf" or (e["ph"] == "i" and e.get("s", "t") == "t")}
    unnamed = threaded - names.keys()
    if unnamed:
        fail(f"{len(unnamed)} threads with events but no thread_name, e.g. {sorted(unnamed)[:3]}")
    unsorted = threaded - sort_index.keys()
    if unsorted:
        fail(f"{len(unsorted)} threads without thread_sort_index")
    if first_thread:
        first = min(threaded, key=lambda t: sort_index[t])
        if names[first] != first_thread:
            fail(f"the first thread is {names[first]!r}, not {first_thread!r}")
    ok(f"{len(threaded)} threads with events, every one named and sorted"
       + (f", {first_thread!r} first" if first_thread else ""))
    return names


def slices_by_thread(events):
    by_thread = collections.defaultdict(list)
    for e in events:
        if e["ph"] == "X":
            begin = ns(e["ts"])
            by_thread[(e["pid"], e["tid"])].append((begin, begin + ns(e["dur"]), e.get("name")))
    for slices in by_thread.values():
        slices.sort(key=lambda s: (s[0], -s[1]))
    return by_thread


def check_nesting(by_thread):
    count = 0
    for thread, slices in by_thread.items():
        stack = []
        for begin, end, name in slices:
            while stack and stack[-1][1] <= begin:
                stack.pop()
            if stack and end > stack[-1][1]:
                fail(f"thread {thread}: {name!r} [{begin}, {end}] ns overlaps {stack[-1][2]!r} "
                     f"[{stack[-1][0]}, {stack[-1][1]}] without nesting")
            stack.append((begin, end, name))
            count += 1
    ok(f"{count} slices, nested on every thread")


def enclosed(by_thread, thread, at):
    return any(begin <= at <= end for begin, end, _ in by_thread.get(thread, []))


def check_flows(events, by_thread, need_flow, names):
    starts, ends = {}, {}
    for e in events:
        if e["ph"] in ("s", "f"):
            key = (e.get("cat"), e.get("name"), e["id"])
            table = starts if e["ph"] == "s" else ends
            if key in table:
                fail(f"two flow {'starts' if e['ph'] == 's' else 'ends'} with {key}")
            table[key] = e
            if e["ph"] == "f" and e.get("bp") != "e":
                fail(f"flow end without bp 'e': {e!r:.200}")
    if starts.keys() != ends.keys():
        fail(f"{len(starts.keys() ^ ends.keys())} flow events without their other end")
    crossing = 0
    for key, s in starts.items():
        f = ends[key]
        if ns(f["ts"]) < ns(s["ts"]):
            fail(f"flow {key} ends before it starts")
        for e in (s, f):
            if not enclosed(by_thread, (e["pid"], e["tid"]), ns(e["ts"])):
                fail(f"flow {key}: no slice on thread {e['tid']} at {e['ts']} to bind to")
        crossing += s["tid"] != f["tid"]
    if need_flow and crossing == 0:
        fail("no flow from one thread to another")
    example = ""
    if starts:
        key, s = next(iter(starts.items()))
        example = f", e.g. {names[(s['pid'], s['tid'])]!r} -> {names[(ends[key]['pid'], ends[key]['tid'])]!r}"
    ok(f"{len(starts)} flows, every start paired with its end{example}")


def check_counters(events, need_core):
    series = set()
    for e in events:
        if e["ph"] == "C":
            args = e.get("args")
            if not isinstance(args, dict) or not args:
                fail(f"counter without args: {e!r:.200}")
            for key, value in args.items():
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    fail(f"counter {e.get('name')!r} series {key!r} is not a number")
                series.add(f"{e.get('name')} {key}")
    cores = sorted(s for s in series if re.search(r"\b(core|cpu) ?\d+\b", s.lower()))
    if need_core and not cores:
        fail("no per-core counter")
    ok(f"{len(series)} counter series" + (f", per core: {cores[:4]}" if cores else ""))


def check_instants(events, need):
    texts = []
    for e in events:
        if e["ph"] in ("i", "I"):
            if e.get("s", "t") not in ("g", "p", "t"):
                fail(f"instant with scope {e.get('s')!r}")
            texts.append(f"{e.get('name')}: {json.dumps(e.get('args', {}))}")
    for text in need or []:
        if not any(text.lower() in t.lower() for t in texts):
            fail(f"no instant event mentions {text!r} (instants: {[t[:60] for t in texts[:5]]})")
    ok(f"{len(texts)} instant events" + (f", including {need}" if need else ""))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--max-seconds", type=float, required=True)
    parser.add_argument("--need-flow", action="store_true")
    parser.add_argument("--need-core-counters", action="store_true")
    parser.add_argument("--need-instant", action="append")
    parser.add_argument("--first-thread")
    parser.add_argument("--max-mb", type=float, default=50)
    args = parser.parse_args()
    size = os.path.getsize(args.file)
    if size > args.max_mb * 1e6:
        fail(f"{size / 1e6:.1f} MB, over {args.max_mb} MB")
    events = load(args.file)
    if len(events) > 1_000_000:
        fail(f"{len(events)} events: chrome://tracing struggles past 1 M")
    check_basics(events, int(args.max_seconds * 1e9))
    names = check_names(events, args.first_thread)
    by_thread = slices_by_thread(events)
    check_nesting(by_thread)
    check_flows(events, by_thread, args.need_flow, names)
    check_counters(events, args.need_core_counters)
    check_instants(events, args.need_instant)
    print(f"ok: {args.file} ({size / 1e6:.2f} MB) reads as Perfetto's JSON importer expects")


if __name__ == "__main__":
    main()
