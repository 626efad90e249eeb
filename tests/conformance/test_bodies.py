"""Bodies as curl receives them: compressed, chunked, empty, and large, saved with
-O and compared byte for byte (sha256) with curl's and with the file served."""

import os

import pytest

from oracle import cofetch, curl, sha256


@pytest.fixture(scope="module")
def served(nginx):
    """Files nginx serves: a 10 MiB random one and a compressible text."""
    big = os.urandom(10 * 1024 * 1024)
    text = b"".join(b"line %d of a text that compresses well\n" % i for i in range(5000))
    nginx.add_file("big.bin", big)
    nginx.add_file("text.txt", text)
    return {"big.bin": big, "text.txt": text}


def fetched(url, tmp_path, *args):
    """(cofetch's record, its saved body, curl's %{json} with its body)."""
    run = cofetch("--json", "-O", tmp_path / "bodies", *args, url)
    record = run.records[0]
    saved = (tmp_path / "bodies" / record["file"]).read_bytes() if record["file"] else b""
    return record, saved, curl(url, *args)


CASES = {
    "10 MiB over http": ("http", "big.bin", []),
    "10 MiB over https and HTTP/2": ("https", "big.bin", []),
    "text compressed with --compressed": ("http", "text.txt", ["--compressed"]),
    "text compressed over HTTP/2": ("https", "text.txt", ["--compressed"]),
    "text not compressed without --compressed": ("http", "text.txt", []),
}


def nginx_url(nginx, scheme, name):
    port = nginx.http_port if scheme == "http" else nginx.tls_port
    return f"{scheme}://localhost:{port}/files/{name}"


@pytest.mark.parametrize("case", sorted(CASES))
def test_served_file_saved_exactly(case, nginx, served, tmp_path):
    scheme, name, args = CASES[case]
    record, saved, theirs = fetched(nginx_url(nginx, scheme, name), tmp_path, "--cacert", nginx.cert, *args)
    assert sha256(saved) == sha256(served[name]) == sha256(theirs["body"])


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("field", ["size_download", "content_type", "http_version"])
def test_served_file_reported_as_curl_does(case, field, nginx, served, tmp_path):
    scheme, name, args = CASES[case]
    url = nginx_url(nginx, scheme, name)
    run = cofetch("-w", "%{" + field + "}", "--cacert", nginx.cert, *args, url)
    theirs = curl(url, "--cacert", nginx.cert, *args)
    assert run.stdout == str(theirs[field])


def test_compressed_size_is_what_came_over_the_wire(nginx, served, tmp_path):
    """size_download counts the compressed bytes, as curl does; the saved body is decoded."""
    record, saved, theirs = fetched(nginx_url(nginx, "http", "text.txt"), tmp_path, "--compressed")
    assert record["bytes"] == theirs["size_download"] < len(served["text.txt"])
    assert saved == served["text.txt"]


@pytest.mark.parametrize("path", ["/chunked/0", "/chunked/1", "/chunked/70000", "/status/204", "/status/304",
                                  "/bytes/0", "/stream/300000"])
@pytest.mark.parametrize("field", ["http_code", "size_download", "body"])
def test_test_server_bodies(path, field, server, tmp_path):
    record, saved, theirs = fetched(server.url(path), tmp_path)
    ours = {"http_code": record["status"], "size_download": record["bytes"], "body": sha256(saved)}
    theirs = dict(theirs, body=sha256(theirs["body"]))
    assert ours[field] == theirs[field]
