"""--shard K/N and `cofetch summarize` over the shards' results."""

import json
import math

import pytest

from conftest import cofetch
from scaling import host_of, many_hosts, read_records, shard_of

SHARDS = 4


@pytest.fixture(scope="module")
def sharded(server, tmp_path_factory):
    """2,000 URLs over 20 hosts (plus two lines that are not URLs), fetched as 4
    shards into 4 files."""
    directory = tmp_path_factory.mktemp("shards")
    urls, resolve = many_hosts(server, hosts=20, per_host=100,
                               paths=("/any/{n}", "/status/404?n={n}", "/bytes/{h}?n={n}", "/status/503?n={n}"))
    urls[5] = "ftp://h1.test/not-fetched"
    urls[1500] = "no scheme here"
    listing = directory / "urls.txt"
    listing.write_text("".join(u + "\n" for u in urls))
    runs = []
    for k in range(1, SHARDS + 1):
        run = cofetch("-i", listing, "--shard", f"{k}/{SHARDS}", "-o", directory / f"shard-{k}.jsonl",
                      "-j", 32, "--summary", "json", *resolve)
        runs.append(run)
    return urls, resolve, listing, directory, runs


def test_shards_cover_the_input_exactly_once_and_keep_hosts_whole(sharded):
    urls, _, _, directory, runs = sharded
    seen = {}
    host_shard = {}
    for k in range(1, SHARDS + 1):
        assert runs[k - 1].stdout == "", "-o sends the results to the file, not stdout"
        records = read_records(directory / f"shard-{k}.jsonl")
        assert 0 < len(records) < len(urls)
        for record in records:
            key = (record["index"], record["url"])
            assert key not in seen, f"{key} fetched by shards {seen[key]} and {k}"
            seen[key] = k
            assert urls[record["index"]] == record["url"], "indexes are those of the whole input"
            host = host_of(record["url"].lower())
            assert host_shard.setdefault(host, k) == k, f"host {host} split between shards"
            assert shard_of(record["url"], SHARDS) == k, "the documented function decides"
    assert sorted(seen) == sorted(enumerate(urls)), "the union is the input"
    assert len(host_shard) == 22  # 20 hosts and the two lines that are not URLs


def test_a_shard_streams_from_standard_input(server, sharded):
    urls, resolve, listing, directory, _ = sharded
    run = cofetch("--shard", f"2/{SHARDS}", "--json", "-j", 32, *resolve, input=listing.read_text())
    assert sorted((r["index"], r["url"]) for r in run.records) == \
        sorted((r["index"], r["url"]) for r in read_records(directory / "shard-2.jsonl"))


def percentile(values, p):
    """The smallest value with at least p% of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def test_summarize_over_the_shards_equals_one_run_over_the_whole_list(sharded):
    urls, resolve, listing, directory, _ = sharded
    whole = cofetch("-i", listing, "-q", "-j", 32, "--summary", "json", *resolve)
    files = [directory / f"shard-{k}.jsonl" for k in range(1, SHARDS + 1)]
    merged = cofetch("summarize", "--summary", "json", *files)
    assert merged.status == 1, "errors (the two invalid lines) fail, as they fail a run"
    summary = json.loads(merged.stdout)
    expected = whole.summary
    for key in ("count", "ok", "by_status", "errors", "bytes"):
        assert summary[key] == expected[key], key
    assert summary["count"] == len(urls) == 2000
    assert summary["files"] == SHARDS and "concurrency" not in summary
    # Percentiles over the union of records, within the histogram's precision.
    records = [r for f in files for r in read_records(f)]
    totals = [r["ms"]["total"] for r in records if r["error"] is None]
    for name, p in (("p50", 50), ("p90", 90), ("p99", 99)):
        assert summary["latency_ms"][name] == pytest.approx(percentile(totals, p), rel=0.01, abs=0.002), name
    assert summary["latency_ms"]["max"] == pytest.approx(max(totals), rel=0.01, abs=0.002)
    assert summary["sum_ms"] == pytest.approx(sum(r["ms"]["total"] for r in records), rel=1e-6, abs=0.01)
    assert summary["wall_ms"] > 0 and summary["req_per_s"] > 0


def test_summarize_text_counts_each_record_once(sharded):
    _, _, _, directory, _ = sharded
    first = directory / "shard-1.jsonl"
    once = cofetch("summarize", "--summary", "json", first)
    twice = cofetch("summarize", "--summary", "json", first, first)
    assert json.loads(twice.stdout)["count"] == json.loads(once.stdout)["count"]
    assert "duplicate record" in twice.stderr
    text = cofetch("summarize", "--color", "never", *directory.glob("shard-*.jsonl"))
    assert text.stdout.startswith("2000 URLs in ") and "(4 files)" in text.stdout.splitlines()[0]
    assert "responses  2xx" in text.stdout and "latency    min" in text.stdout


def test_summarize_reports_what_it_cannot_read(tmp_path, sharded):
    _, _, _, directory, _ = sharded
    damaged = tmp_path / "damaged.jsonl"
    lines = (directory / "shard-1.jsonl").read_text().splitlines(keepends=True)
    damaged.write_text(lines[0] + "not a record\n" + "".join(lines[1:]) + '{"index": 9, "url": "ht')
    run = cofetch("summarize", "--summary", "json", damaged)
    assert json.loads(run.stdout)["count"] == len(lines)
    assert "1 line is not a cofetch record, ignored (first: line 2)" in run.stderr
    assert "incomplete last line" in run.stderr
    missing = cofetch("summarize", tmp_path / "missing.jsonl")
    assert missing.status == 2 and "missing.jsonl" in missing.stderr
    assert cofetch("summarize").status == 2, "at least one file"


def test_summarize_exit_status_follows_the_failure_policy(tmp_path, server):
    results = tmp_path / "ok.jsonl"
    cofetch("-o", results, server.url("/status/404"), server.url("/"))
    assert cofetch("summarize", results).status == 0, "a 404 is an answer"
    assert cofetch("summarize", "--fail", results).status == 1
    assert cofetch("summarize", "--fail-on", "5xx", results).status == 0


@pytest.mark.parametrize("bad", ["0/4", "5/4", "1/0", "x", "2"])
def test_a_bad_shard_is_a_usage_error(bad):
    run = cofetch("--shard", bad, "http://127.0.0.1:1/")
    assert run.status == 2 and "--shard: takes K/N" in run.stderr

