"""X509Certificate2 loading and members (reference §2)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12 as crypto_p12
from cryptography.x509.oid import NameOID

from pwshim.dotnet.securestring import SecureString
from pwshim.dotnet.x509 import X509Certificate, X509Certificate2
from pwshim.dotnet.x509collection import X509Certificate2Collection
from pwshim.dotnet.x509enums import X509ContentType, X509FindType, X509KeyStorageFlags
from pwshim.dotnet.x509names import decode_name
from pwshim.runtime.dotnet import resolve_type
from pwshim.runtime.errors import (
    ArgumentException,
    CryptographicException,
    FileNotFoundException,
    PlatformNotSupportedException,
)

from .conftest import make_cert, openssl, openssl_export, pfx_cryptography

BAD_PASSWORD = "The certificate data cannot be read with the provided password, the password may be incorrect."


def test_types_are_registered_under_their_net_names():
    ns = "System.Security.Cryptography.X509Certificates."
    assert resolve_type(ns + "X509Certificate2") is X509Certificate2
    assert resolve_type("X509Certificate") is X509Certificate  # pwsh's accelerator
    for name in ("X509Store", "StoreName", "StoreLocation", "OpenFlags", "X509KeyStorageFlags", "X509FindType"):
        assert resolve_type(ns + name) is not None, name
    assert int(resolve_type(ns + "StoreName").My) == 5
    assert int(resolve_type(ns + "X509KeyStorageFlags").Exportable) == 4


def test_modern_pfx_from_cryptography_with_securestring(tmp_path, certs):
    path = pfx_cryptography(certs.test, tmp_path / "aes.pfx", b"P@ss")
    c = X509Certificate2(str(path), SecureString.from_plain("P@ss"), X509KeyStorageFlags.Exportable)
    assert c.Thumbprint == hashlib.sha1(certs.test.der).hexdigest().upper()
    assert c.Subject == "CN=test, O=Org, C=US"  # most specific RDN first, ", " separated
    assert c.Issuer == c.Subject
    assert c.SubjectName.Name == c.Subject
    assert c.HasPrivateKey
    assert c._private_key().private_numbers() == certs.test.key.private_numbers()
    assert c.FriendlyName == ""  # always "" on Linux, even though the PFX has one
    assert c.Version == 3
    assert c.SignatureAlgorithm.FriendlyName == "sha256RSA"
    assert c.PublicKey.Oid.FriendlyName == "RSA"
    assert c.GetCertHashString() == c.Thumbprint
    assert c.RawData == certs.test.der == c.GetRawCertData()
    assert c.EnhancedKeyUsageList is None  # pwsh's script property fails on Linux


def test_serial_number_and_dates(tmp_path, certs):
    m = make_cert(tmp_path, "serial", x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "s")]), serial=0x80FF)
    c = X509Certificate2(str(m.cert_pem))
    assert c.SerialNumber == "0080FF"  # the DER integer's bytes, upper-case hex
    assert c.GetSerialNumber() == bytes([0xFF, 0x80, 0x00])  # little-endian, as .NET
    local = m.cert.not_valid_before_utc.astimezone().replace(tzinfo=None)
    assert c.NotBefore == local and c.NotBefore.tzinfo is None
    assert c.NotAfter > c.NotBefore


@pytest.mark.parametrize(
    "attrs, expected",
    [
        ([(NameOID.COMMON_NAME, "a, b")], 'CN="a, b"'),
        ([(NameOID.COMMON_NAME, ' padded')], 'CN=" padded"'),
        ([(NameOID.COMMON_NAME, 'say "hi" + go')], 'CN="say ""hi"" + go"'),
        ([(NameOID.STATE_OR_PROVINCE_NAME, "WA"), (NameOID.EMAIL_ADDRESS, "a@b.c")], "E=a@b.c, S=WA"),
        ([(NameOID.DOMAIN_COMPONENT, "com"), (NameOID.DOMAIN_COMPONENT, "contoso")], "DC=contoso, DC=com"),
        ([(x509.ObjectIdentifier("1.2.3.4"), "x")], "OID.1.2.3.4=x"),
        ([(NameOID.POSTAL_CODE, "98052"), (NameOID.COMMON_NAME, "c")], "CN=c, postalCode=98052"),
    ],
)
def test_distinguished_name_format(attrs, expected):
    name = x509.Name([x509.NameAttribute(oid, value) for oid, value in attrs])
    assert decode_name(name) == expected


def test_multi_valued_rdn():
    rdn = x509.RelativeDistinguishedName(
        [x509.NameAttribute(NameOID.COMMON_NAME, "a"), x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "b")]
    )
    text = decode_name(x509.Name([rdn]))
    assert text in ("CN=a + OU=b", "OU=b + CN=a")


def test_openssl_default_export_and_empty_password(tmp_path, certs):
    aes = openssl_export(
        tmp_path / "aes.pfx", "-in", str(certs.test.cert_pem), "-inkey", str(certs.test.key_pem), "-passout", "pass:pw"
    )
    assert X509Certificate2(str(aes), "pw").HasPrivateKey
    empty = openssl_export(
        tmp_path / "empty.pfx", "-in", str(certs.test.cert_pem), "-inkey", str(certs.test.key_pem), "-passout", "pass:"
    )
    # No password, null password and "" all read an empty-password PFX (.NET retries both).
    for args in ((), (None,), ("",)):
        assert X509Certificate2(str(empty), *args).HasPrivateKey


def _legacy_rc2_supported(tmp_path, certs) -> bool:
    proc = openssl(
        "pkcs12", "-export", "-legacy", "-out", str(tmp_path / "probe.pfx"), "-in", str(certs.test.cert_pem),
        "-inkey", str(certs.test.key_pem), "-passout", "pass:pw", "-keypbe", "PBE-SHA1-3DES",
        "-certpbe", "PBE-SHA1-RC2-40",
    )
    return proc.returncode == 0


def test_windows_legacy_3des_rc2_pfx(tmp_path, certs):
    if not _legacy_rc2_supported(tmp_path, certs):
        pytest.skip("the installed openssl cannot write RC2-40 (legacy provider unavailable)")
    path = tmp_path / "probe.pfx"
    info = openssl("pkcs12", "-legacy", "-info", "-in", str(path), "-passin", "pass:pw", "-noout")
    text = info.stderr + info.stdout
    assert "PKCS7 Encrypted data: pbeWithSHA1And40BitRC2-CBC" in text  # certs: RC2-40
    if info.returncode == 0:
        assert "Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC" in text  # key: 3DES
    c = X509Certificate2(str(path), SecureString.from_plain("pw"))
    assert c.HasPrivateKey and c.Subject == "CN=test, O=Org, C=US"


def test_pfx_with_chain(tmp_path, certs):
    path = openssl_export(
        tmp_path / "chain.pfx", "-in", str(certs.leaf.cert_pem), "-inkey", str(certs.leaf.key_pem),
        "-certfile", str(certs.ca.cert_pem), "-passout", "pass:pw",
    )
    single = X509Certificate2(str(path), "pw")
    assert single.Subject == "CN=leaf" and single.HasPrivateKey  # the cert with the key
    assert single.Issuer == "CN=Test CA"
    coll = X509Certificate2Collection()
    coll.Import(str(path), "pw", X509KeyStorageFlags.PersistKeySet)
    assert coll.Count == 2
    assert sorted(c.Subject for c in coll) == ["CN=Test CA", "CN=leaf"]
    assert [c.HasPrivateKey for c in coll if c.Subject == "CN=leaf"] == [True]
    assert [c.HasPrivateKey for c in coll if c.Subject == "CN=Test CA"] == [False]


def test_pfx_without_key_picks_the_last_certificate(tmp_path, certs):
    both = tmp_path / "both.pem"
    both.write_bytes(certs.leaf.cert_pem.read_bytes() + certs.ca.cert_pem.read_bytes())
    path = openssl_export(tmp_path / "nokey.pfx", "-nokeys", "-in", str(both), "-passout", "pass:pw")
    c = X509Certificate2(str(path), "pw")
    assert not c.HasPrivateKey
    assert c.Subject == "CN=Test CA"  # last cert in bag order (X509CertificateLoader.Unix)


def test_pem_der_and_bytes(tmp_path, certs):
    der = tmp_path / "c.cer"
    der.write_bytes(certs.test.der)
    for c in (X509Certificate2(str(der)), X509Certificate2(str(certs.test.cert_pem)), X509Certificate2(certs.test.der)):
        assert c.Thumbprint == certs.test.thumbprint and not c.HasPrivateKey
    assert X509Certificate2(list(certs.test.der)).Thumbprint == certs.test.thumbprint  # byte[] as a list
    raw = pfx_cryptography(certs.ec, tmp_path / "ec.pfx", b"x").read_bytes()
    ecc = X509Certificate2(raw, "x", "Exportable,PersistKeySet")
    assert ecc.HasPrivateKey and ecc.PublicKey.Oid.FriendlyName == "ECC"


def test_errors(tmp_path, certs):
    path = pfx_cryptography(certs.test, tmp_path / "p.pfx", b"right")
    with pytest.raises(CryptographicException) as wrong:
        X509Certificate2(str(path), "wrong")
    assert wrong.value.Message == BAD_PASSWORD
    with pytest.raises(CryptographicException) as none:
        X509Certificate2(str(path))
    assert none.value.Message == BAD_PASSWORD
    missing = tmp_path / "missing.pfx"
    with pytest.raises(FileNotFoundException) as nf:
        X509Certificate2(str(missing))
    assert nf.value.Message == f"Could not find file '{missing}'."
    junk = tmp_path / "junk.pfx"
    junk.write_bytes(b"\x30\x03\x02\x01\x05 this is not a certificate")
    with pytest.raises(CryptographicException):
        X509Certificate2(str(junk))
    with pytest.raises(ArgumentException) as flags:
        X509Certificate2(str(path), "right", 64)
    assert flags.value.Message == "Value of flags is invalid."
    with pytest.raises(CryptographicException) as combo:
        X509Certificate2(str(path), "right", "PersistKeySet, EphemeralKeySet")
    assert combo.value.Message == "The flags 'PersistKeySet, EphemeralKeySet' may not be specified together."
    with pytest.raises(CryptographicException) as empty:
        _ = X509Certificate2().Thumbprint
    assert empty.value.Message == "m_safeCertContext is an invalid handle."
    c = X509Certificate2(str(path), "right")
    with pytest.raises(PlatformNotSupportedException) as fn:
        c.FriendlyName = "x"
    assert fn.value.Message == "The FriendlyName value cannot be set on Unix."


def test_export_equals_and_to_string(tmp_path, certs):
    c = X509Certificate2(str(pfx_cryptography(certs.test, tmp_path / "p.pfx", b"pw")), "pw")
    assert c.Export(X509ContentType.Cert) == certs.test.der
    pfx = c.Export("Pfx")
    loaded = crypto_p12.load_pkcs12(pfx, None)
    assert loaded.key is not None and loaded.cert.certificate == certs.test.cert
    protected = c.Export(X509ContentType.Pkcs12, SecureString.from_plain("pw2"))
    assert X509Certificate2(protected, "pw2").HasPrivateKey
    with pytest.raises(PlatformNotSupportedException):
        c.Export(X509ContentType.SerializedCert)
    other = X509Certificate2(certs.test.der)
    assert c.Equals(other) and not c.Equals(X509Certificate2(certs.ca.der))
    text = c.ToString()
    assert text.startswith("[Subject]\n  CN=test, O=Org, C=US\n\n[Issuer]\n  CN=test, O=Org, C=US\n\n[Serial Number]\n")
    assert text.endswith(f"[Thumbprint]\n  {c.Thumbprint}\n")
    assert "\n\n[Not Before]\n  " in text and "\n\n[Not After]\n  " in text
    pem = c._pem_bytes()
    assert b"BEGIN PRIVATE KEY" in pem and b"BEGIN CERTIFICATE" in pem
    key = serialization.load_pem_private_key(pem, None)
    assert key.private_numbers() == certs.test.key.private_numbers()


def test_collection_find(tmp_path, certs):
    coll = X509Certificate2Collection([X509Certificate2(certs.test.der), X509Certificate2(certs.leaf.der)])
    found = coll.Find(X509FindType.FindByThumbprint, certs.leaf.thumbprint.lower(), False)
    assert found.Count == 1 and found[0].Subject == "CN=leaf"
    assert coll.Find("FindBySubjectName", "TEST", False).Count == 1
    assert coll.Find(X509FindType.FindBySubjectDistinguishedName, "cn=leaf", False).Count == 1
    assert coll.Find(X509FindType.FindByTimeValid, dt.datetime.now(), False).Count == 2
    # validOnly: a self-signed certificate outside any trust store does not verify.
    assert coll.Find(X509FindType.FindByThumbprint, certs.test.thumbprint, True).Count == 0
    coll.Remove(X509Certificate2(certs.test.der))
    assert [c.Subject for c in coll] == ["CN=leaf"]


def test_create_from_pem_file_gives_a_keyed_certificate_the_store_accepts(tmp_path, certs, pki_home):
    from pwshim.dotnet.x509store import X509Store

    c = X509Certificate2.CreateFromPemFile(str(certs.test.cert_pem), str(certs.test.key_pem))
    assert c.HasPrivateKey and c.Thumbprint == certs.test.thumbprint
    combined = tmp_path / "both.pem"
    combined.write_bytes(certs.test.key_pem.read_bytes() + certs.test.cert_pem.read_bytes())
    assert X509Certificate2.CreateFromPemFile(str(combined)).HasPrivateKey
    with pytest.raises(CryptographicException) as mismatch:
        X509Certificate2.CreateFromPem(certs.test.cert_pem.read_text(), certs.leaf.key_pem.read_text())
    assert mismatch.value.Message == (
        "The key contents do not contain a PEM, the content is malformed, or the key does not match the certificate."
    )
    store = X509Store("My", "CurrentUser")
    store.Open("ReadWrite")
    store.Add(c)
    assert [x.HasPrivateKey for x in store.Certificates] == [True]
