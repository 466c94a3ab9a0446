"""16 processes sign in at once, each as a different service principal, into the same HOME.

The 16 principals are created beforehand in the emulator's Graph with New-AzADServicePrincipal
(one in-process session signed in with the VM's managed identity). Then 16 `pwshim -c
'Connect-AzAccount -ServicePrincipal ...'` processes start together; the locked
read-modify-write of AzureRmContext.json and keystore.cache (az-accounts-files.md §3, §4) must
keep every context and every secret.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pwshim.interpreter import Interpreter
from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session
from tests.reliability.helpers import ROOT, SP_SIGN_IN, child_env

N = 16

CREATE = (
    "Connect-AzAccount -Identity | Out-Null; "
    f"1..{N} | ForEach-Object {{ $sp = New-AzADServicePrincipal -DisplayName \"reliability-$_\"; "
    "\"$($sp.AppId) $($sp.PasswordCredentials.SecretText)\" }"
)


@pytest.fixture
def principals(emulator_state, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(appId, secret) of N new service principals (the emulator state is restored after)."""
    setup_home = tmp_path / "setup-home"
    setup_home.mkdir()
    monkeypatch.setenv("HOME", str(setup_home))
    for key, value in emulator_state.env.items():
        monkeypatch.setenv(key, value)
    session = Session(host=BufferHost(noninteractive=True), environ=os.environ, noninteractive=True)
    result = Interpreter(session).run_text(CREATE)
    assert not result.errors, [str(e) for e in result.errors]
    pairs = [tuple(str(line).split(" ", 1)) for line in result.output]
    assert len(pairs) == N and len({a for a, _ in pairs}) == N
    return pairs  # type: ignore[return-value]


def test_sixteen_service_principals_at_once(principals: list[tuple[str, str]], emulator, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    tenant = emulator.seed["tenant_id"]
    procs = []
    start = time.monotonic()
    for app_id, secret in principals:
        env = child_env(home, emulator, SP_APP=app_id, SP_SECRET=secret, SP_TENANT=tenant)
        procs.append(subprocess.Popen([sys.executable, "-m", "pwshim", "-NonInteractive", "-c", SP_SIGN_IN],
                                      env=env, cwd=str(ROOT), stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
    outcomes = []
    for proc in procs:
        try:
            out, err = proc.communicate(timeout=150)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        outcomes.append((proc.returncode, out.strip().splitlines()[-1] if out.strip() else "", err))
    elapsed = time.monotonic() - start
    for (app_id, _), (code, out, err) in zip(principals, outcomes):
        assert code == 0 and out == app_id, (app_id, code, out, err[-2000:])
        assert "Traceback" not in err

    azure = home / ".Azure"
    raw = (azure / "AzureRmContext.json").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    profile = json.loads(raw[3:])
    accounts = {c["Account"]["Id"] for c in profile["Contexts"].values()}
    assert accounts == {a for a, _ in principals}
    assert profile["DefaultContextKey"] in profile["Contexts"]
    for _, secret in principals:
        assert secret.encode() not in raw

    store = json.loads((azure / "keystore.cache").read_text())
    found = {}
    for entry in store:
        key = json.loads(entry["keyStoreKey"])
        assert key["tenantId"] == tenant and key["name"] == "ServicePrincipalSecret"
        found[key["appId"]] = json.loads(entry["keyStoreValue"])
    assert found == dict(principals)
    for name in ("AzureRmContext.json", "keystore.cache"):
        assert stat.S_IMODE((azure / name).stat().st_mode) == 0o600
    assert stat.S_IMODE(azure.stat().st_mode) == 0o700
    leftovers = [p.name for p in azure.iterdir() if p.name.endswith((".tmp", ".lockfile"))]
    assert leftovers == []
    print(f"16 concurrent sign-ins: {elapsed:.1f} s")
