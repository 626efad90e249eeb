"""Every output format read back by a parser that is not cofetch's (Python's csv and
json, HAR 1.2's required fields) and cross-checked with the JSON records of the
same URLs, and with curl where it has the same value."""

import csv
import io
import json
import re

import pytest

from oracle import RECORD_AS_CURL, SEPARATOR, by_index, cofetch, cofetch_bytes, curl, without_digits
from har_check import check_har

# Fields every format carries, as they read from a JSON record.
SHARED = ["url", "final_url", "status", "http_version", "bytes", "redirects", "remote_ip", "attempts"]


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


def as_csv(value):
    return "" if value is None else str(value)


@pytest.mark.parametrize("field", SHARED)
def test_csv_row_matches_the_json_record(field, urls, csv_run, json_records):
    rows, _ = csv_run
    assert sorted(rows) == list(range(len(urls)))
    for i in range(len(urls)):
        assert rows[i][field] == as_csv(json_records[i][field]), (urls[i], field)


def test_csv_keeps_commas_and_quotes_of_urls(urls, csv_run):
    rows, _ = csv_run
    assert rows[0]["url"] == urls[0] and rows[7]["url"] == urls[7]
    assert rows[7]["error_kind"] == "invalid_url"


@pytest.mark.parametrize("field", ["error_kind", "error_message"])
def test_csv_error_columns_match_the_json_record(field, urls, csv_run, json_records):
    rows, _ = csv_run
    for i in range(len(urls)):
        error = json_records[i]["error"]
        # Two runs: a message's measurements ("after 1 ms") may differ.
        assert without_digits(rows[i][field]) == without_digits(error[field.split("_")[1]] if error else ""), \
            urls[i]


@pytest.mark.parametrize("field", ["status", "bytes", "remote_ip", "final_url"])
def test_har_entry_matches_the_csv_row_of_its_run(field, urls, csv_run):
    rows, har = csv_run
    for i, url in enumerate(urls):
        row = rows[i]
        if row["attempts"] == "0":
            assert url not in har, "a line never fetched has no entry"
            continue
        entry = har[url]
        value = {"status": entry["response"]["status"] or "",
                 "bytes": entry["response"]["content"]["size"],
                 "remote_ip": entry.get("serverIPAddress", ""),
                 "final_url": entry.get("_redirects", {}).get("finalUrl", row["url"])}[field]
        expected = row[field]
        if field == "final_url" and row["redirects"] == "0":
            expected = row["url"] if row["final_url"] else ""
            value = row["url"] if row["final_url"] else ""
        assert str(value) == expected, (url, field)


@pytest.mark.parametrize("field", sorted(RECORD_AS_CURL))
def test_json_record_matches_curl(field, urls, json_records):
    for i, url in enumerate(urls):
        if json_records[i]["attempts"] == 0:
            continue  # not a URL: curl has nothing to compare
        assert RECORD_AS_CURL[field](json_records[i]) == curl(url, "-L")[field], url


def test_write_out_variables_match_the_json_record_of_the_same_line(urls, url_file):
    names = ["url", "url_effective", "http_code", "size_download", "num_redirects", "remote_ip", "index",
             "attempts", "error_kind"]
    template = SEPARATOR.join(["%{json}"] + ["%{" + n + "}" for n in names]) + "\\n"
    run = cofetch("-L", "-w", template, "-i", url_file)
    lines = [line.split(SEPARATOR) for line in run.stdout.splitlines()]
    assert len(lines) == len(urls)
    for line in lines:
        record = json.loads(line[0])
        values = dict(zip(names, line[1:]))
        assert values["url"] == record["url"]
        assert values["url_effective"] == (record["final_url"] or "")
        assert values["http_code"] == f"{record['status'] or 0:03d}"
        assert values["size_download"] == str(record["bytes"])
        assert values["num_redirects"] == str(record["redirects"])
        assert values["remote_ip"] == (record["remote_ip"] or "")
        assert values["index"] == str(record["index"])
        assert values["attempts"] == str(record["attempts"])
        assert values["error_kind"] == (record["error"]["kind"] if record["error"] else "")


def test_results_file_holds_the_records_stdout_would(urls, url_file, tmp_path, json_records):
    cofetch("-L", "-o", tmp_path / "results.jsonl", "-i", url_file)
    stored = by_index(json.loads(line) for line in (tmp_path / "results.jsonl").read_text().splitlines())
    for i in range(len(urls)):
        for field in SHARED:
            assert stored[i][field] == json_records[i][field], (urls[i], field)


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


def test_text_lines_say_what_curl_saw(urls, url_file, json_records):
    lines = cofetch("-L", "--color", "never", "-i", url_file).lines  # in the order they finished
    assert len(lines) == len(urls)
    seen_urls = []
    for line in lines:
        parts = TEXT_LINE.match(line)
        assert parts, line
        i = max((i for i, url in enumerate(urls) if parts["rest"].startswith(url)), key=lambda i: len(urls[i]))
        url, record = urls[i], json_records[i]
        seen_urls.append(url)
        if record["attempts"] == 0:
            assert parts["first"] == "invalid_url" and parts["size"] == parts["time"] == "-", line
            continue
        seen = curl(url, "-L")
        if seen["exit"] != 0:
            assert parts["first"] == record["error"]["kind"], line
            continue
        assert parts["first"] == str(seen["http_code"]), line
        assert parts["size"] == human_bytes(seen["size_download"]), line
        assert parts["time"] != "-", line
    assert sorted(seen_urls) == sorted(urls), "one line per URL"
