"""Structural checks: every node class has an interpreter handler; the cmdlet index is current."""

from __future__ import annotations

import json

from pwshim import nodes as N
from pwshim.interpreter import Interpreter

# Nodes the interpreter handles as parts of their parents, not through a visit_/eval_ method.
STRUCTURAL = {
    N.NamedAttributeArgumentAst, N.AttributeAst, N.TypeConstraintAst, N.ParameterAst,
    N.ParamBlockAst, N.StatementBlockAst, N.NamedBlockAst, N.ScriptBlockAst,
    N.FileRedirectionAst, N.MergingRedirectionAst, N.CommandParameterAst, N.CommandAst,
    N.CommandExpressionAst, N.CatchClauseAst, N.PropertyMemberAst, N.FunctionMemberAst,
}


def test_every_node_has_a_handler() -> None:
    missing = []
    for cls in N.ALL_NODES:
        if cls in STRUCTURAL:
            continue
        prefix = "eval_" if issubclass(cls, N.ExpressionAst) else "visit_"
        if not hasattr(Interpreter, prefix + cls.__name__):
            missing.append(cls.__name__)
    assert missing == []


def test_cmdlet_index_is_current() -> None:
    from pwshim.runtime import cmdlet

    on_disk = json.loads(cmdlet.INDEX_PATH.read_text(encoding="utf-8"))
    assert on_disk == cmdlet.build_index(), "run: python -m pwshim.runtime.cmdlet"


def test_shipped_parse_tables_match_the_grammar() -> None:
    """grammar/*.lalr.pickle ships in the package so no installed copy compiles the grammar at
    start-up; it must be the one for the current grammar (run any parse to regenerate it)."""
    import zlib
    from pathlib import Path

    grammar_dir = Path(__file__).resolve().parents[2] / "grammar"
    grammar = (grammar_dir / "powershell.lark").read_bytes()
    digest = f"{zlib.crc32(grammar):08x}{len(grammar):x}"
    assert [p.name for p in grammar_dir.glob("*.lalr.pickle")] == [f"powershell-{digest}.lalr.pickle"]
