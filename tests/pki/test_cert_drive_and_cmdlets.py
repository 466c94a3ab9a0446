"""The Cert: drive provider API, Import-PfxCertificate and Get-PfxCertificate."""

from __future__ import annotations

import os
import stat

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12 as crypto_p12

from pwshim import certdrive
from pwshim.cmdlets.pki import GetPfxCertificateCommand, ImportPfxCertificateCommand
from pwshim.dotnet.securestring import SecureString
from pwshim.dotnet.x509 import X509Certificate2
from pwshim.dotnet.x509store import X509Store
from pwshim.runtime.cmdlet import invoke
from pwshim.runtime.errors import ItemNotFoundException, PSError
from pwshim.runtime.host import BufferHost
from pwshim.runtime.objects import NoteProperties, get_property
from pwshim.runtime.session import Session

from .conftest import openssl_export, pfx_cryptography, store_dir

PROVIDER = "Microsoft.PowerShell.Security\\Certificate::"


@pytest.fixture
def session(pki_home, tmp_path):
    return Session(host=BufferHost(), cwd=str(tmp_path))


def _import(session, path, password=None, location="cert:\\CurrentUser\\My", **kw):
    params = {"FilePath": str(path), "CertStoreLocation": location, **kw}
    if password is not None:
        params["Password"] = SecureString.from_plain(password)
    return invoke(ImportPfxCertificateCommand, session, **params)


def test_import_pfx_certificate_doc_line(tmp_path, certs, session, pki_home):
    pfx = pfx_cryptography(certs.test, tmp_path / "cert.pfx", b"P@ssw0rd!")
    out = _import(session, "cert.pfx", "P@ssw0rd!")  # relative to the session's location
    assert [c.Thumbprint for c in out] == [certs.test.thumbprint]
    assert get_property(out[0], "PSParentPath") == PROVIDER + "CurrentUser\\My"
    assert get_property(out[0], "PSChildName") == certs.test.thumbprint
    f = store_dir(pki_home) / f"{certs.test.thumbprint}.pfx"
    assert stat.S_IMODE(f.stat().st_mode) == 0o600
    key, cert, _ = crypto_p12.load_key_and_certificates(f.read_bytes(), None)
    assert key is not None and cert == certs.test.cert
    assert pfx.exists()


def test_import_chain_adds_every_certificate_and_outputs_the_keyed_one(tmp_path, certs, session, pki_home):
    path = openssl_export(
        tmp_path / "chain.pfx", "-in", str(certs.leaf.cert_pem), "-inkey", str(certs.leaf.key_pem),
        "-certfile", str(certs.ca.cert_pem), "-passout", "pass:pw",
    )
    out = _import(session, path, "pw", location="Cert:/currentuser/my/", Exportable=True)
    assert [c.Subject for c in out] == ["CN=leaf"]
    names = sorted(os.listdir(store_dir(pki_home)))
    assert names == sorted([f"{certs.leaf.thumbprint}.pfx", f"{certs.ca.thumbprint}.pfx"])
    assert X509Certificate2(str(store_dir(pki_home) / f"{certs.leaf.thumbprint}.pfx")).HasPrivateKey
    assert not X509Certificate2(str(store_dir(pki_home) / f"{certs.ca.thumbprint}.pfx")).HasPrivateKey


def test_import_errors(tmp_path, certs, session):
    path = pfx_cryptography(certs.test, tmp_path / "p.pfx", b"right")
    with pytest.raises(PSError) as wrong:
        _import(session, path, "wrong")
    assert wrong.value.record.message == (
        "The certificate data cannot be read with the provided password, the password may be incorrect."
    )
    with pytest.raises(PSError) as machine:
        _import(session, path, "right", location="Cert:\\LocalMachine\\My")
    assert machine.value.record.message == "Unix LocalMachine X509Stores are read-only for all users."
    with pytest.raises(PSError) as nowhere:
        invoke(ImportPfxCertificateCommand, session, FilePath=str(path), Password=SecureString.from_plain("right"))
    assert "is not a certificate store path" in nowhere.value.record.message


def test_import_what_if_writes_nothing(tmp_path, certs, session, pki_home):
    path = pfx_cryptography(certs.test, tmp_path / "p.pfx", b"pw")
    assert _import(session, path, "pw", WhatIf=True) == []
    assert not store_dir(pki_home).exists()
    assert "What if:" in session.host.text


def test_get_pfx_certificate(tmp_path, certs, session):
    cmd = GetPfxCertificateCommand
    plain = openssl_export(
        tmp_path / "plain.pfx", "-in", str(certs.test.cert_pem), "-inkey", str(certs.test.key_pem), "-passout", "pass:"
    )
    [c] = invoke(cmd, session, FilePath=str(plain))
    assert c.HasPrivateKey and session.host.prompts == []
    protected = pfx_cryptography(certs.leaf, tmp_path / "prot.pfx", b"pw")
    [c2] = invoke(cmd, session, FilePath=str(protected), Password=SecureString.from_plain("pw"))
    assert c2.Subject == "CN=leaf"
    psp = f"Microsoft.PowerShell.Core\\FileSystem::{plain}"
    [c4] = invoke(cmd, session, LiteralPath=[psp])
    assert c4.Thumbprint == certs.test.thumbprint
    [c5] = invoke(cmd, session, FilePath="pl*.pfx")  # wildcards, relative to the location
    assert c5.Thumbprint == certs.test.thumbprint
    # No -Password on a protected file: pwsh prompts "Enter password: " and retries.
    session.host.answers = ["pw"]
    [c3] = invoke(cmd, session, FilePath="prot.pfx")
    assert c3.Subject == "CN=leaf" and session.host.prompts == ["Enter password: "]
    assert "pw" not in session.host.text.replace("Enter password: ", "")


def test_get_pfx_certificate_errors(tmp_path, certs, session):
    cmd = GetPfxCertificateCommand
    protected = pfx_cryptography(certs.leaf, tmp_path / "prot.pfx", b"pw")
    session.last_errors.clear()
    assert invoke(cmd, session, FilePath=str(protected), NoPromptForPassword=True) == []
    [record] = session.last_errors
    assert record.error_id == "GetPfxCertificateUnknownCryptoError"
    assert record.message.startswith("The certificate data cannot be read with the provided password")
    session.last_errors.clear()
    [c] = invoke(cmd, session, FilePath=[str(protected), str(tmp_path / "gone.pfx")], Password=SecureString.from_plain("pw"))
    assert c.Subject == "CN=leaf"
    [missing] = session.last_errors
    assert missing.error_id == "GetPfxCertCommandFileNotFound"
    assert missing.message == f"The following file could not be found: {tmp_path / 'gone.pfx'}."
    session.last_errors.clear()
    session.host.noninteractive = True
    with pytest.raises(PSError) as noprompt:  # the prompt is outside pwsh's try: it stops
        invoke(cmd, session, FilePath=str(protected))
    assert noprompt.value.record.message == (
        "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available."
    )
    session.host.noninteractive = False
    with pytest.raises(PSError) as none:
        invoke(cmd, session, FilePath=str(tmp_path / "nope.pfx"))
    assert none.value.record.message == "Command cannot find any of the specified files."
    assert none.value.record.error_id == "GetPfxCertCommandNoneOfTheFilesFound"


def test_cert_drive_listing(tmp_path, certs, session, pki_home):
    roots = certdrive.get_child_items(session, "Cert:\\")
    assert [str(get_property(r, "Location").name) for r in roots] == ["CurrentUser", "LocalMachine"]
    stores = certdrive.get_child_items(session, "cert:\\currentuser")
    assert [s.Name for s in stores] == ["My"] and isinstance(stores[0], X509Store)
    assert get_property(stores[0], "PSPath") == PROVIDER + "CurrentUser\\My"
    assert certdrive.get_child_items(session, "Cert:/CurrentUser/My") == []
    _import(session, pfx_cryptography(certs.test, tmp_path / "p.pfx", b"pw"), "pw")
    listed = certdrive.get_child_items(session, "cert:\\currentuser\\my")
    assert [c.Thumbprint for c in listed] == [certs.test.thumbprint]
    notes = NoteProperties.of(listed[0])
    assert notes["PSPath"] == PROVIDER + f"CurrentUser\\My\\{certs.test.thumbprint}"
    assert notes["PSParentPath"] == PROVIDER + "CurrentUser\\My"
    everything = certdrive.get_child_items(session, "Cert:\\", recurse=True)
    assert any(getattr(o, "Thumbprint", None) == certs.test.thumbprint for o in everything)
    assert [s.Name for s in certdrive.get_child_items(session, "Cert:\\LocalMachine")] == ["Root", "CA"]


def test_cert_drive_get_test_remove(tmp_path, certs, session, pki_home):
    _import(session, pfx_cryptography(certs.test, tmp_path / "p.pfx", b"pw"), "pw")
    tp = certs.test.thumbprint
    [item] = certdrive.get_item(session, f"cert:\\currentuser\\my\\{tp.lower()}")
    assert item.Thumbprint == tp and item.HasPrivateKey
    assert certdrive.test_path(session, f"Cert:/CurrentUser/My/{tp}")
    assert certdrive.test_path(session, "Cert:\\CurrentUser\\My")
    assert not certdrive.test_path(session, "Cert:\\CurrentUser\\My\\0000")
    assert not certdrive.test_path(session, "Cert:\\Nowhere")
    with pytest.raises(ItemNotFoundException) as missing:
        certdrive.get_item(session, "Cert:\\CurrentUser\\My\\ABCD")
    assert missing.value.Message == "Cannot find path 'Cert:\\CurrentUser\\My\\ABCD' because it does not exist."
    certdrive.remove_item(session, f"Cert:\\CurrentUser\\My\\{tp}")
    assert os.listdir(store_dir(pki_home)) == []
    assert not certdrive.test_path(session, f"Cert:\\CurrentUser\\My\\{tp}")


def test_cert_paths_and_relative_locations():
    assert certdrive.normalize("cert:") == "Cert:\\"
    assert certdrive.normalize("CERT:/currentuser//my/") == "Cert:\\CurrentUser\\My"
    assert certdrive.normalize("My", current="Cert:\\CurrentUser") == "Cert:\\CurrentUser\\My"
    assert certdrive.normalize("..\\..\\LocalMachine\\root", current="Cert:\\CurrentUser\\My") == "Cert:\\LocalMachine\\Root"
    assert certdrive.is_cert_path("Microsoft.PowerShell.Security\\Certificate::CurrentUser\\My")
    assert not certdrive.is_cert_path("C:\\x") and not certdrive.is_cert_path("/tmp/x")
    assert not certdrive.is_cert_path("My")  # relative, but not while in Cert:
    assert certdrive.resolve("/tmp/x") is None
