"""Response headers: -w's %header{NAME} and %{header_json} against curl's on the same
request (plain answers, repeated and mixed-case names, a redirect followed and not,
HEAD, a 103 before the answer, HTTP/2), and --response-header's JSON, CSV and HAR
values against the values curl's %{header_json} lists for those names."""

import csv
import io
import json
import subprocess

import pytest

from oracle import CURL, USER_AGENT, cofetch, cofetch_bytes
from canned_server import CannedServer

ANSWERS = {
    "/repeated": b"HTTP/1.1 200 OK\r\nX-Dup: one\r\nServer: canned\r\nx-dup: two\r\nX-DUP: three\r\n"
                 b"Content-Length: 2\r\n\r\nok",
    "/early": b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\nX-Dup: early\r\n\r\n"
              b"HTTP/1.1 200 OK\r\nX-Dup: final\r\nContent-Length: 2\r\n\r\nok",
    "/odd": b"HTTP/1.1 200 OK\r\nX-Quote: say \"hi\" \\ there\r\nX-Empty:\r\nX-Tab: a\tb\r\n"
            b"Content-Length: 0\r\n\r\n",
}
TEMPLATE = ("%header{x-dup}|%header{X-DUP}|%header{server}|%header{missing}|%header{content-length}|"
            "%header{location}|%header{x-quote}|%header{x-empty}|%header{content-type}\\n%{header_json}\\n")


@pytest.fixture(scope="module")
def canned():
    instance = CannedServer(ANSWERS)
    yield instance
    instance.stop()


def cases(server, canned, nginx):
    tls = ("--cacert", str(nginx.cert))
    return {
        "echo": (server.url("/echo/h"), ()),
        "redirect not followed": (server.url("/moved/302?to=/bytes/3"), ()),
        "redirect followed": (server.url("/moved/302?to=/bytes/3"), ("-L",)),
        "HEAD": (server.url("/bytes/7"), ("-I",)),
        "repeated and mixed case": (canned.url("/repeated"), ()),
        "103 before the answer": (canned.url("/early"), ()),
        "quotes, empty and tab": (canned.url("/odd"), ()),
        "HTTP/2": (f"https://localhost:{nginx.tls_port}/files/missing", tls),
        "404": (server.url("/status/404"), ()),
    }


NAMES = ["echo", "redirect not followed", "redirect followed", "HEAD", "repeated and mixed case",
         "103 before the answer", "quotes, empty and tab", "HTTP/2", "404"]


def as_sent(path):
    """The final response's headers as the canned server sent them: (name, value)."""
    head = ANSWERS[path].split(b"\r\n\r\n")
    lines = head[-2].decode().split("\r\n")[1:]  # the last response before the body
    return [(name, value.strip()) for name, _, value in (line.partition(":") for line in lines)]


def json_string(text):
    return json.dumps(text, ensure_ascii=False)


def expected_from_sent(path):
    """TEMPLATE's output built from what the server sent, in curl's form (first value
    of a name; every name once, lowercase, with all its values in order)."""
    sent = as_sent(path)

    def first(name):
        return next((value for header, value in sent if header.lower() == name.lower()), "")

    names = [n for n in TEMPLATE.split("\\n")[0].replace("%header{", "").replace("}", "").split("|")]
    line = "|".join(first(name) for name in names)
    members, seen = [], []
    for header, _ in sent:
        if header.lower() in seen:
            continue
        seen.append(header.lower())
        values = ",".join(json_string(v) for h, v in sent if h.lower() == header.lower())
        members.append(f"{json_string(header.lower())}:[{values}]")
    return line + "\n{" + ",\n".join(members) + "\n}\n"


# Where Debian's curl 7.88 is wrong, what the server sent is the oracle, and curl's
# difference is asserted as docs/CONFORMANCE.md describes it.
CURL_788_BUGS = {
    # %{header_json} drops the headers between two occurrences of a repeated name
    "repeated and mixed case": ("/repeated", lambda ours, curls: '"server":["canned"]' in ours
                                and '"server"' not in curls),
    # an empty header's value comes out as "\r"
    "quotes, empty and tab": ("/odd", lambda ours, curls: '"x-empty":["\\r"]' in curls
                              and '"x-empty":[""]' in ours),
}


def curl_write_out(url, args, template):
    done = subprocess.run([CURL, "-s", "-A", USER_AGENT, "-o", "/dev/null", "-w", template, *args, url],
                          capture_output=True, text=True, timeout=30)
    return done.stdout


@pytest.mark.parametrize("name", NAMES)
def test_header_variables_print_what_curls_do(name, server, canned, nginx):
    url, args = cases(server, canned, nginx)[name]
    ours, curls = cofetch("-w", TEMPLATE, *args, url).stdout, curl_write_out(url, args, TEMPLATE)
    if name in CURL_788_BUGS:
        path, curls_difference = CURL_788_BUGS[name]
        assert ours == expected_from_sent(path)
        assert curls_difference(ours, curls), curls
    else:
        assert ours == curls


def test_an_unclosed_header_variable_prints_as_curl_prints_it(server):
    template = "a %header{content-type b\\n"
    assert cofetch("-w", template, server.url("/")).stdout == curl_write_out(server.url("/"), (), template)


WANTED = ["X-Dup", "server", "Content-Type", "missing"]


@pytest.mark.parametrize("name", NAMES)
def test_response_headers_in_records_are_curls(name, server, canned, nginx, tmp_path):
    url, args = cases(server, canned, nginx)[name]
    if name in CURL_788_BUGS:
        sent = as_sent(CURL_788_BUGS[name][0])
        theirs = {}
        for header, value in sent:
            theirs.setdefault(header.lower(), []).append(value)
    else:
        theirs = json.loads(curl_write_out(url, args, "%{header_json}"))
    expected = {n.lower(): ", ".join(theirs[n.lower()]) if n.lower() in theirs else None for n in WANTED}
    asked = [arg for n in WANTED for arg in ("--response-header", n)]

    (record,) = cofetch("--json", *asked, *args, url).records
    assert record["headers"] == expected
    rows = list(csv.DictReader(io.StringIO(cofetch_bytes("--format", "csv", *asked, *args, url).decode(),
                                           newline="")))
    assert {n: rows[0][f"header_{n}"] or None for n in expected} == expected
    cofetch("-q", "--har", tmp_path / "run.har", *asked, *args, url)
    (entry,) = json.loads((tmp_path / "run.har").read_text())["log"]["entries"]
    har = {}
    for header in entry["response"]["headers"]:
        har.setdefault(header["name"].lower(), []).append(header["value"])
    assert {n: ", ".join(har[n]) if n in har else None for n in expected} == expected


def test_a_header_name_that_is_not_a_token_is_a_usage_error():
    run = cofetch("--response-header", "bad name", "http://127.0.0.1:9/")
    assert run.status == 2 and "--response-header" in run.stderr
