"""Workloads over TLS and over many hosts, next to the libcurl floor.

Each round runs every client once, in turn (interleaved rounds: a machine that
slows down slows everyone's round alike). Per client: the median of the rounds
and every round's req/s, CPU per request, peak RSS, and the connections nginx
accepted for it (stub_status), verified against nginx's request counter.

  F   20,000 HTTPS URLs on one host, HTTP/2 (ALPN), -j 64
  F1  the same over HTTP/1.1
  G   2,000 HTTPS URLs over 200 host names (each back every 200 URLs), -j 64
  H   50,000 plain HTTP URLs over 5,000 host names (each back every 5,000), -j 64

Many host names reach the one nginx through --resolve (curl's `resolve` in its
config file); the certificate is good for any name under .bench.test."""

import dataclasses
import pathlib
import statistics
import subprocess

from common import measure, write_lines

FLOOR_SOURCES = {"floor": "floor.c", "floor-uv": "floor_uv.c"}


def build_floors(work, here):
    """Compiles the floor clients into `work`; their paths by name."""
    built = {}
    for name, source in FLOOR_SOURCES.items():
        output = work / name
        libraries = ["-lcurl", "-luv"] if name == "floor-uv" else ["-lcurl"]
        subprocess.run(["cc", "-O2", "-o", str(output), str(here / source), *libraries], check=True)
        built[name] = str(output)
    return built


@dataclasses.dataclass
class Client:
    name: str
    argv: list
    list_on_stdin: bool = False


@dataclasses.dataclass
class Rounds:
    runs: list  # Measure per round
    connections: list  # accepted by nginx per round
    failed: str = ""


def run_rounds(nginx, clients, urls, count, rounds, timeout):
    results = {client.name: Rounds([], []) for client in clients}
    for _ in range(rounds):
        for client in clients:
            result = results[client.name]
            if result.failed:
                continue
            accepted, served = nginx.status()
            stdin = open(urls) if client.list_on_stdin else subprocess.DEVNULL
            try:
                m = measure(client.argv, timeout, stdin=stdin)
            finally:
                if client.list_on_stdin:
                    stdin.close()
            accepted_after, served_after = nginx.status()
            requests = served_after - served - 1  # the status request itself
            if not m.ok or requests != count:
                result.failed = m.note or f"nginx served {requests} of {count}"
                continue
            result.runs.append(m)
            # Each status request is a connection of its own.
            result.connections.append(accepted_after - accepted - 1)
    return results


def rate(m, count):
    return count / m.wall


def print_rounds(title, count, results, reference="floor"):
    print(f"\n{title}")
    ref = results.get(reference)
    ref_rate = statistics.median(rate(m, count) for m in ref.runs) if ref and ref.runs else None
    print(f"  {'client':<24}{'req/s':>9}{'CPU us/req':>12}{'RSS MiB':>9}{'conns':>8}{'vs floor':>10}  rounds (req/s)")
    medians = {}
    for name, result in results.items():
        if result.failed:
            print(f"  {name:<24}{'-':>9}{'-':>12}{'-':>9}{'-':>8}{'-':>10}  {result.failed}")
            continue
        req_s = statistics.median(rate(m, count) for m in result.runs)
        cpu = statistics.median(m.cpu for m in result.runs) / count * 1e6
        rss = statistics.median(m.rss_mib for m in result.runs)
        conns = statistics.median(result.connections)
        ratio = f"{req_s / ref_rate:.2f}x" if ref_rate else ""
        every = " ".join(f"{rate(m, count):.0f}" for m in result.runs)
        print(f"  {name:<24}{req_s:>9.0f}{cpu:>12.1f}{rss:>9.1f}{conns:>8.0f}{ratio:>10}  {every}")
        print(f"RESULT {title.split()[0]} {name.replace(' ', '_')} {req_s:.0f} {cpu:.1f} {rss:.1f} {conns:.0f}")
        medians[name] = (req_s, conns)
    return medians


def https_urls(nginx, work, name, count, hosts=None):
    def url(number):
        host = f"h{number % hosts}.bench.test" if hosts else "127.0.0.1"
        return f"https://{host}:{nginx.tls_port}/small.txt?i={number}"
    return write_lines(work, name, count, url)


def http_urls(nginx, work, name, count, hosts):
    return write_lines(work, name, count,
                       lambda number: f"http://h{number % hosts}.bench.test:{nginx.port}/small.txt?i={number}")


def resolve_args(port, hosts):
    return [arg for h in range(hosts) for arg in ("--resolve", f"h{h}.bench.test:{port}:127.0.0.1")]


def curl_config(urls, work, port=None, hosts=0, extra=""):
    config = work / (pathlib.Path(urls).name + ".hosts.curl")
    with open(urls) as source, open(config, "w") as out:
        out.write(extra)
        for h in range(hosts):
            out.write(f'resolve = "h{h}.bench.test:{port}:127.0.0.1"\n')
        for line in source:
            out.write(f'url = "{line.strip()}"\noutput = "/dev/null"\n')
    return str(config)


def clients_one_host(cofetch, floors, nginx, urls, work, http2):
    cert = str(nginx.cert)
    version = [] if http2 else ["--http1.1"]
    floor_version = ["--http2"] if http2 else []
    return [
        Client("cofetch", [cofetch, "-j", "64", "-q", "--summary", "none", "--cacert", cert, *version, "-i", urls]),
        Client("floor", [floors["floor"], "-j", "64", "--cacert", cert, *floor_version], True),
        Client("floor-uv", [floors["floor-uv"], "-j", "64", "--cacert", cert, *floor_version], True),
        Client("wget2", ["wget2", "-q", "--max-threads", "64", "--ca-certificate", cert, "-O", "/dev/null",
                         *([] if http2 else ["--no-http2"]), "-i", urls]),
        Client("curl -Z", ["curl", "-s", "--fail", "--parallel", "--parallel-max", "64", "--cacert", cert,
                           "--http2" if http2 else "--http1.1", "-K", curl_config(urls, work)]),
    ]


def h2load(nginx, count, http2):
    """The ceiling: h2load on one URL (64 streams on one connection, or 64 HTTP/1.1
    connections), parsing no list and reporting nothing per request."""
    argv = ["h2load", "-n", str(count), "-c", "1" if http2 else "64", "-m", "64" if http2 else "1",
            f"https://127.0.0.1:{nginx.tls_port}/small.txt"]
    if not http2:
        argv.insert(1, "--h1")
    return Client("h2load (one URL)", argv)


def workload_f(nginx, cofetch, floors, work, rounds, http2):
    count = 20_000
    urls = https_urls(nginx, work, "F.txt" if http2 else "F1.txt", count)
    clients = clients_one_host(cofetch, floors, nginx, urls, work, http2) + [h2load(nginx, count, http2)]
    label = "F   20,000 HTTPS URLs, one host, HTTP/2, -j 64" if http2 else \
        "F1  20,000 HTTPS URLs, one host, HTTP/1.1, -j 64"
    medians = print_rounds(label, count, run_rounds(nginx, clients, urls, count, rounds, 180))
    name = "F" if http2 else "F1"
    verdicts = []
    if "cofetch" in medians and "floor" in medians:
        ratio = medians["cofetch"][0] / medians["floor"][0]
        verdicts.append((f"{name}: req/s >= 0.95 x floor", ratio >= 0.95, f"{ratio:.2f} x floor"))
    if "cofetch" in medians and "wget2" in medians:
        ratio = medians["cofetch"][0] / medians["wget2"][0]
        verdicts.append((f"{name}: req/s >= 1.10 x wget2", ratio >= 1.10, f"{ratio:.2f} x wget2"))
    return verdicts


def workload_many_hosts(nginx, cofetch, floors, work, rounds, tls):
    if tls:
        count, hosts, port = 2_000, 200, nginx.tls_port
        urls = https_urls(nginx, work, "G.txt", count, hosts)
        cert = ["--cacert", str(nginx.cert)]
        label, name = "G   2,000 HTTPS URLs over 200 host names, -j 64", "G"
    else:
        count, hosts, port = 50_000, 5_000, nginx.port
        urls = http_urls(nginx, work, "H.txt", count, hosts)
        cert = []
        label, name = "H   50,000 HTTP URLs over 5,000 host names, -j 64", "H"
    resolve = resolve_args(port, hosts)
    clients = [
        Client("cofetch", [cofetch, "-j", "64", "-q", "--summary", "none", *cert, "-i", urls, *resolve]),
        Client("floor", [floors["floor"], "-j", "64", *(["--http2"] if tls else []), *cert, *resolve], True),
        Client("curl -Z", ["curl", "-s", "--fail", "--parallel", "--parallel-max", "64", *cert, "-K",
                           curl_config(urls, work, port, hosts)]),
    ]
    medians = print_rounds(label, count, run_rounds(nginx, clients, urls, count, rounds, 300))
    verdicts = []
    if "cofetch" in medians:
        verdicts.append((f"{name}: connections opened = hosts ({hosts})", medians["cofetch"][1] == hosts,
                         f"{medians['cofetch'][1]:.0f}"))
    if "cofetch" in medians and "floor" in medians:
        ratio = medians["cofetch"][0] / medians["floor"][0]
        verdicts.append((f"{name}: req/s >= 1.0 x floor", ratio >= 1.0, f"{ratio:.2f} x floor"))
    return verdicts
