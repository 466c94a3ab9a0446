"""Corrupt or foreign files: clear PowerShell errors, and the file is left byte for byte.

- a truncated ~/.Azure/AzureRmContext.json (Connect-AzAccount, Get-AzContext);
- a ~/.Azure/keystore.cache of the wrong shape (a service-principal sign-in must not replace it);
- a PFX that is not one: in the certificate store (-CertificateThumbprint) and as -CertificatePath;
- a certificate store folder owned by another user: .NET's "The owner of '...' is not the
  current user." on X509Store.Add (dotnet-security-on-linux.md), nothing written.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from pwshim.formatting import format_error
from pwshim.interpreter import Interpreter
from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session

DATA = Path(__file__).resolve().parents[1] / "accounts" / "data"


def _run(script: str) -> tuple[Any, str]:
    session = Session(host=BufferHost(noninteractive=True), environ=os.environ, noninteractive=True)
    result = Interpreter(session).run_text(script)
    text = "\n".join(format_error(e) for e in result.errors)
    assert "Traceback" not in text and "Traceback" not in session.host.text
    return result, text


def _sp(emulator: Any) -> str:
    app = emulator.seed["app"]
    return ("$c = New-Object System.Management.Automation.PSCredential -ArgumentList "
            f"'{app['app_id']}', (ConvertTo-SecureString '{app['secret']}' -AsPlainText -Force); "
            f"Connect-AzAccount -ServicePrincipal -Credential $c -Tenant {emulator.seed['tenant_id']}")


@pytest.mark.parametrize("cut", [0.5, 0.05, 0.99])
def test_truncated_context_file(az_env: Path, emulator, cut: float) -> None:
    path = az_env / ".Azure" / "AzureRmContext.json"
    path.parent.mkdir(mode=0o700)
    full = (DATA / "sample_a_unittest.json").read_bytes()
    path.write_bytes(full[: int(len(full) * cut)])
    before = path.read_bytes()
    result, text = _run("Connect-AzAccount -Identity")
    assert result.errors
    assert f"The Azure PowerShell context file '{path}' is not valid JSON" in text, text
    assert path.read_bytes() == before
    result, text = _run("Get-AzContext -ListAvailable")
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b'{"not": "a list"}', b"[1, 2, 3", b"\x00\xff garbage", b'"a string"'],
                         ids=["object", "truncated", "binary", "string"])
def test_keystore_of_the_wrong_shape_is_not_replaced(az_env: Path, emulator, content: bytes) -> None:
    path = az_env / ".Azure" / "keystore.cache"
    path.parent.mkdir(mode=0o700)
    path.write_bytes(content)
    result, text = _run(_sp(emulator))
    assert f"The Azure PowerShell key store '{path}' is not valid" in text, text
    assert emulator.seed["app"]["secret"] not in text
    assert path.read_bytes() == content


def test_keystore_of_the_wrong_shape_no_traceback(az_env: Path, emulator) -> None:
    path = az_env / ".Azure" / "keystore.cache"
    path.parent.mkdir(mode=0o700)
    path.write_bytes(b'{"not": "a list"}')
    _run(_sp(emulator))  # no Python traceback, whatever the outcome


def _store(home: Path) -> Path:
    return home / ".dotnet" / "corefx" / "cryptography" / "x509stores" / "my"


def test_pfx_in_store_that_is_not_one(az_env: Path, emulator) -> None:
    thumb = emulator.seed["app"]["cert_thumbprint"]
    store = _store(az_env)
    store.mkdir(parents=True, mode=0o700)
    bad = store / f"{thumb}.pfx"
    bad.write_bytes(b"this is not PKCS#12")
    result, text = _run(f"Connect-AzAccount -ServicePrincipal -CertificateThumbprint {thumb} "
                        f"-ApplicationId {emulator.seed['app']['app_id']} -Tenant {emulator.seed['tenant_id']}")
    assert result.errors and text.strip()
    assert bad.read_bytes() == b"this is not PKCS#12"


@pytest.mark.parametrize("content", [b"", b"not a pfx", b"0\x82\x01\x00" + b"\x00" * 40], ids=["empty", "text", "der-junk"])
def test_certificate_path_that_is_not_a_pfx(az_env: Path, emulator, tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.pfx"
    bad.write_bytes(content)
    result, text = _run(f"Connect-AzAccount -ServicePrincipal -CertificatePath '{bad}' "
                        f"-ApplicationId {emulator.seed['app']['app_id']} -Tenant {emulator.seed['tenant_id']}")
    assert result.errors and text.strip()
    assert bad.read_bytes() == content
    assert not (az_env / ".Azure" / "AzureRmContext.json").exists() or b"bad.pfx" not in (
        az_env / ".Azure" / "AzureRmContext.json").read_bytes()


@pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")
def test_store_folder_owned_by_another_user(az_env: Path, emulator) -> None:
    store = _store(az_env)
    store.mkdir(parents=True, mode=0o700)
    keep = store / "keep.txt"
    keep.write_bytes(b"keep")
    os.chown(store, 65534, 65534)
    try:
        pfx = emulator.seed["app"]["cert_pfx_path"]
        pw = emulator.seed["app"]["cert_pfx_password"]
        result, text = _run(
            "$cert = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList "
            f"'{pfx}', '{pw}', 'PersistKeySet'; "
            "$s = New-Object System.Security.Cryptography.X509Certificates.X509Store -ArgumentList 'My', 'CurrentUser'; "
            "$s.Open('ReadWrite'); $s.Add($cert); $s.Close()")
        assert f"The owner of '{store}' is not the current user." in text, text
        assert sorted(p.name for p in store.iterdir()) == ["keep.txt"]
        assert keep.read_bytes() == b"keep"
        assert pw not in text
    finally:
        os.chown(store, 0, 0)
        shutil.rmtree(store)
