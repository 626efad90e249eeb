"""Fetching: concurrency, statuses, failures as results, exit statuses."""

from conftest import cofetch


def test_twenty_half_second_urls_at_j20_take_far_less_than_ten_seconds(server):
    server.reset_stats()
    urls = [server.url(f"/delay/500?i={i}") for i in range(20)]
    run = cofetch("-j", 20, "--json", *urls)
    assert run.status == 0
    assert [r["status"] for r in run.records] == [200] * 20
    assert run.elapsed < 4, f"took {run.elapsed:.1f}s; one by one would be 10s"
    # With a slot for every URL, no fetch waits for another: each takes about the
    # server's 500 ms (one that queued behind another would take about 1000 ms),
    # and the server sees all twenty at once.
    assert max(r["ms"]["total"] for r in run.records) < 900
    assert server.stats()["peak"] == 20


def test_connections_are_reused_across_a_long_list(server):
    # Every transfer's connection must be able to wait for the next one: libcurl's
    # default cache once closed them in bursts (2,710 connections for 20,000 URLs).
    server.reset_stats()
    urls = [server.url(f"/bytes/10?r={i}") for i in range(2000)]
    run = cofetch("-q", "-j", 16, *urls)
    assert run.status == 0
    stats = server.stats()
    assert stats["requests"] == 2000
    assert stats["connections"] <= 2 * 16, f"{stats['connections']} connections for 2000 URLs at -j 16"


def test_statuses_and_sizes_in_text_mode(server):
    run = cofetch(server.url("/status/200"), server.url("/status/404"), server.url("/status/503"),
                  server.url("/bytes/2048"), "-j", 1)
    assert run.status == 0, "an HTTP error status is still a response"
    first_columns = [line.split()[0] for line in run.lines]
    assert first_columns == ["200", "404", "503", "200"]
    assert run.lines[3].split()[1:3] == ["2.0", "KiB"]
    assert all(line.rstrip().endswith(url) for line, url in zip(
        run.lines, [server.url(p) for p in ("/status/200", "/status/404", "/status/503", "/bytes/2048")]))


def test_json_lines_have_exactly_the_documented_keys(server):
    run = cofetch("--json", server.url("/bytes/10"), "http://127.0.0.1:1/")
    expected = ["index", "url", "final_url", "status", "http_version", "bytes", "redirects", "remote_ip",
                "attempts", "started_at", "etag", "last_modified", "ms", "error"]
    by_index = {r["index"]: r for r in run.records}
    for record in run.records:
        assert list(record) == expected
        assert list(record["ms"]) == ["dns", "connect", "tls", "wait", "receive", "total"]
    ok, refused = by_index[0], by_index[1]
    assert ok["status"] == 200 and ok["bytes"] == 10 and ok["http_version"] == "1.1"
    assert ok["remote_ip"] == "127.0.0.1" and ok["attempts"] == 1 and ok["error"] is None
    assert ok["started_at"].endswith("Z") and "T" in ok["started_at"]
    assert refused["status"] is None and refused["http_version"] is None
    assert refused["error"]["kind"] == "connect"
    assert "refused" in refused["error"]["message"]


def test_each_failure_is_a_result_and_the_rest_of_the_batch_succeeds(server, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join([
        server.url("/delay/100"),
        "http://127.0.0.1:1/",
        "this is not a url",
        server.url("/hang"),
        server.url("/bytes/5"),
    ]) + "\n")
    run = cofetch("--json", "-m", 1, "-i", urls)
    assert run.status == 1
    by_index = {r["index"]: r for r in run.records}
    assert len(by_index) == 5
    assert by_index[0]["status"] == 200
    assert by_index[1]["error"]["kind"] == "connect"
    assert by_index[2]["error"]["kind"] == "invalid_url"
    assert by_index[2]["error"]["message"].startswith(f"{urls}:3:")
    assert by_index[2]["attempts"] == 0 and by_index[2]["started_at"] is None
    assert by_index[3]["error"]["kind"] == "timeout"
    assert 900 <= by_index[3]["ms"]["total"] < 2500
    assert by_index[4]["status"] == 200
    assert run.elapsed < 5


def test_a_connection_reset_mid_body_is_a_recv_error(server):
    run = cofetch("--json", server.url("/reset"))
    assert run.status == 1
    assert run.records[0]["error"]["kind"] == "recv"
    assert "reset" in run.records[0]["error"]["message"].lower()


def test_redirects_are_followed_with_L_and_counted(server):
    plain = cofetch("--json", server.url("/redirect/3"))
    assert plain.records[0]["status"] == 302 and plain.records[0]["redirects"] == 0
    followed = cofetch("--json", "-L", server.url("/redirect/3"))
    record = followed.records[0]
    assert record["status"] == 200 and record["redirects"] == 3
    assert record["final_url"] == server.url("/redirect/0")


def test_headers_and_user_agent_reach_the_server(server):
    run = cofetch("--json", "-H", "X-Trace: abc123", "-A", "probe/9", server.url("/echo-header/x-trace"),
                  server.url("/echo-header/user-agent"), "-j", 1)
    by_index = {r["index"]: r for r in run.records}
    assert by_index[0]["status"] == 200 and by_index[0]["bytes"] == len("abc123")
    assert by_index[1]["status"] == 200 and by_index[1]["bytes"] == len("probe/9")


def test_the_default_user_agent_names_cofetch_and_its_version(server):
    version = cofetch("--version").stdout.split()[1]
    run = cofetch("--json", server.url("/echo-header/user-agent"))
    assert run.records[0]["bytes"] == len(f"cofetch/{version}")
