"""Get-Member: the members of pipeline objects, grouped by type name as pwsh prints them:

       TypeName: System.Management.Automation.PSCustomObject

    Name        MemberType   Definition
    ----        ----------   ----------
    Equals      Method       bool Equals(System.Object obj)
    ...

Members come from the runtime's object model (bridged .NET classes: runtime.dotnet.member_names;
note properties; PSCustomObject properties) and fixed tables for .NET primitives.
"""

from __future__ import annotations

import datetime as _dt
import enum
import inspect
import types
from typing import Any

from pwshim.cmdlets.utility_compare import like
from pwshim.formatting_values import type_key
from pwshim.runtime.cmdlet import Cmdlet, Parameter, Switch, cmdlet
from pwshim.runtime.conversions import to_string
from pwshim.runtime.dotnet import dotnet_type, member_names, type_full_name
from pwshim.runtime.errors import Category, InvalidOperationException
from pwshim.runtime.objects import NoteProperties, PSObject, is_instance_property

_OBJECT_METHODS = [
    ("Equals", "bool Equals(System.Object obj)"),
    ("GetHashCode", "int GetHashCode()"),
    ("GetType", "type GetType()"),
    ("ToString", "string ToString()"),
]
_STRING_METHODS = [
    ("Clone", "System.Object Clone(), System.Object ICloneable.Clone()"),
    ("CompareTo", "int CompareTo(System.Object value), int CompareTo(string strB)"),
    ("Contains", "bool Contains(string value), bool Contains(char value)"),
    ("EndsWith", "bool EndsWith(string value), bool EndsWith(string value, System.StringComparison comparisonType)"),
    ("Equals", "bool Equals(System.Object obj), bool Equals(string value)"),
    ("GetHashCode", "int GetHashCode()"),
    ("GetType", "type GetType()"),
    ("IndexOf", "int IndexOf(char value), int IndexOf(string value)"),
    ("Insert", "string Insert(int startIndex, string value)"),
    ("LastIndexOf", "int LastIndexOf(char value), int LastIndexOf(string value)"),
    ("PadLeft", "string PadLeft(int totalWidth), string PadLeft(int totalWidth, char paddingChar)"),
    ("PadRight", "string PadRight(int totalWidth), string PadRight(int totalWidth, char paddingChar)"),
    ("Remove", "string Remove(int startIndex, int count), string Remove(int startIndex)"),
    ("Replace", "string Replace(string oldValue, string newValue)"),
    ("Split", "string[] Split(char separator, System.StringSplitOptions options), string[] Split(string separator)"),
    ("StartsWith", "bool StartsWith(string value), bool StartsWith(string value, System.StringComparison comparisonType)"),
    ("Substring", "string Substring(int startIndex), string Substring(int startIndex, int length)"),
    ("ToCharArray", "char[] ToCharArray()"),
    ("ToLower", "string ToLower()"),
    ("ToLowerInvariant", "string ToLowerInvariant()"),
    ("ToString", "string ToString()"),
    ("ToUpper", "string ToUpper()"),
    ("ToUpperInvariant", "string ToUpperInvariant()"),
    ("Trim", "string Trim(), string Trim(char trimChar)"),
    ("TrimEnd", "string TrimEnd(), string TrimEnd(char trimChar)"),
    ("TrimStart", "string TrimStart(), string TrimStart(char trimChar)"),
]
_STANDARD = dict(_OBJECT_METHODS)
_NUMBER_METHODS = [
    ("CompareTo", "int CompareTo(System.Object value)"),
    ("Equals", "bool Equals(System.Object obj)"),
    ("GetHashCode", "int GetHashCode()"),
    ("GetType", "type GetType()"),
    ("GetTypeCode", "System.TypeCode GetTypeCode()"),
    ("ToString", "string ToString(), string ToString(string format)"),
]
_ENUM_METHODS = [
    ("CompareTo", "int CompareTo(System.Object target)"),
    ("Equals", "bool Equals(System.Object obj)"),
    ("GetHashCode", "int GetHashCode()"),
    ("GetType", "type GetType()"),
    ("GetTypeCode", "System.TypeCode GetTypeCode()"),
    ("HasFlag", "bool HasFlag(System.Enum flag)"),
    ("ToString", "string ToString(), string ToString(string format), string ToString(System.IFormatProvider provider), "
                 "string ToString(string format, System.IFormatProvider provider)"),
]
_SHORT = {
    "str": "string", "int": "int", "bool": "bool", "float": "double", "bytes": "byte[]", "None": "void",
    "Any": "System.Object", "object": "System.Object", "datetime": "datetime", "_dt.datetime": "datetime",
}

# .NET full names Get-Member writes with their C# keyword
_KEYWORDS = {"System.String": "string", "System.Int32": "int", "System.Int64": "long", "System.Boolean": "bool",
             "System.Double": "double", "System.Decimal": "decimal", "System.Byte": "byte", "System.Char": "char",
             "System.Object[]": "System.Object[]", "System.Collections.Hashtable": "hashtable",
             "System.DateTime": "datetime", "System.TimeSpan": "timespan",
             # types with a built-in accelerator show by it (TypeAccelerators.FindBuiltinAccelerator)
             "System.Security.SecureString": "securestring",
             "System.Management.Automation.PSCredential": "pscredential",
             "System.Text.RegularExpressions.Regex": "regex", "System.Guid": "guid", "System.Version": "version",
             "System.Uri": "uri"}


def _short_type_name(full: str) -> str:
    return _KEYWORDS.get(full, full)


@dotnet_type("Microsoft.PowerShell.Commands.MemberDefinition")
class MemberDefinition:
    """One Get-Member row; view: autosized Name/MemberType/Definition grouped by TypeName."""

    PS_TABLE_COLUMNS = (
        ("Name", "Name", None, "left"),
        ("MemberType", "MemberType", None, "left"),
        ("Definition", "Definition", None, "left"),
    )
    PS_GROUP_HEADER = staticmethod(lambda o: f"   TypeName: {o.TypeName}")
    TypeName = ""
    Name = ""
    MemberType = ""
    Definition = ""

    def __init__(self, type_name: str, name: str, member_type: str, definition: str) -> None:
        self.TypeName = type_name
        self.Name = name
        self.MemberType = member_type
        self.Definition = definition

    def ToString(self) -> str:
        return self.Definition


def _short_type(value: Any) -> str:
    if value is None:
        return "object"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list | tuple):
        return "Object[]"
    if isinstance(value, _dt.datetime):
        return "datetime"
    name = type_full_name(value)
    return {"System.Collections.Hashtable": "hashtable"}.get(name, name)


def _annotation(text: Any) -> str:
    if text is inspect.Signature.empty or text is None:
        return "System.Object"
    t = str(text).replace("'", "").strip()
    t = t.split("|")[0].strip()
    if t.startswith(("list[", "tuple[")) or t in ("list", "tuple"):
        inner = t[t.find("[") + 1 : -1] if "[" in t else "System.Object"
        return _SHORT.get(inner, inner).split(",")[0] + "[]"
    return _SHORT.get(t) or _registered_name(t)


def _registered_name(class_name: str) -> str:
    """A bridged class's .NET full name from its Python name in an annotation ('Match')."""
    from pwshim.runtime.dotnet import registered_types

    for cls, full in registered_types():
        if getattr(cls, "__name__", "") == class_name:
            return _short_type_name(full)
    return class_name


def _members_of_class(obj: Any, type_name: str) -> list[MemberDefinition]:
    cls = type(obj)
    out: list[MemberDefinition] = []
    seen: set[str] = set()
    for name in member_names(cls):
        if name.startswith("PS_"):
            continue
        attr = inspect.getattr_static(cls, name, None)
        if isinstance(attr, property):
            ret = _annotation(getattr(attr.fget, "__annotations__", {}).get("return"))
            access = "{get;set;}" if attr.fset is not None else "{get;}"
            out.append(MemberDefinition(type_name, name, "Property", f"{ret} {name} {access}"))
        elif isinstance(attr, staticmethod | classmethod):
            continue
        elif callable(attr) and not isinstance(attr, type) and name in _STANDARD:
            out.append(MemberDefinition(type_name, name, "Method", _STANDARD[name]))
        elif callable(attr) and not isinstance(attr, type):
            try:
                sig = inspect.signature(attr)
            except (TypeError, ValueError):
                continue
            params = [p for p in list(sig.parameters.values())[1:] if p.kind not in (p.VAR_KEYWORD,)]
            args = ", ".join(
                ("params System.Object[] " + p.name) if p.kind == p.VAR_POSITIONAL else f"{_annotation(p.annotation)} {p.name}"
                for p in params
            )
            out.append(MemberDefinition(type_name, name, "Method", f"{_annotation(sig.return_annotation)} {name}({args})"))
        elif not isinstance(attr, type) and is_instance_property(obj, name):  # statics are not listed
            value = getattr(obj, name, None)
            out.append(MemberDefinition(type_name, name, "Property", f"{_short_type(value)} {name} {{get;set;}}"))
        seen.add(name.lower())
    for name, definition in _OBJECT_METHODS:
        if name.lower() not in seen:
            out.append(MemberDefinition(type_name, name, "Method", definition))
    return out


def _members_of_script_class(obj: Any, type_name: str) -> list[MemberDefinition]:
    """A PowerShell-defined class: its visible instance properties and methods (hidden and static
    ones are not listed, as pwsh's Get-Member without -Force/-Static)."""
    cls = type(obj)
    out = [MemberDefinition(type_name, n, "Method", d) for n, d in _OBJECT_METHODS
           if n.lower() not in {m[0].lower() for m in cls.__ps_method_defs__}]
    for name, definition, is_static, is_hidden in cls.__ps_method_defs__:
        if not (is_static or is_hidden):
            out.append(MemberDefinition(type_name, name, "Method", definition))
    for name in cls.__ps_properties__:
        rtype = cls.__ps_types__.get(name)
        label = _short_type_name(rtype.FullName) if rtype is not None else "System.Object"
        out.append(MemberDefinition(type_name, name, "Property", f"{label} {name} {{get;set;}}"))
    return out


def members(obj: Any) -> list[MemberDefinition]:
    """Every member Get-Member lists for obj (unsorted)."""
    type_name = type_key(obj)
    if hasattr(type(obj), "__ps_method_defs__"):
        return _members_of_script_class(obj, type_name)
    if isinstance(obj, PSObject):
        out = [MemberDefinition(type_name, n, "Method", d) for n, d in _OBJECT_METHODS]
        for name, value in obj.properties():
            out.append(MemberDefinition(type_name, name, "NoteProperty", f"{_short_type(value)} {name}={to_string(value)}"))
        return out
    if isinstance(obj, str):
        out = [MemberDefinition("System.String", n, "Method", d) for n, d in _STRING_METHODS]
        out.append(MemberDefinition("System.String", "Chars", "ParameterizedProperty", "char Chars(int index) {get;}"))
        out.append(MemberDefinition("System.String", "Length", "Property", "int Length {get;}"))
        return out
    if isinstance(obj, enum.Enum):  # System.Enum's methods and the value__ field
        out = [MemberDefinition(type_name, n, "Method", d) for n, d in _ENUM_METHODS]
        out.append(MemberDefinition(type_name, "value__", "Property", "int value__ {get;set;}"))
        return out
    if isinstance(obj, bool | int | float):
        from pwshim.runtime.types import RuntimeType

        name = RuntimeType.of(obj).FullName
        return [MemberDefinition(name, n, "Method", d) for n, d in _NUMBER_METHODS]
    if isinstance(obj, _dt.datetime):
        out = [MemberDefinition("System.DateTime", n, "Method", d) for n, d in _OBJECT_METHODS]
        for prop, typ in (("Date", "datetime"), ("Day", "int"), ("DayOfWeek", "System.DayOfWeek"), ("Hour", "int"),
                          ("Minute", "int"), ("Month", "int"), ("Second", "int"), ("Year", "int")):
            out.append(MemberDefinition("System.DateTime", prop, "Property", f"{typ} {prop} {{get;}}"))
        return out
    out = _members_of_class(obj, type_name)
    for name, value in NoteProperties.of(obj).items():
        out.append(MemberDefinition(type_name, name, "NoteProperty", f"{_short_type(value)} {name}={to_string(value)}"))
    return out


_STATIC_OBJECT_METHODS = [
    ("Equals", "static bool Equals(System.Object objA, System.Object objB)"),
    ("ReferenceEquals", "static bool ReferenceEquals(System.Object objA, System.Object objB)"),
]


def _method_definition(fn: Any, name: str, prefix: str = "") -> str | None:
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    params = [p for p in sig.parameters.values() if p.kind is not p.VAR_KEYWORD]
    args = ", ".join(("params System.Object[] " + p.name) if p.kind == p.VAR_POSITIONAL
                     else f"{_annotation(p.annotation)} {p.name}" for p in params)
    return f"{prefix}{_annotation(sig.return_annotation)} {name}({args})"


def static_members(obj: Any) -> list[MemberDefinition]:
    """`Get-Member -Static`: the static members of a bridged type (`[T] | gm -Static`) or of an
    object's type: static methods, static properties and constants, enum values."""
    from pwshim.runtime.dotnet import static_property
    from pwshim.runtime.types import RuntimeType

    cls = obj.cls if isinstance(obj, RuntimeType) else type(obj)
    type_name = obj.FullName if isinstance(obj, RuntimeType) else type_key(obj)
    out = [MemberDefinition(type_name, n, "Method", d) for n, d in _STATIC_OBJECT_METHODS]
    if not isinstance(cls, type):
        return out
    annotated = {n for klass in cls.__mro__ for n in vars(klass).get("__annotations__", {})}
    for name in member_names(cls):
        if name.startswith("PS_") or name.lower() in ("equals", "referenceequals"):
            continue
        attr = inspect.getattr_static(cls, name, None)
        if isinstance(attr, staticmethod | classmethod) or hasattr(attr, "_static"):
            fn = attr.__func__ if isinstance(attr, staticmethod | classmethod) else attr._static
            definition = _method_definition(fn, name, "static ")
            if definition is not None:
                out.append(MemberDefinition(type_name, name, "Method", definition))
        elif isinstance(attr, static_property) or (
                not callable(attr) and not isinstance(attr, property | type | types.MemberDescriptorType)
                and (name not in annotated or isinstance(attr, cls))):
            value = getattr(cls, name, None)
            out.append(MemberDefinition(type_name, name, "Property",
                                        f"static {_short_type_name(type_full_name(value))} {name} {{get;}}"))
    return out


_KIND_GROUPS = {
    "properties": ("AliasProperty", "CodeProperty", "Property", "NoteProperty", "ScriptProperty"),
    "methods": ("CodeMethod", "Method", "ScriptMethod"),
}


@cmdlet("Get-Member", aliases=("gm",))
class GetMember(Cmdlet):
    """Gets the properties and methods of objects."""

    InputObject = Parameter(object, pipeline=True)
    Name = Parameter([str], position=0)
    MemberType = Parameter([str], aliases=("Type",))
    View = Parameter(str)
    Static = Parameter(Switch)
    Force = Parameter(Switch)

    def begin(self) -> None:
        self._types: list[str] = []
        self._any = False

    def process(self) -> None:
        if "InputObject" not in self.bound or self.InputObject is None:
            return
        self._any = True
        obj = self.InputObject
        found = static_members(obj) if self.Static else members(obj)
        type_name = found[0].TypeName if found else type_key(obj)
        if type_name in self._types:
            return
        self._types.append(type_name)
        kinds = [k.lower() for k in self.MemberType or []]
        allowed: set[str] | None = None
        if kinds and "all" not in kinds:
            allowed = set()
            for k in kinds:
                allowed.update(x.lower() for x in _KIND_GROUPS.get(k, (k,)))
        selected = [
            m for m in found
            if (allowed is None or m.MemberType.lower() in allowed)
            and (not self.Name or any(like(m.Name, n) for n in self.Name))
        ]
        # pwsh sorts by member type, then name
        for m in sorted(selected, key=lambda m: (m.MemberType, m.Name.lower())):
            self.write_object(m)

    def end(self) -> None:
        if not self._any:
            raise self.throw(
                InvalidOperationException("You must specify an object for the Get-Member cmdlet."),
                "NoObjectInGetMember",
                Category.CloseError,
            )
