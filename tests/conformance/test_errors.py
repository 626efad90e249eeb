"""Failures as curl sees them: for each, cofetch's per-URL exit code (%{exitcode})
equals curl's exit status, its error kind is the one docs/CONFORMANCE.md maps that
code to, its message is curl's (plus the documented additions), and cofetch exits
1 exactly when curl fails."""

import re

import pytest

from oracle import KIND_OF_CURL_EXIT, as_curls_message, cofetch, curl, without_digits


def cases(server, nginx, closed_port, stalled_port):
    """name -> (URL, options for both clients)."""
    https = f"https://localhost:{nginx.tls_port}/"
    return {
        "refused": (f"http://127.0.0.1:{closed_port}/", []),
        "unresolvable": ("http://nowhere.invalid/", []),
        "max-time": (server.url("/hang"), ["-m", "1"]),
        "connect-timeout": (f"http://127.0.0.1:{stalled_port}/", ["--connect-timeout", "0.5"]),
        "reset mid-body": (server.url("/reset"), []),
        "truncated body": (server.url("/truncated"), []),
        "malformed status line": (server.url("/malformed"), []),
        "404": (server.url("/status/404"), []),
        "503": (server.url("/status/503"), []),
        "404 with --fail": (server.url("/status/404"), ["--fail"]),
        "503 with --fail": (server.url("/status/503"), ["--fail"]),
        "200 with --fail": (server.url("/status/200"), ["--fail"]),
        "untrusted certificate": (https, []),
        "certificate for another name": (f"https://127.0.0.2:{nginx.tls_port}/", ["--cacert", nginx.cert]),
        "redirect loop": (server.url("/redirect-loop"), ["-L", "--max-redirs", "2"]),
    }


NAMES = ["refused", "unresolvable", "max-time", "connect-timeout", "reset mid-body", "truncated body",
         "malformed status line", "404", "503", "404 with --fail", "503 with --fail", "200 with --fail",
         "untrusted certificate", "certificate for another name", "redirect loop"]

RESULTS = {}


@pytest.fixture
def outcome(request, server, nginx, closed_port, stalled_port):
    """(cofetch's run with --json, its -w run, curl's %{json}) for the case named by the test."""
    name = request.node.callspec.params["name"]
    if name not in RESULTS:
        url, args = cases(server, nginx, closed_port, stalled_port)[name]
        run = cofetch("--json", *args, url)
        codes = cofetch("-w", "%{exitcode}|%{http_code}|%{errormsg}", *args, url)
        RESULTS[name] = (run, codes, curl(url, *args))
    return RESULTS[name]


@pytest.mark.parametrize("name", NAMES)
def test_exit_code_is_curls(name, outcome):
    _, codes, theirs = outcome
    assert codes.stdout.split("|")[0] == str(theirs["exit"])


@pytest.mark.parametrize("name", NAMES)
def test_error_kind_is_documented_for_curls_code(name, outcome):
    run, _, theirs = outcome
    record = run.records[0]
    assert (record["error"]["kind"] if record["error"] else None) == KIND_OF_CURL_EXIT[theirs["exit"]]


# libcurl words a connect timeout two ways, by whether the connect attempt or the
# transfer's clock notices first; either may come from either client.
CONNECT_TIMEOUT_WORDINGS = {"Connection timeout after N ms",
                            "Failed to connect to N.N.N.N port N after N ms: Timeout was reached"}


def same_message(ours, theirs):
    ours, theirs = without_digits(ours), without_digits(theirs)
    return ours == theirs or {ours, theirs} <= CONNECT_TIMEOUT_WORDINGS


@pytest.mark.parametrize("name", NAMES)
def test_message_is_curls(name, outcome):
    run, codes, theirs = outcome
    record = run.records[0]
    assert same_message(as_curls_message(record), theirs["errormsg"])
    # -w's %{errormsg} is the record's message (two runs: compared as above).
    limit = re.compile(r"^(connect|total) timeout: ")
    assert same_message(limit.sub("", codes.stdout.split("|", 2)[2]),
                        limit.sub("", record["error"]["message"] if record["error"] else ""))


@pytest.mark.parametrize("name", NAMES)
def test_status_is_curls(name, outcome):
    run, codes, theirs = outcome
    assert (run.records[0]["status"] or 0) == theirs["http_code"]
    assert codes.stdout.split("|")[1] == f"{theirs['http_code']:03d}"


@pytest.mark.parametrize("name", NAMES)
def test_cofetch_fails_exactly_when_curl_does(name, outcome):
    run, _, theirs = outcome
    assert run.status == (1 if theirs["exit"] else 0)


def limit_that_ended(theirs, limits):
    """Which limit ended curl's transfer: the one its time ran to. (curl's wording
    names the phase, not the limit: an -m that fires while connecting also says
    "Connection timed out".) The connect timeout only applies before a connection
    stands."""
    values = dict(zip(limits[::2], map(float, limits[1::2])))
    max_time, connect_timeout = values.get("-m", 30.0), values.get("--connect-timeout", 10.0)
    ended = theirs["time_total"]
    if theirs["time_connect"] == 0 and abs(ended - connect_timeout) < abs(ended - max_time):
        return "connect"
    return "total"


@pytest.mark.parametrize("where, limits", [
    ("hang", ["-m", "0.5"]),
    ("hang", ["-m", "1", "--connect-timeout", "0.5"]),  # connected: the total limit, though shorter
    ("stalled", ["--connect-timeout", "0.5"]),
    ("stalled", ["--connect-timeout", "0.5", "-m", "1"]),
    ("stalled", ["-m", "0.5", "--connect-timeout", "1"]),
])
def test_timeouts_say_which_limit_ended_them_as_curl_does(where, limits, server, stalled_port):
    url = server.url("/hang") if where == "hang" else f"http://127.0.0.1:{stalled_port}/"
    theirs = curl(url, *limits)
    assert theirs["exit"] == 28
    (record,) = cofetch("--json", *limits, url).records
    assert record["error"]["message"].startswith(limit_that_ended(theirs, limits) + " timeout: ")
