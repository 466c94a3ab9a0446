"""The X509Certificates enums, with .NET's numeric values (reference §1.2, §2.1, §2.2)."""

from __future__ import annotations

import enum
from typing import Any

from pwshim.runtime.dotnet import dotnet_type, enum_from_string

_NS = "System.Security.Cryptography.X509Certificates."


@dotnet_type(_NS + "StoreName")
class StoreName(enum.IntEnum):
    AddressBook = 1
    AuthRoot = 2
    CertificateAuthority = 3
    Disallowed = 4
    My = 5
    Root = 6
    TrustedPeople = 7
    TrustedPublisher = 8


@dotnet_type(_NS + "StoreLocation")
class StoreLocation(enum.IntEnum):
    CurrentUser = 1
    LocalMachine = 2


@dotnet_type(_NS + "OpenFlags")
class OpenFlags(enum.IntFlag):
    ReadOnly = 0
    ReadWrite = 1
    MaxAllowed = 2
    OpenExistingOnly = 4
    IncludeArchived = 8


@dotnet_type(_NS + "X509KeyStorageFlags")
class X509KeyStorageFlags(enum.IntFlag):
    DefaultKeySet = 0
    UserKeySet = 1
    MachineKeySet = 2
    Exportable = 4
    UserProtected = 8
    PersistKeySet = 16
    EphemeralKeySet = 32


@dotnet_type(_NS + "X509ContentType")
class X509ContentType(enum.IntEnum):
    Unknown = 0
    Cert = 1
    SerializedCert = 2
    Pfx = 3
    Pkcs12 = 3  # an alias of Pfx, as in .NET
    SerializedStore = 4
    Pkcs7 = 5
    Authenticode = 6


@dotnet_type(_NS + "X509FindType")
class X509FindType(enum.IntEnum):
    FindByThumbprint = 0
    FindBySubjectName = 1
    FindBySubjectDistinguishedName = 2
    FindByIssuerName = 3
    FindByIssuerDistinguishedName = 4
    FindBySerialNumber = 5
    FindByTimeValid = 6
    FindByTimeNotYetValid = 7
    FindByTimeExpired = 8
    FindByTemplateName = 9
    FindByApplicationPolicy = 10
    FindByCertificatePolicy = 11
    FindByExtension = 12
    FindByKeyUsage = 13
    FindBySubjectKeyIdentifier = 14


# StoreName -> the store's name string (rt:X509Store.cs).
STORE_NAME_TEXT = {
    StoreName.AddressBook: "AddressBook",
    StoreName.AuthRoot: "AuthRoot",
    StoreName.CertificateAuthority: "CA",
    StoreName.Disallowed: "Disallowed",
    StoreName.My: "My",
    StoreName.Root: "Root",
    StoreName.TrustedPeople: "TrustedPeople",
    StoreName.TrustedPublisher: "TrustedPublisher",
}


def to_enum(cls: type[enum.Enum], value: Any) -> Any:
    """Accept an enum member, its number, or its (case-insensitive) name, as pwsh converts."""
    if isinstance(value, cls):
        return value
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        return cls(value)
    return enum_from_string(cls, str(value))
