"""Members offered after `.` for a value (pwsh's member completion), computed from the runtime:

- members Get-Member lists (bridged .NET classes, PSCustomObject note properties, strings...);
- for plain Python values the interpreter bridges itself (DateTime, TimeSpan, arrays,
  hashtables: runtime.builtins_members), the .NET members of that type that the runtime resolves
  on this value (a name is offered only when `$value.Name` / `$value.Name(...)` would work);
- a hashtable's keys (they read as properties), before its members.

Methods are inserted with `(`, or `()` when they take no argument (Get-Member's definition, or
the signature of the callable the runtime would run), as pwsh does.
"""

from __future__ import annotations

import datetime as _dt
import inspect
from collections.abc import Mapping
from typing import Any

# .NET members of the types builtins_members bridges (pwsh's spelling). Only those the runtime
# resolves on the value are offered.
_DATETIME_PROPERTIES = ("Date", "Day", "DayOfWeek", "DayOfYear", "Hour", "Kind", "Millisecond", "Minute",
                        "Month", "Second", "Ticks", "TimeOfDay", "Year")
_DATETIME_METHODS = ("Add", "AddDays", "AddHours", "AddMilliseconds", "AddMinutes", "AddMonths", "AddSeconds",
                     "AddTicks", "AddYears", "CompareTo", "Equals", "GetHashCode", "GetType", "Subtract",
                     "ToFileTime", "ToFileTimeUtc", "ToLocalTime", "ToLongDateString", "ToLongTimeString",
                     "ToShortDateString", "ToShortTimeString", "ToString", "ToUniversalTime")
_TIMESPAN_PROPERTIES = ("Days", "Hours", "Milliseconds", "Minutes", "Seconds", "Ticks", "TotalDays",
                        "TotalHours", "TotalMilliseconds", "TotalMinutes", "TotalSeconds")
_TIMESPAN_METHODS = ("Add", "CompareTo", "Duration", "Equals", "GetHashCode", "GetType", "Negate", "Subtract",
                     "ToString")
_ARRAY_PROPERTIES = ("Count", "IsFixedSize", "IsReadOnly", "IsSynchronized", "Length", "LongLength", "Rank")
_ARRAY_METHODS = ("Clone", "CopyTo", "Equals", "Get", "GetEnumerator", "GetHashCode", "GetLength", "GetType",
                  "GetValue", "Set", "SetValue", "ToString")
_ARRAY_INTRINSIC = ("ForEach", "Where")  # pwsh's magic methods of collections
_HASHTABLE_PROPERTIES = ("Count", "IsFixedSize", "IsReadOnly", "IsSynchronized", "Keys", "SyncRoot", "Values")
_HASHTABLE_METHODS = ("Add", "Clear", "Clone", "Contains", "ContainsKey", "ContainsValue", "CopyTo", "Equals",
                      "GetEnumerator", "GetHashCode", "GetType", "Remove", "ToString")


def _bridged(value: Any) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(properties, methods, intrinsic methods) to probe for a value the runtime bridges."""
    if isinstance(value, _dt.datetime):
        return _DATETIME_PROPERTIES, _DATETIME_METHODS, ()
    if isinstance(value, _dt.timedelta):
        return _TIMESPAN_PROPERTIES, _TIMESPAN_METHODS, ()
    if isinstance(value, list | tuple):
        return _ARRAY_PROPERTIES, _ARRAY_METHODS, _ARRAY_INTRINSIC
    if isinstance(value, Mapping):
        return _HASHTABLE_PROPERTIES, _HASHTABLE_METHODS, ()
    return (), (), ()


def _resolves_property(value: Any, name: str) -> bool:
    from pwshim.runtime import builtins_members
    from pwshim.runtime.dotnet import find_member

    try:
        if find_member(value, name) is not None:
            return True
        return builtins_members.get(value, name)[0]
    except Exception:  # noqa: BLE001 - a property that fails to read is not offered
        return False


def _method(value: Any, name: str) -> Any:
    """The callable `$value.Name(...)` would run, or None."""
    from pwshim.runtime import builtins_members
    from pwshim.runtime.dotnet import find_member

    try:
        attr = find_member(value, name)
        fn = getattr(value, attr, None) if attr is not None else None
        return fn if callable(fn) else builtins_members.method(value, name)
    except Exception:  # noqa: BLE001
        return None


def _takes_no_argument(fn: Any) -> bool:
    try:
        return not inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def member_entries(value: Any) -> list[tuple[str, str, bool]]:
    """(name, member type, takes no argument) for every member offered on `value`, keys first."""
    from pwshim.cmdlets.utility_members import members

    out: dict[str, tuple[str, str, bool]] = {}
    if isinstance(value, Mapping):
        for key in value.keys():
            if isinstance(key, str) and key.lower() not in out:
                out[key.lower()] = (key, "Key", False)
    try:
        listed = members(value)
    except Exception:  # noqa: BLE001 - completion never fails on an odd value
        listed = []
    plain = type(value).__module__ in ("builtins", "datetime")
    for member in listed:
        is_method = "Method" in member.MemberType
        if plain and member.MemberType in ("Method", "Property") and not (
                _method(value, member.Name) if is_method else _resolves_property(value, member.Name)):
            continue  # a plain Python value: offered only when the interpreter resolves it
        no_args = is_method and member.Definition.endswith("()")
        out.setdefault(member.Name.lower(), (member.Name, member.MemberType, no_args))
    properties, methods, intrinsic = _bridged(value)
    for name in properties:
        if name.lower() not in out and _resolves_property(value, name):
            out[name.lower()] = (name, "Property", False)
    for name in methods:
        fn = None if name.lower() in out else _method(value, name)
        if fn is not None:
            out[name.lower()] = (name, "Method", _takes_no_argument(fn))
    for name in intrinsic:
        out.setdefault(name.lower(), (name, "Method", False))
    return list(out.values())


# --- a variable assigned earlier on the line being typed (`$d = Get-Date; $d.Add<Tab>`) -------
# pwsh infers the type of such a variable from its assignment; pwshim computes the value when
# the right-hand side cannot do anything but produce it: constants, strings without variables,
# array and hashtable literals of those, and a bare Get-Date.
_SAFE_NODES = {"PipelineAst", "CommandExpressionAst", "ArrayExpressionAst", "StatementBlockAst",
               "ArrayLiteralAst", "ConstantExpressionAst", "StringConstantExpressionAst", "HashtableAst",
               "ParenExpressionAst", "UnaryExpressionAst"}
_PURE_COMMANDS = {"get-date"}


def _children(node: Any) -> list[Any]:
    import dataclasses

    from pwshim.nodes import Ast

    out: list[Any] = []
    if not dataclasses.is_dataclass(node):
        return out
    for f in dataclasses.fields(node):
        if f.name == "span":
            continue
        stack = [getattr(node, f.name, None)]
        while stack:
            item = stack.pop()
            if isinstance(item, Ast):
                out.append(item)
            elif isinstance(item, list | tuple):
                stack.extend(item)
    return out


def _walk(node: Any) -> list[Any]:
    found, stack = [], [node]
    while stack:
        item = stack.pop()
        found.append(item)
        stack.extend(reversed(_children(item)))
    return found


def _is_pure(node: Any) -> bool:
    for item in _walk(node):
        name = type(item).__name__
        if name == "CommandAst":
            elements = list(getattr(item, "elements", ()) or ())
            first = elements[0] if elements else None
            if len(elements) != 1 or str(getattr(first, "value", "")).lower() not in _PURE_COMMANDS:
                return False
        elif name not in _SAFE_NODES:
            return False
    return True


def assigned_value(text: str, variable: str) -> tuple[bool, Any]:
    """(found, value) of the last `$variable = ...` in `text` whose right-hand side is pure."""
    from pwshim.parser import parse

    try:
        ast = parse(text)
    except Exception:  # noqa: BLE001 - an incomplete line just has nothing to infer
        return False, None
    last = None
    for node in _walk(ast):
        left = getattr(node, "left", None)
        if (type(node).__name__ == "AssignmentStatementAst" and node.operator == "="
                and type(left).__name__ == "VariableExpressionAst"
                and str(left.name).lower() == variable.lower()):
            last = node
    if last is None or not _is_pure(last.right):
        return False, None
    from pwshim.interpreter import Interpreter
    from pwshim.runtime.host import BufferHost
    from pwshim.runtime.session import Session

    out: list[Any] = []
    try:
        Interpreter(Session(host=BufferHost(noninteractive=True))).exec_statement(last.right, out.append)
    except Exception:  # noqa: BLE001
        return False, None
    if not out:
        return True, None
    return True, out[0] if len(out) == 1 else out
