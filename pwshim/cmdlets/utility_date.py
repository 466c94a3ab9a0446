"""Get-Date (with .NET format strings and -UFormat), New-TimeSpan, Get-Random, Write-Progress.

DateTime formatting follows .NET's DateTimeFormat with the en-US culture's patterns; pwshim's
DateTime values are naive local times (DateTimeKind.Local for `K`/`zzz`).
"""

from __future__ import annotations

import datetime as _dt
import random
import time
from typing import Any

from pwshim.formatting_values import _DAYS, _MONTHS
from pwshim.runtime.cmdlet import Cmdlet, Parameter, Switch, cmdlet
from pwshim.runtime.conversions import to_number
from pwshim.runtime.errors import ArgumentException, Category, FormatException

# en-US standard format patterns (DateTimeFormatInfo)
_STANDARD = {
    "d": "M/d/yyyy",
    "D": "dddd, MMMM d, yyyy",
    "f": "dddd, MMMM d, yyyy h:mm tt",
    "F": "dddd, MMMM d, yyyy h:mm:ss tt",
    "g": "M/d/yyyy h:mm tt",
    "G": "M/d/yyyy h:mm:ss tt",
    "m": "MMMM d",
    "M": "MMMM d",
    "o": "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
    "O": "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffffK",
    "r": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
    "R": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
    "s": "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
    "t": "h:mm tt",
    "T": "h:mm:ss tt",
    "u": "yyyy'-'MM'-'dd HH':'mm':'ss'Z'",
    "U": "dddd, MMMM d, yyyy h:mm:ss tt",
    "y": "MMMM yyyy",
    "Y": "MMMM yyyy",
}


def local_offset(value: _dt.datetime) -> _dt.timedelta:
    if value.tzinfo is not None:
        return value.utcoffset() or _dt.timedelta(0)
    try:
        return _dt.timedelta(seconds=time.localtime(time.mktime(value.timetuple())).tm_gmtoff)
    except (OverflowError, ValueError):
        return _dt.timedelta(0)


def _offset_text(value: _dt.datetime, width: int) -> str:
    minutes = int(local_offset(value).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    hours = minutes // 60
    if width == 1:
        return f"{sign}{hours}"
    if width == 2:
        return f"{sign}{hours:02d}"
    return f"{sign}{hours:02d}:{minutes % 60:02d}"


def _run(fmt: str, i: int) -> int:
    j = i
    while j < len(fmt) and fmt[j] == fmt[i]:
        j += 1
    return j - i


def dotnet_format(value: _dt.datetime, fmt: str) -> str:
    """DateTime.ToString(format) for en-US: standard (one letter) and custom formats."""
    if len(fmt) == 1:
        if fmt not in _STANDARD:
            raise FormatException("Input string was not in a correct format.")
        if fmt in ("r", "R", "u"):
            value = value - local_offset(value) if value.tzinfo is None else value.astimezone(_dt.UTC)
        if fmt == "U":
            value = value - local_offset(value)
        fmt = _STANDARD[fmt]
    return _custom(value, fmt)


def _custom(value: _dt.datetime, fmt: str) -> str:
    """A custom .NET date format (`yyyy-MM-dd`, quotes, `\\` escapes, `%d` for one specifier)."""
    out: list[str] = []
    i = 0
    hour12 = value.hour % 12 or 12
    while i < len(fmt):
        ch = fmt[i]
        n = _run(fmt, i)
        if ch in "'\"":
            end = fmt.find(ch, i + 1)
            end = len(fmt) if end == -1 else end
            out.append(fmt[i + 1 : end])
            i = end + 1
            continue
        if ch == "\\" and i + 1 < len(fmt):
            out.append(fmt[i + 1])
            i += 2
            continue
        if ch == "%" and i + 1 < len(fmt):
            out.append(_custom(value, fmt[i + 1]) if fmt[i + 1] != "%" else "%")
            i += 2
            continue
        if ch == "d":
            out.append(
                str(value.day) if n == 1 else f"{value.day:02d}" if n == 2
                else _DAYS[value.weekday()][:3] if n == 3 else _DAYS[value.weekday()]
            )
        elif ch == "M":
            out.append(
                str(value.month) if n == 1 else f"{value.month:02d}" if n == 2
                else _MONTHS[value.month - 1][:3] if n == 3 else _MONTHS[value.month - 1]
            )
        elif ch == "y":
            out.append(str(value.year % 100) if n == 1 else f"{value.year % 100:02d}" if n == 2 else str(value.year).zfill(n))
        elif ch == "h":
            out.append(str(hour12) if n == 1 else f"{hour12:02d}")
        elif ch == "H":
            out.append(str(value.hour) if n == 1 else f"{value.hour:02d}")
        elif ch == "m":
            out.append(str(value.minute) if n == 1 else f"{value.minute:02d}")
        elif ch == "s":
            out.append(str(value.second) if n == 1 else f"{value.second:02d}")
        elif ch in "fF":
            digits = f"{value.microsecond:06d}0"[: min(n, 7)]
            out.append(digits.rstrip("0") if ch == "F" else digits)
        elif ch == "t":
            out.append(("AM" if value.hour < 12 else "PM")[: 1 if n == 1 else 2])
        elif ch == "z":
            out.append(_offset_text(value, min(n, 3)))
        elif ch == "K":
            out.append(_offset_text(value, 3))
            n = 1
        elif ch == "g":
            out.append("A.D.")
        else:
            out.append(ch * n)
        i += n
    return "".join(out)


def uformat(value: _dt.datetime, fmt: str) -> str:
    """Get-Date -UFormat (pwsh's own UNIX-style specifiers)."""
    out: list[str] = []
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch != "%" or i + 1 >= len(fmt):
            out.append(ch)
            i += 1
            continue
        spec = fmt[i + 1]
        i += 2
        table = {
            "a": lambda: _DAYS[value.weekday()][:3],
            "A": lambda: _DAYS[value.weekday()],
            "b": lambda: _MONTHS[value.month - 1][:3],
            "B": lambda: _MONTHS[value.month - 1],
            "h": lambda: _MONTHS[value.month - 1][:3],
            "c": lambda: dotnet_format(value, "ddd MMM dd HH:mm:ss yyyy"),
            "C": lambda: f"{value.year // 100:02d}",
            "d": lambda: f"{value.day:02d}",
            "D": lambda: dotnet_format(value, "MM/dd/yy"),
            "e": lambda: f"{value.day:>2}",
            "F": lambda: dotnet_format(value, "yyyy-MM-dd"),
            "G": lambda: str(value.isocalendar()[0]),
            "g": lambda: f"{value.isocalendar()[0] % 100:02d}",
            "H": lambda: f"{value.hour:02d}",
            "I": lambda: f"{(value.hour % 12 or 12):02d}",
            "j": lambda: f"{value.timetuple().tm_yday:03d}",
            "k": lambda: f"{value.hour:>2}",
            "l": lambda: f"{(value.hour % 12 or 12):>2}",
            "m": lambda: f"{value.month:02d}",
            "M": lambda: f"{value.minute:02d}",
            "n": lambda: "\n",
            "p": lambda: "AM" if value.hour < 12 else "PM",
            "r": lambda: dotnet_format(value, "hh:mm:ss tt"),
            "R": lambda: dotnet_format(value, "HH:mm"),
            "s": lambda: str(int((value - local_offset(value) - _dt.datetime(1970, 1, 1)).total_seconds()))
            if value.tzinfo is None else str(int(value.timestamp())),
            "S": lambda: f"{value.second:02d}",
            "t": lambda: "\t",
            "T": lambda: dotnet_format(value, "HH:mm:ss"),
            "u": lambda: str(value.isoweekday()),
            "U": lambda: value.strftime("%U"),
            "V": lambda: f"{value.isocalendar()[1]:02d}",
            "w": lambda: str(value.isoweekday() % 7),
            "W": lambda: value.strftime("%W"),
            "x": lambda: dotnet_format(value, "MM/dd/yy"),
            "X": lambda: dotnet_format(value, "HH:mm:ss"),
            "y": lambda: f"{value.year % 100:02d}",
            "Y": lambda: str(value.year),
            "Z": lambda: _offset_text(value, 2),
            "%": lambda: "%",
        }
        fn = table.get(spec)
        out.append(fn() if fn else spec)
    return "".join(out)


@cmdlet("Get-Date", default_set="net")
class GetDate(Cmdlet):
    """Gets the current date and time."""

    Date = Parameter(_dt.datetime, position=0, pipeline=True, pipeline_by_name=True, aliases=("LastWriteTime",))
    UnixTimeSeconds = Parameter(int, aliases=("UnixTime",))
    Year = Parameter(int)
    Month = Parameter(int)
    Day = Parameter(int)
    Hour = Parameter(int)
    Minute = Parameter(int)
    Second = Parameter(int)
    Millisecond = Parameter(int)
    DisplayHint = Parameter(str, validate_set=("Date", "Time", "DateTime"))
    Format = Parameter(str, sets=("net",))
    UFormat = Parameter(str, sets=("UFormat",))
    AsUTC = Parameter(Switch)

    def process(self) -> None:
        if self.Date is not None:
            value = self.Date
        elif self.UnixTimeSeconds is not None:
            value = _dt.datetime.fromtimestamp(self.UnixTimeSeconds)
        else:
            value = _dt.datetime.now()
        try:
            changes = {k.lower(): getattr(self, k) for k in ("Year", "Month", "Day", "Hour", "Minute", "Second")
                       if getattr(self, k) is not None}
            value = value.replace(**changes)
            if self.Millisecond is not None:
                value = value.replace(microsecond=self.Millisecond * 1000)
        except ValueError as exc:
            raise self.throw(ArgumentException(str(exc)), "GetDateInvalidArgument", Category.InvalidArgument) from None
        if self.AsUTC:
            value = value - local_offset(value)
        if self.Format is not None:
            try:
                self.write_object(dotnet_format(value, self.Format))
            except FormatException as exc:
                raise self.throw(exc, "System.FormatException", Category.NotSpecified) from None
            return
        if self.UFormat is not None:
            self.write_object(uformat(value, self.UFormat))
            return
        self.write_object(value)


@cmdlet("New-TimeSpan", default_set="Date")
class NewTimeSpan(Cmdlet):
    """Creates a TimeSpan object."""

    Start = Parameter(_dt.datetime, position=0, pipeline_by_name=True, aliases=("LastWriteTime",), sets=("Date",))
    End = Parameter(_dt.datetime, position=1, pipeline_by_name=True, sets=("Date",))
    Days = Parameter(int, sets=("Time",))
    Hours = Parameter(int, sets=("Time",))
    Minutes = Parameter(int, sets=("Time",))
    Seconds = Parameter(int, sets=("Time",))
    Milliseconds = Parameter(int, sets=("Time",))

    def process(self) -> None:
        if self.parameter_set == "Time":
            self.write_object(
                _dt.timedelta(
                    days=self.Days or 0, hours=self.Hours or 0, minutes=self.Minutes or 0,
                    seconds=self.Seconds or 0, milliseconds=self.Milliseconds or 0,
                )
            )
            return
        now = _dt.datetime.now()
        self.write_object((self.End or now) - (self.Start or now))


@cmdlet("Get-Random", default_set="RandomNumberParameterSet")
class GetRandom(Cmdlet):
    """Gets a random number, or selects objects randomly from a collection."""

    SetSeed = Parameter(int)
    Maximum = Parameter(object, position=0, sets=("RandomNumberParameterSet",))
    Minimum = Parameter(object, sets=("RandomNumberParameterSet",))
    InputObject = Parameter([object], position=0, mandatory=True, pipeline=True, sets=("RandomListItemParameterSet",))
    Count = Parameter(int)
    Shuffle = Parameter(Switch, sets=("ShuffleParameterSet",))

    def begin(self) -> None:
        self._rng = random.Random(self.SetSeed) if self.SetSeed is not None else random.Random()
        self._items: list[Any] = []

    def process(self) -> None:
        if self.InputObject is not None:
            self._items.extend(self.InputObject)

    def end(self) -> None:
        if self._items or self.parameter_set != "RandomNumberParameterSet":
            items = list(self._items)
            if self.Shuffle:
                self._rng.shuffle(items)
                for item in items:
                    self.write_object(item)
                return
            for item in self._rng.sample(items, min(self.Count or 1, len(items))):
                self.write_object(item)
            return
        low = to_number(self.Minimum) if self.Minimum is not None else 0
        high = to_number(self.Maximum) if self.Maximum is not None else 2**31 - 1
        if low >= high:
            raise self.throw(
                ArgumentException(
                    f"The Minimum value ({low}) cannot be greater than or equal to the Maximum value ({high})."
                ),
                "MinGreaterThanOrEqualMax",
                Category.InvalidArgument,
            )
        for _ in range(self.Count or 1):
            if isinstance(low, float) or isinstance(high, float):
                self.write_object(self._rng.uniform(float(low), float(high)))
            else:
                self.write_object(self._rng.randrange(int(low), int(high)))


@cmdlet("Write-Progress")
class WriteProgress(Cmdlet):
    """Displays a progress bar (pwshim: no-op, as pwsh does when output is not a terminal)."""

    Activity = Parameter(str, position=0)
    Status = Parameter(str, position=1)
    Id = Parameter(int, position=2)
    PercentComplete = Parameter(int)
    SecondsRemaining = Parameter(int)
    CurrentOperation = Parameter(str)
    ParentId = Parameter(int)
    Completed = Parameter(Switch)
    SourceId = Parameter(int)
