"""Ruff-clean output: where the generated code is right as PowerShell meant it but a default
ruff rule objects, say why on that line (`# noqa: CODE - reason`).

Decided on the generated Python itself (its `ast`), not guessed from the PowerShell:
- F841 / RUF059: a function's local that is assigned and never read (PowerShell allows it).
- BLE001: `except Exception` that does not re-raise (PowerShell's `catch {}` catches every error).
- S110 / S112: a handler that only passes / continues (an empty `catch {}`).
"""

from __future__ import annotations

import ast
import io
import tokenize

_REASONS = {
    "F841": "assigned as in the script",
    "RUF059": "assigned as in the script",
    "BLE001": "PowerShell's catch {} catches every error",
    "S110": "an empty catch {} in the script",
    "S112": "an empty catch {} in the script",
}


def annotate(code: str) -> str:
    """`code` with noqa comments for the findings above (unchanged if it does not parse)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code
    codes: dict[int, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            _unused_locals(node, codes)
        elif isinstance(node, ast.ExceptHandler):
            _handler(node, codes)
    if not codes:
        return code
    comments = _comment_columns(code)
    lines = code.split("\n")
    for lineno, found in codes.items():
        text = lines[lineno - 1]
        unique = sorted(set(found))
        note = f"# noqa: {', '.join(unique)} - {_REASONS[unique[0]]}"
        column = comments.get(lineno)
        if column is None:
            lines[lineno - 1] = f"{text}  {note}"
        else:  # before the comment the line already has (a PowerShell comment kept there)
            lines[lineno - 1] = f"{text[:column].rstrip()}  {note}  {text[column:]}"
    return "\n".join(lines)


def undefined_names(code: str) -> list[str]:
    """Names the module reads as globals but never binds (a PowerShell variable the script
    never sets, or sets only in a statement left untranslated), in order of first use."""
    import builtins
    import symtable

    try:
        top = symtable.symtable(code, "<translated>", "exec")
    except SyntaxError:
        return []
    bound = {s.get_name() for s in top.get_symbols() if s.is_assigned() or s.is_imported()}
    found: list[str] = []

    def walk(table: symtable.SymbolTable) -> None:
        for symbol in table.get_symbols():
            name = symbol.get_name()
            global_read = symbol.is_referenced() and (table is top or (symbol.is_global() and not symbol.is_declared_global()))
            if global_read and name not in bound and not hasattr(builtins, name) and name not in found:
                found.append(name)
        for child in table.get_children():
            walk(child)

    walk(top)
    return [name for name in found if name != "__file__"]


def _own_nodes(func: ast.AST) -> list[ast.AST]:
    """The nodes of a function's own scope (not inside nested defs, lambdas or classes)."""
    out: list[ast.AST] = []
    stack = list(ast.iter_child_nodes(func))
    while stack:
        node = stack.pop()
        out.append(node)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        stack.extend(ast.iter_child_nodes(node))
    return out


def _unused_locals(func: ast.FunctionDef | ast.AsyncFunctionDef, codes: dict[int, list[str]]) -> None:
    declared = {name for node in _own_nodes(func) if isinstance(node, ast.Global | ast.Nonlocal) for name in node.names}
    loaded = {node.id for node in ast.walk(func) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    last: dict[str, int] = {}  # ruff reports an unused name at its last assignment only
    for node in _own_nodes(func):
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target = node.targets[0]
        if isinstance(target, ast.Name) and target.id not in loaded and target.id not in declared:
            last[target.id] = max(last.get(target.id, 0), node.lineno)
        elif isinstance(target, ast.Tuple) and any(
            isinstance(e, ast.Name) and e.id not in loaded and e.id not in declared for e in target.elts
        ):
            codes.setdefault(node.lineno, []).append("RUF059")
    for lineno in last.values():
        codes.setdefault(lineno, []).append("F841")


def _handler(handler: ast.ExceptHandler, codes: dict[int, list[str]]) -> None:
    body = handler.body
    if len(body) == 1 and isinstance(body[0], ast.Pass):
        codes.setdefault(handler.lineno, []).append("S110")
    if len(body) == 1 and isinstance(body[0], ast.Continue):
        codes.setdefault(handler.lineno, []).append("S112")
    if isinstance(handler.type, ast.Name) and handler.type.id in ("Exception", "BaseException"):
        reraises = any(
            isinstance(node, ast.Raise) and (node.exc is None or node.cause is not None)
            for stmt in body
            for node in [stmt, *_own_nodes(stmt)]
        )
        if not reraises:
            codes.setdefault(handler.lineno, []).append("BLE001")


def _comment_columns(code: str) -> dict[int, int]:
    """Line -> column where that line's comment starts."""
    columns: dict[int, int] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.COMMENT:
                columns[token.start[0]] = token.start[1]
    except (tokenize.TokenError, SyntaxError):
        pass
    return columns
