"""Output formats: CSV, -w, colours, -v and aligned text."""

import csv
import io
import json
import os
import re
import subprocess

from conftest import COFETCH, cofetch


def test_csv_parses_and_carries_the_json_fields(server):
    urls = [server.url("/bytes/3?a=1,2"), server.url("/status/404"), "http://127.0.0.1:1/", "not a url"]
    as_csv = cofetch("--format", "csv", "--order", "input", *urls)
    as_json = cofetch("--json", "--order", "input", *urls)
    raw = subprocess.run([COFETCH, "--format", "csv", *urls], capture_output=True, timeout=60).stdout
    assert raw.startswith(b"index,url,final_url,status,http_version,bytes,redirects,remote_ip,attempts,"
                          b"started_at,etag,last_modified,ms_dns,ms_connect,ms_tls,ms_wait,ms_receive,ms_total,"
                          b"error_kind,"
                          b"error_message\r\n")
    assert raw.count(b"\r\n") == 5 and raw.count(b"\n") == 5, "RFC 4180 ends every line with CRLF"
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout, newline="")))
    records = as_json.records
    assert len(rows) == len(records) == 4
    for row, record in zip(rows, records):
        assert row["url"] == record["url"]
        assert row["status"] == ("" if record["status"] is None else str(record["status"]))
        assert row["bytes"] == str(record["bytes"])
        assert row["error_kind"] == ((record["error"] or {}).get("kind") or "")
        assert float(row["ms_total"]) >= 0
    assert rows[0]["url"].endswith("?a=1,2"), "a comma inside a field must be quoted"


def test_write_out_renders_curl_variables(server):
    run = cofetch("-L", "-w", r"%{http_code} %{size_download} %{num_redirects} %{url_effective}\n",
                  server.url("/redirect/2"))
    assert run.stdout == f"200 15 2 {server.url('/redirect/0')}\n"
    timed = cofetch("-w", r"%{time_namelookup}\t%{time_connect}\t%{time_starttransfer}\t%{time_total}\n",
                    server.url("/delay/50"))
    values = [float(v) for v in timed.stdout.strip().split("\t")]
    assert all(re.fullmatch(r"\d+\.\d{6}", v) for v in timed.stdout.strip().split("\t"))
    assert values == sorted(values), "curl's times are cumulative"
    assert 0.05 <= values[-1] < 1
    failed = cofetch("-w", "%{http_code} %{exitcode} %{errormsg}", "http://127.0.0.1:1/")
    assert failed.stdout.startswith("000 7 Failed to connect")
    record = json.loads(cofetch("-w", "%{json}", server.url("/bytes/9")).stdout)
    assert record["bytes"] == 9


def test_write_out_from_a_file_and_unknown_variables(server, tmp_path):
    template = tmp_path / "format.txt"
    template.write_text("code=%{http_code}\\n")
    assert cofetch("-w", f"@{template}", server.url("/status/201")).stdout == "code=201\n"
    bad = cofetch("-w", "%{nope}", server.url("/"))
    assert bad.status == 2
    assert "unknown variable %{nope}" in bad.stderr and "http_code" in bad.stderr


def test_colour_only_when_asked_or_on_a_terminal(server):
    urls = [server.url("/status/200"), server.url("/status/404"), server.url("/status/503")]
    coloured = cofetch("--color", "always", *urls)
    assert "\x1b[32m200" in coloured.stdout and "\x1b[33m404" in coloured.stdout and "\x1b[31m503" in coloured.stdout
    assert "\x1b[" not in cofetch("--color", "never", *urls).stdout
    assert "\x1b[" not in cofetch(*urls).stdout, "auto: stdout is a pipe here"
    no_color = dict(os.environ, NO_COLOR="1")
    assert "\x1b[" not in cofetch(*urls, env=no_color).stdout
    assert "\x1b[" in cofetch("--color", "always", *urls, env=no_color).stdout, "an explicit flag beats NO_COLOR"


def test_timing_adds_each_phase_to_text_lines(server):
    run = cofetch("-v", server.url("/delay/100"))
    line = run.lines[0]
    phases = dict(re.findall(r"(dns|connect|tls|wait|receive)\s+(\d+\.\d)", line))
    assert set(phases) == {"dns", "connect", "tls", "wait", "receive"}
    assert 95 <= float(phases["wait"]) < 1000


def test_text_columns_line_up(server):
    urls = [server.url("/status/200"), server.url("/bytes/20000"), server.url("/status/404"), server.url("/hang"),
            "http://127.0.0.1:1/", "bad url"]
    run = cofetch("-m", 0.5, *urls)
    # Where each line's URL starts (a message may mention a URL too: take the first).
    url_columns = {min(line.index(url) for url in urls if url in line) for line in run.lines}
    assert len(url_columns) == 1, run.stdout
