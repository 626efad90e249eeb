"""What every workload of the benchmark shares: the nginx under test, running a
client pinned to its CPU and measuring it, and the clients themselves."""

import dataclasses
import os
import pathlib
import resource
import shutil
import socket
import statistics
import subprocess
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
    http2_max_requests 10000000;
    limit_conn_zone $binary_remote_addr zone=limited:1m;
    ssl_certificate {prefix}/cert.pem;
    ssl_certificate_key {prefix}/key.pem;
    ssl_session_cache shared:SSL:10m;
    server {{
        listen 127.0.0.1:{port} backlog=16384;
        root {prefix}/www;
        location = /delay100 {{ echo_sleep 0.1; echo "delayed"; }}
        location = /delay1000 {{ echo_sleep 1.0; echo "delayed"; }}
        location = /nginx_status {{ stub_status; }}
        # Workload L: room for 8 requests at once, 503 beyond (logged, to count them).
        location = /limited {{ limit_conn limited 8; limit_conn_status 503; access_log {prefix}/limited.log;
                               echo_sleep 0.1; echo "served"; }}
    }}
    server {{
        listen 127.0.0.1:{tls_port} ssl http2 backlog=16384;
        root {prefix}/www;
    }}
}}
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
        self.port, self.tls_port = free_port(), free_port()
        # HTTPS (with HTTP/2 by ALPN) for a self-signed certificate good for any name
        # under .bench.test (a wildcard needs two labels after it): clients are given it, or -k.
        self.cert = self.prefix / "cert.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-keyout", str(self.prefix / "key.pem"), "-out", str(self.cert), "-days", "2",
                        "-subj", "/CN=bench.test", "-addext", "subjectAltName=DNS:*.bench.test,IP:127.0.0.1"],
                       check=True, capture_output=True)
        for path in (self.cert, self.prefix / "key.pem"):
            os.chmod(path, 0o644)
        nofile = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        config = self.prefix / "nginx.conf"
        config.write_text(NGINX_CONFIG.format(prefix=self.prefix, port=self.port, tls_port=self.tls_port,
                                              nofile=nofile, connections=max(1024, nofile - 100)))
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

    def status(self):
        """stub_status's counters: (connections accepted, requests), the asking one included."""
        with urllib.request.urlopen(self.url("/nginx_status"), timeout=5) as response:
            counters = response.read().decode().splitlines()[2].split()
        return int(counters[0]), int(counters[2])

    def served(self):
        """nginx's count of requests so far, the one asking included."""
        return self.status()[1]

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


def tools(cofetch, concurrency, floor=None):
    """cofetch, the libcurl floor (when built: scripts/bench/floor.c) and the peers."""
    curl_parallel = min(concurrency, 300)  # curl caps --parallel-max at 300
    return [
        Tool("cofetch", lambda urls, work, n: [cofetch, "-j", str(n), "-q", "--summary", "none", "-i", urls]),
        *([Tool("floor", lambda urls, work, n: [floor, "-j", str(n)], stdin_list=True)] if floor else []),
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


def write_lines(work, name, count, url_of):
    """A URL file of `count` lines, line `number` being url_of(number); its path."""
    file = work / name
    with open(file, "w") as out:
        for number in range(count):
            out.write(url_of(number) + "\n")
    return str(file)


def write_urls(work, name, nginx, path, count):
    return write_lines(work, name, count, lambda number: nginx.url(f"{path}?i={number}"))


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


