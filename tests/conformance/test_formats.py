"""Every output format read back by a parser that is not cofetch's (Python's csv and
json, HAR 1.2's required fields), each value checked against curl run on the same
URL (its %{json} write-out, its exit status) or against the list itself (a URL,
its line): never against another of cofetch's outputs."""

import csv
import io
import json
import re

import pytest

from oracle import (KIND_OF_CURL_EXIT, RECORD_AS_CURL, SEPARATOR, as_curls_message, by_index, cofetch,
                    cofetch_bytes, curl, curl_write_out)
from har_check import check_har


@pytest.fixture(scope="module")
def urls(server, closed_port):
    return [server.url("/echo/a,b\"c?x=1,2&y=\"q\""), server.url("/bytes/123"), server.url("/status/404"),
            server.url("/redirect/2"), f"http://127.0.0.1:{closed_port}/", "http://f.invalid/",
            server.url("/echo/plain"), "not a url, \"quoted\"", server.url("/truncated"),
            server.url("/bytes/150000")]


@pytest.fixture(scope="module")
def url_file(urls, tmp_path_factory):
    """The list in one file, so that messages naming FILE:LINE are the same in every run."""
    path = tmp_path_factory.mktemp("formats") / "urls.txt"
    path.write_text("\n".join(urls) + "\n")
    return path


@pytest.fixture(scope="module")
def seen(urls):
    """curl -L on each URL of the list, by line: the oracle of every test here."""
    return {i: curl(url, "-L") for i, url in enumerate(urls)}


def expected_kind(info):
    """cofetch's error kind for what curl met (docs/CONFORMANCE.md)."""
    return KIND_OF_CURL_EXIT[info["exit"]]


def fetched(info):
    """Whether the line was a URL to fetch at all (curl exit 3: it was not)."""
    return info["exit"] != 3


# A record's fields as curl names them, in text: the CSV, the -w and the JSON forms
# of each all read the same here (None and "" alike, as the CSV writes them).
def curl_fields(info):
    url_effective = info["url_effective"] if fetched(info) else ""  # never fetched: no final URL
    return {"url": info["url"], "final_url": url_effective, "status": str(info["http_code"] or ""),
            "http_version": "" if info["http_version"] == "0" else info["http_version"],
            "bytes": str(info["size_download"]), "redirects": str(info["num_redirects"]),
            "remote_ip": info["remote_ip"], "attempts": "1" if fetched(info) else "0"}


def as_text(value):
    return "" if value is None else str(value)


@pytest.fixture(scope="module")
def json_records(url_file):
    return by_index(cofetch("--json", "-L", "-i", url_file).records)


@pytest.fixture(scope="module")
def csv_run(urls, url_file):
    """A CSV run that also writes a HAR log: (rows by index, HAR entries by URL)."""
    folder = url_file.parent
    out = cofetch_bytes("--format", "csv", "-L", "--har", folder / "run.har", "-i", url_file)
    assert out.count(b"\r\n") == len(urls) + 1, "RFC 4180: a header and one record per URL, CRLF ends"
    rows = list(csv.DictReader(io.StringIO(out.decode(), newline="")))
    har = json.loads((folder / "run.har").read_text())["log"]
    check_har(har)
    return {int(row["index"]): row for row in rows}, {e["request"]["url"]: e for e in har["entries"]}


@pytest.mark.parametrize("field", ["url", "final_url", "status", "http_version", "bytes", "redirects",
                                   "remote_ip", "attempts"])
def test_csv_row_says_what_curl_saw(field, urls, csv_run, seen):
    rows, _ = csv_run
    assert sorted(rows) == list(range(len(urls)))
    for i in range(len(urls)):
        assert rows[i][field] == curl_fields(seen[i])[field], (urls[i], field)


def test_csv_keeps_commas_and_quotes_of_urls(urls, csv_run):
    rows, _ = csv_run
    assert rows[0]["url"] == urls[0] and rows[7]["url"] == urls[7]
    assert rows[7]["error_kind"] == "invalid_url"


def test_csv_error_columns_say_what_curl_said(urls, csv_run, seen):
    rows, _ = csv_run
    for i in range(len(urls)):
        kind = expected_kind(seen[i])
        assert rows[i]["error_kind"] == (kind or ""), urls[i]
        if kind and kind != "invalid_url":  # cofetch names the line of a line that is no URL
            record = {"error": {"kind": kind, "message": rows[i]["error_message"]}}
            assert as_curls_message(record) == seen[i]["errormsg"], urls[i]
        elif not kind:
            assert rows[i]["error_message"] == "", urls[i]


@pytest.mark.parametrize("field", ["status", "bytes", "remote_ip", "final_url"])
def test_har_entry_says_what_curl_saw(field, urls, csv_run, seen):
    _, har = csv_run
    for i, url in enumerate(urls):
        info = seen[i]
        if not fetched(info):
            assert url not in har, "a line never fetched has no entry"
            continue
        entry = har[url]
        value = {"status": entry["response"]["status"],
                 "bytes": entry["response"]["content"]["size"],
                 "remote_ip": entry.get("serverIPAddress", ""),
                 "final_url": entry.get("_redirects", {}).get("finalUrl")}[field]
        expected = {"status": info["http_code"], "bytes": info["size_download"], "remote_ip": info["remote_ip"],
                    # HAR names a final URL only where redirects led to one
                    "final_url": info["url_effective"] if info["num_redirects"] else None}[field]
        assert value == expected, (url, field)


@pytest.mark.parametrize("field", sorted(RECORD_AS_CURL))
def test_json_record_matches_curl(field, urls, json_records, seen):
    for i, url in enumerate(urls):
        if not fetched(seen[i]):
            assert json_records[i]["attempts"] == 0 and json_records[i]["final_url"] is None
            continue
        assert RECORD_AS_CURL[field](json_records[i]) == seen[i][field], url


def test_write_out_variables_say_what_curl_saw_on_the_same_line(urls, url_file, seen):
    curls = ["url", "url_effective", "http_code", "size_download", "num_redirects", "remote_ip"]
    names = curls + ["index", "attempts", "error_kind"]
    template = SEPARATOR.join("%{" + n + "}" for n in names) + "\\n"
    run = cofetch("-L", "-w", template, "-i", url_file)
    lines = [dict(zip(names, line.split(SEPARATOR))) for line in run.stdout.splitlines()]
    assert sorted(int(values["index"]) for values in lines) == list(range(len(urls)))
    for values in lines:
        i = int(values["index"])
        info = seen[i]
        assert values["url"] == urls[i], "each line is its own URL's"
        for name in curls:
            want = curl_write_out(info, name)
            if name == "url_effective" and not fetched(info):
                want = ""  # never fetched: no final URL
            assert values[name] == want, (urls[i], name)
        assert values["attempts"] == curl_fields(info)["attempts"]
        assert values["error_kind"] == (expected_kind(info) or ""), urls[i]


def test_results_file_holds_what_curl_saw(urls, url_file, tmp_path, seen):
    cofetch("-L", "-o", tmp_path / "results.jsonl", "-i", url_file)
    stored = by_index(json.loads(line) for line in (tmp_path / "results.jsonl").read_text().splitlines())
    assert sorted(stored) == list(range(len(urls)))
    for i in range(len(urls)):
        record = {field: as_text(stored[i][field]) for field in curl_fields(seen[i])}
        assert record == curl_fields(seen[i]), urls[i]


def human_bytes(count):
    """The text output's size column, as its documentation describes it."""
    if count < 1024:
        return f"{count} B"
    value, unit = count / 1024, 0
    while value >= 1024 and unit < 4:
        value, unit = value / 1024, unit + 1
    return f"{value:.1f} {['KiB', 'MiB', 'GiB', 'TiB', 'PiB'][unit]}"


TEXT_LINE = re.compile(r"^(?P<first>\S+) +(?P<size>-|\d+ B|\d+\.\d [KMGTP]iB) +"
                       r"(?P<time>-|\d+\.\d ms|\d+\.\d\d s)  (?P<rest>.*)$")


def test_text_lines_say_what_curl_saw(urls, url_file, seen):
    lines = cofetch("-L", "--color", "never", "-i", url_file).lines  # in the order they finished
    assert len(lines) == len(urls)
    seen_urls = []
    for line in lines:
        parts = TEXT_LINE.match(line)
        assert parts, line
        i = max((i for i, url in enumerate(urls) if parts["rest"].startswith(url)), key=lambda i: len(urls[i]))
        url, info = urls[i], seen[i]
        seen_urls.append(url)
        if not fetched(info):
            assert parts["first"] == "invalid_url" and parts["size"] == parts["time"] == "-", line
            continue
        if info["exit"] != 0:
            assert parts["first"] == expected_kind(info), line
            continue
        assert parts["first"] == str(info["http_code"]), line
        assert parts["size"] == human_bytes(info["size_download"]), line
        assert parts["time"] != "-", line
    assert sorted(seen_urls) == sorted(urls), "one line per URL"
