"""No leak and no invalid access over whole runs: a full fetch of 1,000 URLs, a
run stopped with Ctrl-C, and a run with every fault kind. In the Release pass
each runs under valgrind's memcheck; in the sanitizer pass the binary carries
AddressSanitizer and LeakSanitizer itself (every exit is checked, any report
fails the test through check_sanitizers and its exit status)."""

import signal
import socket
import subprocess
import threading
import time

import pytest

from conftest import COFETCH, SANITIZED, check_sanitizers

VALGRIND_ERROR = 99
VALGRIND = ["valgrind", "--quiet", "--error-exitcode=99", "--leak-check=full",
            "--show-leak-kinds=definite,indirect", "--errors-for-leak-kinds=definite,indirect",
            "--track-fds=no"]

# The Release pass runs each under valgrind; the sanitizer build checks itself.
pytestmark = [] if SANITIZED else pytest.mark.needs("valgrind")


def command(*args):
    wrapper = [] if SANITIZED else VALGRIND
    return [*wrapper, COFETCH, *map(str, args)]


def checked(completed_stderr, status):
    check_sanitizers(completed_stderr)
    assert status != VALGRIND_ERROR, completed_stderr[-4000:]
    assert "definitely lost" not in completed_stderr and "Invalid read" not in completed_stderr, \
        completed_stderr[-4000:]


def test_a_full_fetch_of_1000_urls(server, tmp_path):
    listing = tmp_path / "urls.txt"
    paths = ["/", "/bytes/5000", "/delay/5", "/redirect/2", "/status/404"]
    listing.write_text("".join(server.url(paths[i % len(paths)]) + f"?{i}\n" for i in range(1000)))
    completed = subprocess.run(command("--json", "-L", "-j", 50, "-i", listing, "--har", tmp_path / "h.har",
                                       "-O", tmp_path / "bodies"),
                               capture_output=True, text=True, timeout=280)
    checked(completed.stderr, completed.returncode)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert len(completed.stdout.splitlines()) == 1000


def test_a_run_stopped_with_ctrl_c(server, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text("".join(server.url(f"/delay/{50 if i < 20 else 30000}?{i}") + "\n"
                               for i in range(200)))
    process = subprocess.Popen(command("--json", "-j", 40, "-i", listing), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    # The fast URLs answered: the run is under way, with transfers in flight.
    first = process.stdout.readline()
    assert first, process.stderr.read()[-2000:]
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    checked(stderr, process.returncode)
    assert process.returncode == 130, stderr[-2000:]
    assert '"cancelled"' in stdout


@pytest.fixture
def not_tls_port():
    """A loopback port that answers a TLS handshake with plain HTTP: a tls error."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except socket.timeout:
                continue
            with connection:
                connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    listener.close()


def test_a_run_with_every_fault_kind(server, stalled_port, not_tls_port):
    urls = [
        "not a url",                                        # invalid_url
        "http://cofetch-test.invalid/",                     # dns
        "http://127.0.0.1:9/",                              # connect (refused)
        server.url("/hang"),                                # timeout
        f"https://127.0.0.1:{not_tls_port}/",               # tls: plain HTTP comes back
        server.url("/redirect-loop"),                       # too_many_redirects
        server.url("/malformed"),                           # protocol
        server.url("/reset"),                               # recv
        server.url("/truncated"),                           # recv
        server.url("/endless"),                             # too_large
        server.url("/many-headers/5000"),                   # too_large
        server.url("/status/500"),                          # http (with --fail)
        server.url("/flaky/1?leaks"),                       # retried, then fine
        f"http://127.0.0.1:{stalled_port}/",                # connect timeout
    ]
    completed = subprocess.run(command("--json", "-L", "--max-redirs", 3, "-m", 2, "--connect-timeout", 1,
                                       "--max-filesize", "1M", "--retry", 1, "--retry-delay", 0.1,
                                       "--fail", *urls),
                               capture_output=True, text=True, timeout=280)
    checked(completed.stderr, completed.returncode)
    assert completed.returncode == 1
    kinds = {line.split('"kind":"')[1].split('"')[0] for line in completed.stdout.splitlines()
             if '"kind":"' in line}
    assert kinds >= {"invalid_url", "dns", "connect", "timeout", "tls", "too_many_redirects", "protocol",
                     "recv", "too_large", "http"}, kinds
