"""System.Text.RegularExpressions: [regex] (static and instance members), Match, Group,
Capture, MatchCollection, GroupCollection and RegexOptions, on regex_syntax's translation.

`[regex]` is case-sensitive unless RegexOptions.IgnoreCase (unlike -match). A script block
passed where .NET takes a MatchEvaluator is called with the Match as its argument.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import inspect
import re
from typing import Any, Callable

from pwshim.dotnet import regex_syntax as syntax
from pwshim.runtime.dotnet import OverloadError, dotnet_type
from pwshim.runtime.errors import ArgumentNullException, ArgumentOutOfRangeException, NotSupportedException

_NS = "System.Text.RegularExpressions."


RegexOptions = dotnet_type(_NS + "RegexOptions")(enum.IntFlag("RegexOptions", [
    ("None", 0), ("IgnoreCase", 1), ("Multiline", 2), ("ExplicitCapture", 4), ("Compiled", 8),
    ("Singleline", 16), ("IgnorePatternWhitespace", 32), ("RightToLeft", 64), ("ECMAScript", 256),
    ("CultureInvariant", 512), ("NonBacktracking", 1024),
], module=__name__))


_VALID_OPTIONS = 1 | 2 | 4 | 8 | 16 | 32 | 64 | 256 | 512 | 1024


def _options(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, enum.Enum):
        return int(value.value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    from pwshim.runtime.types import convert_to

    return int(convert_to(value, RegexOptions).value)


def _text(value: Any, param: str = "input") -> str:
    if value is None:
        raise ArgumentNullException(f"Value cannot be null. (Parameter '{param}')")
    from pwshim.runtime.conversions import to_string

    return to_string(value)


def _int(value: Any) -> int:
    from pwshim.runtime.conversions import to_number

    return int(to_number(value))


@dotnet_type(_NS + "Capture")
class Capture:
    """One captured substring."""

    PS_DEFAULT_PROPERTIES = ("Index", "Length", "Value", "ValueSpan")

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text = text
        self._start = start
        self._end = end

    @property
    def Index(self) -> int:  # noqa: N802
        return self._start

    @property
    def Length(self) -> int:  # noqa: N802
        return self._end - self._start

    @property
    def Value(self) -> str:  # noqa: N802
        return self._text[self._start : self._end]

    @property
    def ValueSpan(self) -> None:  # noqa: N802 - a ref struct; pwsh shows it empty
        return None

    def ToString(self) -> str:  # noqa: N802
        return self.Value

    def __str__(self) -> str:
        return self.Value


def _names(items: list[Any]) -> list[str]:
    """How a Groups/Captures cell shows in a Match's list view: `{0, 1}` (group names)."""
    return [getattr(x, "Name", None) or x.Value for x in items]


@dotnet_type(_NS + "Group")
class Group(Capture):
    """A capturing group's result (Success False and empty when it did not participate)."""

    PS_DEFAULT_PROPERTIES = ("Success", "Name", "Captures", "Index", "Length", "Value", "ValueSpan")
    PS_LIST_PROPERTIES = ("Success", "Name", ("Captures", lambda g: _names(g.Captures)),
                          "Index", "Length", "Value", "ValueSpan")

    def __init__(self, text: str, start: int, end: int, name: str, success: bool) -> None:
        super().__init__(text, start, end)
        self._name = name
        self._success = success

    @property
    def Success(self) -> bool:  # noqa: N802
        return self._success

    @property
    def Name(self) -> str:  # noqa: N802
        return self._name

    @property
    def Captures(self) -> "CaptureCollection":  # noqa: N802
        # .NET's last capture of a group is the group itself; `re` keeps only that one
        return CaptureCollection([self] if self._success else [])


@dotnet_type(_NS + "CaptureCollection")
class CaptureCollection(list):
    @property
    def Count(self) -> int:  # noqa: N802
        return len(self)


@dotnet_type(_NS + "GroupCollection")
class GroupCollection(list):
    """Groups by number (`$m.Groups[1]`) or by name (`$m.Groups['year']`)."""

    def __init__(self, groups: list[Group]) -> None:
        super().__init__(groups)

    @property
    def Count(self) -> int:  # noqa: N802
        return len(self)

    @property
    def Keys(self) -> list[str]:  # noqa: N802
        return [g.Name for g in self]

    def ps_index(self, key: Any) -> Any:
        """`$groups[key]`: a number or a name; an unknown one is an unsuccessful group."""
        if isinstance(key, list):
            return [self.ps_index(k) for k in key]
        found = self._find(key)
        return found if found is not None else Group("", 0, 0, "", False)

    def _find(self, key: Any) -> Group | None:
        if isinstance(key, bool):
            key = int(key)
        if isinstance(key, int | float):
            number = int(key)
            for g, num in zip(self, getattr(self, "_numbers", range(len(self)))):
                if num == number:
                    return g
            return None
        text = str(key).lower()
        for g in self:
            if g.Name.lower() == text:
                return g
        return None

    def ContainsKey(self, key: Any) -> bool:  # noqa: N802
        return self._find(key) is not None

    def TryGetValue(self, key: Any, *ref: Any) -> bool:  # noqa: N802
        return self._find(key) is not None


@dotnet_type(_NS + "Match")
class Match(Group):
    """The result of one search: `Success`, `Value`, `Index`, `Groups`..."""

    PS_DEFAULT_PROPERTIES = ("Groups", "Success", "Name", "Captures", "Index", "Length", "Value", "ValueSpan")
    PS_LIST_PROPERTIES = (("Groups", lambda m: _names(m.Groups)), "Success", "Name",
                          ("Captures", lambda m: _names(m.Captures)), "Index", "Length", "Value", "ValueSpan")
    # Empty (a static: the failed match) is set below the class

    def __init__(self, regex: "Regex", text: str, m: re.Match[str] | None, end_limit: int | None = None) -> None:
        start, end = (m.start(), m.end()) if m is not None else (0, 0)
        super().__init__(text, start, end, "0", m is not None)
        self._regex = regex
        self._m = m
        self._limit = end_limit

    @property
    def Groups(self) -> GroupCollection:  # noqa: N802
        compiled = self._regex._compiled
        groups: list[Group] = []
        for name in compiled.names:
            if name == "0":
                groups.append(self)
                continue
            py = compiled.py[name.lower()]
            if self._m is not None and self._m.group(py) is not None:
                groups.append(Group(self._text, self._m.start(py), self._m.end(py), name, True))
            else:
                groups.append(Group(self._text, 0, 0, name, False))
        collection = GroupCollection(groups)
        collection._numbers = compiled.numbers  # type: ignore[attr-defined]
        return collection

    def NextMatch(self) -> "Match":  # noqa: N802
        if self._m is None:
            return self
        pos = self._end if self._end > self._start else self._end + 1
        return self._regex._search(self._text, pos, self._limit)

    def Result(self, replacement: Any) -> str:  # noqa: N802
        if self._m is None:
            raise NotSupportedException("Result cannot be called on a failed Match.")
        return syntax.expand(self._regex._compiled, self._m, _text(replacement, "replacement"))


@dotnet_type(_NS + "MatchCollection")
class MatchCollection(list):
    """Every match of a search (`[regex]::Matches(...)`): indexable, counted, enumerable."""

    @property
    def Count(self) -> int:  # noqa: N802
        return len(self)


class _Dual:
    """A member that is static on the class (`[regex]::IsMatch(input, pattern)`) and an instance
    method on an object (`$rx.IsMatch(input)`), as .NET's Regex overloads are."""

    def __init__(self, static: Callable[..., Any], instance: Callable[..., Any]) -> None:
        functools.update_wrapper(self, instance)
        self._static = static
        self._instance = instance

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self._static
        return self._instance.__get__(obj, owner)

    def __call__(self, *args: Any) -> Any:  # Get-Member sees a method
        return self._instance(*args)


def _dual(fixed: int) -> Callable[[Callable[..., Any]], _Dual]:
    """The static form takes `fixed` leading arguments (input, pattern[, replacement]), then
    optional RegexOptions and timeout, and runs the instance form on a new Regex."""

    def wrap(instance: Callable[..., Any]) -> _Dual:
        def static(*args: Any) -> Any:
            if not fixed <= len(args) <= fixed + 2:
                raise OverloadError()
            rx = Regex(_text(args[1], "pattern"), args[fixed] if len(args) > fixed else None)
            return instance(rx, args[0], *args[2:fixed])

        own = list(inspect.signature(instance).parameters.values())
        pattern = inspect.Parameter("pattern", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation="str")
        options = inspect.Parameter("options", inspect.Parameter.VAR_POSITIONAL)
        static.__signature__ = inspect.Signature(  # type: ignore[attr-defined] - what Get-Member -Static shows
            [own[1], pattern, *own[2:fixed], options], return_annotation=inspect.signature(instance).return_annotation)
        return _Dual(static, instance)

    return wrap


@dotnet_type(_NS + "Regex", accelerators=("regex",))
class Regex:
    """System.Text.RegularExpressions.Regex."""

    InfiniteMatchTimeout = _dt.timedelta(milliseconds=-1)

    def __init__(self, *args: Any) -> None:
        if not 1 <= len(args) <= 3:
            raise OverloadError()
        self._pattern = _text(args[0], "pattern")
        self._options = _options(args[1]) if len(args) > 1 else 0
        if self._options & ~_VALID_OPTIONS:
            raise ArgumentOutOfRangeException(
                "Specified argument was out of the range of valid values. (Parameter 'options')")
        if self._options & 64:
            raise NotSupportedException("RegexOptions.RightToLeft is not supported by pwshim.")
        self._compiled = syntax.compile_dotnet(self._pattern, self._options)

    @classmethod
    def from_compiled(cls, compiled: syntax.Compiled) -> "Regex":
        """The Regex for an already translated pattern (-replace's `$_` matches)."""
        rx = cls.__new__(cls)
        rx._pattern, rx._options, rx._compiled = compiled.pattern, compiled.options, compiled
        return rx

    # --- properties ---------------------------------------------------------------------
    @property
    def Options(self) -> Any:  # noqa: N802
        return RegexOptions(self._options)

    @property
    def RightToLeft(self) -> bool:  # noqa: N802
        return bool(self._options & 64)

    @property
    def MatchTimeout(self) -> _dt.timedelta:  # noqa: N802
        return Regex.InfiniteMatchTimeout

    PS_DEFAULT_PROPERTIES = ("Options", "MatchTimeout", "RightToLeft")
    PS_TO_STRING = None

    def ToString(self) -> str:  # noqa: N802
        return self._pattern

    def __str__(self) -> str:
        return self._pattern

    # --- searching ---------------------------------------------------------------------
    def _search(self, text: str, pos: int = 0, endpos: int | None = None) -> Match:
        m = self._compiled.rx.search(text, pos, len(text) if endpos is None else endpos)
        return Match(self, text, m, endpos)

    def _start(self, text: str, startat: Any) -> int:
        pos = _int(startat)
        if not 0 <= pos <= len(text):
            raise ArgumentOutOfRangeException(
                "Start index cannot be less than 0 or greater than input length. (Parameter 'startat')")
        return pos

    def _matches(self, text: str, pos: int = 0) -> list[re.Match[str]]:
        return list(self._compiled.rx.finditer(text, pos))

    def _is_match(self, input: Any, *startat: Any) -> bool:  # noqa: A002
        text = _text(input)
        if len(startat) > 1:
            raise OverloadError()
        return self._compiled.rx.search(text, self._start(text, startat[0]) if startat else 0) is not None

    IsMatch = _dual(2)(_is_match)

    def _match(self, input: Any, *rest: Any) -> Match:  # noqa: A002
        text = _text(input)
        if not rest:
            return self._search(text)
        if len(rest) == 1:
            return self._search(text, self._start(text, rest[0]))
        if len(rest) == 2:
            begin, length = _int(rest[0]), _int(rest[1])
            if begin < 0 or length < 0 or begin + length > len(text):
                raise ArgumentOutOfRangeException("Index was out of range. Must be non-negative and less than "
                                                  "the size of the collection. (Parameter 'length')")
            return self._search(text, begin, begin + length)
        raise OverloadError()

    Match = _dual(2)(_match)

    def _all(self, input: Any, *startat: Any) -> MatchCollection:  # noqa: A002
        text = _text(input)
        if len(startat) > 1:
            raise OverloadError()
        pos = self._start(text, startat[0]) if startat else 0
        return MatchCollection(Match(self, text, m) for m in self._matches(text, pos))

    Matches = _dual(2)(_all)

    def _replace(self, input: Any, replacement: Any, *rest: Any) -> str:  # noqa: A002
        text = _text(input)
        if len(rest) > 2:
            raise OverloadError()
        count = _int(rest[0]) if rest else -1
        pos = self._start(text, rest[1]) if len(rest) > 1 else 0
        evaluator = _evaluator(replacement)
        out: list[str] = [text[:pos]]
        last = pos
        done = 0
        for m in self._compiled.rx.finditer(text, pos):
            if count >= 0 and done >= count:
                break
            out.append(text[last : m.start()])
            out.append(evaluator(self, m) if evaluator else syntax.expand(self._compiled, m, _text(replacement, "replacement")))
            last = m.end()
            done += 1
        out.append(text[last:])
        return "".join(out)

    Replace = _dual(3)(_replace)

    def _split(self, input: Any, *rest: Any) -> list[str]:  # noqa: A002
        text = _text(input)
        if len(rest) > 2:
            raise OverloadError()
        count = _int(rest[0]) if rest else 0
        pos = self._start(text, rest[1]) if len(rest) > 1 else 0
        if count < 0:
            raise ArgumentOutOfRangeException("Count cannot be less than -1. (Parameter 'count')")
        pieces: list[str] = []
        last = 0
        compiled = self._compiled
        for done, m in enumerate(compiled.rx.finditer(text, pos)):
            if count and done >= count - 1:
                break
            pieces.append(text[last : m.start()])
            for name in compiled.names[1:]:
                value = m.group(compiled.py[name.lower()])
                if value is not None:
                    pieces.append(value)
            last = m.end()
        pieces.append(text[last:])
        return pieces

    Split = _dual(2)(_split)

    def GetGroupNames(self) -> list[str]:  # noqa: N802
        return list(self._compiled.names)

    def GetGroupNumbers(self) -> list[int]:  # noqa: N802
        return list(self._compiled.numbers)

    def GroupNameFromNumber(self, number: Any) -> str:  # noqa: N802
        n = _int(number)
        return next((name for name, num in zip(self._compiled.names, self._compiled.numbers) if num == n), "")

    def GroupNumberFromName(self, name: Any) -> int:  # noqa: N802
        key = str(name).lower()
        return next((num for nm, num in zip(self._compiled.names, self._compiled.numbers) if nm.lower() == key), -1)

    @staticmethod
    def Escape(text: Any) -> str:  # noqa: N802
        return syntax.escape(_text(text, "str"))

    @staticmethod
    def Unescape(text: Any) -> str:  # noqa: N802
        return syntax.unescape(_text(text, "str"))


def _evaluator(replacement: Any) -> Callable[[Regex, re.Match[str]], str] | None:
    """A script block (or a delegate-like callable) given for a MatchEvaluator."""
    from pwshim.runtime.conversions import to_string
    from pwshim.runtime.scriptblock import ScriptBlock

    if isinstance(replacement, ScriptBlock):
        def run(rx: Regex, m: re.Match[str]) -> str:
            out = replacement.invoke(Match(rx, m.string, m))
            return to_string(out[0] if len(out) == 1 else out)
        return run
    return None


def match_for(regex: Regex, m: re.Match[str]) -> Match:
    """A Match object for an `re` match made with `regex` (-replace's script block `$_`)."""
    return Match(regex, m.string, m)


Match.Empty = Match(Regex(""), "", None)
