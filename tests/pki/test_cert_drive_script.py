"""The Cert: drive and the certificate cmdlets from PowerShell text (interpreter wiring)."""

from __future__ import annotations

import os

import pytest

pytest.importorskip("pwshim.parser")

from pwshim.formatting import format_objects
from pwshim.interpreter import run_script
from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session

from .conftest import pfx_cryptography, store_dir


@pytest.fixture
def session(pki_home, tmp_path):
    return Session(host=BufferHost(), cwd=str(tmp_path))


def _ok(session, text):
    result = run_script(text, session)
    assert [e.message for e in result.errors] == []
    return result.output


def _import(session, certs, tmp_path):
    pfx_cryptography(certs.test, tmp_path / "cert.pfx", b"pw")
    return _ok(
        session,
        "$pw = ConvertTo-SecureString 'pw' -AsPlainText -Force\n"
        "Import-PfxCertificate -FilePath ./cert.pfx -Password $pw -CertStoreLocation Cert:\\CurrentUser\\My",
    )


def test_certificate_table_is_grouped_by_store(tmp_path, certs, session):
    out = _import(session, certs, tmp_path)
    listed = _ok(session, "Get-ChildItem Cert:\\CurrentUser\\My")
    assert [c.Thumbprint for c in listed] == [c.Thumbprint for c in out] == [certs.test.thumbprint]
    lines = format_objects(listed, session).split("\n")
    assert lines[:6] == [
        "",
        "   PSParentPath: Microsoft.PowerShell.Security\\Certificate::CurrentUser\\My",
        "",
        "Thumbprint                                Subject              EnhancedKeyUsageList",
        "----------                                -------              --------------------",
        f"{certs.test.thumbprint}  CN=test, O=Org, C=US ",
    ]


def test_locations_relative_paths_and_remove(tmp_path, certs, session, pki_home):
    _import(session, certs, tmp_path)
    tp = certs.test.thumbprint
    assert _ok(session, f"Set-Location Cert:\\CurrentUser; Test-Path My\\{tp.lower()}") == [True]
    assert [c.Thumbprint for c in _ok(session, "Get-ChildItem ./my")] == [tp]
    _ok(session, f"Remove-Item cert:/currentuser/my/{tp}")
    assert os.listdir(store_dir(pki_home)) == []
    assert _ok(session, f"Test-Path Cert:\\CurrentUser\\My\\{tp}") == [False]


def test_errors_from_script(tmp_path, certs, session):
    missing = run_script("Get-Item Cert:\\CurrentUser\\My\\ABCDEF", session)
    assert [e.message for e in missing.errors] == [
        "Cannot find path 'Cert:\\CurrentUser\\My\\ABCDEF' because it does not exist."
    ]
    pfx_cryptography(certs.test, tmp_path / "cert.pfx", b"pw")
    machine = run_script(
        "Import-PfxCertificate ./cert.pfx Cert:\\LocalMachine\\My -Password (ConvertTo-SecureString pw -AsPlainText)",
        session,
    )
    assert [e.message for e in machine.errors] == ["Unix LocalMachine X509Stores are read-only for all users."]


def test_import_into_the_current_cert_location(tmp_path, certs, session, pki_home):
    pfx = pfx_cryptography(certs.leaf, tmp_path / "leaf.pfx", b"pw")
    out = _ok(
        session,
        "Set-Location Cert:\\CurrentUser\\My\n"
        f"Import-PfxCertificate -FilePath '{pfx}' -Password (ConvertTo-SecureString pw -AsPlainText)",
    )
    assert [c.Subject for c in out] == ["CN=leaf"]
    assert os.listdir(store_dir(pki_home)) == [f"{certs.leaf.thumbprint}.pfx"]
    nowhere = run_script(
        f"Set-Location '{tmp_path}'; Import-PfxCertificate -FilePath '{pfx}' -Password (ConvertTo-SecureString pw -AsPlainText)",
        session,
    )
    assert len(nowhere.errors) == 1 and "is not a certificate store path" in nowhere.errors[0].message
