"""Times that add up: no phase is negative, the phases fit in the total, a server's
delay shows where it happened, and curl measures the same request alike."""

import pytest

from oracle import cofetch, curl

PHASES = ("dns", "connect", "tls", "wait", "receive")


def urls(server, nginx, closed_port):
    return [server.url("/delay/300"), server.url("/bytes/100000"), server.url("/drip/5/40"),
            server.url("/redirect/2"), f"https://localhost:{nginx.tls_port}/", f"http://127.0.0.1:{closed_port}/",
            "http://t.invalid/", server.url("/truncated"), server.url("/status/500")]


@pytest.fixture(scope="module")
def records(server, nginx, closed_port, tmp_path_factory):
    listed = urls(server, nginx, closed_port)
    return cofetch("--json", "-L", "--cacert", nginx.cert, "-j", "3", *listed).records


def test_no_phase_is_negative(records):
    for record in records:
        for phase in PHASES + ("total",):
            assert record["ms"][phase] >= 0, (record["url"], phase)


def test_phases_fit_in_the_total(records):
    for record in records:
        assert sum(record["ms"][phase] for phase in PHASES) <= record["ms"]["total"] + 0.01, record["url"]


def test_a_server_delay_shows_in_wait_and_total(server):
    # The server's timer counts from its loop's cached clock: a few ms early at most.
    record = cofetch("--json", server.url("/delay/300")).records[0]
    assert 290 <= record["ms"]["wait"] < 1000
    assert record["ms"]["total"] >= record["ms"]["wait"]
    theirs = curl(server.url("/delay/300"))
    assert theirs["time_starttransfer"] >= 0.29
    assert abs(record["ms"]["total"] / 1000 - theirs["time_total"]) < 0.15


def test_a_dripped_body_shows_in_receive(server):
    record = cofetch("--json", server.url("/drip/5/60")).records[0]
    assert record["ms"]["receive"] >= 4 * 60 * 0.9
    assert record["ms"]["wait"] < 200


def test_tls_handshake_shows_in_tls(nginx):
    record = cofetch("--json", "--cacert", nginx.cert, f"https://localhost:{nginx.tls_port}/").records[0]
    assert record["ms"]["tls"] > 0 and record["ms"]["connect"] > 0
