"""Shared fixtures for the integration tests: the real cofetch binary against the
local test server, both started and stopped here, loopback only."""

import json
import os
import pathlib
import socket
import subprocess
import time
import urllib.request

import pytest

# Skips and missing tools, as ctest and scripts/test.sh count them (outcomes.py).
pytest_plugins = ["outcomes"]

ROOT = pathlib.Path(__file__).resolve().parents[2]
COFETCH = os.environ.get("COFETCH_BIN", str(ROOT / "build" / "cofetch"))
TEST_SERVER = os.environ.get("COFETCH_TEST_SERVER", str(ROOT / "build" / "cofetch-test-server"))
BUILD_DIR = pathlib.Path(os.environ.get("COFETCH_BUILD_DIR", str(ROOT / "build")))

# A configuration file of the person running the tests must not change them;
# tests of the configuration file name theirs.
os.environ["COFETCH_CONFIG"] = ""

# Anything a sanitizer prints means the run is broken, whatever the exit status.
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "WARNING: AddressSanitizer")


class Server:
    def __init__(self, log=None, port=0, host="127.0.0.1"):
        """With `log` (a path), the server appends one JSON line per answer to it;
        `port` 0 takes a free one; `host` is the address it listens on (one only)."""
        self.log = log
        extra = ["--log", str(log)] if log else []
        self.process = subprocess.Popen([TEST_SERVER, "--host", host, "--port", str(port), *extra],
                                        stdout=subprocess.PIPE, text=True)
        self.port = int(self.process.stdout.readline())
        self.base = f"http://{'[::1]' if host == '::1' else host}:{self.port}"

    def url(self, path):
        return self.base + path

    def stats(self):
        """The server's own count of requests in flight: {"in_flight", "peak", "requests"}."""
        with urllib.request.urlopen(self.url("/stats"), timeout=10) as response:
            return json.load(response)

    def served(self):
        """Every answer logged so far (needs `log`), in order."""
        with open(self.log) as log:
            return [json.loads(line) for line in log if line.strip()]

    def reset_stats(self):
        urllib.request.urlopen(self.url("/stats/reset"), timeout=10).read()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def server():
    instance = Server()
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def other_server():
    """A second test server: another host, as far as --per-host is concerned."""
    instance = Server()
    yield instance
    instance.stop()


@pytest.fixture
def logged_server(tmp_path):
    """A test server of the test's own that logs every request it answers."""
    instance = Server(log=tmp_path / "served.jsonl")
    yield instance
    instance.stop()


@pytest.fixture
def unique(request):
    """A query string unique to the test, for the server's stateful routes."""
    return "?k=" + request.node.name


@pytest.fixture
def stalled_port():
    """A loopback port whose listener never accepts and whose queue is full, so a
    connect to it neither succeeds nor fails until the client gives up."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):
        filler = socket.socket()
        filler.setblocking(False)
        try:
            filler.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        fillers.append(filler)
    time.sleep(0.1)
    yield port
    for sock in fillers + [listener]:
        sock.close()


class Run:
    """A finished cofetch process: exit status, output and how long it took."""

    def __init__(self, completed, elapsed):
        self.status = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.elapsed = elapsed

    @property
    def lines(self):
        return [line for line in self.stdout.splitlines() if line]

    @property
    def records(self):
        return [json.loads(line) for line in self.lines]

    @property
    def summary(self):
        """The --summary json object (the last line of stderr)."""
        return json.loads(self.stderr.strip().splitlines()[-1])


def check_sanitizers(stderr):
    for marker in SANITIZER_MARKERS:
        assert marker not in stderr, f"sanitizer report:\n{stderr}"


def bytes_read_ahead(args, line, seconds=1.5, offered_bytes=8 * 1024 * 1024, first_line=""):
    """Offers cofetch a long list (the same URL line repeated, after `first_line`) on
    standard input and returns how many bytes it had taken after `seconds`: a
    measure of read-ahead."""
    offered = first_line.encode() + line.encode() * (offered_bytes // len(line))
    process = subprocess.Popen([COFETCH, *map(str, args)], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    os.set_blocking(process.stdin.fileno(), False)
    accepted = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and accepted < len(offered):
        try:
            accepted += os.write(process.stdin.fileno(), offered[accepted:accepted + 65536])
        except BlockingIOError:
            time.sleep(0.01)
    process.kill()
    process.wait(timeout=10)
    return accepted


def start_and_read(args, lines, timeout=30):
    """Starts cofetch with --json on stdout and returns (process, records) once it
    has written `lines` records: a point where that much work is known done."""
    process = subprocess.Popen([COFETCH, "--json", *map(str, args)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    records = []
    deadline = time.monotonic() + timeout
    while len(records) < lines and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        records.append(json.loads(line))
    return process, records


SANITIZED = os.environ.get("COFETCH_SANITIZED") == "1"


def peak_rss_mib(*args, timeout=120):
    """Runs cofetch (output discarded) and returns (exit status, its own peak RSS in MiB)."""
    process = subprocess.Popen([COFETCH, *map(str, args)], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage.ru_maxrss / 1024
        if time.monotonic() > deadline:
            process.kill()
            raise TimeoutError(args)
        time.sleep(0.02)


def cofetch(*args, input=None, timeout=120, env=None):
    start = time.monotonic()
    completed = subprocess.run([COFETCH, *map(str, args)], input=input, capture_output=True, text=True,
                               timeout=timeout, env=env,
                               stdin=None if input is not None else subprocess.DEVNULL)
    run = Run(completed, time.monotonic() - start)
    check_sanitizers(run.stderr)
    return run
