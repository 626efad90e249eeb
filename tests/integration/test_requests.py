"""Request options: method, body, headers, compression, --resolve, proxies, redirects."""

import os

from conftest import cofetch


def body_length(run):
    return run.records[0]["bytes"]


def test_request_sets_the_method(server):
    assert body_length(cofetch("--json", "-X", "DELETE", server.url("/echo-method"))) == len("DELETE")
    head = cofetch("--json", "-X", "HEAD", server.url("/bytes/100"))
    assert head.records[0]["status"] == 200 and head.records[0]["bytes"] == 0


def test_data_is_posted_and_several_are_joined_with_ampersands(server):
    assert body_length(cofetch("--json", "-d", "x=1", server.url("/echo-method"))) == len("POST")
    assert body_length(cofetch("--json", "-d", "a=1", "-d", "bb=22", server.url("/echo-body"))) == len("a=1&bb=22")
    put = cofetch("--json", "-X", "PUT", "-d", "abc", server.url("/echo-method"))
    assert body_length(put) == len("PUT")


def test_data_from_a_file_drops_line_breaks_like_curl(server, tmp_path):
    data = tmp_path / "body.txt"
    data.write_text("line one\r\nline two\n")
    run = cofetch("--json", "-d", f"@{data}", server.url("/echo-body"))
    assert body_length(run) == len("line oneline two")


def test_compressed_asks_for_an_encoding(server):
    plain = cofetch("--json", server.url("/echo-header/accept-encoding"))
    assert plain.records[0]["status"] == 404
    compressed = cofetch("--json", "--compressed", server.url("/echo-header/accept-encoding"))
    # The server echoes the header as the body: "deflate, gzip, br, zstd" is 23 bytes.
    assert compressed.records[0]["status"] == 200
    assert compressed.records[0]["bytes"] >= len("gzip")


def test_resolve_sends_a_name_to_the_address_given(server):
    name = f"cofetch.test:{server.port}"
    run = cofetch("--json", "--resolve", f"{name}:127.0.0.1", f"http://{name}/bytes/5")
    assert run.records[0]["status"] == 200 and run.records[0]["bytes"] == 5
    assert run.records[0]["remote_ip"] == "127.0.0.1"


def test_proxies_come_from_the_environment(server):
    env = dict(os.environ, http_proxy=server.base, no_proxy="")
    run = cofetch("--json", "http://through-the-proxy.test/bytes/7", env=env)
    assert run.records[0]["status"] == 200 and run.records[0]["bytes"] == 7


def test_no_proxy_still_sends_its_hosts_direct(server):
    env = dict(os.environ, http_proxy="http://127.0.0.1:1", no_proxy="127.0.0.1")
    run = cofetch("--json", server.url("/bytes/4"), env=env)
    assert run.records[0]["status"] == 200, "127.0.0.1 bypasses the (refusing) proxy"
    blocked = cofetch("--json", server.url("/bytes/4"), env=dict(env, no_proxy=""))
    assert blocked.records[0]["error"]["kind"] == "connect", "without no_proxy the proxy is used"


def test_max_redirs_limits_redirects(server):
    run = cofetch("--json", "-L", "--max-redirs", 2, server.url("/redirect/3"))
    assert run.records[0]["error"]["kind"] == "too_many_redirects"
    ok = cofetch("--json", "-L", "--max-redirs", 3, server.url("/redirect/3"))
    assert ok.records[0]["status"] == 200 and ok.records[0]["redirects"] == 3


def test_bad_request_options_are_usage_errors(tmp_path):
    for args in (["-X", "GET POST"], ["--resolve", "nohostport"], ["--rate", "0"], ["--rate", "5/fortnight"],
                 ["--cacert", str(tmp_path / "missing.pem")], ["-d", f"@{tmp_path / 'missing.txt'}"],
                 ["--http1.1", "--http2"], ["--fail", "--fail-on", "5xx"], ["--per-host", "0"]):
        run = cofetch(*args, "http://127.0.0.1:1/")
        assert run.status == 2, args
        assert len(run.stderr.strip().splitlines()) == 1, (args, run.stderr)
