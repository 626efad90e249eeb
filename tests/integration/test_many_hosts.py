"""A list over many hosts, as real lists are: each host's connection waits for its
next URL however many hosts are in rotation, and a connection that had to be made
again resumes its TLS session. nginx's access log is the oracle: it records the
connection of every request and whether its TLS session was resumed."""

import subprocess
import time

import pytest

from conftest import COFETCH, check_sanitizers
from nginx_server import Nginx


@pytest.fixture(scope="module")
def nginx():
    server = Nginx()
    yield server
    server.stop()


def fetch_rotation(nginx, hosts, count, port=None, concurrency=64):
    """`count` HTTPS URLs over `hosts` host names (each back every `hosts` URLs),
    all resolved to nginx; returns this run's log entries."""
    port = port or nginx.tls_port
    marker = f"/rotation-{time.monotonic_ns()}"
    urls = [f"https://h{i % hosts}.test:{port}{marker}/{i}" for i in range(count)]
    resolve = [arg for h in range(hosts) for arg in ("--resolve", f"h{h}.test:{port}:127.0.0.1")]
    done = subprocess.run([COFETCH, "-q", "--summary", "none", "-k", "-j", str(concurrency), "-i", "-",
                           *resolve], input="\n".join(urls) + "\n", capture_output=True, text=True,
                          timeout=120)
    check_sanitizers(done.stderr)
    assert done.returncode == 0, done.stderr
    time.sleep(0.3)  # let nginx write its log
    return [entry for entry in nginx.requests() if entry[5].startswith(marker)]


def test_a_list_over_many_hosts_opens_one_connection_per_host(nginx):
    logged = fetch_rotation(nginx, hosts=200, count=2000)
    assert len(logged) == 2000
    assert len({entry[0] for entry in logged}) == 200


def test_connections_made_again_resume_the_tls_session_of_their_host(nginx):
    # This server closes every connection after its answer: each URL connects again.
    logged = fetch_rotation(nginx, hosts=3, count=30, port=nginx.close_port, concurrency=4)
    assert len({entry[0] for entry in logged}) == 30
    full_handshakes = [entry for entry in logged if entry[4] != "r"]
    # The transfers share TLS sessions: one full handshake per host, whichever of
    # the four transfers meets the host first.
    assert len(full_handshakes) == 3, f"{len(full_handshakes)} full handshakes for 3 hosts"
