"""-x, --proxy-user, --noproxy, -p and the proxy variables, through real proxies:
tinyproxy (HTTP, CONNECT, a password), microsocks (SOCKS5 with a password), an
https:// proxy and a SOCKS4/4a server. For each, the request that reaches the
server (its echo) and what the proxy was asked for (its own log) are those of
curl with the same options, and so are the status and curl's exit code."""

import json
import os

import pytest

from certificates import TestCa
from oracle import USER_AGENT, cofetch_answer, curl_answer, harness
from proxies import HttpsProxy, Microsocks, Socks4Server, Tinyproxy

pytestmark = pytest.mark.needs("tinyproxy", "tinyproxy")


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    return TestCa(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="module")
def tinyproxy(tmp_path_factory):
    proxy = Tinyproxy(tmp_path_factory.mktemp("tinyproxy"))
    yield proxy
    proxy.stop()


@pytest.fixture(scope="module")
def guarded_proxy(tmp_path_factory):
    proxy = Tinyproxy(tmp_path_factory.mktemp("guarded"), auth=("proxyuser", "proxy-secret"))
    yield proxy
    proxy.stop()


@pytest.fixture(scope="module")
def microsocks(tmp_path_factory):
    proxy = Microsocks(tmp_path_factory.mktemp("microsocks"), "sockuser", "sock-secret")
    yield proxy
    proxy.stop()


@pytest.fixture(scope="module")
def socks4():
    proxy = Socks4Server()
    yield proxy
    proxy.stop()


@pytest.fixture(scope="module")
def https_proxy(tinyproxy, ca):
    proxy = HttpsProxy(tinyproxy, ca.server_cert, ca.server_key)
    yield proxy
    proxy.stop()


def clean_environment(**extra):
    """The environment without any proxy variable, plus `extra`."""
    env = {key: value for key, value in os.environ.items() if not key.lower().endswith("_proxy")}
    env.update(extra)
    return env


def answers(client, url, args, env):
    """(the server's echo, or None; the status; curl's exit code) as `client` got them."""
    body, status, exit_code = client(url, args, env or clean_environment())
    return (json.loads(body) if body.startswith(b"{") else None), status, exit_code


def by_curl(url, args, env=None):
    return answers(curl_answer, url, args, env)


def by_cofetch(url, args, tmp_path, env=None):
    folder = tmp_path / f"bodies-{len(list(tmp_path.glob('bodies-*')))}"
    return answers(lambda *given: cofetch_answer(*given[:2], folder, given[2]), url, args, env)


def same_as_curl(url, args, tmp_path, logged=None, env=None):
    """Both clients once each: equal echoes, statuses and exit codes; what
    `logged()` (a proxy's log) gained for each, returned as (curl's, cofetch's)."""
    before = list(logged()) if logged else []
    theirs = by_curl(url, args, env)
    middle = list(logged()) if logged else []
    ours = by_cofetch(url, args, tmp_path, env)
    after = list(logged()) if logged else []
    assert ours == theirs
    return middle[len(before):], after[len(middle):]


def test_an_http_proxy_forwards_what_curl_sends(server, tinyproxy, tmp_path):
    url = server.url("/echo/through-http-proxy")
    theirs, ours = same_as_curl(url, ["-x", tinyproxy.url], tmp_path, tinyproxy.requests)
    assert theirs == ours == [f"GET {url}"]


def test_a_proxy_without_a_scheme_is_http(server, tinyproxy, tmp_path):
    url = server.url("/echo/no-scheme")
    theirs, ours = same_as_curl(url, ["-x", f"127.0.0.1:{tinyproxy.port}"], tmp_path, tinyproxy.requests)
    assert theirs == [f"GET {url}"] and set(ours) == set(theirs)


def test_proxytunnel_connects_for_http_urls(server, tinyproxy, tmp_path):
    url = f"http://localhost:{server.port}/echo/tunnelled"
    theirs, ours = same_as_curl(url, ["-p", "-x", tinyproxy.url], tmp_path, tinyproxy.requests)
    assert theirs == [f"CONNECT localhost:{server.port}"] and set(ours) == set(theirs)


def test_https_urls_go_through_connect(nginx, tinyproxy, tmp_path):
    url = f"https://localhost:{nginx.h1_port}/up/echo/https-through-proxy"
    theirs, ours = same_as_curl(url, ["-k", "-x", tinyproxy.url], tmp_path, tinyproxy.requests)
    assert theirs == [f"CONNECT localhost:{nginx.h1_port}"] and set(ours) == set(theirs)


def test_an_https_proxy_is_verified_with_proxy_cacert(server, https_proxy, tinyproxy, ca, tmp_path):
    url = server.url("/echo/through-https-proxy")
    theirs, ours = same_as_curl(url, ["-x", https_proxy.url, "--proxy-cacert", ca.ca_cert], tmp_path,
                                tinyproxy.requests)
    assert theirs == [f"GET {url}"] and set(ours) == set(theirs)
    # Not trusted: curl's exit 60, the same from cofetch; --proxy-insecure passes.
    same_as_curl(url, ["-x", https_proxy.url], tmp_path)
    assert by_curl(url, ["-x", https_proxy.url])[2] == 60
    same_as_curl(url, ["-x", https_proxy.url, "--proxy-insecure"], tmp_path)


@pytest.mark.parametrize("how", ["in the URL", "--proxy-user", "-U"])
def test_a_proxy_password_is_sent_as_curl_sends_it(how, server, guarded_proxy, tmp_path):
    url = server.url(f"/echo/guarded-{how.strip('-').replace(' ', '-')}")
    host = f"127.0.0.1:{guarded_proxy.port}"
    args = {"in the URL": ["-x", f"http://proxyuser:proxy-secret@{host}"],
            "--proxy-user": ["-x", host, "--proxy-user", "proxyuser:proxy-secret"],
            "-U": ["-x", host, "-U", "proxyuser:proxy-secret"]}[how]
    theirs, ours = same_as_curl(url, args, tmp_path, guarded_proxy.requests)
    assert theirs == [f"GET {url}"] and set(ours) == set(theirs)


@pytest.mark.parametrize("tunnel", [[], ["-p"]], ids=["forwarded", "tunnelled"])
def test_a_wrong_proxy_password_ends_as_curl_ends(tunnel, server, guarded_proxy, tmp_path):
    url = server.url("/echo/refused")
    same_as_curl(url, [*tunnel, "-x", guarded_proxy.url, "-U", "proxyuser:wrong"], tmp_path)
    _, status, exit_code = by_curl(url, [*tunnel, "-x", guarded_proxy.url, "-U", "proxyuser:wrong"])
    # tinyproxy answers a forwarded request 401, a CONNECT 407 (curl: exit 56).
    assert (status, exit_code) == ((401, 0) if not tunnel else (0, 56))


@pytest.mark.parametrize("scheme", ["socks5", "socks5h"])
@pytest.mark.parametrize("how", ["in the URL", "--proxy-user"])
def test_socks5_with_a_password(scheme, how, server, microsocks, tmp_path):
    url = f"http://localhost:{server.port}/echo/{scheme}"
    args = (["-x", f"{scheme}://sockuser:sock-secret@127.0.0.1:{microsocks.port}"] if how == "in the URL" else
            ["-x", f"{scheme}://127.0.0.1:{microsocks.port}", "--proxy-user", "sockuser:sock-secret"])
    theirs, ours = same_as_curl(url, args, tmp_path, microsocks.destinations)
    # socks5h: the proxy resolves the name; socks5: the client sends an address.
    assert theirs == [f"{'localhost' if scheme == 'socks5h' else '127.0.0.1'}:{server.port}"]
    assert set(ours) == set(theirs)


def test_socks5_with_a_wrong_password_fails_as_in_curl(server, microsocks, tmp_path):
    url = server.url("/echo/socks-refused")
    args = ["-x", f"socks5://sockuser:wrong@127.0.0.1:{microsocks.port}"]
    same_as_curl(url, args, tmp_path)
    assert by_curl(url, args)[2] == 97


@pytest.mark.parametrize("scheme", ["socks4", "socks4a"])
def test_socks4(scheme, server, socks4, tmp_path):
    url = f"http://localhost:{server.port}/echo/{scheme}"
    theirs, ours = same_as_curl(url, ["-x", f"{scheme}://127.0.0.1:{socks4.port}"], tmp_path,
                                lambda: socks4.destinations)
    assert theirs == [f"{'localhost' if scheme == 'socks4a' else '127.0.0.1'}:{server.port}"]
    assert set(ours) == set(theirs)


@pytest.mark.parametrize("no_proxy", [["--noproxy", "127.0.0.1"], ["--noproxy", "*"]])
def test_noproxy_reaches_hosts_directly(no_proxy, server, tinyproxy, tmp_path):
    url = server.url("/echo/direct")
    theirs, ours = same_as_curl(url, ["-x", tinyproxy.url, *no_proxy], tmp_path, tinyproxy.requests)
    assert theirs == [] and ours == []


def test_the_environment_is_used_and_the_flag_wins(server, tinyproxy, closed_port, tmp_path):
    url = server.url("/echo/environment")
    env = clean_environment(http_proxy=tinyproxy.url)
    theirs, ours = same_as_curl(url, [], tmp_path, tinyproxy.requests, env=env)
    assert theirs == [f"GET {url}"] and set(ours) == set(theirs)
    # -x wins over a variable that points nowhere; --noproxy over the variable too.
    dead = clean_environment(http_proxy=f"http://127.0.0.1:{closed_port}")
    theirs, ours = same_as_curl(url, ["-x", tinyproxy.url], tmp_path, tinyproxy.requests, env=dead)
    assert theirs == [f"GET {url}"] and set(ours) == set(theirs)
    theirs, ours = same_as_curl(url, ["--noproxy", "*"], tmp_path, tinyproxy.requests, env=dead)
    assert theirs == [] and ours == []
    # no_proxy in the environment applies to -x's proxy too, in both.
    skip = clean_environment(no_proxy="127.0.0.1")
    theirs, ours = same_as_curl(url, ["-x", tinyproxy.url], tmp_path, tinyproxy.requests, env=skip)
    assert theirs == [] and ours == []


@pytest.mark.parametrize("concurrency", [1, 5, 50])
def test_a_batch_through_a_proxy(concurrency, server, tinyproxy, tmp_path):
    urls = [server.url(f"/echo/batch-{concurrency}-{n}") for n in range(40)]
    before = len(tinyproxy.requests())
    run = harness.cofetch("-A", USER_AGENT, "--json", "-j", concurrency, "-x", tinyproxy.url,
                          "--summary", "json", *urls, env=clean_environment())
    assert run.status == 0
    assert sorted(record["url"] for record in run.records) == sorted(urls)
    assert all(record["status"] == 200 for record in run.records)
    assert sorted(tinyproxy.requests()[before:]) == sorted(f"GET {url}" for url in urls)
    assert run.summary["proxy"] == f"{tinyproxy.url} (-x)"


def test_the_summary_names_the_proxy_without_its_password(server, guarded_proxy, tmp_path):
    proxy = f"http://proxyuser:proxy-secret@127.0.0.1:{guarded_proxy.port}"
    url = server.url("/echo/summary")
    run = harness.cofetch("-x", proxy, "--noproxy", "example.org", url, env=clean_environment())
    assert run.status == 0
    assert f"  proxy      http://***@127.0.0.1:{guarded_proxy.port} (-x) except example.org\n" in run.stderr
    assert "proxy-secret" not in run.stderr + run.stdout
    run = harness.cofetch("--summary", "json", url, env=clean_environment(https_proxy=proxy, HTTPS_PROXY=""))
    assert run.summary["proxy"] == f"http://***@127.0.0.1:{guarded_proxy.port} (https_proxy)"
    run = harness.cofetch("--summary", "json", url, env=clean_environment())
    assert "proxy" not in run.summary
