"""The command line: usage errors, help, version, summary and compare mode."""


import re
import subprocess

import pytest

from conftest import cofetch


@pytest.mark.parametrize("args", [["--no-such-option"], ["-j", "0"], ["-j", "lots"], ["--summary", "yaml"],
                                  ["-H", "no colon here", "http://x/"], ["--sequential", "-j", "4", "http://x/"],
                                  ["--compare", "--sequential", "http://x/"], ["-m", "-1", "http://x/"],
                                  ["-i", "-", "-i", "-"]])
def test_bad_options_give_one_line_and_exit_2(args):
    run = cofetch(*args)
    assert run.status == 2
    assert run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert run.stderr.startswith("cofetch: ")


def test_help_explains_options_input_and_exit_statuses():
    run = cofetch("--help")
    assert run.status == 0
    for text in ("--concurrency", "--compare", "--max-time", "--json", "--summary", "Exit status", "stdin"):
        assert text in run.stdout


def test_version_names_the_program():
    run = cofetch("--version")
    assert run.status == 0
    assert run.stdout.startswith("cofetch ")


def test_results_go_to_stdout_and_the_summary_to_stderr(server):
    run = cofetch(server.url("/bytes/1"), server.url("/bytes/2"))
    assert len(run.lines) == 2
    assert "2 URLs" in run.stderr and "latency" in run.stderr
    assert "2 URLs" not in run.stdout


def test_quiet_prints_only_the_summary(server):
    run = cofetch("-q", server.url("/bytes/1"))
    assert run.stdout == ""
    assert "1 URL" in run.stderr


def test_summary_json_counts_match_the_json_lines(server, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join([server.url("/status/200")] * 3 + [server.url("/status/404")] * 2
                              + [server.url("/status/500"), "http://127.0.0.1:1/", "nope"]) + "\n")
    run = cofetch("--json", "--summary", "json", "-i", urls)
    summary = run.summary
    records = run.records
    assert summary["count"] == len(records) == 8
    statuses = {}
    errors = {}
    for record in records:
        if record["error"]:
            errors[record["error"]["kind"]] = errors.get(record["error"]["kind"], 0) + 1
        else:
            statuses[str(record["status"])] = statuses.get(str(record["status"]), 0) + 1
    assert summary["by_status"] == statuses == {"200": 3, "404": 2, "500": 1}
    assert summary["errors"] == errors == {"connect": 1, "invalid_url": 1}
    assert summary["ok"] == 3
    assert summary["bytes"] == sum(r["bytes"] for r in records)
    for key in ("wall_ms", "sum_ms", "req_per_s"):
        assert summary[key] >= 0
    assert set(summary["latency_ms"]) == {"min", "p50", "p90", "p99", "max"}
    latency = summary["latency_ms"]
    assert latency["min"] <= latency["p50"] <= latency["p90"] <= latency["p99"] <= latency["max"]
    assert run.status == 1


def test_summary_none_prints_nothing_on_stderr(server):
    run = cofetch("--summary", "none", server.url("/bytes/1"))
    assert run.stderr == ""


def test_compare_runs_the_list_twice_and_reports_a_real_speedup(server):
    urls = "".join(server.url("/delay/300") + "\n" for _ in range(20))
    run = cofetch("--compare", "-j", 20, "--json", "--summary", "json", input=urls)
    assert run.status == 0
    summary = run.summary
    assert summary["sequential_wall_ms"] >= 20 * 300
    assert summary["concurrent_wall_ms"] < 20 * 300 / 5
    assert summary["speedup"] > 5
    assert summary["speedup"] == pytest.approx(summary["sequential_wall_ms"] / summary["concurrent_wall_ms"], rel=0.01)
    assert len(run.records) == 20, "only the concurrent pass prints per-URL lines"
    assert summary["count"] == 20


def test_compare_in_text_mode_prints_both_passes_side_by_side(server):
    urls = [server.url("/delay/100")] * 5
    run = cofetch("--compare", "-j", 5, *urls)
    table = run.stderr[run.stderr.index("compare"):]
    assert "one at a time" in table and "-j 5" in table
    for row in ("wall", "req/s", "p50", "p99", "errors", "speed-up", "efficiency"):
        assert f"  {row} " in table, row
    speedup = float(table.split("speed-up")[1].split("x")[0])
    efficiency = int(table.split("efficiency")[1].split("%")[0])
    assert speedup > 3
    assert abs(efficiency - speedup / 5 * 100) <= 1  # efficiency = speed-up / concurrency


CURL_HABITS = {
    "-Z": "-j N", "--parallel": "-j N", "--parallel-max": "-j N", "-s": "-q", "-S": "record",
    "-D": "--response-header", "--ntlm": "--digest", "--junk-session-cookies": "-b file",
    "-F": "-d", "-T": "-d", "--remote-name-all": "-O DIR", "-#": "--progress",
}


@pytest.mark.parametrize("option", CURL_HABITS)
def test_a_curl_option_cofetch_lacks_says_what_to_use_instead(option):
    curls = subprocess.run(["curl", "--help", "all"], capture_output=True, text=True, timeout=30).stdout
    assert re.search(rf"(^|[ ,]){re.escape(option)}[ ,]", curls, re.M), f"{option} is one of curl's"
    run = cofetch(option, "x", "http://127.0.0.1:9/")
    assert run.status == 2
    assert f"cofetch: {option} is curl's, and cofetch does not have it: " in run.stderr
    assert CURL_HABITS[option] in run.stderr and "not expected" not in run.stderr


def test_an_option_nobody_has_keeps_the_plain_message():
    run = cofetch("--no-such-thing", "http://127.0.0.1:9/")
    assert run.status == 2 and "The following argument was not expected: --no-such-thing" in run.stderr
