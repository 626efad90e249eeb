"""HTTPS with HTTP/2 (ALPN), HTTP/1.1 over TLS and cleartext HTTP/2 against nginx,
trusted with --cacert or not verified with -k, as curl reports them."""

import pytest

from oracle import cofetch, curl

FIELDS = ["http_code", "http_version", "scheme", "size_download", "content_type", "remote_ip", "remote_port",
          "url_effective", "exitcode"]


def cases(nginx):
    return {
        "https http/2 with --cacert": (f"https://localhost:{nginx.tls_port}/", ["--cacert", nginx.cert]),
        "https http/2 with -k": (f"https://localhost:{nginx.tls_port}/", ["-k"]),
        "https http/1.1 only": (f"https://localhost:{nginx.h1_port}/", ["--cacert", nginx.cert]),
        "https with --http1.1": (f"https://localhost:{nginx.tls_port}/", ["--cacert", nginx.cert, "--http1.1"]),
        "h2c prior knowledge": (f"http://localhost:{nginx.h2c_port}/", ["--http2-prior-knowledge"]),
        "https by address": (f"https://127.0.0.1:{nginx.tls_port}/", ["--cacert", nginx.cert]),
    }


NAMES = ["https http/2 with --cacert", "https http/2 with -k", "https http/1.1 only", "https with --http1.1",
         "h2c prior knowledge", "https by address"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("field", FIELDS)
def test_tls_field_as_curl_reports_it(name, field, nginx):
    url, args = cases(nginx)[name]
    run = cofetch("-w", "%{" + field + "}", *args, url)
    theirs = curl(url, *args)
    expected = f"{theirs[field]:03d}" if field == "http_code" else str(theirs[field])
    assert run.stdout == expected
    assert run.status == 0


@pytest.mark.parametrize("name", NAMES)
def test_tls_phase_is_measured_over_tls_only(name, nginx):
    url, args = cases(nginx)[name]
    record = cofetch("--json", *args, url).records[0]
    if url.startswith("https:"):
        assert record["ms"]["tls"] > 0
    else:
        assert record["ms"]["tls"] == 0
