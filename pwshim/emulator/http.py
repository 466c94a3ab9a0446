"""HTTP plumbing: request/response values, a regex router, and the threaded TLS server.

The listening socket is plain; each accepted connection is wrapped in TLS inside its own
thread, so a client that never finishes the handshake cannot stall the accept loop.
"""

from __future__ import annotations

import json
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit


class HttpError(Exception):
    """Raised by handlers to answer with a prepared error response."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status)
        self.response = response


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    #: Error code for the request log (AADSTS..., ARM code); never secret.
    error: str | None = None


def json_response(status: int, obj: Any, headers: dict[str, str] | None = None,
                  error: str | None = None) -> Response:
    body = json.dumps(obj, separators=(",", ":")).encode("utf-8")
    hdrs = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
    return Response(status, body, hdrs, error)


@dataclass
class Request:
    method: str
    target: str
    headers: Message
    body: bytes
    client: str = "127.0.0.1"
    path: str = ""
    query: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    #: Secret-free facts a handler adds to this request's log entry (faults.RequestLog).
    log_notes: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        parts = urlsplit(self.target)
        # Clients that join "https://host/" + "/path" send "//path"; ARM tolerates that.
        self.path = re.sub(r"/{2,}", "/", unquote(parts.path))
        self.query = dict(parse_qsl(parts.query, keep_blank_values=True))

    def q(self, name: str) -> str | None:
        """A query parameter, name matched case-insensitively (as ARM and IMDS do)."""
        low = name.lower()
        return next((v for k, v in self.query.items() if k.lower() == low), None)

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def json(self, bad: Callable[[str], Response]) -> Any:
        """The JSON body; ``bad(message)`` builds the error answered for invalid JSON."""
        if not self.body.strip():
            return {}
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise HttpError(bad(f"The request content was invalid and could not be "
                                f"deserialized: '{exc}'.")) from None

    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True))


Handler = Callable[[Request], Response]


@dataclass
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    area: str


class Router:
    """Ordered (method, regex) table; path matching is case-insensitive like ARM's."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def add(self, method: str, pattern: str, handler: Handler, area: str) -> None:
        regex = re.compile(pattern + r"/?\Z", re.IGNORECASE)
        self.routes.append(Route(method, regex, handler, area))

    def match(self, req: Request) -> tuple[Route | None, bool]:
        """(route, path_known): path_known is True if the path matched with another method."""
        known = False
        for route in self.routes:
            m = route.pattern.match(req.path)
            if m:
                if route.method == req.method or (route.method == "GET" and req.method == "HEAD"):
                    req.params = {k: v for k, v in m.groupdict().items() if v is not None}
                    return route, True
                known = True
        return None, known


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Buffer the answer so headers and body leave in one write (flushed by http.server after
    # each request); separate small writes meet delayed ACKs and cost ~40 ms per request.
    wbufsize = -1
    server_version = "pwshim-emulator"
    sys_version = ""
    server: TlsServer

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        req = Request(self.command, self.path, self.headers, body, self.client_address[0])
        start = time.monotonic()
        resp = self.server.dispatch(req)
        # Logged before answering, so a client that got its answer finds the entry.
        self.server.logged(req, resp, time.monotonic() - start)
        self.send_response(resp.status)
        for k, v in resp.headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(resp.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(resp.body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve

    def log_message(self, format: str, *args: Any) -> None:
        """Silence http.server's stderr lines; the JSON request log records requests."""


class TlsServer(ThreadingHTTPServer):
    """ThreadingHTTPServer speaking TLS on 127.0.0.1."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, context: ssl.SSLContext,
                 dispatch: Callable[[Request], Response],
                 logged: Callable[[Request, Response, float], None]) -> None:
        self.context = context
        self.dispatch = dispatch
        self.logged = logged
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(("127.0.0.1", port), _Handler)

    def close_connections(self) -> None:
        """Drop kept-alive client connections (a stopped emulator answers nothing)."""
        with self._open_lock:
            conns = list(self._open)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def finish_request(self, request: Any, client_address: Any) -> None:
        sock: socket.socket = request
        sock.settimeout(30)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            tls_sock = self.context.wrap_socket(sock, server_side=True)
        except (ssl.SSLError, OSError):
            return  # a client that does not trust us, or not speaking TLS
        with self._open_lock:
            self._open.add(tls_sock)
        try:
            self.RequestHandlerClass(tls_sock, client_address, self)
        except (ssl.SSLError, OSError):
            pass  # the client went away (or the server is stopping)
        finally:
            with self._open_lock:
                self._open.discard(tls_sock)
            try:
                tls_sock.close()
            except OSError:
                pass
