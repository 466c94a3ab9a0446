"""ConvertTo-Json and ConvertFrom-Json as pwsh 7 does them (Newtonsoft.Json underneath).

ConvertTo-Json: 2-space indentation, `"key": value`; -Depth 2 by default, deeper values become
their string form with the warning `Resulting JSON is truncated as serialization has exceeded
the set depth of N.`; enums as numbers (unless -EnumsAsStrings); DateTime as ISO 8601
(`2026-11-26T14:43:33.1234567+00:00` for local times); SecureString serialises its Length.
ConvertFrom-Json: objects become PSCustomObjects (-AsHashtable: ordered hashtables), ISO date
strings become DateTime, top-level arrays are enumerated unless -NoEnumerate.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import enum
import json
import math
import re
import time
from typing import Any

from pwshim.cmdlets.utility_select import CollectsInput
from pwshim.formatting_values import enum_text
from pwshim.runtime.cmdlet import Cmdlet, Parameter, Switch, cmdlet
from pwshim.runtime.conversions import to_string
from pwshim.runtime.errors import ArgumentException, Category
from pwshim.runtime.objects import (
    DictionaryEntry,
    Hashtable,
    OrderedHashtable,
    PSObject,
    get_property,
    property_names,
)


def iso_datetime(value: _dt.datetime) -> str:
    """Newtonsoft's IsoDateTimeFormat: fraction trimmed, offset for local (naive) times."""
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += ("." + f"{value.microsecond:06d}0").rstrip("0")
    if value.tzinfo is not None:
        offset = value.utcoffset() or _dt.timedelta(0)
    else:
        offset = _dt.timedelta(seconds=time.localtime(time.mktime(value.timetuple())).tm_gmtoff)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{text}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


class _Serializer:
    def __init__(self, depth: int, enums_as_strings: bool) -> None:
        self.depth = depth
        self.enums_as_strings = enums_as_strings
        self.truncated = False

    def convert(self, value: Any, level: int = 0) -> Any:
        if isinstance(value, enum.Enum):
            return enum_text(value) if self.enums_as_strings else int(value.value)
        if value is None or isinstance(value, bool | str | int | float):
            return value
        if isinstance(value, decimal.Decimal):
            return float(value)
        if isinstance(value, _dt.datetime):
            return iso_datetime(value)
        if isinstance(value, _dt.timedelta):
            value = _timespan_object(value)
        if isinstance(value, bytes | bytearray):
            value = list(value)
        # JsonObject.ProcessValue: a non-primitive deeper than -Depth becomes its string form
        if level > self.depth:
            self.truncated = True
            return to_string(value)
        if isinstance(value, list | tuple):
            return [self.convert(v, level + 1) for v in value]
        if isinstance(value, Hashtable | dict):
            return {to_string(k): self.convert(v, level + 1) for k, v in value.items()}
        if isinstance(value, PSObject):
            return {k: self.convert(v, level + 1) for k, v in value.properties()}
        if isinstance(value, DictionaryEntry):
            return {"Key": self.convert(value.Key, level + 1), "Value": self.convert(value.Value, level + 1),
                    "Name": self.convert(value.Key, level + 1)}
        from pwshim.runtime.dotnet import type_full_name

        if type_full_name(value) == "System.Security.SecureString":
            return {"Length": getattr(value, "Length", 0)}
        out: dict[str, Any] = {}
        for name in property_names(value):
            try:
                out[name] = self.convert(get_property(value, name), level + 1)
            except Exception:  # noqa: BLE001, S112 - a failing getter is skipped (Newtonsoft's error handler)
                continue
        return out


def _timespan_object(value: _dt.timedelta) -> PSObject:
    from pwshim.formatting_values import timespan_properties

    return PSObject(timespan_properties(value))


def _json_string(text: str) -> str:
    # Newtonsoft also escapes U+0085, U+2028 and U+2029 (JavaScriptUtils char escape flags)
    out = json.dumps(text, ensure_ascii=False)
    return out.replace("\u0085", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _json_number(value: float) -> str:
    """Newtonsoft's double: "R" format with a `.0` when it has no point or exponent;
    NaN and infinities as strings (FloatFormatHandling.String)."""
    from pwshim.runtime.conversions import format_double

    if not math.isfinite(value):
        return '"' + format_double(value) + '"'
    text = format_double(value)
    return text if any(c in text for c in ".E") else text + ".0"


def dump_json(data: Any, compress: bool = False, level: int = 0) -> str:
    """Write converted data as Newtonsoft does: 2-space indentation, `"key": value`."""
    if data is None:
        return "null"
    if isinstance(data, bool):
        return "true" if data else "false"
    if isinstance(data, int):
        return str(data)
    if isinstance(data, float):
        return _json_number(data)
    if isinstance(data, str):
        return _json_string(data)
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(data, list):
        if not data:
            return "[]"
        parts = [dump_json(v, compress, level + 1) for v in data]
        return "[" + ",".join(parts) + "]" if compress else "[\n" + ",\n".join(inner + p for p in parts) + "\n" + pad + "]"
    if not data:
        return "{}"
    sep = ":" if compress else ": "
    parts = [_json_string(str(k)) + sep + dump_json(v, compress, level + 1) for k, v in data.items()]
    return "{" + ",".join(parts) + "}" if compress else "{\n" + ",\n".join(inner + p for p in parts) + "\n" + pad + "}"


def to_json(value: Any, depth: int = 2, compress: bool = False, enums_as_strings: bool = False) -> tuple[str, bool]:
    """(JSON text, truncated?) for one value."""
    ser = _Serializer(depth, enums_as_strings)
    data = ser.convert(value)
    return dump_json(data, compress), ser.truncated


@cmdlet("ConvertTo-Json")
class ConvertToJson(CollectsInput):
    """Converts an object to a JSON-formatted string."""

    InputObject = Parameter(object, position=0, mandatory=True, pipeline=True, allow_null=True)
    Depth = Parameter(int)
    Compress = Parameter(Switch)
    EnumsAsStrings = Parameter(Switch)
    AsArray = Parameter(Switch)
    EscapeHandling = Parameter(str, validate_set=("Default", "EscapeNonAscii", "EscapeHtml"))

    def end(self) -> None:
        depth = 2 if self.Depth is None else self.Depth
        if depth > 100:
            raise self.throw(
                ArgumentException(
                    f"Cannot validate argument on parameter 'Depth'. The {depth} argument is greater than the maximum "
                    "allowed range of 100. Supply an argument that is less than or equal to 100 and then try the "
                    "command again."
                ),
                "ParameterArgumentValidationError",
                Category.InvalidData,
            )
        if not self._items:
            return
        value: Any = self._items if (len(self._items) > 1 or self.AsArray) else self._items[0]
        text, truncated = to_json(value, depth, bool(self.Compress), bool(self.EnumsAsStrings))
        if self.EscapeHandling == "EscapeNonAscii":
            text = text.encode("ascii", "backslashreplace").decode("ascii")
            text = re.sub(r"\\x([0-9a-f]{2})", r"\\u00\1", text)
        if truncated:
            self.write_warning(f"Resulting JSON is truncated as serialization has exceeded the set depth of {depth}.")
        self.write_object(text)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


def _parse_date(text: str) -> _dt.datetime | None:
    if not _ISO_DATE.match(text):
        return None
    m = re.match(r"^(.*?)(\.\d+)?(Z|[+-]\d{2}:\d{2})?$", text)
    assert m is not None
    base, frac, zone = m.group(1), m.group(2) or "", m.group(3)
    micro = int((frac[1:] + "000000")[:6]) if frac else 0
    value = _dt.datetime.strptime(base, "%Y-%m-%dT%H:%M:%S").replace(microsecond=micro)
    if zone:
        # Newtonsoft reads offset times as local DateTime values
        offset = _dt.timedelta(0) if zone == "Z" else (
            (1 if zone[0] == "+" else -1) * _dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
        )
        utc = (value - offset).replace(tzinfo=_dt.UTC)
        value = utc.astimezone().replace(tzinfo=None)
    return value


def from_json_value(value: Any, as_hashtable: bool = False) -> Any:
    if isinstance(value, dict):
        if as_hashtable:
            return OrderedHashtable([(k, from_json_value(v, True)) for k, v in value.items()])
        return PSObject([(k, from_json_value(v)) for k, v in value.items()])
    if isinstance(value, list):
        return [from_json_value(v, as_hashtable) for v in value]
    if isinstance(value, str):
        parsed = _parse_date(value)
        return parsed if parsed is not None else value
    return value


def _pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, str] = {}
    for key, _ in pairs:
        low = key.lower()
        if low in seen and seen[low] != key:
            raise ArgumentException(
                f"Cannot convert the JSON string because it contains keys with different casing. Please use the "
                f"-AsHashTable switch instead. The key that was attempted to be added to the existing key "
                f"'{seen[low]}' was '{key}'."
            )
        seen[low] = key
    return dict(pairs)


@cmdlet("ConvertFrom-Json")
class ConvertFromJson(Cmdlet):
    """Converts a JSON-formatted string to a custom object or a hash table."""

    InputObject = Parameter(str, position=0, mandatory=True, pipeline=True)
    AsHashtable = Parameter(Switch)
    Depth = Parameter(int)
    NoEnumerate = Parameter(Switch)
    DateKind = Parameter(str, validate_set=("Default", "Local", "Utc", "Offset", "String"))

    def begin(self) -> None:
        self._parts: list[str] = []

    def process(self) -> None:
        if self.InputObject is not None:
            self._parts.append(self.InputObject)

    def end(self) -> None:
        text = "\n".join(self._parts)
        if not text.strip():
            return
        try:
            data = json.loads(text, object_pairs_hook=None if self.AsHashtable else _pairs_hook)
        except json.JSONDecodeError as exc:
            raise self.throw(
                ArgumentException(
                    f"Conversion from JSON failed with error: {exc.msg}. Path '', line {exc.lineno}, position {exc.colno}."
                ),
                "System.ArgumentException",
                Category.NotSpecified,
                text,
            ) from None
        except ArgumentException as exc:
            raise self.throw(exc, "DuplicateKeysInJsonString", Category.InvalidOperation, text) from None
        value = from_json_value(data, bool(self.AsHashtable))
        if isinstance(value, list) and not self.NoEnumerate:
            for item in value:
                self.write_object(item)
        else:
            self.write_object(value)


_UNESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "e": "\x1b", "b": "\b",
              "0": "\0", "\\": "\\"}


def _regex_unescape(text: str) -> str:
    """.NET's Regex.Unescape, as ConvertFrom-StringData applies it to each value."""
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\" or i + 1 >= len(text):
            out.append(c)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", text[i + 2:i + 6]):
            out.append(chr(int(text[i + 2:i + 6], 16)))
            i += 6
        elif nxt == "x" and re.fullmatch(r"[0-9A-Fa-f]{2}", text[i + 2:i + 4]):
            out.append(chr(int(text[i + 2:i + 4], 16)))
            i += 4
        else:
            out.append(_UNESCAPES.get(nxt, nxt))
            i += 2
    return "".join(out)


@cmdlet("ConvertFrom-StringData")
class ConvertFromStringData(Cmdlet):
    """Converts a string containing one or more key and value pairs to a hash table."""

    StringData = Parameter(str, position=0, mandatory=True, pipeline=True)
    Delimiter = Parameter(str)

    def process(self) -> None:
        delimiter = (self.Delimiter or "=")[:1]
        result = Hashtable()
        for raw in re.split(r"\r\n|\n|\r", self.StringData or ""):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if delimiter not in line:
                raise self.throw(f"Data line '{line}' is not in 'name{delimiter}value' format.",
                                 "InvalidOperation", Category.InvalidOperation, line)
            name, value = (part.strip() for part in line.split(delimiter, 1))
            if name in result:
                raise self.throw(f"Data item '{name}' in line '{line}' is already defined.",
                                 "InvalidOperation", Category.InvalidOperation, line)
            result[name] = _regex_unescape(value)
        self.write_object(result)
