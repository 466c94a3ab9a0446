"""X509Certificate2Collection: a list of certificates with Find, Import and Export."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from pwshim.dotnet import pkcs12
from pwshim.dotnet.x509 import X509Certificate2, _bytes_arg, _check_flags
from pwshim.dotnet.x509enums import (
    X509ContentType,
    X509FindType,
    X509KeyStorageFlags,
    to_enum,
)
from pwshim.dotnet.x509load import load_all, password_text, read_file
from pwshim.dotnet.x509names import decode_name
from pwshim.runtime.dotnet import dotnet_type
from pwshim.runtime.errors import ArgumentNullException, CryptographicException

_NS = "System.Security.Cryptography.X509Certificates."


@dotnet_type(_NS + "X509Certificate2Collection")
class X509Certificate2Collection:
    """A list of certificates with Find/Import/Export."""

    def __init__(self, items: Any = None) -> None:
        self._items: list[X509Certificate2] = []
        if isinstance(items, X509Certificate2):
            self._items.append(items)
        elif items is not None:
            self.AddRange(items)

    # .NET members
    @property
    def Count(self) -> int:
        return len(self._items)

    def Add(self, cert: X509Certificate2) -> int:
        if cert is None:
            raise ArgumentNullException("Value cannot be null. (Parameter 'certificate')")
        self._items.append(cert)
        return len(self._items) - 1

    def AddRange(self, certs: Iterable[X509Certificate2]) -> None:
        for c in certs:
            self.Add(c)

    def Remove(self, cert: X509Certificate2) -> None:
        for i, item in enumerate(self._items):
            if item is cert or item.Equals(cert):
                del self._items[i]
                return

    def RemoveRange(self, certs: Iterable[X509Certificate2]) -> None:
        for c in list(certs):
            self.Remove(c)

    def Contains(self, cert: X509Certificate2) -> bool:
        return any(item.Equals(cert) for item in self._items)

    def Clear(self) -> None:
        self._items.clear()

    def Import(self, data: Any, password: Any = None, flags: Any = 0) -> None:
        """Add every certificate of a file or blob (a PFX gives each cert with its key)."""
        _check_flags(to_enum(X509KeyStorageFlags, flags))
        raw = _bytes_arg(data)
        if raw is None:
            raw = read_file(str(data))
        for loaded in load_all(raw, password_text(password)):
            self._items.append(X509Certificate2._from_loaded(loaded))  # type: ignore[arg-type]

    def Export(self, content_type: Any, password: Any = None) -> bytes:
        kind = to_enum(X509ContentType, content_type)
        if kind == X509ContentType.Pfx:
            keys: list[Any] = []
            entries = []
            for c in self._items:
                key = c._private_key()
                if key is not None:
                    keys.append(key)
                    entries.append((c._crypto_cert(), len(keys) - 1))
                else:
                    entries.append((c._crypto_cert(), None))
            return pkcs12.write_pfx(entries, keys, password_text(password))
        if kind == X509ContentType.Pkcs7:
            return pkcs7.serialize_certificates([c._crypto_cert() for c in self._items], serialization.Encoding.DER)
        if kind == X509ContentType.Cert:
            return self._items[-1]._der() if self._items else b""
        raise CryptographicException("Invalid content type.")

    def Find(self, find_type: Any, value: Any, valid_only: bool) -> X509Certificate2Collection:
        """X509Certificate2Collection.Find (FindPal semantics for the common find types)."""
        kind = to_enum(X509FindType, find_type)
        match = _matcher(kind, value)
        result = X509Certificate2Collection()
        for c in self._items:
            if match(c) and (not valid_only or c.Verify()):
                result.Add(c)
        return result

    def __getitem__(self, index: int) -> X509Certificate2:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[X509Certificate2]:
        return iter(list(self._items))

    def GetEnumerator(self) -> Iterator[X509Certificate2]:
        return iter(list(self._items))

    def __repr__(self) -> str:
        return f"<X509Certificate2Collection {len(self._items)} certificate(s)>"


def _hex(value: Any) -> str:
    return "".join(ch for ch in str(value) if not ch.isspace() and ch != "\u200e").upper()


def _matcher(kind: X509FindType, value: Any) -> Any:
    """The predicate of one X509FindType (rt:FindPal / ManagedX509ExtensionProcessor)."""
    if kind == X509FindType.FindByThumbprint:
        want = _hex(value)
        return lambda c: c.Thumbprint == want
    if kind == X509FindType.FindBySerialNumber:
        want = _hex(value).lstrip("0")
        return lambda c: c.SerialNumber.lstrip("0") == want
    if kind == X509FindType.FindBySubjectName:
        text = str(value).lower()
        return lambda c: text in decode_name(c._crypto_cert().subject, reverse=False).lower()
    if kind == X509FindType.FindByIssuerName:
        text = str(value).lower()
        return lambda c: text in decode_name(c._crypto_cert().issuer, reverse=False).lower()
    if kind == X509FindType.FindBySubjectDistinguishedName:
        return lambda c: c.Subject.lower() == str(value).lower()
    if kind == X509FindType.FindByIssuerDistinguishedName:
        return lambda c: c.Issuer.lower() == str(value).lower()
    if kind in (X509FindType.FindByTimeValid, X509FindType.FindByTimeNotYetValid, X509FindType.FindByTimeExpired):
        when = value if isinstance(value, _dt.datetime) else _dt.datetime.now()
        if kind == X509FindType.FindByTimeValid:
            return lambda c: c.NotBefore <= when <= c.NotAfter
        if kind == X509FindType.FindByTimeNotYetValid:
            return lambda c: when < c.NotBefore
        return lambda c: when > c.NotAfter
    raise CryptographicException(f"The {kind.name} value was invalid.")
