"""--rate and --per-host."""

from conftest import bytes_read_ahead, cofetch


def test_rate_20_per_second_spreads_40_urls_over_about_two_seconds(server):
    urls = [server.url(f"/bytes/1?r={i}") for i in range(40)]
    paced = cofetch("-q", "--rate", "20/s", *urls)
    assert paced.status == 0
    assert 1.6 <= paced.elapsed < 4, f"took {paced.elapsed:.2f}s"
    unpaced = cofetch("-q", *urls)
    assert unpaced.elapsed < 1.5


def test_rate_per_minute_is_understood(server):
    run = cofetch("-q", "--rate", "600/m", server.url("/bytes/1"), server.url("/bytes/2"), server.url("/bytes/3"))
    assert 0.15 <= run.elapsed < 2  # 10/s: the third starts 0.2 s in


def test_per_host_2_means_the_server_never_sees_more_than_2(server):
    urls = [server.url(f"/delay/300?p={i}") for i in range(10)]
    server.reset_stats()
    limited = cofetch("-q", "--per-host", 2, *urls)
    assert limited.status == 0
    assert server.stats()["peak"] == 2
    server.reset_stats()
    cofetch("-q", *urls)
    assert server.stats()["peak"] == 10, "without --per-host all ten run at once"


def test_a_fast_host_after_a_slow_one_finishes_first(server, other_server):
    slow = [server.url(f"/delay/1000?s={i}") for i in range(12)]
    fast = [other_server.url(f"/bytes/{i}") for i in range(1, 6)]
    run = cofetch("--json", "--per-host", 2, "-j", 10, *slow, *fast)
    first_five = [r["url"] for r in run.records[:5]]
    assert sorted(first_five) == sorted(fast)
    assert all(r["ms"]["total"] < 500 for r in run.records[:5])


def test_per_host_reading_stays_bounded_when_one_host_is_backed_up(server):
    args = ["--per-host", "1", "-j", "2", "-q", "--summary", "none"]
    accepted = bytes_read_ahead(args, server.url("/delay/3000") + "\n")
    assert accepted < 1024 * 1024, f"read {accepted} of 8 MiB ahead for a host that takes one at a time"
