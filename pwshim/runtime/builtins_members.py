"""The .NET members of values that are plain Python objects (str, int, list, dict, bytes...).

`get(obj, name)` reads a property; `method(obj, name)` returns a callable for a method.
Names are matched case-insensitively, as in PowerShell.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
from typing import Any, Callable

from pwshim.runtime.errors import ArgumentOutOfRangeException


def _str_split(s: str, *seps: Any) -> list[str]:
    if not seps:
        return s.split(" ") if s else [""]
    chars: list[str] = []
    for sep in seps:
        if isinstance(sep, list | tuple):
            chars.extend(str(x) for x in sep)
        elif isinstance(sep, int):  # StringSplitOptions / count: ignore
            continue
        else:
            sep = str(sep)
            chars.extend(list(sep) if len(seps) == 1 and len(sep) > 1 and False else [sep])
    if all(len(c) == 1 for c in chars):
        pattern = "[" + re.escape("".join(chars)) + "]"
    else:
        pattern = "|".join(re.escape(c) for c in chars)
    return re.split(pattern, s)


def _substring(s: str, start: int, length: int | None = None) -> str:
    if start < 0 or start > len(s) or (length is not None and (length < 0 or start + length > len(s))):
        raise ArgumentOutOfRangeException(
            "startIndex cannot be larger than length of string. (Parameter 'startIndex')"
            if length is None
            else "Index and length must refer to a location within the string. (Parameter 'length')"
        )
    return s[start:] if length is None else s[start : start + length]


def _trim_chars(args: tuple[Any, ...]) -> str | None:
    if not args:
        return None
    return "".join(str(a) if not isinstance(a, list) else "".join(map(str, a)) for a in args)


def _cmp_ci(args: tuple[Any, ...]) -> bool:
    # StringComparison.OrdinalIgnoreCase (5) / CurrentCultureIgnoreCase (1) / InvariantCultureIgnoreCase (3)
    for a in args[1:]:
        v = getattr(a, "value", a)
        if isinstance(v, int) and v in (1, 3, 5):
            return True
        if isinstance(a, str) and a.lower().endswith("ignorecase"):
            return True
    return False


def _starts(s: str, *a: Any) -> bool:
    return s.lower().startswith(str(a[0]).lower()) if _cmp_ci(a) else s.startswith(str(a[0]))


def _ends(s: str, *a: Any) -> bool:
    return s.lower().endswith(str(a[0]).lower()) if _cmp_ci(a) else s.endswith(str(a[0]))


def _contains(s: str, *a: Any) -> bool:
    return str(a[0]).lower() in s.lower() if _cmp_ci(a) else str(a[0]) in s


def _index_of(s: str, value: Any, start: int = 0, *rest: Any) -> int:
    return s.find(str(value), int(start) if isinstance(start, int) else 0)


def _pad(fn: Callable[..., str]) -> Callable[..., str]:
    return fn


STR_METHODS: dict[str, Callable[..., Any]] = {
    "toupper": lambda s, *a: s.upper(),
    "toupperinvariant": lambda s: s.upper(),
    "tolower": lambda s, *a: s.lower(),
    "tolowerinvariant": lambda s: s.lower(),
    "trim": lambda s, *a: s.strip(_trim_chars(a)),
    "trimstart": lambda s, *a: s.lstrip(_trim_chars(a)),
    "trimend": lambda s, *a: s.rstrip(_trim_chars(a)),
    "split": _str_split,
    "replace": lambda s, old, new, *a: s.replace(str(old), "" if new is None else str(new)),
    "substring": _substring,
    "startswith": _starts,
    "endswith": _ends,
    "contains": _contains,
    "indexof": _index_of,
    "lastindexof": lambda s, v, *a: s.rfind(str(v)),
    "padleft": lambda s, n, c=" ": s.rjust(int(n), str(c)),
    "padright": lambda s, n, c=" ": s.ljust(int(n), str(c)),
    "insert": lambda s, i, v: s[: int(i)] + str(v) + s[int(i) :],
    "remove": lambda s, i, n=None: s[: int(i)] + ("" if n is None else s[int(i) + int(n) :]),
    "tochararray": lambda s: list(s),
    "equals": lambda s, o, *a: s.lower() == str(o).lower() if _cmp_ci((None, *a)) else s == o,
    "compareto": lambda s, o: (s > str(o)) - (s < str(o)),
    "tostring": lambda s, *a: s,
    "gethashcode": lambda s: hash(s) & 0x7FFFFFFF,
    "normalize": lambda s, *a: s,
    "isnormalized": lambda s, *a: True,
}

LIST_METHODS: dict[str, Callable[..., Any]] = {
    "contains": lambda lst, v: v in lst,
    "indexof": lambda lst, v, *a: lst.index(v) if v in lst else -1,
    "add": lambda lst, v: (lst.append(v), len(lst) - 1)[1],
    "addrange": lambda lst, v: lst.extend(v if isinstance(v, list) else [v]),
    "remove": lambda lst, v: (lst.remove(v) if v in lst else None),
    "removeat": lambda lst, i: lst.pop(int(i)) and None,
    "clear": lambda lst: lst.clear(),
    "insert": lambda lst, i, v: lst.insert(int(i), v),
    "toarray": lambda lst: list(lst),
    "clone": lambda lst: list(lst),
    "getvalue": lambda lst, i: lst[int(i)],
    "tostring": lambda lst: "System.Object[]",
}


def _bytes_hex(b: bytes) -> str:
    return b.hex()


_DT_PROPS: dict[str, Callable[[Any], Any]] = {
    "year": lambda d: d.year, "month": lambda d: d.month, "day": lambda d: d.day,
    "hour": lambda d: d.hour, "minute": lambda d: d.minute, "second": lambda d: d.second,
    "millisecond": lambda d: d.microsecond // 1000,
    "dayofweek": lambda d: d.strftime("%A"), "dayofyear": lambda d: d.timetuple().tm_yday,
    "date": lambda d: d.replace(hour=0, minute=0, second=0, microsecond=0),
    "timeofday": lambda d: d - d.replace(hour=0, minute=0, second=0, microsecond=0),
    "ticks": lambda d: int((d.replace(tzinfo=None) - _dt.datetime(1, 1, 1)).total_seconds() * 10**7),
    "kind": lambda d: "Utc" if d.tzinfo is not None and d.utcoffset() == _dt.timedelta(0) else "Local" if d.tzinfo else "Unspecified",
}
_TS_PROPS: dict[str, Callable[[Any], Any]] = {
    "days": lambda t: t.days if t.days >= 0 else -((-t).days),
    "hours": lambda t: int(abs(t).seconds // 3600) * (1 if t >= _dt.timedelta(0) else -1),
    "minutes": lambda t: int((abs(t).seconds // 60) % 60) * (1 if t >= _dt.timedelta(0) else -1),
    "seconds": lambda t: int(abs(t).seconds % 60) * (1 if t >= _dt.timedelta(0) else -1),
    "milliseconds": lambda t: int(abs(t).microseconds // 1000) * (1 if t >= _dt.timedelta(0) else -1),
    "totaldays": lambda t: t.total_seconds() / 86400, "totalhours": lambda t: t.total_seconds() / 3600,
    "totalminutes": lambda t: t.total_seconds() / 60, "totalseconds": lambda t: t.total_seconds(),
    "totalmilliseconds": lambda t: t.total_seconds() * 1000,
    "ticks": lambda t: int(t.total_seconds() * 10**7),
}


def _dt_methods(d: Any, key: str) -> Callable[..., Any] | None:
    adders = {"adddays": "days", "addhours": "hours", "addminutes": "minutes",
              "addseconds": "seconds", "addmilliseconds": "milliseconds"}
    if key in adders:
        unit = adders[key]
        return lambda n: d + _dt.timedelta(**{unit: float(n)})
    if key == "addmonths":
        def add_months(n: Any) -> Any:
            month = d.month - 1 + int(n)
            year = d.year + month // 12
            month = month % 12 + 1
            import calendar

            return d.replace(year=year, month=month, day=min(d.day, calendar.monthrange(year, month)[1]))
        return add_months
    if key == "addyears":
        return lambda n: d.replace(year=d.year + int(n))
    if key == "tostring":
        from pwshim.runtime.dotnet_format import format_datetime

        return lambda *fmt: format_datetime(d, str(fmt[0])) if fmt else format_datetime(d, "G")
    if key == "touniversaltime":
        return lambda: (d if d.tzinfo else d.astimezone()).astimezone(_dt.timezone.utc)
    if key == "tolocaltime":
        return lambda: d.astimezone() if d.tzinfo else d
    if key == "subtract":
        return lambda other: d - other
    if key == "tofiletime":
        return lambda: int((d.replace(tzinfo=None) - _dt.datetime(1601, 1, 1)).total_seconds() * 10**7)
    if key == "toshortdatestring":
        return lambda: f"{d.month}/{d.day}/{d.year}"
    if key == "compareto":
        return lambda o: (d > o) - (d < o)
    return None


def _enum_method(value: enum.Enum, key: str) -> Callable[..., Any] | None:
    """System.Enum's instance methods: HasFlag, CompareTo, GetTypeCode, ToString(format)."""
    if key == "hasflag":
        return lambda flag: _has_flag(value, flag)
    if key == "compareto":
        return lambda other: (int(value) > int(_same_enum(value, other))) - (int(value) < int(_same_enum(value, other)))
    if key == "gettypecode":
        return lambda: "Int32"
    if key == "tostring":
        from pwshim.runtime.conversions import to_string

        def to_text(*fmt: Any) -> str:
            code = str(fmt[0]).upper() if fmt and fmt[0] else "G"
            if code == "D":
                return str(int(value))
            if code == "X":
                return format(int(value) & 0xFFFFFFFF, "08X")
            return to_string(value)
        return to_text
    return None


def _same_enum(value: enum.Enum, other: Any) -> enum.Enum:
    """`other` as `value`'s enum type; ArgumentException for another enum type, as .NET."""
    cls = type(value)
    if isinstance(other, cls):
        return other
    if isinstance(other, enum.Enum):
        from pwshim.runtime.dotnet import type_full_name
        from pwshim.runtime.errors import ArgumentException

        raise ArgumentException(f"The argument type, '{type_full_name(other)}', is not the same as the enum type "
                                f"'{type_full_name(cls)}'.")
    from pwshim.runtime.types import convert_to

    return convert_to(other, cls)


def _has_flag(value: enum.Enum, flag: Any) -> bool:
    if flag is None:
        from pwshim.runtime.errors import ArgumentNullException

        raise ArgumentNullException("Value cannot be null. (Parameter 'flag')")
    bits = int(_same_enum(value, flag))
    return (int(value) & bits) == bits


def get(obj: Any, name: str) -> tuple[bool, Any]:
    """Read a property of a plain Python value. Returns (found, value)."""
    key = name.lower()
    if isinstance(obj, enum.Enum) and key == "value__":
        return True, int(obj.value)
    if isinstance(obj, _dt.datetime) and key in _DT_PROPS:
        return True, _DT_PROPS[key](obj)
    if isinstance(obj, _dt.timedelta) and key in _TS_PROPS:
        return True, _TS_PROPS[key](obj)
    if isinstance(obj, str):
        if key == "length":
            return True, len(obj)
        if key == "chars":
            return True, list(obj)
    elif isinstance(obj, list | tuple | bytes | bytearray):
        if key in ("count", "length", "longlength"):
            return True, len(obj)
        if key == "rank":
            return True, 1
        if key in ("issynchronized", "isreadonly"):
            return True, False
        if key == "isfixedsize":
            return True, isinstance(obj, tuple)
    elif isinstance(obj, dict):
        if key == "count":
            return True, len(obj)
        if key == "keys":
            return True, list(obj.keys())
        if key == "values":
            return True, list(obj.values())
    elif isinstance(obj, bool):
        pass
    elif obj is None:
        return False, None
    if key == "count" and not isinstance(obj, list | tuple | dict):
        # PowerShell gives every scalar a Count of 1 (and $null a Count of 0).
        return True, 1
    if key == "length" and not isinstance(obj, str | list | tuple | dict):
        return True, 1
    return False, None


def method(obj: Any, name: str) -> Callable[..., Any] | None:
    """A bound callable for a method of a plain Python value, or None."""
    key = name.lower()
    if key == "gettype":
        from pwshim.runtime.types import RuntimeType

        return lambda: RuntimeType.of(obj)
    if isinstance(obj, _dt.datetime):
        found = _dt_methods(obj, key)
        if found is not None:
            return found
    if isinstance(obj, str):
        fn = STR_METHODS.get(key)
        return (lambda *a: fn(obj, *a)) if fn else None
    if isinstance(obj, list):
        fn = LIST_METHODS.get(key)
        if fn is not None:
            return lambda *a: fn(obj, *a)
        if key == "equals":  # Object.Equals: reference equality for an array
            return lambda o: obj is o
        if key == "gethashcode":
            return lambda: id(obj) & 0x7FFFFFFF
        return None
    if isinstance(obj, dict):
        if key in ("containskey", "contains"):
            return lambda k: k in obj
        if key == "add":
            return lambda k, v: obj.__setitem__(k, v)
        if key == "remove":
            return lambda k: obj.pop(k, None) and None
    if isinstance(obj, enum.Enum):
        found = _enum_method(obj, key)
        if found is not None:
            return found
    if key == "tostring":
        from pwshim.runtime.conversions import to_string

        return lambda *a: to_string(obj)
    if key == "equals":
        return lambda o: obj == o
    if key == "gethashcode":
        return lambda: hash(obj) & 0x7FFFFFFF if obj.__hash__ else 0
    if isinstance(obj, int | float) and not isinstance(obj, bool) and key == "compareto":
        return lambda o: (obj > o) - (obj < o)
    return None
