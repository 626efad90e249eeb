"""nginx from Debian's package on loopback, configured and started by the tests.

It runs from a fresh prefix with a self-signed certificate made by openssl at
start, on four ports:
  tls_port   HTTPS with HTTP/2 offered by ALPN
  h1_port    HTTPS with HTTP/1.1 only
  h2c_port   cleartext HTTP/2, for clients with prior knowledge
  http_port  plain HTTP/1.1
  close_port HTTPS with HTTP/1.1 that closes the connection after every answer
On each, / answers a short text and /files/NAME serves the file NAME of the
folder `www` (gzip-compressed for clients that ask). Given the port of a test
server (`upstream`), /up/PATH on the TLS, HTTP/1.1 TLS and h2c ports is that server's PATH,
passed through as it comes (no buffering): its routes over HTTP/2. A test may add
server blocks of its own (`extra_servers`), such as one asking for client certificates.
The access log records nginx's connection serial number for every request, and
whether its TLS session was resumed, so a test can count the connections a run
used and the handshakes it saved."""

import os
import pathlib
import shutil
import signal
import socket
import subprocess
import tempfile
import time

CONFIG = """
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format requests '$connection $server_port $server_protocol $status $ssl_session_reused $request_uri';
    access_log {prefix}/access.log requests;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    default_type text/plain;
    ssl_certificate {prefix}/cert.pem;
    ssl_certificate_key {prefix}/key.pem;
    ssl_session_cache shared:SSL:1m;  # TLS sessions can be resumed
    keepalive_requests 10000;
    http2_max_requests 10000;

    gzip on;
    gzip_types *;
    gzip_min_length 1;
    gzip_vary on;

    server {{
        listen 127.0.0.1:{tls_port} ssl http2;
        location / {{ return 200 "hello over tls\\n"; }}
        location /files/ {{ alias {prefix}/www/; }}
        {upstream}
    }}
    server {{
        listen 127.0.0.1:{h1_port} ssl;
        location / {{ return 200 "hello over http/1.1\\n"; }}
        location /files/ {{ alias {prefix}/www/; }}
        {upstream}
    }}
    server {{
        listen 127.0.0.1:{h2c_port} http2;
        location / {{ return 200 "hello over h2c\\n"; }}
        location /files/ {{ alias {prefix}/www/; }}
        {upstream}
    }}
    server {{
        listen 127.0.0.1:{close_port} ssl;
        keepalive_timeout 0;
        location / {{ return 200 "closed after each answer\\n"; }}
    }}
    server {{
        listen 127.0.0.1:{http_port};
        location / {{ return 200 "hello over http\\n"; }}
        location /files/ {{ alias {prefix}/www/; }}
    }}
    {extra_servers}
}}
"""


# /up/ on the TLS, HTTP/1.1 TLS and h2c ports: the test server's routes, as they come.
UPSTREAM = """location /up/ {{
            proxy_pass http://127.0.0.1:{port}/;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering off;
            proxy_redirect off;
        }}"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Nginx:
    def __init__(self, upstream=None, extra_servers=""):
        """`extra_servers`: more server blocks, for the http block as they are."""
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        # Workers run as nobody when started by root: the prefix must be readable by all.
        self.prefix = pathlib.Path(tempfile.mkdtemp(prefix="cofetch-nginx-"))
        os.chmod(self.prefix, 0o755)
        (self.prefix / "tmp").mkdir(mode=0o755)
        self.www = self.prefix / "www"  # served as /files/; files must be readable by all
        self.www.mkdir(mode=0o755)
        self.cert = self.prefix / "cert.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-keyout", str(self.prefix / "key.pem"), "-out", str(self.cert), "-days", "2",
                        "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=DNS:localhost,DNS:cofetch.test,IP:127.0.0.1"],
                       check=True, capture_output=True)
        self.tls_port, self.h1_port, self.h2c_port, self.http_port, self.close_port = (
            free_port(), free_port(), free_port(), free_port(), free_port())
        config = self.prefix / "nginx.conf"
        config.write_text(CONFIG.format(prefix=self.prefix, tls_port=self.tls_port, h1_port=self.h1_port,
                                        h2c_port=self.h2c_port, http_port=self.http_port,
                                        close_port=self.close_port, extra_servers=extra_servers,
                                        upstream=UPSTREAM.format(port=upstream) if upstream else ""))
        self.process = subprocess.Popen([nginx, "-p", str(self.prefix), "-c", str(config),
                                         "-e", str(self.prefix / "error.log")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._wait_until_listening()

    def _wait_until_listening(self):
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("nginx exited: " + self.process.stderr.read().decode()
                                   + self.error_log())
            try:
                for port in (self.tls_port, self.h1_port, self.h2c_port, self.http_port, self.close_port):
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start listening: " + self.error_log())

    def error_log(self):
        log = self.prefix / "error.log"
        return log.read_text() if log.exists() else ""

    def requests(self):
        """Every logged request: (connection, port, protocol, status, TLS session
        reused ("r" or "."), uri)."""
        log = self.prefix / "access.log"
        lines = log.read_text().splitlines() if log.exists() else []
        return [tuple(line.split(" ", 5)) for line in lines]

    def add_file(self, name, data):
        """Serves `data` as /files/NAME; returns its path."""
        path = self.www / name
        path.write_bytes(data)
        os.chmod(path, 0o644)
        return path

    def stop(self):
        self.process.send_signal(signal.SIGQUIT)  # graceful: the access log is complete
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        shutil.rmtree(self.prefix, ignore_errors=True)
