"""System.DateTimeOffset, as much as Az's token objects need (Get-AzAccessToken's ExpiresOn).

A tz-aware datetime subclass, so every datetime operation still works; adds the .NET members
scripts call: ToUnixTimeSeconds() (AzurePowerShellCredential's script), UtcDateTime,
LocalDateTime, DateTime, Offset. ToString() is .NET's en-US general format
"M/d/yyyy h:mm:ss tt +00:00".
"""

from __future__ import annotations

import datetime as _dt

from pwshim.runtime import dotnet


class DateTimeOffset(_dt.datetime):
    """A point in time with an offset (System.DateTimeOffset)."""

    @classmethod
    def from_unix(cls, seconds: float, tz: _dt.tzinfo = _dt.UTC) -> DateTimeOffset:
        value = _dt.datetime.fromtimestamp(float(seconds), tz)
        return cls(value.year, value.month, value.day, value.hour, value.minute, value.second, value.microsecond, value.tzinfo)

    def ToUnixTimeSeconds(self) -> int:
        return int(self.timestamp() // 1)

    def ToUnixTimeMilliseconds(self) -> int:
        return int(self.timestamp() * 1000 // 1)

    @property
    def UtcDateTime(self) -> _dt.datetime:
        return self.astimezone(_dt.UTC).replace(tzinfo=None)

    @property
    def LocalDateTime(self) -> _dt.datetime:
        return self.astimezone().replace(tzinfo=None)

    @property
    def DateTime(self) -> _dt.datetime:
        return self.replace(tzinfo=None)

    @property
    def Offset(self) -> _dt.timedelta:
        return self.utcoffset() or _dt.timedelta(0)

    def ToString(self) -> str:
        off = self.Offset
        sign = "-" if off < _dt.timedelta(0) else "+"
        minutes = abs(int(off.total_seconds())) // 60
        hour12 = self.hour % 12 or 12
        ampm = "AM" if self.hour < 12 else "PM"
        return (
            f"{self.month}/{self.day}/{self.year} {hour12}:{self.minute:02d}:{self.second:02d} {ampm} "
            f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
        )

    def __str__(self) -> str:
        return self.ToString()


# Registered without a lookup (a lookup would import every type provider); a runtime
# DateTimeOffset registered later simply takes over the [datetimeoffset] name.
dotnet.dotnet_type("System.DateTimeOffset")(DateTimeOffset)
