"""Oid, X500DistinguishedName, PublicKey and X509Extension as .NET shows them on Linux.

Distinguished names follow dotnet/runtime X500NameEncoder (managed decode): `Name` is the
Reversed form (most specific RDN first), RDNs joined by ", ", multi-valued RDNs by " + ",
values quoted with "" (inner quotes doubled) when empty, when they start or end with
whitespace, or contain one of ,+="\\n<>#; ; attribute types by .NET's OID friendly names
("CN", "O", "S" for stateOrProvinceName, "E" for emailAddress ...), else "OID.1.2.3".
"""

from __future__ import annotations

from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from pwshim.runtime.dotnet import dotnet_type

_NS = "System.Security.Cryptography."

# .NET's OID friendly names (dotnet/runtime OidLookup table) for the OIDs certificates use.
OID_FRIENDLY = {
    "2.5.4.3": "CN",
    "2.5.4.4": "SN",
    "2.5.4.5": "SERIALNUMBER",
    "2.5.4.6": "C",
    "2.5.4.7": "L",
    "2.5.4.8": "S",
    "2.5.4.9": "STREET",
    "2.5.4.10": "O",
    "2.5.4.11": "OU",
    "2.5.4.12": "T",
    "2.5.4.42": "G",
    "2.5.4.43": "I",
    "1.2.840.113549.1.9.1": "E",
    "0.9.2342.19200300.100.1.25": "DC",
    "1.2.840.113549.1.1.1": "RSA",
    "1.2.840.10045.2.1": "ECC",
    "1.2.840.113549.1.1.5": "sha1RSA",
    "1.2.840.113549.1.1.11": "sha256RSA",
    "1.2.840.113549.1.1.12": "sha384RSA",
    "1.2.840.113549.1.1.13": "sha512RSA",
    "1.2.840.113549.1.1.10": "RSASSA-PSS",
    "1.2.840.10045.4.1": "sha1ECDSA",
    "1.2.840.10045.4.3.2": "sha256ECDSA",
    "1.2.840.10045.4.3.3": "sha384ECDSA",
    "1.2.840.10045.4.3.4": "sha512ECDSA",
    "1.3.101.112": "Ed25519",
    "2.5.29.14": "Subject Key Identifier",
    "2.5.29.15": "Key Usage",
    "2.5.29.17": "Subject Alternative Name",
    "2.5.29.19": "Basic Constraints",
    "2.5.29.35": "Authority Key Identifier",
    "2.5.29.37": "Enhanced Key Usage",
    "2.5.29.31": "CRL Distribution Points",
    "2.5.29.32": "Certificate Policies",
    "1.3.6.1.5.5.7.1.1": "Authority Information Access",
    "1.3.6.1.5.5.7.3.1": "Server Authentication",
    "1.3.6.1.5.5.7.3.2": "Client Authentication",
    "1.3.6.1.5.5.7.3.3": "Code Signing",
    "1.3.6.1.5.5.7.3.4": "Secure Email",
    "1.3.6.1.5.5.7.3.8": "Time Stamping",
}

def friendly_name_of(dotted: str) -> str | None:
    """.NET's table first; on Unix other OIDs get OpenSSL's long name (OidLookup.Unix),
    which cryptography's OID names follow ("postalCode", "businessCategory")."""
    if dotted in OID_FRIENDLY:
        return OID_FRIENDLY[dotted]
    try:
        name = x509.ObjectIdentifier(dotted)._name
    except ValueError:
        return None
    return None if not name or name == "Unknown OID" else name


_QUOTE_CHARS = set(',+="\n<>#;')  # \r is not in the list (as in Windows / .NET)


@dotnet_type(_NS + "Oid")
class Oid:
    """An object identifier with .NET's friendly name."""

    def __init__(self, value: str | None = None, friendly_name: str | None = None) -> None:
        self._value = value
        self._friendly = friendly_name if friendly_name is not None else friendly_name_of(value or "")
        if value is None and friendly_name:
            for key, name in OID_FRIENDLY.items():
                if name.lower() == friendly_name.lower():
                    self._value = key

    @property
    def Value(self) -> str | None:
        return self._value

    @property
    def FriendlyName(self) -> str | None:
        return self._friendly

    def ToString(self) -> str:
        return "System.Security.Cryptography.Oid"

    def __str__(self) -> str:
        return self.ToString()


def _needs_quoting(value: str) -> bool:
    if not value:
        return True
    ws = lambda c: c == " " or "\t" <= c <= "\r"
    return ws(value[0]) or ws(value[-1]) or any(c in _QUOTE_CHARS for c in value)


def _attr_value(attr: x509.NameAttribute) -> str:
    value = attr.value
    if isinstance(value, bytes):  # BitString attribute types: shown as hex by .NET
        return value.hex().upper()
    return str(value)


def decode_name(name: x509.Name, reverse: bool = True, separator: str = ", ") -> str:
    """X500DistinguishedNameDecode(flags=Reversed) as .NET formats Subject and Issuer."""
    rdns = list(name.rdns)
    if reverse:
        rdns.reverse()
    parts = []
    for rdn in rdns:
        items = []
        for attr in rdn:
            dotted = attr.oid.dotted_string
            tag = friendly_name_of(dotted)
            prefix = tag if tag and " " not in tag else "OID." + dotted
            value = _attr_value(attr)
            if _needs_quoting(value):
                value = '"' + value.replace('"', '""') + '"'
            items.append(f"{prefix}={value}")
        parts.append(" + ".join(items))
    return separator.join(parts)


@dotnet_type(_NS + "X509Certificates.X500DistinguishedName", accelerators=("X500DistinguishedName",))
class X500DistinguishedName:
    """A distinguished name: `.Name` is .NET's string form, `.RawData` the DER."""

    PS_DEFAULT_PROPERTIES = ("Name", "Oid", "RawData")

    def __init__(self, name: x509.Name) -> None:
        self._name = name

    @property
    def Name(self) -> str:
        return decode_name(self._name)

    @property
    def RawData(self) -> bytes:
        return self._name.public_bytes()

    @property
    def Oid(self) -> None:
        return None

    def Decode(self, flags: Any = 0) -> str:
        """X500DistinguishedNameFlags: Reversed=1, UseSemicolons=16, UseNewLines=256."""
        f = int(flags)
        sep = "; " if f & 16 else ("\n" if f & 256 and not f & 128 else ", ")
        return decode_name(self._name, reverse=bool(f & 1), separator=sep)

    def Format(self, multi_line: bool = False) -> str:
        return decode_name(self._name, reverse=False, separator="\n" if multi_line else ", ")

    def ToString(self) -> str:
        return "System.Security.Cryptography.X509Certificates.X500DistinguishedName"

    def __str__(self) -> str:
        return self.ToString()


@dotnet_type(_NS + "X509Certificates.X509Extension")
class X509Extension:
    """One certificate extension (Oid, Critical, RawData)."""

    PS_TO_STRING = "System.Security.Cryptography.Oid"

    def __init__(self, ext: x509.Extension) -> None:
        self._ext = ext

    @property
    def Oid(self) -> Oid:
        return Oid(self._ext.oid.dotted_string)

    @property
    def Critical(self) -> bool:
        return self._ext.critical

    @property
    def RawData(self) -> bytes:
        return self._ext.value.public_bytes()

    def ToString(self) -> str:
        # pwsh shows certificate extensions as "System.Security.Cryptography.Oid" in lists.
        return "System.Security.Cryptography.Oid"

    def __str__(self) -> str:
        return self.ToString()


@dotnet_type(_NS + "X509Certificates.PublicKey")
class PublicKey:
    """The certificate's subject public key (Oid, EncodedKeyValue, EncodedParameters)."""

    def __init__(self, cert: x509.Certificate) -> None:
        self._cert = cert

    def _spki(self) -> bytes:
        return self._cert.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    @property
    def Oid(self) -> Oid:
        return Oid(self._cert.public_key_algorithm_oid.dotted_string)

    @property
    def EncodedKeyValue(self) -> bytes:
        return _spki_parts(self._spki())[1]

    @property
    def EncodedParameters(self) -> bytes:
        return _spki_parts(self._spki())[0]

    def ExportSubjectPublicKeyInfo(self) -> bytes:
        return self._spki()

    def ToString(self) -> str:
        return "System.Security.Cryptography.X509Certificates.PublicKey"

    def __str__(self) -> str:
        return self.ToString()


def _read_tlv(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, content start, content end) of the DER element at pos."""
    tag = data[pos]
    length = data[pos + 1]
    pos += 2
    if length & 0x80:
        n = length & 0x7F
        length = int.from_bytes(data[pos : pos + n], "big")
        pos += n
    return tag, pos, pos + length


def _spki_parts(spki: bytes) -> tuple[bytes, bytes]:
    """(algorithm parameters DER, public key bits without the unused-bits byte)."""
    _, start, _ = _read_tlv(spki, 0)
    _, alg_start, alg_end = _read_tlv(spki, start)
    _, _, oid_end = _read_tlv(spki, alg_start)
    params = spki[oid_end:alg_end] or b"\x05\x00"
    _, bits_start, bits_end = _read_tlv(spki, alg_end)
    return params, spki[bits_start + 1 : bits_end]
