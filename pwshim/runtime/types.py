"""Type literals and conversion to a type: what `[int]`, `[string[]]`, `[X509Store]` evaluate to.

A `RuntimeType` is the value of a type literal and of `.GetType()`; it wraps a Python class
(builtin or bridged) and an array rank. `convert_to` implements casts and binding coercion.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import enum
from typing import Any

from pwshim.runtime.dotnet import (
    dotnet_type,
    enum_from_string,
    is_enum_type,
    resolve_type,
    type_full_name,
)
from pwshim.runtime.errors import DotNetException, InvalidCastException


class _ObjectType:
    """Stands for System.Object in casts ([object]$x)."""


class _ArrayType:
    """Stands for System.Array ([array]$x)."""


class _SwitchType:
    """Stands for System.Management.Automation.SwitchParameter."""


@dotnet_type("System.Type", accelerators=("type",))
class RuntimeType:
    """The value of `[T]` and of `$x.GetType()`."""

    __slots__ = ("cls", "is_array", "element")

    def __init__(self, cls: Any, is_array: bool = False, element: "RuntimeType | None" = None) -> None:
        self.cls = cls
        self.is_array = is_array
        self.element = element

    @classmethod
    def of(cls, value: Any) -> "RuntimeType":
        if isinstance(value, list | tuple) and not hasattr(type(value), "__dotnet_name__"):
            return cls(_ObjectType, True, cls(_ObjectType))
        if isinstance(value, bytes | bytearray):
            return cls(int, True, cls(_Byte))
        return cls(type(value))

    @property
    def FullName(self) -> str:  # noqa: N802
        if self.is_array:
            return (self.element.FullName if self.element else "System.Object") + "[]"
        return full_name_of_class(self.cls)

    @property
    def Name(self) -> str:  # noqa: N802
        return self.FullName.rsplit(".", 1)[-1]

    @property
    def Namespace(self) -> str:  # noqa: N802
        return self.FullName.rsplit(".", 1)[0] if "." in self.FullName else ""

    @property
    def IsArray(self) -> bool:  # noqa: N802
        return self.is_array

    @property
    def IsEnum(self) -> bool:  # noqa: N802
        return not self.is_array and is_enum_type(self.cls)

    @property
    def BaseType(self) -> "RuntimeType | None":  # noqa: N802
        if self.is_array:
            return RuntimeType(_ArrayType)
        if self.IsEnum:
            return RuntimeType(enum.Enum)
        return RuntimeType(_ObjectType) if self.cls is not _ObjectType else None

    def GetEnumNames(self) -> list[str]:  # noqa: N802
        return list(self.cls.__members__) if self.IsEnum else []

    def GetEnumValues(self) -> list[Any]:  # noqa: N802
        return list(self.cls) if self.IsEnum else []

    def ToString(self) -> str:  # noqa: N802
        return self.FullName

    def __str__(self) -> str:
        return self.FullName

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RuntimeType) and self.FullName == other.FullName

    def __hash__(self) -> int:
        return hash(self.FullName)

    PS_DEFAULT_PROPERTIES = ("IsPublic", "IsSerial", "Name", "BaseType")

    @property
    def IsPublic(self) -> bool:  # noqa: N802
        return True

    @property
    def IsSerial(self) -> bool:  # noqa: N802
        return True


class GenericList(list):
    """System.Collections.Generic.List[T]: a list whose Add returns nothing (ArrayList's
    returns the index)."""

    def Add(self, item: Any) -> None:  # noqa: N802
        self.append(item)


class _Byte(int):
    """System.Byte marker (byte[] elements)."""


class _Char(str):
    """System.Char marker."""


class _Int64(int):
    """System.Int64 marker ([long])."""


class _Decimal(decimal.Decimal):
    pass


_BUILTIN_NAMES: dict[Any, str] = {
    str: "System.String",
    int: "System.Int32",
    _Int64: "System.Int64",
    _Byte: "System.Byte",
    _Char: "System.Char",
    float: "System.Double",
    bool: "System.Boolean",
    decimal.Decimal: "System.Decimal",
    _Decimal: "System.Decimal",
    list: "System.Object[]",
    tuple: "System.Object[]",
    GenericList: "System.Collections.Generic.List`1",
    bytes: "System.Byte[]",
    bytearray: "System.Byte[]",
    dict: "System.Collections.Hashtable",
    type(None): "System.Object",
    _ObjectType: "System.Object",
    _ArrayType: "System.Array",
    _SwitchType: "System.Management.Automation.SwitchParameter",
    _dt.datetime: "System.DateTime",
    _dt.timedelta: "System.TimeSpan",
    enum.Enum: "System.Enum",
}

ACCELERATORS: dict[str, Any] = {
    "string": str,
    "int": int,
    "int32": int,
    "system.int32": int,
    "long": _Int64,
    "int64": _Int64,
    "system.int64": _Int64,
    "byte": _Byte,
    "system.byte": _Byte,
    "char": _Char,
    "system.char": _Char,
    "double": float,
    "float": float,
    "single": float,
    "system.double": float,
    "bool": bool,
    "boolean": bool,
    "system.boolean": bool,
    "decimal": decimal.Decimal,
    "system.decimal": decimal.Decimal,
    "object": _ObjectType,
    "system.object": _ObjectType,
    "psobject": _ObjectType,
    "system.management.automation.psobject": _ObjectType,
    "array": _ArrayType,
    "system.array": _ArrayType,
    "switch": _SwitchType,
    "system.management.automation.switchparameter": _SwitchType,
    "datetime": _dt.datetime,
    "system.datetime": _dt.datetime,
    "timespan": _dt.timedelta,
    "system.timespan": _dt.timedelta,
    "system.string": str,
    "system.collections.arraylist": list,
    "collections.arraylist": list,
    "void": type(None),
    "system.void": type(None),
    "enum": enum.Enum,
    "system.enum": enum.Enum,
}


def builtin_type_name(cls: Any) -> str | None:
    """The .NET name of a Python builtin standing for a .NET type (exact class), else None."""
    name = _BUILTIN_NAMES.get(cls)
    return None if name == "System.Object" else name


def collection_items(value: Any) -> list[Any] | None:
    """The elements of a value pwsh enumerates as a collection (object[], byte[] as System.Byte
    values, bridged collections), or None for a scalar."""
    if isinstance(value, bytes | bytearray):
        return [_Byte(b) for b in value]
    if isinstance(value, list | tuple):
        return list(value)
    return None


def full_name_of_class(cls: Any) -> str:
    if cls in _BUILTIN_NAMES:
        return _BUILTIN_NAMES[cls]
    return type_full_name(cls)


def lookup_type(name: str) -> RuntimeType | None:
    """Resolve a type literal's text: 'int', 'string[]', 'System.Security...StoreName',
    'System.Collections.Generic.List[string]'. None when unknown."""
    text = name.strip()
    if text.endswith("[]"):
        inner = lookup_type(text[:-2])
        if inner is None:
            return None
        if inner.cls is _Byte:
            return RuntimeType(bytes, True, inner)
        return RuntimeType(list, True, inner)
    base = text
    generic = ""
    if "[" in text and text.endswith("]"):
        base, generic = text.split("[", 1)
        generic = generic[:-1]
    key = base.lower()
    if key.startswith("system.") and key not in ACCELERATORS and resolve_type(base) is None:
        pass
    if key in ACCELERATORS:
        return RuntimeType(ACCELERATORS[key])
    if generic:
        gkey = key.split("`")[0]
        if gkey in ("system.collections.generic.list", "collections.generic.list", "list"):
            inner = lookup_type(generic)
            if inner is None:
                return None
            return RuntimeType(GenericList, False, inner)
        if gkey in (
            "system.collections.generic.dictionary",
            "collections.generic.dictionary",
            "dictionary",
        ):
            from pwshim.runtime.objects import Hashtable

            return RuntimeType(Hashtable)
    cls = resolve_type(base)
    if cls is None:
        return None
    return RuntimeType(cls)


def is_instance(value: Any, rtype: RuntimeType) -> bool:
    """`$x -is [T]`."""
    cls = rtype.cls
    if rtype.is_array:
        return isinstance(value, list | tuple | bytes | bytearray)
    if cls is _ObjectType:
        return value is not None
    if cls is _ArrayType:
        return isinstance(value, list | tuple)
    if cls is int:
        return isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31
    if cls is _Int64:
        return isinstance(value, int) and not isinstance(value, bool)
    if cls is float:
        return isinstance(value, float)
    if cls is str:
        return isinstance(value, str)
    if cls is bool:
        return isinstance(value, bool)
    if isinstance(cls, type):
        return isinstance(value, cls)
    return False


def convert_to(value: Any, target: Any) -> Any:
    """Convert for casts and binding; `target` is a RuntimeType, a Python class, or [cls]."""
    from pwshim.runtime.conversions import (
        cast_error,
        to_bool,
        to_number,
        to_string,
    )

    if isinstance(target, list | tuple):
        target = RuntimeType(list, True, RuntimeType(target[0]))
    if not isinstance(target, RuntimeType):
        target = RuntimeType(target)
    name = target.FullName
    if target.is_array:
        items = collection_items(value)
        if items is None:
            items = [] if value is None else [value]
        if target.cls is bytes:
            if isinstance(value, bytes | bytearray):
                return bytes(value)
            try:
                return bytes(int(to_number(v)) & 0xFF if False else int(to_number(v)) for v in items)
            except (ValueError, DotNetException) as exc:
                raise cast_error(value, name) from exc
        elem = target.element
        if elem is None or elem.cls is _ObjectType:
            return list(items)
        return [convert_to(v, elem) for v in items]
    cls = target.cls
    if cls is _ObjectType or cls is None:
        return value
    if cls is type(None):
        return None
    if cls is _SwitchType:
        return to_bool(value)
    if isinstance(value, list) and cls not in (str, _ArrayType) and len(value) == 1:
        value = value[0]
    if cls is str:
        if value is None:
            return None  # [string]$null is '' in pwsh, but binding keeps null; callers decide
        return to_string(value)
    if cls is bool:
        return to_bool(value)
    if cls in (int, _Int64, _Byte):
        if value is None:
            return 0
        if isinstance(value, float):
            rounded = round(value)  # banker's rounding, as .NET's Convert.ToInt32
            return rounded
        if isinstance(value, decimal.Decimal):
            return int(value.to_integral_value(rounding=decimal.ROUND_HALF_EVEN))
        try:
            n = to_number(value)
        except InvalidCastException:
            raise cast_error(value, name, f"The input string '{value}' was not in a correct format.") from None
        if isinstance(n, float):
            n = round(n)
        if cls is int and not -(2**31) <= n < 2**31:
            raise cast_error(value, name, "Value was either too large or too small for an Int32.")
        if cls is _Byte and not 0 <= n < 256:
            raise cast_error(value, name, "Value was either too large or too small for an unsigned byte.")
        return int(n)
    if cls is float:
        if value is None:
            return 0.0
        try:
            return float(to_number(value))
        except InvalidCastException:
            raise cast_error(value, name, f"The input string '{value}' was not in a correct format.") from None
    if cls is decimal.Decimal:
        try:
            return decimal.Decimal(str(to_number(value)))
        except (InvalidCastException, decimal.InvalidOperation):
            raise cast_error(value, name) from None
    if cls is _Char:
        s = to_string(value)
        if isinstance(value, int):
            return chr(value)
        if len(s) != 1:
            raise cast_error(value, name, "String must be exactly one character long.")
        return s
    if cls is _ArrayType:
        return value if isinstance(value, list) else [value]
    if cls is _dt.datetime:
        if isinstance(value, _dt.datetime):
            return value
        return parse_datetime(to_string(value), value)
    if cls is enum.Enum:
        return value
    if is_enum_type(cls):
        if isinstance(value, cls):
            return value
        if isinstance(value, enum.Enum):
            value = value.value
        if isinstance(value, int) and not isinstance(value, bool):
            try:
                return cls(value)
            except ValueError:
                raise cast_error(value, name) from None
        if isinstance(value, str):
            return enum_from_string(cls, value)
        raise cast_error(value, name)
    from pwshim.runtime.objects import Hashtable, OrderedHashtable, PSObject

    if cls is PSObject:
        if isinstance(value, dict | Hashtable):
            return PSObject(list(value.items()))
        return value
    if cls in (Hashtable, OrderedHashtable):
        if isinstance(value, Hashtable):
            return value if type(value) is cls or cls is Hashtable else cls(list(value.items()))
        raise cast_error(value, name)
    if isinstance(cls, type) and isinstance(value, cls):
        return value
    if value is None:
        return None
    hook = getattr(cls, "PS_CONVERT_FROM", None)
    if hook is not None:
        result = hook(value)
        if result is not NotImplemented:
            return result
    if isinstance(cls, type):
        # PowerShell tries a constructor taking the value (e.g. [version]'1.2', [uri]'https://...').
        try:
            return cls(value)
        except DotNetException as exc:
            raise cast_error(value, name, str(exc)) from None
        except (TypeError, ValueError):
            pass
    raise cast_error(value, name)


def parse_datetime(text: str, original: Any) -> _dt.datetime:
    from pwshim.runtime.conversions import cast_error

    t = text.strip()
    for fmt in (
        "%Y-%m-%dT%H:%M:%S.%f%z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S.%f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d",
        "%m/%d/%Y %H:%M:%S",
        "%m/%d/%Y",
    ):
        try:
            return _dt.datetime.strptime(t.replace("Z", "+0000"), fmt)
        except ValueError:
            continue
    try:
        return _dt.datetime.fromisoformat(t)
    except ValueError:
        raise cast_error(original, "System.DateTime", f"String '{text}' was not recognized as a valid DateTime.") from None
