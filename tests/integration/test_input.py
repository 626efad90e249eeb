"""Input: arguments, files, standard input, streaming and back-pressure."""

import os
import subprocess
import threading

from conftest import COFETCH, bytes_read_ahead, check_sanitizers, cofetch


def test_urls_piped_on_stdin_are_fetched(server):
    stdin = "".join(f"{server.url('/bytes/' + str(n))}\n" for n in (1, 2, 3))
    run = cofetch("--json", input=stdin)
    assert run.status == 0
    assert sorted(r["bytes"] for r in run.records) == [1, 2, 3]


def test_a_file_with_comments_blank_lines_and_crlf_endings(server, tmp_path):
    urls = tmp_path / "list.txt"
    urls.write_bytes(("# a comment\r\n\r\n   " + server.url("/bytes/7") + "   \r\n\t\r\n"
                      + server.url("/bytes/8") + "\r\n#" + server.url("/bytes/9")).encode())
    run = cofetch("--json", "-i", urls)
    assert run.status == 0
    assert sorted((r["index"], r["bytes"]) for r in run.records) == [(0, 7), (1, 8)]


def test_arguments_come_before_files_and_files_in_order(server, tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(server.url("/bytes/2") + "\n")
    second.write_text(server.url("/bytes/3") + "\n")
    run = cofetch("--json", "-i", first, server.url("/bytes/1"), "-i", second)
    assert sorted((r["index"], r["bytes"]) for r in run.records) == [(0, 1), (1, 2), (2, 3)]


def test_the_first_fetch_starts_before_the_input_ends(server):
    process = subprocess.Popen([COFETCH, "--json"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        process.stdin.write(server.url("/bytes/4") + "\n")
        process.stdin.flush()
        line = []
        reader = threading.Thread(target=lambda: line.append(process.stdout.readline()))
        reader.start()
        reader.join(timeout=10)
        assert line and '"bytes":4' in line[0], "no result while stdin was still open"
    finally:
        process.stdin.close()
        process.wait(timeout=10)
        check_sanitizers(process.stderr.read())


def test_reading_pauses_while_every_slot_is_busy(server):
    """With -j 2 and slow URLs, cofetch must not swallow a long list it cannot start yet."""
    accepted = bytes_read_ahead(["-j", "2", "-q", "--summary", "none"], server.url("/delay/3000") + "\n")
    assert accepted < 1024 * 1024, f"cofetch read {accepted} of 8 MiB of input for 2 slots"


def test_an_input_file_that_does_not_exist_is_a_usage_error():
    run = cofetch("-i", "/nonexistent/urls.txt")
    assert run.status == 2
    assert "cannot open /nonexistent/urls.txt" in run.stderr


def test_no_urls_and_a_terminal_on_stdin_is_a_usage_error():
    import pty
    leader, follower = pty.openpty()
    try:
        completed = subprocess.run([COFETCH], stdin=follower, capture_output=True, text=True, timeout=10)
    finally:
        os.close(leader)
        os.close(follower)
    assert completed.returncode == 2
    assert "no URLs" in completed.stderr


def test_unique_fetches_each_url_of_the_input_once(logged_server, tmp_path):
    """--unique against the server's log: every distinct URL asked once, in records
    under the index of its first line; the repeats counted in the summary."""
    distinct = [logged_server.url(f"/bytes/{n}?u={n}") for n in range(30)]
    lines = []
    for n in range(120):
        url = distinct[(n * 7) % 30]
        lines.append(f"  {url}\t" if n % 3 == 0 else url)  # the same URL, trimmed
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(lines) + "\n")
    first_line = {}
    for index, line in enumerate(lines):
        first_line.setdefault(line.strip(), index)

    run = cofetch("--unique", "--json", "--summary", "json", "-j", 8, "-i", listing)
    assert run.status == 0, run.stderr
    assert sorted((r["url"], r["index"]) for r in run.records) == sorted(first_line.items())
    served = [entry["target"] for entry in logged_server.served()]
    assert sorted(served) == sorted(f"/bytes/{n}?u={n}" for n in range(30))
    assert run.summary["repeats"] == 90 and run.summary["count"] == 30
    text = cofetch("--unique", "-q", "-i", listing)
    assert "unique     90 repeated URLs left out (--unique)" in text.stderr
    again = cofetch("--json", "-q", "-i", listing, "--summary", "json")
    assert again.summary["count"] == 120 and "repeats" not in again.summary, "without it, every line"
