"""A second process's Get-AzAccessToken for a service principal: served from the persisted MSAL
cache without any request while the token is valid (and without loading azure-identity), and
refreshed through the token endpoint once it is due (pwshim/azure/token_cache_read.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from pwshim.interpreter import Interpreter
from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session
from tests.reliability.helpers import ROOT, SP_SIGN_IN, child_env

SHOW = "$t = Get-AzAccessToken; ConvertFrom-SecureString $t.Token -AsPlainText"


def _run(text: str) -> list:
    session = Session(host=BufferHost(noninteractive=True), environ=os.environ, noninteractive=True)
    result = Interpreter(session).run_text(text)
    assert not result.errors, [str(e) for e in result.errors]
    return result.output


def _cache(home: Path) -> Path:
    return home / ".local" / "share" / ".IdentityService" / "msal.cache.nocae"


def _signed_in(az_env: Path, emulator, monkeypatch) -> str:
    app = emulator.seed["app"]
    monkeypatch.setenv("SP_APP", app["app_id"])
    monkeypatch.setenv("SP_SECRET", app["secret"])
    monkeypatch.setenv("SP_TENANT", emulator.seed["tenant_id"])
    _run(SP_SIGN_IN)
    doc = json.loads(_cache(az_env).read_text())
    (entry,) = [e for e in doc["AccessToken"].values() if e["client_id"] == app["app_id"]]
    return entry["secret"]


def _token_requests(emulator) -> int:
    return sum(1 for e in emulator.request_log() if e["path"].split("?")[0].endswith(("/oauth2/v2.0/token", "/oauth2/token")))


def test_valid_cached_token_needs_no_request(az_env: Path, emulator, monkeypatch) -> None:
    cached = _signed_in(az_env, emulator, monkeypatch)
    before = len(emulator.request_log())
    assert _run(SHOW) == [cached]
    assert len(emulator.request_log()) == before  # not even the authority's metadata


def test_due_token_is_refreshed(az_env: Path, emulator, monkeypatch) -> None:
    cached = _signed_in(az_env, emulator, monkeypatch)
    path = _cache(az_env)
    doc = json.loads(path.read_text())
    for entry in doc["AccessToken"].values():
        entry["expires_on"] = entry["extended_expires_on"] = str(int(time.time()) + 120)  # within 5 min
    path.write_text(json.dumps(doc))
    before = _token_requests(emulator)
    (fresh,) = _run(SHOW)
    assert _token_requests(emulator) == before + 1
    assert fresh != cached


def test_second_process_does_not_load_azure_identity(az_env: Path, emulator, monkeypatch) -> None:
    cached = _signed_in(az_env, emulator, monkeypatch)
    code = ("import sys; from pwshim.cli import main; rc = main(['-c', '$null = Get-AzAccessToken']); "
            "sys.stderr.write('AZURE_IDENTITY_LOADED=%s' % ('azure.identity' in sys.modules)); sys.exit(rc)")
    before = len(emulator.request_log())
    proc = subprocess.run([sys.executable, "-c", code], env=child_env(az_env, emulator), cwd=str(ROOT),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "AZURE_IDENTITY_LOADED=False" in proc.stderr
    assert len(emulator.request_log()) == before
    assert cached not in proc.stdout + proc.stderr
