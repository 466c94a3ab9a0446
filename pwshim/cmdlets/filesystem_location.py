"""Test-Path, Join-Path, Split-Path, Resolve-Path and the location cmdlets
(Get-Location, Set-Location, Push-Location, Pop-Location), Microsoft.PowerShell.Management."""

from __future__ import annotations

import os
import re
from typing import Any

from pwshim.cmdlets.filesystem_items import PathInfo
from pwshim.cmdlets.filesystem_paths import (
    Target,
    cert_module,
    classify,
    display,
    not_found,
    report,
    resolve_existing,
)
from pwshim.runtime.cmdlet import Cmdlet, Parameter, Switch, cmdlet
from pwshim.runtime.errors import (
    Category,
    DotNetException,
    DriveNotFoundException,
    ItemNotFoundException,
    ParameterBindingException,
    PSArgumentException,
)

MGMT = "Microsoft.PowerShell.Management"
_QUALIFIER = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*:)(.*)$", re.DOTALL)


def _check_empty(cmd: Cmdlet, paths: list[Any] | None, name: str = "Path") -> None:
    for p in paths or []:
        if p is None or p == "":
            what = "null" if p is None else "an empty string"
            raise cmd.throw(
                ParameterBindingException(f"Cannot bind argument to parameter '{name}' because it is {what}."),
                "ParameterArgumentValidationErrorEmptyStringNotAllowed"
                if p == ""
                else "ParameterArgumentValidationErrorNullNotAllowed",
                Category.InvalidData,
            )


@cmdlet("Test-Path", default_set="Path", module=MGMT)
class TestPath(Cmdlet):
    """Determines whether all elements of a path exist."""

    Path = Parameter([str], position=0, mandatory=True, pipeline=True, pipeline_by_name=True, sets=("Path",))
    LiteralPath = Parameter([str], mandatory=True, pipeline_by_name=True, aliases=("PSPath", "LP"), sets=("LiteralPath",))
    Filter = Parameter(str)
    Include = Parameter([str])
    Exclude = Parameter([str])
    PathType = Parameter(str, aliases=("Type",), validate_set=("Any", "Container", "Leaf"))
    IsValid = Parameter(Switch)
    Credential = Parameter(object)
    OlderThan = Parameter(object)
    NewerThan = Parameter(object)

    def process(self) -> None:
        paths = self.Path if self.Path is not None else self.LiteralPath
        _check_empty(self, paths, "Path" if self.Path is not None else "LiteralPath")
        for path in paths or []:
            self.write_object(self._test(path))

    def _test(self, path: str) -> bool:
        try:
            target = classify(self.session, path)
        except DriveNotFoundException:
            return False
        if self.IsValid:
            return "\0" not in path
        kind = (self.PathType or "Any").lower()
        if target.kind == "cert":
            try:
                exists = bool(cert_module().test_path(self.session, path))
            except (ItemNotFoundException, DotNetException):
                return False
            if not exists or kind == "any":
                return exists
            resolved = cert_module().resolve(path, self.session.cwd)
            is_leaf = resolved is not None and resolved.child is not None
            return is_leaf if kind == "leaf" else not is_leaf
        if target.kind in ("env", "variable", "function", "alias"):
            from pwshim.cmdlets.filesystem_paths import session_item_exists

            exists = target.text == "" or session_item_exists(self.session, target)
            return exists if kind == "any" else exists and (kind == "leaf") == (target.text != "")
        from pwshim.cmdlets.filesystem_paths import expand

        found = expand(target.path, self.LiteralPath is not None) if target.path is not None else []
        if not found:
            return False
        if kind == "any":
            return True
        return all(os.path.isdir(p) == (kind == "container") for p in found)


def _separator(path: str) -> str:
    return "\\" if path.lower().startswith(("cert:", "env:")) else "/"


@cmdlet("Join-Path", module=MGMT)
class JoinPath(Cmdlet):
    """Combines a path and a child path into a single path."""

    Path = Parameter([str], position=0, mandatory=True, pipeline=True, pipeline_by_name=True, aliases=("PSPath",))
    ChildPath = Parameter(str, position=1, allow_null=True)
    AdditionalChildPath = Parameter([str], remaining=True)
    Resolve = Parameter(Switch)
    Credential = Parameter(object)

    def process(self) -> None:
        for base in self.Path or []:
            sep = _separator(base)
            m = _QUALIFIER.match(base)
            if m and not base.startswith("/") and sep == "/" and m.group(1)[:-1].lower() not in ("temp", "filesystem"):
                # Join-Path checks the drive exists (SessionState.GetProviderPath)
                try:
                    classify(self.session, base)
                except DriveNotFoundException as exc:
                    report(self, exc, base)
                    continue
            result = base
            for child in [self.ChildPath or "", *(self.AdditionalChildPath or [])]:
                result = _join(result, child, sep)
            if self.Resolve:
                for target in resolve_existing(self, result):
                    self.write_object(target.text if target.path is None else display(target.path))
                continue
            self.write_object(result)


def _join(parent: str, child: str, sep: str) -> str:
    if sep == "/":
        parent, child = parent.replace("\\", "/"), child.replace("\\", "/")
    if not child:
        return parent if parent.endswith(sep) or not parent else parent + sep
    if not parent:
        return child
    return parent.rstrip("/\\") + sep + child.lstrip("/\\") if parent.rstrip("/\\") else sep + child.lstrip("/\\")


@cmdlet("Split-Path", default_set="ParentSet", module=MGMT)
class SplitPath(Cmdlet):
    """Returns the specified part of a path."""

    Path = Parameter([str], position=0, mandatory=True, pipeline=True, pipeline_by_name=True)
    LiteralPath = Parameter([str], aliases=("PSPath", "LP"))
    Parent = Parameter(Switch, sets=("ParentSet",))
    Leaf = Parameter(Switch, sets=("LeafSet",))
    LeafBase = Parameter(Switch, sets=("LeafBaseSet",))
    Extension = Parameter(Switch, sets=("ExtensionSet",))
    Qualifier = Parameter(Switch, sets=("QualifierSet",))
    NoQualifier = Parameter(Switch, sets=("NoQualifierSet",))
    IsAbsolute = Parameter(Switch, sets=("IsAbsoluteSet",))
    Resolve = Parameter(Switch)
    Credential = Parameter(object)

    def process(self) -> None:
        for path in self.Path or self.LiteralPath or []:
            if self.Resolve:
                for target in resolve_existing(self, path):
                    self._split(target.text if target.path is None else display(target.path))
            else:
                self._split(path)

    def _split(self, path: str) -> None:
        m = _QUALIFIER.match(path)
        qualifier, rest = (m.group(1), m.group(2)) if m and not path.startswith("/") else ("", path)
        sep = "\\" if qualifier and qualifier.lower() != "temp:" else "/"
        norm = rest.replace("\\", "/") if sep == "/" else rest.replace("/", "\\")
        if self.IsAbsolute:
            self.write_object(bool(qualifier) or norm.startswith(("/", "~")))
            return
        if self.Qualifier:
            if not qualifier:
                raise self.throw(
                    PSArgumentException("Cannot parse path because path does not contain a qualifier."),
                    "ParsePathFormatError",
                    Category.InvalidArgument,
                    path,
                )
            self.write_object(qualifier)
            return
        if self.NoQualifier:
            self.write_object(norm)
            return
        stripped = norm.rstrip(sep) or norm
        leaf = stripped.rsplit(sep, 1)[-1] if sep in stripped else stripped
        if self.Leaf or self.LeafBase or self.Extension:
            if self.Leaf:
                self.write_object(leaf)
            elif self.LeafBase:
                self.write_object(leaf.rsplit(".", 1)[0] if "." in leaf.lstrip(".") else leaf)
            else:
                self.write_object("." + leaf.rsplit(".", 1)[1] if "." in leaf.lstrip(".") else "")
            return
        if sep not in stripped or stripped == sep:
            parent = qualifier + sep if qualifier and stripped not in ("", sep) else ""
        else:
            head = stripped.rsplit(sep, 1)[0]
            parent = qualifier + (head if head else sep)
        self.write_object(parent)


@cmdlet("Resolve-Path", aliases=("rvpa",), default_set="Path", module=MGMT)
class ResolvePath(Cmdlet):
    """Resolves the wildcard characters in a path, and displays the path contents."""

    Path = Parameter([str], position=0, mandatory=True, pipeline=True, pipeline_by_name=True, sets=("Path",))
    LiteralPath = Parameter([str], mandatory=True, pipeline_by_name=True, aliases=("PSPath", "LP"), sets=("LiteralPath",))
    Relative = Parameter(Switch)
    RelativeBasePath = Parameter(str)
    Credential = Parameter(object)

    def process(self) -> None:
        for path in self.Path or self.LiteralPath or []:
            for target in resolve_existing(self, path, literal=self.LiteralPath is not None):
                self.write_object(_path_info(self, target))


def _path_info(cmd: Cmdlet, target: Target) -> Any:
    if target.kind == "cert":
        text = cert_module().normalize(target.text, cmd.session.cwd)
        return PathInfo(text, "Microsoft.PowerShell.Security\\Certificate", "Cert")
    if target.kind in ("env", "variable", "function", "alias"):
        drive = target.kind.capitalize()
        provider = {"env": "Environment"}.get(target.kind, drive)
        return PathInfo(f"{drive}:\\{target.text}", f"Microsoft.PowerShell.Core\\{provider}", drive)
    text = display(target.path)
    if cmd.bound.get("Relative"):
        base = cmd.bound.get("RelativeBasePath") or cmd.session.cwd
        rel = os.path.relpath(text, base)
        return rel if rel.startswith("..") else "./" + rel if rel != "." else "./"
    return PathInfo(text)


def current_location(session: Any) -> PathInfo:
    cwd = str(session.cwd)
    if cwd.lower().startswith("cert:"):
        return PathInfo(cwd, "Microsoft.PowerShell.Security\\Certificate", "Cert")
    return PathInfo(cwd)


@cmdlet("Get-Location", aliases=("gl", "pwd"), module=MGMT)
class GetLocation(Cmdlet):
    """Gets information about the current working location or a location stack."""

    PSProvider = Parameter([str])
    PSDrive = Parameter([str])
    Stack = Parameter(Switch)
    StackName = Parameter([str])

    def process(self) -> None:
        if self.Stack:
            for entry in reversed(self.session.location_stack):
                self.write_object(PathInfo(entry))
            return
        self.write_object(current_location(self.session))


def change_location(cmd: Cmdlet, path: str | None) -> None:
    """Set the session's location (FileSystem or Cert:), with pwsh's errors."""
    session = cmd.session
    history: list[str] = session.extensions.setdefault("location_history", [])
    if path is None or path == "~":
        new = str(session.home)
    elif path == "-":
        if not history:
            return
        new = history.pop()
        session.cwd = new
        return
    else:
        try:
            target = classify(session, path)
        except DriveNotFoundException as exc:
            raise cmd.throw(exc, "DriveNotFound", Category.ObjectNotFound, path) from None
        if target.kind == "cert":
            try:
                cert = cert_module()
                if not cert.test_path(session, path):
                    raise not_found(path)
                new = cert.normalize(path, session.cwd)
            except ItemNotFoundException as exc:
                raise cmd.throw(exc, "PathNotFound", Category.ObjectNotFound, path) from None
            history.append(str(session.cwd))
            session.cwd = new
            return
        if target.kind in ("env", "variable", "function", "alias"):
            raise cmd.throw(
                PSArgumentException("Set-Location is not supported on the Environment provider in pwshim."),
                "NotSupported",
                Category.NotImplemented,
            )
        from pwshim.cmdlets.filesystem_paths import expand

        matches = expand(target.path) if target.path is not None else []
        dirs = [m for m in matches if os.path.isdir(m)]
        if not dirs:
            shown = display(target.path) if target.path is not None else path
            raise cmd.throw(not_found(shown), "PathNotFound", Category.ObjectNotFound, shown)
        new = display(dirs[0])
    history.append(str(session.cwd))
    session.cwd = new


@cmdlet("Set-Location", aliases=("cd", "chdir", "sl"), default_set="Path", module=MGMT)
class SetLocation(Cmdlet):
    """Sets the current working location to a specified location."""

    Path = Parameter(str, position=0, pipeline=True, pipeline_by_name=True, sets=("Path",))
    LiteralPath = Parameter(str, mandatory=True, pipeline_by_name=True, aliases=("PSPath", "LP"), sets=("LiteralPath",))
    PassThru = Parameter(Switch)
    StackName = Parameter(str, sets=("Stack",))

    def process(self) -> None:
        change_location(self, self.Path if self.LiteralPath is None else self.LiteralPath)
        if self.PassThru:
            self.write_object(current_location(self.session))


@cmdlet("Push-Location", aliases=("pushd",), default_set="Path", module=MGMT)
class PushLocation(Cmdlet):
    """Adds the current location to the top of a location stack."""

    Path = Parameter(str, position=0, pipeline=True, pipeline_by_name=True, sets=("Path",))
    LiteralPath = Parameter(str, pipeline_by_name=True, aliases=("PSPath", "LP"), sets=("LiteralPath",))
    PassThru = Parameter(Switch)
    StackName = Parameter(str)

    def process(self) -> None:
        before = str(self.session.cwd)
        path = self.Path if self.LiteralPath is None else self.LiteralPath
        if path is not None:
            change_location(self, path)
        self.session.location_stack.append(before)
        if self.PassThru:
            self.write_object(current_location(self.session))


@cmdlet("Pop-Location", aliases=("popd",), module=MGMT)
class PopLocation(Cmdlet):
    """Changes the current location to the location most recently pushed onto the stack."""

    PassThru = Parameter(Switch)
    StackName = Parameter(str)

    def process(self) -> None:
        if not self.session.location_stack:
            return
        self.session.cwd = self.session.location_stack.pop()
        if self.PassThru:
            self.write_object(current_location(self.session))
