"""Runtime support for PowerShell classes translated to Python (re-exported by `rt`).

    class Person(rt.ScriptObject):
        name = rt.field("Name", str)
        age = rt.field("Age", int, 3)
        count = 0  # static

A `field` is a typed property: it holds its initial value (its type's default when it has
none: $null for a string or an object, 0, $false, an enum's 0 member), converted to its type
as PowerShell does on every assignment. `ScriptObject` gives a translated class what the
pwshim runtime needs to treat its instances as the interpreter treats a script class's: the
visible properties (for tables and lists, by their PowerShell names), case-insensitive member
lookup, the type's name, `[Person]@{...}` conversion, and pwsh's "no overload" error.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

_NO_DEFAULT: Any = object()


def _runtime_type(target: Any) -> Any:
    """A RuntimeType for a Python type (str, int, a translated class or enum) or a type name."""
    from pwshim.runtime.dotnet import register_script_type, type_full_name
    from pwshim.runtime.types import RuntimeType, lookup_type

    if isinstance(target, RuntimeType):
        return target
    if isinstance(target, type):
        if issubclass(target, enum.Enum | ScriptObject) and type_full_name(target) == "System.Object":
            register_script_type(target.__name__, target)  # a translated enum: known by its name
        return RuntimeType(target)
    return lookup_type(str(target))


def convert_value(value: Any, target: Any) -> Any:
    """`value` converted to `target` (a Python type or a type name) by the interpreter's rules;
    a failure is PowerShell's error (raised as pwshim.api.PowerShellError)."""
    from pwshim import api
    from pwshim.api_objects import unwrap
    from pwshim.runtime.errors import (
        Category,
        DotNetException,
        ErrorRecord,
        PSError,
        RuntimeException,
    )
    from pwshim.runtime.types import convert_to

    rtype = _runtime_type(target)
    if rtype is None:
        raise api.powershell_error(ErrorRecord(RuntimeException(f"Unable to find type [{target}]."), "TypeNotFound",
                                               Category.InvalidOperation))
    try:
        return convert_to(unwrap(value), rtype)
    except PSError as exc:
        raise api.powershell_error(exc.record) from None
    except DotNetException as exc:
        raise api.powershell_error(ErrorRecord(exc, type(exc).__name__, Category.InvalidArgument)) from None


def initial_value(value: Any, target: Any) -> Any:
    """A property's value when an object is created: `value` (None: no initial value)
    converted to the property's type, an enum's 0 member for None."""
    if target is None:
        return value
    if value is None and isinstance(target, type) and issubclass(target, enum.Enum):
        try:
            return target(0)
        except ValueError:
            return None
    return convert_value(value, target)


class Field:
    """A typed property of a translated class (see `field`)."""

    def __init__(self, ps_name: str, type_: Any = None, default: Any = None, *,
                 factory: Callable[[], Any] | None = None, hidden: bool = False) -> None:
        self.ps_name = ps_name
        self.type = type_
        self.default = default
        self.factory = factory
        self.hidden = hidden
        self.attr = ps_name

    def __set_name__(self, owner: type, attr: str) -> None:
        self.attr = attr

    def initial(self) -> Any:
        return initial_value(self.factory() if self.factory is not None else self.default, self.type)

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        try:
            return obj.__dict__[self.attr]
        except KeyError:
            raise AttributeError(self.attr) from None

    def __set__(self, obj: Any, value: Any) -> None:
        from pwshim.api_objects import unwrap

        obj.__dict__[self.attr] = convert_value(value, self.type) if self.type is not None else unwrap(value)

    def __repr__(self) -> str:
        return f"field({self.ps_name!r})"


def field(ps_name: str, type_: Any = None, default: Any = None, *, factory: Callable[[], Any] | None = None,
          hidden: bool = False) -> Any:
    """A property `[type]$PsName = default` of a translated class (`factory`: an initial value
    computed for each new object; `hidden`: not displayed)."""
    return Field(ps_name, type_, default, factory=factory, hidden=hidden)


def no_overload(method: str, count: int) -> Exception:
    """pwsh's error for a call with an argument count no overload takes (raise what this returns)."""
    from pwshim import api
    from pwshim.runtime.errors import Category, ErrorRecord, RuntimeException

    return api.powershell_error(ErrorRecord(
        RuntimeException(f'Cannot find an overload for "{method}" and the argument count: "{count}".'),
        "MethodCountCouldNotFindBest", Category.InvalidOperation))


class ScriptObject:
    """Base of a translated PowerShell class (pwsh's System.Object)."""

    __ps_properties__: tuple[str, ...] = ()  # displayed properties by PowerShell name, base first
    __ps_members__: tuple[str, ...] = ()  # attribute names, for case-insensitive member lookup
    _ps_fields: tuple[Field, ...] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        from pwshim.runtime.dotnet import register_script_type

        super().__init_subclass__(**kwargs)
        fields: dict[str, Field] = {}
        members: dict[str, None] = {}
        for klass in reversed(cls.__mro__):
            for attr, value in vars(klass).items():
                if attr.startswith("_") or klass is ScriptObject or klass is object:
                    continue
                if isinstance(value, Field):
                    if value.attr == attr:
                        fields[attr] = value
                        members[attr] = None
                elif attr[:1].islower():
                    members[attr] = None
        cls._ps_fields = tuple(fields.values())
        cls.__ps_properties__ = tuple(f.ps_name for f in fields.values() if not f.hidden)
        cls.__ps_members__ = tuple(members)
        for f in fields.values():  # `Name` finds `name`, `CertPath` finds `cert_path`
            if f.ps_name != f.attr and f.ps_name not in vars(cls) and f.ps_name.isidentifier():
                setattr(cls, f.ps_name, f)
        for attr, value in list(vars(cls).items()):  # a call with the wrong count: pwsh's error
            if attr == "__init__" or (attr in members and callable(value) or isinstance(value, staticmethod)):
                checked = _count_checked(value, "new" if attr == "__init__" else _pascal(attr))
                if checked is not value:
                    setattr(cls, attr, checked)
        methods = []
        for attr in list(members):  # methods: `NeedsSecret` finds `needs_secret`
            value = next(vars(k)[attr] for k in cls.__mro__ if attr in vars(k))
            if not (callable(value) or isinstance(value, staticmethod)):
                continue  # a static property: a copy under another name would go stale
            alias = _pascal(attr)
            if "_" in attr and alias.isidentifier() and not hasattr(cls, alias):
                setattr(cls, alias, value)
            methods.append((alias, _definition(alias, value), isinstance(value, staticmethod), False))
        cls.__ps_method_defs__ = tuple(methods)  # for Get-Member, as the interpreter's classes
        cls.__ps_types__ = {f.ps_name: _runtime_type(f.type) if f.type is not None else None for f in fields.values()}
        register_script_type(cls.__name__, cls)

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        obj = super().__new__(cls)
        for f in cls._ps_fields:  # initial values, base class first, before any constructor
            obj.__dict__[f.attr] = f.initial()
        return obj

    def __init__(self, *args: Any) -> None:
        if args:
            raise no_overload("new", len(args))

    def ToString(self) -> str:
        return str(self)

    def __str__(self) -> str:
        from pwshim.runtime.dotnet import type_full_name

        return type_full_name(self)

    @classmethod
    def PS_CONVERT_FROM(cls, value: Any) -> Any:
        """`[Person]@{ Name = 'a' }`: the default constructor, then each key set as a property."""
        from pwshim.runtime.errors import ErrorRecord, PSError
        from pwshim.runtime.objects import Hashtable, set_property

        if not isinstance(value, dict | Hashtable):
            return NotImplemented
        obj = cls()
        for key, item in value.items():
            try:
                set_property(obj, str(key), item)
            except KeyError:
                from pwshim.runtime.errors import Category, RuntimeException

                names = ", ".join(f"[{f.ps_name} <{_type_label(f.type)}>]" for f in cls._ps_fields if not f.hidden)
                raise PSError(ErrorRecord(RuntimeException(
                    f'Cannot create object of type "{cls.__name__}". The {key} property was not found for the '
                    f"{cls.__name__} object. The available property is: {names}."),
                    "ObjectCreationError", Category.InvalidOperation)) from None
        return obj


def _count_checked(value: Any, ps_name: str) -> Any:
    """A method that raises pwsh's "Cannot find an overload" error (not Python's TypeError) when
    called with a number of arguments it does not take."""
    import functools
    import inspect

    static = isinstance(value, staticmethod)
    fn = value.__func__ if static else value
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return value
    if any(p.kind is p.VAR_POSITIONAL for p in sig.parameters.values()):
        return value  # overloads: it checks the count itself

    @functools.wraps(fn)
    def call(*args: Any) -> Any:
        try:
            sig.bind(*args)
        except TypeError:
            raise no_overload(ps_name, len(args) - (0 if static else 1)) from None
        return fn(*args)

    return staticmethod(call) if static else call


def _pascal(attr: str) -> str:
    """A snake_case member's PowerShell name as PowerShell code usually writes it (PascalCase)."""
    return "".join(part[:1].upper() + part[1:] for part in attr.split("_"))


def _definition(name: str, value: Any) -> str:
    """Get-Member's definition of a translated method: `bool NeedsSecret(System.Object a)`."""
    import inspect

    fn = value.__func__ if isinstance(value, staticmethod) else value
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return f"System.Object {name}()"
    params = [p for p in sig.parameters.values() if p.name != "self"]
    returns = {"str": "string", "int": "int", "bool": "bool", "float": "double", "None": "void"}.get(
        getattr(sig.return_annotation, "__name__", str(sig.return_annotation)), "System.Object")
    args = ", ".join(f"System.Object {p.name}" for p in params if p.kind is not p.VAR_POSITIONAL)
    return f"{returns} {name}({args})"


def _type_label(target: Any) -> str:
    if target is None:
        return "System.Object"
    rtype = _runtime_type(target)
    return rtype.FullName if rtype is not None else str(target)
