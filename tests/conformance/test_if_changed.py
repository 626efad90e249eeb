"""--if-changed: a weekly re-check. nginx answers conditional requests itself: a first
run records each file's ETag and Last-Modified, some files change, and the second
run's statuses are those nginx logged (304 for the unchanged, 200 for the changed)
and those curl gets when sent the same validators; a third run from the second's
file still asks (a 304's record keeps the validators). What went out is checked
where the test server echoes it: each URL's own validators, none for a URL without."""

import json
import subprocess
import time
import urllib.parse

import pytest

from oracle import CURL, USER_AGENT, by_index, cofetch
from canned_server import CannedServer

FILES = 12


def records_of(path):
    return by_index(json.loads(line) for line in path.read_text().splitlines())


def curls_status(url, record):
    headers = []
    if record["etag"]:
        headers += ["-H", f"If-None-Match: {record['etag']}"]
    if record["last_modified"]:
        headers += ["-H", f"If-Modified-Since: {record['last_modified']}"]
    done = subprocess.run([CURL, "-s", "-A", USER_AGENT, "-o", "/dev/null", "-w", "%{http_code}", *headers, url],
                          capture_output=True, text=True, timeout=30)
    return int(done.stdout)


@pytest.mark.parametrize("level", [1, 8])
def test_a_second_run_asks_and_nginx_answers_304_for_what_did_not_change(level, nginx, tmp_path):
    names = [f"weekly-{level}-{n}.txt" for n in range(FILES)]
    for n, name in enumerate(names):
        nginx.add_file(name, f"version 1 of {n}\n".encode())
    urls = [f"http://127.0.0.1:{nginx.http_port}/files/{name}" for name in names]
    urls.append(f"http://127.0.0.1:{nginx.http_port}/")  # nginx's own text: no validators
    first, second, third = (tmp_path / f"run{n}.jsonl" for n in (1, 2, 3))
    assert cofetch("-j", level, "-o", first, *urls).status == 0
    was = records_of(first)
    assert all(was[n]["etag"] and was[n]["last_modified"] for n in range(FILES))
    assert was[FILES]["etag"] is None and was[FILES]["last_modified"] is None

    time.sleep(1.1)  # Last-Modified counts seconds
    changed = set(range(0, FILES, 3))
    for n in changed:
        nginx.add_file(names[n], f"version 2 of {n}, longer\n".encode())
    logged = len(nginx.requests())
    run = cofetch("-j", level, "--if-changed", first, "-o", second, "--summary", "json", *urls)
    assert run.status == 0, run.stderr
    statuses = {uri: int(status) for _, _, _, status, _, uri in nginx.requests()[logged:]}
    now = records_of(second)
    for i, url in enumerate(urls):
        uri = url.split(str(nginx.http_port), 1)[1]
        assert now[i]["status"] == statuses[uri], url
        assert now[i]["status"] == curls_status(url, was[i]), url
        assert now[i]["unchanged"] == (statuses[uri] == 304), url
    assert {i for i in range(FILES) if now[i]["status"] == 200} == changed
    assert run.summary["unchanged"] == sum(1 for status in statuses.values() if status == 304) == FILES - len(changed)

    logged = len(nginx.requests())
    cofetch("-j", level, "--if-changed", second, "-o", third, *urls)
    statuses = [int(status) for _, _, _, status, _, _ in nginx.requests()[logged:]]
    assert sorted(statuses) == [200] + [304] * FILES, "a 304's record still holds what to ask"


def test_what_goes_out_is_each_urls_own_validators(server, tmp_path):
    """An earlier run's file written by hand: two URLs with validators, two without,
    on one reused handle (-j 1): the server echoes what it received."""
    urls = [server.url(f"/echo/v{n}") for n in range(4)]
    earlier = tmp_path / "earlier.jsonl"
    validators = {0: ('"abc"', "Mon, 07 Dec 2026 10:00:00 GMT"), 2: ('W/"xyz"', None)}
    lines = []
    for n, url in enumerate(urls):
        etag, modified = validators.get(n, (None, None))
        lines.append(json.dumps({"index": n, "url": url, "status": 200, "etag": etag, "last_modified": modified,
                                 "error": None}))
    earlier.write_text("\n".join(lines) + "\n")
    records = by_index(cofetch("--json", "-j", 1, "-O", tmp_path / "bodies", "--if-changed", earlier,
                               *urls).records)
    for n in range(4):
        received = dict(json.loads((tmp_path / "bodies" / records[n]["file"]).read_text())["headers"])
        etag, modified = validators.get(n, (None, None))
        assert received.get("If-None-Match") == etag, n
        assert received.get("If-Modified-Since") == modified, n
        assert records[n]["unchanged"] is False  # the echo answers 200


@pytest.mark.parametrize("level", [1, 8])
def test_records_carry_the_validators_curl_sees(level, nginx, server, tmp_path):
    """Each record's etag and last_modified are the final response's, as curl's
    %header{} prints them: nginx's files over HTTP/1.1 and HTTP/2, a redirect to
    one, and answers without validators, on reused handles."""
    for n in range(4):
        nginx.add_file(f"validators-{n}.txt", f"file {n}\n".encode() * (n + 1))
    urls = []
    for n in range(4):
        urls += [f"http://127.0.0.1:{nginx.http_port}/files/validators-{n}.txt",
                 f"https://localhost:{nginx.tls_port}/files/validators-{n}.txt",
                 server.url(f"/bytes/{n}"),
                 server.url("/moved/302?to=" + urllib.parse.quote(
                     f"http://127.0.0.1:{nginx.http_port}/files/validators-{n}.txt", safe=""))]
    records = by_index(cofetch("--json", "-L", "--cacert", nginx.cert, "-j", level, *urls).records)
    for i, url in enumerate(urls):
        done = subprocess.run([CURL, "-s", "-L", "-A", USER_AGENT, "--cacert", str(nginx.cert), "-o", "/dev/null",
                               "-w", "%header{etag}\\n%header{last-modified}", url],
                              capture_output=True, text=True, timeout=30)
        etag, modified = done.stdout.split("\n")
        assert (records[i]["etag"], records[i]["last_modified"]) == (etag or None, modified or None), url
        if "/files/" in url or "moved" in url:
            assert etag and modified, f"{url}: nginx sent both"


def test_a_304_without_validators_keeps_the_ones_asked_with(tmp_path):
    """A server may answer 304 without repeating ETag or Last-Modified; the new
    record keeps what was sent, so the week after can ask again."""
    canned = CannedServer({"/bare": b"HTTP/1.1 304 Not Modified\r\n\r\n"})
    try:
        url = canned.url("/bare")
        earlier = tmp_path / "earlier.jsonl"
        earlier.write_text(json.dumps({"index": 0, "url": url, "status": 200, "etag": '"v1"',
                                       "last_modified": "Mon, 07 Dec 2026 10:00:00 GMT", "error": None}) + "\n")
        (record,) = cofetch("--json", "--if-changed", earlier, url).records
    finally:
        canned.stop()
    assert (record["status"], record["unchanged"]) == (304, True)
    assert (record["etag"], record["last_modified"]) == ('"v1"', "Mon, 07 Dec 2026 10:00:00 GMT")
