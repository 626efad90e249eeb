"""An HTTP server that asks for credentials as RFC 7616 (Digest, MD5, qop=auth) and
RFC 7617 (Basic) say, and checks them itself: an independent judge of --digest
and --anyauth. Paths:
  /digest/...   401 with a Digest challenge until a valid Digest answer comes
  /basic/...    401 with a Basic challenge until valid Basic credentials come
  /either/...   401 offering both; either valid answer is accepted
A request let in gets 200 and a JSON body: the scheme used, the user, and the
Digest fields other than the client's random cnonce and the response hash they
make. `seen` lists (path, scheme of its Authorization or None, status) in order."""

import base64
import hashlib
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REALM = "cofetch tests"
NONCE = "4f2d1c0e9b8a7f6e5d4c3b2a19081726"
OPAQUE = "5ccc069c403ebaf9f0171e9517f40e41"


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


def digest_fields(header):
    return {key: quoted if quoted else bare for key, quoted, bare in
            re.findall(r'(\w+)=(?:"([^"]*)"|([^\s,]+))', header)}


class AuthServer:
    def __init__(self, users, nonce=NONCE):
        """`users`: name -> password; `nonce`: the one this server hands out."""
        self.users = dict(users)
        self.nonce = nonce
        self.seen = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # head and body are written apart: no 40 ms waits

            def log_message(self, *args):
                pass

            def do_GET(self):
                server._answer(self)

            do_POST = do_HEAD = do_GET

        self._http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._http.daemon_threads = True
        self.port = self._http.server_address[1]
        threading.Thread(target=self._http.serve_forever, daemon=True).start()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def _check(self, request):
        """(scheme, user, fields) of valid credentials, or None."""
        header = request.headers.get("Authorization", "")
        scheme = header.split(" ", 1)[0].lower()
        if scheme == "basic":
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            return ("basic", user, {}) if self.users.get(user) == password else None
        if scheme == "digest":
            fields = digest_fields(header[7:])
            user = fields.get("username", "")
            if user not in self.users or fields.get("nonce") != self.nonce or fields.get("realm") != REALM:
                return None
            ha1 = md5(f"{user}:{REALM}:{self.users[user]}")
            ha2 = md5(f"{request.command}:{fields.get('uri', '')}")
            expected = md5(f"{ha1}:{self.nonce}:{fields.get('nc', '')}:{fields.get('cnonce', '')}:"
                           f"{fields.get('qop', '')}:{ha2}")
            if fields.get("response") != expected or fields.get("uri") != request.path:
                return None
            return "digest", user, {k: v for k, v in fields.items() if k not in ("cnonce", "response")}
        return None

    def _answer(self, request):
        length = int(request.headers.get("Content-Length", 0) or 0)
        if length:
            request.rfile.read(length)
        offered = request.path.split("/")[1]
        header = request.headers.get("Authorization")
        used = header.split(" ", 1)[0].lower() if header else None
        granted = self._check(request)
        if granted and offered in (granted[0], "either"):
            body = json.dumps({"scheme": granted[0], "user": granted[1], "digest": granted[2],
                               "method": request.command, "path": request.path}).encode() + b"\n"
            status = 200
            headers = [("Content-Type", "application/json")]
        else:
            body, status, headers = b"who are you?\n", 401, []
            if offered in ("digest", "either"):
                headers.append(("WWW-Authenticate", f'Digest realm="{REALM}", qop="auth", nonce="{self.nonce}", '
                                                    f'opaque="{OPAQUE}", algorithm=MD5'))
            if offered in ("basic", "either"):
                headers.append(("WWW-Authenticate", f'Basic realm="{REALM}"'))
        self.seen.append((request.path, used, status))
        request.send_response(status)
        for name, value in headers:
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        if request.command != "HEAD":
            request.wfile.write(body)

    def stop(self):
        self._http.shutdown()
        self._http.server_close()
