"""Batches with reused handles and connections: every field of every record belongs
to its own URL. Each URL of a mixed list (two hosts, answers, redirects, errors) is
fetched by cofetch at -j 1, 5 and 50, and by curl alone; the records, the HAR
entries and the saved bodies are compared with curl's and with what the server
says it received.

curl tries every URL; cofetch gives up a host that never connects after
--host-errors failures and skips the rest of its URLs (docs/CONFORMANCE.md lists
it, tests/integration/test_hosts.py checks it). Here, where each record is
compared with curl's, every URL is tried: --host-errors 0."""

import functools
import json
import urllib.parse

import pytest

from oracle import (RECORD_AS_CURL, KIND_OF_CURL_EXIT, as_curls_message, by_index, cofetch, curl,
                    error_kind, sha256, without_digits)

LEVELS = [1, 5, 50]


def batch_urls(server, other_server, closed_port):
    """40 URLs: echoes on two hosts, 404, a followed redirect, sized bodies, refused,
    unresolvable and truncated, interleaved so every handle serves several kinds."""
    localhost = f"http://localhost:{other_server.port}"
    urls = []
    for i in range(40):
        kind = i % 8
        urls.append([
            server.url(f"/echo/b{i}"),
            f"{localhost}/echo/l{i}?q={i}",
            server.url(f"/status/404?i={i}"),
            server.url(f"/moved/302?to=/echo/r{i}"),
            server.url(f"/bytes/{37 * i}"),
            f"http://127.0.0.1:{closed_port}/c{i}",
            f"http://b{i}.invalid/",
            server.url(f"/truncated?i={i}"),
        ][kind])
    return urls


@pytest.fixture(scope="module")
def urls(server, other_server, closed_port):
    return batch_urls(server, other_server, closed_port)


@pytest.fixture(scope="module")
def oracle(urls):
    """curl's view of each URL, fetched alone."""
    return [curl(url, "-L") for url in urls]


@functools.lru_cache(maxsize=None)
def run_batch(level, tmp_root, urls):
    """cofetch over the batch at -j level: (records by index, HAR entries by URL, folder)."""
    folder = tmp_root / f"j{level}"
    folder.mkdir()
    (folder / "urls.txt").write_text("\n".join(urls) + "\n")
    run = cofetch("-j", level, "-L", "--json", "--host-errors", 0, "--har", folder / "run.har",
                  "-O", folder / "bodies", "-i", folder / "urls.txt")
    records = by_index(run.records)
    har = {entry["request"]["url"]: entry for entry in json.loads((folder / "run.har").read_text())["log"]["entries"]}
    return run, records, har, folder


@pytest.fixture(scope="module")
def tmp_root(tmp_path_factory):
    return tmp_path_factory.mktemp("batches")


@pytest.mark.parametrize("level", LEVELS)
def test_every_line_gets_exactly_one_record(level, urls, tmp_root):
    run, records, _, _ = run_batch(level, tmp_root, tuple(urls))
    assert sorted(record["index"] for record in run.records) == list(range(len(urls)))
    assert [records[i]["url"] for i in range(len(urls))] == urls


@pytest.mark.parametrize("field", sorted(RECORD_AS_CURL))
@pytest.mark.parametrize("level", LEVELS)
def test_record_field_matches_curl(level, field, urls, oracle, tmp_root):
    _, records, _, _ = run_batch(level, tmp_root, tuple(urls))
    ours = [RECORD_AS_CURL[field](records[i]) for i in range(len(urls))]
    theirs = [oracle[i][field] for i in range(len(urls))]
    assert ours == theirs


@pytest.mark.parametrize("level", LEVELS)
def test_error_kind_matches_curls_exit_code(level, urls, oracle, tmp_root):
    _, records, _, _ = run_batch(level, tmp_root, tuple(urls))
    assert [error_kind(records[i]) for i in range(len(urls))] == [
        KIND_OF_CURL_EXIT[oracle[i]["exit"]] for i in range(len(urls))]


@pytest.mark.parametrize("level", LEVELS)
def test_error_message_carries_curls(level, urls, oracle, tmp_root):
    _, records, _, _ = run_batch(level, tmp_root, tuple(urls))
    for i in range(len(urls)):
        ours = as_curls_message(records[i])
        assert without_digits(ours) == without_digits(oracle[i]["errormsg"]), urls[i]


@pytest.mark.parametrize("level", LEVELS)
def test_har_entry_belongs_to_its_url(level, urls, oracle, tmp_root):
    _, records, har, _ = run_batch(level, tmp_root, tuple(urls))
    assert len(har) == len(urls)
    for i, url in enumerate(urls):
        entry = har[url]
        assert entry["response"]["status"] == oracle[i]["http_code"], url
        assert entry["response"]["content"]["size"] == oracle[i]["size_download"], url
        assert entry["response"]["content"]["mimeType"] == (oracle[i]["content_type"] or "x-unknown"), url
        assert entry.get("serverIPAddress", "") == oracle[i]["remote_ip"], url
        if oracle[i]["num_redirects"]:
            assert entry["_redirects"] == {"count": oracle[i]["num_redirects"],
                                           "finalUrl": oracle[i]["url_effective"]}, url


@pytest.mark.parametrize("level", LEVELS)
def test_saved_body_is_its_urls(level, urls, oracle, tmp_root):
    """The body saved for each URL is the one curl got for it: for an echo, the server
    says it answered that URL's own path."""
    _, records, _, folder = run_batch(level, tmp_root, tuple(urls))
    for i, url in enumerate(urls):
        record = records[i]
        if record["error"]:
            assert record["file"] is None, url
            continue
        saved = (folder / "bodies" / record["file"]).read_bytes() if record["file"] else b""
        assert sha256(saved) == sha256(oracle[i]["body"]), url
        if "/echo/" in record["final_url"]:
            echoed = json.loads(saved)
            final = urllib.parse.urlsplit(record["final_url"])
            assert echoed["target"] == final.path + (f"?{final.query}" if final.query else ""), url


@pytest.mark.parametrize("level", LEVELS)
def test_server_received_every_path_once_per_run(level, urls, server, tmp_root):
    """What the server saw: each of the batch's paths on it, once per pass."""
    before = len(server.served())
    folder = tmp_root / f"count{level}"
    folder.mkdir()
    (folder / "urls.txt").write_text("\n".join(urls) + "\n")
    cofetch("-j", level, "-L", "-q", "-i", folder / "urls.txt")
    served = [entry["target"] for entry in server.served()[before:]]
    mine = [urllib.parse.urlsplit(u) for u in urls if u.startswith(server.base)]
    expected = [p.path + (f"?{p.query}" if p.query else "") for p in mine]
    expected += [f"/echo/r{i}" for i in range(len(urls)) if i % 8 == 3]  # redirect targets
    assert sorted(served) == sorted(expected)
