"""The registry of Python-implemented .NET types.

Adding a type is one decorator:

    @dotnet_type("System.Security.SecureString", accelerators=("securestring",))
    class SecureString: ...

Conventions every bridged class follows (the interpreter relies on them):
- .NET members are the class's public attributes whose name starts with an upper-case letter:
  properties are Python properties, methods are methods, static members are staticmethods /
  classmethods or plain class attributes (enum values). Lookup is case-insensitive.
- The .NET constructor is `__init__(*args)`; overloads are chosen inside by count and type.
  `[T]::new(a, b)` and `New-Object T -ArgumentList a, b` both call `T(a, b)`.
- Failures raise a `DotNetException` subclass with .NET's message (runtime/errors.py); the
  interpreter wraps method failures as pwsh does ("Exception calling "Add" with "1" argument(s): ...").
- Optional display hints for formatting.py: `PS_DEFAULT_PROPERTIES` (tuple of names) and
  `PS_TABLE_WIDTHS` (dict name -> width), `PS_TO_STRING` (what "$x" shows, else ToString()).
- Enums are `enum.IntFlag`/`enum.IntEnum` subclasses registered the same way; a string converts
  to an enum by case-insensitive member name (comma lists combine flags).
"""

from __future__ import annotations

import contextvars
import enum
import importlib
from typing import Any, Callable, TypeVar

T = TypeVar("T")

_BY_NAME: dict[str, type] = {}
_NAME_OF: dict[type, str] = {}
# Modules that register types when imported; imported lazily on the first lookup so start-up
# stays cheap. Each module decorates its classes with @dotnet_type.
_PROVIDERS: list[str] = [
    "pwshim.dotnet.primitives",
    "pwshim.dotnet.datetimes",
    "pwshim.dotnet.regex",
    "pwshim.dotnet.environment",
    "pwshim.dotnet.securestring",
    "pwshim.dotnet.x509",
    "pwshim.dotnet.reference",
]
_loaded = False


def dotnet_type(full_name: str, *, accelerators: tuple[str, ...] = ()) -> Callable[[type[T]], type[T]]:
    """Class decorator: register `cls` under its .NET full name and its accelerators."""

    def register(cls: type[T]) -> type[T]:
        _BY_NAME[full_name.lower()] = cls
        for acc in accelerators:
            _BY_NAME[acc.lower()] = cls
        _NAME_OF[cls] = full_name
        cls.__dotnet_name__ = full_name  # type: ignore[attr-defined]
        return cls

    return register


def register_python_type(py_type: type, full_name: str, *accelerators: str) -> None:
    """Map a Python builtin (str, int, dict, ...) to its .NET name without decorating it."""
    _BY_NAME[full_name.lower()] = py_type
    for acc in accelerators:
        _BY_NAME[acc.lower()] = py_type
    _NAME_OF.setdefault(py_type, full_name)


def register_script_type(full_name: str, cls: type) -> None:
    """A class or enum defined by a script (`class Person {}`): found by its name from now on
    (a later definition of the same name replaces it, as in a pwsh session)."""
    _load()
    _BY_NAME[full_name.lower()] = cls
    _NAME_OF[cls] = full_name
    cls.__dotnet_name__ = full_name  # type: ignore[attr-defined]


def add_provider(module: str) -> None:
    """Declare a module that registers types (imported on first type lookup)."""
    if module not in _PROVIDERS:
        _PROVIDERS.append(module)
        if _loaded:
            importlib.import_module(module)


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for mod in list(_PROVIDERS):
        try:
            importlib.import_module(mod)
        except ModuleNotFoundError as exc:  # a provider not written yet
            if exc.name != mod:
                raise
    _register_exceptions()


def _register_exceptions() -> None:
    """Every .NET exception class in runtime/errors.py is a type: `catch [ArgumentException]`,
    `[System.ArgumentException]::new('bad')`."""
    from pwshim.runtime.errors import DotNetException

    stack = [DotNetException]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        name = getattr(cls, "type_name", "")
        if name and name.lower() not in _BY_NAME:
            _BY_NAME[name.lower()] = cls
            _NAME_OF.setdefault(cls, name)


def resolve_type(name: str) -> type | None:
    """Find a type by full name, by `System.`-less name, or by accelerator (case-insensitive)."""
    _load()
    key = name.strip().lower()
    if key in _BY_NAME:
        return _BY_NAME[key]
    if ("system." + key) in _BY_NAME:
        return _BY_NAME["system." + key]
    return None


def registered_names() -> tuple[list[str], list[str]]:
    """(full names of every bridged type, every lookup key incl. accelerators), lower keys."""
    _load()
    return sorted(set(_NAME_OF.values())), sorted(_BY_NAME)


def registered_types() -> list[tuple[type, str]]:
    """(class, .NET full name) of every bridged type."""
    _load()
    return list(_NAME_OF.items())


def type_full_name(obj_or_type: Any) -> str:
    """The .NET full name of a value's type (or of a type): "System.Int32" for 5, as GetType()."""
    cls = obj_or_type if isinstance(obj_or_type, type) else type(obj_or_type)
    own = cls.__dict__.get("__dotnet_name__")
    if own:  # a registered class answers without loading every provider (cold start)
        return own
    _load()
    from pwshim.runtime.types import builtin_type_name

    builtin = builtin_type_name(cls)  # exact classes only: an IntEnum is not an Int32
    if builtin is not None:
        return builtin
    for klass in cls.__mro__:
        if klass in _NAME_OF:
            return _NAME_OF[klass]
        name = getattr(klass, "__dotnet_name__", None)
        if name:
            return name
    return "System.Object"


class OverloadError(TypeError):
    """Raised by a bridged constructor or method when no .NET overload takes its arguments.

    The interpreter reports it as pwsh's binder does, before anything runs: without `param`,
    `Cannot find an overload for "new" and the argument count: "5".` (MethodCountCouldNotFindBest);
    with it, the argument that converts to no overload's parameter type
    (MethodArgumentConversionInvalidCastArgument)."""

    def __init__(self, param: str = "", value: Any = None, target: str = "", reason: str = "") -> None:
        super().__init__("no overload for these arguments")
        self.param = param
        self.value = value
        self.target = target
        self.reason = reason

    def describe(self, method: str, count: int) -> tuple[str, str]:
        """(message, error id) for a call of `method` with `count` arguments."""
        if not self.param:
            return (f'Cannot find an overload for "{method}" and the argument count: "{count}".',
                    "MethodCountCouldNotFindBest")
        from pwshim.runtime.conversions import to_string

        return (f'Cannot convert argument "{self.param}", with value: "{to_string(self.value)}", for "{method}" '
                f'to type "{self.target}": "{self.reason}"', "MethodArgumentConversionInvalidCastArgument")


def is_no_overload(exc: BaseException) -> bool:
    """A constructor's "no overload for this count" failure, however the type raised it."""
    if isinstance(exc, OverloadError):
        return not exc.param
    return str(exc).startswith("Cannot find an overload for ")


# The session whose script is calling into .NET: [Environment] reads its environment block
# ($env:X), as pwsh's process environment is what both see.
CURRENT_SESSION: contextvars.ContextVar[Any] = contextvars.ContextVar("pwshim_session", default=None)


def session_environ() -> Any:
    """The calling session's environment (os.environ outside a session)."""
    import os

    session = CURRENT_SESSION.get()
    environ = getattr(session, "environ", None)
    return os.environ if environ is None else environ


class static_property:  # noqa: N801 - reads like `property`
    """A static .NET property computed on each read (`[Environment]::UserName`): its value is
    what `[T]::Name` gives; instances do not list it as one of their properties."""

    def __init__(self, fget: Callable[[], Any]) -> None:
        self.fget = fget
        self.__doc__ = fget.__doc__

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        return self.fget()


def is_enum_type(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, enum.Enum)


def enum_from_string(cls: type[enum.Enum], text: str) -> enum.Enum:
    """'My' -> StoreName.My; 'ReadWrite, OpenExistingOnly' -> combined flags (case-insensitive)."""
    parts = [p.strip() for p in str(text).split(",")] if issubclass(cls, enum.Flag) else [str(text).strip()]
    result: Any = None
    for part in parts:
        match = None
        for member_name, member in cls.__members__.items():
            if member_name.lower() == part.lower():
                match = member
                break
        if match is None:
            if part.lstrip("-").isdigit():
                match = cls(int(part))
            else:
                names = ", ".join(cls.__members__)  # .NET lists them bare, in declaration order
                from pwshim.runtime.errors import InvalidCastException

                raise InvalidCastException(
                    f'Cannot convert value "{text}" to type "{type_full_name(cls)}". Error: '
                    f'"Unable to match the identifier name {part} to a valid enumerator name. '
                    f'Specify one of the following enumerator names and try again:\n{names}"'
                )
        result = match if result is None else result | match
    return result


def find_member(obj_or_cls: Any, name: str) -> str | None:
    """The real attribute name of a .NET member, matched case-insensitively, or None."""
    cls = obj_or_cls if isinstance(obj_or_cls, type) else type(obj_or_cls)
    cache = _member_cache(cls)
    found = cache.get(name.lower())
    if found is None and not isinstance(obj_or_cls, type):
        # PascalCase attributes set on the instance (self.Name = ...) are .NET members too.
        inst = getattr(obj_or_cls, "__dict__", None)
        if inst:
            key = name.lower()
            for attr in inst:
                if attr[:1].isupper() and attr.lower() == key:
                    return attr
    return found


_MEMBER_CACHE: dict[type, dict[str, str]] = {}


def _member_cache(cls: type) -> dict[str, str]:
    cached = _MEMBER_CACHE.get(cls)
    if cached is None:
        cached = {}
        for klass in reversed(cls.__mro__):
            for attr in vars(klass):
                if attr[:1].isupper():
                    cached[attr.lower()] = attr
            for attr in vars(klass).get("__ps_members__", ()):  # a script class's own members
                cached[attr.lower()] = attr
        if issubclass(cls, enum.Enum):
            for member_name in cls.__members__:
                cached[member_name.lower()] = member_name
        _MEMBER_CACHE[cls] = cached
    return cached


def member_names(cls: type) -> list[str]:
    """Every .NET member name of a bridged class, in declaration order."""
    return list(_member_cache(cls).values())
