"""Import-PfxCertificate (PKI module) and Get-PfxCertificate (Microsoft.PowerShell.Security).

pwsh on Linux has no Import-PfxCertificate (the PKI module is Windows-only, reference §3.2);
pwshim provides it with the behaviour of §3.3: the certificates go into .NET's Linux store
(pwshim.dotnet.x509store), exactly where `[X509Store]::new('My','CurrentUser')` puts them.
Get-PfxCertificate follows `ps:src/Microsoft.PowerShell.Security/security/CertificateCommands.cs`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pwshim import certdrive
from pwshim.cmdlets.filesystem_paths import classify, expand
from pwshim.dotnet.securestring import SecureString
from pwshim.dotnet.x509 import X509Certificate2
from pwshim.dotnet.x509collection import X509Certificate2Collection
from pwshim.dotnet.x509enums import OpenFlags, X509KeyStorageFlags
from pwshim.dotnet.x509store import X509Store
from pwshim.runtime.cmdlet import Cmdlet, Parameter, Switch, cmdlet
from pwshim.runtime.errors import (
    ArgumentException,
    Category,
    CryptographicException,
    DotNetException,
    DriveNotFoundException,
    FileNotFoundException,
    ItemNotFoundException,
    type_name_of,
)

# CertificateCommands.resx
NONE_FOUND = "Command cannot find any of the specified files."
FILE_NOT_FOUND = "The following file could not be found: {0}."
PASSWORD_PROMPT = "Enter password: "
NOT_A_STORE = "The path '{0}' is not a certificate store path. Specify a store such as Cert:\\CurrentUser\\My."



@cmdlet(
    "Import-PfxCertificate",
    should_process=True,
    module="PKI",
    noun_verb_class="Microsoft.CertificateServices.Commands.ImportPfxCertificate",
)
class ImportPfxCertificateCommand(Cmdlet):
    """Imports certificates and private keys from a PFX file to the destination store."""

    Exportable = Parameter(Switch)
    Password = Parameter(SecureString)
    CertStoreLocation = Parameter(str, position=1)
    FilePath = Parameter(str, position=0, mandatory=True, pipeline_by_name=True, aliases=("FullName",))

    def process(self) -> None:
        location = self._store_path()
        path = str(self.session.resolve_path(self.FilePath))
        if not self.should_process(path):
            return
        try:
            # Exportable is accepted and ignored: keys are always exportable on Linux (§2.1).
            flags = X509KeyStorageFlags.Exportable if self.Exportable else X509KeyStorageFlags.DefaultKeySet
            certs = X509Certificate2Collection()
            certs.Import(path, self.Password, flags | X509KeyStorageFlags.PersistKeySet)
            store = X509Store(location.store, location.location, home=self.session.home)
            store.Open(OpenFlags.ReadWrite)
            try:
                for cert in certs:
                    store.Add(cert)
            finally:
                store.Close()
        except DotNetException as exc:
            raise self.throw(exc, type_name_of(exc), _category(exc), path) from None
        # Output: the imported certificates that have private keys (pki-docs); a key-less PFX
        # outputs all of its certificates so the import is still visible.
        keyed = [c for c in certs if c.HasPrivateKey] or list(certs)
        for cert in keyed:
            self.write_object(certdrive._attach(cert, certdrive.CertPath(location.location, location.store, cert.Thumbprint), False))

    def _store_path(self) -> certdrive.CertPath:
        target = self.CertStoreLocation
        if target is None:
            # "If this parameter is not specified, then the current path is used" (pki-docs).
            target = self.session.cwd
        try:
            resolved = certdrive.resolve(str(target), self.session.cwd)
        except ItemNotFoundException as exc:
            raise self.throw(exc, "PathNotFound", Category.ObjectNotFound, target) from None
        if resolved is None or resolved.location is None or resolved.store is None or resolved.child:
            exc = ArgumentException(NOT_A_STORE.format(target))
            raise self.throw(exc, "InvalidCertStoreLocation", Category.InvalidArgument, target)
        return resolved


def _category(exc: DotNetException) -> str:
    if isinstance(exc, FileNotFoundException):
        return Category.ObjectNotFound
    if isinstance(exc, CryptographicException):
        return Category.NotSpecified
    return Category.NotSpecified


@cmdlet(
    "Get-PfxCertificate",
    default_set="ByPath",
    module="Microsoft.PowerShell.Security",
    noun_verb_class="Microsoft.PowerShell.Commands.GetPfxCertificateCommand",
)
class GetPfxCertificateCommand(Cmdlet):
    """Gets information about PFX certificate files on the computer."""

    FilePath = Parameter([str], position=0, mandatory=True, sets=("ByPath",), pipeline=True, pipeline_by_name=True)
    LiteralPath = Parameter(
        [str], mandatory=True, sets=("ByLiteralPath",), aliases=("PSPath", "LP"), pipeline_by_name=True
    )
    Password = Parameter(SecureString)
    NoPromptForPassword = Parameter(Switch)

    def process(self) -> None:
        literal = self.parameter_set == "ByLiteralPath"
        paths = _as_list(self.LiteralPath if literal else self.FilePath)
        not_found: list[str] = []
        for p in paths:
            resolved = self._resolve(p, literal)
            if not resolved:
                not_found.append(p)
                continue
            for full in resolved:
                self._load(full)
        if not_found:
            if len(not_found) == len(paths):
                exc = FileNotFoundException(NONE_FOUND)
                raise self.throw(exc, "GetPfxCertCommandNoneOfTheFilesFound", Category.ObjectNotFound)
            for p in not_found:
                exc = FileNotFoundException(FILE_NOT_FOUND.format(p))
                self.write_error(exc, "GetPfxCertCommandFileNotFound", Category.ObjectNotFound, p)

    def _resolve(self, path: str, literal: bool) -> list[str]:
        """GetResolvedPSPathFromPSPath (wildcards) or the literal path, then
        SecurityUtils.GetFilePathOfExistingFile: only existing files count."""
        try:
            target = classify(self.session, path)
        except DriveNotFoundException as exc:  # not caught by pwsh: the command stops
            raise self.throw(exc, "DriveNotFound", Category.ObjectNotFound, path) from None
        if target.kind != "fs" or target.path is None:
            return []
        found = expand(Path(os.path.normpath(target.path)), literal)
        return [str(p) for p in found if p.is_file()]

    def _load(self, path: str) -> None:
        """CertificateCommands.cs: with no -Password (and prompting allowed) try no password;
        on a CryptographicException prompt "Enter password: " (kept for the next files, as
        pwsh assigns the Password property) and retry. Only CryptographicExceptions become
        the non-terminating GetPfxCertificateUnknownCryptoError; a failed prompt stops."""
        if self.Password is None and not self.NoPromptForPassword:
            try:
                self.write_object(self._open(path, None))
                return
            except CryptographicException:
                self.Password = SecureString.from_plain(self.session.host.read_secret(PASSWORD_PROMPT))
        try:
            cert = self._open(path, self.Password)
        except CryptographicException as exc:
            self.write_error(exc, "GetPfxCertificateUnknownCryptoError", Category.NotSpecified)
            return
        self.write_object(cert)

    def _open(self, path: str, password: SecureString | None) -> X509Certificate2:
        """new X509Certificate2(path, password, DefaultKeySet); other .NET failures terminate."""
        try:
            return X509Certificate2(path, password, X509KeyStorageFlags.DefaultKeySet)
        except CryptographicException:
            raise
        except DotNetException as exc:
            raise self.throw(exc, type_name_of(exc), Category.NotSpecified, path) from None


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]
