"""Python views of PowerShell objects: snake_case attribute access over PowerShell members.

`py_object(obj)` wraps a cmdlet result so that `tok.expires_on`, `tok.ExpiresOn` and
`ctx.account.id` all read the PowerShell member (case-insensitive, as PowerShell reads them,
with `_` ignored so snake_case finds PascalCase). Plain values (str, int, float, bool, None,
bytes, enums) are returned as they are; datetimes and timedeltas become `PSDateTime`/`PSTimeSpan`
(still datetime/timedelta, also answering `.Year`, `.add_days(1)`, `.total_seconds`); lists become `PSList`, a list that also
does PowerShell's member enumeration (`$vms.Name` -> `vms.name`), strings `PSStr`, a str that
also answers PowerShell's string members (`name.length`, `name.to_upper()`).

`unwrap(value)` gives back the original object (recursively through lists, tuples and dict
values), so objects returned by one API call keep their identity when passed to another.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import enum
from collections.abc import Callable
from typing import Any

from pwshim.runtime.dotnet import find_member
from pwshim.runtime.objects import get_property, property_names, set_property

# PowerShell reads a missing member as $null (non-strict mode). Translated scripts switch this
# on (pwshim.translate.rt); Python callers of pwshim.api get AttributeError, which finds typos.
LENIENT = False
# How methods are called: None calls the Python method directly; translated scripts install the
# interpreter's method invocation (pwsh's argument conversion and MethodInvocationException).
METHOD_CALLER: Callable[[Any, str, tuple[Any, ...]], Any] | None = None

# System.Object's methods, which the interpreter provides for every value.
_OBJECT_METHODS = frozenset({"gettype", "tostring", "equals", "gethashcode"})

_PLAIN = (int, float, bool, bytes, bytearray, decimal.Decimal, enum.Enum, type(None))


def _snake(name: str) -> str:
    from pwshim.runtime.cmdlet import snake

    return snake(name)


def _lookup(obj: Any, name: str) -> tuple[bool, Any]:
    found, value, _ = _find(obj, name)
    return found, value


def _method(obj: Any, name: str, value: Any) -> Callable[..., Any]:
    """A method of `obj` as a Python callable (arguments unwrapped, result wrapped)."""
    caller = METHOD_CALLER
    if caller is None:
        return _wrap_callable(value)

    def call(*args: Any) -> Any:
        return caller(obj, name, args)

    call.__name__ = name
    call.__doc__ = getattr(value, "__doc__", None)
    return call


def _find(obj: Any, name: str) -> tuple[bool, Any, str]:
    """Read member `name` of `obj` (a property value, or a bound method), PowerShell-style.

    Tried in order: the name as written, then with underscores removed (snake_case finds
    PascalCase because PowerShell member lookup ignores case)."""
    candidates = [name]
    squashed = name.replace("_", "")
    if squashed and squashed != name:
        candidates.append(squashed)
    for candidate in candidates:
        try:
            return True, get_property(obj, candidate), candidate
        except KeyError:
            pass
        attr = find_member(obj, candidate)
        if attr is not None:
            return True, getattr(obj, attr), attr
        from pwshim.runtime import builtins_members

        method = builtins_members.method(obj, candidate)
        if method is not None:
            return True, method, candidate
    if not name.startswith("_") and not isinstance(obj, dict) and hasattr(obj, name):
        return True, getattr(obj, name), name  # a plain Python attribute (ErrorRecord.message, ...)
    return False, None, name


def _wrap_callable(fn: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        result = fn(*unwrap(list(args)), **{k: unwrap(v) for k, v in kwargs.items()})
        return py_object(result)

    call.__name__ = getattr(fn, "__name__", "method")
    call.__doc__ = getattr(fn, "__doc__", None)
    return call


class PSProxy:
    """A PowerShell object seen from Python (see module docstring)."""

    __slots__ = ("_ps_obj",)

    def __init__(self, obj: Any) -> None:
        object.__setattr__(self, "_ps_obj", obj)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        obj = object.__getattribute__(self, "_ps_obj")
        found, value, member = _find(obj, name)
        if not found:
            squashed = name.replace("_", "")
            if METHOD_CALLER is not None and squashed.lower() in _OBJECT_METHODS:
                return _method(obj, squashed, None)  # what every .NET object has (GetType...)
            if LENIENT:
                return None
            raise AttributeError(f"'{_type_name(obj)}' object has no member '{name}'")
        if callable(value) and not isinstance(value, type | PSProxy):
            return _method(obj, member, value)
        return py_object(value)

    def __setattr__(self, name: str, value: Any) -> None:
        obj = object.__getattribute__(self, "_ps_obj")
        value = unwrap(value)
        for candidate in (name, name.replace("_", "")):
            try:
                set_property(obj, candidate, value)
                return
            except KeyError:
                continue
        raise AttributeError(f"'{_type_name(obj)}' object has no settable member '{name}'")

    def __dir__(self) -> list[str]:
        obj = object.__getattribute__(self, "_ps_obj")
        names = property_names(obj)
        return sorted({*names, *(_snake(n) for n in names)})

    # Containers (hashtables, collections) keep their container behaviour.
    def __getitem__(self, key: Any) -> Any:
        return py_object(object.__getattribute__(self, "_ps_obj")[unwrap(key)])

    def __setitem__(self, key: Any, value: Any) -> None:
        object.__getattribute__(self, "_ps_obj")[unwrap(key)] = unwrap(value)

    def __iter__(self) -> Any:
        return (py_object(v) for v in object.__getattribute__(self, "_ps_obj"))

    def __len__(self) -> int:
        return len(object.__getattribute__(self, "_ps_obj"))

    def __contains__(self, item: Any) -> bool:
        return unwrap(item) in object.__getattribute__(self, "_ps_obj")

    def __bool__(self) -> bool:
        # An object is $true in PowerShell whatever its contents (a hashtable is not enumerated).
        return True

    def __eq__(self, other: object) -> bool:
        return object.__getattribute__(self, "_ps_obj") == unwrap(other)

    def __hash__(self) -> int:
        return hash(object.__getattribute__(self, "_ps_obj"))

    def __str__(self) -> str:
        from pwshim.runtime.conversions import to_string

        return to_string(object.__getattribute__(self, "_ps_obj"))

    def __repr__(self) -> str:
        return f"py_object({object.__getattribute__(self, '_ps_obj')!r})"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        obj = object.__getattribute__(self, "_ps_obj")
        if not callable(obj):
            raise TypeError(f"'{_type_name(obj)}' object is not callable")
        return _wrap_callable(obj)(*args, **kwargs)


class PSList(list):
    """A list that also does PowerShell member enumeration: `items.name` is each item's Name
    (items without the member are skipped, as pwsh does)."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        values = []
        for item in self:
            found, value = _lookup(unwrap(item), name)
            if not found:
                continue
            if isinstance(value, list | tuple):
                values.extend(value)
            else:
                values.append(value)
        if len(values) == 1:
            return py_object(values[0])
        return py_object(values)


class PSStr(str):
    """A string that also answers PowerShell's string members (`s.length`, `s.to_upper()`,
    `s.Split(",")`), as values read from PowerShell objects do in a script."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        found, value, member = _find(str(self), name)
        if not found:
            raise AttributeError(f"'System.String' object has no member '{name}'")
        if callable(value):
            return _method(str(self), member, value)
        return py_object(value)


class _PSMembers:
    """PowerShell's members on a Python value type: `d.Year`, `d.add_days(1)`, `t.total_seconds`
    (Python's own attributes, e.g. `d.year`, are found first)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        plain = unwrap(self)
        found, value, member = _find(plain, name)
        if not found:
            raise AttributeError(f"'{_type_name(plain)}' object has no member '{name}'")
        if callable(value):
            return _method(plain, member, value)
        return py_object(value)


class PSDateTime(_PSMembers, _dt.datetime):
    """A datetime that also answers System.DateTime's members (see _PSMembers)."""

    __slots__ = ()


class PSTimeSpan(_PSMembers, _dt.timedelta):
    """A timedelta that also answers System.TimeSpan's members (see _PSMembers)."""

    __slots__ = ()


def _type_name(obj: Any) -> str:
    from pwshim.runtime.dotnet import type_full_name

    return type_full_name(obj)


def py_object(obj: Any) -> Any:
    """Wrap a PowerShell value for Python use (idempotent; plain values pass through)."""
    if isinstance(obj, (PSProxy, PSList, PSStr, PSDateTime, PSTimeSpan, type, *_PLAIN)):
        return obj
    if isinstance(obj, str):
        return PSStr(obj)
    if isinstance(obj, _dt.datetime):
        return PSDateTime(obj.year, obj.month, obj.day, obj.hour, obj.minute, obj.second, obj.microsecond,
                          obj.tzinfo, fold=obj.fold)
    if isinstance(obj, _dt.timedelta):
        return PSTimeSpan(obj.days, obj.seconds, obj.microseconds)
    if isinstance(obj, list | tuple):
        return PSList(py_object(v) for v in obj)
    return PSProxy(obj)


def unwrap(value: Any) -> Any:
    """The PowerShell object behind a proxy; lists/tuples/dicts are unwrapped element-wise."""
    if isinstance(value, PSProxy):
        return object.__getattribute__(value, "_ps_obj")
    if isinstance(value, PSStr):
        return str(value)
    if isinstance(value, PSDateTime):
        return _dt.datetime(value.year, value.month, value.day, value.hour, value.minute, value.second,
                            value.microsecond, value.tzinfo, fold=value.fold)
    if isinstance(value, PSTimeSpan):
        return _dt.timedelta(value.days, value.seconds, value.microseconds)
    if isinstance(value, PSList):
        return [unwrap(v) for v in value]
    if isinstance(value, list):
        return [unwrap(v) for v in value] if any(isinstance(v, PSProxy | PSList | PSStr) for v in value) else value
    if isinstance(value, tuple):
        return tuple(unwrap(v) for v in value)
    if type(value) is dict:
        return {k: unwrap(v) for k, v in value.items()}
    return value
