"""-u, --basic, --oauth2-bearer and --location-trusted: the request that reaches the
server (its echo of every header, method and path) is the one curl sends for the
same options, also at the end of a redirect to another host, where neither sends
credentials unless --location-trusted; a password asked for on a real terminal
(tmux) is sent as typed and never shown."""

import json
import shlex
import subprocess
import time
import urllib.parse

import pytest

from oracle import CURL, USER_AGENT, cofetch, harness

from terminal import Terminal  # tests/integration/, on the path through conftest

CASES = {
    "user and password": ["-u", "alice:pa:ss wörd"],
    "empty password": ["-u", "bob:"],
    "basic, said": ["--basic", "-u", "carol:secret"],
    "bearer token": ["--oauth2-bearer", "tok-123.abc"],
}


def echoed_by_curl(url, args):
    done = subprocess.run([CURL, "-s", "-L", "-A", USER_AGENT, *args, url], capture_output=True, timeout=30)
    return json.loads(done.stdout)


def echoed_by_cofetch(url, args, tmp_path):
    (record,) = cofetch("--json", "-L", "-O", tmp_path, *args, url).records
    assert record["error"] is None, record
    return json.loads((tmp_path / record["file"]).read_bytes())


@pytest.mark.parametrize("name", CASES)
def test_the_server_receives_what_curl_sends(name, server, tmp_path):
    url = server.url("/echo/credentials")
    theirs = echoed_by_curl(url, CASES[name])
    assert any(header == "Authorization" for header, _ in theirs["headers"])
    assert echoed_by_cofetch(url, CASES[name], tmp_path) == theirs


@pytest.mark.parametrize("trusted", [[], ["--location-trusted"]], ids=["same host only", "--location-trusted"])
@pytest.mark.parametrize("name", CASES)
def test_a_redirect_to_another_host_carries_them_as_curl_does(name, trusted, server, other_server, tmp_path):
    elsewhere = urllib.parse.quote(f"http://localhost:{other_server.port}/echo/elsewhere", safe="")
    url = server.url(f"/moved/302?to={elsewhere}")
    theirs = echoed_by_curl(url, CASES[name] + trusted)
    assert theirs["target"] == "/echo/elsewhere" and theirs["headers"][0][1].startswith("localhost:")
    assert any(header == "Authorization" for header, _ in theirs["headers"]) == bool(trusted)
    assert echoed_by_cofetch(url, CASES[name] + trusted, tmp_path) == theirs


def test_no_password_and_no_terminal_is_a_usage_error(server):
    done = subprocess.run([harness.COFETCH, "-u", "dave", server.url("/echo/x")], capture_output=True,
                          text=True, timeout=30, stdin=subprocess.DEVNULL, start_new_session=True)
    assert done.returncode == 2
    assert "-u dave: no password, and no terminal to ask on; give USER:PASSWORD" in done.stderr


@pytest.mark.needs("tmux")
def test_a_password_asked_on_the_terminal_is_sent_and_not_shown(server, tmp_path):
    url = server.url("/echo/typed")
    out = tmp_path / "record.json"
    command = (f"{shlex.quote(harness.COFETCH)} -A {USER_AGENT} --json -O {shlex.quote(str(tmp_path))} -u erin "
               f"{shlex.quote(url)} > {shlex.quote(str(out))}")
    terminal = Terminal(f"bash -c {shlex.quote(command + '; sleep 30')}", tmp_path)
    try:
        deadline = time.monotonic() + 20
        while "Enter host password for user 'erin':" not in terminal.screen():
            assert time.monotonic() < deadline, terminal.screen()
            time.sleep(0.05)
        terminal.tmux("send-keys", "-t", "cofetch", "typed secret", "Enter")
        while not (out.exists() and out.read_text().strip()):
            assert time.monotonic() < deadline, terminal.screen()
            time.sleep(0.05)
        screen = terminal.screen()
    finally:
        terminal.close()
    assert "typed secret" not in screen, "not echoed"
    record = json.loads(out.read_text())
    theirs = echoed_by_curl(url, ["-u", "erin:typed secret"])
    assert json.loads((tmp_path / record["file"]).read_bytes()) == theirs


@pytest.mark.parametrize("args", [["-u", "alice:pa:ss wörd"], ["--oauth2-bearer", "tok-123.abc"],
                                  ["-b", "session=abc; theme=dark"]], ids=["-u", "bearer", "-b"])
def test_the_har_names_what_was_sent_and_masks_it(args, server, tmp_path):
    # The header the server received is what --har shows with --show-credentials,
    # and "***" without.
    url = server.url("/echo/har")
    sent = echoed_by_curl(url, args)
    name = "Cookie" if args[0] == "-b" else "Authorization"
    (value,) = [value for header, value in sent["headers"] if header == name]
    for shown, expected in [([], "***"), (["--show-credentials"], value)]:
        har = tmp_path / f"run{len(shown)}.har"
        run = cofetch("--har", har, *shown, *args, url)
        assert run.status == 0
        headers = json.loads(har.read_text())["log"]["entries"][0]["request"]["headers"]
        assert {"name": name, "value": expected} in headers
        if not shown:
            assert value not in har.read_text() and value not in run.stdout + run.stderr


def test_a_proxy_user_without_a_password_and_no_terminal_is_a_usage_error(server):
    done = subprocess.run([harness.COFETCH, "-x", "http://127.0.0.1:9", "-U", "pat", server.url("/echo/x")],
                          capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL,
                          start_new_session=True)
    assert done.returncode == 2
    assert "--proxy-user pat: no password, and no terminal to ask on; give USER:PASSWORD" in done.stderr
