"""Every way a fetch can fail is a result with a kind; the rest of the batch goes on."""

import pytest

from conftest import cofetch


def test_each_fault_has_its_kind_and_the_good_urls_still_succeed(server):
    urls = {
        "refused": "http://127.0.0.1:1/",
        "unresolvable": "http://cofetch-test.invalid/",
        "hang": server.url("/hang"),
        "reset": server.url("/reset"),
        "truncated": server.url("/truncated"),
        "malformed": server.url("/malformed"),
        "loop": server.url("/redirect-loop"),
        "good1": server.url("/bytes/10"),
        "good2": server.url("/redirect/2"),
    }
    run = cofetch("--json", "-m", 1, "-L", "--max-redirs", 3, *urls.values())
    by_url = {r["url"]: r for r in run.records}
    kind = {name: (by_url[url]["error"] or {}).get("kind") for name, url in urls.items()}
    assert kind == {"refused": "connect", "unresolvable": "dns", "hang": "timeout", "reset": "recv",
                    "truncated": "recv", "malformed": "protocol", "loop": "too_many_redirects",
                    "good1": None, "good2": None}
    assert by_url[urls["good1"]]["status"] == 200 and by_url[urls["good2"]]["status"] == 200
    assert 900 <= by_url[urls["hang"]]["ms"]["total"] < 2000
    assert by_url[urls["hang"]]["error"]["message"].startswith("total timeout")
    assert by_url[urls["truncated"]]["bytes"] == 500
    assert "Maximum (3) redirects" in by_url[urls["loop"]]["error"]["message"]
    assert run.status == 1
    assert run.elapsed < 3


def test_a_connect_timeout_says_it_was_the_connect_timeout(stalled_port):
    run = cofetch("--json", "--connect-timeout", 0.5, f"http://127.0.0.1:{stalled_port}/")
    error = run.records[0]["error"]
    assert error["kind"] == "timeout"
    assert error["message"].startswith("connect timeout")
    assert run.elapsed < 2.5
    # libcurl 7.88 closes a socket that never connected without telling the driver
    # first (curl/curl#11439): that is no failure of the run.
    assert "libcurl" not in run.stderr


def test_fail_makes_4xx_and_5xx_failures_of_kind_http(server):
    plain = cofetch("--json", server.url("/status/404"))
    assert plain.status == 0 and plain.records[0]["error"] is None
    failing = cofetch("--json", "--summary", "json", "--fail", server.url("/status/404"), server.url("/bytes/1"))
    assert failing.status == 1
    by_url = {r["url"]: r for r in failing.records}
    assert by_url[server.url("/status/404")]["error"]["kind"] == "http"
    assert by_url[server.url("/status/404")]["status"] == 404
    assert failing.summary["errors"] == {"http": 1}


@pytest.mark.parametrize("urls, expected", [
    (["/status/404"], 0),
    (["/status/503"], 1),
    (["/status/429"], 1),
    (["DNS"], 0),
    (["HANG"], 1),
])
def test_fail_on_chooses_what_fails_the_run(server, urls, expected):
    targets = [{"DNS": "http://cofetch-test.invalid/", "HANG": server.url("/hang")}.get(u, server.url(u))
               for u in urls]
    run = cofetch("--fail-on", "5xx,429,timeout", "-m", 0.5, *targets)
    assert run.status == expected


def test_an_unknown_fail_on_item_is_a_usage_error():
    run = cofetch("--fail-on", "5xx,whatever", "http://127.0.0.1:1/")
    assert run.status == 2
    assert '"whatever"' in run.stderr
