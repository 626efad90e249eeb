"""The live progress line, tested in a real terminal (tmux): what a person sees."""

import shlex
import time

import pytest

from conftest import COFETCH, cofetch
from terminal import Terminal

pytestmark = pytest.mark.needs("tmux")


def run_in_terminal(tmp_path, shell_command, look_for=None):
    """Runs a shell command in a fresh terminal; returns the screen while the
    command runs (if `look_for` is given) and once it has finished. The screen
    while it runs is the first that holds `look_for` (polled, as a slow build
    takes a while to start), or the last before the command finished."""
    done = tmp_path / "done"
    terminal = Terminal(f"bash -c {shlex.quote(f'{shell_command}; touch {done}; sleep 30')}", tmp_path)
    try:
        during = None
        deadline = time.monotonic() + 30
        if look_for is not None:
            while not done.exists() and time.monotonic() < deadline:
                screen = terminal.screen()
                if done.exists():
                    break  # this screen may already be the one after the run
                during = screen
                if look_for in during:
                    break
                time.sleep(0.05)
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.2)
        return during, terminal.screen()
    finally:
        terminal.close()


def url_list(tmp_path, paths):
    urls = tmp_path / "urls.txt"
    urls.write_text("".join(path + "\n" for path in paths))
    return shlex.quote(str(urls))


def test_progress_appears_in_the_terminal_and_is_gone_after(server, tmp_path):
    urls = url_list(tmp_path, [server.url(f"/delay/300?t={n}") for n in range(20)])
    results = tmp_path / "results.txt"
    during, after = run_in_terminal(
        tmp_path, f"{shlex.quote(COFETCH)} -j 4 -i {urls} > {shlex.quote(str(results))}", look_for="in flight")
    assert "in flight" in during and "req/s" in during, during
    assert "/? done" in during or "/20 " in during, during  # the total, once the input is read
    assert "in flight" not in after, "the line is erased before the summary"
    assert "20 URLs in" in after
    written = results.read_text()
    assert len(written.splitlines()) == 20
    assert "in flight" not in written and "\r" not in written and "\x1b" not in written


def test_results_on_the_same_terminal_are_not_mixed_with_progress(server, tmp_path):
    paths = [f"/delay/{100 + 50 * n}" for n in range(12)]
    urls = url_list(tmp_path, [server.url(path) for path in paths])
    _, screen = run_in_terminal(tmp_path, f"{shlex.quote(COFETCH)} -j 3 --color never -i {urls}")
    result_lines = [line for line in screen.splitlines() if line.startswith("200 ")]
    assert len(result_lines) == 12, screen
    for line in result_lines:
        assert line.rstrip().endswith(tuple(paths)), line
        assert "in flight" not in line


def test_progress_never_and_a_non_terminal_stderr_show_nothing(server, tmp_path):
    run = cofetch("--progress", "never", server.url("/delay/300"))
    assert "in flight" not in run.stderr
    plain = cofetch(server.url("/delay/300"))  # stderr is a pipe here: auto means off
    assert "in flight" not in plain.stderr
    forced = cofetch("--progress", "always", server.url("/delay/400"))
    assert "in flight" in forced.stderr
