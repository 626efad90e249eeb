"""A test certificate authority made with openssl: a server certificate for
localhost and 127.0.0.1, and client certificates in each form curl reads (PEM
with a plain or encrypted key, DER, PKCS#12), all signed by the CA."""

import base64
import hashlib
import pathlib
import subprocess

KEY_PASSWORD = "key pass:word"


def openssl(*args, **kwargs):
    return subprocess.run(["openssl", *map(str, args)], check=True, capture_output=True, **kwargs)


class TestCa:
    __test__ = False  # not a pytest class

    def __init__(self, folder):
        self.folder = pathlib.Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        f = self.folder
        self.ca_cert, self.ca_key = f / "ca.pem", f / "ca.key"
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", self.ca_key, "-out", self.ca_cert,
                "-days", "2", "-subj", "/CN=cofetch test CA")
        self.server_cert, self.server_key = self._signed("server", "/CN=localhost",
                                                         "subjectAltName=DNS:localhost,IP:127.0.0.1")
        self.client_cert, self.client_key = self._signed("client", "/O=cofetch tests/CN=client one")
        # The client's other forms: the key encrypted, DER, PKCS#12.
        self.client_key_encrypted = f / "client-encrypted.key"
        openssl("pkey", "-in", self.client_key, "-aes256", "-passout", f"pass:{KEY_PASSWORD}",
                "-out", self.client_key_encrypted)
        self.client_combined = f / "client-combined.pem"  # certificate and key in one file
        self.client_combined.write_bytes(self.client_cert.read_bytes() + self.client_key.read_bytes())
        self.client_cert_der, self.client_key_der = f / "client.der", f / "client-key.der"
        openssl("x509", "-in", self.client_cert, "-outform", "DER", "-out", self.client_cert_der)
        openssl("pkey", "-in", self.client_key, "-outform", "DER", "-out", self.client_key_der)
        self.client_p12 = f / "client.p12"
        openssl("pkcs12", "-export", "-in", self.client_cert, "-inkey", self.client_key, "-out", self.client_p12,
                "-passout", f"pass:{KEY_PASSWORD}")
        # A client certificate of another CA: the server refuses it.
        other = TestCa.__new__(TestCa)
        other.folder, other.ca_key, other.ca_cert = f, f / "other-ca.key", f / "other-ca.pem"
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", other.ca_key, "-out", other.ca_cert,
                "-days", "2", "-subj", "/CN=another CA")
        self.stranger_cert, self.stranger_key = other._signed("stranger", "/CN=stranger")
        # --capath: the CA under its hashed name.
        self.ca_dir = f / "ca-dir"
        self.ca_dir.mkdir(exist_ok=True)
        (self.ca_dir / "ca.pem").write_bytes(self.ca_cert.read_bytes())
        openssl("rehash", self.ca_dir)

    def _signed(self, name, subject, extension=None):
        key, request, cert = self.folder / f"{name}.key", self.folder / f"{name}.csr", self.folder / f"{name}.pem"
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", request, "-subj", subject,
                *(["-addext", extension] if extension else []))
        openssl("x509", "-req", "-in", request, "-CA", self.ca_cert, "-CAkey", self.ca_key, "-CAcreateserial",
                "-out", cert, "-days", "2", *(["-copy_extensions", "copy"] if extension else []))
        return cert, key


def public_key_pin(certificate):
    """curl's sha256//BASE64 of a certificate's public key (--pinnedpubkey)."""
    key = openssl("x509", "-in", certificate, "-pubkey", "-noout").stdout
    der = openssl("pkey", "-pubin", "-outform", "DER", input=key).stdout
    return "sha256//" + base64.b64encode(hashlib.sha256(der).digest()).decode()
