"""Ctrl-C, SIGTERM and a reader that goes away."""

import json
import signal
import subprocess
import time

import pytest

from conftest import COFETCH, check_sanitizers, start_and_read


def start(server, extra=(), fast=5, hanging=5):
    """Runs fast and hanging URLs; returns once every fast one has been written."""
    urls = [server.url(f"/bytes/{n}") for n in range(1, fast + 1)]
    urls += [server.url(f"/hang?x={n}") for n in range(hanging)]
    process, done = start_and_read(["--summary", "json", *extra, *urls], lines=fast if "--order" not in extra else 0)
    return process, done


@pytest.mark.parametrize("sent, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_keeps_every_finished_result_and_a_partial_summary(server, sent, status):
    process, done = start(server)  # the fast ones are written; the hanging ones are in flight
    process.send_signal(sent)
    stdout, stderr = process.communicate(timeout=10)
    check_sanitizers(stderr)
    assert process.returncode == status
    records = done + [json.loads(line) for line in stdout.splitlines()]
    assert len(records) == 10, "every URL read has a line: finished or cancelled"
    finished = [r for r in records if r["error"] is None]
    cancelled = [r for r in records if r["error"] and r["error"]["kind"] == "cancelled"]
    assert len(finished) == 5 and all(r["status"] == 200 for r in finished)
    assert len(cancelled) == 5
    summary = json.loads(stderr.strip().splitlines()[-1])
    assert summary["count"] == 10 and summary["errors"] == {"cancelled": 5}


def test_input_order_still_writes_everything_on_a_signal(server):
    # In input order nothing can be written before the hanging URLs end: wait for
    # the fast ones to be fetched, which the server can tell.
    server.reset_stats()
    process, _ = start(server, extra=("--order", "input"), fast=3, hanging=2)
    deadline = time.monotonic() + 10
    while server.stats()["requests"] < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, _ = process.communicate(timeout=10)
    assert [json.loads(line)["index"] for line in stdout.splitlines()] == [0, 1, 2, 3, 4]


def test_a_second_ctrl_c_exits_at_once_even_when_output_is_stuck(server, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(server.url(f"/bytes/1?s={n}") + "\n" for n in range(30000)))
    # Nobody reads stdout: cofetch ends up blocked writing its results.
    process = subprocess.Popen([COFETCH, "-i", str(urls)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    time.sleep(0.3)
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=5) == 130
    assert time.monotonic() - started < 2


def test_head_ends_the_run_quietly(server, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(server.url(f"/delay/100?p={n}") + "\n" for n in range(1000)))
    started = time.monotonic()
    completed = subprocess.run(["bash", "-c", f"'{COFETCH}' -j 10 -i '{urls}' | head -3; echo ${{PIPESTATUS[0]}} >&2"],
                               capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - started
    assert len(completed.stdout.splitlines()) == 3
    assert completed.stderr.strip() == "141", f"no message, only the status: {completed.stderr!r}"
    assert elapsed < 5, "it stops instead of fetching all 1000 URLs (10 s)"
