"""The switch statement: -Regex, -Wildcard, -Exact, -CaseSensitive, -File; break/continue."""

from __future__ import annotations

from typing import Any, Callable

from pwshim import nodes as N
from pwshim.interp_expressions import enumerate_value
from pwshim.runtime import operators
from pwshim.runtime.conversions import to_bool, to_string


def _matches(interp: Any, node: N.SwitchStatementAst, clause: N.ExpressionAst, item: Any) -> bool:
    from pwshim.runtime.scriptblock import ScriptBlock

    flags = set(node.flags)
    case = "casesensitive" in flags
    cond = interp.eval(clause)
    if isinstance(cond, ScriptBlock):
        out = cond.invoke(dollar_under=item)
        return to_bool(out[0] if len(out) == 1 else out)
    if "regex" in flags:
        m = operators.regex_match(item, cond, case)
        if m is not None:
            interp.session.set_variable("Matches", operators.match_table(m))
        return m is not None
    if "wildcard" in flags:
        return operators.like(item, cond, case)
    if isinstance(item, str) or isinstance(cond, str):
        a, b = to_string(item), to_string(cond)
        return a == b if case else a.lower() == b.lower()
    return operators.equals(item, cond, case)


def run_switch(interp: Any, node: N.SwitchStatementAst, out: Callable[[Any], None]) -> None:
    from pwshim.interpreter import BreakSignal, ContinueSignal

    if "file" in node.flags:
        path = interp.session.resolve_path(to_string(interp.eval_statement_value(node.condition)))
        with open(path, encoding="utf-8-sig") as fh:
            items: list[Any] = fh.read().splitlines()
    else:
        items = enumerate_value(interp.eval_statement_value(node.condition))
    session = interp.session
    for item in items:
        session.set_variable("_", item)
        session.set_variable("PSItem", item)
        matched = False
        try:
            for clause, body in node.clauses:
                if _matches(interp, node, clause, item):
                    matched = True
                    interp.exec_block(body, out)
            if not matched and node.default is not None:
                interp.exec_block(node.default, out)
        except BreakSignal as sig:
            if sig.label is None or (node.label and sig.label.lower() == node.label.lower()):
                return
            raise
        except ContinueSignal as sig:
            if sig.label is None or (node.label and sig.label.lower() == node.label.lower()):
                continue
            raise
