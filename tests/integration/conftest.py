"""Shared fixtures for the integration tests: the real cofetch binary against the
local test server, both started and stopped here, loopback only."""

import json
import os
import pathlib
import subprocess
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
COFETCH = os.environ.get("COFETCH_BIN", str(ROOT / "build" / "cofetch"))
TEST_SERVER = os.environ.get("COFETCH_TEST_SERVER", str(ROOT / "build" / "cofetch-test-server"))

# Anything a sanitizer prints means the run is broken, whatever the exit status.
SANITIZER_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "WARNING: AddressSanitizer")


class Server:
    def __init__(self):
        self.process = subprocess.Popen([TEST_SERVER, "--host", "127.0.0.1", "--port", "0"],
                                        stdout=subprocess.PIPE, text=True)
        self.port = int(self.process.stdout.readline())
        self.base = f"http://127.0.0.1:{self.port}"

    def url(self, path):
        return self.base + path

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def server():
    instance = Server()
    yield instance
    instance.stop()


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


def cofetch(*args, input=None, timeout=120, env=None):
    start = time.monotonic()
    completed = subprocess.run([COFETCH, *map(str, args)], input=input, capture_output=True, text=True,
                               timeout=timeout, env=env,
                               stdin=None if input is not None else subprocess.DEVNULL)
    run = Run(completed, time.monotonic() - start)
    check_sanitizers(run.stderr)
    return run
