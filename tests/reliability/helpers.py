"""Shared helpers for the reliability suites: subprocess environments and pwshim runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
PARSER_CORPUS = ROOT / "tests" / "parser" / "corpus"

# Variables that would send a child's credentials elsewhere (see pwshim.emulator.emulate).
_DROP = ("AZURE_", "IDENTITY_", "MSI_", "IMDS_")


def child_env(home: Path, emulator: Any = None, **extra: str) -> dict[str, str]:
    """os.environ (which holds the loopback guard's proxy variables) for a child process with
    its own HOME, the project on PYTHONPATH and, given an emulator, the emulator's variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROP)}
    env["HOME"] = str(home)
    env["PYTHONPATH"] = str(ROOT)
    env.pop("XDG_DATA_HOME", None)
    if emulator is not None:
        env.update(emulator.env)
    env.update(extra)
    return env


def pwshim(*args: str, env: dict[str, str], timeout: float = 120, **kw: Any) -> subprocess.CompletedProcess[str]:
    """Run `python -m pwshim ARGS` to completion (text mode, output captured)."""
    return subprocess.run([sys.executable, "-m", "pwshim", *args], env=env, capture_output=True,
                          text=True, timeout=timeout, cwd=str(ROOT), **kw)


SP_SIGN_IN = (
    "$c = New-Object System.Management.Automation.PSCredential -ArgumentList $env:SP_APP, "
    "(ConvertTo-SecureString $env:SP_SECRET -AsPlainText -Force); "
    "Connect-AzAccount -ServicePrincipal -Credential $c -Tenant $env:SP_TENANT | Out-Null; "
    "(Get-AzContext).Account.Id"
)
