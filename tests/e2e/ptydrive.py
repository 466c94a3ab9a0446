"""A tiny expect-like driver over a real pseudo-terminal (stdlib only)."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import time


class PtyProcess:
    def __init__(self, argv: list[str], env: dict[str, str], cwd: str | None = None) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # child
            if cwd:
                os.chdir(cwd)
            os.execvpe(argv[0], argv, env)
        self.pid = pid
        self.fd = fd
        self.buffer = ""
        self.exit_code: int | None = None

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.buffer += data.decode("utf-8", "replace").replace("\r\n", "\n")
        return True

    def expect(self, pattern: str, timeout: float = 60) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern, re.MULTILINE)
        pos = getattr(self, "_pos", 0)
        while True:
            m = rx.search(self.buffer, pos)
            if m:
                self._pos = m.end()
                return m
            left = deadline - time.monotonic()
            if left <= 0 or (not self._read(min(left, 0.5)) and self._exited()):
                m = rx.search(self.buffer, pos)
                if m:
                    self._pos = m.end()
                    return m
                raise AssertionError(f"timed out waiting for {pattern!r}; screen so far:\n{self.buffer[-3000:]}")

    def send_line(self, text: str) -> None:
        os.write(self.fd, (text + "\r").encode())

    def _exited(self) -> bool:
        if self.exit_code is not None:
            return True
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid:
            self.exit_code = os.waitstatus_to_exitcode(status)
            return True
        return False

    def wait(self, timeout: float = 120) -> int:
        deadline = time.monotonic() + timeout
        while not self._exited():
            self._read(0.2)
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                raise AssertionError(f"process did not exit; screen:\n{self.buffer[-3000:]}")
        while self._read(0.1):
            pass
        return self.exit_code  # type: ignore[return-value]
