"""--order completion (the default) and --order input."""

from conftest import bytes_read_ahead, cofetch


def test_input_order_holds_with_reversed_delays(server):
    urls = [server.url(f"/delay/{ms}") for ms in (400, 300, 200, 100, 0)]
    in_order = cofetch("--json", "--order", "input", *urls)
    assert [r["index"] for r in in_order.records] == [0, 1, 2, 3, 4]
    completion = cofetch("--json", *urls)
    assert [r["index"] for r in completion.records] == [4, 3, 2, 1, 0]
    assert in_order.elapsed < 2, "input order must not make the fetches sequential"


def test_input_order_keeps_invalid_lines_in_place(server):
    urls = [server.url("/delay/200"), "nope", server.url("/bytes/1"), "http://127.0.0.1:1/"]
    run = cofetch("--json", "--order", "input", *urls)
    assert [r["index"] for r in run.records] == [0, 1, 2, 3]


def test_reading_pauses_while_the_order_window_is_full(server):
    # The first URL hangs; everything after it finishes at once but must wait for it.
    first = server.url("/hang") + "\n"
    accepted = bytes_read_ahead(["--order", "input", "-m", "10", "-j", "8", "-q", "--summary", "none"],
                                server.url("/bytes/1") + "\n", first_line=first)
    assert accepted < 1024 * 1024, f"read {accepted} of 8 MiB ahead behind a URL that hangs"
