"""-4, -6, --connect-to, --interface, --local-port and --limit-rate: where each
connection came from and went to, as the server saw it (/peer, /echo/), and the
status and curl's exit code, are those of curl with the same options."""

import re
import subprocess
import time

import pytest

from oracle import CURL, USER_AGENT, cofetch_answer, curl_answer, harness


@pytest.fixture(scope="module")
def ipv6_server():
    instance = harness.Server(host="::1")
    yield instance
    instance.stop()


def address_of(peer):
    """The client's address in /peer's answer, without its port."""
    return peer.decode().rsplit(":", 1)[0] if peer else None


def both(url, args, tmp_path):
    theirs = curl_answer(url, args)
    ours = cofetch_answer(url, args, tmp_path / f"bodies-{len(list(tmp_path.glob('bodies-*')))}")
    return theirs, ours


@pytest.mark.parametrize("family, peer, status", [
    (["-6"], "[::1]", 200), (["-4"], None, 0), ([], "[::1]", 200),
], ids=["-6", "-4", "either"])
def test_address_families_as_curl(family, peer, status, ipv6_server, tmp_path):
    # localhost is both ::1 and 127.0.0.1; the server listens on ::1 only.
    url = f"http://localhost:{ipv6_server.port}/peer"
    theirs, ours = both(url, family, tmp_path)
    assert theirs[1:] == (status, 0 if status else 7)
    assert ours[1:] == theirs[1:] and address_of(ours[0]) == address_of(theirs[0]) == peer


@pytest.mark.parametrize("mapping", ["nowhere.invalid:8080:127.0.0.1:{port}", "::127.0.0.1:{port}",
                                     "nowhere.invalid::127.0.0.1:{port}"])
def test_connect_to_keeps_the_url_and_host(mapping, server, tmp_path):
    url = "http://nowhere.invalid:8080/echo/connect-to"
    args = ["--connect-to", mapping.format(port=server.port)]
    theirs, ours = both(url, args, tmp_path)
    assert theirs[1:] == (200, 0) and b'["Host","nowhere.invalid:8080"]' in theirs[0]
    assert ours == theirs


def test_connect_to_over_tls_keeps_the_name_checked(nginx, tmp_path):
    url = "https://cofetch.test/"
    args = ["--connect-to", f"cofetch.test:443:127.0.0.1:{nginx.h1_port}", "--cacert", nginx.cert]
    theirs, ours = both(url, args, tmp_path)
    assert theirs == (b"hello over http/1.1\n", 200, 0) and ours == theirs


@pytest.mark.parametrize("interface", ["127.0.0.2", "lo", "localhost"])
def test_interface_sets_where_connections_come_from(interface, server, tmp_path):
    theirs, ours = both(server.url(f"/peer?{interface}"), ["--interface", interface], tmp_path)
    assert theirs[1:] == (200, 0)  # SO_BINDTODEVICE (a name) needs no privilege since Linux 5.7
    assert ours[1:] == theirs[1:] and address_of(ours[0]) == address_of(theirs[0])
    if interface == "127.0.0.2":
        assert address_of(ours[0]) == "127.0.0.2"


def test_local_port_range(server, tmp_path):
    first = 20000 + int(time.time()) % 20000
    args = ["--local-port", f"{first}-{first + 200}"]
    theirs, ours = both(server.url("/peer"), args, tmp_path)
    assert ours[1:] == theirs[1:] == (200, 0)
    for answer in (theirs, ours):
        assert first <= int(answer[0].decode().rsplit(":", 1)[1]) <= first + 200
    # A batch: every connection from the range (one per transfer at -j 5, HTTP/1.1).
    run = harness.cofetch("--json", "-j", 5, "-O", tmp_path / "batch", *args,
                          *[server.url(f"/peer?n={n}") for n in range(10)])
    assert run.status == 0
    for record in run.records:
        port = int((tmp_path / "batch" / record["file"]).read_text().rsplit(":", 1)[1])
        assert first <= port <= first + 200


def test_a_bad_local_port_is_a_usage_error():
    for value in ["0", "70000", "5-4", "x"]:
        run = harness.cofetch("--local-port", value, "http://127.0.0.1:9/")
        assert run.status == 2 and "--local-port" in run.stderr


@pytest.mark.release_only  # libcurl's pacing, the same under sanitizers; 10 s
def test_limit_rate_paces_each_transfer_as_curl(server):
    # 50 MiB at 10M (10 MiB/s): about 4.5 s with libcurl 7.88, whose limit follows
    # the speed of the last seconds (curl/curl#10173) and lets the first burst of
    # reads through (100 reads of the buffer: curl's is 100 KiB, so a few MiB). The
    # slowest of up to three curl runs is its paced time. Three URLs at -j 3 are
    # each held to the rate (per transfer), so the batch takes as long as one.
    url = server.url("/stream/52428800")
    curl_took = 0.0
    for attempt in range(3):
        done = subprocess.run([CURL, "-s", "-A", USER_AGENT, "-o", "/dev/null", "--limit-rate", "10M",
                               "-w", "%{size_download} %{time_total}", f"{url}?curl={attempt}"],
                              capture_output=True, text=True, timeout=60)
        size, took = done.stdout.split()
        curl_took = max(curl_took, float(took))
        if curl_took > 2.5:
            break
    assert int(size) == 52428800 and curl_took > 2.5, "curl's own pace"
    run = harness.cofetch("--json", "-j", 3, "--limit-rate", "10M", *[f"{url}?n={n}" for n in range(3)])
    assert run.status == 0
    for record in run.records:
        assert record["bytes"] == int(size)
        assert 0.6 * curl_took < record["ms"]["total"] / 1000 < 1.6 * curl_took
    assert run.elapsed < 1.6 * curl_took + 2, "each transfer has the rate, not the batch"
    # Without the limit, the same bytes take a small fraction of that.
    assert harness.cofetch("--json", url).elapsed < 1.5


def test_limit_rate_takes_curls_units():
    for value, accepted in [("100K", True), ("2m", True), ("1G", True), ("12", True), ("1.5M", False),
                            ("x", False), ("0", False)]:
        run = harness.cofetch("--limit-rate", value, "--summary", "none", "http://127.0.0.1:9/")
        assert (run.status != 2) == accepted, (value, run.stderr)
        assert re.search(r"--limit-rate", run.stderr) or accepted
