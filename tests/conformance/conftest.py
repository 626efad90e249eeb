"""Fixtures of the conformance suite: the test server (logging what it served),
a second one under another host name, nginx, and a port where nothing listens.

The suite compares cofetch with oracles that are not cofetch: Debian's curl run
on the same request, and what the servers saw and served."""

import pathlib
import socket
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "integration"))

from oracle import harness  # noqa: E402  (after the path is set)
from nginx_server import Nginx  # noqa: E402

pytest_plugins = ["outcomes"]  # skips and missing tools, counted (integration/outcomes.py)

# One stalled port for the session: making one takes a tenth of a second.
stalled_port = pytest.fixture(scope="session")(harness.stalled_port.__wrapped__)
other_server = harness.other_server  # a second host of a batch, reached as http://localhost:PORT


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    instance = harness.Server(log=tmp_path_factory.mktemp("server") / "served.jsonl")
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def nginx(server):
    instance = Nginx(upstream=server.port)  # /up/ is the test server, over HTTP/2 too
    yield instance
    instance.stop()


@pytest.fixture(scope="session")
def closed_port():
    """A loopback port nothing listens on: connections to it are refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
