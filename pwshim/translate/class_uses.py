"""The uses of a script's classes and enums: `$this`, `[E]::Member`, `[C]::Static`, members of
objects whose class the translator knows (`$this.Name` -> `self.name`), `[enum]::GetNames([E])`."""

from __future__ import annotations

from typing import Any

from pwshim import nodes as N
from pwshim.translate.classes import VOID, Member, ScriptType, enum_member
from pwshim.translate.code import Expr, Unsupported, py_str


class ClassUseMixin:
    """Mixed into Generator (which provides script_type, declared_type, rt, expr...)."""

    class_stack: list[ScriptType]
    method_returns: list[Any]

    def this(self: Any, node: Any) -> Expr:
        if not self.class_stack or self.method_returns[-1][1]:
            raise Unsupported(node, "$this outside an instance method")
        return Expr("self", "object", dotnet=f"script:{self.class_stack[-1].node.name}")

    def static_member(self: Any, node: Any, info: ScriptType, name: str) -> Expr:
        """`[E]::Name` / `[C]::Prop`."""
        if info.is_enum:
            written = info.enum_members.get(name.lower())
            if written is None:
                raise Unsupported(node, f"[{info.node.name}] has no member {name}")
            return Expr(enum_member(info, written), "any")  # `E["None"]` for `[E]::None`
        member = info.find(name, True)
        if member is None or member.is_method:
            raise Unsupported(node, f"static member {name} of [{info.node.name}]")
        return Expr(f"{info.py_name}.{member.attr}", self.declared_type(member.type, node)[1])

    def static_call(self: Any, node: Any, info: ScriptType, name: str, args: list[str]) -> Expr:
        member = info.find(name, True)
        if info.is_enum or member is None or not member.is_method:
            raise Unsupported(node, f"static method {name} of [{info.node.name}]")
        return self._result(f"{info.py_name}.{member.attr}({', '.join(args)})", member, node)

    def instance_member(self: Any, node: Any, target: Expr, info: ScriptType, name: str) -> Expr | None:
        member = info.find(name, False)
        if member is None or member.is_method:
            return self.rt("member", target.code, py_str(name))  # $null (or what .NET objects have)
        return Expr(f"{target.operand()}.{member.attr}", self.declared_type(member.type, node)[1])

    def instance_call(self: Any, node: Any, target: Expr, info: ScriptType, name: str, args: list[str]) -> Expr | None:
        member = info.find(name, False)
        if member is not None and member.attr == "__str__":
            return None
        if member is None or not member.is_method:  # what every object has: GetType(), Equals()...
            return self.rt("call", target.code, py_str(name), *args, kind="object")
        return self._result(f"{target.operand()}.{member.attr}({', '.join(args)})", member, node)

    def _result(self: Any, code: str, member: Member, node: Any) -> Expr:
        """A method call's value, of the kind its declared return type says."""
        if member.type is not None and str(member.type).lower() in VOID:
            return Expr(code, "void")
        script = self.script_type(member.type)
        if script is not None and not script.is_enum:  # an object of a script class
            return Expr(code, "object", dotnet=f"script:{script.node.name}")
        return Expr(code, self.declared_type(member.type, node)[1])

    def static_store(self: Any, node: Any, info: ScriptType, name: str) -> tuple[str, Any]:
        """The target of `[C]::Prop = value` and the property's declared type."""
        member = info.find(name, True)
        if info.is_enum or member is None or member.is_method:
            raise Unsupported(node, f"assignment to static member {name} of [{info.node.name}]")
        return f"{info.py_name}.{member.attr}", member.type

    def enum_names(self: Any, node: Any, method: str, args: list[Any]) -> Expr | None:
        """`[enum]::GetNames([E])` -> `[m.name for m in E]`; GetValues -> `list(E)`."""
        if len(args) != 1 or not isinstance(args[0], N.TypeExpressionAst):
            return None
        info = self.script_type(args[0].type_name)
        if info is None or not info.is_enum:
            return None
        if method.lower() == "getnames":
            return Expr(f"[member.name for member in {info.py_name}]", "list")
        if method.lower() == "getvalues":
            return Expr(f"list({info.py_name})", "list")
        return None



    def member_target(self: Any, node: N.MemberExpressionAst) -> tuple[str, Any]:
        """The Python target of `$obj.Prop` / `[C]::Prop` and the property's declared type
        (None when unknown)."""
        name = self.member_name(node.member)
        if name is not None and isinstance(node.target, N.TypeExpressionAst):
            script = self.script_type(node.target.type_name)
            if script is not None:
                return self.static_store(node, script, name)
        if name is not None and not node.static:
            target = self.expr(node.target)
            script = self.script_type_of(target)
            member = script.find(name, False) if script is not None else None
            if member is not None and not member.is_method:
                return f"{target.operand()}.{member.attr}", member.type
        return self._store_target(node), None
