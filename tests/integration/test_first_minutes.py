"""A newcomer's first minutes: a lean set-up that leaves nothing running, the test
server's routes, progress with a total, honest comparisons, helpful messages about
lines that are not URLs, and an empty input."""

import shlex
import subprocess

import pytest

from conftest import COFETCH, ROOT, TEST_SERVER, cofetch
from test_progress import run_in_terminal, url_list

TEST_ONLY = {"nginx", "clang", "valgrind", "tmux", "python3-pytest", "doctest-dev", "curl", "zsh", "fish",
             "parallel", "groff-base"}


def setup_packages(*args):
    done = subprocess.run(["bash", str(ROOT / "scripts" / "setup.sh"), "--list", *args], capture_output=True,
                          text=True, timeout=30, check=True)
    return set(done.stdout.split())


def test_the_demo_installs_only_what_building_and_running_needs():
    demo = setup_packages()
    assert {"g++", "cmake", "libcurl4-openssl-dev", "libuv1-dev", "libcli11-dev", "libfmt-dev",
            "nlohmann-json3-dev"} <= demo
    assert not demo & TEST_ONLY
    assert TEST_ONLY <= setup_packages("--tests")


def test_the_set_up_turned_no_service_on():
    """What scripts/setup.sh changed, not the state of the machine: a box where
    nginx was enabled before the set-up ran passes too."""
    record = ROOT / "build" / "setup-services.txt"
    if not record.exists():
        pytest.fail(f"{record} is missing: scripts/setup.sh --tests writes it")
    states = {}
    for line in record.read_text().splitlines():
        service, boot_before, run_before, boot_after, run_after = line.split()
        states[service] = (boot_before, run_before, boot_after, run_after)
    assert set(states) == {"nginx", "sysstat", "tinyproxy", "munge", "slurmctld", "slurmd"}
    for service, (boot_before, run_before, boot_after, run_after) in states.items():
        assert boot_after != "enabled" or boot_before == "enabled", f"the set-up made {service} start at boot"
        assert run_after != "running" or run_before == "running", f"the set-up left {service} running"


def test_the_test_server_lists_its_routes():
    done = subprocess.run([TEST_SERVER, "--help"], capture_output=True, text=True, timeout=10)
    assert done.returncode == 0
    for route in ("/delay/MS", "/status/CODE", "/bytes/N", "/redirect/N", "/echo/", "/hang", "/moved/CODE",
                  "/torture/SEED/ID", "--port"):
        assert route in done.stdout, route


def test_an_empty_input_is_a_usage_error_as_in_curl(tmp_path):
    empty = cofetch(input="")
    assert empty.status == 2
    assert "no URLs in the input" in empty.stderr
    assert "req/s" not in empty.stderr, "no summary of nothing"
    comments = tmp_path / "comments.txt"
    comments.write_text("# nothing yet\n\n   \n")
    assert cofetch("-i", comments).status == 2


def test_a_shard_without_urls_of_its_own_is_no_error(server):
    urls = "\n".join(server.url(f"/bytes/{n}") for n in range(3)) + "\n"
    statuses = {cofetch("--shard", f"{k}/5", "-q", input=urls).status for k in range(1, 6)}
    assert statuses == {0}


def test_a_scheme_is_suggested_only_where_it_makes_a_url():
    records = {r["url"]: r["error"]["message"]
               for r in cofetch("--json", "not a url", "example.com/x", "[::").records}
    assert records["not a url"] == ("argument 1: spaces are not allowed in a URL "
                                    "(a space in a path or query is %20)")
    assert records["example.com/x"] == "argument 2: no scheme; did you mean http://example.com/x ?"
    assert records["[::"] == "argument 3: not a URL: no scheme (http:// or https://) and no host"


def test_compare_of_a_single_url_gives_no_speed_up(server):
    run = cofetch("--compare", server.url("/delay/50"))
    assert "no fair comparison: a single URL" in run.stderr
    assert "x over one by one" not in run.stderr
    summary = cofetch("--compare", "--summary", "json", server.url("/delay/50")).summary
    assert summary["speedup"] is None and summary["efficiency"] is None
    assert "single URL" in summary["unfair"]
    assert summary["sequential_wall_ms"] > 0 and summary["concurrent_sum_ms"] > 0


def test_compare_of_passes_that_met_different_answers_gives_no_speed_up(server, unique):
    # /flaky/1 fails the first time only: 503 one at a time, 200 in the second pass.
    urls = [server.url("/flaky/1" + unique)] + [server.url(f"/delay/20?c={n}") for n in range(4)]
    run = cofetch("--compare", "-j", 5, *urls)
    assert "no fair comparison: 1 URL came back differently in the two passes" in run.stderr
    assert "own times" in run.stderr and "wall" in run.stderr
    summary = cofetch("--compare", "--summary", "json", *urls).summary  # /flaky answers 200 now
    assert summary["speedup"] is not None and "unfair" not in summary


def test_progress_knows_the_total_of_a_list_in_a_file(server, tmp_path):
    urls = url_list(tmp_path, [server.url(f"/delay/300?p={n}") for n in range(20)])
    def terminal(name):
        (tmp_path / name).mkdir()
        return tmp_path / name

    during, _ = run_in_terminal(terminal("file"), f"{shlex.quote(COFETCH)} -q -j 4 -i {urls}",
                                look_for="ETA")
    assert "/20 " in during and "%" in during and "ETA" in during, during
    redirected, _ = run_in_terminal(terminal("redirected"), f"{shlex.quote(COFETCH)} -q -j 4 < {urls}",
                                    look_for="/20 ")
    assert "/20 " in redirected, redirected
    # From a pipe the total is known only once the pipe is read to its end.
    slow_pipe = f"(head -n 10 {urls}; sleep 3; tail -n 10 {urls}) | {shlex.quote(COFETCH)} -q -j 4"
    piped, _ = run_in_terminal(terminal("piped"), slow_pipe, look_for="/? done")
    assert "/? done" in piped, piped


def test_a_run_stopped_early_says_how_much_of_the_list_it_covered(server, tmp_path):
    # Longer than what cofetch reads ahead (1,000 URLs beyond -j), so some are never read.
    urls = url_list(tmp_path, [server.url(f"/delay/{100 if n < 2 else 5000}?s={n}") for n in range(2000)])
    _, after = run_in_terminal(tmp_path, f"timeout -s INT 1.5 {shlex.quote(COFETCH)} -j 4 -q -i {urls}")
    assert " of 2000 URLs in" in after, after
