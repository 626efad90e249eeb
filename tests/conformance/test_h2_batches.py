"""Batches over HTTP/2: a mixed list multiplexed on one connection at -j 1, 5 and 50,
where streams interleave and finish out of order. Every record is compared with
curl run on its URL alone, and with what nginx logged for it (its stream's status,
HTTP/2.0, and the one connection the run used); bodies with curl's, and with what
the test server behind nginx says it answered."""

import functools
import hashlib
import json
import urllib.parse

import pytest

from oracle import RECORD_AS_CURL, by_index, cofetch, curl, sha256

LEVELS = [1, 5, 50]
URLS = 40


def h2_urls(nginx):
    """Answers from nginx itself (files, its 404) and from the test server behind it
    (/up/: echoes, statuses, redirects, sizes, delays that reorder the streams)."""
    base = f"https://localhost:{nginx.tls_port}"
    urls = []
    for i in range(URLS):
        urls.append([
            f"{base}/up/echo/h{i}?q={i}",
            f"{base}/up/status/404?i={i}",
            f"{base}/up/moved/302?to=/up/echo/r{i}",
            f"{base}/up/bytes/{37 * i}",
            f"{base}/up/status/503?i={i}",
            f"{base}/files/f{i % 3}.txt?i={i}",
            f"{base}/files/missing{i}",
            f"{base}/up/delay/{(i * 7) % 60}?i={i}",
        ][i % 8])
    return urls


@pytest.fixture(scope="module")
def urls(nginx):
    for n in range(3):
        nginx.add_file(f"f{n}.txt", hashlib.sha256(str(n).encode()).hexdigest().encode() * (n * 50 + 1))
    return h2_urls(nginx)


@pytest.fixture(scope="module")
def oracle(urls, nginx):
    """curl's view of each URL, fetched alone (HTTP/2 by ALPN, as cofetch)."""
    return [curl(url, "-L", "--cacert", nginx.cert) for url in urls]


@pytest.fixture(scope="module")
def tmp_root(tmp_path_factory):
    return tmp_path_factory.mktemp("h2")


@functools.lru_cache(maxsize=None)
def run_batch(level, tmp_root, urls, nginx, server):
    """cofetch over the batch at -j level: (records, HAR entries by URL, folder,
    nginx's log lines of the run, the test server's log entries of the run)."""
    folder = tmp_root / f"j{level}"
    folder.mkdir()
    (folder / "urls.txt").write_text("\n".join(urls) + "\n")
    logged, served = len(nginx.requests()), len(server.served())
    run = cofetch("-j", level, "-L", "--json", "--cacert", nginx.cert, "--har", folder / "run.har",
                  "-O", folder / "bodies", "-i", folder / "urls.txt")
    har = {entry["request"]["url"]: entry for entry in json.loads((folder / "run.har").read_text())["log"]["entries"]}
    return by_index(run.records), har, folder, nginx.requests()[logged:], server.served()[served:]


@pytest.fixture
def batch(request, urls, tmp_root, nginx, server):
    return run_batch(request.param, tmp_root, tuple(urls), nginx, server)


def target(url):
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.mark.parametrize("batch", LEVELS, indirect=True)
@pytest.mark.parametrize("field", sorted(RECORD_AS_CURL))
def test_record_field_is_curls(batch, field, urls, oracle):
    records = batch[0]
    assert sorted(records) == list(range(URLS))
    assert [RECORD_AS_CURL[field](records[i]) for i in range(URLS)] == [oracle[i][field] for i in range(URLS)]


@pytest.mark.parametrize("batch", LEVELS, indirect=True)
def test_every_record_is_http2_and_without_error(batch, urls, oracle):
    records = batch[0]
    assert {oracle[i]["http_version"] for i in range(URLS)} == {"2"}, "curl spoke HTTP/2"
    assert all(records[i]["error"] is None for i in range(URLS))


@pytest.mark.parametrize("batch", LEVELS, indirect=True)
def test_har_entry_and_saved_body_are_curls(batch, urls, oracle):
    records, har, folder, _, _ = batch
    for i, url in enumerate(urls):
        entry = har[url]
        assert entry["response"]["status"] == oracle[i]["http_code"], url
        assert entry["response"]["content"]["mimeType"] == (oracle[i]["content_type"] or "x-unknown"), url
        assert entry["response"]["httpVersion"] == "HTTP/2", url
        file = records[i]["file"]
        saved = (folder / "bodies" / file).read_bytes() if file else b""
        assert sha256(saved) == sha256(oracle[i]["body"]), url
        if "/echo/" in records[i]["final_url"]:
            assert json.loads(saved)["target"] == target(records[i]["final_url"])[len("/up"):], url


@pytest.mark.parametrize("batch", LEVELS, indirect=True)
def test_nginx_logged_each_stream_with_its_records_status_on_one_connection(batch, urls):
    records, _, _, logged, _ = batch
    # (connection, port, protocol, status, reused, uri)
    by_uri = {}
    for connection, _, protocol, status, _, uri in logged:
        by_uri.setdefault(uri, []).append((connection, protocol, int(status)))
    for i, url in enumerate(urls):
        record = records[i]
        hops = [target(url)] + ([target(record["final_url"])] if record["redirects"] else [])
        for hop in hops:
            assert len(by_uri.get(hop, [])) == 1, f"{hop} asked once"
        (_, protocol, status), = by_uri[hops[-1]]
        assert (protocol, status) == ("HTTP/2.0", record["status"]), url
    assert len({connection for connection, *_ in logged}) == 1, "every stream on one connection"


@pytest.mark.parametrize("batch", LEVELS, indirect=True)
def test_the_server_behind_nginx_answered_each_of_its_paths_once(batch, urls):
    records, _, _, _, served = batch
    expected = [target(url)[len("/up"):] for url in urls if "/up/" in url]
    expected += [target(records[i]["final_url"])[len("/up"):] for i in range(URLS) if records[i]["redirects"]]
    assert sorted(entry["target"] for entry in served) == sorted(expected)
