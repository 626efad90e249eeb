"""Where cofetch's defaults and curl's meet: the request a plain GET and a POST send,
how far -L follows, what a body of unknown length over --max-filesize gives, and
what a timed-out connect shows. Each is compared with curl's; where the two differ
on purpose, docs/CONFORMANCE.md must say so (checked here too)."""

import json
import re
import subprocess

import pytest

from oracle import CURL, HERE, USER_AGENT, cofetch, curl

CONFORMANCE = (HERE.parent.parent / "docs" / "CONFORMANCE.md").read_text()
INTENDED = CONFORMANCE.split("## Intended differences from curl", 1)[1].split("\n## ", 1)[0]


def echoed_by_curl(url, *args):
    done = subprocess.run([CURL, "-s", "-A", USER_AGENT, *args, url], capture_output=True, text=True, timeout=30)
    return json.loads(done.stdout)


def echoed_by_cofetch(url, tmp_path, *args):
    (record,) = cofetch("--json", "-O", tmp_path, *args, url).records
    return json.loads((tmp_path / record["file"]).read_text())


@pytest.mark.parametrize("args", [(), ("-d", "a=1"), ("-I",), ("-X", "PUT", "-d", "x")], ids=str)
def test_the_request_sent_is_curls(args, server, tmp_path):
    if "-I" in args:  # a HEAD answer has no body to echo: the server's log holds the request
        before = len(server.served())
        curl(server.url("/echo/head"), *args)
        cofetch(*args, server.url("/echo/head"))
        theirs, ours = server.served()[before:]
        assert (ours["method"], ours["target"]) == (theirs["method"], theirs["target"])
        return
    url = server.url("/echo/defaults")
    assert echoed_by_cofetch(url, tmp_path, *args) == echoed_by_curl(url, *args)


def help_default(option):
    """The default --help states for `option`."""
    text = " ".join(cofetch("--help").stdout.split())
    match = re.search(re.escape(option) + r" .*?\(default: ([^)]+)\)", text)
    assert match, option
    return match.group(1)


def test_redirects_followed_by_default_are_documented_where_they_differ(server):
    url = server.url("/redirect/11")
    theirs = curl(url, "-L")
    assert (theirs["exit"], theirs["num_redirects"]) == (0, 11), "curl follows up to 50"
    (record,) = cofetch("--json", "-L", url).records
    limit = int(help_default("--max-redirs N"))
    assert (record["error"]["kind"], record["redirects"]) == ("too_many_redirects", limit)
    assert f"`--max-redirs` | 50 | {limit} |" in INTENDED
    (record,) = cofetch("--json", "-L", "--max-redirs", 50, url).records
    assert (record["status"], record["redirects"], record["final_url"]) == (
        theirs["http_code"], theirs["num_redirects"], theirs["url_effective"])


def test_time_limits_that_differ_from_curls_are_documented():
    # curl has no --max-time by default and libcurl waits 300 s to connect.
    max_time, connect = help_default("--max-time SEC"), help_default("--connect-timeout SEC")
    assert f"`--max-time` | none | {max_time} s |" in INTENDED
    assert f"`--connect-timeout` | 300 s | {connect} s |" in INTENDED


def test_a_body_of_unknown_length_over_max_filesize(server):
    """curl 7.88 enforces --max-filesize only on a Content-Length (curl 8.4 also on
    a body that grows past it); cofetch does both, with the code curl gives."""
    known, unknown = server.url("/bytes/5000"), server.url("/chunked/5000")
    theirs_known, theirs_unknown = curl(known, "--max-filesize", 1000), curl(unknown, "--max-filesize", 1000)
    assert theirs_known["exit"] == 63
    assert (theirs_unknown["exit"], theirs_unknown["size_download"]) == (0, 5000), "curl 7.88 takes it whole"
    ours = cofetch("-w", "%{exitcode} %{http_code}\\n", "--max-filesize", 1000, known, unknown, "-j", 1).lines
    assert ours == [f"63 {theirs_known['http_code']}", f"63 {theirs_unknown['http_code']}"]
    assert "body of unknown length" in INTENDED


def test_a_connect_timeout_shows_curls_message_in_its_record(stalled_port):
    url = f"http://127.0.0.1:{stalled_port}/"
    theirs = subprocess.run([CURL, "-sS", "--connect-timeout", "1", url], capture_output=True, text=True,
                            timeout=30)
    assert theirs.returncode == 28
    message = re.sub(r"^curl: \(28\) ", "", theirs.stderr.strip())
    run = cofetch("--connect-timeout", 1, "--color", "never", url)
    assert run.status == 1
    # The text line on stdout carries curl's message; stderr has the summary.
    assert re.sub(r"\d+ ms", "N ms", run.stdout).rstrip().endswith(
        "connect timeout: " + re.sub(r"\d+ ms", "N ms", message))
    assert "errors     1 (timeout 1)" in run.stderr
    assert "standard error" in INTENDED


