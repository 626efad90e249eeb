"""What a request puts on the wire, as the server saw it: the method, every header
in order, and the body, from cofetch and from curl given the same options."""

import json

import pytest

from oracle import cofetch, curl, harness


def received(server, tmp_path, args, path="/echo/request"):
    """(what the server saw from cofetch, what it saw from curl) for the same options."""
    url = server.url(path)
    run = cofetch("--json", "-O", tmp_path / "bodies", *args, url)
    record = run.records[0]
    assert record["status"] == 200, record
    ours = json.loads((tmp_path / "bodies" / record["file"]).read_bytes())
    theirs = json.loads(curl(url, *args)["body"])
    return ours, theirs


@pytest.fixture
def body_file(tmp_path):
    """Line breaks of both kinds, and bytes that are not text."""
    path = tmp_path / "body.txt"
    path.write_bytes(b"first line\r\nsecond=2&third\n\x01binary\xff\n")
    return path


CASES = {
    "plain GET": [],
    "POST with -d": ["-d", "a=1"],
    "several -d joined with &": ["-d", "a=1", "-d", "b=2"],
    "-d @file drops line breaks": ["-d", "@{file}"],
    "--data-binary @file sends the file as it is": ["--data-binary", "@{file}"],
    "--data-raw takes @ literally": ["--data-raw", "@{file}"],
    "-d, --data-binary and --data-raw in command-line order": [
        "--data-raw", "x=@", "-d", "@{file}", "--data-binary", "@{file}", "-d", "z"],
    "PUT with -d": ["-X", "PUT", "-d", "payload"],
    "DELETE": ["-X", "DELETE"],
    "a header added": ["-H", "X-Added: yes"],
    "a header replaced": ["-H", "Accept: text/csv"],
    "the Host header replaced": ["-H", "Host: example.test"],
    "a header removed": ["-H", "Accept:"],
    "an empty header sent": ["-H", "X-Empty;"],
    "headers in order": ["-H", "B: 2", "-H", "A: 1", "-H", "C: 3"],
    "-A": ["-A", "someone/2.0"],
    "a header with -d": ["-H", "Content-Type: application/json", "-d", '{"k":1}'],
    "--compressed asks for every encoding libcurl decodes": ["--compressed"],
    "--http1.1": ["--http1.1"],
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("part", ["method", "headers", "body"])
def test_server_saw_what_curl_sends(case, part, server, tmp_path, body_file):
    args = [arg.replace("{file}", str(body_file)) for arg in CASES[case]]
    ours, theirs = received(server, tmp_path, args)
    assert ours[part] == theirs[part]


def test_data_at_file_with_a_nul_byte_is_sent_whole(server, tmp_path):
    """An intended difference: curl reads -d @FILE as a C string and stops at a NUL
    byte; cofetch sends the whole file (without its line breaks)."""
    path = tmp_path / "nul.txt"
    path.write_bytes(b"before\x00after\n")
    ours, theirs = received(server, tmp_path, ["-d", f"@{path}"])
    assert theirs["body"] == "before"
    assert ours["body"] == "before\x00after"


def test_head_asks_for_no_body_as_curl_does(server):
    url = server.url("/bytes/5000")
    run = cofetch("-I", "-w", "%{method} %{http_code} %{size_download}", url)
    theirs = curl(url, "-I")
    assert run.stdout == f"{theirs['method']} {theirs['http_code']} {theirs['size_download']}"
    assert run.stdout == "HEAD 200 0"
    served = server.served()[-2:]
    assert [entry["method"] for entry in served] == ["HEAD", "HEAD"]


def test_default_user_agent_is_cofetchs_own(server, tmp_path):
    """The one intended difference on the wire: cofetch names itself."""
    url = server.url("/echo/ua")
    run = harness.cofetch("--json", "-O", tmp_path, url)
    saved = json.loads((tmp_path / run.records[0]["file"]).read_bytes())
    assert dict(saved["headers"])["User-Agent"].startswith("cofetch/")
