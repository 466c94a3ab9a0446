"""A minimal expect over a real pseudo-terminal (pty.fork + os.read/os.write)."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time


class Terminal:
    """pty.fork + os.read/os.write: a minimal expect."""

    def __init__(self, args: list[str]) -> None:
        """Run `python -c <args[0]> <args[1:]...>` on a new pseudo-terminal."""
        env = dict(os.environ, TERM="dumb", PYTHONUNBUFFERED="1")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child
            try:
                os.execve(sys.executable, [sys.executable, "-c", *args], env)
            finally:
                os._exit(127)
        self.transcript = b""

    def expect(self, text: bytes, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.transcript:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"timed out waiting for {text!r}; got {self.transcript!r}")
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"EOF waiting for {text!r}; got {self.transcript!r}")
                self.transcript += chunk

    def send(self, text: bytes) -> None:
        os.write(self.fd, text)

    def finish(self, timeout: float = 20.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                if chunk:
                    self.transcript += chunk
                    continue
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise AssertionError(f"child did not exit; got {self.transcript!r}")

    def close(self) -> None:
        try:
            os.close(self.fd)
        except OSError:
            pass
