"""Nodes of `class` and `enum` definitions (read by pwshim/parser_typedef.py); part of
pwshim.nodes, which re-exports them."""

from __future__ import annotations

from pwshim.nodes import (
    Ast,
    AttributeBaseAst,
    ExpressionAst,
    ParameterAst,
    ScriptBlockAst,
    StatementAst,
    TypeName,
    _node,
)


@_node
class PropertyMemberAst(Ast):
    """A class property `[hidden] [static] [type] $name [= initial_value]`, or an enum member
    `Name [= initial_value]` (type None)."""

    name: str
    type: TypeName | None = None
    initial_value: StatementAst | None = None
    is_static: bool = False
    is_hidden: bool = False
    attributes: tuple[AttributeBaseAst, ...] = ()


@_node
class FunctionMemberAst(Ast):
    """A method `[static] [type] Name(params) { body }` or a constructor `Name(params) [: base(args)]
    { body }` (is_constructor; base_arguments: the `base(...)` argument expressions, else None)."""

    name: str
    parameters: tuple[ParameterAst, ...]
    body: ScriptBlockAst
    return_type: TypeName | None = None
    is_static: bool = False
    is_hidden: bool = False
    is_constructor: bool = False
    base_arguments: tuple[ExpressionAst, ...] | None = None


@_node
class TypeDefinitionAst(StatementAst):
    """`class Name [: Base] { members }` or `[Flags()] enum Name [: type] { members }`.

    is_enum: an enum. base_types: TypeName list after `:`. members: PropertyMemberAst and
    FunctionMemberAst in source order. attributes: AttributeAst written before the keyword."""

    name: str
    is_enum: bool
    base_types: tuple[TypeName, ...] = ()
    members: tuple[Ast, ...] = ()
    attributes: tuple[AttributeBaseAst, ...] = ()
