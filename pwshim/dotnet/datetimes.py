"""[datetime]'s constructors as .NET 8 overloads them, and System.DateTimeKind.

DateTime values are Python datetimes: naive for Unspecified, UTC-aware for Utc, local-aware for
Local (what `.Kind` reads back)."""

from __future__ import annotations

import datetime as _dt
import enum
from typing import Any

from pwshim.runtime.dotnet import OverloadError, dotnet_type
from pwshim.runtime.errors import ArgumentOutOfRangeException, DotNetException


@dotnet_type("System.DateTimeKind")
class DateTimeKind(enum.IntEnum):
    Unspecified = 0
    Utc = 1
    Local = 2


def _is_kind(value: Any) -> bool:
    if isinstance(value, DateTimeKind):
        return True
    return isinstance(value, str) and value.strip().lower() in ("unspecified", "utc", "local")


def _with_kind(value: _dt.datetime, kind: Any) -> _dt.datetime:
    from pwshim.runtime.types import convert_to

    try:
        k = convert_to(kind, DateTimeKind)
    except DotNetException as exc:
        raise OverloadError("kind", kind, "System.DateTimeKind", str(exc)) from None
    if k == DateTimeKind.Utc:
        return value.replace(tzinfo=_dt.timezone.utc)
    if k == DateTimeKind.Local:
        return value.astimezone()
    return value


def _ints(args: tuple[Any, ...], names: tuple[str, ...]) -> list[int]:
    from pwshim.runtime.types import convert_to

    out: list[int] = []
    for value, name in zip(args, names):
        try:
            out.append(convert_to(value, int) if name != "ticks" else int(convert_to(value, float)))
        except DotNetException as exc:
            raise OverloadError(name, value, "System.Int64" if name == "ticks" else "System.Int32", str(exc)) from None
    return out


_DT_FIELDS = ("year", "month", "day", "hour", "minute", "second", "millisecond", "microsecond")


def datetime_new(*args: Any) -> _dt.datetime:
    """DateTime's constructors as .NET 8 has them: (), (ticks[, kind]), (y, M, d), (y, M, d, h, m, s
    [, ms[, us]][, kind]); the Calendar overloads (4 and 10 arguments) fail on the calendar."""
    n = len(args)
    if n == 0:
        return _dt.datetime.min
    if n in (1, 2):
        (ticks,) = _ints(args[:1], ("ticks",))
        if not 0 <= ticks <= 3155378975999999999:
            raise ArgumentOutOfRangeException(
                "Ticks must be between DateTime.MinValue.Ticks and DateTime.MaxValue.Ticks. (Parameter 'ticks')")
        value = _dt.datetime.min + _dt.timedelta(microseconds=ticks // 10)
        return _with_kind(value, args[1]) if n == 2 else value
    if n in (4, 10):
        from pwshim.runtime.conversions import to_string
        from pwshim.runtime.dotnet import type_full_name

        bad = args[3] if n == 4 else args[8]
        raise OverloadError("calendar", bad, "System.Globalization.Calendar",
                            f'Cannot convert the "{to_string(bad)}" value of type "{type_full_name(bad)}" to type '
                            '"System.Globalization.Calendar".')
    if n not in (3, 6, 7, 8, 9):
        raise OverloadError()
    kind = None
    if n == 9 or (n in (7, 8) and _is_kind(args[-1])):
        kind, args = args[-1], args[:-1]
    parts = _ints(args, _DT_FIELDS)
    y, mo, d = parts[:3]
    h, mi, sec = (parts[3:6] + [0, 0, 0])[:3]
    ms = parts[6] if len(parts) > 6 else 0
    us = parts[7] if len(parts) > 7 else 0
    if not (1 <= y <= 9999 and 1 <= mo <= 12) or not 1 <= d <= _days_in(y, mo):
        raise ArgumentOutOfRangeException("Year, Month, and Day parameters describe an un-representable DateTime.")
    if not (0 <= h < 24 and 0 <= mi < 60 and 0 <= sec < 60):
        raise ArgumentOutOfRangeException("Hour, Minute, and Second parameters describe an un-representable DateTime.")
    if not 0 <= ms < 1000:
        raise ArgumentOutOfRangeException("Valid values are between 0 and 999, inclusive. (Parameter 'millisecond')")
    if not 0 <= us < 1000:
        raise ArgumentOutOfRangeException("Valid values are between 0 and 999, inclusive. (Parameter 'microsecond')")
    value = _dt.datetime(y, mo, d, h, mi, sec, ms * 1000 + us)
    return value if kind is None else _with_kind(value, kind)


def _days_in(year: int, month: int) -> int:
    import calendar

    return calendar.monthrange(year, month)[1]
