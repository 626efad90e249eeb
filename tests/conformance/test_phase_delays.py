"""Each phase of a transfer delayed on purpose by a known time, over plain HTTP/1.1,
HTTP/1.1 over TLS and HTTP/2: a late accept, a slow TLS answer, a slow first byte,
a slow body, a slow redirect hop. curl on the same request is the oracle: the
delay must land in the same phase of cofetch's record (each JSON `ms` phase against
the same phase computed from curl's cumulative times) and in the same cumulative
-w times, within a tolerance that is a fraction of the delay; so a phase moved into
its neighbour fails. The delays are made by the servers (delay_relay.py, the test
server's routes), never by the network."""

import json

import pytest

from oracle import SEPARATOR, cofetch, curl
from delay_relay import DelayRelay

DELAY_MS = 400
TOLERANCE_MS = 0.3 * DELAY_MS  # two runs of one request on loopback differ by a few ms
PHASES = ("dns", "connect", "tls", "wait", "receive", "total")
TIMES = ("time_namelookup", "time_connect", "time_appconnect", "time_pretransfer", "time_starttransfer",
         "time_redirect", "time_total")
PROTOCOLS = ("http/1.1", "https/1.1", "http/2")
# Which phase each delay must land in, per protocol: a late accept or a slow first
# answer holds the TLS handshake back where there is one, else the first byte.
DELAYS = {
    "late accept": {"http/1.1": "wait", "https/1.1": "tls", "http/2": "tls"},
    "slow first answer": {"http/1.1": "wait", "https/1.1": "tls", "http/2": "tls"},
    "slow first byte": dict.fromkeys(PROTOCOLS, "wait"),
    "slow body": dict.fromkeys(PROTOCOLS, "receive"),
    "slow redirect hop": dict.fromkeys(PROTOCOLS, "wait"),
}


@pytest.fixture(scope="module")
def relays(server, nginx):
    """Per protocol: (the port it is served on, a late-accepting relay, a slow-answering relay)."""
    made = {}
    for protocol, port in (("http/1.1", server.port), ("https/1.1", nginx.h1_port), ("http/2", nginx.tls_port)):
        made[protocol] = (port, DelayRelay(port, accept_ms=DELAY_MS), DelayRelay(port, first_answer_ms=DELAY_MS))
    yield made
    for _, late, slow in made.values():
        late.stop()
        slow.stop()


def request(protocol, delay, relays):
    """The URL and options of one delayed request."""
    port, late, slow = relays[protocol]
    scheme, host, up = ("http", "127.0.0.1", "") if protocol == "http/1.1" else ("https", "localhost", "/up")
    via = {"late accept": late.port, "slow first answer": slow.port}.get(delay, port)
    path = {"slow first byte": f"/delay/{DELAY_MS}",
            "slow body": f"/drip/5/{DELAY_MS // 4}",
            "slow redirect hop": f"/moved/302?to={up}/bytes/10&after={DELAY_MS}"}.get(delay, "/bytes/10")
    return f"{scheme}://{host}:{via}{up}{path}", ["-L"] if delay == "slow redirect hop" else []


def phases_of_curl(info):
    """The record's phases, computed from curl's cumulative times as the README's
    `ms` field defines them (milliseconds): dns to the name, connect to the TCP
    connection, tls to the handshake, wait from the request sent to the first
    byte, receive from there to the last."""
    ms = {name: info[name] * 1000 for name in TIMES}
    return {"dns": ms["time_namelookup"],
            "connect": max(0.0, ms["time_connect"] - ms["time_namelookup"]) if ms["time_connect"] else 0.0,
            "tls": max(0.0, ms["time_appconnect"] - max(ms["time_connect"], ms["time_namelookup"]))
            if ms["time_appconnect"] else 0.0,
            "wait": max(0.0, ms["time_starttransfer"] - ms["time_pretransfer"]),
            "receive": max(0.0, ms["time_total"] - ms["time_starttransfer"]),
            "total": ms["time_total"]}


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("delay", DELAYS)
def test_the_delay_lands_in_the_same_phase_as_in_curl(delay, protocol, relays, nginx):
    url, args = request(protocol, delay, relays)
    tls = ["--cacert", nginx.cert] if url.startswith("https") else []
    theirs = curl(url, *tls, *args)
    assert theirs["exit"] == 0 and theirs["http_version"] == protocol.split("/")[1].replace(".0", "")
    expected = phases_of_curl(theirs)
    phase = DELAYS[delay][protocol]
    assert expected[phase] >= 0.8 * DELAY_MS, f"the setup put the delay in {phase}: {expected}"

    template = SEPARATOR.join(["%{json}"] + ["%{" + name + "}" for name in TIMES]) + "\\n"
    (line,) = cofetch(*tls, *args, "-w", template, url).lines
    record, *times = line.split(SEPARATOR)
    ours = json.loads(record)["ms"]
    for name in PHASES:
        assert abs(ours[name] - expected[name]) <= TOLERANCE_MS, (name, ours, expected)
    for name, value in zip(TIMES, times):
        assert abs(float(value) - theirs[name]) * 1000 <= TOLERANCE_MS, (name, value, theirs[name])
