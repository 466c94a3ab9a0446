"""Select-Object, Where-Object, ForEach-Object (Microsoft.PowerShell.Utility / Core).

Script blocks are pwshim.runtime.scriptblock.ScriptBlock values: `sb.invoke(dollar_under=x)`
runs them with `$_` set and returns their output list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pwshim.cmdlets.utility_compare import compare, has_wildcard, like
from pwshim.runtime.cmdlet import Cmdlet, Parameter, Switch, cmdlet
from pwshim.runtime.conversions import to_bool, to_string
from pwshim.runtime.errors import ArgumentException, Category, PSArgumentException
from pwshim.runtime.objects import Hashtable, PSObject, get_property, property_names
from pwshim.runtime.scriptblock import ScriptBlock

_CORE = "Microsoft.PowerShell.Core"


class CollectsInput(Cmdlet):
    """A cmdlet that gathers its pipeline input (`InputObject`) and does its work in end()."""

    def begin(self) -> None:
        self._items: list[Any] = []

    def process(self) -> None:
        if "InputObject" in self.bound:
            self._items.append(self.InputObject)


def is_scriptblock(value: Any) -> bool:
    return isinstance(value, ScriptBlock)


def invoke_block(block: ScriptBlock, obj: Any) -> Any:
    """A script block's value for one object: its single output, or the list of them."""
    out = block.invoke(dollar_under=obj)
    if len(out) == 1:
        return out[0]
    return out if out else None


def read_property(obj: Any, name: str) -> tuple[bool, Any]:
    try:
        return True, get_property(obj, name)
    except KeyError:
        return False, None


def _key_of(spec: Hashtable, *names: str) -> Any:
    """A calculated-property key: any unambiguous prefix of Name/Label/Expression..."""
    for key in spec:
        k = str(key).lower()
        if any(n.startswith(k) for n in names):
            return spec[key]
    return None


def calculated_property(spec: Hashtable, cmd: str = "Select-Object") -> tuple[str, Callable[[Any], Any], Hashtable]:
    """(name, getter, spec) of `@{Name='x'; Expression={...}}` (also N/L/Label/E)."""
    allowed = ("name", "label", "expression", "width", "alignment", "formatstring", "descending", "ascending")
    for key in spec:
        k = str(key).lower()
        if not k or not any(a.startswith(k) for a in allowed):
            raise PSArgumentException(f'The "{key}" key is not valid.')
    expr = _key_of(spec, "expression")
    if expr is None:
        raise PSArgumentException("The \"Expression\" key is missing.")  # IllegalKey in pwsh
    name = _key_of(spec, "name", "label")
    if is_scriptblock(expr):
        getter: Callable[[Any], Any] = lambda o, _b=expr: invoke_block(_b, o)
        label = to_string(name) if name is not None else expr.ToString().strip()
    else:
        prop = to_string(expr)
        getter = lambda o, _p=prop: read_property(o, _p)[1]
        label = to_string(name) if name is not None else prop
    return label, getter, spec


def expand_names(obj: Any, pattern: str) -> list[str]:
    """Property names of obj matching a wildcard pattern (or the name itself)."""
    if not has_wildcard(pattern):
        return [pattern]
    return [n for n in property_names(obj) if like(n, pattern)]


def _type_name(obj: Any) -> str:
    from pwshim.formatting_values import type_key

    return type_key(obj)


@cmdlet("Select-Object", aliases=("select",), default_set="DefaultParameter")
class SelectObject(Cmdlet):
    """Selects objects or object properties."""

    InputObject = Parameter(object, pipeline=True)
    Property = Parameter([object], position=0)
    ExcludeProperty = Parameter([str])
    ExpandProperty = Parameter(str)
    Unique = Parameter(Switch)
    Last = Parameter(int, sets=("DefaultParameter",))
    First = Parameter(int, sets=("DefaultParameter",))
    Skip = Parameter(int, sets=("DefaultParameter",))
    SkipLast = Parameter(int, sets=("SkipLastParameter",))
    Index = Parameter([int], sets=("IndexParameter",))
    Wait = Parameter(Switch)

    def begin(self) -> None:
        self._seen = 0
        self._buffer: list[Any] = []
        self._unique: list[Any] = []
        self._specs: list[Any] | None = None

    def _project(self, obj: Any) -> list[Any]:
        """The objects this input yields after -Property / -ExpandProperty."""
        props = self.Property
        if props is None and self.ExcludeProperty:
            props = ["*"]  # pwsh 7.1+: -ExcludeProperty alone means `-Property *`
        if props is None and self.ExpandProperty is None:
            return [obj]
        result: PSObject | None = None
        if props is not None:
            result = PSObject()
            result.type_names = ["Selected." + _type_name(obj), *_base_types(obj)]
            excluded = [str(e) for e in (self.ExcludeProperty or [])]
            for prop in props:
                if isinstance(prop, Hashtable | dict):
                    name, getter, _ = calculated_property(Hashtable(prop), self.name)
                    result.set(name, getter(obj))
                    continue
                for name in expand_names(obj, to_string(prop)):
                    if any(like(name, e) for e in excluded):
                        continue
                    found, value = read_property(obj, name)
                    if not result.has(name):
                        result.set(_real_name(obj, name) if found else name, value)
        if self.ExpandProperty is None:
            return [result]
        found, value = read_property(obj, self.ExpandProperty)
        if not found:
            self.write_error(
                PSArgumentException(f'Property "{self.ExpandProperty}" cannot be found.'),
                "ExpandPropertyNotFound",
                Category.InvalidArgument,
                obj,
            )
            return []
        values = value if isinstance(value, list | tuple) else [value]
        if result is None:
            return list(values)
        out = []
        for v in values:
            from pwshim.runtime.objects import NoteProperties

            for name, pv in result.properties():
                if isinstance(v, PSObject):
                    v.set(name, pv)
                else:
                    NoteProperties.attach(v, name, pv)
            out.append(v)
        return out

    def _is_duplicate(self, obj: Any) -> bool:
        key = _identity(obj)
        if key in self._unique:
            return True
        self._unique.append(key)
        return False

    def process(self) -> None:
        if "InputObject" not in self.bound:
            return
        obj = self.InputObject
        index = self._seen
        self._seen += 1
        if self.Index is not None:
            if index not in self.Index:
                return
        elif self.Skip and index < self.Skip and self.Last is None or self.First is not None and self.Last is None and index >= self.First + (self.Skip or 0):
            return
        buffered = self.Last is not None or self.SkipLast is not None
        for item in self._project(obj):
            if self.Unique and self._is_duplicate(item):
                continue
            if buffered:
                self._buffer.append(item)
            else:
                self.write_object(item)
        if not buffered and not getattr(self, "Wait", None) and (
                (self.First is not None and self._seen >= self.First + (self.Skip or 0))
                or (self.Index is not None and self._seen > max(self.Index, default=-1))):
            # pwsh: the commands before it stop (StopUpstreamCommandsException); this one ends
            from pwshim.runtime.pipeline import StopUpstreamCommands

            raise StopUpstreamCommands

    def end(self) -> None:
        items = self._buffer
        if self.SkipLast is not None:
            items = items[: max(len(items) - self.SkipLast, 0)]
        if self.Last is not None:
            items = items[len(items) - self.Last :] if self.Last > 0 else []
            if self.First is not None:
                items = items[: self.First]
        for item in items:
            self.write_object(item)


def _real_name(obj: Any, name: str) -> str:
    for n in property_names(obj):
        if n.lower() == name.lower():
            return n
    return name


def _base_types(obj: Any) -> list[str]:
    if isinstance(obj, PSObject):
        return list(obj.type_names)
    return ["System.Management.Automation.PSCustomObject", "System.Object"]


def _identity(obj: Any) -> Any:
    """What -Unique compares: values for scalars, property values for objects (case-sensitive)."""
    if isinstance(obj, PSObject):
        return tuple((k.lower(), to_string(v)) for k, v in obj.properties())
    if isinstance(obj, str | int | float | bool) or obj is None:
        return (type(obj).__name__ if not isinstance(obj, int | float) or isinstance(obj, bool) else "n", obj)
    return ("obj", id(obj))


# --- Where-Object ---------------------------------------------------------------------------

_WHERE_OPS = (
    "EQ", "CEQ", "NE", "CNE", "GT", "CGT", "LT", "CLT", "GE", "CGE", "LE", "CLE",
    "Like", "CLike", "NotLike", "CNotLike", "Match", "CMatch", "NotMatch", "CNotMatch",
    "Contains", "CContains", "NotContains", "CNotContains", "In", "CIn", "NotIn", "CNotIn",
    "Is", "IsNot", "Not",
)
_SET_OF = {op: ("EqualSet" if op == "EQ" else op + "Set") for op in _WHERE_OPS}
_OP_SETS = tuple(_SET_OF.values())


def _where_namespace() -> dict[str, Any]:
    ns: dict[str, Any] = {
        "__doc__": "Selects objects from a collection based on their property values.",
        "InputObject": Parameter(object, pipeline=True),
        # typed object: pwsh binds a ScriptBlock here before coercing (binder pass order)
        "FilterScript": Parameter(object, position=0, mandatory=True, sets=("ScriptBlockSet",)),
        "Property": Parameter(str, position=0, mandatory=True, sets=_OP_SETS),
        "Value": Parameter(object, position=1, sets=tuple(s for s in _OP_SETS if s != "NotSet")),
    }
    for op in _WHERE_OPS:
        ns[op] = Parameter(Switch, mandatory=True, sets=(_SET_OF[op],))
    return ns


def _where_process(self: Cmdlet) -> None:
    if "InputObject" not in self.bound:
        return
    obj = self.InputObject
    if self.parameter_set == "ScriptBlockSet":
        block = self.FilterScript
        if is_scriptblock(block):
            # pwsh runs Where-Object / ForEach-Object blocks in the caller's scope
            if to_bool(block.invoke(dollar_under=obj, dot_source=True)):
                self.write_object(obj)
            return
        # `Where-Object Name`: a bare property name tests the property's truthiness
        found, value = read_property(obj, to_string(block))
        if found and to_bool(value):
            self.write_object(obj)
        return
    op = next((o for o in _WHERE_OPS if self.bound.get(o)), None)
    found, value = read_property(obj, self.Property)
    if op == "Not":
        if not (found and to_bool(value)):
            self.write_object(obj)
        return
    if op is None:
        if found and to_bool(value):
            self.write_object(obj)
        return
    target = self.Value if "Value" in self.bound else True
    if op in ("Is", "IsNot"):
        from pwshim.runtime.operators import type_test

        ok = to_bool(type_test("-is", value, target))
        if ok == (op == "Is"):
            self.write_object(obj)
        return
    if not found and op.lower().lstrip("c") not in ("ne", "notlike", "notmatch", "notcontains", "notin"):
        return
    if compare(op.lower(), value, target, self.session):
        self.write_object(obj)


WhereObject = type(
    "WhereObject",
    (Cmdlet,),
    {**_where_namespace(), "process": _where_process},
)
WhereObject = cmdlet(
    "Where-Object", aliases=("where", "?"), default_set="ScriptBlockSet", module=_CORE
)(WhereObject)


# --- ForEach-Object -------------------------------------------------------------------------


@cmdlet("ForEach-Object", aliases=("foreach", "%"), default_set="ScriptBlockSet", module=_CORE)
class ForEachObject(Cmdlet):
    """Performs an operation against each item in a collection of input objects."""

    InputObject = Parameter(object, pipeline=True)
    Begin = Parameter(ScriptBlock, sets=("ScriptBlockSet",))
    Process = Parameter([object], position=0, mandatory=True, sets=("ScriptBlockSet",))
    End = Parameter(ScriptBlock, sets=("ScriptBlockSet",))
    RemainingScripts = Parameter([object], remaining=True, sets=("ScriptBlockSet",))
    MemberName = Parameter(str, position=0, mandatory=True, sets=("PropertyAndMethodSet",))
    ArgumentList = Parameter([object], aliases=("Args",), sets=("PropertyAndMethodSet",))

    def begin(self) -> None:
        self._member: str | None = self.MemberName
        self._args: list[Any] = list(self.ArgumentList or [])
        self._begin: ScriptBlock | None = self.Begin
        self._end: ScriptBlock | None = self.End
        self._process: list[ScriptBlock] = []
        if self._member is None:
            blocks = list(self.Process or []) + list(self.RemainingScripts or [])
            if blocks and not is_scriptblock(blocks[0]) and blocks[0] is not None:
                # `ForEach-Object Split '-'`: a member name, the rest its arguments
                # (pwsh binds them to -MemberName and -ArgumentList, ValueFromRemainingArguments)
                self._member = to_string(blocks[0])
                self._args = blocks[1:]
            else:
                blocks = [b for b in blocks if b is not None]
                for b in blocks:
                    if not is_scriptblock(b):
                        raise self.throw(
                            ArgumentException(
                                f"Cannot bind parameter 'Process'. Cannot convert the \"{to_string(b)}\" value "
                                'of type "System.String" to type "System.Management.Automation.ScriptBlock".'
                            ),
                            "CannotConvertArgumentNoMessage",
                            Category.InvalidArgument,
                        )
                if "Begin" not in self.bound and len(blocks) >= 2:
                    # pwsh: two blocks are Begin+Process; three or more Begin, Process..., End
                    self._begin = blocks.pop(0)
                    if len(blocks) >= 2 and "End" not in self.bound:
                        self._end = blocks.pop()
                self._process = blocks
        if self._begin is not None:
            for item in self._begin.invoke(dot_source=True):
                self.write_object(item)

    def process(self) -> None:
        obj = self.InputObject
        if self._member is not None:
            if "InputObject" not in self.bound:
                return
            self._invoke_member(obj)
            return
        for block in self._process:
            for item in block.invoke(dollar_under=obj, dot_source=True):
                self.write_object(item)

    def _invoke_member(self, obj: Any) -> None:
        name = self._member or ""
        args = self._args
        from pwshim.runtime import builtins_members
        from pwshim.runtime.dotnet import find_member

        attr = find_member(obj, name) if obj is not None else None
        target = getattr(obj, attr) if attr is not None else None
        if attr is not None and callable(target) and not isinstance(target, type):
            self._emit(target(*args))
            return
        if not args:
            found, value = read_property(obj, name)
            if found:
                self._emit(value)
                return
        method = builtins_members.method(obj, name) if obj is not None else None
        if method is not None:
            self._emit(method(*args))
            return
        self.write_error(
            PSArgumentException(f'The input name "{name}" cannot be resolved to a member.'),
            "PropertyOrMethodNotFound",
            Category.InvalidArgument,
            obj,
        )

    def _emit(self, value: Any) -> None:
        if isinstance(value, list | tuple):
            for v in value:
                self.write_object(v)
        elif value is not None:
            self.write_object(value)

    def end(self) -> None:
        if self._end is not None:
            for item in self._end.invoke(dot_source=True):
                self.write_object(item)
