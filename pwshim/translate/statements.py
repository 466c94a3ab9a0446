"""Control flow and errors: if/elseif/else, foreach, for, while, do, switch, break/continue,
try/catch/finally, throw, exit and return, each as the Python statement of the same shape.

    if ($a) { if ($b) { ... } }          -> if a and b:            (ruff SIM102)
    for ($i = 0; $i -lt $n; $i++) {...}   -> for i in range(n):
    switch ($x) { 'a' {...} default {...} } -> for value in rt.items(x): if rt.switch_case(value, 'a'): ...
    catch [CryptographicException] {...}  -> except CryptographicException:
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pwshim import nodes as N
from pwshim.translate.code import Expr, Unsupported, py_str
from pwshim.translate.comments import CommentQueue


class StatementMixin:
    """Mixed into Generator (which provides line/block/statement/condition/... )."""

    names: Any
    comments: CommentQueue
    lines: list[str]
    item_stack: list[Expr]
    catch_stack: list[str]
    exception_imports: dict[str, str]
    output: list[str | None]
    loop_depth: int
    indent: int
    block_depth: int

    # --- control flow --------------------------------------------------------------------------
    def visit_IfStatementAst(self, node: N.IfStatementAst) -> None:
        nested = _collapsible(node, self.comments)
        if nested is not None:
            # `if (a) { if (b) { ... } }` -> `if a and b:` (ruff SIM102)
            (outer, _), (inner, body) = node.clauses[0], nested.clauses[0]
            first = self.condition(self.statement_value(outer))
            second = self.condition(self.statement_value(inner))
            self.line(f"if {_and_operand(first)} and {_and_operand(second)}:")
            self.block(body)
            return
        for i, (test, body) in enumerate(node.clauses):
            cond = self.condition(self.statement_value(test))
            self.line(f"{'if' if i == 0 else 'elif'} {cond.code}:")
            self.block(body)
        if node.else_clause is not None:
            self.line("else:")
            self.block(node.else_clause)

    def _loop(self, emit_header: Callable[[], None], body: N.StatementBlockAst, node: Any) -> None:
        if node.label:
            raise Unsupported(node, f"loop label :{node.label}")
        emit_header()
        self.loop_depth += 1
        try:
            self.block(body)
        finally:
            self.loop_depth -= 1

    def visit_ForEachStatementAst(self, node: N.ForEachStatementAst) -> None:
        if node.flags:
            raise Unsupported(node, "foreach -parallel")
        source = self.statement_value(node.condition)
        target = self.assign_target(node.variable)
        if target is None:
            raise Unsupported(node, "foreach over $null")
        if source.kind == "list" and source.code.startswith(("[", "list(range(")):
            iterable, item_kind = source.code, "any"
            if source.code.startswith("list(range("):
                iterable, item_kind = source.code[5:-1], "int"
        else:
            iterable, item_kind = self.rt("items", source.code).code, "object"
        self.set_kind(target, item_kind)
        self._loop(lambda: self.line(f"for {target} in {iterable}:"), node.body, node)

    def visit_WhileStatementAst(self, node: N.WhileStatementAst) -> None:
        cond = self.condition(self.statement_value(node.condition))
        self._loop(lambda: self.line(f"while {cond.code}:"), node.body, node)

    def _do_loop(self, node: Any, until: bool) -> None:
        if any(isinstance(n, N.ContinueStatementAst) for n in N.walk(node.body)):
            raise Unsupported(node, "continue inside do/while")
        cond = self.condition(self.statement_value(node.condition))
        self._loop(lambda: self.line("while True:"), node.body, node)
        test = cond.code if until else f"not {cond.operand() if cond.atom else '(' + cond.code + ')'}"
        self.line(f"    if {test}:")
        self.line("        break")

    def visit_DoWhileStatementAst(self, node: N.DoWhileStatementAst) -> None:
        self._do_loop(node, until=False)

    def visit_DoUntilStatementAst(self, node: N.DoUntilStatementAst) -> None:
        self._do_loop(node, until=True)

    def visit_ForStatementAst(self, node: N.ForStatementAst) -> None:
        counted = _counted_loop(node)
        if counted is not None:
            var, start, op, stop = counted
            target = self.assign_target(var)
            first, last = self.expr(start), self.expr(stop)
            if last.kind != "int":  # `$i -lt $n` converts $n to the counter's type
                last = self.rt("convert", last.code, py_str("int"), kind="int")
            end = last.operand() + " + 1" if op == "-le" else last.code
            bounds = end if first.code == "0" else f"{first.code}, {end}"  # range(3), not range(0, 3) (PIE808)
            self.set_kind(target or "_", "int")
            self._loop(lambda: self.line(f"for {target} in range({bounds}):"), node.body, node)
            return
        if node.iterator is not None and any(isinstance(n, N.ContinueStatementAst) for n in N.walk(node.body)):
            raise Unsupported(node, "continue inside a for loop that is not a simple count")
        if node.initializer is not None:
            self.visit(node.initializer)
        cond = self.condition(self.statement_value(node.condition)) if node.condition else Expr("True", "bool")
        self.line(f"while {cond.code}:")
        self.loop_depth += 1
        self.indent += 1
        self.block_depth += 1
        for stmt in node.body.statements:
            self.statement(stmt)
        if node.iterator is not None:
            self.visit(node.iterator)
        if not self.lines[-1].strip() or self.lines[-1].endswith(":"):
            self.line("pass")
        self.block_depth -= 1
        self.indent -= 1
        self.loop_depth -= 1

    def visit_BreakStatementAst(self, node: N.BreakStatementAst) -> None:
        if node.label is not None or not self.loop_depth:
            raise Unsupported(node, "break outside a loop, or with a label")
        self.line("break")

    def visit_ContinueStatementAst(self, node: N.ContinueStatementAst) -> None:
        if node.label is not None or not self.loop_depth:
            raise Unsupported(node, "continue outside a loop, or with a label")
        self.line("continue")

    def visit_SwitchStatementAst(self, node: N.SwitchStatementAst) -> None:
        """`switch`, as pwsh runs it: for each value of the subject (an array element by element,
        $null and `@()` not at all), every clause that matches runs, unless one `break`s (leave
        the switch) or `continue`s (next value); `default` when none matched. A subject that is
        one value, with no break/continue, needs no loop; clauses that cannot match the same
        value (distinct constants) read as if/elif/else."""
        flags = set(node.flags)
        if flags - {"regex", "wildcard", "exact", "casesensitive"}:
            raise Unsupported(node, f"switch -{' -'.join(sorted(flags))}")
        if node.label:
            raise Unsupported(node, f"switch label :{node.label}")
        subject = self.statement_value(node.condition)
        jumps = any(isinstance(n, N.BreakStatementAst | N.ContinueStatementAst) for n in N.walk(node))
        name = self.names.fresh("value", tuple(i.code for i in self.item_stack))
        loop = jumps or subject.kind not in ("str", "int", "float", "bool", "hashtable")
        if loop:
            items = subject.code if subject.kind == "list" and subject.code.startswith("[") else self.rt("items", subject.code).code
            self.line(f"for {name} in {items}:")
            self.indent += 1
            self.loop_depth += 1
        else:
            self.line(f"{name} = {subject.code}")
        case = "casesensitive" in flags
        mode = "wildcard" if "wildcard" in flags else "regex" if "regex" in flags else ""
        exclusive = not mode and _distinct_constants([test for test, _ in node.clauses], case)
        matched = self.names.fresh("matched", (name,)) if not exclusive and node.default is not None and node.clauses else None
        self.item_stack.append(Expr(name, "object" if loop else subject.kind))
        try:
            if matched:
                self.line(f"{matched} = False")
            for i, (test, body) in enumerate(node.clauses):
                if isinstance(test, N.ScriptBlockExpressionAst):
                    inner = self._script_block_body(test)
                    if inner is None:
                        raise Unsupported(test, "switch clause script block with several statements")
                    cond = self.condition(self.statement_value(inner))
                else:
                    args = [name, self.expr(test).code]
                    if mode or case:
                        args.append(py_str(mode))
                    if case:
                        args.append("case_sensitive=True")
                    cond = self.rt("switch_case", *args, kind="bool")
                self.line(f"{'elif' if exclusive and i else 'if'} {cond.code}:")
                self.block(body, prologue=[f"{matched} = True"] if matched else [])
            if node.default is not None:
                if matched:
                    self.line(f"if not {matched}:")
                else:
                    self.line("else:" if node.clauses else "if True:")
                self.block(node.default)
        finally:
            self.item_stack.pop()
            if loop:
                self.indent -= 1
                self.loop_depth -= 1

    # --- errors ----------------------------------------------------------------------------------
    def visit_TryStatementAst(self, node: N.TryStatementAst) -> None:
        self.line("try:")
        self.block(node.body)
        for clause in node.catches:
            uses_record = any(
                isinstance(n, N.VariableExpressionAst) and n.name.lower() in ("_", "psitem") for n in N.walk(clause.body)
            )
            types = [self._exception_type(t, clause) for t in clause.types]
            catch_all = not types or "Exception" in types
            what = "Exception" if catch_all else (types[0] if len(types) == 1 else f"({', '.join(types)})")
            exc = self.names.fresh("exc", tuple(self.catch_stack)) if uses_record else ""
            header = f"except {what} as {exc}:" if exc else f"except {what}:"
            self.line(header)  # a catch-all gets its `noqa: BLE001` note from lint.annotate
            self.catch_stack.append(exc)
            if uses_record:
                record = self.names.fresh("error", tuple(i.code for i in self.item_stack))
                self.use("rt")
                self.item_stack.append(Expr(record, "object"))
            try:
                self.block(clause.body, prologue=[f"{record} = rt.error_record({exc})"] if uses_record else [])
            finally:
                if uses_record:
                    self.item_stack.pop()
                self.catch_stack.pop()
        if node.finally_ is not None:
            self.line("finally:")
            self.block(node.finally_)
        if not node.catches and node.finally_ is None:
            raise Unsupported(node, "try without catch or finally")

    def _exception_type(self, type_name: N.TypeName, node: Any) -> str:
        text = str(type_name)
        if text.lower() in ("exception", "system.exception"):
            return "Exception"
        from pwshim.runtime.errors import DotNetException

        found = _find_exception(DotNetException, text)
        if found is None:
            raise Unsupported(node, f"catch of unknown exception type [{text}]")
        self.exception_imports[found.__name__] = found.__module__
        return found.__name__

    def visit_ThrowStatementAst(self, node: N.ThrowStatementAst) -> None:
        if node.pipeline is None:
            if self.catch_stack:
                self.line("raise")
                return
            self.use("rt")
            self.line("raise rt.throw()")
            return
        self.use("rt")
        self.line(f"raise rt.throw({self.statement_value(node.pipeline).code})")

    def visit_ExitStatementAst(self, node: N.ExitStatementAst) -> None:
        self.use("sys")
        code = self.statement_value(node.pipeline).code if node.pipeline is not None else ""
        self.line(f"sys.exit({code})")

    def visit_ReturnStatementAst(self, node: N.ReturnStatementAst) -> None:
        collector = self.output[-1]
        if collector is None:
            if node.pipeline is not None:
                self.output_statement(self.statement_value(node.pipeline))
            self.use("sys")
            self.line("sys.exit(0)")
            return
        if collector == "return":
            self.line(f"return {self.statement_value(node.pipeline).code}" if node.pipeline else "return")
            return
        if collector == "method":  # a class's method: its value is what it returns
            value = self.statement_value(node.pipeline) if node.pipeline is not None else None
            self.line(self.method_return(node, value))
            return
        if node.pipeline is not None:
            self.output_statement(self.statement_value(node.pipeline))
        self.use("rt")
        self.line(f"return rt.result({collector})" if collector != "none" else "return")


def _distinct_constants(tests: list[Any], case: bool) -> bool:
    """Whether no value can match two of these switch clauses: all are string or number
    constants with different text (as the default switch compares them)."""
    texts = []
    for test in tests:
        if isinstance(test, N.StringConstantExpressionAst):
            texts.append(test.value)
        elif isinstance(test, N.ConstantExpressionAst) and isinstance(test.value, int) and not isinstance(test.value, bool):
            texts.append(str(test.value))
        else:
            return False
    keys = texts if case else [t.lower() for t in texts]
    return len(set(keys)) == len(keys)


def _collapsible(node: N.IfStatementAst, comments: CommentQueue) -> N.IfStatementAst | None:
    """The inner `if` when `node` is `if (a) { if (b) {...} }` with no else and no comment between."""
    if len(node.clauses) != 1 or node.else_clause is not None:
        return None
    body = node.clauses[0][1]
    if len(body.statements) != 1 or not isinstance(body.statements[0], N.IfStatementAst):
        return None
    inner = body.statements[0]
    if len(inner.clauses) != 1 or inner.else_clause is not None or inner.span is None or node.span is None:
        return None
    if any(node.span.line <= c.line <= inner.span.line for c in comments.pending):
        return None
    return inner


def _and_operand(value: Expr) -> str:
    return value.code if value.atom or value.code.startswith("not ") or " and " in value.code and " or " not in value.code else f"({value.code})"


def _counted_loop(node: N.ForStatementAst) -> tuple[Any, Any, str, Any] | None:
    """`for ($i = a; $i -lt b; $i++)` -> ($i, a, '-lt', b)."""
    init, cond, step = node.initializer, node.condition, node.iterator
    if not (isinstance(init, N.AssignmentStatementAst) and init.operator == "=" and isinstance(init.left, N.VariableExpressionAst)):
        return None
    var = init.left
    start = _single_expression(init.right)
    test = _single_expression(cond) if cond is not None else None
    inc = _single_expression(step) if step is not None else None
    if start is None or not isinstance(test, N.BinaryExpressionAst) or test.op not in ("-lt", "-le"):
        return None
    if not (isinstance(test.left, N.VariableExpressionAst) and test.left.name.lower() == var.name.lower()):
        return None
    if not (isinstance(inc, N.UnaryExpressionAst) and inc.op in ("++post", "++pre") and isinstance(inc.child, N.VariableExpressionAst)
            and inc.child.name.lower() == var.name.lower()):
        return None
    if any(isinstance(n, N.AssignmentStatementAst) and isinstance(n.left, N.VariableExpressionAst)
           and n.left.name.lower() == var.name.lower() for n in N.walk(node.body)):
        return None
    return var, start, test.op, test.right


def _single_expression(node: Any) -> Any:
    if isinstance(node, N.PipelineAst) and len(node.elements) == 1 and isinstance(node.elements[0], N.CommandExpressionAst):
        return node.elements[0].expression
    return None


def _find_exception(base: type, name: str) -> type | None:
    lower = name.lower()
    for sub in base.__subclasses__():
        full = getattr(sub, "type_name", "").lower()
        if full == lower or full == "system." + lower or full.rsplit(".", 1)[-1] == lower:
            return sub
        found = _find_exception(sub, name)
        if found is not None:
            return found
    return None
