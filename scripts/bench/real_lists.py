"""Real lists: hosts that are gone, refuse when pressed, sit far away.

R, R4  a simulated internet (below), cofetch and its peers, next to its lower bound
L      one server that answers 503 above 8 requests in flight (nginx limit_conn),
       500 URLs of 100 ms at -j 50 --retry 5 --retry-delay 0.2: the bound is
       500 / 8 x 0.1 s = 6.25 s, found without being told the limit
K      50 URLs on each of 10 hosts that never accept among 500 live URLs,
       --connect-timeout 2 -j 20

Workload R: a simulated internet, as close to a real crawl as loopback allows.

20,000 URLs over 2,000 host names. Latency lives in the server (the test server's
simulated hosts, tests/server/simulated_host.hpp): each host has its own round
trip, drawn log-uniformly from 10 to 300 ms; an answer starts one round trip after
its request and a new connection costs one round trip more. Of the hosts, 3% are
gone (their names reach a listener whose accept queue is full: a connect hangs
until the client gives up), 1% do not resolve, 2% answer 429 with Retry-After: 1
when more than 2 of their requests are in flight, and five big hosts (round
trips of 20 to 60 ms) hold 1,500 of the URLs. One URL in 20 is a redirect. The
list is shuffled. R4 is the same list with the three biggest hosts refusing
(429, Retry-After: 1) above 4 requests in flight.

Names resolve through /etc/hosts for every client alike: each runs in a mount
namespace of its own (unshare -m) where /etc/hosts holds the 1,980 names that
resolve, and /etc/resolv.conf a name server nobody answers for, so the rest fail
at once. Nothing outside the namespace changes.

The lower bound of a run at -j N: the larger of (the sum over requests of their
round trips, plus one round trip per host for its first connection, plus one
connect timeout per gone host) / N, and the longest chain any one host forces at
its limit (ceil(requests / limit) round trips, plus one for the connection).

Every client gets its closest equivalent of the same settings: 200 at once, a 5 s
connect timeout, 30 s per URL, 3 retries. cofetch runs --runs times (the median
is shown), each peer once: they take minutes. What each tool did is read from the
server's own log, not from the tool: URLs answered, 429s provoked (each one a
request above a host's limit), connections opened, and the most requests one
host had in flight."""

import dataclasses
import json
import math
import pathlib
import random
import socket
import statistics
import subprocess
import time
import urllib.request

from common import HERE, SERVER_CPU, measure

URLS = 20_000
HOSTS = 2_000
DEAD_SHARE, UNRESOLVED_SHARE, LIMITED_SHARE = 0.03, 0.01, 0.02
BIG_HOSTS = [400, 300, 300, 250, 250]  # URLs each; the three biggest refuse above 4 in R4
REDIRECT_EVERY = 20
CONCURRENCY = 200
CONNECT_TIMEOUT = 5
MAX_TIME = 30
RETRIES = 3
SEED = 20261207


@dataclasses.dataclass
class Host:
    name: str
    kind: str  # live, big, limited, dead, unresolved
    rtt_ms: int = 0
    limit: int = 0  # in flight before refusals; 0: none


@dataclasses.dataclass
class Url:
    text: str
    host: Host
    final_target: str  # what the server logs for its last request
    requests: int  # 2 for a redirect


@dataclasses.dataclass
class World:
    urls: list
    hosts: list
    port: int
    dead_port: int


def rtt(rng, low=10, high=300):
    return int(round(math.exp(rng.uniform(math.log(low), math.log(high)))))


def make_world(port, dead_port, big_limit=0):
    """The list and its hosts; the same for every run (seeded)."""
    rng = random.Random(SEED)
    hosts = []
    for i, _ in enumerate(BIG_HOSTS):
        limit = big_limit if big_limit and i < 3 else 0
        host = Host("", "big", rtt(rng, 20, 60), limit)
        host.name = f"b{i}-rtt{host.rtt_ms}" + (f"-limit{limit}-ra1" if limit else "") + ".sim.test"
        hosts.append(host)
    others = HOSTS - len(BIG_HOSTS)
    dead, unresolved, limited = (round(HOSTS * share) for share in (DEAD_SHARE, UNRESOLVED_SHARE, LIMITED_SHARE))
    kinds = ["dead"] * dead + ["unresolved"] * unresolved + ["limited"] * limited
    kinds += ["live"] * (others - len(kinds))
    rng.shuffle(kinds)
    for i, kind in enumerate(kinds):
        if kind == "dead":
            hosts.append(Host(f"d{i}.sim.test", kind))
        elif kind == "unresolved":
            hosts.append(Host(f"u{i}.sim.invalid", kind))
        elif kind == "limited":
            host = Host("", kind, rtt(rng), 2)
            host.name = f"l{i}-rtt{host.rtt_ms}-limit2-ra1.sim.test"
            hosts.append(host)
        else:
            host = Host("", kind, rtt(rng))
            host.name = f"h{i}-rtt{host.rtt_ms}.sim.test"
            hosts.append(host)
    owners = [hosts[i] for i, count in enumerate(BIG_HOSTS) for _ in range(count)]
    small = hosts[len(BIG_HOSTS):]
    owners += [rng.choice(small) for _ in range(URLS - len(owners))]
    rng.shuffle(owners)
    urls = []
    for n, host in enumerate(owners):
        size = rng.randrange(200, 5000)
        target = f"/bytes/{size}?n={n}"
        host_port = f"{host.name}:{dead_port if host.kind == 'dead' else port}"
        if n % REDIRECT_EVERY == 0:
            text = f"http://{host_port}/moved/302?to=%2Fbytes%2F{size}%3Fn%3D{n}"
            urls.append(Url(text, host, target, 2))
        else:
            urls.append(Url(f"http://{host_port}{target}", host, target, 1))
    return World(urls, hosts, port, dead_port)


def lower_bound(world, concurrency):
    """Seconds: the larger of the slot time over -j and the longest chain of a host."""
    timeout_ms = CONNECT_TIMEOUT * 1000
    requests = {}
    for url in world.urls:
        requests.setdefault(url.host.name, []).append(url.requests)
    total, chain = 0.0, 0.0
    for host in world.hosts:
        mine = requests.get(host.name, [])
        if not mine or host.kind == "unresolved":
            continue
        if host.kind == "dead":
            total += timeout_ms
            chain = max(chain, timeout_ms)
            continue
        total += sum(mine) * host.rtt_ms + host.rtt_ms
        if host.limit:
            rounds = math.ceil(sum(mine) / host.limit)
        else:
            rounds = max(mine)
        chain = max(chain, (rounds + 1) * host.rtt_ms)
    return max(total / concurrency, chain) / 1000, total / concurrency / 1000, chain / 1000


class DeadListener:
    """A listener that never accepts, its queue full: connects to it hang."""

    def __init__(self, address="127.0.0.2"):
        self.listener = socket.socket()
        self.listener.bind((address, 0))
        self.listener.listen(0)
        self.address, self.port = self.listener.getsockname()
        self.fillers = []
        for _ in range(4):
            filler = socket.socket()
            filler.setblocking(False)
            try:
                filler.connect((address, self.port))
            except BlockingIOError:
                pass
            self.fillers.append(filler)
        time.sleep(0.1)

    def close(self):
        for sock in self.fillers + [self.listener]:
            sock.close()


class SimServer:
    """The test server on the server CPU, logging every answer."""

    def __init__(self, binary, log, port):
        self.log = log
        self.process = subprocess.Popen(["taskset", "-c", SERVER_CPU, binary, "--host", "127.0.0.1", "--port",
                                         str(port), "--log", str(log)], stdout=subprocess.PIPE, text=True)
        self.port = int(self.process.stdout.readline())

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def namespace_files(work, world):
    hosts = work / "sim-hosts"
    with open(hosts, "w") as out:
        out.write("127.0.0.1 localhost\n")
        for host in world.hosts:
            if host.kind == "unresolved":
                continue
            out.write(f"{'127.0.0.2' if host.kind == 'dead' else '127.0.0.1'} {host.name}\n")
    resolv = work / "sim-resolv.conf"
    resolv.write_text("nameserver 127.0.0.1\noptions timeout:1 attempts:1\n")  # nobody answers: NXDOMAIN-fast
    return hosts, resolv


def in_namespace(hosts, resolv, argv):
    """argv run where /etc/hosts and /etc/resolv.conf are the simulated ones."""
    script = 'mount --bind "$1" /etc/hosts && mount --bind "$2" /etc/resolv.conf && shift 2 && exec "$@"'
    return ["unshare", "-m", "sh", "-c", script, "sh", str(hosts), str(resolv), *argv]


def clients(cofetch, urls, work, concurrency):
    curl_config = work / "sim.curl"
    with open(urls) as source, open(curl_config, "w") as out:
        for line in source:
            out.write(f'url = "{line.strip()}"\noutput = "/dev/null"\n')
    timeouts = ["--connect-timeout", str(CONNECT_TIMEOUT), "-m", str(MAX_TIME)]
    return {
        "cofetch": ([cofetch, "-j", str(concurrency), "-L", *timeouts, "--retry", str(RETRIES), "--json",
                     "--summary", "none", "-i", urls], False, f"-j {concurrency} -L --retry {RETRIES}"),
        "curl --parallel": (["curl", "-s", "-L", "--parallel", "--parallel-max", str(min(concurrency, 300)), *timeouts,
                             "--retry", str(RETRIES), "-K", str(curl_config)], False,
                            f"--parallel-max {min(concurrency, 300)} --retry 3"),
        "wget2": (["wget2", "-q", "--max-threads", str(concurrency), "--connect-timeout", str(CONNECT_TIMEOUT),
                   "--timeout", str(MAX_TIME), "--tries", str(RETRIES + 1), "--waitretry", "2",
                   "-O", "/dev/null", "-i", urls], False, f"--max-threads {concurrency} --tries 4 --waitretry 2"),
        "xargs -P curl": (["xargs", "-P", str(concurrency), "-n", "1", "curl", "-s", "-L", *timeouts, "--retry",
                           str(RETRIES), "-o", "/dev/null"], True, f"-P {concurrency}, one curl per URL, --retry 3"),
        "python aiohttp": (["/usr/bin/python3", str(HERE / "aiohttp_fetch.py"), str(concurrency), urls,
                            "--connect-timeout", str(CONNECT_TIMEOUT), "--timeout", str(MAX_TIME), "--retries",
                            str(RETRIES), "--any-status"], False,
                           f"Semaphore({concurrency}), 3 retries with back-off"),
    }


@dataclasses.dataclass
class Outcome:
    wall: float
    answered: int
    refused: int
    connections: int
    peak_host: int  # most requests in flight on one simulated host
    records_ok: str = ""  # cofetch: its own records checked against the list
    note: str = ""


def read_log(path):
    with open(path) as log:
        return [json.loads(line) for line in log if line.strip()]


def outcome_of(world, log, wall, connections):
    served = {}
    refused = 0
    peak = 0
    for entry in log:
        host = entry["host"].split(":")[0]
        if entry["status"] == 429:
            refused += 1
        if entry["status"] == 200:
            served.setdefault(host, set()).add(entry["target"])
        peak = max(peak, entry["host_in_flight"])
    answered = sum(1 for url in world.urls if url.final_target in served.get(url.host.name, ()))
    return Outcome(wall, answered, refused, connections, peak)


def check_records(world, path):
    """cofetch's own JSON Lines: one record per URL, every answerable URL a 200."""
    records = [json.loads(line) for line in open(path) if line.strip()]
    indexes = sorted(record["index"] for record in records)
    if indexes != list(range(len(world.urls))):
        return f"{len(records)} records for {len(world.urls)} URLs"
    missed = sum(1 for record in records
                 if world.urls[record["index"]].host.kind not in ("dead", "unresolved") and record["status"] != 200)
    return "one record per URL" + (f", {missed} answerable without a 200" if missed else ", every answerable 200")


def run_once(name, argv, stdin_list, world, urls, work, server_binary, hosts, resolv, timeout):
    log = work / f"sim-{name.split()[0]}.log"
    if log.exists():
        log.unlink()
    server = SimServer(server_binary, log, world.port)  # the list names its port
    out = work / "sim-out.jsonl"
    try:
        stdin = open(urls) if stdin_list else subprocess.DEVNULL
        with open(out, "w") as stdout:
            started = time.monotonic()
            m = measure(in_namespace(hosts, resolv, argv), timeout, stdin=stdin, stdout=stdout)
            wall = time.monotonic() - started
        if stdin_list:
            stdin.close()
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/stats", timeout=10) as response:
            stats = json.load(response)
    finally:
        server.stop()
    result = outcome_of(world, read_log(log), m.wall, stats["connections"] - 1)
    if m.note == "timed out":
        result.note = "timed out"
    if name == "cofetch":
        result.records_ok = check_records(world, out)
    return result


def reserve_port():
    """A port for the simulated server that the list can name before it starts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def workload_r(cofetch, work, runs, peers, variant_limit=0):
    """R (variant_limit 0) or R4 (the three biggest hosts refuse above 4)."""
    server_binary = str(pathlib.Path(cofetch).parent / "cofetch-test-server")
    dead = DeadListener()
    port = reserve_port()
    try:
        world = make_world(port, dead.port, variant_limit)
        urls = work / ("R4.txt" if variant_limit else "R.txt")
        urls.write_text("".join(url.text + "\n" for url in world.urls))
        hosts, resolv = namespace_files(work, world)
        bound, spread, chain = lower_bound(world, CONCURRENCY)
        answerable = sum(1 for url in world.urls if url.host.kind not in ("dead", "unresolved"))
        label = "R4 " if variant_limit else "R  "
        title = (f"{label} {URLS:,} URLs over {HOSTS:,} hosts (3% gone, 1% unresolvable, 2% 429 above 2"
                 + (", the 3 biggest 429 above 4" if variant_limit else "") + f"), -j {CONCURRENCY}")
        print(f"\n{title}")
        print(f"  lower bound {bound:.2f} s (slot time / -j {spread:.2f} s, longest host chain {chain:.2f} s); "
              f"{answerable:,} URLs answerable")
        print(f"  {'client':<17}{'wall s':>8}{'x bound':>9}{'answered':>10}{'429s':>7}{'conns':>7}"
              f"{'peak/host':>10}  settings; notes")
        verdicts = []
        for name, (argv, stdin_list, settings) in clients(cofetch, str(urls), work, CONCURRENCY).items():
            if name != "cofetch" and name not in peers:
                continue
            timeout = 900 if name == "xargs -P curl" else 600
            results = [run_once(name, argv, stdin_list, world, str(urls), work, server_binary, hosts, resolv,
                                timeout) for _ in range(runs if name == "cofetch" else 1)]
            wall = statistics.median(r.wall for r in results)
            last = results[-1]
            notes = "; ".join(x for x in (settings, last.records_ok, last.note) if x)
            print(f"  {name:<17}{wall:>8.2f}{wall / bound:>9.2f}{last.answered:>10,}{last.refused:>7,}"
                  f"{last.connections:>7,}{last.peak_host:>10}  {notes}")
            print(f"RESULT {label.strip()} {name.replace(' ', '_')} {wall:.3f} {wall / bound:.3f} {last.answered} "
                  f"{last.refused} {last.connections}")
            if name == "cofetch":
                ours = (wall, last)
            else:
                verdicts.append((name, wall))
        wall, last = ours
        fastest_peer = min((w for _, w in verdicts), default=None)
        target = 1.5 if variant_limit else 1.3
        out = [(f"{label.strip()}: wall <= {target} x lower bound", wall <= target * bound,
                f"{wall / bound:.2f} x ({wall:.2f} s vs {bound:.2f} s)"),
               (f"{label.strip()}: every answerable URL answered", last.answered == answerable,
                f"{last.answered:,} of {answerable:,}; {last.records_ok}")]
        if variant_limit:
            requests = answerable + last.refused
            out.append((f"{label.strip()}: <= 10% of requests refused", last.refused <= 0.1 * requests,
                        f"{last.refused:,} of about {requests:,}"))
        if fastest_peer:
            out.append((f"{label.strip()}: wall <= 0.5 x fastest peer", wall <= 0.5 * fastest_peer,
                        f"{wall / fastest_peer:.2f} x ({fastest_peer:.2f} s)"))
        return out
    finally:
        dead.close()


def _peer_table(title, rows, bound=None):
    print(f"\n{title}")
    print(f"  {'client':<17}{'wall s':>8}{'x bound':>9}  outcome; settings")
    for name, wall, outcome, settings in rows:
        ratio = f"{wall / bound:>9.2f}" if bound else f"{'':>9}"
        print(f"  {name:<17}{wall:>8.2f}{ratio}  {outcome}; {settings}")
        print(f"RESULT {title.split()[0]} {name.replace(' ', '_')} {wall:.3f}")


def workload_l(nginx, cofetch, work, runs, peers):
    """500 URLs on a server with room for 8 (nginx limit_conn, 503 beyond), 0.1 s each."""
    count, concurrency, bound = 500, 50, 500 / 8 * 0.1
    urls = work / "L.txt"
    urls.write_text("".join(nginx.url(f"/limited?i={n}") + "\n" for n in range(count)))
    log = nginx.prefix / "limited.log"
    curl_config = work / "L.curl"
    curl_config.write_text("".join(f'url = "{nginx.url(f"/limited?i={n}")}"\noutput = "/dev/null"\n'
                                   for n in range(count)))
    clients = {
        "cofetch": ([cofetch, "-j", "50", "--retry", "5", "--retry-delay", "0.2", "-q", "--summary", "none",
                     "-i", str(urls)], "-j 50 --retry 5 --retry-delay 0.2"),
        "curl --parallel": (["curl", "-s", "--parallel", "--parallel-max", "50", "--retry", "5", "-K",
                             str(curl_config)], "--parallel-max 50 --retry 5"),
        "wget2": (["wget2", "-q", "--max-threads", "50", "--tries", "6", "--waitretry", "1", "-O", "/dev/null",
                   "-i", str(urls)], "--max-threads 50 --tries 6 --waitretry 1"),
        "python aiohttp": (["/usr/bin/python3", str(HERE / "aiohttp_fetch.py"), "50", str(urls), "--retries", "5",
                            "--any-status"], "Semaphore(50), 5 retries with back-off"),
    }
    rows, verdicts = [], []
    for name, (argv, settings) in clients.items():
        if name != "cofetch" and name not in peers:
            continue
        walls = []
        for _ in range(runs if name == "cofetch" else 1):
            log.write_text("")
            m = measure(argv, 300)
            walls.append(m.wall)
            entries = [line.split('"')[2].split()[0] for line in log.read_text().splitlines() if line]
            targets = [line.split('"')[1].split()[1] for line in log.read_text().splitlines() if line]
            refused = entries.count("503")
            answered = len({t for t, status in zip(targets, entries) if status == "200"})
        wall = statistics.median(walls)
        note = f"; {m.note}" if m.note else ""
        rows.append((name, wall, f"{answered} of {count} answered 200, {refused} of {len(entries)} requests "
                                 f"refused ({100 * refused / max(len(entries), 1):.0f}%){note}", settings))
        if name == "cofetch":
            verdicts = [("L: every URL answered 200", answered == count, f"{answered} of {count}"),
                        ("L: <= 10% of requests refused", refused <= 0.1 * len(entries),
                         f"{refused} of {len(entries)}"),
                        ("L: wall <= 1.3 x 6.25 s", wall <= 1.3 * bound, f"{wall:.2f} s ({wall / bound:.2f} x)")]
    _peer_table(f"L   {count} URLs of 0.1 s, 503 above 8 in flight (nginx limit_conn), -j 50 "
                f"(bound {bound:.2f} s)", rows, bound)
    return verdicts


def workload_k(nginx, cofetch, work, runs, peers):
    """50 URLs on each of 10 hosts that never accept, among 500 live URLs."""
    gone = [DeadListener() for _ in range(10)]
    try:
        rng = random.Random(SEED)
        urls = [nginx.url(f"/small.txt?k={n}") for n in range(500)]
        urls += [f"http://{dead.address}:{dead.port}/x?k={n}" for dead in gone for n in range(50)]
        rng.shuffle(urls)
        path = work / "K.txt"
        path.write_text("".join(url + "\n" for url in urls))
        curl_config = work / "K.curl"
        curl_config.write_text("".join(f'url = "{url}"\noutput = "/dev/null"\n' for url in urls))
        clients = {
            "cofetch": ([cofetch, "-j", "20", "--connect-timeout", "2", "-q", "--summary", "none", "-i", str(path)],
                        False, "-j 20 --connect-timeout 2"),
            "curl --parallel": (["curl", "-s", "--parallel", "--parallel-max", "20", "--connect-timeout", "2",
                                 "-K", str(curl_config)], False, "--parallel-max 20 --connect-timeout 2"),
            "wget2": (["wget2", "-q", "--max-threads", "20", "--connect-timeout", "2", "--tries", "1",
                       "-O", "/dev/null", "-i", str(path)], False, "--max-threads 20 --connect-timeout 2 --tries 1"),
            "xargs -P curl": (["xargs", "-P", "20", "-n", "1", "curl", "-s", "--connect-timeout", "2", "-o",
                               "/dev/null"], True, "-P 20 --connect-timeout 2"),
            "python aiohttp": (["/usr/bin/python3", str(HERE / "aiohttp_fetch.py"), "20", str(path),
                                "--connect-timeout", "2", "--any-status"], False, "Semaphore(20), sock_connect=2"),
        }
        rows, verdicts = [], []
        for name, (argv, stdin_list, settings) in clients.items():
            if name != "cofetch" and name not in peers:
                continue
            walls, served = [], 0
            for _ in range(runs if name == "cofetch" else 1):
                before = nginx.served()
                stdin = open(path) if stdin_list else subprocess.DEVNULL
                m = measure(argv, 300, stdin=stdin)
                if stdin_list:
                    stdin.close()
                served = nginx.served_since(before)
                walls.append(m.wall)
            wall = statistics.median(walls)
            note = f"; {m.note}" if m.note else ""
            rows.append((name, wall, f"nginx served {served} of 500 live URLs{note}", settings))
            if name == "cofetch":
                verdicts = [("K: under 8 s", wall < 8, f"{wall:.2f} s"),
                            ("K: every live URL served once", served == 500, f"{served} of 500")]
        _peer_table("K   50 URLs on each of 10 hosts that never accept among 500 live URLs, -j 20, "
                    "connect timeout 2 s", rows)
        return verdicts
    finally:
        for dead in gone:
            dead.close()
