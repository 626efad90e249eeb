"""What HAR 1.2 requires of a log, checked by the HAR tests and the conformance suite."""

import datetime

import pytest

TIMINGS = ("blocked", "dns", "connect", "send", "wait", "receive")


def check_har(log):
    """The structure HAR 1.2 requires, and an entry's time equal to its timings' sum."""
    assert log["version"] == "1.2"
    assert log["creator"]["name"] == "cofetch" and log["creator"]["version"]
    for entry in log["entries"]:
        datetime.datetime.fromisoformat(entry["startedDateTime"].replace("Z", "+00:00"))
        for key in ("method", "url", "httpVersion", "cookies", "headers", "queryString", "headersSize", "bodySize"):
            assert key in entry["request"], key
        for key in ("status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL",
                    "headersSize", "bodySize"):
            assert key in entry["response"], key
        assert {"size", "mimeType"} <= set(entry["response"]["content"])
        assert entry["cache"] == {}
        timings = entry["timings"]
        for key in ("send", "wait", "receive"):
            assert timings[key] >= 0, key
        for key in ("blocked", "dns", "connect", "ssl"):
            assert timings[key] >= 0 or timings[key] == -1, key
        if timings["ssl"] >= 0:
            assert timings["connect"] >= timings["ssl"], "ssl is counted inside connect"
        assert entry["time"] == pytest.approx(sum(max(0, timings[k]) for k in TIMINGS), abs=0.01)
