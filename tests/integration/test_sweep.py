"""--sweep: the same list at several levels of -j, and the level to use, on the test
server's delay routes (whose ideal concurrency is known) and on a route that
answers 503 beyond N requests in flight."""

import json

import pytest

from conftest import cofetch


def delays(server, count, ms, tag):
    return [server.url(f"/delay/{ms}?{tag}={n}") for n in range(count)]


def test_a_list_of_known_shape_gives_the_expected_curve_and_level(server):
    # 16 URLs of 100 ms: 1.6 s one at a time, 0.4 s at 4, 0.1 s at 16 and above.
    run = cofetch("--sweep", "1,4,16,64", "--summary", "json", *delays(server, 16, 100, "shape"))
    sweep = run.summary["sweep"]
    walls = {level["level"]: level["wall_ms"] for level in sweep["levels"]}
    assert 1500 <= walls[1] < 3000 and 380 <= walls[4] < 1000
    assert 95 <= walls[16] < 500 and 95 <= walls[64] < 500
    assert sweep["recommended"] == 16
    assert sweep["knee"] is None and sweep["not_run"] == []
    assert [level["speedup"] > 3 for level in sweep["levels"][1:]] == [True, True, True]


def test_the_text_table_and_chart(server):
    run = cofetch("--sweep", "1,4", *delays(server, 4, 50, "text"))
    assert "sweep: 4 URLs at 2 levels, each on fresh connections" in run.stderr
    assert "req/s by level" in run.stderr and "p99 by level" in run.stderr
    assert "recommended: -j 4" in run.stderr
    assert run.status == 0 and run.stdout == ""


def test_errors_past_a_level_stop_the_climb_and_bound_the_recommendation(server):
    # At most 8 at once, then 503.
    urls = [server.url(f"/busy/8/40?knee={n}") for n in range(32)]
    server.reset_stats()
    run = cofetch("--sweep", "1,4,16,32", "--summary", "json", *urls)
    sweep = run.summary["sweep"]
    # Every level's URLs reached the server, and no more (the server's own count).
    assert server.stats()["requests"] == sum(level["count"] for level in sweep["levels"]) == 3 * 32
    # The 503s found are the sweep's answer, not a failed run.
    assert run.status == 0
    assert [level["level"] for level in sweep["levels"]] == [1, 4, 16]
    assert sweep["not_run"] == [32]
    assert sweep["knee"] == 16
    assert sweep["recommended"] <= 8
    assert sweep["levels"][2]["trouble"] > 0
    text = cofetch("--sweep", "1,4,16,32", *urls).stderr
    assert "stopped climbing after -j 16" in text and "not run: 32" in text


def test_auto_climbs_in_powers_of_two_to_j(server):
    urls = delays(server, 4, 10, "auto")
    levels = lambda *args: [l["level"] for l in cofetch("--sweep", "auto", "--summary", "json", *args,
                                                         *urls).summary["sweep"]["levels"]]
    assert levels("-j", "8") == [1, 2, 4, 8]
    assert levels() == [1, 2, 4, 8, 16, 32, 64]


def test_a_sample_sweeps_the_first_urls_and_says_so(server):
    run = cofetch("--sweep", "1,2", "--sweep-sample", "5", "--summary", "json", *delays(server, 20, 10, "sample"))
    sweep = run.summary["sweep"]
    assert sweep["sample"] == 5 and all(level["count"] == 5 for level in sweep["levels"])
    text = cofetch("--sweep", "1,2", "--sweep-sample", "5", *delays(server, 20, 10, "sample2")).stderr
    assert "a sample: the first 5 of 20 URLs" in text


def test_levels_start_on_fresh_connections_unless_warm(server):
    urls = delays(server, 8, 10, "warm")
    server.reset_stats()
    cofetch("--sweep", "4,4,4", "-q", *urls)
    fresh = server.stats()["connections"]
    server.reset_stats()
    cofetch("--sweep", "4,4,4", "--sweep-warm", "-q", *urls)
    warm = server.stats()["connections"]
    assert fresh >= 12 and warm <= 6, (fresh, warm)


def test_json_lines_carry_each_level_and_the_recommendation(server):
    run = cofetch("--sweep", "1,4", "--json", *delays(server, 4, 20, "json"))
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [line["level"] for line in lines[:2]] == [1, 4]
    assert lines[2]["recommended"] == 4 and "why" in lines[2]


def test_rate_holds_at_every_level(server):
    run = cofetch("--sweep", "1,8", "--rate", "20", "--summary", "json", *delays(server, 8, 1, "rate"))
    for level in run.summary["sweep"]["levels"]:
        assert level["wall_ms"] >= 7 / 20 * 1000 * 0.9


@pytest.mark.parametrize("other", [["-o", "x.jsonl"], ["-O", "bodies"], ["--har", "x.har"], ["--compare"]])
def test_a_sweep_cannot_also_record_one_run(server, other, tmp_path):
    run = cofetch("--sweep", "1,2", *other, server.url("/"))
    assert run.status == 2


def test_no_level_is_recommended_when_every_level_fails():
    # Refused at once: very fast, and no throughput at all.
    run = cofetch("--sweep", "1,4", "--summary", "json", *[f"http://127.0.0.1:1/?n={n}" for n in range(8)])
    sweep = run.summary["sweep"]
    assert sweep["recommended"] is None and "more than 5%" in sweep["why"]
    # A host that never connects is given up after --host-errors (2) refusals.
    assert sweep["levels"][0]["errors"] == {"connect": 2, "host_skipped": 6} and sweep["not_run"] == [4]
    assert "recommended: none" in cofetch("--sweep", "1,4", "http://127.0.0.1:1/").stderr
