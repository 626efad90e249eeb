"""--hash and --match against what curl saved for the same URL: the sha256sum of
curl's body file, and Python's own search in it. A batch at several -j (handles
and connections reused, each body checked on its own), over HTTP/1.1 and HTTP/2,
with --compressed, chunked and streamed bodies, a redirect followed and not, HEAD,
and bodies that stop short (no hash, no verdict)."""

import csv
import io
import json
import random
import re
import subprocess

import pytest

from oracle import CURL, USER_AGENT, by_index, cofetch, cofetch_bytes
from canned_server import CannedServer

MARKER = b"needle-7f3a"
LEVELS = [1, 8, 40]


@pytest.fixture(scope="module")
def files(nginx):
    """Files on nginx: random bytes with MARKER across a 16 KiB boundary (how libcurl
    hands bodies over), at the very end, or nowhere; and text that gzip shrinks."""
    rng = random.Random(7)

    def noise(size):
        return bytes(rng.randrange(256) for _ in range(size)).replace(MARKER[:1], b"_")

    made = {
        "straddle.bin": noise(16384 - 5) + MARKER + noise(40000),
        "at-end.bin": noise(200000) + MARKER,
        "none.bin": noise(120000),
        "text.txt": b"a line of text that compresses well\n" * 3000,
    }
    for name, data in made.items():
        nginx.add_file(name, data)
    return made


def urls(server, nginx):
    tls = f"https://localhost:{nginx.tls_port}"
    plain = f"http://127.0.0.1:{nginx.http_port}"
    listed = []
    for i in range(3):
        listed += [f"{tls}/files/straddle.bin?{i}", f"{plain}/files/at-end.bin?{i}", f"{tls}/files/none.bin?{i}",
                   f"{plain}/files/text.txt?{i}", server.url(f"/bytes/{1 + 777 * i}"),
                   server.url(f"/chunked/{70000 + i}"), server.url(f"/stream/{300000 + i}"),
                   server.url(f"/echo/{MARKER.decode()}/{i}"), server.url(f"/status/404?{i}"),
                   server.url(f"/moved/302?to=/echo/{MARKER.decode()}/r{i}")]
    return listed


def curls_body(url, *args, nginx):
    done = subprocess.run([CURL, "-s", "-A", USER_AGENT, "--cacert", str(nginx.cert), *args, "-o", "-", url],
                          capture_output=True, timeout=60)
    return done.returncode, done.stdout


def sha256sum(data, tmp_path):
    path = tmp_path / "body"
    path.write_bytes(data)
    return subprocess.run(["sha256sum", str(path)], capture_output=True, text=True, check=True).stdout.split()[0]


@pytest.mark.parametrize("args", [(), ("-L",), ("--compressed",)], ids=["plain", "-L", "--compressed"])
@pytest.mark.parametrize("level", LEVELS)
def test_hash_and_match_are_those_of_curls_saved_body(level, args, server, nginx, files, tmp_path):
    listed = urls(server, nginx)
    path = tmp_path / "urls.txt"
    path.write_text("\n".join(listed) + "\n")
    records = by_index(cofetch("--json", "--hash", "--match", MARKER.decode(), "--cacert", nginx.cert, "-j", level,
                               *args, "-i", path).records)
    for i, url in enumerate(listed):
        code, body = curls_body(url, *args, nginx=nginx)
        assert code == 0, url
        assert records[i]["sha256"] == sha256sum(body, tmp_path), url
        assert records[i]["match"] == (MARKER in body), url


def test_a_text_split_between_two_pieces_of_a_body_is_found(tmp_path):
    """The body arrives in pieces cut inside MARKER (and inside a near miss)."""
    half = len(MARKER) // 2
    pieces = [b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n", b"head " + MARKER[:half], MARKER[half:] + b" tail"]
    miss = [pieces[0], b"head " + MARKER[:half], b"X" + MARKER[half:]]
    for answer in (pieces, miss):
        answer[0] = answer[0] % sum(len(piece) for piece in answer[1:])
    canned = CannedServer({"/split": pieces, "/miss": miss})
    try:
        records = by_index(cofetch("--json", "--hash", "--match", MARKER.decode(), "-j", 1, canned.url("/split"),
                                   canned.url("/miss")).records)
        for i, answer in enumerate((pieces, miss)):
            body = b"".join(answer[1:])
            assert records[i]["match"] == (MARKER in body) and records[i]["sha256"] == sha256sum(body, tmp_path)
        assert [records[0]["match"], records[1]["match"]] == [True, False]
    finally:
        canned.stop()


def test_a_regex_reads_the_window_and_no_further(server, nginx, files, tmp_path):
    url = f"http://127.0.0.1:{nginx.http_port}/files/at-end.bin"
    pattern = MARKER.decode().replace("-", "-?") + "$"
    _, body = curls_body(url, nginx=nginx)
    for window, args in ((len(body), ("--match-window", str(len(body)))), (1000, ("--match-window", "1000")),
                         (1024 * 1024, ())):
        (record,) = cofetch("--json", "--match-regex", pattern, *args, url).records
        assert record["match"] == bool(re.search(pattern.encode(), body[:window])), window
    assert (window, record["match"]) == (1024 * 1024, True), "the default window holds this body"


def test_a_body_that_stops_short_gets_no_verdict(server):
    records = by_index(cofetch("--json", "--hash", "--match", "x", "-j", 1, server.url("/truncated"),
                               server.url("/reset"), server.url("/bytes/0")).records)
    assert [(records[i]["sha256"], records[i]["match"]) for i in (0, 1)] == [(None, None), (None, None)]
    assert records[2]["sha256"] == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert records[2]["match"] is False


def test_fail_on_nomatch_fails_exactly_the_bodies_without_it(server, tmp_path):
    listed = [server.url(f"/echo/{'hit' if n % 3 else 'miss'}/{n}") for n in range(9)]
    run = cofetch("--json", "--match", "hit", "--fail-on", "nomatch", *listed)
    assert run.status == 1
    for record in run.records:
        expected = None if "/hit/" in record["url"] else "nomatch"
        assert (record["error"] or {}).get("kind") == expected, record["url"]
        assert record["status"] == 200
    assert cofetch("--json", "--match", "echo", "--fail-on", "nomatch", *listed).status == 0
    # Without --fail-on nomatch a miss is an answer, as a 404 is.
    assert cofetch("--json", "--match", "hit", *listed).status == 0


def test_csv_and_results_file_carry_the_same_verdicts(server, nginx, files, tmp_path):
    listed = urls(server, nginx)[:10]
    results = tmp_path / "results.jsonl"
    cofetch("--hash", "--match", MARKER.decode(), "--cacert", nginx.cert, "-o", results, *listed)
    stored = by_index(json.loads(line) for line in results.read_text().splitlines())
    rows = list(csv.DictReader(io.StringIO(cofetch_bytes("--format", "csv", "--hash", "--match", MARKER.decode(),
                                                         "--cacert", nginx.cert, *listed).decode(), newline="")))
    for row in rows:
        i = int(row["index"])
        _, body = curls_body(listed[i], nginx=nginx)
        assert row["sha256"] == stored[i]["sha256"] == sha256sum(body, tmp_path)
        assert row["match"] == ("true" if MARKER in body else "false") and stored[i]["match"] == (MARKER in body)


def test_a_bad_pattern_is_a_usage_error():
    run = cofetch("--match-regex", "a(", "http://127.0.0.1:9/")
    assert run.status == 2 and "--match-regex" in run.stderr
    assert cofetch("--match-window", "1k", "http://127.0.0.1:9/").status == 2, "only with --match-regex"
