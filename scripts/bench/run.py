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

Prints a table per workload, one machine-readable line per result
  RESULT <workload> <tool> <wall_s> <req_per_s> <cpu_s> <rss_mib>
and the targets of docs/PERFORMANCE.md, met or not."""

import argparse
import dataclasses
import os
import pathlib
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

SERVER_CPU = "1"
CLIENT_CPU = "0"
HERE = pathlib.Path(__file__).resolve().parent

NGINX_CONFIG = """
load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;
worker_processes 1;
worker_rlimit_nofile {nofile};
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log error;
events {{ worker_connections {connections}; }}
http {{
    access_log off;
    keepalive_requests 10000000;
    keepalive_timeout 120s;
    client_body_temp_path {prefix}/tmp;
    proxy_temp_path {prefix}/tmp;
    fastcgi_temp_path {prefix}/tmp;
    uwsgi_temp_path {prefix}/tmp;
    scgi_temp_path {prefix}/tmp;
    server {{
        listen 127.0.0.1:{port} backlog=16384;
        root {prefix}/www;
        location = /delay100 {{ echo_sleep 0.1; echo "delayed"; }}
        location = /delay1000 {{ echo_sleep 1.0; echo "delayed"; }}
        location = /nginx_status {{ stub_status; }}
    }}
}}
"""


def raise_open_files():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class Nginx:
    def __init__(self):
        self.prefix = pathlib.Path(tempfile.mkdtemp(prefix="cofetch-bench-"))
        os.chmod(self.prefix, 0o755)  # workers run as nobody when started by root
        (self.prefix / "tmp").mkdir()
        (self.prefix / "www").mkdir()
        (self.prefix / "www" / "small.txt").write_text("x" * 99 + "\n")  # about 100 bytes
        for path in (self.prefix / "www", self.prefix / "www" / "small.txt"):
            os.chmod(path, 0o755)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        nofile = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        config = self.prefix / "nginx.conf"
        config.write_text(NGINX_CONFIG.format(prefix=self.prefix, port=self.port, nofile=nofile,
                                              connections=max(1024, nofile - 100)))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = subprocess.Popen(["taskset", "-c", SERVER_CPU, nginx, "-p", str(self.prefix), "-c",
                                         str(config), "-e", str(self.prefix / "error.log")],
                                        preexec_fn=raise_open_files, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                self.served()
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("nginx did not start: " + (self.prefix / "error.log").read_text())
                time.sleep(0.05)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def served(self):
        """nginx's count of requests so far, the one asking included."""
        with urllib.request.urlopen(self.url("/nginx_status"), timeout=5) as response:
            return int(response.read().decode().splitlines()[2].split()[2])

    def served_since(self, before):
        """Requests between an earlier served() and now, without the asking one."""
        return self.served() - before - 1

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.prefix, ignore_errors=True)


@dataclasses.dataclass
class Measure:
    wall: float
    cpu: float
    rss_mib: float
    ok: bool
    note: str = ""


def measure(command, timeout, stdin=None, stdout=subprocess.DEVNULL):
    """Runs a command on the client CPU; wall time, CPU time and peak RSS come from
    wait4, which counts the descendants the command waited for (xargs' curls)."""
    started = time.monotonic()
    process = subprocess.Popen(["timeout", "-k", "5", str(timeout), "taskset", "-c", CLIENT_CPU, *command],
                               stdin=stdin, stdout=stdout, stderr=subprocess.DEVNULL, preexec_fn=raise_open_files)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code
    note = "timed out" if code == 124 else "" if code == 0 else f"exit {code}"
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code == 0, note)


@dataclasses.dataclass
class Tool:
    name: str
    command: object  # (urls_file, workdir, concurrency) -> argv
    note: str = ""
    stdin_list: bool = False  # the URL list goes to standard input
    slowness: int = 1  # its runs may take this many times the workload's time limit


def tools(cofetch, concurrency):
    curl_parallel = min(concurrency, 300)  # curl caps --parallel-max at 300
    return [
        Tool("cofetch", lambda urls, work, n: [cofetch, "-j", str(n), "-q", "--summary", "none", "-i", urls]),
        Tool("curl --parallel", lambda urls, work, n: ["curl", "-s", "--fail", "--parallel", "--parallel-max",
                                                       str(curl_parallel), "-K", curl_config(urls, work)],
             note="capped at 300 by curl" if concurrency > 300 else ""),
        Tool("wget2", lambda urls, work, n: ["wget2", "-q", "--max-threads", str(n), "-O", "/dev/null", "-i", urls]),
        Tool("aria2c", lambda urls, work, n: ["aria2c", "-q", "-j", str(n), "-x", "16", "--file-allocation=none",
                                              "--allow-overwrite=true", "--auto-file-renaming=false",
                                              "--summary-interval=0", "--dir", str(work / "aria2"),
                                              "-i", aria2_list(urls, work)]),
        # One curl process per URL, as the idiom goes: minutes for 20,000 URLs.
        Tool("xargs -P curl", lambda urls, work, n: ["xargs", "-P", str(n), "-n", "1", "curl", "-s", "--fail",
                                                     "-o", "/dev/null"], stdin_list=True, slowness=3),
        Tool("python aiohttp", lambda urls, work, n: ["/usr/bin/python3", str(HERE / "aiohttp_fetch.py"), str(n),
                                                      urls]),
    ]


def curl_config(urls, work):
    config = work / (pathlib.Path(urls).name + ".curl")
    if not config.exists():
        with open(urls) as source, open(config, "w") as out:
            for line in source:
                out.write(f'url = "{line.strip()}"\noutput = "/dev/null"\n')
    return str(config)


def aria2_list(urls, work):
    """aria2c saves every body; one name per URL keeps them from colliding (in RAM: /dev/shm)."""
    listing = work / (pathlib.Path(urls).name + ".aria2")
    if not listing.exists():
        with open(urls) as source, open(listing, "w") as out:
            for number, line in enumerate(source):
                out.write(f"{line.strip()}\n  out={number}\n")
    return str(listing)


def write_urls(work, name, nginx, path, count):
    file = work / name
    with open(file, "w") as out:
        for number in range(count):
            out.write(nginx.url(f"{path}?i={number}") + "\n")
    return str(file)


def run_tool(nginx, tool, urls, count, concurrency, work, runs, timeout, stdout_to=None):
    """Median of `runs` verified runs, or the failing run's note."""
    results = []
    for _ in range(runs):
        if tool.name.startswith("aria2c"):
            shutil.rmtree(work / "aria2", ignore_errors=True)
        before = nginx.served()
        command = tool.command(urls, work, concurrency)
        stdin = open(urls) if tool.stdin_list else subprocess.DEVNULL
        stdout = open(stdout_to, "w") if stdout_to else subprocess.DEVNULL
        try:
            result = measure(command, timeout * tool.slowness, stdin=stdin, stdout=stdout)
        finally:
            if tool.stdin_list:
                stdin.close()
            if stdout_to:
                stdout.close()
        served = nginx.served_since(before)
        if result.ok and served != count:
            result = dataclasses.replace(result, ok=False, note=f"nginx served {served} of {count}")
        if not result.ok:
            return result
        results.append(result)
    return Measure(statistics.median(r.wall for r in results), statistics.median(r.cpu for r in results),
                   statistics.median(r.rss_mib for r in results), True, tool.note)


def run_wrk(nginx, concurrency, seconds=5):
    """The loopback ceiling: wrk hammering one URL, parsing nothing, reporting nothing."""
    started = time.monotonic()
    process = subprocess.Popen(["taskset", "-c", CLIENT_CPU, "wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s",
                                nginx.url("/small.txt")], stdout=subprocess.PIPE, text=True,
                               preexec_fn=raise_open_files)
    output = process.stdout.read()
    _, _, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    rate = float(next(line.split()[1] for line in output.splitlines() if line.startswith("Requests/sec")))
    return Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, True), rate


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


def workload(nginx, args, work, label, path, count, concurrency, timeout, peers, extra=None):
    urls = write_urls(work, f"{label}.txt", nginx, path, count)
    rows = {}
    for tool in tools(args.cofetch, concurrency):
        if tool.name != "cofetch" and tool.name not in peers:
            continue
        m = run_tool(nginx, tool, urls, count, concurrency, work, args.runs, timeout)
        rows[tool.name] = (m, count / m.wall if m.ok else None)
    for name, (m, rate) in (extra(urls) if extra else {}).items():
        rows[name] = (m, rate)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cofetch", required=True)
    parser.add_argument("--workloads", default="A,B,D,E")
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
        print(f"nginx on CPU {SERVER_CPU}, clients on CPU {CLIENT_CPU}; median of {args.runs} runs; "
              f"open files {resource.getrlimit(resource.RLIMIT_NOFILE)[0]}")
        if "A" in chosen:
            verdicts += workload_a(nginx, args, work, peers)
        if "B" in chosen:
            rows = workload(nginx, args, work, "B", "/delay100", 1000, 100, 60, peers)
            print_table("B  1,000 URLs answered after 100 ms, -j 100 (ideal wall 1.0 s)", 1000, rows)
            verdicts.append(("B: wall <= 1.05 s", rows["cofetch"][0].ok and rows["cofetch"][0].wall <= 1.05,
                             f"{rows['cofetch'][0].wall:.3f} s"))
        if "D" in chosen:
            d_peers = peers - {"xargs -P curl"}  # 5,000 curl processes at once would not fit in memory
            rows = workload(nginx, args, work, "D", "/delay1000", 5000, 5000, 120, d_peers)
            print_table("D  5,000 URLs answered after 1 s, -j 5000 (ideal wall 1.0 s)", 5000, rows)
            m = rows["cofetch"][0]
            budget = 16 + 24 * 5000 / 1024
            verdicts.append(("D: wall <= 1.3 s", m.ok and m.wall <= 1.3, f"{m.wall:.3f} s"))
            verdicts.append((f"D: peak RSS <= {budget:.0f} MiB", m.ok and m.rss_mib <= budget, f"{m.rss_mib:.1f} MiB"))
        if "E" in chosen:
            verdicts += workload_e(nginx, args, work)
    finally:
        nginx.stop()
        shutil.rmtree(work, ignore_errors=True)
    print("\ntargets")
    for name, met, figure in verdicts:
        print(f"  {'met   ' if met else 'MISSED'}  {name:<46} {figure}")


def workload_a(nginx, args, work, peers):
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

    rows = workload(nginx, args, work, "A", "/small.txt", count, concurrency, 180, peers, extra)
    print_table("A  20,000 URLs of a 100-byte file, -j 64 (throughput)", count, rows)
    cofetch, rate = rows["cofetch"]
    rate = rate or 0.0
    wrk_rate = rows["wrk (one URL)"][1]
    peer_rates = {name: r for name, (m, r) in rows.items() if name in peers and m.ok}
    best_peer = max(peer_rates, key=peer_rates.get) if peer_rates else None
    verdicts = [("A: req/s >= 0.85 x wrk", rate >= 0.85 * wrk_rate, f"{rate / wrk_rate:.2f} x wrk")]
    for variant in ("cofetch text > file", "cofetch --json > file"):
        variant_rate = rows[variant][1] or 0
        verdicts.append((f"A: {variant} >= 0.85 x wrk", variant_rate >= 0.85 * wrk_rate,
                         f"{variant_rate / wrk_rate:.2f} x wrk"))
    if best_peer:
        verdicts.append((f"A: req/s >= 1.4 x best peer ({best_peer})", rate >= 1.4 * peer_rates[best_peer],
                         f"{rate / peer_rates[best_peer]:.2f} x"))
    if "wget2" in peer_rates:
        mine, theirs = cofetch.cpu / count, rows["wget2"][0].cpu / count
        verdicts.append(("A: CPU per request <= 0.6 x wget2's", mine <= 0.6 * theirs,
                         f"{mine * 1e6:.1f} us vs {theirs * 1e6:.1f} us ({mine / theirs:.2f} x)"))
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
