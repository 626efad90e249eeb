"""A host's state is shared by its URLs: a host that is gone is given up, a name that
does not resolve is looked up once, a host that refuses above a limit (429/503) is
slowed down without slowing the others, Retry-After pauses that host, and
--per-host-rate spaces the starts to each host. Each is checked against what the
test server logged (what arrived, when, on which host and connection, with how
many of that host's requests in flight) or what curl says of the same URL, at
several -j."""

import json
import os
import socket
import subprocess
import time

import pytest

from conftest import COFETCH, Server, check_sanitizers, cofetch
from outcomes import require

LEVELS = [1, 5, 20]


@pytest.fixture
def logged(logged_server):
    return logged_server


def named(server, name, path):
    """A URL on the host `name` (a simulated host: tests/server/simulated_host.hpp)."""
    return f"http://{name}:{server.port}{path}"


def resolve(server, *names):
    return [arg for name in names for arg in ("--resolve", f"{name}:{server.port}:127.0.0.1")]


def arrivals(server, name):
    """The log entries of requests to host `name`, in order of arrival."""
    return [entry for entry in server.served() if entry["host"].split(":")[0] == name]


def kinds(records):
    counts = {}
    for record in records:
        kind = record["error"]["kind"] if record["error"] else record["status"]
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def curl_error(url, *args):
    """curl's exit code and error message for `url` alone: the oracle of a failure."""
    done = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{exitcode} %{errormsg}", *args, url],
                          capture_output=True, text=True, timeout=60)
    code, _, message = done.stdout.partition(" ")
    return int(code), message


@pytest.mark.parametrize("level", LEVELS)
def test_a_host_that_never_connects_is_given_up_and_the_others_run_on(logged, stalled_port, level):
    gone = [f"http://127.0.0.1:{stalled_port}/gone/{n}" for n in range(30)]
    live = [logged.url(f"/bytes/10?n={n}") for n in range(30)]
    urls = [url for pair in zip(gone, live) for url in pair]
    run = cofetch("--json", "--summary", "json", "-j", level, "--connect-timeout", 0.5, "--host-errors", 3,
                  *urls)
    assert "libcurl" not in run.stderr
    records = {r["url"]: r for r in run.records}
    assert len(records) == 60
    # The live host: every URL arrived at the server exactly once, and was answered.
    served = sorted(entry["target"] for entry in logged.served())
    assert served == sorted(f"/bytes/10?n={n}" for n in range(30))
    assert all(records[url]["status"] == 200 for url in live)
    # The gone host: a few tried and failed as curl does, the rest skipped untried.
    code, _ = curl_error(gone[0], "--connect-timeout", "0.5")
    assert code == 28  # curl: a timeout
    tried = [records[url] for url in gone if records[url]["error"]["kind"] == "timeout"]
    skipped = [records[url] for url in gone if records[url]["error"]["kind"] == "host_skipped"]
    assert len(tried) + len(skipped) == 30
    assert 3 <= len(tried) <= min(level, 3) + 2
    assert all(r["error"]["message"].startswith("connect timeout: ") for r in tried)
    for record in skipped:
        assert record["attempts"] == 0 and record["started_at"] is None
        assert record["error"]["message"].startswith(
            f"skipped: http://127.0.0.1:{stalled_port} failed 3 times in a row and never connected "
            "(--host-errors 3); last: connect timeout: ")
    assert run.summary["hosts"]["given_up"] == 1
    assert run.summary["errors"]["host_skipped"] == len(skipped)
    assert run.status == 1
    # Thirty connect timeouts one after another would take 30 x 0.5 s / -j.
    assert run.elapsed < 5


def test_host_errors_0_tries_every_url(stalled_port):
    gone = [f"http://127.0.0.1:{stalled_port}/gone/{n}" for n in range(6)]
    run = cofetch("--json", "-j", 6, "--connect-timeout", 0.3, "--host-errors", 0, *gone)
    assert kinds(run.records) == {"timeout": 6}


def test_a_host_that_comes_back_is_not_given_up_and_once_it_answered_never_is(tmp_path):
    """Down (refused) for the first two URLs, up for the next five, down again for the
    last five: with --host-errors 3, every URL is tried."""
    port = free_port()
    urls = [f"http://127.0.0.1:{port}/bytes/5?n={n}" for n in range(12)]
    process = subprocess.Popen([COFETCH, "--json", "-j", "1", "--delay", "0.3", "--host-errors", "3", *urls],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    server = None
    records = []
    try:
        for line in process.stdout:
            records.append(json.loads(line))
            if len(records) == 2:
                server = Server(log=tmp_path / "served.jsonl", port=port)  # it comes back
            if len(records) == 7:
                server.stop()  # and goes again
        process.wait(timeout=60)
        check_sanitizers(process.stderr.read())
    finally:
        if process.poll() is None:
            process.kill()
        if server and server.process.poll() is None:
            server.stop()
    assert [r["index"] for r in records] == list(range(12))
    assert [r["error"]["kind"] if r["error"] else r["status"] for r in records] == \
        ["connect"] * 2 + [200] * 5 + ["connect"] * 5
    assert sorted(entry["target"] for entry in server.served()) == sorted(f"/bytes/5?n={n}" for n in range(2, 7))


def test_a_name_that_does_not_resolve_is_looked_up_once(tmp_path):
    require("strace")
    urls = [f"http://gone{n % 2}.invalid/{n}" for n in range(10)]
    trace = tmp_path / "trace"
    # LeakSanitizer cannot run under ptrace; the other sanitizers still do.
    env = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":detect_leaks=0")
    done = subprocess.run(["strace", "-f", "-qq", "-e", "trace=openat", "-o", str(trace), COFETCH, "--json",
                           "-j", "5", *urls], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 1, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    # glibc reads /etc/hosts once per lookup: two names, two lookups (not ten).
    assert trace.read_text().count('"/etc/hosts"') == 2
    curls = {url.split("/")[2]: curl_error(url) for url in urls[:2]}
    assert {code for code, _ in curls.values()} == {6}
    assert kinds(records) == {"dns": 10}
    assert all(r["error"]["message"].startswith(curls[r["url"].split("/")[2]][1]) for r in records)
    assert sorted(r["attempts"] for r in records) == [0] * 8 + [1] * 2
    again = [r for r in records if r["attempts"] == 0]
    assert all("(not looked up again: the name failed for an earlier URL)" in r["error"]["message"]
               for r in again)


@pytest.mark.parametrize("level", LEVELS[1:] + [50])
def test_a_host_that_refuses_above_its_limit_is_slowed_and_the_others_are_not(logged, level):
    limited, free = "busy-rtt20-limit3-refuse503.sim.test", "free-rtt20.sim.test"
    urls = [named(logged, name, f"/?n={n}") for n in range(60) for name in (limited, free)]
    run = cofetch("--json", "--summary", "json", "-j", level, "--retry", 8, "--retry-delay", 0.05,
                  *resolve(logged, limited, free), *urls)
    records = run.records
    assert len(records) == 120 and all(r["status"] == 200 for r in records), kinds(records)
    to_limited = arrivals(logged, limited)
    refused = [entry for entry in to_limited if entry["status"] == 503]
    # What the server refused is what cofetch counted, and few of its requests were.
    assert run.summary["hosts"]["refusals"] == len(refused)
    assert len(to_limited) == 60 + len(refused)
    assert run.summary["hosts"]["slowed"] == (1 if refused else 0)
    assert len(refused) <= max(level - 3, 0) + 6
    # The other host was not held to that limit.
    assert max(entry["host_in_flight"] for entry in arrivals(logged, free)) >= min(level // 2, 10)
    assert all(entry["status"] == 200 for entry in arrivals(logged, free))


def test_retry_after_pauses_that_host_and_not_the_others(logged):
    paused, other = "paused-limit1-ra1.sim.test", "other-rtt10.sim.test"
    urls = [named(logged, paused, "/delay/100?n=0"), named(logged, paused, "/?n=1")] + \
        [named(logged, paused, f"/?n={n}") for n in range(2, 6)] + \
        [named(logged, other, f"/delay/100?n={n}") for n in range(10)]
    run = cofetch("--json", "--summary", "json", "-j", 4, "--retry", 2, "--retry-delay", 0.01,
                  *resolve(logged, paused, other), *urls)
    assert all(r["status"] == 200 for r in run.records), kinds(run.records)
    to_paused = arrivals(logged, paused)
    refusals = [entry for entry in to_paused if entry["status"] == 429]
    assert refusals, "the host refused the second request in flight"
    first_refusal = refusals[0]["t"]
    # Requests sent before the refusal came back arrive within a few milliseconds of it.
    after = [entry["t"] for entry in to_paused if entry["t"] > first_refusal + 50]
    assert after and min(after) >= first_refusal + 990  # Retry-After: 1
    # The other host's requests went on during the pause.
    assert any(first_refusal < entry["t"] < first_refusal + 900 for entry in arrivals(logged, other))
    assert run.summary["hosts"]["refusals"] == len(refusals)


@pytest.mark.parametrize("spacing", [["--per-host-rate", "10/s"], ["--delay", "0.1"]])
@pytest.mark.parametrize("level", [1, 8])
def test_per_host_rate_spaces_each_hosts_starts_and_no_other_host(logged, spacing, level):
    names = ["a.test", "b.test"]
    urls = [named(logged, name, f"/?n={n}") for n in range(5) for name in names]
    started = time.monotonic()
    run = cofetch("--json", "-j", level, *spacing, *resolve(logged, *names), *urls)
    assert all(r["status"] == 200 for r in run.records)
    for name in names:
        times = [entry["t"] for entry in arrivals(logged, name)]
        assert len(times) == 5
        # Spaced at the client; the server's arrival times carry a little jitter
        # (more under the sanitizers), so each gap is checked loosely and the span
        # closely. Unspaced, the gaps would be about 0 ms.
        assert all(b - a >= 60 for a, b in zip(times, times[1:])), times
        assert times[-1] - times[0] >= 4 * 100 - 60, times
    # Both hosts at once: about 0.4 s for the five of each, not 0.9 s.
    first = [arrivals(logged, name)[0]["t"] for name in names]
    assert abs(first[0] - first[1]) < 60
    assert time.monotonic() - started < 3


def test_a_hosts_urls_go_together_once_its_first_connection_stands(logged):
    """Trusted at its first connection, not its first answer: ten slow URLs of one
    host all arrive within a moment, not one first and nine half a second later."""
    urls = [logged.url(f"/delay/500?n={n}") for n in range(10)]
    run = cofetch("--json", "-j", 10, *urls)
    assert all(r["status"] == 200 for r in run.records)
    times = sorted(entry["t"] for entry in logged.served())
    assert times[-1] - times[0] < 250, times


def test_the_tries_at_a_host_that_never_accepts_wait_together(stalled_port):
    """A host that never accepts costs one connect timeout of waiting: its
    --host-errors tries run at once, not one after another."""
    gone = [f"http://127.0.0.1:{stalled_port}/gone/{n}" for n in range(10)]
    run = cofetch("--json", "-j", 10, "--connect-timeout", 1, "--host-errors", 3, *gone)
    assert kinds(run.records) == {"timeout": 3, "host_skipped": 7}
    assert run.elapsed < 1.9


def test_a_few_pages_that_say_503_with_retry_after_do_not_sink_their_host(logged):
    """One page in 20 answers 503 with Retry-After: 1 (the first time it is asked),
    whatever the load: the host pauses when asked, but its limit does not sink to
    one at a time (at 5% of refusals, taking each for load would)."""
    name = "ra-pages-rtt20.sim.test"
    urls = [named(logged, name, f"/retry-after/1?n={n}" if n % 20 == 0 else f"/?n={n}") for n in range(400)]
    run = cofetch("--json", "--summary", "json", "-j", 20, *resolve(logged, name), *urls)
    assert kinds(run.records) == {503: 20, 200: 380}
    assert run.summary["hosts"]["refusals"] == 20
    late = arrivals(logged, name)[300:]
    assert max(entry["host_in_flight"] for entry in late) >= 10, "still 10 or more at a time"
    # 400 answers of 20 ms, 20 at a time, plus at most five pauses of 1 s: about
    # 6 s (one at a time: 13 s); bounded generously, the in-flight count above is
    # the precise check.
    assert run.elapsed < 12


def test_pages_that_always_say_503_do_not_slow_their_host(logged):
    """A third of a host's pages answer 503 whatever the load: the host's limit
    follows what its other answers prove, and does not sink to one at a time."""
    name = "pages-rtt20.sim.test"
    urls = [named(logged, name, f"/status/503?n={n}" if n % 3 == 0 else f"/?n={n}") for n in range(150)]
    run = cofetch("--json", "--summary", "json", "-j", 20, *resolve(logged, name), *urls)
    assert kinds(run.records) == {503: 50, 200: 100}
    assert run.summary["hosts"]["refusals"] == 50
    # The second half of the requests still arrived 10 or more at a time.
    late = arrivals(logged, name)[75:]
    assert max(entry["host_in_flight"] for entry in late) >= 10
