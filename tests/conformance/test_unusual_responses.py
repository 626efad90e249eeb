"""Responses the common servers rarely send, each answered byte for byte by a canned
server (canned_server.py) and fetched by curl and by cofetch: HTTP/1.0 with and
without a length, 1xx before the answer, a status line without a reason, bare LF
line ends, chunked bodies with trailers, gzip over chunked with and without
--compressed, a broken gzip body, no body at all. Every -w variable with curl's
meaning, every field of the JSON record and the saved body are curl's."""

import gzip

import pytest

from oracle import (KIND_OF_CURL_EXIT, RECORD_AS_CURL, TIME_VARIABLES, WRITE_OUT_VARIABLES, cofetch, curl,
                    curl_write_out, error_kind, sha256, write_out_rows, write_out_template)
from canned_server import CannedServer

TEXT = b"a line of text that compresses well, " * 40


def chunked(data, size=100, trailer=b""):
    out = b""
    for start in range(0, len(data), size):
        piece = data[start:start + size]
        out += f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    return out + b"0\r\n" + trailer + b"\r\n"


ANSWERS = {
    "/http10-length": b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nhello\n",
    "/http10-close": b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nthe body ends where the connection does\n",
    "/http10-404": b"HTTP/1.0 404 Not Found\r\nContent-Length: 4\r\n\r\nnope",
    "/http10-redirect": b"HTTP/1.0 302 Found\r\nLocation: /http10-length\r\nContent-Length: 0\r\n\r\n",
    "/early-hints": b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n"
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello",
    "/continue": b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
    "/no-reason": b"HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok",
    "/bare-lf": b"HTTP/1.1 200 OK\nContent-Type: text/plain\nContent-Length: 2\n\nok",
    "/trailers": b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
                 b"Trailer: X-Sum\r\n\r\n" + chunked(TEXT, trailer=b"X-Sum: 42\r\n"),
    "/gzip-chunked": b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n" + chunked(gzip.compress(TEXT, mtime=0)),
    "/gzip-broken": b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 12\r\n\r\nnot gzip at all"[:-3],
    "/no-content": b"HTTP/1.1 204 No Content\r\n\r\n",
    "/not-modified": b"HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n",
}

CASES = [(path, ()) for path in ANSWERS] + [
    ("/gzip-chunked", ("--compressed",)),
    ("/gzip-broken", ("--compressed",)),
    ("/http10-redirect", ("-L",)),
    ("/trailers", ("-I",)),
]


@pytest.fixture(scope="module")
def canned():
    instance = CannedServer(ANSWERS)
    yield instance
    instance.stop()


def case_id(case):
    path, args = case
    return path[1:] + "".join(args)


@pytest.fixture(scope="module")
def results(canned, tmp_path_factory):
    """For each case: (cofetch's -w values, its JSON record, its saved body, curl's view)."""
    out = {}
    for path, args in CASES:
        url = canned.url(path)
        folder = tmp_path_factory.mktemp(case_id((path, args)).replace("-", "_") or "case")
        written = write_out_rows(cofetch("-w", write_out_template(WRITE_OUT_VARIABLES), *args, url),
                                 WRITE_OUT_VARIABLES)
        (record,) = cofetch("--json", "-O", folder, *args, url).records
        body = (folder / record["file"]).read_bytes() if record["file"] else b""
        out[(path, args)] = (written[0], record, body, curl(url, *args))
    return out


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_write_out_variables_are_curls(case, results):
    ours, _, _, theirs = results[case]
    for variable in WRITE_OUT_VARIABLES:
        expected = curl_write_out(theirs, variable)
        if variable in TIME_VARIABLES:
            assert (float(ours[variable]) == 0) == (float(expected) == 0), variable
        else:
            assert ours[variable] == expected, variable


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_json_record_is_curls(case, results):
    _, record, _, theirs = results[case]
    for field, of_record in RECORD_AS_CURL.items():
        assert of_record(record) == theirs[field], field
    assert error_kind(record) == KIND_OF_CURL_EXIT[theirs["exit"]]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_saved_body_is_curls(case, results):
    _, record, body, theirs = results[case]
    if record["error"]:
        assert record["file"] is None
    elif "-I" in case[1]:
        # curl -I writes the headers where the body would go; cofetch saves the
        # body, and a HEAD answer has none (docs/CONFORMANCE.md).
        assert body == b"" and theirs["body"].startswith(b"HTTP/1.1 200 OK\r\n")
    else:
        assert sha256(body) == sha256(theirs["body"])
