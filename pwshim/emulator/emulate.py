"""``--emulate``: run against the emulator in a sandbox profile, with a loopback guard.

The guard is a loopback HTTP proxy that answers every request with 403 and records it; with
HTTPS_PROXY/HTTP_PROXY pointing at it and NO_PROXY=127.0.0.1,localhost,::1, any request that
would leave loopback fails (shared/reference/azure-identity-offline.md, "Catching stray
traffic") and names the host it tried to reach.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from pwshim.emulator.core import Emulator

#: Variables that would send credentials elsewhere than the emulator's IMDS/Entra, or change
#: where MSAL looks (AZURE_REGIONAL_AUTHORITY_NAME makes it ask IMDS for a region).
UNSET_VARS = (
    "AZURE_REGIONAL_AUTHORITY_NAME", "IDENTITY_ENDPOINT", "IDENTITY_HEADER",
    "IDENTITY_SERVER_THUMBPRINT", "IMDS_ENDPOINT", "MSI_ENDPOINT", "MSI_SECRET",
    "AZURE_FEDERATED_TOKEN_FILE", "AZURE_AUTHORITY_HOST", "AZURE_CLIENT_ID", "AZURE_TENANT_ID",
    "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_CLIENT_CERTIFICATE_PASSWORD",
    "AZURE_USERNAME", "AZURE_PASSWORD", "AZURE_CONFIG_DIR", "CURL_CA_BUNDLE", "USERPROFILE",
    "ALL_PROXY", "all_proxy",
)
NO_PROXY = "127.0.0.1,localhost,::1"
EMULATOR_DIR = ".pwshim-emulator"


class LoopbackGuard:
    """A proxy on 127.0.0.1 that refuses (403) and records every request sent through it."""

    def __init__(self) -> None:
        self.attempts: list[str] = []
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> LoopbackGuard:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        self._sock = sock
        self._thread = threading.Thread(target=self._serve, name="pwshim-loopback-guard",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._sock is not None:
            try:
                self._sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._sock.close()
            self._sock = None
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None

    def __enter__(self) -> LoopbackGuard:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._sock is not None, "guard not started"
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    @property
    def env(self) -> dict[str, str]:
        """Proxy variables (both spellings) that route non-loopback traffic to the guard."""
        env = {}
        for name in ("HTTPS_PROXY", "HTTP_PROXY"):
            env[name] = env[name.lower()] = self.url
        env["NO_PROXY"] = env["no_proxy"] = NO_PROXY
        return env

    def summary(self) -> str | None:
        """A one-line error naming what was blocked (None if nothing was): for --emulate to
        fail the run clearly."""
        with self._lock:
            seen = list(self.attempts)
        if not seen:
            return None
        hosts = ", ".join(dict.fromkeys(a.split(" ", 1)[-1] for a in seen))
        return (f"pwshim: --emulate blocked {len(seen)} request(s) that would have left "
                f"127.0.0.1: {hosts}")

    def clear(self) -> list[str]:
        """Forget (and return) the recorded attempts."""
        with self._lock:
            seen, self.attempts = self.attempts, []
        return seen

    def _serve(self) -> None:
        while self._sock is not None:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._refuse, args=(conn,), daemon=True).start()

    def _refuse(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            head = b""
            try:
                while b"\r\n\r\n" not in head and len(head) < 16384:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    head += chunk
            except OSError:
                pass
            line = head.split(b"\r\n", 1)[0].decode("latin-1", "replace").split()
            target = " ".join(line[:2]) if line else "(empty request)"
            with self._lock:
                self.attempts.append(target)
            host = line[1] if len(line) > 1 else "?"
            # "unreachable" makes azure-identity's IMDS probe report the managed identity as
            # unavailable (its Docker Desktop rule) instead of failing the whole chain.
            reason = (f"Blocked by pwshim loopback guard: {host} is unreachable; "
                      "requests may not leave 127.0.0.1")
            body = (reason + "\n").encode("utf-8")
            try:
                conn.sendall(b"HTTP/1.1 403 " + reason.encode("latin-1", "replace")
                             + b"\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                             + b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
                             + body)
            except OSError:
                pass


def emulated_environ(env: Mapping[str, str],
                     base: Mapping[str, str] | None = None) -> dict[str, str]:
    """A full environment: base (default os.environ) minus UNSET_VARS, plus env."""
    out = {k: v for k, v in (os.environ if base is None else base).items()
           if k not in UNSET_VARS}
    out.update(env)
    return out


@contextmanager
def sandbox(emulate_home: str | None = None,
            port: int = 0) -> Iterator[tuple[Emulator, dict[str, str]]]:
    """Start a guard and an emulator for ``pwshim --emulate``; yields (emu, env).

    env = emu.env + HOME (the sandbox profile: a temporary folder, or ``emulate_home`` which
    is kept) + the guard's proxy variables + SSL_CERT_FILE (the emulator's CA). Apply it
    with ``emulated_environ(env)``, which also drops UNSET_VARS. The emulator's state lives
    in ``<home>/.pwshim-emulator``; the guard is ``emu.guard`` (its ``attempts`` list and
    ``summary()`` name any blocked request).
    """
    tmp = None
    if emulate_home:
        home = Path(emulate_home).expanduser().resolve()
        home.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="pwshim-emulate-")
        home = Path(tmp)
    guard = LoopbackGuard().start()
    emu = Emulator(home / EMULATOR_DIR, port)
    try:
        emu.start()
        emu.guard = guard
        # SSL_CERT_FILE: OpenSSL-based clients (urllib, real pwsh/.NET on Linux) trust the
        # emulator too; nothing else is reachable in the sandbox anyway.
        yield emu, {**emu.env, **guard.env, "SSL_CERT_FILE": str(emu.ca_path),
                    "HOME": str(home)}
    finally:
        emu.stop()
        guard.stop()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
