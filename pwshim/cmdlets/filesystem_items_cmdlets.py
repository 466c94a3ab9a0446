"""Get-ChildItem, Get-Item, New-Item, Remove-Item, Copy-Item, Move-Item, Rename-Item
(Microsoft.PowerShell.Management) over the FileSystem provider and pwshim's Cert: drive."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from pwshim.cmdlets.filesystem_items import DirectoryInfo, FileInfo, item_for
from pwshim.cmdlets.filesystem_paths import (
    SESSION_DRIVES,
    Target,
    cert_module,
    classify,
    display,
    io_errors,
    io_exception,
    not_found,
    remove_session_items,
    report,
    resolve_existing,
    session_items,
)
from pwshim.cmdlets.utility_compare import like
from pwshim.runtime.cmdlet import Cmdlet, Parameter, Switch, cmdlet
from pwshim.runtime.conversions import to_string
from pwshim.runtime.errors import (
    Category,
    DirectoryNotFoundException,
    DotNetException,
    DriveNotFoundException,
    IOException,
    ItemNotFoundException,
    PSArgumentException,
)

MGMT = "Microsoft.PowerShell.Management"


def _cert_call(cmd: Cmdlet, fn: str, path: str, *args: Any) -> list[Any]:
    try:
        result = getattr(cert_module(), fn)(cmd.session, path, *args)
    except (ItemNotFoundException, DotNetException) as exc:
        report(cmd, exc, path)
        return []
    return list(result or [])


class _ItemFilter:
    Filter: Any
    Include: Any
    Exclude: Any

    def _keep(self, name: str) -> bool:
        if self.Filter and not like(name, self.Filter, True):
            return False
        if self.Include and not any(like(name, p) for p in self.Include):
            return False
        return not (self.Exclude and any(like(name, p) for p in self.Exclude))


@cmdlet("Get-ChildItem", aliases=("gci", "dir"), default_set="Items", module=MGMT)
class GetChildItem(Cmdlet, _ItemFilter):
    """Gets the items and child items in one or more specified locations.
    (No `ls` alias: pwsh on Linux leaves /bin/ls alone.)"""

    Path = Parameter([str], position=0, pipeline=True, pipeline_by_name=True, sets=("Items",))
    LiteralPath = Parameter([str], mandatory=True, pipeline_by_name=True, aliases=("PSPath", "LP"), sets=("LiteralItems",))
    Filter = Parameter(str, position=1)
    Include = Parameter([str])
    Exclude = Parameter([str])
    Recurse = Parameter(Switch, aliases=("s", "r"))
    Depth = Parameter(int)
    Force = Parameter(Switch)
    Name = Parameter(Switch)
    Attributes = Parameter(object)
    FollowSymlink = Parameter(Switch)
    Directory = Parameter(Switch, aliases=("ad", "d"))
    File = Parameter(Switch, aliases=("af",))
    Hidden = Parameter(Switch, aliases=("ah", "h"))
    ReadOnly = Parameter(Switch, aliases=("ar",))
    System = Parameter(Switch, aliases=("as",))

    def process(self) -> None:
        literal = self.LiteralPath is not None
        for path in (self.LiteralPath if literal else self.Path) or ["."]:
            for target in resolve_existing(self, path, literal):
                self._list(target)

    def _list(self, target: Target) -> None:
        if target.kind == "cert":
            for item in _cert_call(self, "get_child_items", target.text, bool(self.Recurse)):
                self.write_object(item)
            return
        if target.kind in SESSION_DRIVES:
            for item in session_items(self.session, target.kind, target.text):
                self.write_object(item)
            return
        assert target.path is not None
        if not os.path.isdir(target.path):
            if self._keep(target.path.name):
                self._emit(target.path, target.path.parent)
            return
        depth = self.Depth if self.Depth is not None else (None if self.Recurse else 0)
        self._walk(target.path, target.path, depth)

    def _walk(self, directory: Path, root: Path, depth: int | None) -> None:
        try:
            names = os.listdir(directory)
        except OSError:
            self.write_error(
                DotNetException(f"Access to the path '{directory}' is denied."),
                "DirUnauthorizedAccessError",
                Category.PermissionDenied,
                str(directory),
            )
            return
        show_hidden = bool(self.Force or self.Hidden)
        entries = [directory / n for n in names if show_hidden or not n.startswith(".")]
        # pwsh lists directories first, then files (FileSystemProvider.Dir)
        dirs = sorted((p for p in entries if p.is_dir() and not (p.is_symlink() and not self.FollowSymlink)), key=_order)
        links_to_dirs = [p for p in entries if p.is_dir() and p.is_symlink() and not self.FollowSymlink]
        files = sorted((p for p in entries if not p.is_dir()), key=_order)
        for p in sorted(dirs + links_to_dirs, key=_order) + files:
            if self.Hidden and not p.name.startswith("."):
                continue
            if self._keep(p.name):
                self._emit(p, root)
        if depth is None or depth > 0:
            for d in dirs:
                self._walk(d, root, None if depth is None else depth - 1)

    def _emit(self, path: Path, root: Path) -> None:
        is_dir = path.is_dir()
        if (self.Directory and not is_dir) or (self.File and is_dir):
            return
        if self.Name:
            self.write_object(os.path.relpath(path, root))
            return
        self.write_object(DirectoryInfo(path) if is_dir else FileInfo(path))


def _order(p: Path) -> tuple[str, str]:
    return (p.name.lower(), p.name)


@cmdlet("Get-Item", aliases=("gi",), default_set="Path", module=MGMT)
class GetItem(Cmdlet, _ItemFilter):
    """Gets the item at the specified location."""

    Path = Parameter([str], position=0, mandatory=True, pipeline=True, pipeline_by_name=True, sets=("Path",))
    LiteralPath = Parameter([str], mandatory=True, pipeline_by_name=True, aliases=("PSPath", "LP"), sets=("LiteralPath",))
    Filter = Parameter(str)
    Include = Parameter([str])
    Exclude = Parameter([str])
    Force = Parameter(Switch)
    Stream = Parameter([str])
    Credential = Parameter(object)

    def process(self) -> None:
        literal = self.LiteralPath is not None
        for path in (self.LiteralPath if literal else self.Path) or []:
            for target in resolve_existing(self, path, literal):
                if target.kind == "cert":
                    for item in _cert_call(self, "get_item", target.text):
                        self.write_object(item)
                elif target.kind in SESSION_DRIVES:
                    for item in session_items(self.session, target.kind, target.text):
                        self.write_object(item)
                elif target.path is not None and self._keep(target.path.name):
                    self.write_object(item_for(target.path))


def _item_type(cmd: Cmdlet, text: str | None) -> str:
    """FileSystemProvider matches -ItemType by prefix: 'd', 'dir', 'Directory', 'file', 'sym'..."""
    if not text:
        return "file"
    key = text.lower()
    for name in ("file", "directory", "symboliclink", "hardlink", "junction"):
        if name.startswith(key):
            return name
    raise cmd.throw(
        PSArgumentException(
            'The type is not a known type for the file system. Only "file","directory" or "symboliclink" can be specified.'
        ),
        "Argument",
        Category.InvalidArgument,
        text,
    )


@cmdlet("New-Item", aliases=("ni",), default_set="pathSet", should_process=True, module=MGMT)
class NewItem(Cmdlet):
    """Creates a new item."""

    Path = Parameter([str], position=0, mandatory=True, pipeline_by_name=True, sets=("pathSet",),
                     per_set={"nameSet": {"position": 0, "mandatory": False}})
    Name = Parameter(str, mandatory=True, pipeline_by_name=True, sets=("nameSet",))
    ItemType = Parameter(str, pipeline_by_name=True, aliases=("Type",))
    Value = Parameter(object, pipeline=True, pipeline_by_name=True, aliases=("Target",))
    Force = Parameter(Switch)
    Credential = Parameter(object)

    def process(self) -> None:
        kind = _item_type(self, self.ItemType)
        for base in self.Path or ["."]:
            path_text = base if self.Name is None else str(Path(base) / self.Name)
            try:
                target = classify(self.session, path_text)
            except DriveNotFoundException as exc:
                report(self, exc, path_text)
                continue
            if target.kind != "fs" or target.path is None:
                self.write_error(
                    PSArgumentException(f"New-Item is not supported on '{path_text}'."),
                    "NotSupported",
                    Category.NotImplemented,
                    path_text,
                )
                continue
            path = Path(display(target.path))
            if not self.should_process(f"Destination: {path}", "Create " + ("Directory" if kind == "directory" else "File")):
                continue
            with io_errors(self, "NewItemIOError", path):
                self._create(kind, path)

    def _create(self, kind: str, path: Path) -> None:
        force = bool(self.Force)
        if kind == "directory":
            if path.exists():
                if not force or not path.is_dir():
                    self.write_error(
                        IOException(f"An item with the specified name {path} already exists."),
                        "DirectoryExist",
                        Category.ResourceExists,
                        str(path),
                    )
                    return
            else:
                path.mkdir(parents=True)
            self.write_object(DirectoryInfo(path))
            return
        if kind == "symboliclink":
            if path.exists() or path.is_symlink():
                if not force:
                    self.write_error(
                        IOException(f"An item with the specified name {path} already exists."),
                        "SymLinkExists",
                        Category.ResourceExists,
                        str(path),
                    )
                    return
                path.unlink()
            os.symlink(to_string(self.Value), path)
            self.write_object(item_for(path))
            return
        if path.exists() and not force:
            self.write_error(
                IOException(f"The file '{path}' already exists."), "NewItemIOError", Category.WriteError, str(path)
            )
            return
        if path.is_dir():
            self.write_error(
                IOException(f"Access to the path '{path}' is denied."), "NewItemIOError", Category.WriteError, str(path)
            )
            return
        if not path.parent.exists():
            if not force:
                self.write_error(
                    DirectoryNotFoundException(f"Could not find a part of the path '{path}'."),
                    "NewItemIOError",
                    Category.WriteError,
                    str(path),
                )
                return
            path.parent.mkdir(parents=True)
        value = "" if self.Value is None else to_string(self.Value)
        path.write_bytes(value.encode("utf-8"))
        self.write_object(FileInfo(path))


def _confirm_children(cmd: Cmdlet, path: Path) -> bool:
    """pwsh asks before removing a non-empty directory without -Recurse (ShouldContinue)."""
    host = cmd.session.host
    host.write_line("")
    host.write_line("Confirm")
    host.write_line(
        f"The item at {path} has children and the Recurse parameter was not specified. If you continue, all "
        "children will be removed with the item. Are you sure you want to continue?"
    )
    answer = host.read_line('[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): ')
    return answer.strip().lower() in ("", "y", "a", "yes")


@cmdlet("Remove-Item", aliases=("ri", "del", "erase", "rd"), default_set="Path", should_process=True, module=MGMT)
class RemoveItem(Cmdlet, _ItemFilter):
    """Deletes the specified items. (No `rm`/`rmdir` aliases on Linux.)"""

    Path = Parameter([str], position=0, mandatory=True, pipeline=True, pipeline_by_name=True, sets=("Path",))
    LiteralPath = Parameter([str], mandatory=True, pipeline_by_name=True, aliases=("PSPath", "LP"), sets=("LiteralPath",))
    Filter = Parameter(str)
    Include = Parameter([str])
    Exclude = Parameter([str])
    Recurse = Parameter(Switch)
    Force = Parameter(Switch)
    Credential = Parameter(object)
    Stream = Parameter([str])

    def process(self) -> None:
        literal = self.LiteralPath is not None
        for path in (self.LiteralPath if literal else self.Path) or []:
            for target in resolve_existing(self, path, literal):
                self._remove(target)

    def _remove(self, target: Target) -> None:
        if target.kind == "cert":
            if self.should_process(target.text, "Remove certificate"):
                _cert_call(self, "remove_item", target.text)
            return
        if target.kind in SESSION_DRIVES:
            remove_session_items(self.session, target)
            return
        path = target.path
        assert path is not None
        if not self._keep(path.name):
            return
        is_dir = path.is_dir() and not path.is_symlink()
        action = "Remove Directory" if is_dir else "Remove File"
        if not self.should_process(str(path), action):
            return
        with io_errors(self, "RemoveFileSystemItemIOError", path):
            if is_dir:
                if any(path.iterdir()) and not self.Recurse and not _confirm_children(self, path):
                    return
                shutil.rmtree(path)
            else:
                path.unlink()


class _CopyMove(Cmdlet):
    Path = Parameter([str], position=0, mandatory=True, pipeline=True, pipeline_by_name=True, sets=("Path",))
    LiteralPath = Parameter([str], mandatory=True, pipeline_by_name=True, aliases=("PSPath", "LP"), sets=("LiteralPath",))
    Destination = Parameter(str, position=1, pipeline_by_name=True)
    Force = Parameter(Switch)
    PassThru = Parameter(Switch)
    Filter = Parameter(str)
    Include = Parameter([str])
    Exclude = Parameter([str])
    Credential = Parameter(object)

    def _destination(self) -> Path | None:
        dest = self.Destination if self.Destination is not None else "."
        try:
            target = classify(self.session, dest)
        except DriveNotFoundException as exc:
            report(self, exc, dest)
            return None
        if target.kind != "fs" or target.path is None:
            report(self, not_found(dest), dest)
            return None
        return Path(display(target.path))

    def process(self) -> None:
        dest = self._destination()
        if dest is None:
            return
        literal = self.LiteralPath is not None
        for path in (self.LiteralPath if literal else self.Path) or []:
            for target in resolve_existing(self, path, literal):
                if target.kind != "fs" or target.path is None:
                    report(self, not_found(target.text), target.text)
                    continue
                src = Path(display(target.path))
                final = dest / src.name if dest.is_dir() else dest
                try:
                    self._apply(src, final)
                except OSError as exc:
                    self.write_error(io_exception(exc, final), self._error_id, Category.WriteError, str(src))
                    continue
                if self.PassThru:
                    self.write_object(item_for(final))

    _error_id = "CopyError"

    def _apply(self, src: Path, dest: Path) -> None:
        raise NotImplementedError


@cmdlet("Copy-Item", aliases=("copy", "cpi"), default_set="Path", should_process=True, module=MGMT)
class CopyItem(_CopyMove):
    """Copies an item from one location to another. (No `cp` alias on Linux.)"""

    Container = Parameter(Switch)
    Recurse = Parameter(Switch)
    _error_id = "CopyDirectoryInfoItemIOError"

    def _apply(self, src: Path, dest: Path) -> None:
        if src.is_dir():
            if self.Recurse:
                shutil.copytree(src, dest, dirs_exist_ok=True, symlinks=True)
            else:
                dest.mkdir(exist_ok=True)
            return
        if dest.exists() and not self.Force and _readonly(dest):
            raise PermissionError(13, f"Access to the path '{dest}' is denied.")
        shutil.copy2(src, dest)


def _readonly(path: Path) -> bool:
    return not os.access(path, os.W_OK)


@cmdlet("Move-Item", aliases=("move", "mi"), default_set="Path", should_process=True, module=MGMT)
class MoveItem(_CopyMove):
    """Moves an item from one location to another. (No `mv` alias on Linux.)"""

    _error_id = "MoveFileInfoItemIOError"

    def _apply(self, src: Path, dest: Path) -> None:
        if dest.exists() and not self.Force:
            raise FileExistsError(17, "Cannot create a file when that file already exists.")
        if dest.exists() and dest.is_file():
            dest.unlink()
        shutil.move(str(src), str(dest))


@cmdlet("Rename-Item", aliases=("rni", "ren"), default_set="ByPath", should_process=True, module=MGMT)
class RenameItem(Cmdlet):
    """Renames an item in a PowerShell provider namespace."""

    Path = Parameter(str, position=0, mandatory=True, pipeline=True, pipeline_by_name=True, sets=("ByPath",))
    LiteralPath = Parameter(str, mandatory=True, pipeline_by_name=True, aliases=("PSPath", "LP"), sets=("ByLiteralPath",))
    NewName = Parameter(str, position=1, mandatory=True, pipeline_by_name=True)
    Force = Parameter(Switch)
    PassThru = Parameter(Switch)
    Credential = Parameter(object)

    def process(self) -> None:
        path = self.Path if self.LiteralPath is None else self.LiteralPath
        for target in resolve_existing(self, path, self.LiteralPath is not None):
            if target.kind != "fs" or target.path is None:
                report(self, not_found(target.text), target.text)
                continue
            src = Path(display(target.path))
            new_name = self.NewName
            if "/" in new_name or "\\" in new_name:
                new_path = Path(display(self.session.resolve_path(new_name)))
                if new_path.parent != src.parent:
                    self.write_error(
                        PSArgumentException("Cannot rename the specified target, because it represents a path or device name."),
                        "Argument",
                        Category.InvalidArgument,
                        new_name,
                    )
                    continue
            else:
                new_path = src.parent / new_name
            if new_path.exists():
                self.write_error(
                    IOException("Cannot create a file when that file already exists."),
                    "RenameItemIOError",
                    Category.WriteError,
                    str(src),
                )
                continue
            with io_errors(self, "RenameItemIOError", src):
                os.rename(src, new_path)
            if self.PassThru:
                self.write_object(item_for(new_path))

