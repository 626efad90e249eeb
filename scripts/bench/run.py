"""The cofetch benchmark: cofetch against the tools people use for the same job, in
one run, on the same URL lists, against one nginx on loopback.

nginx runs on one CPU and every client on the other (taskset), each client run is
bounded by timeout(1), and each figure is the median of several runs. A run counts
only if the tool says it succeeded and nginx's own request counter rose by exactly
the number of URLs: every URL really fetched, none twice.

Workloads:
  A  20,000 distinct URLs of a 100-byte file, concurrency 64: throughput
  B  1,000 URLs each answered after 100 ms, concurrency 100: ideal wall 1.0 s
  D  5,000 URLs each answered after 1 s, concurrency 5,000: ideal wall 1.0 s
  E  1,000,000 URLs piped into cofetch at concurrency 64: memory must stay flat
     (compared with 10,000 URLs the same way)
  F, F1, G, H  over TLS and over many hosts, next to the libcurl floor (hosts.py)
  R, R4, L, K  real lists: a simulated internet with gone, unresolvable and
     refusing hosts, a server that refuses above 8, hosts that never accept
     (real_lists.py)

--instructions counts instructions and allocations per request under valgrind
(instructions.py): cofetch quiet, with its text output, and the floor.

Prints a table per workload, one machine-readable line per result
  RESULT <workload> <tool> <wall_s> <req_per_s> <cpu_s> <rss_mib>
and the targets of docs/PERFORMANCE.md, met or not."""

import argparse
import dataclasses
import pathlib
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile

import hosts
import instructions
import real_lists
from common import (CLIENT_CPU, HERE, SERVER_CPU, Measure, Nginx, Tool, measure, raise_open_files, run_tool,
                    run_wrk, tools, write_urls)

def print_table(workload, count, rows):
    """rows: name -> (Measure, req_per_s or None)."""
    cofetch_rate = rows["cofetch"][1] if rows.get("cofetch") and rows["cofetch"][0].ok else None
    print(f"\n{workload}")
    print(f"  {'tool':<22}{'wall s':>9}{'req/s':>11}{'cpu s':>9}{'rss MiB':>10}{'cofetch ×':>12}  note")
    for name, (m, rate) in rows.items():
        if not m.ok:
            print(f"  {name:<22}{'-':>9}{'-':>11}{'-':>9}{'-':>10}{'-':>12}  {m.note}")
            continue
        ratio = f"{cofetch_rate / rate:.2f}" if cofetch_rate and rate and name != "cofetch" else ""
        print(f"  {name:<22}{m.wall:>9.3f}{rate:>11.0f}{m.cpu:>9.3f}{m.rss_mib:>10.1f}{ratio:>12}  {m.note}")
        print(f"RESULT {workload.split()[0]} {name.replace(' ', '_')} {m.wall:.3f} {rate:.0f} {m.cpu:.3f} "
              f"{m.rss_mib:.1f}")


def workload(nginx, args, work, label, path, count, concurrency, timeout, peers, extra=None, floor=None):
    urls = write_urls(work, f"{label}.txt", nginx, path, count)
    rows = {}
    for tool in tools(args.cofetch, concurrency, floor):
        if tool.name not in ("cofetch", "floor") and tool.name not in peers:
            continue
        m = run_tool(nginx, tool, urls, count, concurrency, work, args.runs, timeout)
        rows[tool.name] = (m, count / m.wall if m.ok else None)
    for name, (m, rate) in (extra(urls) if extra else {}).items():
        rows[name] = (m, rate)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cofetch", required=True)
    parser.add_argument("--workloads", default="A,B,D,E,F,F1,G,H,R,R4,L,K")
    parser.add_argument("--instructions", action="store_true",
                        help="count instructions and allocations per request instead (valgrind)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--peers", default="curl --parallel,wget2,aria2c,xargs -P curl,python aiohttp")
    args = parser.parse_args()
    peers = set(args.peers.split(",")) if args.peers else set()
    chosen = set(args.workloads.split(","))
    raise_open_files()
    work = pathlib.Path(tempfile.mkdtemp(prefix="cofetch-bench-work-", dir="/dev/shm"))
    nginx = Nginx()
    verdicts = []
    try:
        floors = hosts.build_floors(work, HERE)
        if args.instructions:
            verdicts += instruction_targets(nginx, args, work, floors)
            return
        print(f"nginx on CPU {SERVER_CPU}, clients on CPU {CLIENT_CPU}; median of {args.runs} runs; "
              f"open files {resource.getrlimit(resource.RLIMIT_NOFILE)[0]}")
        if "A" in chosen:
            verdicts += workload_a(nginx, args, work, peers, floors["floor"])
        if "B" in chosen:
            rows = workload(nginx, args, work, "B", "/delay100", 1000, 100, 60, peers)
            print_table("B  1,000 URLs answered after 100 ms, -j 100 (ideal wall 1.0 s)", 1000, rows)
            verdicts.append(("B: wall <= 1.05 s", rows["cofetch"][0].ok and rows["cofetch"][0].wall <= 1.05,
                             f"{rows['cofetch'][0].wall:.3f} s"))
        if "D" in chosen:
            d_peers = peers - {"xargs -P curl"}  # 5,000 curl processes at once would not fit in memory
            rows = workload(nginx, args, work, "D", "/delay1000", 5000, 5000, 120, d_peers, floor=floors["floor"])
            print_table("D  5,000 URLs answered after 1 s, -j 5000 (ideal wall 1.0 s)", 5000, rows)
            m, floor = rows["cofetch"][0], rows["floor"][0]
            if m.ok and floor.ok:
                verdicts.append(("D: wall <= 1.02 x floor", m.wall <= 1.02 * floor.wall,
                                 f"{m.wall:.3f} s vs {floor.wall:.3f} s ({m.wall / floor.wall:.2f} x)"))
                verdicts.append(("D: peak RSS <= 1.05 x floor", m.rss_mib <= 1.05 * floor.rss_mib,
                                 f"{m.rss_mib:.1f} vs {floor.rss_mib:.1f} MiB ({m.rss_mib / floor.rss_mib:.2f} x)"))
        if "E" in chosen:
            verdicts += workload_e(nginx, args, work)
        for name, http2 in (("F", True), ("F1", False)):
            if name in chosen:
                verdicts += hosts.workload_f(nginx, args.cofetch, floors, work, args.runs, http2)
        for name, tls in (("G", True), ("H", False)):
            if name in chosen:
                verdicts += hosts.workload_many_hosts(nginx, args.cofetch, floors, work, args.runs, tls)
        for name, big_limit in (("R", 0), ("R4", 4)):
            if name in chosen:
                verdicts += real_lists.workload_r(args.cofetch, work, args.runs, peers, big_limit)
        if "L" in chosen:
            verdicts += real_lists.workload_l(nginx, args.cofetch, work, args.runs, peers)
        if "K" in chosen:
            verdicts += real_lists.workload_k(nginx, args.cofetch, work, args.runs, peers)
    finally:
        nginx.stop()
        shutil.rmtree(work, ignore_errors=True)
        print("\ntargets")
        for name, met, figure in verdicts:
            print(f"  {'met   ' if met else 'MISSED'}  {name:<46} {figure}")


def instruction_targets(nginx, args, work, floors):
    """Instructions per request: cofetch -q <= 1.00 x the floor, text <= 1.03 x -q and
    allocations <= the floor's, on workload A's plain HTTP list; and, for F, over
    HTTPS with HTTP/2."""
    clients = {
        "cofetch -q": (lambda urls: [args.cofetch, "-j", "64", "-q", "--summary", "none", "-i", urls], False),
        "cofetch (text)": (lambda urls: [args.cofetch, "-j", "64", "--summary", "none", "-i", urls], False),
        "floor": (lambda urls: [floors["floor"], "-j", "64"], True),
    }
    per = instructions.per_request(work, f"http://127.0.0.1:{nginx.port}", "workload A's plain HTTP list",
                                   clients)
    (quiet, quiet_allocs), (text, _), (floor, floor_allocs) = per["cofetch -q"], per["cofetch (text)"], per["floor"]
    cert = str(nginx.cert)
    tls_clients = {
        "cofetch -q (F)": (lambda urls: [args.cofetch, "-j", "64", "-q", "--summary", "none", "--cacert", cert,
                                         "-i", urls], False),
        "floor (F)": (lambda urls: [floors["floor"], "-j", "64", "--http2", "--cacert", cert], True),
    }
    tls = instructions.per_request(work, f"https://127.0.0.1:{nginx.tls_port}", "workload F: HTTPS, HTTP/2",
                                   tls_clients)
    tls_ratio = tls["cofetch -q (F)"][0] / tls["floor (F)"][0]
    return [("instructions: cofetch -q <= 1.00 x floor", quiet <= floor, f"{quiet / floor:.2f} x floor"),
            ("instructions: text output <= 1.03 x -q", text <= 1.03 * quiet, f"{text / quiet:.2f} x -q"),
            ("allocations: cofetch -q <= floor", quiet_allocs <= floor_allocs,
             f"{quiet_allocs:.1f} vs {floor_allocs:.1f} per request"),
            ("instructions F: cofetch -q <= 1.00 x floor", tls_ratio <= 1.0, f"{tls_ratio:.2f} x floor")]


def workload_a(nginx, args, work, peers, floor):
    count, concurrency = 20_000, 64

    def extra(urls):
        rows = {}
        text_file, json_file = work / "a-text.out", work / "a-json.out"
        text = Tool("cofetch", lambda u, w, n: [args.cofetch, "-j", str(n), "--summary", "none", "-i", u])
        m = run_tool(nginx, text, urls, count, concurrency, work, args.runs, 120, stdout_to=text_file)
        rows["cofetch text > file"] = (m, count / m.wall if m.ok else None)
        as_json = Tool("cofetch", lambda u, w, n: [args.cofetch, "-j", str(n), "--json", "--summary", "none",
                                                   "-i", u])
        m = run_tool(nginx, as_json, urls, count, concurrency, work, args.runs, 120, stdout_to=json_file)
        rows["cofetch --json > file"] = (m, count / m.wall if m.ok else None)
        wrk_runs = [run_wrk(nginx, concurrency) for _ in range(args.runs)]
        rate = statistics.median(r for _, r in wrk_runs)
        m = wrk_runs[0][0]
        rows["wrk (one URL)"] = (dataclasses.replace(m, note="ceiling: one URL, nothing parsed"), rate)
        return rows

    rows = workload(nginx, args, work, "A", "/small.txt", count, concurrency, 180, peers, extra, floor)
    print_table("A  20,000 URLs of a 100-byte file, -j 64 (throughput)", count, rows)
    # Targets are for the default text output, written to a file.
    text_rate = rows["cofetch text > file"][1] or 0.0
    verdicts = []
    if rows["floor"][1]:
        ratio = text_rate / rows["floor"][1]
        verdicts.append(("A: text output >= 0.95 x floor", ratio >= 0.95, f"{ratio:.2f} x floor"))
    if "wget2" in rows and rows["wget2"][1]:
        ratio = text_rate / rows["wget2"][1]
        verdicts.append(("A: text output >= 1.10 x wget2", ratio >= 1.10, f"{ratio:.2f} x wget2"))
    return verdicts


def workload_e(nginx, args, work):
    """Memory on a million URLs streamed through a pipe, against ten thousand."""
    results = {}
    for count in (10_000, 1_000_000):
        urls = write_urls(work, f"E{count}.txt", nginx, "/small.txt", count)
        runs = []
        for _ in range(args.runs):
            before = nginx.served()
            feeder = subprocess.Popen(["taskset", "-c", SERVER_CPU, "cat", urls], stdout=subprocess.PIPE)
            m = measure([args.cofetch, "-j", "64", "-q", "--summary", "none"], 600, stdin=feeder.stdout)
            feeder.stdout.close()
            feeder.wait()
            served = nginx.served_since(before)
            if served != count:
                m = dataclasses.replace(m, ok=False, note=f"nginx served {served} of {count}")
            runs.append(m)
            if not m.ok:
                break
        ok = all(m.ok for m in runs)
        results[count] = Measure(statistics.median(m.wall for m in runs), statistics.median(m.cpu for m in runs),
                                 statistics.median(m.rss_mib for m in runs), ok, runs[-1].note)
    rows = {f"cofetch, {count:,} URLs piped": (m, count / m.wall if m.ok else None) for count, m in results.items()}
    print_table("E  URLs streamed through a pipe into cofetch, -j 64 (memory)", 0, rows)
    small, large = results[10_000], results[1_000_000]
    return [("E: RSS for 1M within 10% of 10k", large.ok and large.rss_mib <= 1.1 * small.rss_mib,
             f"{large.rss_mib:.1f} vs {small.rss_mib:.1f} MiB"),
            ("E: RSS for 1M under 64 MiB", large.ok and large.rss_mib < 64, f"{large.rss_mib:.1f} MiB")]


if __name__ == "__main__":
    sys.exit(main())
