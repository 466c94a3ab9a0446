"""[version] (System.Version): on the start-up path ($PSVersionTable), so kept apart from the
other primitives."""

from __future__ import annotations

from typing import Any

from pwshim.runtime.dotnet import OverloadError, dotnet_type
from pwshim.runtime.errors import (
    ArgumentException,
    ArgumentNullException,
    ArgumentOutOfRangeException,
    DotNetException,
    FormatException,
)


def _component(value: Any, name: str) -> int:
    """One int argument of Version(major, minor[, build[, revision]])."""
    from pwshim.runtime.types import convert_to

    try:
        n = convert_to(value, int)
    except DotNetException as exc:  # pwsh's binder fails before the constructor runs
        raise OverloadError(name, value, "System.Int32", str(exc)) from None
    if n < 0:
        raise ArgumentOutOfRangeException(
            f"Version's parameters must be greater than or equal to zero. (Parameter '{name}')")
    return n


@dotnet_type("System.Version", accelerators=("version",))
class Version:
    """[version]'1.2.3': compares component-wise; missing parts are -1 as .NET."""

    PS_DEFAULT_PROPERTIES = ("Major", "Minor", "Build", "Revision")

    def __init__(self, *args: Any) -> None:
        if len(args) == 1 and isinstance(args[0], Version):
            parts = list(args[0]._parts)
        elif len(args) == 1:
            text = str(args[0]).strip()
            pieces = text.split(".")
            if not 2 <= len(pieces) <= 4 or not all(p.isdigit() for p in pieces):
                if len(pieces) == 1 and pieces[0].isdigit():
                    raise ArgumentException("Version string portion was too short or too long. (Parameter 'input')")
                raise FormatException(f"The input string '{text}' was not in a correct format.")
            parts = [int(p) for p in pieces]
        elif not args:
            parts = [0, 0]  # Version(): 0.0
        elif len(args) <= 4:
            parts = [_component(a, name) for a, name in zip(args, ("major", "minor", "build", "revision"))]
        else:
            raise OverloadError()
        while len(parts) < 4:
            parts.append(-1)
        self._parts = tuple(parts)

    @staticmethod
    def Parse(text: Any) -> "Version":  # noqa: N802
        if text is None:
            raise ArgumentNullException("Value cannot be null. (Parameter 'input')")
        return Version(str(text))

    Major = property(lambda self: self._parts[0])
    Minor = property(lambda self: self._parts[1])
    Build = property(lambda self: self._parts[2])
    Revision = property(lambda self: self._parts[3])

    def ToString(self, *fields: Any) -> str:  # noqa: N802
        shown = [p for p in self._parts if p >= 0]
        if fields:
            shown = shown[: int(fields[0])]
        return ".".join(str(p) for p in shown)

    def __str__(self) -> str:
        return self.ToString()

    def __repr__(self) -> str:
        return f"Version('{self}')"

    def _key(self) -> tuple[int, ...]:
        return self._parts

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Version) and self._parts == other._parts

    def __hash__(self) -> int:
        return hash(self._parts)

    def __lt__(self, other: "Version") -> bool:
        return self._parts < Version(other)._parts

    def __le__(self, other: "Version") -> bool:
        return self._parts <= Version(other)._parts

    def __gt__(self, other: "Version") -> bool:
        return self._parts > Version(other)._parts

    def __ge__(self, other: "Version") -> bool:
        return self._parts >= Version(other)._parts

    def CompareTo(self, other: Any) -> int:  # noqa: N802
        o = Version(other)
        return (self._parts > o._parts) - (self._parts < o._parts)
