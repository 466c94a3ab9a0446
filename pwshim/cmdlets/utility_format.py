"""Format-Table, Format-List, Out-String, Out-Null, Out-File, Out-Host, Out-Default.

Format-* emit a FormatRequest (pwshim.formatting) that the output stage renders, as pwsh's
format-start/entry/end records are; Out-* turn objects into text through pwshim.formatting.
Objects Format-* do not format (scalars: pwsh's OutOfBandFormatViewManager writes
DefaultScalarTypes as their ToString() unless -Force) come out as their text: as lines before the
first formatted object, and inside a table or between list entries after it.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from pwshim.cmdlets.utility_compare import has_wildcard, like
from pwshim.cmdlets.utility_select import CollectsInput, calculated_property
from pwshim.formatting import FormatRequest, console_width, format_objects
from pwshim.formatting_table import OutOfBandText
from pwshim.formatting_values import Column, cell_text, display_properties, is_scalar
from pwshim.runtime.cmdlet import Cmdlet, Parameter, Switch, cmdlet
from pwshim.runtime.conversions import to_string
from pwshim.runtime.errors import ArgumentException, Category
from pwshim.runtime.objects import DictionaryEntry, Hashtable, PSObject, property_names


def _column(spec: Hashtable) -> Column:
    label, getter, raw = calculated_property(spec, "Format-Table")
    width = None
    align = None
    fmt = None
    for key in raw:
        k = str(key).lower()
        if "width".startswith(k):
            width = int(raw[key])
        elif "alignment".startswith(k):
            align = to_string(raw[key]).lower()
            align = "right" if align == "right" else "left"
        elif "formatstring".startswith(k):
            fmt = to_string(raw[key])
    if fmt:
        from pwshim.runtime.operators import format_operator

        base = getter
        getter = lambda o, _g=base, _f=fmt: format_operator("{0:" + _f + "}", [_g(o)])
    return Column(label, getter, width, align)


def selected_columns(first: Any, props: list[Any] | None, list_view: bool = False) -> list[Any] | None:
    """-Property entries as columns: names (wildcards against the first object), `*`,
    and calculated properties @{Label=...; Expression=...; Width=...; Alignment=...}."""
    if props is None:
        return None
    columns: list[Any] = []
    for prop in props:
        if isinstance(prop, Hashtable | dict):
            columns.append(_column(Hashtable(prop)))
            continue
        name = to_string(prop)
        if has_wildcard(name):
            columns.extend(n for n in property_names(first) if like(n, name) and n not in columns)
        else:
            columns.append(name)
    return columns


def out_of_band_text(value: Any) -> str | None:
    """The text Format-* write for a value they do not format (a DefaultScalarTypes value, an
    enum, an object without properties: its ToString()), else None."""
    if is_scalar(value):
        return cell_text(value)
    if isinstance(value, _dt.datetime | _dt.timedelta | DictionaryEntry):
        return None
    if getattr(type(value), "PS_TABLE_COLUMNS", None) or display_properties(value):
        return None
    return "" if isinstance(value, PSObject) else to_string(value)


class _ContinuedList(FormatRequest):
    """List entries that follow an out-of-band line: pwsh writes a blank line after each entry
    and none before, so the block's opening blank line is already written."""

    def render(self, width: int = 120, color: bool = False) -> list[str]:
        return super().render(width, color)[1:]


class _FormatCmdlet(Cmdlet):
    InputObject = Parameter(object, pipeline=True)
    Property = Parameter([object], position=0)
    GroupBy = Parameter(object)
    View = Parameter(str)
    Force = Parameter(Switch)
    Expand = Parameter(str)
    ShowError = Parameter(Switch)
    DisplayError = Parameter(Switch)

    kind = "table"

    def begin(self) -> None:
        self._items: list[Any] = []

    def process(self) -> None:
        if "InputObject" in self.bound and self.InputObject is not None:
            value = self.InputObject
            if isinstance(value, Hashtable | dict) and self.Property is None:
                self._items.extend(DictionaryEntry(k, v) for k, v in value.items())
                return
            text = None if self.Force else out_of_band_text(value)
            if text is None:
                self._items.append(value)
            elif not self._items:
                self.write_object(text)  # before the first formatted object: written at once
            else:
                header = getattr(type(self._items[-1]), "PS_GROUP_HEADER", None)
                self._items.append(OutOfBandText(text, _safe_header(header, self._items[-1])))

    def end(self) -> None:
        if not self._items:
            return
        try:
            props = self.Property
            if props is None and self.Force and isinstance(self._items[0], str):
                props = ["Length"]  # a String's one property, shown when -Force formats scalars
            columns = selected_columns(self._items[0], props, self.kind == "list")
        except ArgumentException as exc:
            raise self.throw(exc, "IllegalKey", Category.InvalidArgument) from None
        if self.kind == "table":
            self.write_object(self._request(columns, self._items))
            return
        run: list[Any] = []
        continued = False
        for item in self._items + [None]:
            if isinstance(item, OutOfBandText) or item is None:
                if run:
                    request = self._request(columns, run)
                    self.write_object(_ContinuedList(**vars(request)) if continued else request)
                    run, continued = [], True
                if item is not None:
                    self.write_object(item.text)
            else:
                run.append(item)

    def _request(self, columns: list[Any] | None, items: list[Any]) -> FormatRequest:
        return FormatRequest(self.kind, list(items), columns)


def _safe_header(hook: Any, obj: Any) -> str | None:
    if hook is None:
        return None
    try:
        return hook(obj)
    except Exception:  # noqa: BLE001 - a group header never fails formatting
        return None


@cmdlet("Format-Table", aliases=("ft",))
class FormatTable(_FormatCmdlet):
    """Formats the output as a table."""

    AutoSize = Parameter(Switch)
    RepeatHeader = Parameter(Switch)
    HideTableHeaders = Parameter(Switch)
    Wrap = Parameter(Switch)

    def _request(self, columns: list[Any] | None, items: list[Any]) -> FormatRequest:
        return FormatRequest(
            "table", list(items), columns, autosize=bool(self.AutoSize),
            hide_headers=bool(self.HideTableHeaders), wrap=bool(self.Wrap),
        )


@cmdlet("Format-List", aliases=("fl",))
class FormatList(_FormatCmdlet):
    """Formats the output as a list of properties in which each property appears on a new line."""

    kind = "list"


def _render(session: Any, objects: list[Any], width: int | None = None) -> str:
    return format_objects(objects, session, width or console_width(session))


@cmdlet("Out-String")
class OutString(CollectsInput):
    """Outputs input objects as a string."""

    Stream = Parameter(Switch)
    NoNewline = Parameter(Switch)
    Width = Parameter(int)
    InputObject = Parameter(object, pipeline=True)

    def end(self) -> None:
        text = _render(self.session, self._items, self.Width)
        if self.Stream:
            lines = text.split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            for line in lines:
                self.write_object(line)
            return
        if self.NoNewline:
            text = text.replace("\n", "")
        self.write_object(text)


@cmdlet("Out-Null", module="Microsoft.PowerShell.Core")
class OutNull(Cmdlet):
    """Hides the output instead of sending it down the pipeline or displaying it."""

    InputObject = Parameter(object, pipeline=True)


@cmdlet("Out-Host", aliases=("oh",), module="Microsoft.PowerShell.Core")
class OutHost(CollectsInput):
    """Sends output to the command line."""

    InputObject = Parameter(object, pipeline=True)
    Paging = Parameter(Switch)

    def end(self) -> None:
        if self._items:
            self.session.host.write(_render(self.session, self._items))


@cmdlet("Out-Default", module="Microsoft.PowerShell.Core")
class OutDefault(OutHost):
    """Sends the output to the default formatter and to the default output cmdlet."""

    Transcript = Parameter(Switch)


# Encodings pwsh 7 accepts for -Encoding (utf8 means no BOM; utf8NoBOM is the default).
ENCODINGS: dict[str, tuple[str, bytes]] = {
    "utf8nobom": ("utf-8", b""),
    "utf8": ("utf-8", b""),
    "utf8bom": ("utf-8", b"\xef\xbb\xbf"),
    "ascii": ("ascii", b""),
    "unicode": ("utf-16-le", b"\xff\xfe"),
    "bigendianunicode": ("utf-16-be", b"\xfe\xff"),
    "utf32": ("utf-32-le", b"\xff\xfe\x00\x00"),
    "bigendianutf32": ("utf-32-be", b"\x00\x00\xfe\xff"),
    "utf7": ("utf-7", b""),
    "latin1": ("latin-1", b""),
    "oem": ("utf-8", b""),
    "default": ("utf-8", b""),
}
ENCODING_NAMES = (
    "ascii", "bigendianunicode", "bigendianutf32", "oem", "unicode", "utf7", "utf8", "utf8BOM",
    "utf8NoBOM", "utf32", "latin1", "default",
)


def encoding_of(name: str | None) -> tuple[str, bytes]:
    """(Python codec, BOM) for a pwsh -Encoding name."""
    if not name:
        return ENCODINGS["utf8nobom"]
    key = str(name).lower().replace("-", "")
    if key in ENCODINGS:
        return ENCODINGS[key]
    import codecs

    try:
        return codecs.lookup(str(name)).name, b""
    except LookupError:
        return ENCODINGS["utf8nobom"]


def write_text(path: Any, text: str, encoding: str | None, append: bool) -> None:
    """Write (or append) text as pwsh does: BOM only at the start of a new file."""
    import os

    codec, bom = encoding_of(encoding)
    data = text.encode(codec, errors="replace")
    existing = append and os.path.exists(path) and os.path.getsize(path) > 0
    with open(path, "ab" if append else "wb") as fh:
        if bom and not existing:
            fh.write(bom)
        fh.write(data)


@cmdlet("Out-File", default_set="ByPath")
class OutFile(CollectsInput):
    """Sends output to a file."""

    FilePath = Parameter(str, position=0, mandatory=True, aliases=("Path",), sets=("ByPath",))
    LiteralPath = Parameter(str, mandatory=True, aliases=("PSPath", "LP"), sets=("ByLiteralPath",))
    Encoding = Parameter(str, position=1, validate_set=ENCODING_NAMES)
    Append = Parameter(Switch)
    Force = Parameter(Switch)
    NoClobber = Parameter(Switch, aliases=("NoOverwrite",))
    Width = Parameter(int)
    NoNewline = Parameter(Switch)
    InputObject = Parameter(object, pipeline=True)

    def end(self) -> None:
        from pwshim.cmdlets.filesystem_paths import fs_target

        path = fs_target(self, self.FilePath or self.LiteralPath)
        if path is None:
            return
        if self.NoClobber and path.exists() and not self.Append:
            raise self.throw(
                ArgumentException(f"The file '{path}' already exists."), "NoClobber", Category.ResourceExists, str(path)
            )
        text = _render(self.session, self._items, self.Width)
        if self.NoNewline:
            text = text.replace("\n", "")
        if not path.parent.exists():
            from pwshim.runtime.errors import DirectoryNotFoundException

            raise self.throw(
                DirectoryNotFoundException(f"Could not find a part of the path '{path}'."),
                "FileOpenFailure",
                Category.OpenError,
            )
        from pwshim.cmdlets.filesystem_paths import io_errors

        with io_errors(self, "FileOpenFailure", path, Category.OpenError):
            write_text(path, text, self.Encoding, bool(self.Append))
