"""TLS and HTTP/2 against a real server: nginx on loopback with a certificate
made at test time."""

import time

import pytest

from conftest import cofetch
from nginx_server import Nginx


@pytest.fixture(scope="module")
def nginx():
    server = Nginx()
    yield server
    server.stop()


def https(nginx, path="/", port=None, host="localhost"):
    return f"https://{host}:{port or nginx.tls_port}{path}"


def test_https_with_the_ca_certificate_negotiates_http2(nginx):
    run = cofetch("--json", "--cacert", nginx.cert, https(nginx))
    record = run.records[0]
    assert run.status == 0, run.stdout
    assert record["status"] == 200 and record["http_version"] == "2"
    assert record["ms"]["tls"] > 0
    assert record["bytes"] == len("hello over tls\n")


def test_https_without_the_ca_certificate_is_a_tls_failure(nginx):
    run = cofetch("--json", https(nginx))
    assert run.status == 1
    error = run.records[0]["error"]
    assert error["kind"] == "tls"
    assert "certificate" in error["message"].lower()


def test_insecure_skips_verification(nginx):
    run = cofetch("--json", "-k", https(nginx))
    assert run.status == 0 and run.records[0]["status"] == 200


def test_tls_failures_are_not_retried(nginx):
    run = cofetch("--json", "--retry", 3, "--retry-delay", 0.5, https(nginx))
    assert run.records[0]["attempts"] == 1
    assert run.elapsed < 1.5


def test_fifty_urls_share_one_http2_connection(nginx):
    marker = f"/many-{time.monotonic_ns()}"
    urls = [https(nginx, f"{marker}/{i}") for i in range(50)]
    run = cofetch("--json", "--cacert", nginx.cert, "-j", 50, *urls)
    assert run.status == 0
    assert {r["http_version"] for r in run.records} == {"2"}
    time.sleep(0.2)  # let nginx write its log
    logged = [entry for entry in nginx.requests() if entry[5].startswith(marker)]
    assert len(logged) == 50
    assert {entry[2] for entry in logged} == {"HTTP/2.0"}
    assert len({entry[0] for entry in logged}) == 1, "nginx saw more than one connection"


def test_http1_1_is_used_when_asked(nginx):
    run = cofetch("--json", "--cacert", nginx.cert, "--http1.1", https(nginx))
    assert run.records[0]["status"] == 200 and run.records[0]["http_version"] == "1.1"


def test_a_server_without_http2_gets_http1_1_by_alpn(nginx):
    run = cofetch("--json", "--cacert", nginx.cert, https(nginx, port=nginx.h1_port))
    assert run.records[0]["status"] == 200 and run.records[0]["http_version"] == "1.1"


def test_http2_prior_knowledge_speaks_http2_over_plain_http(nginx):
    run = cofetch("--json", "--http2-prior-knowledge", f"http://127.0.0.1:{nginx.h2c_port}/")
    assert run.records[0]["status"] == 200 and run.records[0]["http_version"] == "2"


def test_resolve_works_with_tls_names(nginx):
    name = f"cofetch.test:{nginx.tls_port}"
    run = cofetch("--json", "--cacert", nginx.cert, "--resolve", f"{name}:127.0.0.1", f"https://{name}/")
    assert run.records[0]["status"] == 200 and run.records[0]["remote_ip"] == "127.0.0.1"
