"""PowerShell classes and enums -> Python classes.

    enum AuthKind { ManagedIdentity; Secret }   -> class AuthKind(enum.IntEnum): ...
    [Flags()] enum Perm { Read = 1; Write = 2 } -> class Perm(enum.IntFlag): ...
    class SignIn : Base {                        -> class SignIn(Base):
        [string]$Name                                name = rt.field("Name", str)
        hidden [int]$Tries = 3                       tries = rt.field("Tries", int, 3, hidden=True)
        static [int]$Created = 0                     created = 0
        SignIn([string]$n) : base($n) { ... }        def __init__(self, n): ...; super().__init__(n)
        [bool] Ok() { return $this.Tries -gt 0 }     def ok(self) -> bool: return rt.gt(self.tries, 0)
        [string] ToString() { return ... }           def __str__(self) -> str: ...
    }

Members are named by the translator's rules (`$this.CertPath` -> `self.cert_path`); a typed
property converts what is assigned to it (rt.field); overloads are chosen by argument count
(`def m(self, *args)` dispatching on len(args)); a method's value is only what it returns.
What has no faithful Python shape (overloads by type, a .NET base class, a class defined inside
a block) stays an untranslated marker.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass, field
from typing import Any

from pwshim import nodes as N
from pwshim.runtime.cmdlet import snake
from pwshim.translate.code import Expr, Unsupported, py_str

# Declared types the translator writes as Python types: (type expression, kind of a value read).
_BUILTIN = {
    "string": ("str", "any"), "system.string": ("str", "any"),  # a [string] property may hold $null
    "int": ("int", "int"), "int32": ("int", "int"), "system.int32": ("int", "int"),
    "bool": ("bool", "bool"), "boolean": ("bool", "bool"), "system.boolean": ("bool", "bool"),
    "double": ("float", "float"), "system.double": ("float", "float"),
}
_OBJECT = frozenset({"object", "system.object", "psobject"})
VOID = frozenset({"void", "system.void"})
# What an unset value-typed property or method result is ($null converted to the type).
_ZERO = {"int": "0", "float": "0.0", "bool": "False"}


@dataclass
class Member:
    """A property or a method group of a script class."""

    ps_name: str
    attr: str
    is_static: bool
    type: Any = None  # TypeName of a property, return TypeName of a method
    is_method: bool = False
    nodes: list[Any] = field(default_factory=list)  # the overloads of a method


@dataclass
class ScriptType:
    """A class or enum the script defines."""

    node: N.TypeDefinitionAst
    py_name: str
    base: ScriptType | None = None
    enum_members: dict[str, str] = field(default_factory=dict)  # lower -> name as written
    members: dict[tuple[str, bool], Member] = field(default_factory=dict)  # (lower ps name, static)
    defined: bool = False
    clashes: list[str] = field(default_factory=list)  # names both a property and a method use

    @property
    def is_enum(self) -> bool:
        return self.node.is_enum

    def find(self, name: str, static: bool) -> Member | None:
        """A member by PowerShell name (case-insensitive), this class's first, then its base's."""
        klass: ScriptType | None = self
        while klass is not None:
            found = klass.members.get((name.lower(), static))
            if found is not None:
                return found
            klass = klass.base
        return None


def _is_identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


class ClassMixin:
    """Mixed into Generator: type definitions, and the members of script types."""

    script_types: dict[str, ScriptType]
    class_stack: list[ScriptType]
    method_returns: list[Any]

    # --- prepass --------------------------------------------------------------------------------
    def collect_types(self: Any, all_nodes: list[Any]) -> None:
        """Name every class and enum of the script and index its members (before any code)."""
        definitions = [n for n in all_nodes if isinstance(n, N.TypeDefinitionAst)]
        for node in definitions:
            key = node.name.lower()
            if key in self.script_types:
                continue  # a second definition of a name: translated where it is, marked
            self.script_types[key] = ScriptType(node, self.names.type_alias(node.name))
        for info in self.script_types.values():
            node = info.node
            if node.is_enum:
                info.enum_members = {m.name.lower(): m.name for m in node.members}
                continue
            if node.base_types:
                info.base = self.script_types.get(str(node.base_types[0]).lower())
            for m in node.members:
                key = (m.name.lower(), m.is_static)
                if isinstance(m, N.PropertyMemberAst):
                    if key in info.members:
                        info.clashes.append(m.name)
                    info.members[key] = Member(m.name, snake(m.name), m.is_static, m.type)
                elif isinstance(m, N.FunctionMemberAst) and not m.is_constructor:
                    if key in info.members and not info.members[key].is_method:
                        info.clashes.append(m.name)
                        continue
                    if key not in info.members:
                        attr = "__str__" if m.name.lower() == "tostring" and not m.is_static else snake(m.name)
                        info.members[key] = Member(m.name, attr, m.is_static, m.return_type, is_method=True)
                    info.members[key].nodes.append(m)

    def script_type(self, name: Any) -> ScriptType | None:
        """The script's class or enum named `name` (a TypeName or text), else None."""
        if name is None:
            return None
        if not isinstance(name, str):
            if name.is_array or name.is_generic:
                return None
            name = str(name)
        return self.script_types.get(name.lower())

    def script_type_of(self, value: Expr) -> ScriptType | None:
        """The script class of a value whose type the translator knows (`$this`, `[C]::new()`)."""
        if value.dotnet is None or not value.dotnet.startswith("script:"):
            return None
        return self.script_type(value.dotnet[len("script:"):])

    def type_value(self: Any, type_name: Any, info: ScriptType) -> str:
        """A type as written in generated code: the Python class, or its name where the class is
        not defined yet (its own body, a class above it; it registers itself under that name).
        Code inside a method runs once every class is defined: there the class serves."""
        runs_later = bool(self.method_returns) or getattr(self, "_in_parameters", False)
        return info.py_name if info.defined or runs_later else py_str(info.node.name)

    def declared_type(self: Any, type_name: Any, node: Any) -> tuple[str | None, str]:
        """A declared type as a Python expression (None: untyped) and the kind of a value read."""
        if type_name is None:
            return None, "any"
        lower = str(type_name).lower()
        if lower in _OBJECT:
            return None, "any"
        if lower in _BUILTIN:
            return _BUILTIN[lower]
        info = self.script_type(type_name)
        if info is not None:
            return self.type_value(type_name, info), "any"
        from pwshim.runtime.types import lookup_type

        if lookup_type(str(type_name)) is None:
            raise Unsupported(node, f"unknown type [{type_name}]")
        return py_str(str(type_name)), "any"

    # --- definitions ----------------------------------------------------------------------------
    def visit_TypeDefinitionAst(self: Any, node: N.TypeDefinitionAst) -> None:
        info = self.script_types.get(node.name.lower())
        what = f"{'enum' if node.is_enum else 'class'} {node.name}"
        if info is None or info.node is not node:
            raise Unsupported(node, f"{what} defined twice")
        if self.indent or self.block_depth or self.output[-1] is not None:
            raise Unsupported(node, f"{what} defined inside a block")
        at = len(self.lines)
        if node.is_enum:
            self._enum(node, info)
        else:
            self._class(node, info)
        info.defined = True
        written = self.lines[at:]
        del self.lines[at:]
        self._top_level_gap()  # only once the definition translated: a marker needs no gap
        self.lines += [*written, "", ""]

    def _top_level_gap(self: Any) -> None:
        """Two blank lines before a top-level class (PEP 8), above the comments that lead it."""
        if not self.lines:
            return
        at = len(self.lines)
        while at and self.lines[at - 1].startswith("#"):
            at -= 1
        lead = self.lines[at:]
        del self.lines[at:]
        while self.lines and not self.lines[-1].strip():
            self.lines.pop()
        self.lines += ["", "", *lead] if self.lines else lead

    def _enum(self: Any, node: N.TypeDefinitionAst, info: ScriptType) -> None:
        if node.base_types:
            raise Unsupported(node, f"enum {node.name} with an underlying type")
        flags = False
        for attribute in node.attributes:
            if isinstance(attribute, N.AttributeAst) and str(attribute.type_name).lower() in ("flags", "system.flags", "flagsattribute"):
                flags = True
            else:
                raise Unsupported(node, f"attribute on enum {node.name}")
        self.use("enum")
        base = f"enum.{'IntFlag' if flags else 'IntEnum'}"
        values: list[tuple[N.PropertyMemberAst, int]] = []
        value = -1
        for m in node.members:
            if not m.name.isidentifier() or m.name.startswith("_") or m.name.lower() in ("name", "value", "mro"):
                raise Unsupported(node, f"enum member name {m.name}")
            if m.initial_value is not None:
                value = _constant_int(m.initial_value)
                if value is None:
                    raise Unsupported(m.initial_value, f"enum member {m.name} with a value that is not a constant integer")
            else:
                value += 1
            values.append((m, value))
        if any(keyword.iskeyword(m.name) for m, _ in values):
            # `None = 0` (common in a [Flags()] enum) cannot be a class attribute: the functional form
            pairs = ", ".join(f"({py_str(m.name)}, {v})" for m, v in values)
            self.line(f"{info.py_name} = {base}({py_str(node.name)}, [{pairs}])")
            return
        self.line(f"class {info.py_name}({base}):")
        self.indent += 1
        for m, v in values:
            if m.span is not None:
                self.comment_lines(self.comments.before(m.span.line))
            self.line(f"{m.name} = {v}")
            self._trailing(m)
        if not node.members:
            self.line("pass")
        if node.span is not None:
            self.comment_lines(self.comments.before(node.span.end_line))
        self.indent -= 1

    def _class(self: Any, node: N.TypeDefinitionAst, info: ScriptType) -> None:
        if node.attributes:
            raise Unsupported(node, f"attribute on class {node.name}")
        base = "rt.ScriptObject"
        if node.base_types:
            if len(node.base_types) > 1 or info.base is None or info.base.is_enum:
                raise Unsupported(node, f"class {node.name} deriving from a .NET type or interface")
            if not info.base.defined:
                raise Unsupported(node, f"class {node.name} written before its base class {info.base.node.name}")
            base = info.base.py_name
        self.use("rt")
        self._check_names(node, info)
        self.line(f"class {info.py_name}({base}):")
        self.indent += 1
        self.class_stack.append(info)
        try:
            first = True
            for m in node.members:
                if isinstance(m, N.PropertyMemberAst):
                    self._member_comments(m)
                    self._property(m, info)
                    self._trailing(m)
                    first = False
            ctors = [m for m in node.members if isinstance(m, N.FunctionMemberAst) and m.is_constructor]
            if ctors:
                self._member_comments(ctors[0])
                if not first:
                    self.lines.append("")
                self._constructor(ctors, info)
                first = False
            done: set[tuple[str, bool]] = set()
            for m in node.members:
                if not isinstance(m, N.FunctionMemberAst) or m.is_constructor:
                    continue
                key = (m.name.lower(), m.is_static)
                if key in done:
                    continue
                done.add(key)
                self._member_comments(m)
                if not first:
                    self.lines.append("")
                self._method(info.members[key], info)
                first = False
            if node.span is not None:
                self.comment_lines(self.comments.before(node.span.end_line))
            if first:
                self.line("pass")
        finally:
            self.class_stack.pop()
            self.indent -= 1

    def _member_comments(self: Any, m: Any) -> None:
        if m.span is not None:
            self.comment_lines(self.comments.before(m.span.line))

    def _trailing(self: Any, m: Any) -> None:
        """A comment after a property or enum member on its line stays at the end of its line."""
        if m.span is not None:
            trailing = self.comments.trailing_on(m.span.end_line)
            if trailing:
                self.lines[-1] += "  # " + " ".join(" ".join(c.lines) for c in trailing)

    def _check_names(self: Any, node: N.TypeDefinitionAst, info: ScriptType) -> None:
        """Every member needs a Python name of its own (PowerShell may share one between a
        property and a method; Python cannot)."""
        if info.clashes:
            raise Unsupported(node, f"members {info.clashes[0]} (a property and a method) of one Python name")
        seen: dict[str, Any] = {}
        klass: ScriptType | None = info
        while klass is not None:
            for member in klass.members.values():
                if not _is_identifier(member.attr) and member.attr != "__str__":
                    raise Unsupported(node, f"member name {member.ps_name}")
                if member.attr.startswith("_") and member.attr != "__str__":
                    raise Unsupported(node, f"member name {member.ps_name}")
                other = seen.get(member.attr)
                if other is not None and other != (member.ps_name.lower(), member.is_method, member.is_static):
                    raise Unsupported(node, f"members {other[0]} and {member.ps_name} of one Python name")
                seen.setdefault(member.attr, (member.ps_name.lower(), member.is_method, member.is_static))
            klass = klass.base
        for attr in ("str", "int", "bool", "float", "rt", "enum", *(t.py_name for t in self.script_types.values())):
            if attr in seen:  # the class body names these (field types): a member may not hide them
                raise Unsupported(node, f"member name {seen[attr][0]}")

    def _property(self: Any, m: N.PropertyMemberAst, info: ScriptType) -> None:
        attr = snake(m.name)
        type_code, kind = self.declared_type(m.type, m)
        if m.attributes:
            raise Unsupported(m, f"attribute on property {m.name}")
        value = self.statement_value(m.initial_value) if m.initial_value is not None else None
        if m.is_static:
            if value is None:
                enum_type = self.script_type(m.type)
                if enum_type is not None and enum_type.is_enum:
                    zero = _enum_zero(enum_type)
                    code = enum_member(enum_type, zero) if zero else "None"
                else:
                    code = _ZERO.get(type_code or "", "None")
            elif type_code is None or (value.kind == kind and kind != "any") or (type_code == "str" and value.kind == "str"):
                code = value.code
            else:
                code = self.rt("convert", value.code, type_code).code
            self.line(f"{attr} = {code}")
            return
        args = [py_str(m.name)]
        if type_code is not None:
            args.append(type_code)
        if value is not None:
            if _is_constant(m.initial_value, self):
                if type_code is None:
                    args.append("None")
                args.append(value.code)
            else:
                if type_code is None:
                    args.append("None")
                args.append("factory=list" if value.code == "[]" else f"factory=lambda: {value.code}")  # PIE807
        if m.is_hidden:
            args.append("hidden=True")
        self.line(f"{attr} = rt.field({', '.join(args)})")

    # --- constructors and methods ---------------------------------------------------------------
    def _constructor(self: Any, ctors: list[N.FunctionMemberAst], info: ScriptType) -> None:
        def base_call(ctor: N.FunctionMemberAst) -> list[str]:
            if info.base is None:
                if ctor.base_arguments:
                    raise Unsupported(ctor, "base(...) in a class without a base class")
                return []
            args = [self.expr(a).code for a in ctor.base_arguments or ()]
            return [f"super().__init__({', '.join(args)})"]

        self._overloads(ctors, "__init__", "new", None, base_call)

    def _method(self: Any, member: Member, info: ScriptType) -> None:
        if member.attr == "__str__" and (len(member.nodes) > 1 or member.nodes[0].parameters):
            raise Unsupported(member.nodes[0], "ToString overloads with parameters")
        self._overloads(member.nodes, member.attr, member.ps_name, member.type, lambda m: [],
                        static=member.is_static)

    def _overloads(self: Any, group: list[N.FunctionMemberAst], attr: str, ps_name: str, returns: Any,
                   before: Any, static: bool = False) -> None:
        counts = [len(m.parameters) for m in group]
        if len(set(counts)) != len(counts):
            raise Unsupported(group[0], f"overloads of {ps_name} with the same number of parameters (chosen by type)")
        annotation = self._return_annotation(returns)
        if static:
            self.line("@staticmethod")
        receiver = [] if static else ["self"]
        if len(group) == 1:
            m = group[0]
            params = [self.names.variable(p.name) for p in m.parameters]
            self.line(f"def {attr}({', '.join(receiver + params)}){annotation}:")
            saved = dict(self.kinds)  # the parameters' kinds hold inside the method only
            self._body(m, returns, [*self._conversions(m), *before(m)], static)
            self.kinds = saved
            return
        self.line(f"def {attr}({', '.join([*receiver, '*args'])}){annotation}:")
        self.indent += 1
        for i, m in enumerate(sorted(group, key=lambda m: len(m.parameters))):
            params = [self.names.variable(p.name) for p in m.parameters]
            self.line(f"{'if' if i == 0 else 'elif'} len(args) == {len(params)}:")
            unpack = [f"({params[0]},) = args"] if len(params) == 1 else [f"{', '.join(params)} = args"] if params else []
            saved = dict(self.kinds)
            self._body(m, returns, [*unpack, *self._conversions(m), *before(m)], static)
            self.kinds = saved
        self.use("rt")
        self.line("else:")
        self.line(f"    raise rt.no_overload({py_str(ps_name)}, len(args))")
        self.indent -= 1

    def _conversions(self: Any, m: N.FunctionMemberAst) -> list[str]:
        """A typed parameter converts its argument (`$n` of `[int]$n` is an int)."""
        out = []
        self._in_parameters = True
        try:
            out = self._parameter_conversions(m)
        finally:
            self._in_parameters = False
        return out

    def _parameter_conversions(self: Any, m: N.FunctionMemberAst) -> list[str]:
        out = []
        for p in m.parameters:
            if p.attributes and any(isinstance(a, N.AttributeAst) for a in p.attributes):
                raise Unsupported(m, f"attribute on parameter ${p.name}")
            if p.default is not None:
                raise Unsupported(m, f"default value of parameter ${p.name}")
            name = self.names.variable(p.name)
            type_code, kind = self.declared_type(p.type, m)
            self.kinds[name] = kind if kind in ("int", "bool", "float") else "any"
            if type_code is not None:
                self.use("rt")
                out.append(f"{name} = rt.convert({name}, {type_code})")
        return out

    def _return_annotation(self: Any, returns: Any) -> str:
        if returns is None:
            return ""
        lower = str(returns).lower()
        if lower in VOID:
            return " -> None"
        if lower in _BUILTIN and not returns.is_array:
            return f" -> {_BUILTIN[lower][0]}"
        script = self.script_type(returns)
        if script is not None:  # quoted while the class is not defined yet (its own methods)
            return f" -> {script.py_name}" if script.defined else f' -> "{script.py_name}"'
        return ""

    def _body(self: Any, m: N.FunctionMemberAst, returns: Any, prologue: list[str], static: bool) -> None:
        """A method or constructor body: output is dropped, `return` gives the value."""
        body = m.body
        if body.param_block or body.begin or body.process or body.dynamicparam or body.clean:
            raise Unsupported(m, f"named blocks in {m.name}")
        saved = (dict(self.kinds), self.item_stack, self.loop_depth)
        self.item_stack, self.loop_depth = [], 0
        self.output.append("method")
        self.method_returns.append((returns, static))
        self.globals_stack.append(set())
        self.args_stack.append(False)
        self.input_stack.append(False)
        start = len(self.lines)
        try:
            statements = body.end.body if body.end is not None else None
            self.block(statements, prologue=prologue)
            stmts = statements.statements if statements is not None else ()
            zero = self._zero_result(returns)
            if zero is not None and not (stmts and isinstance(stmts[-1], N.ReturnStatementAst)):
                self.line(f"    return {zero}")  # falling off the end returns $null as the type
        finally:
            self.output.pop()
            self.method_returns.pop()
            declared = self.globals_stack.pop()
            self.args_stack.pop()
            self.input_stack.pop()
            self.kinds, self.item_stack, self.loop_depth = saved
        inner = "    " * (self.indent + 1)
        if declared:
            self.lines.insert(start, f"{inner}global {', '.join(sorted(declared))}")
        if len(self.lines) > start + 1 and self.lines[-1] == inner + "return":
            del self.lines[-1]

    def _zero_result(self: Any, returns: Any) -> str | None:
        if returns is None:
            return None
        lower = str(returns).lower()
        if lower in _BUILTIN and not returns.is_array:
            return _ZERO.get(_BUILTIN[lower][0])
        info = self.script_type(returns)
        if info is not None and info.is_enum:
            zero = _enum_zero(info)
            return enum_member(info, zero) if zero else None
        return None

    def method_return(self: Any, node: Any, value: Expr | None) -> str:
        """`return X` in a method: X converted to the declared return type."""
        returns, _ = self.method_returns[-1]
        if value is None:
            return "return"
        if returns is None:
            return f"return {value.code}"
        lower = str(returns).lower()
        if lower in VOID:
            raise Unsupported(node, "return with a value from a [void] method")
        type_code, kind = self.declared_type(returns, node)
        script = self.script_type(returns)
        if script is not None and value.dotnet == f"script:{script.node.name}":
            return f"return {value.code}"  # already an object of the class
        if type_code is None or (kind != "any" and value.kind == kind) or (type_code == "str" and value.kind == "str"):
            return f"return {value.code}"
        if type_code == "str":
            return f"return {self.cast(returns, value).code}"
        return f"return {self.rt('convert', value.code, type_code).code}"


def hoisted(statements: tuple[Any, ...]) -> list[Any]:
    """The script's statements, its classes and enums first when a statement above one uses
    it (pwsh defines a script's types before running it; Python needs them defined first).
    Enums come before classes, a base class before those deriving from it."""
    definitions = [s for s in statements if isinstance(s, N.TypeDefinitionAst)]
    ordered = _dependency_order(definitions)
    hoist = any(a is not b for a, b in zip(ordered, definitions, strict=True))
    for i, stmt in enumerate(statements):
        if isinstance(stmt, N.TypeDefinitionAst | N.FunctionDefinitionAst):
            continue
        later = {s.name.lower() for s in statements[i + 1:] if isinstance(s, N.TypeDefinitionAst)}
        hoist = hoist or bool(later and _mentions(stmt, later))
    if not hoist:
        return list(statements)
    return ordered + [s for s in statements if not isinstance(s, N.TypeDefinitionAst)]


def _mentions(node: Any, names: set[str]) -> bool:
    """Whether `node` names one of the script's types ([T], [T]::new(), New-Object T)."""
    for n in N.walk(node):
        if isinstance(n, N.TypeExpressionAst | N.ConvertExpressionAst) and str(n.type_name).lower() in names:
            return True
        if isinstance(n, N.StringConstantExpressionAst) and n.value.lower() in names:
            return True
    return False


def _dependency_order(definitions: list[N.TypeDefinitionAst]) -> list[N.TypeDefinitionAst]:
    """Enums first, then classes with each base class before the classes deriving from it."""
    enums = [d for d in definitions if d.is_enum]
    pending = [d for d in definitions if not d.is_enum]
    done: list[N.TypeDefinitionAst] = []
    known = {d.name.lower() for d in pending}
    while pending:
        for d in pending:
            base = str(d.base_types[0]).lower() if d.base_types else None
            if base is None or base not in known or any(x.name.lower() == base for x in done):
                done.append(d)
                pending.remove(d)
                break
        else:  # a cycle: leave the rest in source order (translated as far as it goes)
            done.extend(pending)
            break
    return enums + done


def enum_member(info: ScriptType, name: str) -> str:
    """`E.Name`, or `E["None"]` for a member named by a Python keyword."""
    return f"{info.py_name}[{py_str(name)}]" if keyword.iskeyword(name) else f"{info.py_name}.{name}"


def _enum_zero(info: ScriptType) -> str | None:
    """The enum member whose value is 0 (an enum property's default), if any."""
    value = -1
    for m in info.node.members:
        value = _constant_int(m.initial_value) if m.initial_value is not None else value + 1
        if value == 0:
            return m.name
        if value is None:
            return None
    return None


def _constant_int(node: Any) -> int | None:
    """The integer an enum member's `= value` writes (a literal, possibly negative), else None."""
    expression = node
    if isinstance(expression, N.PipelineAst) and len(expression.elements) == 1 and isinstance(expression.elements[0], N.CommandExpressionAst):
        expression = expression.elements[0].expression
    sign = 1
    if isinstance(expression, N.UnaryExpressionAst) and expression.op in ("-", "+"):
        sign = -1 if expression.op == "-" else 1
        expression = expression.child
    if isinstance(expression, N.ConstantExpressionAst) and isinstance(expression.value, int) and not isinstance(expression.value, bool):
        return sign * expression.value
    return None


def _is_constant(node: Any, gen: Any) -> bool:
    """Whether a property's initial value is immutable and computed once (a literal, $true,
    an enum member), so every object may share it."""
    expression = node
    if isinstance(expression, N.PipelineAst) and len(expression.elements) == 1 and isinstance(expression.elements[0], N.CommandExpressionAst):
        expression = expression.elements[0].expression
    if isinstance(expression, N.UnaryExpressionAst) and expression.op in ("-", "+"):
        expression = expression.child
    if isinstance(expression, N.ConstantExpressionAst | N.StringConstantExpressionAst):
        return True
    if isinstance(expression, N.VariableExpressionAst):
        return expression.scope is None and expression.name.lower() in ("true", "false", "null")
    if isinstance(expression, N.MemberExpressionAst) and isinstance(expression.target, N.TypeExpressionAst):
        info = gen.script_type(expression.target.type_name)
        return info is not None and info.is_enum
    return False
