"""X509Store on .NET's Linux layout (reference §1)."""

from __future__ import annotations

import os
import stat

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12 as crypto_p12

from pwshim.dotnet.securestring import SecureString
from pwshim.dotnet.x509 import X509Certificate2
from pwshim.dotnet.x509enums import (
    OpenFlags,
    StoreLocation,
    StoreName,
    X509KeyStorageFlags,
)
from pwshim.dotnet.x509store import (
    X509Store,
    find_by_thumbprint,
    find_certificate_with_key,
)
from pwshim.runtime.errors import (
    ArgumentException,
    CryptographicException,
    InvalidOperationException,
)

from .conftest import dotnet_store_file, openssl, pfx_cryptography, store_dir

READ_ONLY = "The X509 certificate store is read-only."


def _keyed(tmp_path, m, name="k.pfx"):
    return X509Certificate2(str(pfx_cryptography(m, tmp_path / name, b"pw")), "pw")


def _open(*args, flags=OpenFlags.ReadWrite):
    s = X509Store(*args)
    s.Open(flags)
    return s


def test_doc_powershell7_import_block(tmp_path, certs, pki_home, umask):
    """The doc's PowerShell 7 block, at the Python level, under a permissive umask."""
    umask(0o000)
    pfx = pfx_cryptography(certs.test, tmp_path / "cert.pfx", b"P@ssw0rd!")
    store = X509Store(StoreName.My, StoreLocation.CurrentUser)
    password = SecureString.from_plain("P@ssw0rd!")
    certificate = X509Certificate2(str(pfx), password, X509KeyStorageFlags.Exportable)
    store.Open(OpenFlags.ReadWrite)
    store.Add(certificate)
    store.Close()

    target = store_dir(pki_home) / f"{certs.test.thumbprint}.pfx"
    assert os.listdir(store_dir(pki_home)) == [target.name]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    data = target.read_bytes()
    loaded = crypto_p12.load_key_and_certificates(data, None)
    assert loaded[0] is not None and loaded[1] == certs.test.cert
    proc = openssl("pkcs12", "-in", str(target), "-passin", "pass:", "-nodes")
    assert proc.returncode == 0 and "BEGIN PRIVATE KEY" in proc.stdout
    info = openssl("pkcs12", "-in", str(target), "-passin", "pass:", "-info", "-noout")
    text = info.stdout + info.stderr
    assert "MAC: sha1, Iteration 2000" in text and "pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2000" in text


def test_string_arguments_and_names(pki_home):
    s = X509Store("My", "CurrentUser")
    assert (s.Name, s.Location, s.IsOpen) == ("My", StoreLocation.CurrentUser, False)
    assert X509Store().Name == "MY" and X509Store(StoreLocation.LocalMachine).Name == "MY"
    assert X509Store(StoreName.CertificateAuthority, "currentuser").Name == "CA"
    assert X509Store(StoreName.My, 2).Location == StoreLocation.LocalMachine
    with pytest.raises(ArgumentException) as bad:
        X509Store("My", 7)
    assert bad.value.Message == "Illegal enum value: storeLocation."
    with pytest.raises(CryptographicException) as invalid:
        X509Store("a/b", "CurrentUser").Open("ReadOnly")
    assert invalid.value.Message == "The storeName value was invalid."


def test_directory_created_on_first_add_only(tmp_path, certs, pki_home):
    s = _open("My", "CurrentUser")
    assert not store_dir(pki_home).exists()  # Open creates nothing
    assert s.Certificates.Count == 0
    s.Add(_keyed(tmp_path, certs.test))
    assert store_dir(pki_home).is_dir()
    assert [c.Thumbprint for c in s.Certificates] == [certs.test.thumbprint]
    custom = _open("Custom Store", "CurrentUser")
    custom.Add(X509Certificate2(certs.ca.der))
    assert (store_dir(pki_home, "custom store") / f"{certs.ca.thumbprint}.pfx").is_file()


@pytest.mark.parametrize("mask", [0o077, 0o000, 0o027])
def test_file_mode_is_0600_under_any_umask(tmp_path, certs, pki_home, umask, mask):
    umask(mask)
    _open("My", "CurrentUser").Add(_keyed(tmp_path, certs.test))
    f = store_dir(pki_home) / f"{certs.test.thumbprint}.pfx"
    assert stat.S_IMODE(f.stat().st_mode) == 0o600
    # pwshim creates the folders 0700 whatever the umask (.NET: 0777 & ~umask; README differences)
    assert stat.S_IMODE(store_dir(pki_home).stat().st_mode) == 0o700
    assert [p for p in os.listdir(store_dir(pki_home)) if p.endswith(".tmp")] == []


def test_dotnet_written_store_file_is_listed_and_usable(certs, pki_home):
    folder = store_dir(pki_home)
    folder.mkdir(parents=True)
    dotnet_store_file(certs.leaf, folder / f"{certs.leaf.thumbprint}.pfx")
    s = _open("my", "currentuser", flags="ReadOnly")
    [cert] = list(s.Certificates)
    assert cert.Thumbprint == certs.leaf.thumbprint and cert.HasPrivateKey
    assert cert._private_key().private_numbers() == certs.leaf.key.private_numbers()
    found = find_certificate_with_key(certs.leaf.thumbprint.lower())
    assert found is not None and found.HasPrivateKey


def test_duplicate_add_is_a_no_op(tmp_path, certs, pki_home):
    s = _open("My", "CurrentUser")
    s.Add(_keyed(tmp_path, certs.test))
    f = store_dir(pki_home) / f"{certs.test.thumbprint}.pfx"
    before = (f.stat().st_ino, f.read_bytes())
    s.Add(_keyed(tmp_path, certs.test, "again.pfx"))  # same cert, key again: existing has a key
    s.Add(X509Certificate2(certs.test.der))  # same cert without key
    assert (f.stat().st_ino, f.read_bytes()) == before
    assert os.listdir(store_dir(pki_home)) == [f.name]


def test_keyless_copy_is_replaced_by_keyed_one(tmp_path, certs, pki_home):
    s = _open("My", "CurrentUser")
    s.Add(X509Certificate2(certs.test.der))
    f = store_dir(pki_home) / f"{certs.test.thumbprint}.pfx"
    assert not X509Certificate2(str(f)).HasPrivateKey
    os.chmod(f, 0o644)  # .NET chmods the existing file back to 0600 before overwriting
    s.Add(_keyed(tmp_path, certs.test))
    assert X509Certificate2(str(f)).HasPrivateKey
    assert stat.S_IMODE(f.stat().st_mode) == 0o600
    assert os.listdir(store_dir(pki_home)) == [f.name]


def test_unreadable_file_with_same_thumbprint_moves_to_slot_1(tmp_path, certs, pki_home):
    folder = store_dir(pki_home)
    folder.mkdir(parents=True)
    (folder / f"{certs.test.thumbprint}.pfx").write_bytes(b"not a pfx")
    s = _open("My", "CurrentUser")
    s.Add(_keyed(tmp_path, certs.test))
    assert (folder / f"{certs.test.thumbprint}.1.pfx").is_file()
    assert [c.Thumbprint for c in s.Certificates] == [certs.test.thumbprint]  # junk skipped
    for i in range(2, 10):
        (folder / f"{certs.ca.thumbprint}.pfx").write_bytes(b"junk")
        (folder / f"{certs.ca.thumbprint}.{i - 1}.pfx").write_bytes(b"junk")
    (folder / f"{certs.ca.thumbprint}.9.pfx").write_bytes(b"junk")
    with pytest.raises(CryptographicException) as full:
        s.Add(X509Certificate2(certs.ca.der))
    assert full.value.Message == (
        "The X509 certificate could not be added to the store because all candidate file names were in use."
    )


def test_read_only_and_not_open_errors(tmp_path, certs, pki_home):
    cert = _keyed(tmp_path, certs.test)
    closed = X509Store("My", "CurrentUser")
    with pytest.raises(CryptographicException) as not_open:
        closed.Add(cert)
    assert not_open.value.Message == "The X509 certificate store has not been opened."
    assert closed.Certificates.Count == 0  # no error when not open
    ro = _open("My", "CurrentUser", flags=OpenFlags.ReadOnly)
    with pytest.raises(CryptographicException) as e:
        ro.Add(cert)
    assert e.value.Message == READ_ONLY
    ro.Remove(cert)  # nothing to remove: silent even though read-only
    rw = _open("My", "CurrentUser", flags=OpenFlags.MaxAllowed)  # MaxAllowed is writable
    rw.Add(cert)
    with pytest.raises(CryptographicException) as e2:
        ro.Remove(cert)  # now there is work to do
    assert e2.value.Message == READ_ONLY
    with pytest.raises(CryptographicException) as missing:
        _open("Nope", "CurrentUser", flags=OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly)
    assert missing.value.Message == "The specified X509 certificate store does not exist."


def test_remove_deletes_every_copy(tmp_path, certs, pki_home):
    folder = store_dir(pki_home)
    s = _open("My", "CurrentUser")
    s.Add(_keyed(tmp_path, certs.test))
    dotnet_store_file(certs.test, folder / f"{certs.test.thumbprint}.3.pfx")
    s.Remove(X509Certificate2(certs.test.der))
    assert os.listdir(folder) == []
    assert folder.is_dir()  # the directory is never removed


def test_add_range_rolls_back_on_failure(tmp_path, certs, pki_home):
    s = _open("My", "CurrentUser")
    with pytest.raises(CryptographicException):
        s.AddRange([X509Certificate2(certs.test.der), X509Certificate2()])
    assert s.Certificates.Count == 0


def test_local_machine_rules(tmp_path, certs, pki_home, monkeypatch):
    for flags in ("ReadWrite", "ReadWrite, OpenExistingOnly"):
        with pytest.raises(CryptographicException) as rw:
            _open(StoreName.My, StoreLocation.LocalMachine, flags=flags)
        assert rw.value.Message == "Unix LocalMachine X509Stores are read-only for all users."
        assert rw.value.InnerException.type_name == "System.PlatformNotSupportedException"
    with pytest.raises(CryptographicException) as my:
        _open("My", "LocalMachine", flags="ReadOnly")
    assert my.value.Message == "Unix LocalMachine X509Store is limited to the Root and CertificateAuthority stores."
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(certs.ca.cert_pem.read_bytes() + certs.leaf.cert_pem.read_bytes())
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "no-such-dir"))
    root = _open("root", "LocalMachine", flags="MaxAllowed")  # only the ReadWrite bit is refused
    assert [c.Subject for c in root.Certificates] == ["CN=Test CA"]  # self-signed -> Root
    ca = _open(StoreName.CertificateAuthority, StoreLocation.LocalMachine, flags="ReadOnly")
    assert [c.Subject for c in ca.Certificates] == ["CN=leaf"]  # others -> CA
    with pytest.raises(InvalidOperationException):
        root.Add(X509Certificate2(certs.test.der))
    assert find_by_thumbprint(certs.ca.thumbprint, "LocalMachine", store="Root").Subject == "CN=Test CA"
    with pytest.raises(CryptographicException):
        find_by_thumbprint(certs.ca.thumbprint, "LocalMachine")  # LocalMachine\My


def test_disallowed_store(tmp_path, certs, pki_home):
    s = _open("Disallowed", "CurrentUser")
    assert s.Certificates.Count == 0
    with pytest.raises(CryptographicException) as e:
        s.Add(X509Certificate2(certs.test.der))
    assert e.value.Message == "The Disallowed store is not supported on this platform."
    folder = store_dir(pki_home, "disallowed")
    folder.mkdir(parents=True)
    (folder / "x.pfx").write_bytes(b"x")
    with pytest.raises(CryptographicException) as full:
        _open(StoreName.Disallowed, "CurrentUser", flags="ReadOnly")
    assert full.value.Message == (
        "The Disallowed store is not supported on this platform, but already has data. "
        f"All files under '{folder}' must be removed."
    )


def test_directory_permission_checks(tmp_path, certs, pki_home):
    folder = store_dir(pki_home)
    folder.mkdir(parents=True)
    os.chmod(folder, 0o600)
    with pytest.raises(CryptographicException) as perms:
        _open("My", "CurrentUser").Add(X509Certificate2(certs.test.der))
    assert perms.value.Message == (
        f"Invalid directory permissions. The directory '{folder}' must be readable, writable and "
        "executable by the owner."
    )
    os.chmod(folder, 0o700)
    if os.geteuid() != 0:
        pytest.skip("changing a directory's owner needs root")
    os.chown(folder, 12345, -1)
    with pytest.raises(CryptographicException) as owner:
        _open("My", "CurrentUser").Add(X509Certificate2(certs.test.der))
    assert owner.value.Message == f"The owner of '{folder}' is not the current user."


def test_find_certificate_with_key_searches_current_user_then_local_machine(tmp_path, certs, pki_home):
    assert find_certificate_with_key(certs.test.thumbprint) is None  # no store at all
    _open("My", "CurrentUser").Add(_keyed(tmp_path, certs.test))
    found = find_certificate_with_key(certs.test.thumbprint)
    assert found.HasPrivateKey and found.Thumbprint == certs.test.thumbprint
    assert b"BEGIN PRIVATE KEY" in found._pem_bytes()
    assert find_certificate_with_key(certs.ca.thumbprint) is None


def test_home_comes_from_the_environment(tmp_path, certs, monkeypatch):
    other = tmp_path / "elsewhere"
    other.mkdir()
    monkeypatch.setenv("HOME", str(other))
    _open("My", "CurrentUser").Add(X509Certificate2(certs.test.der))
    assert (store_dir(other) / f"{certs.test.thumbprint}.pfx").is_file()
    explicit = tmp_path / "explicit"
    s = X509Store("My", "CurrentUser", home=str(explicit))
    s.Open("ReadWrite")
    s.Add(X509Certificate2(certs.test.der))
    assert (store_dir(explicit) / f"{certs.test.thumbprint}.pfx").is_file()


def test_leftover_temp_files_are_never_store_entries(tmp_path, certs, pki_home):
    # A crash between writing and linking leaves at most a hidden *.tmp file, which .NET's
    # `*.pfx` enumeration (and ours) does not list.
    folder = store_dir(pki_home)
    folder.mkdir(parents=True)
    (folder / f".{certs.test.thumbprint}.pfx.1.dead.tmp").write_bytes(b"half a file")
    s = _open("My", "CurrentUser")
    assert s.Certificates.Count == 0
    s.Add(_keyed(tmp_path, certs.test))
    assert sorted(os.listdir(folder)) == [f".{certs.test.thumbprint}.pfx.1.dead.tmp", f"{certs.test.thumbprint}.pfx"]
    assert [c.HasPrivateKey for c in s.Certificates] == [True]
