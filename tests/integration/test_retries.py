"""--retry, --retry-delay, --retry-max-time and Retry-After."""

from conftest import cofetch


def test_a_flaky_url_succeeds_on_the_third_try(server, unique):
    run = cofetch("--json", "--retry", 3, "--retry-delay", 0.05, server.url("/flaky/2" + unique))
    record = run.records[0]
    assert record["status"] == 200 and record["attempts"] == 3
    assert run.status == 0


def test_retries_stop_after_n_and_the_last_answer_stands(server, unique):
    run = cofetch("--json", "--retry", 2, "--retry-delay", 0.05, server.url("/flaky/9" + unique))
    record = run.records[0]
    assert record["status"] == 503 and record["attempts"] == 3


def test_a_404_is_not_retried(server):
    run = cofetch("--json", "--retry", 5, "--retry-delay", 1, server.url("/status/404"))
    assert run.records[0]["attempts"] == 1
    assert run.elapsed < 1


def test_dns_failures_are_not_retried_but_refused_connections_are():
    # Every try counts: --host-errors 0, or the second refusal would give the host up.
    run = cofetch("--json", "--retry", 2, "--retry-delay", 0.05, "--host-errors", 0,
                  "http://nothing-here.invalid/", "http://127.0.0.1:1/")
    by_kind = {r["error"]["kind"]: r for r in run.records}
    assert by_kind["dns"]["attempts"] == 1
    assert by_kind["connect"]["attempts"] == 3


def test_a_host_given_up_ends_the_retries_of_its_urls():
    run = cofetch("--json", "--retry", 5, "--retry-delay", 0.05, "http://127.0.0.1:1/")
    assert run.records[0]["error"]["kind"] == "connect"
    assert run.records[0]["attempts"] == 2  # --host-errors 2 refusals in a row


def test_retry_after_in_seconds_is_honoured(server, unique):
    run = cofetch("--json", "--retry", 1, server.url("/retry-after/1" + unique))
    assert run.records[0]["status"] == 200 and run.records[0]["attempts"] == 2
    assert 0.95 <= run.elapsed < 2.5


def test_retry_after_as_an_http_date_is_honoured(server, unique):
    run = cofetch("--json", "--retry", 1, server.url("/retry-after-date/2" + unique))
    assert run.records[0]["status"] == 200 and run.records[0]["attempts"] == 2
    assert 0.95 <= run.elapsed < 3.5  # the date has one-second precision


def test_backoff_waits_stay_under_their_exponential_ceilings(server):
    # Four tries of an always-failing URL wait at most 0.2 + 0.4 + 0.8 s.
    run = cofetch("--json", "--retry", 3, "--retry-delay", 0.2, server.url("/status/503"))
    assert run.records[0]["attempts"] == 4
    assert run.elapsed < 1.4 + 1.5


def test_retry_max_time_ends_retrying_and_caps_retry_after(server, unique):
    run = cofetch("--json", "--retry", 100, "--retry-delay", 0.2, "--retry-max-time", 1, server.url("/status/503"))
    assert 2 <= run.records[0]["attempts"] < 100
    assert run.elapsed < 3.5
    capped = cofetch("--json", "--retry", 1, "--retry-max-time", 1, server.url("/retry-after/30" + unique))
    assert capped.records[0]["attempts"] == 2
    assert capped.elapsed < 3.5, "a 30 s Retry-After must be capped at --retry-max-time"


def test_a_url_waiting_to_retry_holds_no_slot(server, unique):
    # With one slot, the fast URL behind the waiting one finishes first.
    run = cofetch("--json", "-j", 1, "--retry", 1, server.url("/retry-after/2" + unique), server.url("/bytes/3"))
    assert [r["index"] for r in run.records] == [1, 0]
    assert run.records[1]["attempts"] == 2
