"""How one value becomes text inside a table cell or a list entry, and which properties and
columns an object shows by default (pwsh's FormatViewGenerator / PSObjectHelper rules).

Display hints a bridged class may declare (all optional):
- PS_DEFAULT_PROPERTIES: tuple of property names (DefaultDisplayPropertySet)
- PS_FORMAT: 'table' | 'list' (overrides the 4/5 property rule)
- PS_TABLE_WIDTHS: {property: width} (a view: columns left-aligned unless PS_RIGHT_ALIGN)
- PS_RIGHT_ALIGN: tuple of property names shown right-aligned
- PS_TABLE_COLUMNS: tuple of (label, property-name-or-callable, width|None, 'left'|'right'|None)
- PS_LIST_PROPERTIES: tuple of properties (or (label, getter) pairs) for the list view
- PS_GROUP_HEADER: callable(obj) -> str|None, the group header line ('    Directory: /tmp')
- PS_VIEW_KEY: a name shared by types with one view (FileInfo and DirectoryInfo)
- PS_TABLE_WRAP: True when the view's rows wrap long cells instead of cutting them
"""

from __future__ import annotations

import datetime as _dt
import decimal
import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pwshim.runtime.conversions import enum_to_string, to_string
from pwshim.runtime.objects import (
    DictionaryEntry,
    Hashtable,
    PSObject,
    get_property,
    property_names,
)

ELLIPSIS = "\u2026"
# $FormatEnumerationLimit: how many items of a collection a cell shows (pwsh default 4).
ENUMERATION_LIMIT = 4

_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass
class Column:
    """One table column: header label, how to read the value, fixed width, alignment."""

    label: str
    getter: Callable[[Any], Any]
    width: int | None = None
    align: str | None = None  # 'left' | 'right' | None = decide from the first value


def time_12h(value: _dt.datetime) -> str:
    """en-US long time pattern `h:mm:ss tt`."""
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d}:{value.second:02d} {'AM' if value.hour < 12 else 'PM'}"


def datetime_general(value: _dt.datetime) -> str:
    """DateTime.ToString() in en-US (`M/d/yyyy h:mm:ss tt`), as tables and lists show it."""
    return f"{value.month}/{value.day}/{value.year} {time_12h(value)}"


def datetime_long(value: _dt.datetime) -> str:
    """The DateTime view of Get-Date: `{LongDate} {LongTime}` in en-US."""
    return (
        f"{_DAYS[value.weekday()]}, {_MONTHS[value.month - 1]} {value.day}, {value.year} "
        f"{time_12h(value)}"
    )


def timespan_string(value: _dt.timedelta) -> str:
    """TimeSpan.ToString() ("c" format): [-][d.]hh:mm:ss[.fffffff]."""
    ticks = (value.days * 86400 + value.seconds) * 10_000_000 + value.microseconds * 10
    sign = "-" if ticks < 0 else ""
    ticks = abs(ticks)
    days, rem = divmod(ticks, 864_000_000_000)
    hours, rem = divmod(rem, 36_000_000_000)
    minutes, rem = divmod(rem, 600_000_000)
    seconds, frac = divmod(rem, 10_000_000)
    text = f"{sign}{str(days) + '.' if days else ''}{hours:02d}:{minutes:02d}:{seconds:02d}"
    return text + (f".{frac:07d}" if frac else "")


def timespan_properties(value: _dt.timedelta) -> list[tuple[str, Any]]:
    """System.TimeSpan's properties in declaration order (its list view)."""
    ticks = (value.days * 86400 + value.seconds) * 10_000_000 + value.microseconds * 10
    sign = -1 if ticks < 0 else 1
    t = abs(ticks)
    total = ticks / 10_000_000
    return [
        ("Days", sign * (t // 864_000_000_000)),
        ("Hours", sign * (t // 36_000_000_000 % 24)),
        ("Minutes", sign * (t // 600_000_000 % 60)),
        ("Seconds", sign * (t // 10_000_000 % 60)),
        ("Milliseconds", sign * (t // 10_000 % 1000)),
        ("Ticks", ticks),
        ("TotalDays", total / 86400),
        ("TotalHours", total / 3600),
        ("TotalMinutes", total / 60),
        ("TotalSeconds", total),
        ("TotalMilliseconds", total * 1000),
    ]


def enum_text(value: enum.Enum) -> str:
    """Enum.ToString(): the member name; flag combinations as `A, B` (ascending values).
    (Python 3.11 names combined flags 'A|B', which .NET never shows.)"""
    if isinstance(value, enum.Flag):
        members = [m for m in type(value) if m.value and (value.value & m.value) == m.value
                   and m.value.bit_count() == 1]
        if value.value == 0:
            zero = [m for m in type(value).__members__.values() if m.value == 0]  # iteration skips 0
            return zero[0].name if zero else "0"
        if members and sum(m.value for m in members) == value.value and (value.name is None or "|" in value.name):
            return ", ".join(str(m.name) for m in sorted(members, key=lambda m: m.value))
    return enum_to_string(value)


def is_scalar(value: Any) -> bool:
    """Values Out-Default writes as one line (pwsh's DefaultScalarTypes, plus enums)."""
    if isinstance(value, str | int | float | bool | decimal.Decimal | enum.Enum):
        return True
    from pwshim.runtime.dotnet import type_full_name

    return type_full_name(value) == "System.Security.SecureString"


def is_right_aligned_value(value: Any) -> bool:
    """ComputeDefaultAlignment: DefaultScalarTypes other than String are right-aligned."""
    if isinstance(value, str) or value is None:
        return False
    if isinstance(value, int | float | bool | decimal.Decimal):
        return True
    from pwshim.runtime.dotnet import type_full_name

    return type_full_name(value) == "System.Security.SecureString"


def _entry_text(entry: Any) -> str:
    return f"[{cell_text(entry.Key)}, {cell_text(entry.Value)}]"


def cell_text(value: Any) -> str:
    """A property value as a table cell or list value shows it (PSObjectHelper.SmartToString)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, enum.Enum):  # before int: IntEnum values show their names
        return enum_text(value)
    if isinstance(value, _dt.datetime):
        return datetime_general(value)
    if isinstance(value, _dt.timedelta):
        return timespan_string(value)
    if isinstance(value, Hashtable | dict):
        items = [DictionaryEntry(k, v) for k, v in value.items()]
        return _enumerate_cell(items, _entry_text)
    if isinstance(value, list | tuple | bytes | bytearray):
        return _enumerate_cell(list(value), lambda v: "" if v is None else to_string(v))
    return to_string(value)


def _enumerate_cell(items: list[Any], fmt: Callable[[Any], str]) -> str:
    # "{a, b, c, d…}" with $FormatEnumerationLimit items (PSObjectHelper.SmartToString)
    shown = [fmt(v) for v in items[:ENUMERATION_LIMIT]]
    more = ELLIPSIS if len(items) > ENUMERATION_LIMIT else ""
    return "{" + ", ".join(shown) + more + "}"


def read(obj: Any, name: str) -> Any:
    """A property's value, or None when the object lacks it (formatting never fails)."""
    try:
        return get_property(obj, name)
    except KeyError:
        # instance attributes named like .NET properties (property_names lists them too)
        for key, value in getattr(obj, "__dict__", {}).items():
            if key.lower() == name.lower() and key[:1].isupper():
                return value
        return None
    except Exception:  # noqa: BLE001 - a failing getter shows as empty, as in pwsh
        return None


def type_key(obj: Any) -> str:
    """The first type name: objects of the same type name share one table."""
    if isinstance(obj, PSObject):
        return obj.type_names[0] if obj.type_names else "System.Management.Automation.PSCustomObject"
    from pwshim.runtime.dotnet import type_full_name

    name = type_full_name(obj)
    if name == "System.Object":
        return f"{type(obj).__module__}.{type(obj).__qualname__}"
    return name


def view_key(obj: Any) -> str:
    """What decides whether objects share one table: a shared view (PS_VIEW_KEY, e.g.
    FileInfo and DirectoryInfo) or else the type name."""
    hint = getattr(type(obj), "PS_VIEW_KEY", None)
    return hint if isinstance(hint, str) else type_key(obj)


def display_properties(obj: Any) -> list[str]:
    """The properties pwsh shows by default: DefaultDisplayPropertySet, else all of them."""
    if isinstance(obj, PSObject):
        return [name for name, _ in obj.properties()]
    hint = getattr(type(obj), "PS_DEFAULT_PROPERTIES", None)
    if hint:
        return list(hint)
    if isinstance(obj, _dt.timedelta):
        return [n for n, _ in timespan_properties(obj)]
    return property_names(obj)


def _getter(prop: Any) -> Callable[[Any], Any]:
    if callable(prop):
        return prop
    return lambda o, _p=prop: read(o, _p)


def table_columns(obj: Any, properties: list[Any] | None = None) -> list[Column]:
    """The columns of a table for objects like `obj` (a view's, or one per property)."""
    cls = type(obj)
    if properties is None:
        view = getattr(cls, "PS_TABLE_COLUMNS", None)
        if view:
            return [Column(label, _getter(prop), width, align or "left") for label, prop, width, align in view]
    widths = getattr(cls, "PS_TABLE_WIDTHS", None) or {}
    right = {n.lower() for n in getattr(cls, "PS_RIGHT_ALIGN", ()) or ()}
    is_view = bool(widths) and properties is None
    columns: list[Column] = []
    for prop in properties if properties is not None else display_properties(obj):
        if isinstance(prop, Column):
            columns.append(prop)
            continue
        name = str(prop)
        align = "right" if name.lower() in right else ("left" if is_view else None)
        columns.append(Column(name, _getter(name), widths.get(name), align))
    return columns


def list_entries(obj: Any, properties: list[Any] | None = None) -> list[tuple[str, Any]]:
    """(label, value) pairs of an object's list view."""
    if properties is None:
        if isinstance(obj, _dt.timedelta):
            return timespan_properties(obj)
        view = getattr(type(obj), "PS_LIST_PROPERTIES", None)
        props: list[Any] = list(view) if view else display_properties(obj)
    else:
        props = list(properties)
    entries: list[tuple[str, Any]] = []
    for prop in props:
        if isinstance(prop, Column):
            entries.append((prop.label, prop.getter(obj)))
        elif isinstance(prop, tuple):
            label, getter = prop
            entries.append((label, _getter(getter)(obj)))
        else:
            entries.append((str(prop), read(obj, str(prop))))
    return entries


def prefers_list(obj: Any) -> bool:
    """pwsh's rule for objects without a view: up to 4 properties a table, 5 or more a list."""
    hint = getattr(type(obj), "PS_FORMAT", None)
    if hint in ("table", "list"):
        return hint == "list"
    if getattr(type(obj), "PS_TABLE_COLUMNS", None) or getattr(type(obj), "PS_TABLE_WIDTHS", None):
        return False
    if isinstance(obj, _dt.timedelta):
        return True
    return len(display_properties(obj)) >= 5
