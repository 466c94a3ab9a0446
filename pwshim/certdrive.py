"""The Cert: drive (pwsh's Certificate provider) over .NET's Linux stores.

pwsh on Linux has no Cert: drive (the provider is Windows-only, reference §3.2); pwshim
provides one so `Get-ChildItem Cert:\\CurrentUser\\My` and `Import-PfxCertificate
-CertStoreLocation cert:\\CurrentUser\\My` work. Layout as on Windows:

    Cert:\\                          -> X509StoreLocation items (CurrentUser, LocalMachine)
    Cert:\\CurrentUser               -> X509Store items (Name)
    Cert:\\CurrentUser\\My             -> X509Certificate2 items (Thumbprint, Subject, ...)
    Cert:\\CurrentUser\\My\\<THUMBPRINT>

Paths are case-insensitive, with `\\` or `/`. Items carry the note properties the provider adds
(PSPath `Microsoft.PowerShell.Security\\Certificate::CurrentUser\\My\\<THUMBPRINT>`,
PSParentPath, PSChildName, PSDrive, PSProvider, PSIsContainer); the certificate table groups
by PSParentPath (reference §7.1).

Provider API (the lead's Get-ChildItem/Get-Item/Test-Path/Remove-Item/Set-Location call it):
    is_cert_path(path, current=None) -> bool
    resolve(path, current=None) -> CertPath        (raises DriveNotFound-free; None if not Cert:)
    normalize(path, current=None) -> "Cert:\\CurrentUser\\My"   (for Set-Location / $PWD)
    get_child_items(session, path, recurse=False) -> list
    get_item(session, path) -> list                 (wildcards in the last segment allowed)
    test_path(session, path) -> bool
    remove_item(session, path) -> None
Missing paths raise ItemNotFoundException("Cannot find path '...' because it does not exist.");
callers turn it into pwsh's `PathNotFound` error record (category ObjectNotFound).
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from typing import Any

from pwshim.dotnet.x509 import X509Certificate2
from pwshim.dotnet.x509enums import STORE_NAME_TEXT, OpenFlags, StoreLocation
from pwshim.dotnet.x509store import X509Store, store_directory
from pwshim.runtime.dotnet import dotnet_type
from pwshim.runtime.errors import (
    CryptographicException,
    InvalidOperationException,
    ItemNotFoundException,
)

PROVIDER = "Microsoft.PowerShell.Security\\Certificate"
_DRIVE = re.compile(r"^\s*cert:", re.IGNORECASE)
_PROVIDER_PREFIX = re.compile(r"^(microsoft\.powershell\.security\\)?certificate::", re.IGNORECASE)
_LOCATIONS = {"currentuser": StoreLocation.CurrentUser, "localmachine": StoreLocation.LocalMachine}
# LocalMachine on Linux opens only Root and CA (reference §1.7).
_MACHINE_STORES = ("Root", "CA")


@dataclass(frozen=True)
class CertPath:
    """A resolved Cert: path: 0 to 3 segments (location, store, thumbprint)."""

    location: StoreLocation | None = None
    store: str | None = None
    child: str | None = None

    @property
    def text(self) -> str:
        parts = [p for p in (self.location.name if self.location else None, self.store, self.child) if p]
        return "Cert:\\" + "\\".join(parts)

    @property
    def provider_path(self) -> str:
        parts = [p for p in (self.location.name if self.location else None, self.store, self.child) if p]
        return PROVIDER + "::" + "\\".join(parts)


def is_cert_path(path: str, current: str | None = None) -> bool:
    """True for `Cert:...` / `Certificate::...` paths, or relative paths while in Cert:."""
    text = str(path)
    if _DRIVE.match(text) or _PROVIDER_PREFIX.match(text):
        return True
    if re.match(r"^\s*[A-Za-z]+:", text) or text.startswith(("/", "~")):
        return False
    return current is not None and bool(_DRIVE.match(str(current)))


def _segments(path: str, current: str | None) -> tuple[list[str], str]:
    text = str(path).strip()
    if _DRIVE.match(text):
        rest = _DRIVE.sub("", text, count=1)
        base: list[str] = []
    elif _PROVIDER_PREFIX.match(text):
        rest = _PROVIDER_PREFIX.sub("", text, count=1)
        base = []
    else:
        rest = text
        base = _segments(current or "Cert:\\", None)[0] if not text.startswith(("\\", "/")) else []
    out = list(base)
    for seg in re.split(r"[\\/]+", rest):
        if seg in ("", "."):
            continue
        if seg == "..":
            if out:
                out.pop()
            continue
        out.append(seg)
    display = "Cert:\\" + "\\".join(out)
    return out, display


def resolve(path: str, current: str | None = None) -> CertPath | None:
    """Parse a Cert: path (None when it is not one). Location names are canonicalised; store
    names keep their spelling unless they are a known store; the child stays as typed."""
    if not is_cert_path(path, current):
        return None
    segs, display = _segments(path, current)
    if len(segs) > 3:
        raise ItemNotFoundException(f"Cannot find path '{display}' because it does not exist.")
    if not segs:
        return CertPath()
    location = _LOCATIONS.get(segs[0].lower())
    if location is None:
        raise ItemNotFoundException(f"Cannot find path '{display}' because it does not exist.")
    store = _canonical_store(segs[1]) if len(segs) > 1 else None
    child = segs[2] if len(segs) > 2 else None
    return CertPath(location, store, child)


def normalize(path: str, current: str | None = None) -> str:
    """The display form for Set-Location / $PWD: `Cert:\\CurrentUser\\My`."""
    resolved = resolve(path, current)
    if resolved is None:
        raise ItemNotFoundException(f"Cannot find path '{path}' because it does not exist.")
    return resolved.text


def _canonical_store(name: str) -> str:
    for text in STORE_NAME_TEXT.values():
        if text.lower() == name.lower():
            return text
    return name


@dotnet_type("Microsoft.PowerShell.Commands.X509StoreLocation")
class X509StoreLocation:
    """A Cert:\\ top-level item (Location, StoreNames)."""

    PS_DEFAULT_PROPERTIES = ("Location", "StoreNames")
    PS_FORMAT = "list"

    def __init__(self, location: StoreLocation, names: list[str]) -> None:
        self._location = location
        self._names = names

    @property
    def Location(self) -> StoreLocation:
        return self._location

    @property
    def StoreNames(self) -> Any:
        from pwshim.runtime.objects import Hashtable

        return Hashtable([(n, True) for n in self._names])

    def ToString(self) -> str:
        return "Microsoft.PowerShell.Commands.X509StoreLocation"


# --- listing ------------------------------------------------------------------------------
def _store_names(session: Any, location: StoreLocation) -> list[str]:
    """Stores shown under a location: LocalMachine -> Root, CA; CurrentUser -> My plus every
    store directory that exists (canonical names for the known ones)."""
    if location == StoreLocation.LocalMachine:
        return list(_MACHINE_STORES)
    names = ["My"]
    root = store_directory("x", session.home).parent
    if root.is_dir():
        for entry in sorted(os.listdir(root)):
            if (root / entry).is_dir():
                name = _canonical_store(entry)
                if name.lower() not in (n.lower() for n in names):
                    names.append(name)
    return names


def _attach(obj: Any, path: CertPath, is_container: bool) -> Any:
    """The provider's note properties (PSPath, PSParentPath, PSChildName, ...)."""
    from pwshim.runtime.objects import NoteProperties

    segs = [p for p in (path.location.name if path.location else None, path.store, path.child) if p]
    parent = PROVIDER + "::" + "\\".join(segs[:-1]) if segs else ""
    notes = {
        "PSPath": path.provider_path,
        "PSParentPath": parent,
        "PSChildName": segs[-1] if segs else "",
        "PSDrive": "Cert",
        "PSProvider": PROVIDER,
        "PSIsContainer": is_container,
    }
    for name, value in notes.items():
        NoteProperties.attach(obj, name, value)
    return obj


def _open(session: Any, location: StoreLocation, store: str, flags: OpenFlags = OpenFlags.ReadOnly) -> X509Store:
    s = X509Store(store, location, home=session.home)
    s.Open(flags)
    return s


def _store_exists(session: Any, location: StoreLocation, store: str) -> bool:
    return store.lower() in (n.lower() for n in _store_names(session, location))


def _certificates(session: Any, location: StoreLocation, store: str) -> list[X509Certificate2]:
    s = _open(session, location, store)
    try:
        return list(s.Certificates)
    finally:
        s.Close()


def _location_item(session: Any, location: StoreLocation) -> X509StoreLocation:
    item = X509StoreLocation(location, _store_names(session, location))
    return _attach(item, CertPath(location), True)


def _store_item(session: Any, location: StoreLocation, store: str) -> X509Store:
    return _attach(X509Store(store, location, home=session.home), CertPath(location, store), True)


def _cert_items(session: Any, location: StoreLocation, store: str, pattern: str | None = None) -> list[Any]:
    out = []
    for cert in _certificates(session, location, store):
        if pattern is None or fnmatch.fnmatchcase(cert.Thumbprint.lower(), pattern.lower()):
            out.append(_attach(cert, CertPath(location, store, cert.Thumbprint), False))
    return out


def _missing(display: str) -> ItemNotFoundException:
    return ItemNotFoundException(f"Cannot find path '{display}' because it does not exist.")


def get_child_items(session: Any, path: str, recurse: bool = False) -> list[Any]:
    """Get-ChildItem on a Cert: path."""
    p = _require(session, path)
    out: list[Any] = []
    if p.location is None:
        for location in StoreLocation:
            out.append(_location_item(session, location))
            if recurse:
                out.extend(get_child_items(session, CertPath(location).text, True))
        return out
    if p.store is None:
        for name in _store_names(session, p.location):
            out.append(_store_item(session, p.location, name))
            if recurse:
                out.extend(_cert_items(session, p.location, name))
        return out
    if p.child is None:
        return _cert_items(session, p.location, p.store)
    return get_item(session, path)


def _require(session: Any, path: str) -> CertPath:
    current = getattr(session, "cwd", None)
    p = resolve(path, current)
    if p is None:
        raise _missing(str(path))
    if p.location is not None and p.store is not None and not _store_exists(session, p.location, p.store):
        raise _missing(p.text)
    return p


def get_item(session: Any, path: str) -> list[Any]:
    """Get-Item on a Cert: path: a location, a store, or certificate(s)."""
    p = _require(session, path)
    if p.location is None:
        return [_attach(X509StoreLocationRoot(), CertPath(), True)]
    if p.store is None:
        return [_location_item(session, p.location)]
    if p.child is None:
        return [_store_item(session, p.location, p.store)]
    found = _cert_items(session, p.location, p.store, p.child)
    if not found:
        raise _missing(p.text)
    return found


class X509StoreLocationRoot:
    """The Cert:\\ root container (Get-Item Cert:\\)."""

    PS_DEFAULT_PROPERTIES = ("Location",)

    @property
    def Location(self) -> str:
        return "\\"


def test_path(session: Any, path: str) -> bool:
    """Test-Path on a Cert: path."""
    try:
        get_item(session, path)
        return True
    except (ItemNotFoundException, CryptographicException):
        return False


def remove_item(session: Any, path: str) -> None:
    """Remove-Item of certificate(s): X509Store.Remove with the store opened ReadWrite
    (LocalMachine fails with .NET's "read-only for all users" message)."""
    p = _require(session, path)
    if p.child is None:
        target = p.text
        raise InvalidOperationException(f"Remove-Item is not supported on '{target}'; only certificates can be removed.")
    certs = _cert_items(session, p.location, p.store, p.child)  # type: ignore[arg-type]
    if not certs:
        raise _missing(p.text)
    store = _open(session, p.location, p.store, OpenFlags.ReadWrite)  # type: ignore[arg-type]
    try:
        for cert in certs:
            store.Remove(cert)
    finally:
        store.Close()
