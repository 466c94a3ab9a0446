"""The only place objects become text: pwsh 7's Out-Default, tables, lists and error views.

    format_objects(objects, session=None, width=None, color=False) -> str   (width: host.width or 120)
    OutDefaultWriter(session, width, color): .write(objects) / .flush(force) -> str / .close() -> str
        the same, streaming: each object's lines as soon as they can be written; a table stays
        open across flushes (Write-Host in between)
    format_table(objects, properties=None, width=120, autosize=False, hide_headers=False) -> str
    format_list(objects, properties=None, width=120) -> str
    format_error(record, color=False, width=120) -> str        (ConciseView, formatting_errors)

Out-Default rules reproduced (FormatAndOutput/common/*, OutCommandInner):
- scalars (strings, numbers, bools, enums, SecureString) print one per line;
- the first object that is not a scalar opens a group that decides the shape: a table when
  its type has a table view or shows at most 4 properties, else a list; later objects of the
  same type name join that table (one header, widths from the rows buffered first: pwsh's
  OutputGroupQueue holds a table's rows until 300 ms have passed when the next object comes, or
  until something else is written; a view that fixes every width but a left-aligned last
  column's is written at once); objects of another
  type are written "out of band" as lists; scalars in between print where they come;
- a table is a blank line, header, underline, rows and a blank line; a list is a blank line,
  entries separated by blank lines, and a blank line;
- hashtables show as the DictionaryEntry view (Name width 30, Value);
- DateTime shows its long form with blank lines around; ErrorRecords show as ConciseView.
No ANSI is emitted unless color=True (pwsh plain when redirected).
"""

from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pwshim.formatting_errors import format_error, format_warning  # noqa: F401 - public API
from pwshim.formatting_table import (
    TableLayout,
    layout_header,
    layout_row,
    render_list_entry,
    table_layout,
)
from pwshim.formatting_values import (
    Column,
    cell_text,
    datetime_long,
    display_properties,
    is_scalar,
    list_entries,
    prefers_list,
    read,
    table_columns,
    type_key,
    view_key,
)
from pwshim.runtime.conversions import to_string
from pwshim.runtime.errors import ErrorRecord
from pwshim.runtime.objects import DictionaryEntry, Hashtable, PSObject

TABLE_HEADER_COLOR = "\x1b[32;1m"  # $PSStyle.Formatting.TableHeader
LIST_LABEL_COLOR = "\x1b[32;1m"  # $PSStyle.Formatting.FormatAccent
RESET = "\x1b[0m"
#: How long Out-Default buffers a table's first rows to size its columns (OutCommandInner's
#: `EnableGroupCaching(callBack, TimeSpan.FromMilliseconds(300))`); checked when an object comes.
TABLE_GROUPING_SECONDS = 0.3

# Views of types that live in the lead's runtime (DotNetTypes_format_ps1xml.cs,
# PowerShellCore_format_ps1xml.cs): label, property, width, alignment.
_BUILTIN_VIEWS: dict[str, list[Column]] = {
    "System.Collections.DictionaryEntry": [
        Column("Name", lambda o: o.Key, 30, "left"),
        Column("Value", lambda o: o.Value, None, "left"),
    ],
    "System.Type": [
        Column("IsPublic", lambda o: read(o, "IsPublic"), 8, "left"),
        Column("IsSerial", lambda o: read(o, "IsSerial"), 8, "left"),
        Column("Name", lambda o: read(o, "Name"), 40, "left"),
        Column("BaseType", lambda o: read(o, "BaseType"), None, "left"),
    ],
}


@dataclass
class FormatRequest:
    """What Format-Table / Format-List emit: objects rendered when the output is written
    (so the console width is known), as pwsh's format-start/entry/end records are."""

    kind: str  # 'table' | 'list'
    objects: list[Any]
    properties: list[Any] | None = None
    autosize: bool = False
    hide_headers: bool = False
    wrap: bool = False

    def render(self, width: int = 120, color: bool = False) -> list[str]:
        if self.kind == "list":
            return _list_block(self.objects, self.properties, width, color)
        return _table_block(self.objects, self.properties, width, self.autosize, self.hide_headers, color, self.wrap)

    def ToString(self) -> str:
        return "Microsoft.PowerShell.Commands.Internal.Format.FormatStartData"


def columns_for(obj: Any, properties: list[Any] | None = None) -> list[Column]:
    if properties is None:
        view = _BUILTIN_VIEWS.get(type_key(obj))
        if view is not None:
            return view
    return table_columns(obj, properties)


def _expand(objects: Iterable[Any]) -> list[Any]:
    """Out-Default enumerates collections; a hashtable shows as its entries."""
    items: list[Any] = []
    for obj in objects:
        if isinstance(obj, list | tuple | bytes | bytearray):
            items.extend(_expand(obj))
        elif isinstance(obj, Hashtable | dict):
            items.extend(DictionaryEntry(k, v) for k, v in obj.items())
        else:
            items.append(obj)
    return items


def _scalar_line(obj: Any) -> str | None:
    if obj is None:
        return None
    if is_scalar(obj):
        return cell_text(obj)
    from pwshim.runtime.dotnet import type_full_name

    if type_full_name(obj) == "System.Management.Automation.ScriptBlock":
        return to_string(obj)
    if isinstance(obj, _dt.datetime | _dt.timedelta) or type_key(obj) in _BUILTIN_VIEWS:
        return None
    if getattr(type(obj), "PS_TABLE_COLUMNS", None) or display_properties(obj):
        return None
    # no properties to show: pwsh writes ToString() (an empty PSCustomObject writes nothing)
    return "" if isinstance(obj, PSObject) else to_string(obj)


def _group_header(obj: Any) -> str | None:
    hook = getattr(type(obj), "PS_GROUP_HEADER", None)
    if hook is None:
        return None
    try:
        return hook(obj)
    except Exception:  # noqa: BLE001
        return None


def _color_header(lines: list[str], color: bool, hidden: bool) -> list[str]:
    if not color or hidden or len(lines) < 2:
        return lines
    return [TABLE_HEADER_COLOR + lines[0] + RESET, TABLE_HEADER_COLOR + lines[1] + RESET, *lines[2:]]


def _table_block(
    objects: list[Any],
    properties: list[Any] | None,
    width: int,
    autosize: bool = False,
    hide_headers: bool = False,
    color: bool = False,
    wrap: bool = False,
) -> list[str]:
    """Blank line, table(s) split by group header, blank line."""
    if not objects:
        return []
    # explicit -Property means no view, so no view grouping (GroupByProperty) either
    view_wrap = properties is None and bool(getattr(type(objects[0]), "PS_TABLE_WRAP", False))
    table = _TableState(columns_for(objects[0], properties), width, autosize, hide_headers, color,
                        grouped=properties is None, wrap=wrap or view_wrap)
    return table.render([("row", o) for o in objects]) + table.finish()


class _TableState:
    """A table being written: the layout is fixed by the rows of the first render; rows may be
    interleaved with scalar lines and out-of-band objects; a new group header (PS_GROUP_HEADER,
    e.g. `    Directory: /tmp`) restarts the table under it."""

    def __init__(
        self,
        columns: list[Column],
        width: int,
        autosize: bool = False,
        hide_headers: bool = False,
        color: bool = False,
        grouped: bool = True,
        wrap: bool = False,
    ) -> None:
        self.columns = columns
        self.wrap = wrap
        self.width = width
        self.autosize = autosize
        self.hide_headers = hide_headers
        self.color = color
        self.grouped = grouped
        self.layout: TableLayout | None = None
        self.started = False
        self.current: str | None = None

    def fixed_widths(self) -> bool:
        """True when a view fixes every width but the last column's, which is left-aligned:
        pwsh writes such a table at once (no grouping cache; the last column takes the rest of
        the line), and the text is the same as when sized from all rows."""
        cols = self.columns
        return (bool(cols) and not self.autosize and not self.wrap and all(c.width for c in cols[:-1])
                and (bool(cols[-1].width) or cols[-1].align == "left"))

    def fix_layout(self, items: list[tuple[str, Any]], fill_last: bool = False) -> None:
        """Size the columns from the rows among `items` (once: later rows keep the widths)."""
        if self.layout is None:
            rows = [v for k, v in items if k == "row"]
            if rows:
                self.layout = table_layout(rows, self.columns, self.width, self.autosize, self.wrap, fill_last)

    def render(self, items: list[tuple[str, Any]]) -> list[str]:
        self.fix_layout(items)
        out: list[str] = []
        for kind, value in items:
            if kind == "row" and self.layout is not None:
                header = _group_header(value) if self.grouped else None
                if not self.started or header != self.current:
                    out.append("")
                    if header is not None:
                        out.extend([header, ""])
                    if not self.hide_headers:
                        out.extend(_color_header(layout_header(self.layout), self.color, False))
                    self.started, self.current = True, header
                out.append(layout_row(self.layout, value))
            elif kind == "line":
                out.append(value)
            else:
                out.extend(_out_of_band(value, self.width, self.color))
        return out

    def finish(self) -> list[str]:
        return [""] if self.started else []


def _out_of_band(obj: Any, width: int, color: bool) -> list[str]:
    """An object of another type inside a table group: its list form (DateTime: its long
    form; an object without properties: its ToString())."""
    if isinstance(obj, _dt.datetime):
        return [datetime_long(obj)]
    if not list_entries(obj):
        return [to_string(obj)]
    return _list_block([obj], None, width, color)


def _list_lines(obj: Any, properties: list[Any] | None, width: int, color: bool) -> list[str]:
    lines = render_list_entry(list_entries(obj, properties), width)
    if color:
        entries = list_entries(obj, properties)
        label_width = max((len(label) for label, _ in entries), default=0)
        colored = []
        for line in lines:
            head = line[: label_width + 2]
            colored.append(LIST_LABEL_COLOR + head + RESET + line[label_width + 2 :] if head.strip() else line)
        return colored
    return lines


def _list_block(objects: list[Any], properties: list[Any] | None, width: int, color: bool = False) -> list[str]:
    out: list[str] = []
    current_header: str | None = None
    for obj in objects:
        header = _group_header(obj) if properties is None else None
        if header is not None and header != current_header:
            out.extend(["", header])
            current_header = header
        out.append("")
        out.extend(_list_lines(obj, properties, width, color))
    if out:
        out.append("")
    return out


class _Group:
    """An open Out-Default group: the first object decided its shape ('table', 'list' or
    'datetime'); items wait in `pending` until flushed."""

    def __init__(self, kind: str, key: str, first: Any, width: int, color: bool) -> None:
        self.kind = kind
        self.key = key
        self.width = width
        self.color = color
        self.pending: list[tuple[str, Any]] = []
        wrap = bool(getattr(type(first), "PS_TABLE_WRAP", False))
        self.table = _TableState(columns_for(first), width, color=color, wrap=wrap) if kind == "table" else None
        self.started = False
        self.current_header: str | None = None
        self.opened_at: float | None = None  # when the table's first row came (its timer)

    def add(self, kind: str, value: Any, now: float) -> None:
        """Queue one item; a table whose first rows were buffered for longer than
        TABLE_GROUPING_SECONDS is laid out from them when this item comes (it included)."""
        self.pending.append((kind, value))
        if self.table is None or self.table.layout is not None:
            return
        if self.table.fixed_widths():
            self.table.fix_layout(self.pending, fill_last=True)
        elif self.opened_at is None:
            self.opened_at = now
        elif now - self.opened_at > TABLE_GROUPING_SECONDS:
            self.table.fix_layout(self.pending)

    def ready(self) -> list[str]:
        """The lines that can be written now: a table's only once its layout is fixed."""
        if self.table is not None and self.table.layout is None:
            return []
        return self.flush()

    def accepts(self, obj: Any) -> bool:
        if self.kind == "list":
            return not isinstance(obj, _dt.datetime)
        if self.kind == "datetime":
            return isinstance(obj, _dt.datetime)
        return view_key(obj) == self.key

    def flush(self) -> list[str]:
        items, self.pending = self.pending, []
        if self.table is not None:
            return self.table.render(items)
        out: list[str] = []
        if not self.started and self.kind == "datetime" and items:
            out.append("")
        self.started = self.started or bool(items)
        for kind, value in items:
            if kind == "line":
                out.append(value)
            elif kind == "oob":
                out.extend(_out_of_band(value, self.width, self.color))
            elif self.kind == "datetime":
                out.append(datetime_long(value))
            else:
                header = _group_header(value)
                if header is not None and header != self.current_header:
                    out.extend(["", header])
                    self.current_header = header
                out.append("")
                out.extend(_list_lines(value, None, self.width, self.color))
        return out

    def close(self) -> list[str]:
        out = self.flush()
        if self.table is not None:
            return out + self.table.finish()
        return out + ([""] if self.started else [])


class OutDefaultWriter:
    """Streaming Out-Default for one output stream (a script run, a REPL line):

        writer = OutDefaultWriter(session)
        writer.write(objects)            # pipeline output, as it comes
        text = writer.flush(force=False) # what can be written now (stream it to the screen)
        text = writer.flush()            # before other host output (Write-Host, prompts)
        text = writer.close()            # at the end: closes the open table/list group

    Scalars, lists and DateTimes are written as they come. A table's header is written once and
    its widths are fixed by its first rows: those buffered until an object comes more than
    TABLE_GROUPING_SECONDS after the first row, or until a forced flush (pwsh's grouping
    cache); later rows of the same type continue it.
    """

    def __init__(self, session: Any = None, width: int | None = None, color: bool = False) -> None:
        self.width = width or console_width(session)
        self.color = color
        self._lines: list[str] = []
        self._group: _Group | None = None
        self._now = 0.0

    def write(self, objects: Iterable[Any], now: float | None = None) -> None:
        """Add pipeline objects; `now` (time.monotonic()) lets two writers fed the same
        objects (plain and coloured) make the same table-sizing decision."""
        self._now = time.monotonic() if now is None else now
        for obj in _expand(objects):
            self._add(obj)

    def _close_group(self) -> None:
        if self._group is not None:
            self._lines.extend(self._group.close())
            self._group = None

    def _add(self, obj: Any) -> None:
        if obj is None:
            return
        if isinstance(obj, FormatRequest):
            self._close_group()
            self._lines.extend(obj.render(self.width, self.color))
            return
        if isinstance(obj, ErrorRecord):
            self._close_group()
            self._lines.extend(format_error(obj, color=self.color, width=self.width).split("\n"))
            return
        text = _scalar_line(obj)
        if text == "" and isinstance(obj, PSObject):
            return
        if text is not None:
            if self._group is None:
                self._lines.extend(text.replace("\r\n", "\n").split("\n"))
            else:
                self._group.add("line", text, self._now)
            return
        if self._group is None:
            if isinstance(obj, _dt.datetime):
                kind = "datetime"
            elif type_key(obj) in _BUILTIN_VIEWS or not prefers_list(obj):
                kind = "table"
            else:
                kind = "list"
            self._group = _Group(kind, view_key(obj), obj, self.width, self.color)
        self._group.add("row" if self._group.accepts(obj) else "oob", obj, self._now)

    def flush(self, force: bool = True) -> str:
        """The text of everything written so far (the open group stays open). Without `force`,
        a table still buffering its first rows keeps them (and what came after them)."""
        if self._group is not None:
            self._lines.extend(self._group.flush() if force else self._group.ready())
        text = "".join(line + "\n" for line in self._lines)
        self._lines = []
        return text

    def close(self) -> str:
        """flush(), then close the open group (its trailing blank line)."""
        self._close_group()
        return self.flush()


def console_width(session: Any = None) -> int:
    """The width output is formatted to: the host's `width` when it has one, else 120 (what
    pwsh uses when its output is redirected)."""
    host = getattr(session, "host", None)
    width = getattr(host, "width", None)
    return width if isinstance(width, int) and width > 0 else 120


def format_objects(
    objects: Iterable[Any], session: Any = None, width: int | None = None, color: bool = False
) -> str:
    """What pwsh's Out-Default prints for these pipeline objects (one Out-Default call)."""
    writer = OutDefaultWriter(session, width, color)
    writer.write(objects)
    return writer.close()


def format_table(
    objects: Iterable[Any],
    properties: list[Any] | None = None,
    width: int = 120,
    autosize: bool = False,
    hide_headers: bool = False,
) -> str:
    """Format-Table's text for these objects."""
    items = _expand(objects)
    return "".join(line + "\n" for line in _table_block(items, properties, width, autosize, hide_headers))


def format_list(objects: Iterable[Any], properties: list[Any] | None = None, width: int = 120) -> str:
    """Format-List's text for these objects."""
    items = _expand(objects)
    return "".join(line + "\n" for line in _list_block(items, properties, width))


def format_value(value: Any) -> str:
    """A single value as a table cell shows it (`{a, b}` for arrays, en-US dates)."""
    return cell_text(value)
