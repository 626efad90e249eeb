"""--digest, --anyauth, --netrc, --netrc-file and --netrc-optional against a server
that checks Digest (RFC 7616) and Basic credentials itself (auth_server.py): the
answer, curl's exit code and the sequence of requests the server saw (each with
the scheme of its Authorization) are those of curl with the same options."""

import json
import subprocess

import pytest

from auth_server import AuthServer
from oracle import CURL, USER_AGENT, cofetch_answer, curl_answer, harness

USERS = {"alice": "wonder land", "nina": "net:rc"}


@pytest.fixture(scope="module")
def auth():
    server = AuthServer(USERS)
    yield server
    server.stop()


def compare(auth, url, args, tmp_path, env=None):
    """Both clients on `url`: equal answers and equal requests seen by the server.
    Returns curl's (body, status, exit code)."""
    start = len(auth.seen)
    theirs = curl_answer(url, args, env=env)
    middle = len(auth.seen)
    ours = cofetch_answer(url, args, tmp_path / "bodies", env=env)
    assert ours == theirs
    assert auth.seen[middle:] == auth.seen[start:middle]
    return theirs


CASES = {  # name: (path, options, status curl gets, scheme the server was answered with)
    "digest": ("/digest/a", ["--digest", "-u", "alice:wonder land"], 200, "digest"),
    "digest, wrong password": ("/digest/b", ["--digest", "-u", "alice:wrong"], 401, None),
    "digest, POST": ("/digest/c", ["--digest", "-u", "alice:wonder land", "-d", "x=1"], 200, "digest"),
    "basic where digest is asked": ("/digest/d", ["-u", "alice:wonder land"], 401, None),
    "anyauth picks digest": ("/either/e", ["--anyauth", "-u", "alice:wonder land"], 200, "digest"),
    "anyauth, basic only": ("/basic/f", ["--anyauth", "-u", "alice:wonder land"], 200, "basic"),
    "digest to a basic server": ("/basic/g", ["--digest", "-u", "alice:wonder land"], 401, None),
}


@pytest.mark.parametrize("name", CASES)
def test_schemes_as_curl(name, auth, tmp_path):
    path, args, status, scheme = CASES[name]
    body, got, exit_code = compare(auth, auth.url(path), args, tmp_path)
    assert (got, exit_code) == (status, 0)
    if scheme:
        assert json.loads(body)["scheme"] == scheme


@pytest.fixture(scope="module")
def other_auth():
    server = AuthServer(USERS, nonce="0123456789abcdef0123456789abcdef")  # a nonce of its own
    yield server
    server.stop()


@pytest.mark.parametrize("concurrency", [1, 5, 50])
def test_digest_on_a_batch_over_two_servers(concurrency, auth, other_auth, tmp_path):
    # Two servers with their own nonces, URLs alternating: each transfer is
    # challenged by its own server and let in, as each of curl's is.
    urls = [server.url(f"/digest/batch-{concurrency}-{n}") for n in range(15) for server in (auth, other_auth)]
    args = ["--digest", "-u", "alice:wonder land"]
    start = [len(auth.seen), len(other_auth.seen)]
    done = subprocess.run([CURL, "-s", "-A", USER_AGENT, "--parallel", "--parallel-immediate", "--parallel-max",
                           str(concurrency), *args, *[part for url in urls for part in (url, "-o", "/dev/null")]],
                          capture_output=True, timeout=60)
    assert done.returncode == 0
    middle = [len(auth.seen), len(other_auth.seen)]
    run = harness.cofetch("--json", "-j", concurrency, "-A", USER_AGENT, *args, *urls)
    assert run.status == 0 and sorted(r["status"] for r in run.records) == [200] * len(urls)
    for server, begun, halfway in zip((auth, other_auth), start, middle):
        theirs = sorted(server.seen[begun:halfway], key=str)
        assert [status for _, _, status in theirs].count(401) == 15, "challenged once per URL"
        assert sorted(server.seen[halfway:], key=str) == theirs


def netrc(tmp_path, text):
    path = tmp_path / "netrc"
    path.write_text(text)
    path.chmod(0o600)
    return path


NETRC = "machine 127.0.0.1 login nina password net:rc\nmachine localhost login alice password wrong\n"


@pytest.mark.parametrize("args, status", [
    (["--netrc-file", "NETRC"], 200),
    (["--netrc-file", "NETRC", "--digest"], 200),
    (["--netrc", "--netrc-file", "NETRC"], 200),
    (["--netrc-optional", "--netrc-file", "NETRC"], 200),
], ids=["file", "file, digest", "--netrc with a file", "optional"])
def test_netrc_files_as_curl(args, status, auth, tmp_path):
    path = netrc(tmp_path, NETRC)
    args = [path if arg == "NETRC" else arg for arg in args]
    url = auth.url("/either/netrc")
    body, got, _ = compare(auth, url, args, tmp_path)
    assert got == status and json.loads(body)["user"] == "nina"


def test_netrc_in_home(auth, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    netrc(home, NETRC).rename(home / ".netrc")
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    body, status, _ = compare(auth, auth.url("/basic/home"), ["-n"], tmp_path, env=env)
    assert status == 200 and json.loads(body)["user"] == "nina"


@pytest.mark.parametrize("option", ["--netrc", "--netrc-optional"])
def test_a_user_in_the_url_against_the_file_as_curl(option, auth, tmp_path):
    path = netrc(tmp_path, NETRC)
    url = f"http://alice:wonder%20land@127.0.0.1:{auth.port}/basic/url-or-file"
    body, status, _ = compare(auth, url, [option, "--netrc-file", path], tmp_path)
    assert status == 200


def test_a_host_the_file_does_not_name(auth, tmp_path):
    path = netrc(tmp_path, "machine example.org login x password y\n")
    assert compare(auth, auth.url("/basic/unnamed"), ["--netrc-file", path], tmp_path)[1] == 401
