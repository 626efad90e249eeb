"""-E, --key, --cert-type, --key-type, --pass, --capath and --pinnedpubkey against
nginx asking for a client certificate (ssl_verify_client on, a test CA made with
openssl): the certificate nginx saw (its subject and verdict, in the body) and the
status and curl's exit code are those of curl with the same options, for every
form of certificate and key curl reads."""

import shutil

import pytest

from certificates import KEY_PASSWORD, TestCa, openssl, public_key_pin
from nginx_server import Nginx, free_port
from oracle import cofetch_answer, curl_answer, harness

MUTUAL_TLS = """server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_client_certificate {ca};
        ssl_verify_client on;
        location / {{ return 200 "$ssl_client_s_dn|$ssl_client_verify\\n"; }}
    }}"""


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    return TestCa(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="module")
def mutual_tls(ca):
    port = free_port()
    instance = Nginx(extra_servers=MUTUAL_TLS.format(port=port, cert=ca.server_cert, key=ca.server_key,
                                                     ca=ca.ca_cert))
    instance.mutual_port = port
    yield instance
    instance.stop()


def cases(ca, tmp):
    combined_encrypted = tmp / "combined-encrypted.pem"
    combined_encrypted.write_bytes(ca.client_cert.read_bytes() + ca.client_key_encrypted.read_bytes())
    colon_name = tmp / "client:one.pem"  # a colon in the name, escaped for -E
    shutil.copy(ca.client_combined, colon_name)
    pin_file = tmp / "server-public.pem"
    pin_file.write_bytes(openssl("x509", "-in", ca.server_cert, "-pubkey", "-noout").stdout)
    trust = ["--cacert", ca.ca_cert]
    return {
        "PEM certificate and key": [*trust, "-E", ca.client_cert, "--key", ca.client_key],
        "both in one file": [*trust, "-E", ca.client_combined],
        "encrypted key, --pass": [*trust, "-E", ca.client_cert, "--key", ca.client_key_encrypted,
                                  "--pass", KEY_PASSWORD],
        "-E FILE:PASSWORD": [*trust, "-E", f"{combined_encrypted}:{KEY_PASSWORD}"],
        "escaped colon in the name": [*trust, "-E", str(colon_name).replace(":", "\\:")],
        "DER": [*trust, "-E", ca.client_cert_der, "--cert-type", "DER", "--key", ca.client_key_der,
                "--key-type", "DER"],
        "PKCS#12": [*trust, "-E", f"{ca.client_p12}:{KEY_PASSWORD}", "--cert-type", "P12"],
        "no certificate": trust,
        "another CA's certificate": [*trust, "-E", ca.stranger_cert, "--key", ca.stranger_key],
        "wrong key password": [*trust, "-E", ca.client_cert, "--key", ca.client_key_encrypted,
                               "--pass", "wrong"],
        "--capath": ["--capath", ca.ca_dir, "-E", ca.client_combined],
        "server not trusted": ["-E", ca.client_combined],
        "pinned key hash": [*trust, "-E", ca.client_combined, "--pinnedpubkey", public_key_pin(ca.server_cert)],
        "pinned key file": [*trust, "-E", ca.client_combined, "--pinnedpubkey", pin_file],
        "pin that does not match": [*trust, "-E", ca.client_combined, "--pinnedpubkey",
                                    public_key_pin(ca.client_cert)],
    }


EXPECTED = {  # (status, curl's exit code) as curl 7.88 gets them; checked against curl too
    "no certificate": (400, 0), "another CA's certificate": (400, 0), "wrong key password": (0, 58),
    "server not trusted": (0, 60), "pin that does not match": (0, 90),
}


CASE_NAMES = [
    "PEM certificate and key", "both in one file", "encrypted key, --pass", "-E FILE:PASSWORD",
    "escaped colon in the name", "DER", "PKCS#12", "no certificate", "another CA's certificate",
    "wrong key password", "--capath", "server not trusted", "pinned key hash", "pinned key file",
    "pin that does not match"]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_the_server_sees_the_certificate_curl_presents(name, ca, mutual_tls, tmp_path):
    args = cases(ca, tmp_path)[name]
    url = f"https://localhost:{mutual_tls.mutual_port}/who"
    theirs = curl_answer(url, args)
    assert theirs[1:] == EXPECTED.get(name, (200, 0)), theirs
    if theirs[1] == 200:
        assert theirs[0] == b"CN=client one,O=cofetch tests|SUCCESS\n"
    assert cofetch_answer(url, args, tmp_path / "bodies") == theirs


def test_a_batch_presents_the_certificate_on_every_connection(ca, mutual_tls, tmp_path):
    # Many URLs on fresh and reused connections (HTTP/1.1, -j 8): each answer names
    # the client; nginx logs one connection per handshake.
    urls = [f"https://localhost:{mutual_tls.mutual_port}/who/{n}" for n in range(40)]
    run = harness.cofetch("--json", "-j", 8, "-O", tmp_path / "bodies", "--cacert", ca.ca_cert,
                          "-E", ca.client_combined, *urls)
    assert run.status == 0
    assert sorted(record["url"] for record in run.records) == sorted(urls)
    for record in run.records:
        assert (tmp_path / "bodies" / record["file"]).read_bytes() == b"CN=client one,O=cofetch tests|SUCCESS\n"
