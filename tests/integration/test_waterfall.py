"""--waterfall: the fetches' phases on one time axis, after the run."""

import os

from conftest import cofetch


def bar_starts(stderr):
    """For each chart row, the column where its bar begins."""
    starts = []
    for line in stderr.splitlines():
        if "|" in line and line.split("|")[0].strip()[:1].isdigit():
            bar = line.split("|")[1]
            starts.append(len(bar) - len(bar.lstrip()))
    return starts


def test_one_at_a_time_is_a_staircase_and_concurrent_rows_start_together(server):
    urls = [server.url(f"/delay/200?w={i}") for i in range(5)]
    env = dict(os.environ, COLUMNS="100")
    sequential = cofetch("-q", "--summary", "none", "--waterfall", "--sequential", *urls, env=env)
    concurrent = cofetch("-q", "--summary", "none", "--waterfall", "-j", 5, *urls, env=env)
    # One at a time, each fetch waits in the queue for the one before: its bar
    # (queue dots, then phases) is there from the start, but its phases begin later.
    seq_rows = [line for line in sequential.stderr.splitlines() if "/delay/200" in line]
    phase_starts = [len(r.split("|")[1]) - len(r.split("|")[1].lstrip(" .·")) for r in seq_rows]
    assert phase_starts == sorted(phase_starts) and phase_starts[-1] > phase_starts[0] + 20
    # Together: within a few columns (a column is about 3 ms), where one at a time
    # spreads over 20 and more.
    assert max(bar_starts(concurrent.stderr)) <= 3, concurrent.stderr


def test_rows_are_limited_and_the_rest_summarised(server):
    urls = [server.url(f"/bytes/{n}") for n in range(1, 11)]
    run = cofetch("-q", "--summary", "none", "--waterfall", "--waterfall-rows", 3, *urls)
    assert len(bar_starts(run.stderr)) == 3
    assert "7 more fetches not shown" in run.stderr


def test_the_chart_fits_the_terminal_width(server):
    urls = [server.url("/delay/100?" + "x" * 200)] + [server.url(f"/bytes/{n}") for n in range(3)]
    run = cofetch("-q", "--summary", "none", "--waterfall", *urls, env=dict(os.environ, COLUMNS="70"))
    assert run.stderr.strip()
    assert max(len(line) for line in run.stderr.splitlines()) <= 70, run.stderr
