"""A server that answers each path with bytes written out in full: the status
line, headers and body exactly as given, for responses the test server does not
make (HTTP/1.0, 1xx before the answer, trailers, gzip over chunked). It reads one
request per connection, answers, and closes; it logs the request line it saw. An
answer given as a list of byte strings is sent piece by piece, 20 ms apart, so
the client receives each piece on its own."""

import socket
import time

from loopback_listener import LoopbackListener


class CannedServer:
    def __init__(self, answers):
        """`answers`: path -> the response's bytes."""
        self.answers = dict(answers)
        self.seen = []
        self._listener = LoopbackListener(self._answer)
        self.port = self._listener.port

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def _answer(self, connection):
        with connection:
            connection.settimeout(10)
            request = b""
            try:
                while b"\r\n\r\n" not in request:
                    chunk = connection.recv(65536)
                    if not chunk:
                        return
                    request += chunk
                line = request.split(b"\r\n", 1)[0].decode("latin-1")
                self.seen.append(line)
                path = line.split(" ")[1] if line.count(" ") >= 2 else ""
                answer = self.answers.get(path, b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                for piece in [answer] if isinstance(answer, bytes) else answer:
                    connection.sendall(piece)
                    if not isinstance(answer, bytes):
                        time.sleep(0.02)
                connection.shutdown(socket.SHUT_WR)
                while connection.recv(65536):  # until the client closes: no reset
                    pass
            except OSError:
                pass

    def stop(self):
        self._listener.close()
