"""PowerShell classes and enums defined by a script, as Python types the runtime already knows.

- `enum Name { A; B = 5; C }` becomes an enum.IntEnum (`[Flags()]`: enum.IntFlag); values count
  on from the previous member, from 0.
- `class Name [: Base] { ... }` becomes a Python class (a subclass of the base's when the base is
  a script class). Properties live on the instance and are converted to their declared type on
  every assignment; static properties live on the class. Methods and constructors run their
  bodies in a new scope under the scope the class was defined in, with `$this`; overloads are
  chosen by argument count, then by which converts. As in pwsh, a method's output is only what
  it `return`s, converted to its declared type (`[void]`: nothing). Hidden members work but are
  not displayed.
Types are registered by name when their definition runs; a script's definitions run before its
first statement (pwsh resolves them when it compiles the script), so a class can be used above
where it is written.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from pwshim import nodes as N
from pwshim.runtime.errors import Category, ErrorRecord, PSError, RuntimeException

if TYPE_CHECKING:
    from pwshim.interpreter import Interpreter


def hoist_type_definitions(interp: Interpreter, ast: N.ScriptBlockAst) -> None:
    """Define the classes and enums written at the top level of a script, in source order."""
    for stmt in ast.statements:
        if isinstance(stmt, N.TypeDefinitionAst):
            define_once(interp, stmt)


def define_once(interp: Interpreter, node: N.TypeDefinitionAst) -> None:
    """Define `node` unless this very definition already ran (hoisted, then reached)."""
    defined = interp.session.extensions.setdefault("type_definitions", {})
    if defined.get(id(node), (None,))[0] is not node:
        defined[id(node)] = (node, define_type(interp, node))


def define_type(interp: Interpreter, node: N.TypeDefinitionAst) -> type:
    from pwshim.runtime.dotnet import register_script_type

    cls = _make_enum(interp, node) if node.is_enum else _make_class(interp, node)
    register_script_type(node.name, cls)
    return cls


def _error(message: str, error_id: str, span: Any = None) -> PSError:
    return PSError(ErrorRecord(RuntimeException(message), error_id, Category.InvalidOperation, span=span))


def _no_overload(name: str, count: int, span: Any = None) -> PSError:
    """pwsh's MethodCountCouldNotFindBest: a MethodException (ConciseView: `MethodException:`)."""
    from pwshim.runtime.errors import MethodException

    return PSError(ErrorRecord(MethodException(f'Cannot find an overload for "{name}" and the argument count: "{count}".'),
                               "MethodCountCouldNotFindBest", Category.NotSpecified, span=span))


# ------------------------------------------------------------------ enums
def _make_enum(interp: Interpreter, node: N.TypeDefinitionAst) -> type:
    from pwshim.runtime.conversions import to_number

    flags = any(isinstance(a, N.AttributeAst) and str(a.type_name).lower() in ("flags", "system.flags", "flagsattribute")
                for a in node.attributes)
    members: list[tuple[str, int]] = []
    value = -1
    for m in node.members:
        if m.initial_value is not None:
            raw = interp.eval_statement_value(m.initial_value)
            raw = raw.value if isinstance(raw, enum.Enum) else raw
            try:
                value = int(to_number(raw))
            except Exception:  # noqa: BLE001 - any value that is not an integer
                raise _error(f"Enumerator value '{raw}' must be a constant integer value.", "EnumeratorValueMustBeConstant", m.span) from None
        else:
            value += 1
        members.append((m.name, value))
    base = enum.IntFlag if flags else enum.IntEnum
    return base(node.name, members)  # type: ignore[return-value]


# ------------------------------------------------------------------ classes
class _ScriptClassType(type):
    """Static properties convert to their declared type when assigned (`[C]::P = 42`)."""

    def __setattr__(cls, name: str, value: Any) -> None:
        for klass in cls.__mro__:
            rtype = klass.__dict__.get("__ps_static_types__", {}).get(name)
            if rtype is not None:
                value = _converted(value, rtype)
                break
        super().__setattr__(name, value)


class ScriptClass(metaclass=_ScriptClassType):
    """Base of every script-defined class (pwsh: System.Object)."""

    __ps_properties__: tuple[str, ...] = ()   # displayed properties, declaration order (base first)
    __ps_members__: tuple[str, ...] = ()      # every member name (for case-insensitive lookup)
    __ps_types__: dict[str, Any] = {}         # property name -> declared type (RuntimeType) or None
    __ps_method_defs__: tuple[tuple[str, str, bool, bool], ...] = ()  # (name, definition, static, hidden)

    def __setattr__(self, name: str, value: Any) -> None:
        rtype = type(self).__ps_types__.get(name)
        if rtype is not None:
            from pwshim.runtime.types import convert_to

            value = convert_to(value, rtype)
        object.__setattr__(self, name, value)

    def ToString(self) -> str:  # noqa: N802 - .NET's Object.ToString: the type's name
        from pwshim.runtime.dotnet import type_full_name

        return type_full_name(self)

    def __str__(self) -> str:
        return str(self.ToString())


def _make_class(interp: Interpreter, node: N.TypeDefinitionAst) -> type:
    base: type = ScriptClass
    if node.base_types:
        rtype = interp.resolve_type_name(node.base_types[0], node.span)
        if not (isinstance(rtype.cls, type) and issubclass(rtype.cls, ScriptClass)):
            raise _error(f"pwshim cannot derive a class from [{rtype.FullName}]; only from classes defined in "
                         "PowerShell.", "BaseTypeNotSupported", node.span)
        base = rtype.cls
    scope = interp.session.script_scope
    props = [m for m in node.members if isinstance(m, N.PropertyMemberAst)]
    funcs = [m for m in node.members if isinstance(m, N.FunctionMemberAst)]
    types = dict(base.__ps_types__)
    shown = list(base.__ps_properties__)
    names = list(base.__ps_members__)
    ns: dict[str, Any] = {"__module__": __name__, "__qualname__": node.name}
    instance_props: list[N.PropertyMemberAst] = []
    for p in props:
        names.append(p.name)
        if p.is_static:
            ns[p.name] = None
            continue
        types[p.name] = None
        instance_props.append(p)
        if not p.is_hidden and p.name not in shown:
            shown.append(p.name)
    overloads: dict[tuple[str, bool], list[N.FunctionMemberAst]] = {}
    ctors: list[N.FunctionMemberAst] = []
    for f in funcs:
        if f.is_constructor:
            ctors.append(f)
        else:
            overloads.setdefault((f.name, f.is_static), []).append(f)
            names.append(f.name)
    method_defs = [d for d in getattr(base, "__ps_method_defs__", ()) if (d[0], d[2]) not in overloads]
    for (name, is_static), group in overloads.items():
        ns[name] = _method(interp, scope, name, group, is_static)
        method_defs.append((name, ", ".join(_signature(m) for m in group), is_static, all(m.is_hidden for m in group)))
    ns.update(__ps_properties__=tuple(shown), __ps_members__=tuple(dict.fromkeys(names)),
              __ps_types__=types, __ps_ctors__=tuple(ctors), __ps_init__=tuple(instance_props),
              __ps_method_defs__=tuple(method_defs),
              __ps_scope__=scope, __ps_static_types__={})
    cls = _ScriptClassType(node.name, (base,), ns)
    # the class is known by its name before its members' types are resolved, so a property
    # may be of the class itself (`[Node]$Next`)
    from pwshim.runtime.dotnet import register_script_type

    register_script_type(node.name, cls)
    for p in props:
        rtype = interp.resolve_type_name(p.type, p.span) if p.type is not None else None
        if not p.is_static:
            types[p.name] = rtype
            continue
        cls.__ps_static_types__[p.name] = rtype  # type: ignore[attr-defined]
        value = interp.eval_statement_value(p.initial_value) if p.initial_value is not None else None
        if p.initial_value is not None or rtype is not None:
            setattr(cls, p.name, value)

    def __init__(self: Any, *args: Any) -> None:  # noqa: N807
        _initialize(interp, type(self), self)
        _construct(interp, cls, self, list(args), None)  # errors point at the caller's statement

    cls.__init__ = __init__  # type: ignore[misc]
    cls.PS_CONVERT_FROM = classmethod(lambda klass, value: _from_hashtable(klass, value))  # type: ignore[attr-defined]
    return cls


def _signature(member: N.FunctionMemberAst) -> str:
    """Get-Member's definition of a method: `string Greet(string other)`."""
    params = ", ".join(f"{p.type or 'System.Object'} {p.name}" for p in member.parameters)
    return f"{member.return_type or 'void'} {member.name}({params})"


def _converted(value: Any, rtype: Any) -> Any:
    if rtype is None:
        return value
    from pwshim.runtime.dotnet import is_enum_type
    from pwshim.runtime.types import convert_to

    if value is None and is_enum_type(rtype.cls):
        try:
            return rtype.cls(0)
        except ValueError:
            return None
    return convert_to(value, rtype)


def _initialize(interp: Interpreter, cls: type, obj: Any) -> None:
    """Property initial values, base class first (each evaluated when the object is created)."""
    for klass in reversed(cls.__mro__):
        for p in klass.__dict__.get("__ps_init__", ()):
            value = interp.eval_statement_value(p.initial_value) if p.initial_value is not None else None
            rtype = klass.__ps_types__.get(p.name)
            object.__setattr__(obj, p.name, _converted(value, rtype))


def _construct(interp: Interpreter, cls: type, obj: Any, args: list[Any], span: Any) -> None:
    """Run `cls`'s constructor for `args`: its base class's first (base(...) or the default)."""
    ctors = cls.__dict__.get("__ps_ctors__", ())
    if not ctors:
        if args:
            raise _no_overload("new", len(args), span)
        base = cls.__mro__[1]
        if base is not ScriptClass and issubclass(base, ScriptClass):
            _construct(interp, base, obj, [], span)
        return
    ctor, converted = _choose(ctors, args, "new", span)
    base = cls.__mro__[1]

    def before_body(run_scope_args: Any) -> None:
        if base is ScriptClass or not issubclass(base, ScriptClass):
            return
        base_args = [interp.eval(a) for a in ctor.base_arguments] if ctor.base_arguments else []
        _construct(interp, base, obj, base_args, span)

    _run_member(interp, cls.__dict__["__ps_scope__"], ctor, obj, converted, before_body)


def _choose(group: Any, args: list[Any], name: str, span: Any) -> tuple[N.FunctionMemberAst, list[Any]]:
    """The overload for `args` (by count, then the first whose parameter types accept them)."""
    candidates = [m for m in group if len(m.parameters) == len(args)]
    if not candidates:
        raise _no_overload(name, len(args), span)
    first_error: PSError | None = None
    for member in candidates:
        try:
            return member, [_param_value(p, a, name) for p, a in zip(member.parameters, args)]
        except PSError as exc:  # try the next overload
            first_error = first_error or exc
    assert first_error is not None
    raise first_error


def _param_value(param: N.ParameterAst, value: Any, method: str) -> Any:
    if param.type is None:
        return value
    from pwshim.runtime.conversions import to_string
    from pwshim.runtime.errors import DotNetException, MethodException
    from pwshim.runtime.types import convert_to, lookup_type

    rtype = lookup_type(str(param.type))
    if rtype is None:
        return value
    try:
        return convert_to(value, rtype)
    except DotNetException as exc:  # pwsh's MethodArgumentConversionInvalidCastArgument
        raise PSError(ErrorRecord(
            MethodException(f'Cannot convert argument "{param.name}", with value: "{to_string(value)}", for "{method}" '
                            f'to type "{rtype.FullName}": "{exc}"', exc),
            "MethodArgumentConversionInvalidCastArgument", Category.NotSpecified)) from None


def _method(interp: Interpreter, scope: Any, name: str, group: list[N.FunctionMemberAst], is_static: bool) -> Any:
    def invoke(obj: Any, args: tuple[Any, ...]) -> Any:
        member, converted = _choose(group, list(args), name, None)
        result = _run_member(interp, scope, member, obj, converted)
        if member.return_type is None:
            return result
        if str(member.return_type).lower() in ("void", "system.void"):
            return None
        from pwshim.runtime.types import convert_to, lookup_type

        rtype = lookup_type(str(member.return_type))
        return result if rtype is None else convert_to(result, rtype)

    if is_static:
        return staticmethod(lambda *args: invoke(None, args))
    return lambda self, *args: invoke(self, args)


def _run_member(interp: Interpreter, scope: Any, member: N.FunctionMemberAst, obj: Any, args: list[Any],
                before_body: Any = None) -> Any:
    """Run a method or constructor body; its value is what `return` gave (other output is dropped)."""
    from pwshim.interpreter import ReturnSignal
    from pwshim.runtime.session import Scope

    session = interp.session
    saved_scope, saved_flag = session.scope, interp.in_class_method
    session.scope = Scope(scope)
    interp.in_class_method = True
    try:
        if obj is not None:
            session.set_variable("this", obj, "local")
        for param, value in zip(member.parameters, args):
            session.set_variable(param.name, value, "local")
        if before_body is not None:
            before_body(args)
        dropped: list[Any] = []
        try:
            interp.exec_block(member.body.end.body if member.body.end is not None else None, dropped.append)
        except ReturnSignal as sig:
            return sig.value
        return None
    finally:
        session.scope, interp.in_class_method = saved_scope, saved_flag


def _from_hashtable(cls: type, value: Any) -> Any:
    """`[Person]@{ Name = 'a' }`: the default constructor, then each key set as a property."""
    from pwshim.runtime.objects import Hashtable, set_property

    if not isinstance(value, dict | Hashtable):
        return NotImplemented
    obj = cls()
    for key, item in value.items():
        try:
            set_property(obj, str(key), item)
        except KeyError:
            raise _error(f'Cannot create object of type "{cls.__name__}". The {key} property was not found for the '
                         f'{cls.__name__} object. The available property is: '
                         + ", ".join(f"[{n} <{_type_label(cls, n)}>]" for n in cls.__ps_properties__) + ".",
                         "ObjectCreationError") from None
    return obj


def _type_label(cls: type, name: str) -> str:
    rtype = cls.__ps_types__.get(name)
    return rtype.FullName if rtype is not None else "System.Object"
