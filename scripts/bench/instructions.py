"""Instructions and allocations per request: what wall-clock figures on a shared
machine cannot tell apart reliably. Each client fetches the plain HTTP list of
workload A at two sizes under valgrind (callgrind for instructions, memcheck for
allocations); the difference divided by the difference in URLs is the cost of one
more request, start-up and shutdown cancelled out. Instructions are split by the
object they ran in (cofetch's own code, libcurl, libc, ...), and cofetch's own
top functions are listed: run it before and after a change.

How many transfers finish per event-loop wake-up varies from run to run, and
libcurl's cost per request with it (by up to about 8%): each pair of runs is made
REPEATS times, the median is the figure and the spread is printed next to it."""

import collections
import os
import re
import subprocess
import tempfile

SMALL, LARGE = 500, 3000
REPEATS = 5


def _urls(work, base, count):
    path = work / f"instructions-{count}.txt"
    with open(path, "w") as out:
        for number in range(count):
            out.write(f"{base}/small.txt?n={number}\n")
    return str(path)


def _callgrind(argv, urls, stdin_list):
    """Instructions by object and by function of one run."""
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "callgrind.out")
        stdin = open(urls) if stdin_list else subprocess.DEVNULL
        try:
            subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *argv], stdin=stdin,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        finally:
            if stdin_list:
                stdin.close()
        report = subprocess.run(["callgrind_annotate", "--threshold=100", out], capture_output=True,
                                text=True, check=True).stdout
    by_object = collections.Counter()
    by_function = collections.Counter()
    total = 0
    for line in report.splitlines():
        match = re.match(r"\s*([\d,]+)\s+(?:\([^)]*\)\s+)?(.*?)\s+\[(.*)\]\s*$", line)
        if match:
            count = int(match.group(1).replace(",", ""))
            by_object[os.path.basename(match.group(3))] += count
            by_function[(os.path.basename(match.group(3)), match.group(2))] += count
        elif "PROGRAM TOTALS" in line:
            total = int(line.split()[0].replace(",", ""))
    return total, by_object, by_function


def _allocations(argv, urls, stdin_list):
    stdin = open(urls) if stdin_list else subprocess.DEVNULL
    try:
        done = subprocess.run(["valgrind", "--tool=memcheck", "--leak-check=no", *argv], stdin=stdin,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    finally:
        if stdin_list:
            stdin.close()
    match = re.search(r"total heap usage: ([\d,]+) allocs", done.stderr)
    return int(match.group(1).replace(",", "")) if match else 0


def per_request(work, base, what, clients):
    """clients: name -> (argv for a URL file path, list on stdin), fetching URLs under
    `base` (described by `what`). Prints and returns name -> (instructions, allocations)
    per request."""
    files = {size: _urls(work, base, size) for size in (SMALL, LARGE)}
    results = {}
    print(f"\ninstructions per request (callgrind, {LARGE:,} URLs minus {SMALL:,}, divided by {LARGE - SMALL:,};"
          f" median of {REPEATS}; {what}, -j 64)")
    for name, (argv_of, stdin_list) in clients.items():
        pairs = []
        for _ in range(REPEATS):
            small = _callgrind(argv_of(files[SMALL]), files[SMALL], stdin_list)
            large = _callgrind(argv_of(files[LARGE]), files[LARGE], stdin_list)
            pairs.append(((large[0] - small[0]) / (LARGE - SMALL), small, large))
        pairs.sort(key=lambda pair: pair[0])
        per, small, large = pairs[len(pairs) // 2]
        spread = f"(runs {pairs[0][0]:,.0f} to {pairs[-1][0]:,.0f})"
        allocs = (_allocations(argv_of(files[LARGE]), files[LARGE], stdin_list) -
                  _allocations(argv_of(files[SMALL]), files[SMALL], stdin_list)) / (LARGE - SMALL)
        results[name] = (per, allocs)
        print(f"  {name:<22}{per:>10,.0f} instructions/request {spread}  {allocs:>6.1f} allocations/request")
        objects = {obj: (large[1][obj] - small[1][obj]) / (LARGE - SMALL) for obj in large[1]}
        for obj, value in sorted(objects.items(), key=lambda item: -item[1])[:6]:
            print(f"      {value:>10,.0f}  {obj}")
        if name.startswith("cofetch"):
            own = {fn: (large[2][(obj, fn)] - small[2].get((obj, fn), 0)) / (LARGE - SMALL)
                   for (obj, fn) in large[2] if obj == "cofetch"}
            for fn, value in sorted(own.items(), key=lambda item: -item[1])[:8]:
                print(f"          {value:>8,.0f}  {fn[:100]}")
        print(f"RESULT instructions {name.replace(' ', '_')} {per:.0f} {allocs:.1f}")
    return results
