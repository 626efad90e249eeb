"""--har: a HAR 1.2 log that browser developer tools can import."""

import json
import signal

from conftest import cofetch, start_and_read
from har_check import check_har
from nginx_server import Nginx


def test_har_validates_and_times_add_up(server, tmp_path):
    har = tmp_path / "run.har"
    urls = [server.url("/delay/100"), server.url("/bytes/2000?a=1&b=2"), server.url("/status/404"),
            "http://127.0.0.1:1/", "not a url"]
    run = cofetch("-q", "--har", har, "-H", "X-Test: yes", *urls)
    log = json.loads(har.read_text())["log"]
    check_har(log)
    entries = {e["request"]["url"]: e for e in log["entries"]}
    assert len(entries) == 4, "a line that was never fetched has no entry"
    slow = entries[server.url("/delay/100")]
    assert slow["response"]["status"] == 200 and slow["timings"]["wait"] >= 95
    # The server's timer counts from its loop's cached time: it may fire a few
    # microseconds short of 100 ms by the clock.
    assert slow["time"] >= 99
    assert {"name": "X-Test", "value": "yes"} in slow["request"]["headers"]
    assert entries[server.url("/bytes/2000?a=1&b=2")]["request"]["queryString"] == [
        {"name": "a", "value": "1"}, {"name": "b", "value": "2"}]
    assert entries[server.url("/bytes/2000?a=1&b=2")]["response"]["content"]["size"] == 2000
    refused = entries["http://127.0.0.1:1/"]
    assert refused["response"]["status"] == 0 and refused["_errorKind"] == "connect"
    assert run.status == 1
    assert not list(tmp_path.glob("*.partial-*")), "no temporary file is left behind"


def test_https_entries_have_ssl_timings():
    nginx = Nginx()
    try:
        har = nginx.prefix / "tls.har"
        cofetch("-q", "--har", har, "--cacert", nginx.cert, f"https://localhost:{nginx.tls_port}/")
        log = json.loads(har.read_text())["log"]
        check_har(log)
        entry = log["entries"][0]
        assert entry["timings"]["ssl"] > 0
        assert entry["response"]["httpVersion"] == "HTTP/2"
    finally:
        nginx.stop()


def test_har_of_an_interrupted_run_is_complete_and_valid(server, tmp_path):
    har = tmp_path / "partial.har"
    urls = [server.url(f"/bytes/{n}") for n in range(1, 6)] + [server.url(f"/hang?h={n}") for n in range(3)]
    process, done = start_and_read(["--summary", "none", "--har", har, *urls], lines=5)
    assert len(done) == 5
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=10)
    assert process.returncode == 130
    log = json.loads(har.read_text())["log"]
    check_har(log)
    kinds = sorted(e.get("_errorKind", "") for e in log["entries"])
    assert kinds == [""] * 5 + ["cancelled"] * 3


def test_an_unwritable_har_path_is_a_usage_error(server):
    run = cofetch("--har", "/nonexistent-dir/run.har", server.url("/"))
    assert run.status == 2 and "--har" in run.stderr
