"""The doc's certificate import blocks run by the pwshim command line, with Get-Credential's
prompts answered through a pseudo-terminal (the password read with echo off)."""

from __future__ import annotations

import os
import pty
import select
import stat
import sys
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12 as crypto_p12

pytest.importorskip("pwshim.parser")
pytest.importorskip("pwshim.placeholders")

from .conftest import pfx_cryptography, store_dir
from .test_doc_blocks import PASSWORD, _doc_blocks

REPO = Path(__file__).resolve().parents[2]


class Terminal:
    """A child process on a pseudo-terminal: read until a prompt, then type an answer."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: exec at once
            try:
                os.chdir(cwd)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.seen = b""

    def read_until(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError(f"never saw {text!r}; output so far: {self.seen.decode(errors='replace')!r}")
        return self.seen.decode(errors="replace")

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 4096)
        except OSError:  # EIO: the child closed the terminal
            return False
        self.seen += chunk
        return bool(chunk)

    def type(self, line: str) -> None:
        os.write(self.fd, line.encode() + b"\r")

    def finish(self, timeout: float = 30.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._read(0.2)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                while self._read(0.1):
                    pass
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        raise AssertionError("the script did not finish")


@pytest.mark.parametrize("which", ["PowerShell 7", "Windows PowerShell 5.1"])
def test_doc_block_on_a_terminal(tmp_path, certs, pki_home, which):
    pfx = pfx_cryptography(certs.test, tmp_path / "cert.pfx", PASSWORD.encode())
    block = _doc_blocks()[0 if which == "PowerShell 7" else 1]
    script = tmp_path / "import.ps1"
    script.write_text(block + "\n", encoding="utf-8")  # unchanged; the placeholder via --set
    env = {k: v for k, v in os.environ.items() if k not in ("PWSHIM_HOST",)}
    env.update(HOME=str(pki_home), PYTHONPATH=str(REPO), TERM="dumb", NO_COLOR="1")
    term = Terminal(
        [sys.executable, "-m", "pwshim", "--set", f"path to certificate={pfx}", str(script)], env, tmp_path
    )
    term.read_until("User: ")
    term.type("pfxuser")
    term.read_until("Password for user pfxuser: ")
    term.type(PASSWORD)
    code = term.finish()
    output = term.seen.decode(errors="replace")
    assert code == 0, output
    assert PASSWORD not in output  # read with echo off
    assert "Provide PFX private key password" in output
    if which != "PowerShell 7":  # Import-PfxCertificate outputs the certificate table
        assert "PSParentPath: Microsoft.PowerShell.Security\\Certificate::CurrentUser\\My" in output
        assert f"{certs.test.thumbprint}  CN=test, O=Org, C=US" in output
    target = store_dir(pki_home) / f"{certs.test.thumbprint}.pfx"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    key, cert, _ = crypto_p12.load_key_and_certificates(target.read_bytes(), None)
    assert key is not None and cert == certs.test.cert
