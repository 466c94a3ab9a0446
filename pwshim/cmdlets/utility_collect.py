"""Sort-Object, Measure-Object, Group-Object, Compare-Object, Tee-Object (Microsoft.PowerShell.Utility)."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

from pwshim.cmdlets.utility_compare import compare_values, equals
from pwshim.cmdlets.utility_select import (
    CollectsInput,
    calculated_property,
    invoke_block,
    is_scriptblock,
    read_property,
)
from pwshim.runtime.cmdlet import Cmdlet, Parameter, Switch, cmdlet
from pwshim.runtime.conversions import to_bool, to_number, to_string
from pwshim.runtime.dotnet import dotnet_type
from pwshim.runtime.errors import Category, DotNetException, PSInvalidOperationException
from pwshim.runtime.objects import Hashtable, PSObject


def _key_getters(props: list[Any] | None) -> list[tuple[Callable[[Any], Any], bool | None]]:
    """(getter, descending-override) per -Property entry: names, script blocks, hashtables."""
    getters: list[tuple[Callable[[Any], Any], bool | None]] = []
    for prop in props or []:
        if is_scriptblock(prop):
            getters.append((lambda o, _b=prop: invoke_block(_b, o), None))
        elif isinstance(prop, Hashtable | dict):
            spec = Hashtable(prop)
            _, getter, _ = calculated_property(spec, "Sort-Object")
            desc = None
            for k in spec:
                if "descending".startswith(str(k).lower()):
                    desc = to_bool(spec[k])
                elif "ascending".startswith(str(k).lower()):
                    desc = not to_bool(spec[k])
            getters.append((getter, desc))
        else:
            name = to_string(prop)
            getters.append((lambda o, _n=name: read_property(o, _n)[1], None))
    return getters


@cmdlet("Sort-Object", default_set="Default")
class SortObject(CollectsInput):
    """Sorts objects by property values. (No `sort` alias: pwsh on Linux leaves /usr/bin/sort.)"""

    Descending = Parameter(Switch)
    Unique = Parameter(Switch)
    Top = Parameter(int, sets=("Top",))
    Bottom = Parameter(int, sets=("Bottom",))
    InputObject = Parameter(object, pipeline=True)
    Property = Parameter([object], position=0)
    Stable = Parameter(Switch, sets=("Stable",))
    CaseSensitive = Parameter(Switch)

    def end(self) -> None:
        getters = _key_getters(self.Property)
        cs = bool(self.CaseSensitive)
        keyed = [(obj, [g(obj) for g, _ in getters] if getters else [obj]) for obj in self._items]
        directions = [(d if d is not None else bool(self.Descending)) for _, d in getters] or [bool(self.Descending)]

        def cmp(a: tuple[Any, list[Any]], b: tuple[Any, list[Any]]) -> int:
            for ka, kb, desc in zip(a[1], b[1], directions):
                c = compare_values(ka, kb, cs)
                if c:
                    return -c if desc else c
            return 0

        ordered = sorted(keyed, key=functools.cmp_to_key(cmp))
        if self.Unique:
            unique: list[tuple[Any, list[Any]]] = []
            for item in ordered:
                if not unique or cmp(unique[-1], item) != 0:
                    unique.append(item)
            ordered = unique
        result = [obj for obj, _ in ordered]
        if self.Top is not None:
            result = result[: self.Top]
        if self.Bottom is not None:
            result = result[len(result) - self.Bottom :] if self.Bottom > 0 else []
        for obj in result:
            self.write_object(obj)


@dotnet_type("Microsoft.PowerShell.Commands.GenericMeasureInfo")
class GenericMeasureInfo:
    """Measure-Object's result (no view: seven properties, so a list)."""

    PS_DEFAULT_PROPERTIES = ("Count", "Average", "Sum", "Maximum", "Minimum", "StandardDeviation", "Property")

    # .NET members are class attributes (runtime/dotnet.py); instances override the values.
    Count = 0
    Average: float | None = None
    Sum: float | None = None
    Maximum: Any = None
    Minimum: Any = None
    StandardDeviation: float | None = None
    Property: str | None = None

    def __init__(self) -> None:
        self.Count = 0
        self.Average = None
        self.Sum = None
        self.Maximum = None
        self.Minimum = None
        self.StandardDeviation = None
        self.Property = None


@dotnet_type("Microsoft.PowerShell.Commands.TextMeasureInfo")
class TextMeasureInfo:
    PS_DEFAULT_PROPERTIES = ("Lines", "Words", "Characters", "Property")
    Lines: int | None = None
    Words: int | None = None
    Characters: int | None = None
    Property: str | None = None


def _numeric(value: Any) -> float | None:
    try:
        return float(to_number(value))
    except (DotNetException, TypeError, ValueError):
        return None


@cmdlet("Measure-Object", aliases=("measure",), default_set="GenericMeasure")
class MeasureObject(Cmdlet):
    """Calculates the numeric properties of objects, and the characters, words, and lines in strings."""

    InputObject = Parameter(object, pipeline=True)
    Property = Parameter([object], position=0)
    StandardDeviation = Parameter(Switch, sets=("GenericMeasure",))
    Sum = Parameter(Switch, sets=("GenericMeasure",))
    AllStats = Parameter(Switch, sets=("GenericMeasure",))
    Average = Parameter(Switch, sets=("GenericMeasure",))
    Maximum = Parameter(Switch, sets=("GenericMeasure",))
    Minimum = Parameter(Switch, sets=("GenericMeasure",))
    Line = Parameter(Switch, sets=("TextMeasure",))
    Word = Parameter(Switch, sets=("TextMeasure",))
    Character = Parameter(Switch, sets=("TextMeasure",))
    IgnoreWhiteSpace = Parameter(Switch, sets=("TextMeasure",))

    def begin(self) -> None:
        self._items: list[Any] = []

    def process(self) -> None:
        if "InputObject" in self.bound and self.InputObject is not None:
            self._items.append(self.InputObject)

    def _values(self, prop: Any) -> tuple[str | None, list[Any]]:
        if prop is None:
            return None, list(self._items)
        if is_scriptblock(prop):
            return prop.ToString().strip(), [invoke_block(prop, o) for o in self._items]
        name = to_string(prop)
        values = []
        for obj in self._items:
            found, value = read_property(obj, name)
            if found:
                values.append(value)
        if not values and self._items:
            self.write_error(
                PSInvalidOperationException(f'The property "{name}" cannot be found in the input for any objects.'),
                "GenericMeasurePropertyNotFound",
                Category.InvalidArgument,
                name,
            )
            return name, []
        return name, values

    def end(self) -> None:
        props = self.Property or [None]
        for prop in props:
            name, values = self._values(prop)
            if name is not None and not values and self._items:
                continue
            if self.parameter_set == "TextMeasure":
                self.write_object(self._text(name, values))
            else:
                self.write_object(self._generic(name, values))

    def _generic(self, name: str | None, values: list[Any]) -> GenericMeasureInfo:
        info = GenericMeasureInfo()
        info.Property = name
        info.Count = len(values)
        all_stats = bool(self.AllStats)
        wants_numbers = all_stats or self.Sum or self.Average or self.StandardDeviation
        numbers: list[float] = []
        if wants_numbers:
            for v in values:
                n = _numeric(v)
                if n is None:
                    self.write_error(
                        PSInvalidOperationException(f'Input object "{to_string(v)}" is not numeric.'),
                        "NonNumericInputObject",
                        Category.InvalidType,
                        v,
                    )
                    continue
                numbers.append(n)
        if all_stats or self.Sum:
            info.Sum = float(sum(numbers))
        if all_stats or self.Average:
            info.Average = sum(numbers) / len(numbers) if numbers else None
        if all_stats or self.StandardDeviation:
            if len(numbers) > 1:
                mean = sum(numbers) / len(numbers)
                info.StandardDeviation = math.sqrt(sum((x - mean) ** 2 for x in numbers) / (len(numbers) - 1))
            else:
                info.StandardDeviation = 0.0 if numbers else None
        for want, attr, sign in ((all_stats or self.Maximum, "Maximum", 1), (all_stats or self.Minimum, "Minimum", -1)):
            if not want or not values:
                continue
            best = None
            for v in values:
                candidate = _numeric(v)
                item: Any = candidate if candidate is not None else v
                if best is None or compare_values(item, best) * sign > 0:
                    best = item
            setattr(info, attr, best)
        return info

    def _text(self, name: str | None, values: list[Any]) -> TextMeasureInfo:
        info = TextMeasureInfo()
        info.Property = name
        text_values = [to_string(v) for v in values]
        if self.Line:
            info.Lines = sum(len(t.splitlines()) for t in text_values)
        if self.Word:
            info.Words = sum(len(t.split()) for t in text_values)
        if self.Character:
            info.Characters = sum(
                len("".join(t.split())) if self.IgnoreWhiteSpace else len(t) for t in text_values
            )
        return info


@dotnet_type("Microsoft.PowerShell.Commands.GroupInfo")
class GroupInfo:
    """Group-Object's result; view: Count (width 5, right), Name (25), Group."""

    PS_TABLE_COLUMNS = (
        ("Count", "Count", 5, "right"),
        ("Name", "Name", 25, "left"),
        ("Group", "Group", None, "left"),
    )
    PS_DEFAULT_PROPERTIES = ("Count", "Name", "Group")
    Name = ""
    Values: Any = None
    Group: Any = None

    def __init__(self, name: str, values: list[Any], group: list[Any]) -> None:
        self.Name = name
        self.Values = values
        self.Group = group

    @property
    def Count(self) -> int:
        return len(self.Group)


@dotnet_type("Microsoft.PowerShell.Commands.GroupInfoNoElement")
class GroupInfoNoElement(GroupInfo):
    PS_TABLE_COLUMNS = (("Count", "Count", 5, "right"), ("Name", "Name", 25, "left"))
    PS_DEFAULT_PROPERTIES = ("Count", "Name")


@cmdlet("Group-Object", aliases=("group",), default_set="Default")
class GroupObject(CollectsInput):
    """Groups objects that contain the same value for specified properties."""

    NoElement = Parameter(Switch)
    AsHashTable = Parameter(Switch, aliases=("AHT",), sets=("HashTable",))
    AsString = Parameter(Switch, sets=("HashTable",))
    InputObject = Parameter(object, pipeline=True)
    Property = Parameter([object], position=0)
    CaseSensitive = Parameter(Switch)

    def end(self) -> None:
        getters = [g for g, _ in _key_getters(self.Property)]
        groups: list[tuple[list[Any], list[Any]]] = []
        cs = bool(self.CaseSensitive)
        for obj in self._items:
            key = [g(obj) for g in getters] if getters else [obj]
            for existing_key, members in groups:
                if len(existing_key) == len(key) and all(
                    compare_values(a, b, cs) == 0 if isinstance(a, str) or isinstance(b, str) else equals(a, b, cs)
                    for a, b in zip(existing_key, key)
                ):
                    members.append(obj)
                    break
            else:
                groups.append((key, [obj]))
        if self.AsHashTable:
            table = Hashtable()
            for key, members in groups:
                k = ", ".join(to_string(x) for x in key) if (self.AsString or len(key) > 1) else key[0]
                table[k] = members
            self.write_object(table)
            return
        cls = GroupInfoNoElement if self.NoElement else GroupInfo
        for key, members in groups:
            name = ", ".join(to_string(x) for x in key)
            self.write_object(cls(name, key, members))


@cmdlet("Compare-Object", aliases=("compare",))
class CompareObject(Cmdlet):
    """Compares two sets of objects. (No `diff` alias on Linux.)"""

    ReferenceObject = Parameter([object], position=0, mandatory=True, allow_null=True)
    DifferenceObject = Parameter([object], position=1, mandatory=True, pipeline=True, allow_null=True)
    SyncWindow = Parameter(int)
    Property = Parameter([object])
    ExcludeDifferent = Parameter(Switch)
    IncludeEqual = Parameter(Switch)
    PassThru = Parameter(Switch)
    CaseSensitive = Parameter(Switch)

    def begin(self) -> None:
        self._difference: list[Any] = []

    def process(self) -> None:
        value = self.DifferenceObject
        if value is not None:
            self._difference.extend(value if isinstance(value, list) else [value])

    def _key(self, obj: Any) -> list[Any]:
        getters = [g for g, _ in _key_getters(self.Property)]
        return [g(obj) for g in getters] if getters else [obj]

    def _same(self, a: Any, b: Any) -> bool:
        cs = bool(self.CaseSensitive)
        return all(equals(x, y, cs) or (x is not None and compare_values(x, y, cs) == 0 and isinstance(x, str))
                   for x, y in zip(self._key(a), self._key(b)))

    def _emit(self, obj: Any, side: str) -> None:
        if self.PassThru:
            from pwshim.runtime.objects import NoteProperties

            NoteProperties.attach(obj, "SideIndicator", side)
            self.write_object(obj)
            return
        result = PSObject()
        if self.Property:
            for name, value in zip([to_string(p) for p in self.Property], self._key(obj)):
                result.set(name, value)
        else:
            result.set("InputObject", obj)
        result.set("SideIndicator", side)
        self.write_object(result)

    def end(self) -> None:
        # pwsh lists equal objects first, then difference-only (=>), then reference-only (<=)
        reference = list(self.ReferenceObject or [])
        remaining = list(self._difference)
        only_reference: list[Any] = []
        for ref in reference:
            match = next((i for i, d in enumerate(remaining) if self._same(ref, d)), None)
            if match is None:
                only_reference.append(ref)
            else:
                remaining.pop(match)
                if self.IncludeEqual:
                    self._emit(ref, "==")
        if not self.ExcludeDifferent:
            for d in remaining:
                self._emit(d, "=>")
            for ref in only_reference:
                self._emit(ref, "<=")


@cmdlet("Tee-Object", default_set="File")
class TeeObject(Cmdlet):
    """Saves command output in a file or variable and also sends it down the pipeline."""

    InputObject = Parameter(object, pipeline=True)
    FilePath = Parameter(str, position=0, mandatory=True, aliases=("Path",), sets=("File",))
    LiteralPath = Parameter(str, mandatory=True, aliases=("PSPath", "LP"), sets=("LiteralFile",))
    Append = Parameter(Switch, sets=("File", "LiteralFile"))
    Variable = Parameter(str, mandatory=True, sets=("Variable",))

    def begin(self) -> None:
        self._items: list[Any] = []

    def process(self) -> None:
        if "InputObject" in self.bound:
            self._items.append(self.InputObject)
            self.write_object(self.InputObject)

    def end(self) -> None:
        if self.Variable:
            value: Any = self._items[0] if len(self._items) == 1 else list(self._items)
            self.session.set_variable(self.Variable, value)
            return
        from pwshim.formatting import format_objects

        path = self.session.resolve_path(self.FilePath or self.LiteralPath)
        text = format_objects(self._items, self.session)
        from pwshim.cmdlets.filesystem_paths import io_errors

        with io_errors(self, "FileOpenFailure", path, Category.OpenError), open(
            path, "a" if self.Append else "w", encoding="utf-8", newline=""
        ) as fh:
            fh.write(text)

