"""The object model: PSCustomObject, case-insensitive hashtables, member access.

Values in pwshim are plain Python values where .NET has an obvious counterpart (str, int,
float, bool, None, list for object[], bytes for byte[]), `Hashtable`/`OrderedHashtable` for
@{} / [ordered]@{}, `PSObject` for [pscustomobject] and Select-Object output, and bridged
classes (runtime/dotnet.py) for the rest. Member lookup is case-insensitive everywhere.
"""

from __future__ import annotations

import inspect
import types
from typing import Any, Iterable, Iterator, MutableMapping

from pwshim.runtime.dotnet import dotnet_type, find_member


class _CIDict(MutableMapping[Any, Any]):
    """A dict whose string keys compare case-insensitively and keep their first spelling."""

    __slots__ = ("_data",)

    def __init__(self, items: Iterable[tuple[Any, Any]] | dict | None = None) -> None:
        self._data: dict[Any, tuple[Any, Any]] = {}
        if items:
            pairs = items.items() if isinstance(items, dict | _CIDict) else items
            for k, v in pairs:
                self[k] = v

    @staticmethod
    def _key(key: Any) -> Any:
        return key.lower() if isinstance(key, str) else key

    def __getitem__(self, key: Any) -> Any:
        return self._data[self._key(key)][1]

    def __setitem__(self, key: Any, value: Any) -> None:
        k = self._key(key)
        existing = self._data.get(k)
        self._data[k] = (existing[0] if existing else key, value)

    def __delitem__(self, key: Any) -> None:
        del self._data[self._key(key)]

    def __iter__(self) -> Iterator[Any]:
        return (orig for orig, _ in self._data.values())

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return self._key(key) in self._data

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self.items())!r})"


@dotnet_type("System.Collections.Hashtable", accelerators=("hashtable",))
class Hashtable(_CIDict):
    """@{...}: case-insensitive keys; pwsh does not keep insertion order, pwshim does (a
    deliberate, harmless difference that makes output reproducible)."""

    @property
    def Count(self) -> int:  # noqa: N802
        return len(self)

    @property
    def Keys(self) -> list[Any]:  # noqa: N802
        return list(self)

    @property
    def Values(self) -> list[Any]:  # noqa: N802
        return [self[k] for k in self]

    def ContainsKey(self, key: Any) -> bool:  # noqa: N802
        return key in self

    def Contains(self, key: Any) -> bool:  # noqa: N802
        return key in self

    def Add(self, key: Any, value: Any) -> None:  # noqa: N802
        if key in self:
            from pwshim.runtime.errors import ArgumentException

            raise ArgumentException(
                f"Item has already been added. Key in dictionary: '{key}'  Key being added: '{key}'"
            )
        self[key] = value

    def Remove(self, key: Any) -> None:  # noqa: N802
        self.pop(key, None)

    def Clear(self) -> None:  # noqa: N802
        self.clear()

    def Clone(self) -> "Hashtable":  # noqa: N802
        return type(self)(list(self.items()))

    def GetEnumerator(self) -> list["DictionaryEntry"]:  # noqa: N802
        return [DictionaryEntry(k, v) for k, v in self.items()]


@dotnet_type("System.Collections.Specialized.OrderedDictionary", accelerators=("ordered",))
class OrderedHashtable(Hashtable):
    """[ordered]@{...}."""


@dotnet_type("System.Collections.DictionaryEntry")
class DictionaryEntry:
    PS_DEFAULT_PROPERTIES = ("Name", "Value")

    def __init__(self, key: Any, value: Any) -> None:
        self.Key = key
        self.Value = value

    @property
    def Name(self) -> Any:  # noqa: N802
        return self.Key


@dotnet_type("System.Management.Automation.PSCustomObject", accelerators=("pscustomobject",))
class PSObject:
    """A property bag ([pscustomobject]@{...}, Select-Object output, ConvertFrom-Json)."""

    __slots__ = ("_props", "type_names")

    def __init__(self, props: Iterable[tuple[str, Any]] | dict | None = None) -> None:
        self._props = _CIDict(props)
        self.type_names: list[str] = ["System.Management.Automation.PSCustomObject", "System.Object"]

    def properties(self) -> list[tuple[str, Any]]:
        return list(self._props.items())

    def has(self, name: str) -> bool:
        return name in self._props

    def get(self, name: str, default: Any = None) -> Any:
        return self._props.get(name, default)

    def set(self, name: str, value: Any) -> None:
        self._props[name] = value

    def __repr__(self) -> str:
        inner = "; ".join(f"{k}={v!r}" for k, v in self._props.items())
        return f"@{{{inner}}}"

    def __eq__(self, other: object) -> bool:
        return self is other

    __hash__ = object.__hash__


class NoteProperties:
    """Extra properties attached to any object (PSParentPath on certificates, ...)."""

    _attached: "dict[int, tuple[Any, dict[str, Any]]]" = {}

    @classmethod
    def attach(cls, obj: Any, name: str, value: Any) -> None:
        entry = cls._attached.get(id(obj))
        if entry is None or entry[0] is not obj:
            entry = (obj, {})
            cls._attached[id(obj)] = entry
        entry[1][name] = value

    @classmethod
    def of(cls, obj: Any) -> dict[str, Any]:
        entry = cls._attached.get(id(obj))
        if entry is None or entry[0] is not obj:
            return {}
        return entry[1]


_MISSING = object()


def get_property(obj: Any, name: str, default: Any = _MISSING) -> Any:
    """Read a property the way PowerShell does, case-insensitively.

    Raises KeyError when the member does not exist and no default is given (the interpreter
    turns that into $null under non-strict mode, as pwsh does)."""
    if isinstance(obj, PSObject):
        if obj.has(name):
            return obj.get(name)
    elif isinstance(obj, dict | _CIDict) and not isinstance(obj, type):
        # Hashtable keys act as properties; real members (Count, Keys) come second.
        if name in obj:
            return obj[name]
    notes = NoteProperties.of(obj) if not isinstance(obj, str | int | float | bool | type(None)) else {}
    if notes:
        for k, v in notes.items():
            if k.lower() == name.lower():
                return v
    attr = find_member(obj, name)
    if attr is not None:
        value = getattr(obj, attr)
        if callable(value) and not isinstance(value, type):
            # a method, not a property
            if default is not _MISSING:
                return default
            raise KeyError(name)
        return value
    from pwshim.runtime import builtins_members

    found, value = builtins_members.get(obj, name)
    if found:
        return value
    if default is not _MISSING:
        return default
    raise KeyError(name)


def set_property(obj: Any, name: str, value: Any) -> None:
    if isinstance(obj, PSObject):
        if obj.has(name):
            obj.set(name, value)
            return
    elif isinstance(obj, dict | _CIDict):
        obj[name] = value
        return
    attr = find_member(obj, name)
    if attr is None:
        raise KeyError(name)
    setattr(obj, attr, value)


def is_instance_property(obj: Any, name: str) -> bool:
    """Whether the class-level member `name` of a bridged object is one of its instance
    properties. Python properties and slots are; a plain class attribute is only when the
    instance sets it or the class annotates it as a field. Static members are not: computed
    statics (static_property), class constants ([Math]::PI) and the singletons .NET types keep
    on themselves (`[pscredential]::Empty`, `[guid]::Empty`)."""
    from pwshim.runtime.dotnet import static_property

    cls = type(obj)
    attr = inspect.getattr_static(cls, name, None)
    if isinstance(attr, property):
        return True
    if isinstance(attr, static_property | staticmethod | classmethod) or callable(attr) or name.startswith("PS_"):
        return False
    if isinstance(attr, types.MemberDescriptorType):
        return hasattr(obj, name)
    if name in getattr(obj, "__dict__", {}):
        return True
    if isinstance(attr, cls):
        return False
    return any(name in vars(klass).get("__annotations__", {}) for klass in cls.__mro__)


def property_names(obj: Any) -> list[str]:
    """The properties of an object, in display order."""
    if isinstance(obj, PSObject):
        return [k for k, _ in obj.properties()]
    if isinstance(obj, dict | _CIDict):
        return ["IsReadOnly", "IsFixedSize", "IsSynchronized", "Keys", "Values", "SyncRoot", "Count"]
    names: list[str] = []
    cls = type(obj)
    shown = getattr(cls, "__ps_properties__", None)
    if shown is not None:  # a script class: its properties in declaration order, hidden ones not
        return list(shown)
    from pwshim.runtime.dotnet import member_names

    for name in member_names(cls):
        if name not in names and is_instance_property(obj, name):
            names.append(name)
    for name in getattr(obj, "__dict__", {}):
        if name[:1].isupper() and name not in names:
            names.append(name)
    names.extend(n for n in NoteProperties.of(obj) if n not in names)
    return names
