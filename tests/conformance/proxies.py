"""Proxies for the tests, started on free loopback ports and stopped by them:
tinyproxy (HTTP, with CONNECT, optionally asking for a password), microsocks
(SOCKS5 with a user and password), an https:// proxy (a TLS front before
tinyproxy) and a small SOCKS4/4a server (Debian has none that runs unprivileged
in the foreground). Each tells what it was asked to reach, from its own log."""

import pathlib
import re
import shutil
import socket
import struct
import subprocess
import threading
import time

from delay_relay import DelayRelay
from loopback_listener import LoopbackListener


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, name):
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{name} did not start listening on {port}")


class Tinyproxy:
    """tinyproxy in the foreground; `auth` (user, password) makes it answer 407
    without them."""

    def __init__(self, folder, auth=None):
        self.folder = pathlib.Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.log = self.folder / "tinyproxy.log"
        config = self.folder / "tinyproxy.conf"
        lines = [f"Port {self.port}", "Listen 127.0.0.1", "Allow 127.0.0.1", f'LogFile "{self.log}"',
                 "LogLevel Connect", "MaxClients 200", "Timeout 30"]
        if auth:
            lines.append(f"BasicAuth {auth[0]} {auth[1]}")
        config.write_text("\n".join(lines) + "\n")
        program = shutil.which("tinyproxy") or "/usr/bin/tinyproxy"
        self.process = subprocess.Popen([program, "-d", "-c", str(config)], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        wait_for_port(self.port, self.process, "tinyproxy")
        self.url = f"http://127.0.0.1:{self.port}"

    def requests(self):
        """What clients asked it for, in order: "GET http://host:port/path",
        "CONNECT host:port"."""
        if not self.log.exists():
            return []
        found = re.findall(r"Request \(file descriptor \d+\): (\S+ \S+) HTTP/1\.[01]", self.log.read_text())
        return found

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class Microsocks:
    """microsocks: SOCKS5 with `user` and `password`."""

    def __init__(self, folder, user, password):
        self.port = free_port()
        self.out = pathlib.Path(folder) / "microsocks.txt"
        self.out.parent.mkdir(parents=True, exist_ok=True)
        program = shutil.which("microsocks") or "/usr/bin/microsocks"
        self._file = open(self.out, "w")
        self.process = subprocess.Popen([program, "-i", "127.0.0.1", "-p", str(self.port), "-u", user,
                                         "-P", password], stdout=self._file, stderr=subprocess.STDOUT)
        wait_for_port(self.port, self.process, "microsocks")

    def destinations(self):
        """The host:port each client asked to reach, as sent (a name with socks5h)."""
        return re.findall(r"connected to (\S+)", self.out.read_text())

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self._file.close()


class HttpsProxy:
    """An https:// proxy: TLS with `certificate` in front of an HTTP proxy."""

    def __init__(self, http_proxy, certificate, key):
        self._front = DelayRelay(http_proxy.port, tls=(certificate, key))
        self.port = self._front.port
        self.url = f"https://localhost:{self.port}"

    def stop(self):
        self._front.stop()


class Socks4Server:
    """SOCKS4 and SOCKS4a CONNECT, no authentication; `destinations` is what each
    client asked for: an address (4) or a name (4a), with the port."""

    def __init__(self):
        self.destinations = []
        self._listener = LoopbackListener(self._serve)
        self.port = self._listener.port

    @staticmethod
    def _read_until_nul(client, data):
        while b"\0" not in data:
            more = client.recv(256)
            if not more:
                raise OSError("closed")
            data += more
        return data.split(b"\0", 1)

    def _serve(self, client):
        try:
            client.settimeout(10)
            head = b""
            while len(head) < 8:
                more = client.recv(8 - len(head))
                if not more:
                    raise OSError("closed")
                head += more
            version, command, port, address = struct.unpack("!BBH4s", head)
            _user, rest = self._read_until_nul(client, b"")
            host = socket.inet_ntoa(address)
            if address.startswith(b"\0\0\0") and address != b"\0\0\0\0":  # 4a: a name follows
                name, _ = self._read_until_nul(client, rest)
                host = name.decode()
            self.destinations.append(f"{host}:{port}")
            if version != 4 or command != 1:
                raise OSError("not a SOCKS4 CONNECT")
            upstream = socket.create_connection((host, port), timeout=10)
            client.sendall(struct.pack("!BBH4s", 0, 90, 0, b"\0\0\0\0"))
            client.settimeout(None)
            threading.Thread(target=DelayRelay._pump, args=(client, upstream, 0), daemon=True).start()
            DelayRelay._pump(upstream, client, 0)
        except OSError:
            try:
                client.sendall(struct.pack("!BBH4s", 0, 91, 0, b"\0\0\0\0"))
            except OSError:
                pass
            client.close()

    def stop(self):
        self._listener.close()
