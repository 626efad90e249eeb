"""Redirects as curl takes them: each code with GET and with POST (the method and body
at the final hop, as the server saw them), relative Locations, a 3xx not followed,
and a loop cut by --max-redirs."""

import functools
import json
import pathlib
import tempfile
import urllib.parse

import pytest

from oracle import RECORD_AS_CURL, cofetch, curl, error_kind, KIND_OF_CURL_EXIT

CODES = [301, 302, 303, 307, 308]
METHODS = {"GET": [], "POST": ["-d", "name=value"]}


@functools.lru_cache(maxsize=None)
def followed(url, method):
    """(cofetch's record and echoed request, curl's %{json} and echoed request)."""
    with tempfile.TemporaryDirectory() as folder:
        run = cofetch("--json", "-L", "-O", folder, *METHODS[method], url)
        record = run.records[0]
        saved = (pathlib.Path(folder) / record["file"]).read_bytes() if record["file"] else b""
    theirs = curl(url, "-L", *METHODS[method])
    return record, echoed(saved), theirs, echoed(theirs["body"])


def echoed(body):
    """The request an /echo/ route describes in `body`, or None for another body."""
    return json.loads(body) if body.startswith(b"{") else None


@pytest.mark.parametrize("method", sorted(METHODS))
@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("field", ["http_code", "url_effective", "num_redirects", "size_download"])
def test_followed_redirect_field(code, method, field, server):
    record, _, theirs, _ = followed(server.url(f"/moved/{code}?to=/echo/after-{code}"), method)
    assert RECORD_AS_CURL[field](record) == theirs[field]


@pytest.mark.parametrize("method", sorted(METHODS))
@pytest.mark.parametrize("code", CODES)
def test_final_hop_method_and_body_as_curl_sends_them(code, method, server):
    _, ours, _, theirs = followed(server.url(f"/moved/{code}?to=/echo/after-{code}"), method)
    assert (ours["method"], ours["body"]) == (theirs["method"], theirs["body"])
    # 303 turns POST into GET, 307 and 308 keep it, 301 and 302 turn it into GET as browsers do.
    expected = "POST" if method == "POST" and code in (307, 308) else "GET"
    assert ours["method"] == expected


@pytest.mark.parametrize("location", ["/echo/absolute-path", "../echo/dot-dot", "echo-sibling",
                                      "?only=query", "http://localhost:{port}/echo/other-host"])
def test_relative_and_absolute_locations_end_where_curls_do(location, server):
    to = location.format(port=server.port)
    url = server.url("/moved/302?to=" + urllib.parse.quote(to, safe=""))
    record, _, theirs, _ = followed(url, "GET")
    assert (record["final_url"], record["status"], record["redirects"]) == (
        theirs["url_effective"], theirs["http_code"], theirs["num_redirects"])


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("variable", ["http_code", "redirect_url", "url_effective", "num_redirects", "method"])
def test_redirect_not_followed_reports_where_it_points(code, variable, server):
    url = server.url(f"/moved/{code}?to=/echo/not-followed")
    run = cofetch("-w", "%{" + variable + "}", url)
    theirs = curl(url)
    expected = theirs[variable]
    if variable == "http_code":
        expected = f"{expected:03d}"
    assert run.stdout == str(expected)


@pytest.mark.parametrize("limit", [0, 1, 3])
def test_redirect_loop_stops_at_max_redirs(limit, server):
    url = server.url("/redirect-loop")
    run = cofetch("--json", "-L", "--max-redirs", limit, url)
    record = run.records[0]
    theirs = curl(url, "-L", "--max-redirs", str(limit))
    assert error_kind(record) == KIND_OF_CURL_EXIT[theirs["exit"]] == "too_many_redirects"
    assert (record["redirects"], record["status"], record["final_url"]) == (
        theirs["num_redirects"], theirs["http_code"], theirs["url_effective"])
    assert run.status == 1
