"""`pwshim --emulate` as a real process: a request that would leave loopback is refused by
the sandbox's LoopbackGuard (a proxy that answers 403 and never connects anywhere) and fails
the run (cli.leave_emulation: exit code 1 unless the script chose another, and a summary line
on stderr naming what was blocked).

Only hosts that cannot be reached even by mistake are named: `example.invalid` (RFC 6761:
never resolves) and 192.0.2.10 (RFC 5737 TEST-NET-1, documentation only)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pwshim.emulator.emulate import EMULATOR_DIR

SUMMARY = re.compile(r"pwshim: --emulate blocked (\d+) request\(s\) that would have left "
                     r"127\.0\.0\.1: (.+)")


def _emulate(home: Path, script: str) -> subprocess.CompletedProcess[str]:
    """Run a script file under --emulate in a kept sandbox profile (bounded wait)."""
    path = home.parent / "script.ps1"
    path.write_text(script, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "pwshim", "--emulate-home", str(home),
                           "-NonInteractive", str(path)], capture_output=True, text=True,
                          env=dict(os.environ), timeout=120, check=False)


def _summary(stderr: str) -> tuple[int, str]:
    """(count, hosts) of the summary line, which must be stderr's last line."""
    lines = stderr.rstrip("\n").splitlines()
    match = SUMMARY.fullmatch(lines[-1]) if lines else None
    assert match, f"no summary line at the end of stderr:\n{stderr}"
    assert sum(bool(SUMMARY.fullmatch(line)) for line in lines) == 1
    return int(match[1]), match[2]


def _logged_paths(home: Path) -> list[str]:
    log = home / EMULATOR_DIR / "requests.jsonl"
    return [json.loads(line)["path"] for line in log.read_text().splitlines()] \
        if log.exists() else []


@pytest.mark.parametrize("target, host", [
    ("https://example.invalid/", "example.invalid:443"),
    ("https://192.0.2.10/", "192.0.2.10:443"),
])
def test_request_leaving_loopback_fails_the_run(tmp_path: Path, target: str, host: str) -> None:
    r = _emulate(tmp_path / "home", f"Add-AzEnvironment -Name Outside -ARMEndpoint {target}\n"
                                    "'the script went on'\n")
    assert r.returncode == 1, r.stderr
    count, hosts = _summary(r.stderr)
    assert hosts == host and count >= 1
    assert r.stdout.splitlines() == ["the script went on"]  # a non-terminating error
    assert "Add-AzEnvironment:" in r.stderr and "Traceback" not in r.stderr


def test_sign_in_to_a_cloud_outside_loopback_fails_the_run(tmp_path: Path) -> None:
    """Connect-AzAccount's token comes from the emulated IMDS; its ARM calls go to the
    environment's (non-loopback) Resource Manager and are refused by the guard."""
    r = _emulate(tmp_path / "home", (
        "Add-AzEnvironment -Name Outside -ResourceManagerEndpoint https://192.0.2.10/ "
        "-ActiveDirectoryEndpoint https://example.invalid/ | Out-Null\n"
        "Connect-AzAccount -Environment Outside -Identity\n"
        "exit 7\n"))
    assert r.returncode == 7, r.stderr  # the script's own exit code is kept
    count, hosts = _summary(r.stderr)
    assert hosts == "192.0.2.10:443" and count >= 1
    assert "Connect-AzAccount:" in r.stderr and "Traceback" not in r.stderr
    ctx = json.loads((tmp_path / "home" / ".Azure" / "AzureRmContext.json").read_text(
        "utf-8-sig"))
    assert ctx["Contexts"] == {}  # the failed sign-in saved no context
    assert "/metadata/identity/oauth2/token" in "".join(_logged_paths(tmp_path / "home"))


def test_staying_on_loopback_passes(tmp_path: Path) -> None:
    r = _emulate(tmp_path / "home", "(Connect-AzAccount -Identity).Context.Account.Id\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["MSI@50342"]
    assert "blocked" not in r.stderr
