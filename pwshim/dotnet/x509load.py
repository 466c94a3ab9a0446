"""Reading certificate data as .NET's OpenSSL PAL does (reference §2.3, §1.5).

Order of attempts for a blob or file: DER certificate, PEM certificate, PKCS#7 DER, PKCS#7 PEM,
else PKCS#12 with the password. Passwords: None is .NET's null password; OpenSSL (used by
`cryptography`) tries both the null and the empty password, as .NET's loader does (§1.4).
"""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12

from pwshim.runtime.errors import (
    CryptographicException,
    FileNotFoundException,
    UnauthorizedAccessException,
)

BAD_PASSWORD = "The certificate data cannot be read with the provided password, the password may be incorrect."
NO_CERTIFICATES = "The provided PFX data contains no certificates."
CORRUPTED = "ASN1 corrupted data."  # Cryptography_Der_Invalid_Encoding (§1.8)


@dataclass
class Loaded:
    """One certificate of loaded data, with its private key when the PFX held one for it."""

    cert: x509.Certificate
    key: Any = None


def password_text(password: Any) -> str | None:
    """A password argument as text: None, a str, or a SecureString (read with reveal())."""
    if password is None:
        return None
    reveal = getattr(password, "reveal", None)
    if callable(reveal):
        return reveal()
    if isinstance(password, bytes | bytearray):
        return bytes(password).decode("utf-8")
    return str(password)


def read_file(path: str) -> bytes:
    """File bytes with .NET's System.IO exceptions."""
    full = os.path.abspath(path)
    try:
        with open(full, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise FileNotFoundException(f"Could not find file '{full}'.") from None
    except NotADirectoryError:
        raise FileNotFoundException(f"Could not find file '{full}'.") from None
    except PermissionError:
        raise UnauthorizedAccessException(f"Access to the path '{full}' is denied.") from None
    except IsADirectoryError:
        raise UnauthorizedAccessException(f"Access to the path '{full}' is denied.") from None


def _same_key(cert: x509.Certificate, key: Any) -> bool:
    fmt = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    try:
        return cert.public_key().public_bytes(*fmt) == key.public_key().public_bytes(*fmt)
    except Exception:  # noqa: BLE001 - an unusual key type: treat as no match
        return False


def _non_pkcs12(data: bytes) -> list[Loaded] | None:
    for loader in (x509.load_der_x509_certificate, x509.load_pem_x509_certificate):
        try:
            return [Loaded(loader(data))]
        except Exception:  # noqa: BLE001, S110 - not this format: try the next one
            pass
    for p7 in (pkcs7.load_der_pkcs7_certificates, pkcs7.load_pem_pkcs7_certificates):
        try:
            certs = p7(data)
        except Exception:  # noqa: BLE001, S112 - not this format
            continue
        if certs:
            return [Loaded(c) for c in certs]
    return None


def _looks_like_pkcs12(data: bytes) -> bool:
    return len(data) > 4 and data[0] == 0x30


def load_all(data: bytes, password: str | None) -> list[Loaded]:
    """Every certificate in the data, in .NET's collection order.

    For PKCS#12 .NET iterates the cert bags in reverse (§1.4). `cryptography` reports the
    key's certificate apart from the others (which keep bag order); the key's certificate is
    taken as the first bag, which is where OpenSSL and .NET's exporters put it.
    """
    found = _non_pkcs12(data)
    if found is not None:
        return found
    if not _looks_like_pkcs12(data):
        raise CryptographicException(CORRUPTED)
    pw = None if password is None else password.encode("utf-8")
    try:
        p12 = pkcs12.load_pkcs12(data, pw)
    except ValueError as exc:
        if "Invalid password" in str(exc):
            raise CryptographicException(BAD_PASSWORD) from None
        raise CryptographicException(CORRUPTED) from None
    bags: list[Loaded] = []
    if p12.cert is not None:
        bags.append(Loaded(p12.cert.certificate, p12.key))
    bags.extend(Loaded(c.certificate) for c in p12.additional_certs)
    if p12.key is not None and p12.cert is None:
        for bag in bags:
            if bag.key is None and _same_key(bag.cert, p12.key):
                bag.key = p12.key
                break
    if not bags:
        raise CryptographicException(NO_CERTIFICATES)
    bags.reverse()
    return bags


def load_one(data: bytes, password: str | None) -> Loaded:
    """The certificate `new X509Certificate2(data)` yields.

    A multi-certificate PFX gives the last certificate (in bag order) that has a matching key,
    else the last one (rt:X509CertificateLoader.Unix.cs LoadPkcs12, §1.5); other formats give
    the first certificate.
    """
    found = _non_pkcs12(data)
    if found is not None:
        return found[0]
    in_bag_order = list(reversed(load_all(data, password)))
    keyed = [b for b in in_bag_order if b.key is not None]
    return keyed[-1] if keyed else in_bag_order[-1]


_BUNDLE_CACHE: dict[tuple[Any, ...], list[x509.Certificate]] = {}


def _mtime(path: str | None) -> float:
    try:
        return os.stat(path).st_mtime if path else 0.0
    except OSError:
        return 0.0


def system_bundle() -> list[x509.Certificate]:
    """The OpenSSL trust file, then every file of each trust directory (SSL_CERT_FILE /
    SSL_CERT_DIR, ':'-separated, else OpenSSL's defaults; /etc/ssl/certs when the default
    directory has nothing), re-read when a modification time changes (§1.7,
    rt:OpenSslCachedSystemStoreProvider.cs)."""
    paths = ssl.get_default_verify_paths()
    cafile = os.environ.get("SSL_CERT_FILE") or paths.cafile
    dir_env = os.environ.get("SSL_CERT_DIR")
    dirs = [d for d in (dir_env or paths.capath or "").split(":") if d]
    key = (cafile, tuple(dirs), _mtime(cafile), *(_mtime(d) for d in dirs))
    cached = _BUNDLE_CACHE.get(key)
    if cached is not None:
        return cached
    certs: list[x509.Certificate] = []
    if cafile and os.path.isfile(cafile):
        certs.extend(read_pem_file(cafile))
    found_in_dirs = False
    for directory in dict.fromkeys(os.path.abspath(d) for d in dirs):
        before = len(certs)
        certs.extend(_read_dir(directory))
        found_in_dirs = found_in_dirs or len(certs) > before
    if not found_in_dirs and not dir_env:
        certs.extend(_read_dir("/etc/ssl/certs"))
    _BUNDLE_CACHE.clear()
    _BUNDLE_CACHE[key] = certs
    return certs


def _read_dir(directory: str) -> list[x509.Certificate]:
    out: list[x509.Certificate] = []
    if os.path.isdir(directory):
        for name in sorted(os.listdir(directory)):
            full = os.path.join(directory, name)
            if os.path.isfile(full):
                out.extend(read_pem_file(full))
    return out


def read_pem_file(path: str) -> list[x509.Certificate]:
    import warnings

    try:
        with open(path, "rb") as fh, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # old roots with non-positive serials
            return x509.load_pem_x509_certificates(fh.read())
    except (OSError, ValueError):
        return []
