"""Hostile input and hostile servers: lists that are not text, URLs and response
fields holding terminal escapes, credentials in URLs, responses without bounds."""

import json
import os
import subprocess

from conftest import COFETCH, SANITIZED, check_sanitizers, cofetch, peak_rss_mib

ESC = "\x1b"


def cofetch_bytes(*args, timeout=120):
    """Runs cofetch with output read as bytes: what a terminal would be sent."""
    completed = subprocess.run([COFETCH, *map(str, args)], capture_output=True, timeout=timeout,
                               stdin=subprocess.DEVNULL)
    check_sanitizers(completed.stderr.decode("utf-8", "replace"))
    return completed


# --- lists that are not text ---------------------------------------------------------------

def test_binary_file_gives_one_clear_error_per_line(server, tmp_path):
    listing = tmp_path / "binary.bin"
    good = server.url("/").encode()
    garbage = bytes(range(256))  # every byte value once, NUL and ESC included
    listing.write_bytes(garbage + b"\n" + good + b"\n" + b"\x00\x01\x02\n" + good + b"?nul\x00x\n")
    run = cofetch_bytes("--json", "--summary", "json", "-i", listing)
    assert run.returncode == 1
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(records) == 5  # bytes(range(256)) holds a '\n' (byte 10): two lines
    by_index = sorted(records, key=lambda r: r["index"])
    assert [r["status"] for r in by_index].count(200) == 1
    for record in by_index:
        if record["status"] != 200:
            assert record["error"]["kind"] == "invalid_url"
            assert record["error"]["message"].startswith(f"{listing}:")
    assert "contains a NUL byte" in by_index[-1]["error"]["message"]
    assert "contains a NUL byte" in by_index[-2]["error"]["message"]


def test_text_output_of_a_binary_list_holds_no_control_characters(server, tmp_path):
    listing = tmp_path / "binary.bin"
    listing.write_bytes(bytes(range(256)) * 4 + b"\n")
    run = cofetch_bytes("-i", listing, "--color", "never")
    assert run.returncode == 1
    for stream in (run.stdout, run.stderr):
        assert not any(byte < 0x20 and byte not in (0x0a,) for byte in stream), stream[:200]
        assert b"\x7f" not in stream and b"\xc2\x9b" not in stream


def test_last_line_without_newline_and_a_one_megabyte_line(server, tmp_path):
    listing = tmp_path / "urls.txt"
    huge = "http://127.0.0.1/" + "a" * (1024 * 1024)
    listing.write_text(server.url("/?first") + "\n" + huge + "\n" + server.url("/?last"))
    run = cofetch("--json", "-i", listing)
    assert run.status == 1
    records = sorted(run.records, key=lambda r: r["index"])
    assert [r["status"] for r in records] == [200, None, 200]
    assert records[1]["error"]["kind"] == "invalid_url"
    assert "line longer than 65536 bytes" in records[1]["error"]["message"]
    assert records[1]["error"]["message"].startswith(f"{listing}:2:")
    assert len(records[1]["url"]) <= 65536
    assert records[2]["url"].endswith("/?last")


def test_one_hundred_thousand_identical_urls(server, tmp_path):
    listing = tmp_path / "same.txt"
    listing.write_text((server.url("/") + "\n") * 100_000)
    run = cofetch("-q", "--summary", "json", "-j", 100, "-i", listing, timeout=300)
    assert run.status == 0, run.stderr[-2000:]
    summary = run.summary
    assert summary["count"] == 100_000
    assert summary["by_status"] == {"200": 100_000}


# --- escapes in URLs and in what servers send -----------------------------------------------

def test_escape_sequences_in_urls_are_escaped_in_text_and_exact_in_json(server):
    hostile = server.url("/any/") + ESC + "]0;pwned\x07" + ESC + "[2J\u009b31m"
    text = cofetch_bytes("--color", "never", "-v", hostile)
    for stream in (text.stdout, text.stderr):
        assert b"\x1b" not in stream and b"\x07" not in stream and b"\xc2\x9b" not in stream
    assert b"\\x1b]0;pwned\\x07\\x1b[2J" in text.stdout
    as_json = cofetch("--json", hostile)
    assert as_json.records[0]["url"] == hostile


def test_escape_sequences_from_the_server_are_escaped(server, tmp_path):
    har = tmp_path / "log.har"
    run = cofetch_bytes("-w", "%{content_type} %{url_effective} %{errormsg}\\n", "--har", har,
                        server.url("/hostile"))
    assert run.returncode == 0
    assert b"\x1b" not in run.stdout and b"\x07" not in run.stdout
    assert run.stdout.startswith(b"text/\\x1b[2J\\x1b]0;pwned\\x07plain ")
    # HAR is JSON: the exact value, escaped by JSON's rules.
    entry = json.loads(har.read_text())["log"]["entries"][0]
    assert entry["response"]["content"]["mimeType"] == "text/" + ESC + "[2J" + ESC + "]0;pwned\x07plain"


def test_a_redirect_to_a_hostile_location_is_followed_and_shown_encoded(server):
    run = cofetch_bytes("-L", "--color", "never", server.url("/hostile"))
    assert run.returncode == 0
    assert b"\xc2\x9b" not in run.stdout
    assert b"/any/%c2%9b31mred" in run.stdout


# --- credentials ----------------------------------------------------------------------------

def with_credentials(server, path):
    return server.base.replace("http://", "http://user:s3cret@") + path


def test_credentials_are_used_but_never_shown(server, tmp_path):
    url = with_credentials(server, "/echo-header/Authorization")
    har = tmp_path / "log.har"
    results = tmp_path / "results.jsonl"
    bodies = tmp_path / "bodies"
    invalid = "ftp://user:s3cret@example.invalid/"
    no_scheme = "user:s3cret@example.invalid/x"
    outputs = []
    for args in (["-v"], ["--json"], ["--format", "csv"], ["-w", "%{url} %{url_effective} %{errormsg}\\n"],
                 ["-o", results, "--har", har, "-O", bodies, "--waterfall"]):
        run = cofetch(*args, "--summary", "json", "-H", "Cookie: id=s3cret", url, invalid, no_scheme)
        assert run.status == 1  # the two invalid lines
        outputs += [run.stdout, run.stderr]
    outputs += [results.read_text(), har.read_text()]
    outputs += os.listdir(bodies)
    for output in outputs:
        assert "s3cret" not in output, output
    assert "http://***@127.0.0.1" in outputs[0]
    # The credentials were sent: the server echoed them (the body is the server's business).
    saved = [name for name in os.listdir(bodies) if "Authorization" in name]
    assert (bodies / saved[0]).read_text() == "Basic dXNlcjpzM2NyZXQ="
    cookie = [h for h in json.loads(har.read_text())["log"]["entries"][0]["request"]["headers"]
              if h["name"] == "Cookie"]
    assert cookie == [{"name": "Cookie", "value": "***"}]


def test_show_credentials_shows_them(server):
    url = with_credentials(server, "/")
    run = cofetch("--json", "--show-credentials", url)
    assert run.records[0]["url"] == url
    assert run.records[0]["final_url"] == url


def test_resume_keys_do_not_hold_credentials_either(server, tmp_path):
    results = tmp_path / "results.jsonl"
    url = with_credentials(server, "/")
    first = cofetch("-o", results, url)
    assert first.status == 0
    again = cofetch("-o", results, "--resume", url)
    assert "resumed    1 URL already in" in again.stderr
    assert "s3cret" not in results.read_text()


# --- responses without bounds ----------------------------------------------------------------

# Peak RSS bound: far below the bodies' sizes; sanitizers add their own shadow memory.
RSS_BOUND_MIB = 200 if SANITIZED else 60


def test_a_100_megabyte_body_streams_in_bounded_memory(server):
    run = cofetch("--json", server.url("/stream/100000000"))
    assert run.status == 0
    assert run.records[0]["bytes"] == 100_000_000
    status, rss = peak_rss_mib(server.url("/stream/100000000"))
    assert status == 0 and rss < RSS_BOUND_MIB, rss


def test_max_filesize_stops_large_and_endless_bodies(server):
    run = cofetch("--json", "--max-filesize", "1M", "-m", 20, server.url("/stream/100000000"),
                  server.url("/endless"), server.url("/stream/1048576"))
    assert run.status == 1
    records = {r["url"].rsplit("/", 1)[-1]: r for r in run.records}
    assert records["1048576"]["status"] == 200 and records["1048576"]["error"] is None
    assert records["100000000"]["error"]["kind"] == "too_large"
    assert "Content-Length is larger than --max-filesize (1048576 bytes)" in \
        records["100000000"]["error"]["message"]
    endless = records["endless"]
    assert endless["error"]["kind"] == "too_large"
    assert endless["error"]["message"] == "the body is larger than --max-filesize (1048576 bytes)"
    assert endless["bytes"] <= 1048576 + 256 * 1024


def test_endless_body_without_a_limit_ends_at_max_time(server):
    run = cofetch("--json", "-m", 1, server.url("/endless"))
    assert run.status == 1
    assert run.records[0]["error"]["kind"] == "timeout"
    assert run.elapsed < 10


def test_huge_header_line_and_too_many_headers(server):
    run = cofetch("--json", server.url("/big-header/1048576"), server.url("/many-headers/10000"),
                  server.url("/big-header/300000"), server.url("/many-headers/200"))
    records = {r["url"].split("/", 3)[-1]: r for r in run.records}
    assert records["big-header/1048576"]["error"]["kind"] == "too_large"
    assert "header line is longer than" in records["big-header/1048576"]["error"]["message"]
    assert records["big-header/300000"]["error"]["kind"] == "too_large"
    many = records["many-headers/10000"]["error"]
    assert many == {"kind": "too_large", "message": "the response has more than 1000 header lines"}
    assert records["many-headers/200"]["status"] == 200
    assert run.status == 1
    status, rss = peak_rss_mib(server.url("/big-header/1048576"), server.url("/many-headers/100000"))
    assert status == 1 and rss < RSS_BOUND_MIB, rss


def test_too_large_is_a_kind_fail_on_knows(server):
    run = cofetch("--fail-on", "too_large", "--max-filesize", "10", server.url("/bytes/100"))
    assert run.status == 1
    run = cofetch("--fail-on", "5xx", "--max-filesize", "10", server.url("/bytes/100"))
    assert run.status == 0


def test_max_filesize_rejects_a_bad_size():
    for bad in ("0", "1x", "-5", "99999999999G", ""):
        run = cofetch("--max-filesize", bad, "http://127.0.0.1:9/")
        assert run.status == 2, bad
        assert "--max-filesize" in run.stderr
