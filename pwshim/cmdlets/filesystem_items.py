"""System.IO.FileInfo / DirectoryInfo items and System.Management.Automation.PathInfo,
with pwsh 7's provider note properties (PSPath, PSParentPath, PSChildName, PSIsContainer)
and its Linux directory listing view `childrenWithUnixStat` (FileSystem_format_ps1xml.cs):

    (blank)
        Directory: /tmp
    (blank)
    UnixMode   User       Group      LastWriteTime         Size Name
    --------   ----       -----      -------------         ---- ----
    -rw-r--r-- me         me        11/26/2026 14:00           5 a.txt
"""

from __future__ import annotations

import datetime as _dt
import os
import stat
from pathlib import Path
from typing import Any

from pwshim.cmdlets.filesystem_paths import FS_PROVIDER
from pwshim.runtime.dotnet import dotnet_type


def _owner(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (KeyError, ImportError):
        return str(uid)


def _group(gid: int) -> str:
    try:
        import grp

        return grp.getgrgid(gid).gr_name
    except (KeyError, ImportError):
        return str(gid)


def _short_time(value: _dt.datetime | None) -> str:
    """'{0:d} {0:HH}:{0:mm}' in en-US: `11/26/2026 14:00`."""
    if value is None:
        return ""
    return f"{value.month}/{value.day}/{value.year} {value.hour:02d}:{value.minute:02d}"


def _directory_header(item: FileSystemInfo) -> str:
    return "    Directory: " + item.parent_text


# (label, property or getter, width, alignment) - view "childrenWithUnixStat"
_UNIX_VIEW = (
    ("UnixMode", "UnixMode", 10, "left"),
    ("User", "User", 10, "right"),
    ("Group", "Group", 10, "left"),
    ("LastWriteTime", lambda o: _short_time(o.LastWriteTime), 16, "right"),
    ("Size", "Size", 12, "right"),
    ("Name", "NameString", None, "left"),
)


class FileSystemInfo:
    """Shared members of FileInfo and DirectoryInfo (a snapshot of one path's lstat)."""

    PS_TABLE_COLUMNS = _UNIX_VIEW
    PS_VIEW_KEY = "FileSystemTypes"  # one view for DirectoryInfo and FileInfo
    PS_TABLE_WRAP = True  # StartRowDefinition(wrap: true): long names continue on the next line
    PS_GROUP_HEADER = staticmethod(_directory_header)

    def __init__(self, path: str | Path) -> None:
        self._path = Path(os.path.normpath(str(path)))
        self._stat: os.stat_result | None = None
        self.Refresh()

    def Refresh(self) -> None:
        try:
            self._stat = os.lstat(self._path)
        except OSError:
            self._stat = None

    @property
    def parent_text(self) -> str:
        return str(self._path.parent)

    # --- .NET members ------------------------------------------------------------------------
    @property
    def Name(self) -> str:
        return self._path.name or str(self._path)

    @property
    def FullName(self) -> str:
        return str(self._path)

    @property
    def Exists(self) -> bool:
        return self._stat is not None

    @property
    def Extension(self) -> str:
        return self._path.suffix

    @property
    def BaseName(self) -> str:
        return self.Name

    def _time(self, attr: str) -> _dt.datetime | None:
        if self._stat is None:
            return None
        return _dt.datetime.fromtimestamp(getattr(self._stat, attr))

    @property
    def LastWriteTime(self) -> _dt.datetime | None:
        return self._time("st_mtime")

    @property
    def LastAccessTime(self) -> _dt.datetime | None:
        return self._time("st_atime")

    @property
    def CreationTime(self) -> _dt.datetime | None:
        if self._stat is None:
            return None
        birth = getattr(self._stat, "st_birthtime", None)
        return _dt.datetime.fromtimestamp(birth if birth else min(self._stat.st_ctime, self._stat.st_mtime))

    @property
    def LastWriteTimeUtc(self) -> _dt.datetime | None:
        if self._stat is None:
            return None
        return _dt.datetime.fromtimestamp(self._stat.st_mtime, _dt.UTC).replace(tzinfo=None)

    @property
    def Attributes(self) -> str:
        """FileAttributes as .NET reports them on Unix (Directory, ReadOnly, Hidden, ReparsePoint)."""
        flags = []
        if self._is_dir():
            flags.append("Directory")
        if self._readonly():
            flags.append("ReadOnly")
        if self.Name.startswith("."):
            flags.append("Hidden")
        if self._is_link():
            flags.append("ReparsePoint")
        return ", ".join(flags) if flags else "Normal"

    def _is_dir(self) -> bool:
        return self._stat is not None and stat.S_ISDIR(self._stat.st_mode)

    def _is_link(self) -> bool:
        return self._stat is not None and stat.S_ISLNK(self._stat.st_mode)

    def _readonly(self) -> bool:
        return self._stat is not None and not self._stat.st_mode & stat.S_IWUSR

    @property
    def Mode(self) -> str:
        return self.ModeWithoutHardLink

    @property
    def ModeWithoutHardLink(self) -> str:
        first = "l" if self._is_link() else ("d" if self._is_dir() else "-")
        return first + "-" + ("r" if self._readonly() else "-") + ("h" if self.Name.startswith(".") else "-") + "-"

    @property
    def UnixMode(self) -> str:
        return stat.filemode(self._stat.st_mode) if self._stat is not None else ""

    @property
    def User(self) -> str:
        return _owner(self._stat.st_uid) if self._stat is not None else ""

    @property
    def Group(self) -> str:
        return _group(self._stat.st_gid) if self._stat is not None else ""

    @property
    def Size(self) -> int:
        return self._stat.st_size if self._stat is not None else 0

    @property
    def LinkType(self) -> str | None:
        return "SymbolicLink" if self._is_link() else None

    @property
    def Target(self) -> str | None:
        return os.readlink(self._path) if self._is_link() else None

    @property
    def NameString(self) -> str:
        return f"{self.Name} -> {self.Target}" if self._is_link() else self.Name

    @property
    def PSPath(self) -> str:
        return f"{FS_PROVIDER}::{self._path}"

    @property
    def PSParentPath(self) -> str:
        return f"{FS_PROVIDER}::{self._path.parent}"

    @property
    def PSChildName(self) -> str:
        return self.Name

    @property
    def PSDrive(self) -> str:
        return "/"

    @property
    def PSProvider(self) -> str:
        return FS_PROVIDER

    @property
    def PSIsContainer(self) -> bool:
        return self._is_dir()

    def Delete(self) -> None:
        if self._is_dir():
            os.rmdir(self._path)
        else:
            os.remove(self._path)

    def ToString(self) -> str:
        return str(self._path)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self._path)!r})"


@dotnet_type("System.IO.FileInfo")
class FileInfo(FileSystemInfo):
    PS_LIST_PROPERTIES = (
        "Name", ("Length", "Length"), "CreationTime", "LastWriteTime", "LastAccessTime", "Mode", "LinkType", "Target",
        "VersionInfo",
    )

    @property
    def Length(self) -> int:
        return self._stat.st_size if self._stat is not None else 0

    @property
    def BaseName(self) -> str:
        return self._path.stem if self._path.suffix else self.Name

    @property
    def DirectoryName(self) -> str:
        return str(self._path.parent)

    @property
    def Directory(self) -> DirectoryInfo:
        return DirectoryInfo(self._path.parent)

    @property
    def IsReadOnly(self) -> bool:
        return self._readonly()

    @property
    def VersionInfo(self) -> str:
        return f"File:             {self._path}"

    def OpenText(self) -> Any:
        return open(self._path, encoding="utf-8")


@dotnet_type("System.IO.DirectoryInfo")
class DirectoryInfo(FileSystemInfo):
    PS_LIST_PROPERTIES = ("Name", "CreationTime", "LastWriteTime", "LastAccessTime", "Mode", "LinkType", "Target")

    @property
    def Parent(self) -> DirectoryInfo | None:
        return None if self._path.parent == self._path else DirectoryInfo(self._path.parent)

    @property
    def Root(self) -> DirectoryInfo:
        return DirectoryInfo(self._path.anchor or "/")

    def GetFiles(self, *args: Any) -> list[FileInfo]:
        return [FileInfo(p) for p in sorted(self._path.iterdir()) if not p.is_dir()]

    def GetDirectories(self, *args: Any) -> list[DirectoryInfo]:
        return [DirectoryInfo(p) for p in sorted(self._path.iterdir()) if p.is_dir()]

    def Create(self) -> None:
        os.makedirs(self._path, exist_ok=True)
        self.Refresh()


def item_for(path: str | Path) -> FileSystemInfo:
    """FileInfo or DirectoryInfo for an existing path (symlinks to directories are directories)."""
    p = Path(path)
    return DirectoryInfo(p) if p.is_dir() else FileInfo(p)


@dotnet_type("System.Management.Automation.PathInfo")
class PathInfo:
    """What Get-Location / Resolve-Path return; view: one `Path` column."""

    PS_TABLE_COLUMNS = (("Path", "Path", None, "left"),)

    def __init__(self, path: str, provider: str = FS_PROVIDER, drive: str = "/") -> None:
        self._path = path
        self._provider = provider
        self._drive = drive

    @property
    def Path(self) -> str:
        return self._path

    @property
    def ProviderPath(self) -> str:
        return self._path

    @property
    def Provider(self) -> str:
        return self._provider

    @property
    def Drive(self) -> str:
        return self._drive

    def ToString(self) -> str:
        return self._path

    def __repr__(self) -> str:
        return f"PathInfo({self._path!r})"
