"""Shared helpers for the parser tests: a compact S-expression dump of a syntax tree."""

from __future__ import annotations

from dataclasses import fields

import pytest

from pwshim import nodes as N


def sexp(node: object) -> str:
    """A short, readable rendering: `$x = 1 + 2` -> `(= $x (+ 1 2))`."""
    if node is None:
        return "_"
    if isinstance(node, tuple):
        return "[" + " ".join(sexp(x) for x in node) + "]"
    if isinstance(node, str):
        return repr(node)
    if isinstance(node, N.TypeName):
        return f"[{node}]"
    if isinstance(node, N.ScriptBlockAst):
        if node.param_block is None and not any((node.begin, node.process, node.clean, node.dynamicparam)):
            return "; ".join(sexp(s) for s in node.statements)
        parts = [sexp(node.param_block)] if node.param_block else []
        for kind in ("begin", "process", "end", "clean", "dynamicparam"):
            nb = getattr(node, kind)
            if nb is not None:
                parts.append(f"{kind}:{{{sexp(nb.body)}}}")
        return "(script " + " ".join(parts) + ")"
    if isinstance(node, N.StatementBlockAst):
        return "; ".join(sexp(s) for s in node.statements)
    if isinstance(node, N.PipelineAst):
        inner = " ".join(sexp(e) for e in node.elements)
        text = inner if len(node.elements) == 1 else f"(| {inner})"
        return text + (" &" if node.background else "")
    if isinstance(node, N.CommandExpressionAst):
        redirs = "".join(" " + sexp(r) for r in node.redirections)
        return sexp(node.expression) + redirs
    if isinstance(node, N.CommandAst):
        head = {None: "cmd", "&": "&", ".": "."}[node.invocation]
        items = [sexp(e) for e in node.elements] + [sexp(r) for r in node.redirections]
        return f"({head} " + " ".join(items) + ")"
    if isinstance(node, N.CommandParameterAst):
        return f"-{node.name}" + (f":{sexp(node.argument)}" if node.used_colon else "")
    if isinstance(node, N.ConstantExpressionAst):
        return repr(node.value) if not isinstance(node.value, int) or isinstance(node.value, bool) else str(node.value)
    if isinstance(node, N.StringConstantExpressionAst):
        return node.value if node.kind == "bareword" else repr(node.value)
    if isinstance(node, N.ExpandableStringExpressionAst):
        return "(expand " + " ".join(sexp(p) for p in node.parts) + ")"
    if isinstance(node, N.VariableExpressionAst):
        return ("@" if node.splatted else "$") + node.full_name
    if isinstance(node, N.BinaryExpressionAst):
        return f"({node.op} {sexp(node.left)} {sexp(node.right)})"
    if isinstance(node, N.UnaryExpressionAst):
        return f"({node.op} {sexp(node.child)})"
    if isinstance(node, N.ConvertExpressionAst):
        return f"([{node.type_name}] {sexp(node.child)})"
    if isinstance(node, N.TypeExpressionAst):
        return f"[{node.type_name}]"
    if isinstance(node, N.MemberExpressionAst):
        op = "::" if node.static else "?." if node.null_conditional else "."
        return f"({op} {sexp(node.target)} {sexp(node.member)})"
    if isinstance(node, N.InvokeMemberExpressionAst):
        op = "::" if node.static else "."
        return f"({op}call {sexp(node.target)} {sexp(node.member)}" + "".join(" " + sexp(a) for a in node.arguments) + ")"
    if isinstance(node, N.IndexExpressionAst):
        return f"([] {sexp(node.target)} {sexp(node.index)})"
    if isinstance(node, N.ArrayLiteralAst):
        return "(, " + " ".join(sexp(e) for e in node.elements) + ")"
    if isinstance(node, N.ArrayExpressionAst):
        return f"(@() {sexp(node.body)})"
    if isinstance(node, N.SubExpressionAst):
        return f"($() {sexp(node.body)})"
    if isinstance(node, N.ParenExpressionAst):
        return f"(paren {sexp(node.pipeline)})"
    if isinstance(node, N.HashtableAst):
        head = "[ordered]@{}" if node.ordered else "@{}"
        return f"({head}" + "".join(f" {sexp(k)}={sexp(v)}" for k, v in node.pairs) + ")"
    if isinstance(node, N.ScriptBlockExpressionAst):
        return "{" + sexp(node.script_block) + "}"
    if isinstance(node, N.AssignmentStatementAst):
        return f"({node.operator} {sexp(node.left)} {sexp(node.right)})"
    name = type(node).__name__.removesuffix("Ast").removesuffix("Statement").removesuffix("Expression")
    parts = []
    for f in fields(node):
        if f.name in ("span", "text"):
            continue
        value = getattr(node, f.name)
        if value in (None, (), False) and f.name not in ("clauses",):
            continue
        if isinstance(value, tuple) and value and isinstance(value[0], tuple):
            value = "[" + " ".join("(" + " ".join(sexp(x) for x in pair) + ")" for pair in value) + "]"
            parts.append(f"{f.name}={value}")
        else:
            parts.append(f"{f.name}={sexp(value) if not isinstance(value, (bool, int)) else value}")
    return f"({name} " + " ".join(parts) + ")"


@pytest.fixture
def dump():
    return sexp
