"""-b and -c: the cookies that reach the server (its echo of every header) are the
ones curl sends for the same options and the same list, and the jar holds the
cookies curl's jar holds. One store serves the whole batch: a cookie set by one
response is sent by the later transfers of other handles, at -j 1, 5 and 50,
exactly where `curl --parallel` sends it."""

import json
import signal
import subprocess
import time
import urllib.parse

import pytest

from oracle import CURL, USER_AGENT, harness


def set_cookie(server, *cookies, to=None, host="127.0.0.1", after=None):
    query = "&".join("c=" + urllib.parse.quote(cookie, safe="") for cookie in cookies)
    if after:
        query += f"&after={after}"
    if to:
        query += "&to=" + urllib.parse.quote(to, safe="")
    return f"http://{host}:{server.port}/set-cookie?{query}"


def cookies_in(echo):
    """The Cookie header lines the server received, as sent."""
    return [value for name, value in echo["headers"] if name.lower() == "cookie"]


def curl_echoes(urls, args, tmp_path, parallel=None):
    """curl on the list (one process, as a user would run it): each URL's echo, in order."""
    folder = tmp_path / "curl"
    folder.mkdir(exist_ok=True)
    outputs = []
    for number, url in enumerate(urls):
        outputs += [url, "-o", str(folder / f"{number}.json")]
    # --parallel-immediate: without it curl starts one transfer and waits for it
    # (to learn whether the connection multiplexes) before it starts the others.
    extra = ["--parallel", "--parallel-immediate", "--parallel-max", str(parallel)] if parallel else []
    done = subprocess.run([CURL, "-s", "-L", "-A", USER_AGENT, *extra, *map(str, args), *outputs],
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return [json.loads((folder / f"{number}.json").read_bytes()) for number in range(len(urls))]


def cofetch_echoes(urls, args, tmp_path, concurrency=1):
    folder = tmp_path / "cofetch"
    folder.mkdir(exist_ok=True)
    run = harness.cofetch("-A", USER_AGENT, "--json", "-L", "-O", folder, "-j", concurrency, *args, *urls)
    assert run.status == 0, run.stderr
    records = sorted(run.records, key=lambda record: record["index"])
    assert [record["error"] for record in records] == [None] * len(urls)
    return [json.loads((folder / record["file"]).read_bytes()) for record in records]


def jar_lines(path):
    """A cookie jar's cookies as a set of lines (curl writes them newest first;
    the order carries no meaning)."""
    return {line for line in path.read_text().splitlines() if line and not line.startswith("# ")}


@pytest.mark.parametrize("args", [
    ["-b", "a=1"],
    ["-b", "a=1; b=2", "-b", "c=3"],
    ["-b", "name=value with spaces", "-H", "X-Other: 1"],
], ids=["one", "two given, joined", "spaces"])
def test_cookie_text_is_sent_as_curl_sends_it(args, server, tmp_path):
    urls = [server.url("/echo/text")]
    theirs = curl_echoes(urls, args, tmp_path)
    assert cookies_in(theirs[0])
    assert cofetch_echoes(urls, args, tmp_path) == theirs


def write_cookie_file(path, server):
    future = int(time.time()) + 3600
    rows = [
        ("127.0.0.1", "FALSE", "/", "FALSE", future, "everywhere", "1"),
        ("127.0.0.1", "FALSE", "/echo/deep", "FALSE", future, "deep_only", "2"),
        ("127.0.0.1", "FALSE", "/", "TRUE", future, "secure_only", "3"),
        ("127.0.0.1", "FALSE", "/", "FALSE", 1000, "long_expired", "4"),
        ("127.0.0.1", "FALSE", "/", "FALSE", 0, "session", "5"),
        ("#HttpOnly_127.0.0.1", "FALSE", "/", "FALSE", future, "http_only", "6"),
        ("localhost", "FALSE", "/", "FALSE", future, "for_localhost", "7"),
        ("example.org", "FALSE", "/", "FALSE", future, "elsewhere", "8"),
    ]
    path.write_text("# Netscape HTTP Cookie File\n\n" +
                    "".join("\t".join(map(str, row)) + "\n" for row in rows))


def test_a_cookie_file_sends_each_cookie_where_curl_sends_it(server, tmp_path):
    cookie_file = tmp_path / "cookies.txt"
    write_cookie_file(cookie_file, server)
    urls = [server.url("/echo/top"), server.url("/echo/deep/down"),
            f"http://localhost:{server.port}/echo/other-name"]
    args = ["-b", cookie_file, "-b", "typed=9"]
    theirs = curl_echoes(urls, args, tmp_path)
    assert [len(cookies_in(echo)) for echo in theirs] == [1, 1, 1]
    assert "deep_only=2" in cookies_in(theirs[1])[0] and "deep_only" not in cookies_in(theirs[0])[0]
    assert cofetch_echoes(urls, args, tmp_path) == theirs


@pytest.mark.parametrize("concurrency", [1, 5, 50])
def test_one_store_serves_the_batch_as_curl_parallel(concurrency, server, tmp_path):
    # The set-cookie answers at once while the first slow echoes hold the other
    # slots; the fast echoes then start on handles that never saw the Set-Cookie.
    # They carry the cookie only if the store is the batch's, as curl's is.
    slow = [server.url(f"/echo/slow-{n}?after=400") for n in range(concurrency - 1)]
    fast = [server.url(f"/echo/fast-{n}?after=20") for n in range(2 * concurrency)]
    # The cookie comes back after 100 ms: the slow echoes were all sent by then.
    urls = [set_cookie(server, f"shared{concurrency}=yes; Path=/", after=100)] + slow + fast
    args = ["-c", tmp_path / "jar.txt"]
    theirs = curl_echoes(urls, args, tmp_path, parallel=concurrency)
    assert [cookies_in(echo) for echo in theirs[1:concurrency]] == [[]] * (concurrency - 1)
    assert [cookies_in(echo) for echo in theirs[concurrency:]] == [[f"shared{concurrency}=yes"]] * len(fast)
    assert cofetch_echoes(urls, ["-c", tmp_path / "ours.txt"], tmp_path, concurrency) == theirs
    assert jar_lines(tmp_path / "ours.txt") == jar_lines(tmp_path / "jar.txt")


def test_cookies_set_changed_and_expired_as_curl_keeps_them(server, tmp_path):
    cookie_file = tmp_path / "start.txt"
    write_cookie_file(cookie_file, server)
    urls = [
        set_cookie(server, "a=1; Path=/", "b=2; Max-Age=3600", "c=3; Path=/echo"),
        server.url("/echo/1"),
        set_cookie(server, "a=changed; Path=/", "everywhere=replaced; Path=/"),
        server.url("/echo/2"),
        set_cookie(server, "b=; Max-Age=0", "c=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/echo"),
        server.url("/echo/3"),
        set_cookie(server, "late=1; Domain=localhost; Path=/", host="localhost"),
        f"http://localhost:{server.port}/echo/4",
    ]
    theirs = curl_echoes(urls, ["-b", cookie_file, "-c", tmp_path / "jar.txt"], tmp_path)
    assert [len(cookies_in(echo)) for echo in theirs] == [1] * len(urls)
    ours = cofetch_echoes(urls, ["-b", cookie_file, "-c", tmp_path / "ours.txt"], tmp_path)
    assert ours == theirs
    assert jar_lines(tmp_path / "ours.txt") == jar_lines(tmp_path / "jar.txt")
    assert (tmp_path / "ours.txt").read_text().startswith("# Netscape HTTP Cookie File\n")
    # What the jar holds goes out again as curl sends it from the same jar.
    again = [server.url("/echo/again"), f"http://localhost:{server.port}/echo/again"]
    assert cofetch_echoes(again, ["-b", tmp_path / "ours.txt"], tmp_path) == \
        curl_echoes(again, ["-b", tmp_path / "jar.txt"], tmp_path)


def test_a_file_cookie_the_server_deletes_stays_deleted(server, tmp_path):
    # A listed difference (docs/CONFORMANCE.md): curl reads -b's file again for
    # later URLs' handles, so a cookie of the file that a server deleted comes back
    # with a later URL. cofetch reads the file once: the server's word stands.
    cookie_file = tmp_path / "start.txt"
    write_cookie_file(cookie_file, server)
    urls = [set_cookie(server, "session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/")]
    urls += [server.url(f"/echo/after-delete-{n}") for n in range(3)]
    args = ["-b", cookie_file, "-c", tmp_path / "jar.txt"]
    theirs = curl_echoes(urls, args, tmp_path)
    assert "session=5" in cookies_in(theirs[0])[0]
    assert any("session=5" in cookies_in(echo)[0] for echo in theirs[1:]), "curl's habit changed"
    ours = cofetch_echoes(urls, ["-b", cookie_file, "-c", tmp_path / "ours.txt"], tmp_path)
    assert ours[0] == theirs[0]
    for mine, curls in zip(ours[1:], theirs[1:]):
        assert cookies_in(mine)[0].split("; ") == [c for c in cookies_in(curls)[0].split("; ") if c != "session=5"]
    assert {line for line in jar_lines(tmp_path / "jar.txt") if "\tsession\t" not in line} == \
        jar_lines(tmp_path / "ours.txt")


@pytest.mark.parametrize("args", [["-c", "JAR"], ["-b", "typed=1", "-c", "JAR"], ["-b", "typed=1"]],
                         ids=["jar", "text and jar", "text"])
def test_a_redirect_to_another_host_carries_what_curl_carries(args, server, tmp_path):
    args = [tmp_path / "jar.txt" if arg == "JAR" else arg for arg in args]
    urls = [set_cookie(server, "origin=1; Path=/", to=f"http://localhost:{server.port}/echo/elsewhere"),
            set_cookie(server, "origin2=1; Path=/", to=server.url("/echo/same-host"))]
    theirs = curl_echoes(urls, args, tmp_path)
    ours = cofetch_echoes(urls, args, tmp_path)
    assert ours == theirs
    assert not any("origin" in cookie for cookie in cookies_in(theirs[0]))


def test_without_a_file_or_jar_set_cookies_are_not_sent_back_as_in_curl(server, tmp_path):
    urls = [set_cookie(server, "ignored=1; Path=/"), server.url("/echo/after")]
    theirs = curl_echoes(urls, ["-b", "typed=1"], tmp_path)
    assert cookies_in(theirs[1]) == ["typed=1"]
    assert cofetch_echoes(urls, ["-b", "typed=1"], tmp_path) == theirs


def test_the_jar_is_written_after_ctrl_c(server, tmp_path):
    jar = tmp_path / "jar.txt"
    urls = [set_cookie(server, "before_stop=1; Max-Age=3600")] + [server.url(f"/hang?n={n}") for n in range(3)]
    process, done = harness.start_and_read(["-c", jar, "-j", 4, *urls], lines=1)
    assert done and done[0]["status"] == 200
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=10)
    assert process.returncode == 130
    (line,) = jar_lines(jar)
    assert line.split("\t")[5:] == ["before_stop", "1"]
    assert [path.name for path in tmp_path.iterdir()] == ["jar.txt"], "no temporary file left behind"


def test_a_jar_that_cannot_be_written_fails_the_run_and_says_why(server, tmp_path):
    run = harness.cofetch("-c", tmp_path / "no-such-dir" / "jar.txt", set_cookie(server, "x=1"))
    assert run.status == 1
    assert "cannot write the cookie jar" in run.stderr and "No such file or directory" in run.stderr
