"""A TCP listener on a free loopback port that hands each connection to a thread
of its own: the shared part of the tests' small Python servers and relays."""

import socket
import threading


class LoopbackListener:
    def __init__(self, handle):
        """`handle(connection)` runs on its own thread for each connection."""
        self._handle = handle
        self._socket = socket.socket()
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self.port = self._socket.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:
                return  # closed
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def close(self):
        self._socket.close()
