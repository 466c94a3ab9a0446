"""Get-Content, Set-Content, Add-Content, Clear-Content (Microsoft.PowerShell.Management).

pwsh 7 reads with BOM detection (UTF-8 default) and emits one string per line without its
terminator; writes UTF-8 without BOM by default, each value followed by a newline ("\\n" on
Linux) unless -NoNewline.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pwshim.cmdlets.filesystem_paths import (
    SESSION_DRIVES,
    display,
    fs_target,
    io_errors,
    resolve_existing,
    session_item_value,
)
from pwshim.cmdlets.utility_format import ENCODING_NAMES, encoding_of, write_text
from pwshim.runtime.cmdlet import Cmdlet, Parameter, Switch, cmdlet
from pwshim.runtime.conversions import to_string
from pwshim.runtime.errors import (
    Category,
    DirectoryNotFoundException,
    UnauthorizedAccessException,
)

MGMT = "Microsoft.PowerShell.Management"
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def read_text(path: Path, encoding: str | None = None) -> str:
    """A file's text: BOM first, else the -Encoding (UTF-8 by default)."""
    data = path.read_bytes()
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    codec, _ = encoding_of(encoding)
    return data.decode(codec, errors="replace")


def split_lines(text: str) -> list[str]:
    """Lines as Get-Content yields them ("\\r\\n", "\\n" or "\\r"; no trailing empty line)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@cmdlet("Get-Content", aliases=("gc", "type"), default_set="Path", module=MGMT)
class GetContent(Cmdlet):
    """Gets the content of the item at the specified location. (No `cat` alias on Linux.)"""

    Path = Parameter([str], position=0, mandatory=True, pipeline_by_name=True, sets=("Path",))
    LiteralPath = Parameter([str], mandatory=True, pipeline_by_name=True, aliases=("PSPath", "LP"), sets=("LiteralPath",))
    ReadCount = Parameter(int)
    TotalCount = Parameter(int, aliases=("First", "Head"))
    Tail = Parameter(int, aliases=("Last",))
    Raw = Parameter(Switch)
    Encoding = Parameter(str, validate_set=ENCODING_NAMES)
    Delimiter = Parameter(str)
    Wait = Parameter(Switch)
    AsByteStream = Parameter(Switch)
    Filter = Parameter(str)
    Include = Parameter([str])
    Exclude = Parameter([str])
    Force = Parameter(Switch)
    Credential = Parameter(object)
    Stream = Parameter(str)

    def process(self) -> None:
        literal = self.LiteralPath is not None
        for path in (self.LiteralPath if literal else self.Path) or []:
            for target in resolve_existing(self, path, literal):
                if target.kind in SESSION_DRIVES:
                    value = session_item_value(self.session, target)
                    if value is not None:
                        self.write_object(value)
                    continue
                if target.kind != "fs" or target.path is None:
                    self.write_error(
                        UnauthorizedAccessException(f"Unable to get content of '{target.text}'."),
                        "GetContentReaderError",
                        Category.InvalidOperation,
                        target.text,
                    )
                    continue
                self._read(Path(display(target.path)))

    def _read(self, path: Path) -> None:
        if path.is_dir():
            self.write_error(
                UnauthorizedAccessException(
                    f"Unable to get content because it is a directory: '{path}'. Please use 'Get-ChildItem' instead."
                ),
                "GetContentReaderUnauthorizedAccessError",
                Category.PermissionDenied,
                str(path),
            )
            return
        text: str | None = None
        data: bytes | None = None
        with io_errors(self, "GetContentReaderIOError", path, Category.ReadError):
            if self.AsByteStream:
                data = path.read_bytes()
            else:
                text = read_text(path, self.Encoding)
        if data is not None:
            if self.Raw:
                self.write_object(data)
            else:
                for b in data:
                    self.write_object(b)
            return
        if text is None:
            return
        if self.Raw:
            if text:  # an empty file gives $null with -Raw
                self.write_object(text)
            return
        if self.Delimiter:
            parts = text.split(self.Delimiter)
            lines = [p + self.Delimiter for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
        else:
            lines = split_lines(text)
        if self.TotalCount is not None and self.TotalCount >= 0:
            lines = lines[: self.TotalCount]
        if self.Tail is not None and self.Tail >= 0:
            lines = lines[len(lines) - self.Tail :] if self.Tail else []
        for line in lines:
            self.write_object(line)


class _WriteContent(Cmdlet):
    Path = Parameter([str], position=0, mandatory=True, pipeline_by_name=True, sets=("Path",))
    LiteralPath = Parameter([str], mandatory=True, pipeline_by_name=True, aliases=("PSPath", "LP"), sets=("LiteralPath",))
    Value = Parameter([object], position=1, pipeline=True, pipeline_by_name=True, allow_null=True)
    PassThru = Parameter(Switch)
    Filter = Parameter(str)
    Include = Parameter([str])
    Exclude = Parameter([str])
    Force = Parameter(Switch)
    Credential = Parameter(object)
    NoNewline = Parameter(Switch)
    Encoding = Parameter(str, validate_set=ENCODING_NAMES)
    AsByteStream = Parameter(Switch)
    Stream = Parameter(str)

    append = False

    def begin(self) -> None:
        self._values: list[Any] = []

    def process(self) -> None:
        value = self.Value
        if value is None:
            return
        self._values.extend(value if isinstance(value, list) else [value])

    def end(self) -> None:
        if self.AsByteStream:
            data = bytes(int(v) & 0xFF for v in self._values)
            text = None
        else:
            sep = "" if self.NoNewline else "\n"
            text = "".join(to_string(v) + sep for v in self._values)
            data = None
        for path_text in (self.LiteralPath or self.Path or []):
            path = fs_target(self, path_text)
            if path is None:
                continue
            if path.is_dir():
                self.write_error(
                    UnauthorizedAccessException(f"Access to the path '{path}' is denied."),
                    "GetContentWriterUnauthorizedAccessError",
                    Category.PermissionDenied,
                    str(path),
                )
                continue
            if not path.parent.exists():
                self.write_error(
                    DirectoryNotFoundException(f"Could not find a part of the path '{path}'."),
                    "GetContentWriterDirectoryNotFoundError",
                    Category.ObjectNotFound,
                    str(path),
                )
                continue
            with io_errors(self, "GetContentWriterIOError", path):
                if data is not None:
                    with open(path, "ab" if self.append else "wb") as fh:
                        fh.write(data)
                else:
                    write_text(path, text or "", self.Encoding, self.append and os.path.exists(path))
            if self.PassThru:
                for v in self._values:
                    self.write_object(v)


@cmdlet("Set-Content", default_set="Path", should_process=True, module=MGMT)
class SetContent(_WriteContent):
    """Writes new content or replaces existing content in a file."""


@cmdlet("Add-Content", default_set="Path", should_process=True, module=MGMT)
class AddContent(_WriteContent):
    """Adds content to the specified items, such as adding words to a file. (No `ac` alias on Linux.)"""

    append = True


@cmdlet("Clear-Content", aliases=("clc",), default_set="Path", should_process=True, module=MGMT)
class ClearContent(Cmdlet):
    """Deletes the contents of an item, but does not delete the item."""

    Path = Parameter([str], position=0, mandatory=True, pipeline_by_name=True, sets=("Path",))
    LiteralPath = Parameter([str], mandatory=True, pipeline_by_name=True, aliases=("PSPath", "LP"), sets=("LiteralPath",))
    Force = Parameter(Switch)

    def process(self) -> None:
        literal = self.LiteralPath is not None
        for path in (self.LiteralPath if literal else self.Path) or []:
            for target in resolve_existing(self, path, literal):
                if target.path is not None and target.path.is_file():
                    with io_errors(self, "ClearContentIOError", target.path):
                        target.path.write_bytes(b"")
