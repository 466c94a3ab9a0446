"""X509Store as .NET implements it on Linux (reference dotnet-security-on-linux.md §1).

CurrentUser stores are directories of password-less PFX files:
`$HOME/.dotnet/corefx/cryptography/x509stores/<name lower-cased>/<THUMBPRINT>.pfx` (mode 0600,
directory created on the first Add). LocalMachine is read-only and limited to Root and CA,
which are snapshots of the OpenSSL trust bundle. CurrentUser\\Disallowed is unsupported.

Python API for other areas: `find_by_thumbprint(thumbprint, location, home=None)` and
`find_certificate_with_key(thumbprint, home=None)` (what Connect-AzAccount
-CertificateThumbprint needs), `store_directory(name, home=None)`.
"""

from __future__ import annotations

import fnmatch
import os
import pwd
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pwshim.dotnet.x509 import X509Certificate, X509Certificate2
from pwshim.dotnet.x509enums import (
    STORE_NAME_TEXT,
    OpenFlags,
    StoreLocation,
    StoreName,
    X509FindType,
    to_enum,
)
from pwshim.dotnet.x509load import Loaded, system_bundle
from pwshim.runtime.dotnet import dotnet_type
from pwshim.runtime.errors import (
    ArgumentException,
    ArgumentNullException,
    CryptographicException,
    DotNetException,
    InvalidOperationException,
    PlatformNotSupportedException,
)

STORE_NOT_OPEN = "The X509 certificate store has not been opened."
STORE_READ_ONLY = "The X509 certificate store is read-only."
STORE_NOT_FOUND = "The specified X509 certificate store does not exist."
ADD_FAILURE = "The X509 certificate could not be added to the store."
NO_FILE_AVAILABLE = "The X509 certificate could not be added to the store because all candidate file names were in use."
MACHINE_READ_ONLY = "Unix LocalMachine X509Stores are read-only for all users."
MACHINE_ROOT_ONLY = "Unix LocalMachine X509Store is limited to the Root and CertificateAuthority stores."
DISALLOWED_NOT_EMPTY = (
    "The Disallowed store is not supported on this platform, but already has data. "
    "All files under '{0}' must be removed."
)
NO_DISALLOWED = "The Disallowed store is not supported on this platform."
OWNER_NOT_CURRENT = "The owner of '{0}' is not the current user."
BAD_DIR_PERMISSIONS = (
    "Invalid directory permissions. The directory '{0}' must be readable, writable and executable by the owner."
)
BAD_FILE_PERMISSIONS = (
    "Invalid file permissions. The file '{0}' must readable and writable by the current owner and by no one "
    "else, and the permissions could not be changed to meet that criteria."
)
NO_HOME = "The home directory of the current user could not be determined."


def _crypto(message: str, inner: BaseException | None = None) -> CryptographicException:
    return CryptographicException(message, inner)


def _pns(message: str) -> CryptographicException:
    return CryptographicException(message, PlatformNotSupportedException(message))


def home_directory(environ: Any = None) -> Path:
    """PersistedFiles.GetHomeDirectory: $HOME if set and non-empty, else the passwd entry."""
    env = os.environ if environ is None else environ
    home = env.get("HOME")
    if home:
        return Path(home)
    try:
        entry = pwd.getpwuid(os.geteuid()).pw_dir
    except KeyError:
        entry = ""
    if not entry:
        raise InvalidOperationException(NO_HOME)
    return Path(entry)


def store_directory(name: str, home: str | os.PathLike[str] | None = None) -> Path:
    """`<home>/.dotnet/corefx/cryptography/x509stores/<name lower-cased>` (§1.1)."""
    base = Path(home) if home else home_directory()
    return base / ".dotnet" / "corefx" / "cryptography" / "x509stores" / name.lower()


# --- the providers (StorePal) --------------------------------------------------------------
class _DirectoryStore:
    """OpenSslDirectoryBasedStoreProvider: one directory of <THUMBPRINT>.pfx files."""

    def __init__(self, path: Path, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only

    def certificates(self) -> list[X509Certificate2]:
        """CloneTo: every *.pfx, no password; unreadable files skipped; dedupe (§1.5)."""
        found: list[X509Certificate2] = []
        if not self.path.is_dir():
            return found
        for name in sorted(os.listdir(self.path)):
            if not name.endswith(".pfx"):
                continue
            cert = self._load(self.path / name)
            if cert is not None and not any(c.Equals(cert) for c in found):
                found.append(cert)
        return found

    @staticmethod
    def _load(path: Path) -> X509Certificate2 | None:
        try:
            if not path.is_file():
                return None
            return X509Certificate2(str(path))
        except CryptographicException:
            return None  # "The file wasn't a certificate, move on to the next one."

    def _find_existing(self, cert: X509Certificate2) -> tuple[Path | None, bool]:
        """FindExistingFilename: (matching file, whether some candidate failed to match)."""
        find_open_slot = False
        if not self.path.is_dir():
            return None, False
        pattern = cert.Thumbprint + "*.pfx"
        for name in sorted(os.listdir(self.path)):
            if not fnmatch.fnmatchcase(name, pattern):
                continue
            candidate = self._load(self.path / name)
            if candidate is not None and candidate.Equals(cert):
                return self.path / name, find_open_slot
            find_open_slot = True
        return None, find_open_slot

    def add(self, cert: X509Certificate2) -> None:
        if self.read_only:
            # "Windows compatibility: Remove only throws when it needs to do work, add throws always"
            raise _crypto(STORE_READ_ONLY)
        try:
            self._add(cert)
        except CryptographicException:
            raise
        except DotNetException as exc:
            raise _crypto(ADD_FAILURE, exc) from None
        except OSError as exc:
            raise _crypto(ADD_FAILURE, _os_error(exc)) from None

    def _add(self, cert: X509Certificate2) -> None:
        # .NET creates the folders 0777 & ~umask; pwshim creates them 0700 so no umask can make
        # the folder holding private keys world-writable (README: deliberate differences).
        missing = []
        folder = Path(self.path)
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for folder in reversed(missing):
            try:
                folder.mkdir(mode=0o700)
            except FileExistsError:
                pass
        _ensure_directory_permissions(self.path)
        existing, find_open_slot = self._find_existing(cert)
        replace = False
        if existing is not None:
            if not cert.HasPrivateKey:
                return
            old = self._load(existing)
            if old is not None and old.HasPrivateKey:
                return
            try:
                os.chmod(existing, 0o600)
            except OSError:
                pass  # errors ignored, as .NET does
            destination, replace = existing, True
        elif find_open_slot:
            destination = self._open_slot(cert.Thumbprint)
        else:
            destination = self.path / (cert.Thumbprint + ".pfx")
        _write_private_file(destination, cert._pfx_bytes(None), replace)

    def _open_slot(self, thumbprint: str) -> Path:
        for i in range(1, 10):
            candidate = self.path / f"{thumbprint}.{i}.pfx"
            if not candidate.exists():
                return candidate
        raise _crypto(NO_FILE_AVAILABLE)

    def remove(self, cert: X509Certificate2) -> None:
        """Delete every matching file (all duplicates); read-only throws only if work is due."""
        if not self.path.is_dir():
            return
        try:
            while True:
                existing, _ = self._find_existing(cert)
                if existing is None:
                    return
                if self.read_only:
                    raise _crypto(STORE_READ_ONLY)
                os.unlink(existing)
        except OSError as exc:  # File.Delete's exception, not wrapped (provider Remove)
            raise _os_error(exc) from None


class _DisallowedStore:
    """UnsupportedDisallowedStore (§1.7)."""

    def __init__(self, path: Path, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
        try:
            has_files = path.is_dir() and any(p.is_file() for p in path.iterdir())
        except OSError:
            has_files = False  # "Suppress the exception, treat the store as empty."
        if has_files:
            raise _pns(DISALLOWED_NOT_EMPTY.format(path))

    def certificates(self) -> list[X509Certificate2]:
        return []

    def add(self, cert: X509Certificate2) -> None:
        if self.read_only:
            raise _crypto(STORE_READ_ONLY)
        raise _pns(NO_DISALLOWED)

    def remove(self, cert: X509Certificate2) -> None:
        return  # nothing is stored, so there is never work to do


class _SystemStore:
    """OpenSslCachedSystemStoreProvider: LocalMachine\\Root (self-signed) and \\CA (others)."""

    def __init__(self, root: bool) -> None:
        self.root = root

    def certificates(self) -> list[X509Certificate2]:
        """Subject == Issuer (as strings) -> Root, else CA; duplicates (Equals) dropped."""
        out: list[X509Certificate2] = []
        seen: set[tuple[str, str]] = set()
        for cert in system_bundle():
            item = X509Certificate2._from_loaded(Loaded(cert))
            issuer = item.Issuer
            if (item.Subject == issuer) != self.root:
                continue
            identity = (issuer, item.SerialNumber)  # what Equals compares
            if identity not in seen:
                seen.add(identity)
                out.append(item)  # type: ignore[arg-type]
        return out

    def add(self, cert: X509Certificate2) -> None:
        raise InvalidOperationException("Operation is not valid due to the current state of the object.")

    remove = add


def _os_error(exc: OSError) -> DotNetException:
    from pwshim.runtime.errors import IOException, UnauthorizedAccessException

    if isinstance(exc, PermissionError):
        return UnauthorizedAccessException(f"Access to the path '{exc.filename}' is denied.")
    if isinstance(exc, FileExistsError):
        return IOException(f"The file '{exc.filename}' already exists.")
    return IOException(exc.strerror or str(exc))


def _ensure_directory_permissions(path: Path) -> None:
    """EnsureDirectoryPermissions: owned by the euid and u+rwx (§1.3 step 3)."""
    try:
        st = os.stat(path)
    except OSError:
        raise _crypto("Unable to get file status.") from None
    if st.st_uid != os.geteuid():
        raise _crypto(OWNER_NOT_CURRENT.format(path))
    if st.st_mode & 0o700 != 0o700:
        raise _crypto(BAD_DIR_PERMISSIONS.format(path))


def _write_private_file(destination: Path, data: bytes, replace: bool) -> None:
    """Write `data` as a 0600 file under `destination` without ever exposing a partial file.

    .NET opens the final name directly (CreateNew / Create, UnixCreateMode 0600, then checks
    the mode is exactly 0600, §1.3 step 8). Here a temp file in the same directory gets the
    same treatment, then is linked (CreateNew: fails if the name exists) or renamed (Create).
    """
    tmp = destination.with_name(f".{destination.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        try:
            st = os.fstat(fd)
            if st.st_uid != os.geteuid():
                raise _crypto(OWNER_NOT_CURRENT.format(destination))
            if st.st_mode & 0o777 != 0o600:
                try:
                    os.fchmod(fd, 0o600)
                except OSError:
                    pass
                if os.fstat(fd).st_mode & 0o777 != 0o600:
                    raise _crypto(BAD_FILE_PERMISSIONS.format(destination))
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(tmp, destination)
        else:
            os.link(tmp, destination)  # FileExistsError if another writer got there first
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass


# --- X509Store ----------------------------------------------------------------------------
@dotnet_type("System.Security.Cryptography.X509Certificates.X509Store")
class X509Store:
    """A certificate store; the provider is chosen at Open (StorePal.FromSystemStore)."""

    PS_DEFAULT_PROPERTIES = ("Name",)
    PS_LIST_PROPERTIES = ("Name",)
    PS_FORMAT = "list"  # Certificate.format.ps1xml: an X509Store's list entry shows Name

    def __init__(self, *args: Any, home: str | os.PathLike[str] | None = None) -> None:
        self._home = home
        self._pal: Any = None
        name: Any = "MY"
        location: Any = StoreLocation.CurrentUser
        flags: Any = None
        if len(args) > 3:
            raise ArgumentException(f'Cannot find an overload for "new" and the argument count: "{len(args)}".')
        if len(args) == 1:
            # (StoreLocation) keeps the name "MY"; (StoreName) / (string) name the store.
            if isinstance(args[0], StoreLocation):
                location = args[0]
            else:
                name = args[0]
        elif len(args) >= 2:
            name, location = args[0], args[1]
            if len(args) == 3:
                flags = args[2]
        if name is None:
            raise ArgumentNullException("Value cannot be null. (Parameter 'storeName')")
        if isinstance(name, StoreName) or (isinstance(name, int) and not isinstance(name, bool)):
            try:
                name = STORE_NAME_TEXT[StoreName(int(name))]
            except ValueError:
                raise ArgumentException("Illegal enum value: storeName.") from None
        self._name = str(name)
        try:
            self._location = to_enum(StoreLocation, location)
        except (ValueError, DotNetException):
            raise ArgumentException("Illegal enum value: storeLocation.") from None
        if flags is not None:
            self.Open(flags)

    # --- .NET members ------------------------------------------------------------------------
    @property
    def Name(self) -> str:
        return self._name

    @property
    def Location(self) -> StoreLocation:
        return self._location

    @property
    def IsOpen(self) -> bool:
        return self._pal is not None

    @property
    def StoreHandle(self) -> int:
        if self._pal is None:
            raise CryptographicException("m_safeCertStoreHandle is an invalid handle.")
        return id(self._pal)

    @property
    def Certificates(self) -> Any:
        """A fresh read of the store; empty (no error) when the store is not open (§1.2)."""
        # imported here: x509collection and this module both load while x509 initialises
        from pwshim.dotnet.x509collection import X509Certificate2Collection

        if self._pal is None:
            return X509Certificate2Collection()
        return X509Certificate2Collection(self._pal.certificates())

    def Open(self, flags: Any = OpenFlags.ReadOnly) -> None:
        self.Close()
        self._pal = self._open(to_enum(OpenFlags, flags))

    def _open(self, flags: OpenFlags) -> Any:
        """StorePal.FromSystemStore for Unix (§1.1, §1.2, §1.7)."""
        name = self._name
        writable = bool(flags & (OpenFlags.ReadWrite | OpenFlags.MaxAllowed))
        if self._location == StoreLocation.LocalMachine:
            # Only the ReadWrite bit is checked here (rt:StorePal.OpenSsl.cs); MaxAllowed opens
            # Root/CA read-only like ReadOnly does.
            if flags & OpenFlags.ReadWrite:
                raise _pns(MACHINE_READ_ONLY)
            if name.lower() == "root":
                return _SystemStore(root=True)
            if name.lower() == "ca":
                return _SystemStore(root=False)
            raise _pns(MACHINE_ROOT_ONLY)
        if name.lower() == "disallowed":
            return _DisallowedStore(store_directory(name, self._home), not writable)
        if not name:
            raise _crypto("String cannot be empty or null.")
        if os.path.basename(name) != name:
            raise _crypto("The storeName value was invalid.")
        path = store_directory(name, self._home)
        if flags & OpenFlags.OpenExistingOnly and not path.is_dir():
            raise _crypto(STORE_NOT_FOUND)
        return _DirectoryStore(path, not writable)

    def Close(self) -> None:
        self._pal = None

    def Dispose(self) -> None:
        self.Close()

    def _checked(self, cert: Any, add: bool) -> Any:
        if cert is None:
            raise ArgumentNullException("Value cannot be null. (Parameter 'certificate')")
        if self._pal is None:
            raise _crypto(STORE_NOT_OPEN)
        if not isinstance(cert, X509Certificate) or cert._loaded is None:
            if add:
                raise _crypto("pCertContext is an invalid handle.")
            return None
        if not isinstance(cert, X509Certificate2):
            cert = X509Certificate2._from_loaded(cert._loaded)
        return cert

    def Add(self, certificate: Any) -> None:
        cert = self._checked(certificate, add=True)
        self._pal.add(cert)

    def Remove(self, certificate: Any) -> None:
        cert = self._checked(certificate, add=False)
        if cert is not None:
            self._pal.remove(cert)

    def AddRange(self, certificates: Iterable[Any]) -> None:
        """Add one by one; on failure remove those already added, then rethrow (§1.3)."""
        self._apply_all(certificates, self.Add, self.Remove)

    def RemoveRange(self, certificates: Iterable[Any]) -> None:
        """Remove one by one; on failure add back those already removed, then rethrow."""
        self._apply_all(certificates, self.Remove, self.Add)

    @staticmethod
    def _apply_all(certificates: Iterable[Any] | None, do: Any, undo: Any) -> None:
        if certificates is None:
            raise ArgumentNullException("Value cannot be null. (Parameter 'certificates')")
        done: list[Any] = []
        try:
            for cert in certificates:
                do(cert)
                done.append(cert)
        except Exception:
            for cert in done:
                try:
                    undo(cert)
                except DotNetException:
                    pass
            raise

    def ToString(self) -> str:
        return "System.Security.Cryptography.X509Certificates.X509Store"

    def __str__(self) -> str:
        return self.ToString()

    def __repr__(self) -> str:
        return f"<X509Store {self._location.name}\\{self._name}>"


# --- helpers for other areas --------------------------------------------------------------
def find_by_thumbprint(
    thumbprint: str, location: Any = StoreLocation.CurrentUser, home: Any = None, store: str = "My"
) -> X509Certificate2 | None:
    """Az's DiskDataStore.FindCertificateByThumbprint: open <location>\\My ReadOnly |
    OpenExistingOnly, Find(FindByThumbprint, thumbprint, validOnly: false), first hit.
    Raises the store's CryptographicException (missing store, LocalMachine limits)."""
    s = X509Store(store, location, home=home)
    try:
        s.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly)
        found = s.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, False)
        return found[0] if found.Count else None
    finally:
        s.Close()


def find_certificate_with_key(thumbprint: str, home: Any = None) -> X509Certificate2 | None:
    """CurrentUser\\My, then LocalMachine\\My (on Linux the latter always fails and counts as
    not found). Returns the certificate (check `.HasPrivateKey`) or None."""
    for location in (StoreLocation.CurrentUser, StoreLocation.LocalMachine):
        try:
            cert = find_by_thumbprint(thumbprint, location, home)
        except CryptographicException:
            cert = None
        if cert is not None:
            return cert
    return None
