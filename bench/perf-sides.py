#!/usr/bin/env python3
"""Split a profile of `concurrency_bench --floor` between its two sides.

The bench runs the library's streams (under run_ours) and the bare libcurl
floor (under curl_floor_run) in one process, so one profile holds both.
Each sample goes to the side whose function is on its call stack; the
samples of each side are then counted by the shared object they were taken
in, and those taken in libcurl by its function. Debian's libcurl has no
symbols for its own functions: they are named by their start address,
found in the library's unwind table (readelf --debug-dump=frames).

    perf record -o perf.data --no-inherit --call-graph dwarf,16384 \\
        build-rel/bench/concurrency_bench --streams 100 --words 2000 \\
        --level2 --floor
    bench/perf-sides.py perf.data [how many libcurl functions to list]
"""
import bisect
import collections
import re
import subprocess
import sys

SIDES = (("library", "run_ours"), ("floor", "curl_floor_run"))
FRAME = re.compile(r"\s*([0-9a-f]+) (.*) \((.*)\)$")


def samples(data):
    out = subprocess.run(["perf", "script", "-i", data, "-F", "ip,sym,dso"],
                         capture_output=True, text=True, check=True).stdout
    stack = []
    for line in out.splitlines():
        if not line.strip():
            if stack:
                yield stack
            stack = []
            continue
        m = FRAME.match(line)
        if m:
            stack.append((int(m.group(1), 16), m.group(2), m.group(3)))
    if stack:
        yield stack


def functions(lib):
    """Start and end of every function in lib's unwind table, sorted."""
    text = subprocess.run(["readelf", "--debug-dump=frames", lib],
                          capture_output=True, text=True).stdout
    ranges = sorted((int(a, 16), int(b, 16)) for a, b in
                    re.findall(r"FDE cie=[0-9a-f]+ pc=([0-9a-f]+)\.\.([0-9a-f]+)", text))
    return ranges, [r[0] for r in ranges]


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else "perf.data"
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    total = collections.Counter()
    by_dso = {s: collections.Counter() for s, _ in SIDES}
    by_fn = {s: collections.Counter() for s, _ in SIDES}
    curl = None
    for stack in samples(data):
        names = [f[1] for f in stack]
        side = next((s for s, fn in SIDES if any(n.startswith(fn) for n in names)), None)
        if not side:
            continue
        total[side] += 1
        ip, _, dso = stack[0]
        short = dso.rsplit("/", 1)[-1]
        by_dso[side][short] += 1
        if short.startswith("libcurl"):
            curl = curl or dso
            by_fn[side][ip] += 1
    for side, _ in SIDES:
        print(f"{side}: {total[side]} samples")
        for dso, n in by_dso[side].most_common(6):
            print(f"  {dso:<28} {n:6d}")
    if not curl:
        return
    ranges, starts = functions(curl)
    per_fn = {s: collections.Counter() for s, _ in SIDES}
    for side, _ in SIDES:
        for ip, n in by_fn[side].items():
            i = bisect.bisect_right(starts, ip) - 1
            fn = ranges[i][0] if i >= 0 and ip < ranges[i][1] else None
            per_fn[side][fn] += n
    keys = set(per_fn["library"]) | set(per_fn["floor"])
    print(f"libcurl functions, by the library's samples over the floor's ({curl}):")
    for fn in sorted(keys, key=lambda k: per_fn["floor"][k] - per_fn["library"][k])[:top]:
        name = hex(fn) if fn is not None else "(outside the unwind table)"
        print(f"  {name:<12} library {per_fn['library'][fn]:5d}  floor {per_fn['floor'][fn]:5d}")


if __name__ == "__main__":
    main()
