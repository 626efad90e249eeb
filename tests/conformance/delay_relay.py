"""A TCP relay on loopback that holds one moment of every connection back by a
known time, so that a test knows which phase of a transfer took how long:
  accept_ms        nothing is read from a new connection for this long (as a
                   server that accepts late: the client's first bytes wait)
  first_answer_ms  the server's first bytes are held this long (a TLS server
                   that is slow to answer the ClientHello; over plain HTTP, the
                   response's first byte)
Everything else passes through at once, both ways. Given a certificate (`tls`:
(certificate file, key file)), it speaks TLS to its clients and plain TCP
upstream: an HTTPS front for a plain server (an https:// proxy before tinyproxy)."""

import socket
import ssl
import threading
import time

from loopback_listener import LoopbackListener


class DelayRelay:
    def __init__(self, upstream_port, accept_ms=0, first_answer_ms=0, tls=None):
        self.upstream_port = upstream_port
        self._tls = None
        if tls:
            self._tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self._tls.load_cert_chain(*map(str, tls))
        self.accept_ms, self.first_answer_ms = accept_ms, first_answer_ms
        self._listener = LoopbackListener(self._relay)
        self.port = self._listener.port

    def _relay(self, client):
        time.sleep(self.accept_ms / 1000)
        if self._tls:
            try:
                client.settimeout(10)
                client = self._tls.wrap_socket(client, server_side=True)
                client.settimeout(None)
            except (OSError, ssl.SSLError):
                client.close()
                return
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
        except OSError:
            client.close()
            return
        threading.Thread(target=self._pump, args=(client, upstream, 0), daemon=True).start()
        self._pump(upstream, client, self.first_answer_ms)

    @staticmethod
    def _pump(source, sink, first_delay_ms):
        first = True
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if first and first_delay_ms:
                    time.sleep(first_delay_ms / 1000)
                first = False
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (sink, source):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self):
        self._listener.close()
