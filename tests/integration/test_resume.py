"""-o FILE and --resume: records survive SIGKILL, a resumed run fetches only the
rest, and the final file holds exactly one record per URL."""

import json
import os
import random
import signal
import subprocess
import time

import pytest

from conftest import COFETCH, check_sanitizers, cofetch
from scaling import read_records

URLS = 300


def delayed_list(server, tmp_path, tag):
    """300 URLs answered after 20-80 ms, with a 404 and a 503 among them."""
    urls = []
    for n in range(URLS):
        if n % 50 == 7:
            urls.append(server.url(f"/status/404?{tag}={n}"))
        elif n % 50 == 8:
            urls.append(server.url(f"/status/503?{tag}={n}"))
        else:
            urls.append(server.url(f"/delay/{20 + n % 61}?{tag}={n}"))
    listing = tmp_path / "urls.txt"
    listing.write_text("# a comment, not an entry\n" + "".join(u + "\n" for u in urls))
    return urls, listing


def wait_for_records(path, count, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if path.exists() and path.read_bytes().count(b"\n") >= count:
            return
        time.sleep(0.005)
    raise AssertionError(f"{path} did not reach {count} records")


def counts(summary):
    return {key: summary[key] for key in ("count", "ok", "by_status", "errors")}


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_sigkill_at_any_moment_then_resume_gives_one_record_per_url(server, tmp_path, seed):
    urls, listing = delayed_list(server, tmp_path, f"s{seed}")
    results = tmp_path / "results.jsonl"
    kill_after = random.Random(seed).randrange(1, URLS - 40)
    process = subprocess.Popen([COFETCH, "-i", listing, "-o", results, "-j", "20", "--summary", "none"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for_records(results, kill_after, process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    written = read_records(results)
    assert kill_after <= len(written) < URLS, "killed mid-way, every written record kept"

    resumed = cofetch("-i", listing, "-o", results, "--resume", "-j", 20, "--summary", "json")
    assert resumed.stdout == ""
    assert resumed.summary["skipped"] == len(written)
    assert resumed.summary["count"] == URLS - len(written), "only the rest is fetched"

    final = read_records(results)
    assert sorted((r["index"], r["url"]) for r in final) == list(enumerate(urls)), \
        "exactly one record per URL"
    assert final[:len(written)] == written, "earlier records are kept as they were"

    clean = cofetch("-i", listing, "-q", "-j", 20, "--summary", "json")
    merged = cofetch("summarize", "--summary", "json", results)
    assert counts(json.loads(merged.stdout)) == counts(clean.summary)


def test_resume_of_a_finished_run_fetches_nothing(server, tmp_path):
    urls, listing = delayed_list(server, tmp_path, "done")
    results = tmp_path / "results.jsonl"
    first = cofetch("-i", listing, "-o", results, "-j", 50, "--summary", "json")
    assert first.summary["count"] == URLS and len(read_records(results)) == URLS
    server.reset_stats()
    again = cofetch("-i", listing, "-o", results, "--resume", "--summary", "json")
    assert again.status == 0
    assert again.summary["count"] == 0 and again.summary["skipped"] == URLS
    assert server.stats()["requests"] == 0, "nothing fetched"
    assert len(read_records(results)) == URLS


def test_ctrl_c_writes_no_cancelled_record_and_resume_finishes_the_list(server, tmp_path):
    urls = [server.url(f"/bytes/{n}") for n in range(1, 6)] + [server.url(f"/hang?c={n}") for n in range(3)]
    urls += [server.url(f"/bytes/{n}?after=1") for n in range(1, 4)]
    results = tmp_path / "results.jsonl"
    process = subprocess.Popen([COFETCH, "-o", results, "-m", "30", "--summary", "json", *urls],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for_records(results, 8, process)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=10)
    check_sanitizers(stderr)
    assert process.returncode == 130
    assert json.loads(stderr.strip().splitlines()[-1])["errors"] == {"cancelled": 3}
    assert all(r["error"] is None for r in read_records(results)), "only final records"
    hung = [u for u in urls if "/hang" in u]
    replaced = [u.replace("/hang", "/bytes/2") for u in urls]  # same indexes, other URLs for the hung ones
    resumed = cofetch("-o", results, "--resume", "--summary", "json", *replaced)
    assert resumed.summary["skipped"] == len(urls) - len(hung)
    final = read_records(results)
    assert sorted(r["index"] for r in final) == list(range(len(urls)))


def test_a_torn_last_line_is_cut_off_and_its_url_fetched_again(server, tmp_path):
    urls = [server.url(f"/bytes/{n}?torn") for n in range(1, 5)]
    results = tmp_path / "results.jsonl"
    cofetch("-o", results, "--order", "input", *urls[:3])
    whole = results.read_text()
    # A run killed while writing leaves part of a record behind.
    results.write_text(whole + '{"index":3,"url":"' + urls[3][:10])
    run = cofetch("-o", results, "--resume", "--summary", "json", *urls)
    assert "cut off an incomplete last line" in run.stderr
    assert run.summary["skipped"] == 3 and run.summary["count"] == 1
    final = read_records(results)
    assert sorted(r["index"] for r in final) == [0, 1, 2, 3]


def test_records_are_in_the_file_as_they_complete(server, tmp_path):
    results = tmp_path / "results.jsonl"
    process = subprocess.Popen([COFETCH, "-o", results, server.url("/bytes/3"), server.url("/hang?live")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_records(results, 1, process, timeout=10)
        assert read_records(results)[0]["bytes"] == 3, "written while the other URL still hangs"
    finally:
        process.kill()
        process.wait(timeout=10)


def test_two_runs_cannot_append_to_one_file(server, tmp_path):
    results = tmp_path / "results.jsonl"
    process = subprocess.Popen([COFETCH, "-o", results, server.url("/hang?locked")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until = time.monotonic() + 10
        while not results.exists() and time.monotonic() < wait_until:
            time.sleep(0.01)
        time.sleep(0.1)
        second = cofetch("-o", results, server.url("/"))
        assert second.status == 2 and "being written by another run" in second.stderr
    finally:
        process.kill()
        process.wait(timeout=10)


def test_appending_without_resume_says_so(server, tmp_path):
    results = tmp_path / "results.jsonl"
    cofetch("-o", results, server.url("/"))
    again = cofetch("-o", results, server.url("/"))
    assert "holds results already" in again.stderr
    assert len(read_records(results)) == 2


@pytest.mark.parametrize("args, message", [
    (["--resume"], "--resume needs -o FILE"),
    (["-o", "f.jsonl", "--format", "csv"], "-o writes JSON Lines"),
    (["-o", "f.jsonl", "-w", "%{http_code}"], "-o writes JSON Lines"),
    (["-o", "f.jsonl", "--resume", "--compare"], "--resume cannot be combined with --compare"),
])
def test_option_mistakes_are_usage_errors(tmp_path, args, message):
    run = cofetch(*args, "http://127.0.0.1:1/")
    assert run.status == 2 and message in run.stderr
    assert not os.path.exists("f.jsonl")


def test_an_unwritable_results_file_is_a_usage_error(tmp_path):
    run = cofetch("-o", tmp_path / "no-such-dir" / "r.jsonl", "http://127.0.0.1:1/")
    assert run.status == 2 and "-o:" in run.stderr
