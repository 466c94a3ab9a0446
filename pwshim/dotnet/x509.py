"""X509Certificate / X509Certificate2 as .NET on Linux has them.

Importing this module registers every X509 type: the store is in x509store.py, the
collection in x509collection.py, the enums in x509enums.py, Oid / X500DistinguishedName in
x509names.py; x509load.py reads certificate data and pkcs12.py writes .NET-style PFX files.

Internal API for other pwshim areas (Connect-AzAccount -CertificateThumbprint and friends):

- `find_certificate_with_key(thumbprint, home=None) -> X509Certificate2 | None`
  (in x509store.py): searches CurrentUser\\My, then LocalMachine\\My, as Az does.
- `cert._private_key()` -> the `cryptography` private key object, or None.
- `cert._pem_bytes(include_key=True)` -> PEM bytes: the private key (PKCS#8, unencrypted)
  followed by the certificate; what azure-identity's
  `CertificateCredential(tenant_id, client_id, certificate_data=cert._pem_bytes())` takes.
- `cert._pfx_bytes(password=None)` -> a .NET-style PFX (3DES/SHA1/2000) of the cert + key.
- `cert._crypto_cert()` -> the `cryptography.x509.Certificate`.
These are Python-only (lower-case names are not .NET members, so scripts cannot reach them).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from typing import Any, ClassVar

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from pwshim.dotnet import pkcs12
from pwshim.dotnet.x509enums import (
    X509ContentType,
    X509KeyStorageFlags,
    to_enum,
)
from pwshim.dotnet.x509load import (
    Loaded,
    load_one,
    password_text,
    read_file,
    system_bundle,
)
from pwshim.dotnet.x509names import (
    Oid,
    PublicKey,
    X500DistinguishedName,
    X509Extension,
    decode_name,
)
from pwshim.runtime.dotnet import dotnet_type
from pwshim.runtime.errors import (
    ArgumentException,
    ArgumentNullException,
    CryptographicException,
    PlatformNotSupportedException,
)

_NS = "System.Security.Cryptography.X509Certificates."
_VALID_FLAGS = 0x3F


def _bytes_arg(value: Any) -> bytes | None:
    """A byte[] argument: bytes, bytearray, or a list of ints (pwsh arrays)."""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if isinstance(value, list | tuple) and all(isinstance(b, int) for b in value):
        return bytes(value)
    return None


def _check_flags(flags: Any) -> None:
    """X509Certificate.ValidateKeyStorageFlags (all platforms; reference §2.1)."""
    value = int(flags)
    if value & ~_VALID_FLAGS:
        raise ArgumentException("Value of flags is invalid.")
    both = X509KeyStorageFlags.PersistKeySet | X509KeyStorageFlags.EphemeralKeySet
    if value & both == both:
        raise CryptographicException("The flags 'PersistKeySet, EphemeralKeySet' may not be specified together.")


def _local(when: _dt.datetime) -> _dt.datetime:
    """A UTC time as .NET's local-kind DateTime (naive local time)."""
    return when.astimezone().replace(tzinfo=None)


def _culture_date(when: _dt.datetime) -> str:
    """DateTime.ToString() in en-US: 1/2/2026 3:04:05 PM."""
    hour = when.hour % 12 or 12
    ampm = "AM" if when.hour < 12 else "PM"
    return f"{when.month}/{when.day}/{when.year} {hour}:{when.minute:02d}:{when.second:02d} {ampm}"


def _serial_bytes(cert: x509.Certificate) -> bytes:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # old roots with non-positive serials
        n = cert.serial_number
    if n < 0:
        return n.to_bytes((n.bit_length() + 8) // 8, "big", signed=True)
    return n.to_bytes(n.bit_length() // 8 + 1, "big") if n else b"\x00"


def _parse_args(args: tuple[Any, ...]) -> tuple[bytes | None, str | None, Any, str | None]:
    """(data, file name, password, flags) from the constructor overloads of §2.3."""
    if not args:
        return None, None, None, None
    first = args[0]
    password = password_text(args[1]) if len(args) > 1 else None
    flags = to_enum(X509KeyStorageFlags, args[2]) if len(args) > 2 and args[2] is not None else 0
    if len(args) > 3:
        raise ArgumentException(f"Cannot find an overload for \"new\" and the argument count: \"{len(args)}\".")
    _check_flags(flags)
    data = _bytes_arg(first)
    if data is not None:
        return data, None, password, flags
    if first is None:
        raise ArgumentNullException("Value cannot be null. (Parameter 'rawData')")
    return None, str(first), password, flags


@dotnet_type(_NS + "X509Certificate", accelerators=("X509Certificate",))
class X509Certificate:
    """The base certificate type; most scripts use X509Certificate2."""

    def __init__(self, *args: Any) -> None:
        self._loaded: Loaded | None = None
        if args and isinstance(args[0], X509Certificate):
            self._loaded = args[0]._loaded
            return
        data, path, password, _flags = _parse_args(args)
        if path is not None:
            if not path:
                raise ArgumentException("The value cannot be an empty string. (Parameter 'fileName')")
            data = read_file(path)
        if data is not None:
            if not data:
                raise ArgumentException("Array may not be empty or null. (Parameter 'rawData')")
            self._loaded = load_one(data, password)

    @classmethod
    def _from_loaded(cls, loaded: Loaded) -> X509Certificate:
        obj = cls.__new__(cls)
        obj._loaded = loaded
        return obj

    # --- internal API ------------------------------------------------------------------------
    def _pal(self) -> Loaded:
        if self._loaded is None:
            raise CryptographicException("m_safeCertContext is an invalid handle.")
        return self._loaded

    def _crypto_cert(self) -> x509.Certificate:
        return self._pal().cert

    def _private_key(self) -> Any:
        return self._pal().key

    def _der(self) -> bytes:
        return self._pal().cert.public_bytes(serialization.Encoding.DER)

    def _pem_bytes(self, include_key: bool = True) -> bytes:
        pal = self._pal()
        out = b""
        if include_key and pal.key is not None:
            out += pal.key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        return out + pal.cert.public_bytes(serialization.Encoding.PEM)

    def _pfx_bytes(self, password: str | None = None) -> bytes:
        pal = self._pal()
        return pkcs12.write_single(pal.cert, pal.key, password)

    # --- .NET members --------------------------------------------------------------------------
    @property
    def Subject(self) -> str:
        return decode_name(self._crypto_cert().subject)

    @property
    def Issuer(self) -> str:
        return decode_name(self._crypto_cert().issuer)

    @property
    def Handle(self) -> int:
        return 0 if self._loaded is None else id(self._loaded)

    def GetCertHash(self) -> bytes:
        return hashlib.sha1(self._der()).digest()

    def GetCertHashString(self) -> str:
        return self.GetCertHash().hex().upper()

    def GetRawCertData(self) -> bytes:
        return self._der()

    def GetRawCertDataString(self) -> str:
        return self._der().hex().upper()

    def GetSerialNumber(self) -> bytes:
        return _serial_bytes(self._crypto_cert())[::-1]  # little-endian, as .NET returns it

    def GetSerialNumberString(self) -> str:
        return _serial_bytes(self._crypto_cert()).hex().upper()

    def GetEffectiveDateString(self) -> str:
        return _culture_date(_local(self._crypto_cert().not_valid_before_utc))

    def GetExpirationDateString(self) -> str:
        return _culture_date(_local(self._crypto_cert().not_valid_after_utc))

    def GetName(self) -> str:
        return self.Subject

    def GetIssuerName(self) -> str:
        return self.Issuer

    def GetFormat(self) -> str:
        return "X509"

    def GetHashCode(self) -> int:
        return int.from_bytes(self.GetCertHash()[:4], "little", signed=True) if self._loaded else 0

    def Equals(self, other: Any) -> bool:
        """Same Issuer string and same serial number (rt:X509Certificate.cs Equals)."""
        if not isinstance(other, X509Certificate):
            return False
        if self._loaded is None or other._loaded is None:
            return self._loaded is None and other._loaded is None
        return self.Issuer == other.Issuer and _serial_bytes(self._crypto_cert()) == _serial_bytes(
            other._crypto_cert()
        )

    def Export(self, content_type: Any, password: Any = None) -> bytes:
        """Cert -> DER; Pfx/Pkcs12 -> .NET's 3DES/SHA1/2000 PFX (§1.4); Pkcs7 -> PKCS#7 DER."""
        kind = to_enum(X509ContentType, content_type)
        if kind == X509ContentType.Cert:
            return self._der()
        if kind == X509ContentType.Pfx:
            return self._pfx_bytes(password_text(password))
        if kind == X509ContentType.Pkcs7:
            return pkcs7.serialize_certificates([self._crypto_cert()], serialization.Encoding.DER)
        if kind in (X509ContentType.SerializedCert, X509ContentType.SerializedStore):
            raise PlatformNotSupportedException(
                "X509ContentType.SerializedCert and X509ContentType.SerializedStore are not supported on Unix."
            )
        raise CryptographicException("Invalid content type.")

    def Import(self, *args: Any) -> None:
        raise PlatformNotSupportedException(
            "X509Certificate is immutable on this platform. Use the equivalent constructor instead."
        )

    def Reset(self) -> None:
        self._loaded = None

    def Dispose(self) -> None:
        self.Reset()

    def ToString(self, verbose: bool = True) -> str:
        """X509Certificate.ToString(fVerbose: true), reference §2.4."""
        if self._loaded is None:
            return _NS + type(self).__name__
        c = self._crypto_cert()
        parts = [
            ("Subject", self.Subject),
            ("Issuer", self.Issuer),
            ("Serial Number", self.GetSerialNumberString()),
            ("Not Before", _culture_date(_local(c.not_valid_before_utc))),
            ("Not After", _culture_date(_local(c.not_valid_after_utc))),
            ("Thumbprint", self.GetCertHashString()),
        ]
        return "\n".join(f"[{label}]\n  {value}\n" for label, value in parts)

    def __str__(self) -> str:
        return self.ToString()

    def __repr__(self) -> str:
        if self._loaded is None:
            return f"<{type(self).__name__} (empty)>"
        return f"<{type(self).__name__} {self.GetCertHashString()} {self.Subject}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, X509Certificate) and self.Equals(other)

    def __hash__(self) -> int:
        return self.GetHashCode()


@dotnet_type(_NS + "X509Certificate2")
class X509Certificate2(X509Certificate):
    """A certificate with its private key when one was loaded (keys live in memory, §2.1)."""

    # Certificate.format.ps1xml ThumbprintTable (reference §7.1).
    PS_DEFAULT_PROPERTIES = ("Thumbprint", "Subject", "EnhancedKeyUsageList")
    PS_TABLE_WIDTHS: ClassVar[dict[str, int]] = {"Thumbprint": 41, "Subject": 20}
    PS_LIST_PROPERTIES = ("Subject", "Issuer", "Thumbprint", "FriendlyName", "NotBefore", "NotAfter", "Extensions")
    PS_WIDE_PROPERTY = "Thumbprint"

    @staticmethod
    def PS_GROUP_HEADER(obj: Any) -> str | None:
        """ThumbprintTable groups by PSParentPath: items from the Cert: drive carry it."""
        from pwshim.runtime.objects import NoteProperties

        parent = NoteProperties.of(obj).get("PSParentPath")
        return f"   PSParentPath: {parent}" if parent else None

    @property
    def Thumbprint(self) -> str:
        return self.GetCertHashString()

    @property
    def SerialNumber(self) -> str:
        return self.GetSerialNumberString()

    @property
    def SubjectName(self) -> X500DistinguishedName:
        return X500DistinguishedName(self._crypto_cert().subject)

    @property
    def IssuerName(self) -> X500DistinguishedName:
        return X500DistinguishedName(self._crypto_cert().issuer)

    @property
    def NotBefore(self) -> _dt.datetime:
        return _local(self._crypto_cert().not_valid_before_utc)

    @property
    def NotAfter(self) -> _dt.datetime:
        return _local(self._crypto_cert().not_valid_after_utc)

    @property
    def HasPrivateKey(self) -> bool:
        return self._pal().key is not None

    @property
    def FriendlyName(self) -> str:
        self._pal()
        return ""  # always "" on Linux (rt:OpenSslX509CertificateReader.cs, §2.4)

    @FriendlyName.setter
    def FriendlyName(self, value: Any) -> None:
        raise PlatformNotSupportedException("The FriendlyName value cannot be set on Unix.")

    @property
    def Archived(self) -> bool:
        self._pal()
        return False

    @Archived.setter
    def Archived(self, value: Any) -> None:
        raise PlatformNotSupportedException("The Archived value cannot be set on Unix.")

    @property
    def Version(self) -> int:
        return self._crypto_cert().version.value + 1

    @property
    def SignatureAlgorithm(self) -> Oid:
        return Oid(self._crypto_cert().signature_algorithm_oid.dotted_string)

    @property
    def PublicKey(self) -> PublicKey:
        return PublicKey(self._crypto_cert())

    @property
    def Extensions(self) -> list[X509Extension]:
        return [X509Extension(e) for e in self._crypto_cert().extensions]

    @property
    def RawData(self) -> bytes:
        return self._der()

    @property
    def EnhancedKeyUsageList(self) -> None:
        # pwsh's ETS script property calls a Windows-only class: empty on Linux (§2.4, §7.1).
        return None

    @property
    def DnsNameList(self) -> None:
        return None

    @property
    def SendAsTrustedIssuer(self) -> None:
        return None

    def GetNameInfo(self, name_type: Any, for_issuer: bool) -> str:
        """X509NameType.SimpleName (0): the CN (else the first RDN value)."""
        name = self._crypto_cert().issuer if for_issuer else self._crypto_cert().subject
        cns = name.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
        if cns:
            return str(cns[0].value)
        rdns = list(name.rdns)
        return str(next(iter(rdns[-1])).value) if rdns else ""

    @staticmethod
    def CreateFromPem(cert_pem: str, key_pem: str | None = None) -> X509Certificate2:
        """The first CERTIFICATE of `cert_pem`, with the (unencrypted) key of `key_pem`."""
        loaded = _from_pem(str(cert_pem).encode(), None if key_pem is None else str(key_pem).encode())
        return X509Certificate2._from_loaded(loaded)  # type: ignore[return-value]

    @staticmethod
    def CreateFromPemFile(cert_pem_path: str, key_pem_path: str | None = None) -> X509Certificate2:
        """CreateFromPem over files; without a key file the key is looked for in the cert file."""
        cert_pem = read_file(str(cert_pem_path))
        key_pem = read_file(str(key_pem_path)) if key_pem_path is not None else cert_pem
        return X509Certificate2._from_loaded(_from_pem(cert_pem, key_pem))  # type: ignore[return-value]

    def Verify(self) -> bool:
        c = self._crypto_cert()
        now = _dt.datetime.now(_dt.UTC)
        return c.not_valid_before_utc <= now <= c.not_valid_after_utc and _self_trusted(c)

    def ToString(self, verbose: bool = False) -> str:
        return super().ToString(True)


_NO_PEM_KEY = "The key contents do not contain a PEM, the content is malformed, or the key does not match the certificate."


def _from_pem(cert_pem: bytes, key_pem: bytes | None) -> Loaded:
    """X509Certificate2.CreateFromPem: the first certificate; the first private key that
    matches it (Cryptography_X509_NoOrMismatchedPemKey otherwise)."""
    try:
        cert = x509.load_pem_x509_certificate(cert_pem)
    except ValueError:
        raise CryptographicException("The contents do not contain a PEM with a CERTIFICATE label, or the content is malformed.") from None
    if key_pem is None:
        return Loaded(cert)
    fmt = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    spki = cert.public_key().public_bytes(*fmt)
    for block in re.findall(rb"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----", key_pem, re.DOTALL):
        if b"ENCRYPTED" in block.split(b"\n", 1)[0]:
            continue
        try:
            key = serialization.load_pem_private_key(block, None)
        except (ValueError, TypeError):
            continue
        if key.public_key().public_bytes(*fmt) == spki:
            return Loaded(cert, key)
        break  # .NET uses the first key it can read; a mismatch is an error
    raise CryptographicException(_NO_PEM_KEY)


def _self_trusted(cert: x509.Certificate) -> bool:
    """A simplified chain build: trusted when the certificate is, or is directly issued by, a
    certificate of the system trust bundle (.NET builds a full X509Chain; not reproduced)."""
    for anchor in system_bundle():
        if anchor == cert:
            return True
        if anchor.subject == cert.issuer:
            try:
                cert.verify_directly_issued_by(anchor)
                return True
            except Exception:  # noqa: BLE001, S112 - wrong key or algorithm: not this anchor
                continue
    return False


# Registering the store types and enums is part of importing this module (dotnet._PROVIDERS).
from pwshim.dotnet import x509collection as _collection  # noqa: F401
from pwshim.dotnet import x509enums as _enums  # noqa: F401
from pwshim.dotnet import x509store as _store  # noqa: F401
