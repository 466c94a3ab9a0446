"""Provider dispatch of the file-system cmdlets to pwshim.certdrive (Cert: paths), and the
default display of certificates listed from the drive (dotnet-security-on-linux.md §7.1)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from pwshim.formatting import format_objects
from pwshim.runtime.errors import PSError


def _self_signed(cn: str) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.DER)


@pytest.fixture
def thumbprint(session) -> str:
    from pwshim.dotnet.x509 import X509Certificate2
    from pwshim.dotnet.x509enums import OpenFlags, StoreLocation
    from pwshim.dotnet.x509store import X509Store

    cert = X509Certificate2(_self_signed("test"))
    store = X509Store("My", StoreLocation.CurrentUser, home=session.home)
    store.Open(OpenFlags.ReadWrite)
    store.Add(cert)
    store.Close()
    return cert.Thumbprint


def test_get_child_item_lists_certificates_with_view(run, thumbprint: str) -> None:
    certs = run("Get-ChildItem", Path=["Cert:\\CurrentUser\\My"])
    assert [c.Thumbprint for c in certs] == [thumbprint]
    text = format_objects(certs)
    lines = text.split("\n")
    assert lines[1] == "   PSParentPath: Microsoft.PowerShell.Security\\Certificate::CurrentUser\\My"
    assert lines[3] == "Thumbprint                                Subject              EnhancedKeyUsageList"
    assert lines[4] == "----------                                -------              --------------------"
    assert lines[5] == f"{thumbprint}  CN=test              "


def test_test_path_get_item_remove_item_on_cert_drive(run, thumbprint: str) -> None:
    assert run("Test-Path", Path=[f"cert:/currentuser/my/{thumbprint}"]) == [True]
    assert run("Test-Path", Path=["Cert:\\CurrentUser\\My"], PathType="Container") == [True]
    assert run("Test-Path", Path=[f"Cert:\\CurrentUser\\My\\{thumbprint}"], PathType="Leaf") == [True]
    assert run("Test-Path", Path=["Cert:\\CurrentUser\\My\\0000"]) == [False]
    (item,) = run("Get-Item", Path=[f"Cert:\\CurrentUser\\My\\{thumbprint}"])
    assert item.Thumbprint == thumbprint
    assert run("Get-Item", Path=["Cert:\\CurrentUser\\My\\ABCD"]) == []
    assert run.errors[0].message == "Cannot find path 'Cert:\\CurrentUser\\My\\ABCD' because it does not exist."
    assert run.errors[0].FullyQualifiedErrorId == "PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand"
    run("Remove-Item", Path=[f"Cert:\\CurrentUser\\My\\{thumbprint}"])
    assert run("Test-Path", Path=[f"Cert:\\CurrentUser\\My\\{thumbprint}"]) == [False]


def test_set_location_into_cert_drive_and_back(run, session, thumbprint: str, tmp_path: Path) -> None:
    run("Set-Location", Path="Cert:\\")
    assert session.cwd == "Cert:\\"
    run("Set-Location", Path="CurrentUser\\My")
    assert session.cwd == "Cert:\\CurrentUser\\My"
    (loc,) = run("Get-Location")
    assert loc.Path == "Cert:\\CurrentUser\\My"
    assert [c.Thumbprint for c in run("Get-ChildItem")] == [thumbprint]
    with pytest.raises(PSError) as info:
        run("Set-Location", Path="Cert:\\Nowhere")
    assert info.value.record.FullyQualifiedErrorId == "PathNotFound,Microsoft.PowerShell.Commands.SetLocationCommand"
    run("Set-Location", Path=str(tmp_path))
    assert session.cwd == str(tmp_path)
