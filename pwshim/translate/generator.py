"""PowerShell AST -> Python source: statements, functions, comments, the module header.

A dispatch table keyed by node class (`visit_<NodeClass>` methods, looked up once per class)
and an "unsupported" channel: a visitor raises `Unsupported`, and the smallest statement
containing the construct becomes a visible marker

    # TODO(pwshim): untranslated (reason): <original line>
    rt.untranslated("<original text>")

recorded in `Generator.untranslated` and, under ErrorLevel.WARN/RAISE, warned or raised.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable
from typing import Any, ClassVar

from pwshim import nodes as N
from pwshim.translate.code import (
    ErrorLevel,
    Expr,
    TranslationError,
    TranslationWarning,
    Unsupported,
    Untranslated,
    py_str,
)
from pwshim.translate.commands import CommandMixin, FunctionInfo
from pwshim.translate.comments import Comment, CommentQueue, scan_comments
from pwshim.translate.expressions import (
    SESSION_VARIABLES,
    ExpressionMixin,
    is_preference,
)
from pwshim.translate.functions import FunctionMixin, writes_output
from pwshim.translate.names import NameTable

_AUTOMATIC = frozenset({"true", "false", "null", "_", "psitem", "args", "home", "psscriptroot",
                        "pscommandpath", "input", "this"}) | SESSION_VARIABLES
_PARAM_KINDS = {"string": "str", "int": "int", "long": "int", "switch": "bool", "bool": "bool",
                "double": "float"}
_PY_TYPES = {"str": "str", "int": "int", "bool": "bool", "float": "float"}


class Generator(ExpressionMixin, CommandMixin, FunctionMixin):
    """Translates one script. Use `generate(ast)`; read `.untranslated` afterwards."""

    _dispatch: ClassVar[dict[type, Callable[..., Any]]] = {}

    def __init__(self, source: str, file: str | None = None, error_level: ErrorLevel = ErrorLevel.WARN) -> None:
        self.source = source
        self.source_lines = source.splitlines()
        self.file = file
        self.error_level = ErrorLevel(error_level)
        self.names = NameTable()
        self.comments = CommentQueue(scan_comments(source))
        self.lines: list[str] = []
        self.indent = 0
        self.uses: set[str] = set()
        self.api_names: dict[str, str] = {}  # python name -> cmdlet name
        self.type_aliases: dict[str, tuple[str, str]] = {}  # lower type text -> (alias, text)
        self.untranslated: list[Untranslated] = []
        self.functions: dict[str, FunctionInfo] = {}
        self.kinds: dict[str, str] = {}
        self.var_types: dict[str, str] = {}  # python name -> .NET type full name (constructed objects)
        self.item_stack: list[Expr] = []
        self.output: list[str | None] = [None]  # None: top level (rt.emit); else collector mode
        self.loop_depth = 0
        self.block_depth = 0
        self.globals_stack: list[set[str]] = []
        self.catch_stack: list[str] = []
        self.exception_imports: dict[str, str] = {}  # class name -> module

    # --- dispatch ------------------------------------------------------------------------------
    def visit(self, node: Any) -> Any:
        cls = type(node)
        method = self._dispatch.get(cls)
        if method is None:
            method = getattr(type(self), f"visit_{cls.__name__}", None)
            if method is None:
                raise Unsupported(node, f"{cls.__name__}")
            self._dispatch[cls] = method
        return method(self, node)

    def use(self, what: str) -> None:
        self.uses.add(what)

    def api_function(self, cls: Any) -> str:
        from pwshim.api_functions import function_name

        name = function_name(cls.name)
        self.api_names[name] = cls.name
        self.names.reserve(name)
        return name

    def type_alias(self, type_name: N.TypeName, node: Any = None) -> str:
        text = str(type_name)
        key = text.lower()
        if key not in self.type_aliases:
            from pwshim.runtime.types import lookup_type

            rtype = lookup_type(text)
            if rtype is None:
                raise Unsupported(node, f"unknown type [{text}]")
            full = rtype.FullName if "[" not in text else text
            short = type_name.name.rsplit(".", 1)[-1].split("`")[0]
            short = short[:1].upper() + short[1:]
            if type_name.is_array or type_name.is_generic:
                short += "Type"
            self.type_aliases[key] = (self.names.type_alias(short), full)
        self.use("rt")
        return self.type_aliases[key][0]

    # --- output lines --------------------------------------------------------------------------
    def line(self, text: str) -> None:
        self.lines.append("    " * self.indent + text)

    def comment_lines(self, comments: list[Comment]) -> None:
        for comment in comments:
            for text in comment.lines:
                self.line(f"# {text}".rstrip() if text else "#")

    # --- entry ---------------------------------------------------------------------------------
    def generate(self, ast: N.ScriptBlockAst) -> str:
        self._prepass(ast)
        if ast.begin or ast.process or ast.dynamicparam or ast.clean:
            raise_at = ast.begin or ast.process or ast.clean or ast.dynamicparam
            self.mark(raise_at, Unsupported(raise_at, "begin/process/end blocks in a script"))
        unset = self._unassigned(ast)
        if unset:
            self.line("# Variables the script reads but never sets (PowerShell gives $null):")
            for name in unset:
                self.line(f"{name} = None")
            self.line("")
        if ast.param_block is not None:
            self.statement(ast.param_block)
        if ast.end is not None:
            for stmt in ast.end.body.statements:
                self.statement(stmt)
        self.comment_lines(self.comments.rest())
        return self._module()

    def _prepass(self, ast: N.ScriptBlockAst) -> None:
        """Name functions first, then variables in source order (first spelling wins)."""
        from pwshim.runtime.cmdlet import find_cmdlet

        all_nodes = list(N.walk(ast))
        for node in all_nodes:
            if isinstance(node, N.CommandAst) and node.command_name:
                cls = find_cmdlet(node.command_name)
                if cls is not None:
                    self.api_function(cls)
        for node in all_nodes:
            if isinstance(node, N.FunctionDefinitionAst):
                params = node.parameters or (node.body.param_block.parameters if node.body.param_block else ())
                info = FunctionInfo(self.names.function(unscoped(node.name)))
                for p in params:
                    info.params.append((p.name, self.names.variable(p.name), _is_switch(p)))
                self.functions[function_key(node.name)] = info
        variables = [n for n in all_nodes if isinstance(n, N.VariableExpressionAst | N.ParameterAst)]
        variables.sort(key=lambda n: (n.span.line, n.span.column) if n.span else (0, 0))
        for node in variables:
            if isinstance(node, N.VariableExpressionAst):
                if node.scope not in (None, "script", "global", "local", "private"):
                    continue
                lower = node.name.lower()
                if lower in _AUTOMATIC or is_preference(lower):
                    continue
            self.names.variable(node.name)

    def _unassigned(self, ast: N.ScriptBlockAst) -> list[str]:
        """Python names of variables read somewhere but assigned nowhere in the script."""
        assigned: set[str] = set()
        read: list[str] = []
        for node in N.walk(ast):
            if isinstance(node, N.AssignmentStatementAst):
                targets = node.left.elements if isinstance(node.left, N.ArrayLiteralAst) else (node.left,)
                for target in targets:
                    if isinstance(target, N.ConvertExpressionAst):
                        target = target.child
                    if isinstance(target, N.VariableExpressionAst):
                        assigned.add(target.name.lower())
            elif isinstance(node, N.ForEachStatementAst):
                assigned.add(node.variable.name.lower())
            elif isinstance(node, N.ParameterAst):
                assigned.add(node.name.lower())
            elif isinstance(node, N.VariableExpressionAst) and node.scope in (None, "script", "global", "local"):
                lower = node.name.lower()
                if lower not in _AUTOMATIC and not is_preference(lower) and lower not in read:
                    read.append(lower)
        return [self.names.variable(name) for name in read if name not in assigned]

    def _module(self) -> str:
        sections: list[list[str]] = [[f'"""Translated from {self.file or "a PowerShell script"} by pwshim convert."""']]
        stdlib = [f"import {u}" for u in sorted(u for u in self.uses if u in ("os", "sys"))]
        if stdlib:
            sections.append(stdlib)
        modules: dict[str, list[str]] = {}
        api_used = sorted(n for n in self.api_names if _used(n, self.lines))
        if api_used:
            modules["pwshim.api"] = api_used
        for name, module in self.exception_imports.items():
            modules.setdefault(module, []).append(name)
        aliases = [(alias, text) for alias, text in self.type_aliases.values() if _used(alias, self.lines)]
        if "rt" in self.uses or aliases:
            modules["pwshim.translate"] = ["rt"]
        if modules:
            sections.append([_from_import(m, sorted(set(modules[m]))) for m in sorted(modules)])
        if aliases:
            sections.append([f"{alias} = rt.dotnet_type({py_str(text)})" for alias, text in aliases])
        body = list(self.lines)
        while body and not body[-1].strip():
            body.pop()
        if body:
            sections.append(body)
        text = "\n".join(sections[0])
        for previous, section in itertools.pairwise(sections):
            first_code = next((ln for ln in section if ln.strip() and not ln.startswith("#")), "")
            after_imports = previous[0].startswith(("import ", "from "))
            gap = "\n\n\n" if after_imports and first_code.startswith(("def ", "class ", "@")) else "\n\n"
            text += gap + "\n".join(section)
        return text + "\n"

    # --- statements ----------------------------------------------------------------------------
    def statement(self, node: Any) -> None:
        line = node.span.line if node.span is not None else None
        if line is not None:
            self.comment_lines(self.comments.before(line))
        trailing = self.comments.trailing_on(line) if line is not None else []
        start = len(self.lines)
        saved = (self.indent, set(self.uses), dict(self.api_names), dict(self.type_aliases), list(self.comments.pending),
                 dict(self.kinds), dict(self.exception_imports))
        try:
            try:
                self.visit(node)
            except (TranslationError, Unsupported):
                raise
            except Exception as exc:  # a translator bug must not lose the statement: mark it
                raise Unsupported(node, f"translator error: {type(exc).__name__}: {exc}") from exc
        except Unsupported as exc:
            del self.lines[start:]
            self.indent = saved[0]
            self.uses, self.api_names, self.type_aliases = saved[1], saved[2], saved[3]
            self.comments.pending, self.kinds, self.exception_imports = saved[4], saved[5], saved[6]
            self.mark(node, exc)
        if trailing and len(self.lines) > start:
            self.lines[start] += "  # " + " ".join(" ".join(c.lines) for c in trailing)

    def block(self, body: N.StatementBlockAst | None, prologue: list[str] = ()) -> None:  # type: ignore[assignment]
        """An indented suite: the statements of `body` (and `pass` if nothing else)."""
        self.indent += 1
        self.block_depth += 1
        start = len(self.lines)
        for text in prologue:
            self.line(text)
        if body is not None:
            for stmt in body.statements:
                self.statement(stmt)
            if body.span is not None:
                self.comment_lines(self.comments.before(body.span.end_line))
        if not any(not ln.strip().startswith("#") for ln in self.lines[start:]):
            self.line("pass")
        self.block_depth -= 1
        self.indent -= 1

    def mark(self, node: Any, exc: Unsupported) -> None:
        """Replace `node` with an untranslated marker (and record it)."""
        span = node.span
        text = self.source_text(node)
        first = text.splitlines()[0] if text else type(node).__name__
        item = Untranslated(self.file, span.line if span else 0, span.column if span else 0, first, exc.reason)
        self.untranslated.append(item)
        if self.error_level is ErrorLevel.RAISE:
            raise TranslationError(item)
        if self.error_level is ErrorLevel.WARN:
            warnings.warn(str(item), TranslationWarning, stacklevel=2)
        if span is not None:
            self.comments.drop_through(span.end_line)
        self.line(f"# TODO(pwshim): untranslated ({exc.reason}): {first}")
        for extra in text.splitlines()[1:]:
            self.line(f"#     {extra}".rstrip())
        self.use("rt")
        call = f"rt.untranslated({py_str(text)})"
        if isinstance(node, N.AssignmentStatementAst) and isinstance(node.left, N.VariableExpressionAst):
            try:
                target = self.assign_target(node.left)
            except Unsupported:
                target = None
            if target is not None:
                self.line(f"{target} = {call}")
                return
        if isinstance(node, N.FunctionDefinitionAst):
            self.line(f"def {self.names.function(unscoped(node.name))}(*args, **kwargs):")
            self.line(f"    return {call}")
            return
        self.line(call)

    def source_text(self, node: Any) -> str:
        span = node.span
        if span is None:
            return ""
        lines = self.source_lines[span.line - 1 : span.end_line]
        if not lines:
            return span.text
        if len(lines) == 1:
            return lines[0][span.column - 1 : span.end_column - 1].strip()
        lines[0] = lines[0][span.column - 1 :]
        lines[-1] = lines[-1][: span.end_column - 1]
        return "\n".join(ln.rstrip() for ln in lines).strip()

    # --- values of statements ------------------------------------------------------------------
    def statement_value(self, node: Any) -> Expr:
        """A statement used as a value (pipelines; an assignment only inside parentheses)."""
        if isinstance(node, N.PipelineAst | N.PipelineChainAst):
            return self.pipeline_value(node)
        if isinstance(node, N.IfStatementAst):
            return self._if_value(node)
        raise Unsupported(node, f"{_describe(node)} used as a value")

    def _if_value(self, node: N.IfStatementAst) -> Expr:
        """`$x = if (c) { a } else { b }` with one expression per branch -> `a if c else b`."""
        def branch(block: N.StatementBlockAst | None) -> Expr:
            if block is None:
                return Expr("None", "none")
            if len(block.statements) != 1 or not isinstance(block.statements[0], N.PipelineAst):
                raise Unsupported(node, "if statement used as a value, with several statements in a branch")
            return self.pipeline_value(block.statements[0])

        result = branch(node.else_clause)
        for test, body in reversed(node.clauses):
            cond = self.condition(self.statement_value(test))
            value = branch(body)
            kind = value.kind if value.kind == result.kind else "any"
            result = Expr(f"{value.operand()} if {cond.operand() if not cond.atom else cond.code} else {result.operand()}", kind, atom=False)
        return result

    def output_statement(self, value: Expr) -> None:
        """A value written to the output stream by a statement."""
        if value.kind == "void" or value.code == "None":
            if value.code not in ("None",):
                self.line(value.code)
            return
        collector = self.output[-1]
        if collector is None:
            self.use("rt")
            self.line(f"rt.emit({value.code})")
        elif collector == "none":
            self.line(value.code)
        elif collector == "return":
            self.line(f"return {value.code}")
        elif value.kind in ("str", "int", "float", "bool", "hashtable"):
            self.line(f"{collector}.append({value.code})")
        else:
            self.use("rt")
            self.line(f"{collector}.extend(rt.items({value.code}))")

    def visit_PipelineAst(self, node: N.PipelineAst) -> None:
        if len(node.elements) == 1 and isinstance(node.elements[0], N.CommandExpressionAst):
            expression = node.elements[0].expression
            if isinstance(expression, N.UnaryExpressionAst) and expression.op in ("++post", "++pre", "--post", "--pre"):
                if isinstance(expression.child, N.VariableExpressionAst):
                    name = self.assign_target(expression.child)
                    self.line(f"{name} {'+' if expression.op.startswith('++') else '-'}= 1")
                    return
                raise Unsupported(node, "increment of a member")
        if self._foreach_loop(node):
            return
        self.output_statement(self.pipeline_value(node))

    def _foreach_loop(self, node: N.PipelineAst) -> bool:
        """`src | ForEach-Object { several statements }` as a statement -> a for loop."""
        last = node.elements[-1]
        if len(node.elements) < 2 or not isinstance(last, N.CommandAst) or last.redirections:
            return False
        from pwshim.runtime.cmdlet import find_cmdlet

        name = last.command_name
        cls = find_cmdlet(name) if name and function_key(name) not in self.functions else None
        elements = [e for e in last.elements[1:] if not (isinstance(e, N.CommandParameterAst) and e.name.lower().startswith("pr"))]
        if cls is None or cls.name != "ForEach-Object" or len(elements) != 1:
            return False
        block = elements[0]
        if not isinstance(block, N.ScriptBlockExpressionAst):
            return False
        single = self._script_block_body(block)
        if isinstance(single, N.PipelineAst) and writes_output(single):
            return False  # one expression: a list comprehension reads better
        sb = block.script_block
        if sb.param_block or sb.begin or sb.process or sb.end is None or any(
            isinstance(n, N.BreakStatementAst | N.ContinueStatementAst | N.ReturnStatementAst) for n in N.walk(sb)
        ):
            return False
        source = self.pipeline_value(N.PipelineAst(node.elements[:-1], span=node.span))
        iterable, item_kind = self._items(source)
        item = Expr(self.names.fresh("item", tuple(i.code for i in self.item_stack)), item_kind)
        self.line(f"for {item.code} in {iterable}:")
        self.item_stack.append(item)
        self.loop_depth += 1
        try:
            self.block(sb.end.body)
        finally:
            self.loop_depth -= 1
            self.item_stack.pop()
        return True

    def visit_PipelineChainAst(self, node: N.PipelineChainAst) -> None:
        raise Unsupported(node, f"pipeline chain {node.op}")

    # --- assignments ---------------------------------------------------------------------------
    def assign_target(self, node: N.VariableExpressionAst) -> str | None:
        """The Python target for assigning to a variable (None for `$null`)."""
        lower = node.name.lower()
        if node.scope == "env":
            self.use("os")
            return f"os.environ[{py_str(node.name)}]"
        if node.scope not in (None, "script", "global", "local", "private"):
            raise Unsupported(node, f"variable drive '{node.scope}:'")
        if lower == "null":
            return None
        if lower in _AUTOMATIC or is_preference(lower):
            raise Unsupported(node, f"assignment to ${node.name}")
        name = self.names.variable(node.name)
        if node.scope in ("script", "global") and self.globals_stack:
            self.globals_stack[-1].add(name)
        return name

    def set_kind(self, name: str, kind: str, dotnet: str | None = None) -> None:
        if self.block_depth and self.kinds.get(name, kind) != kind:
            kind = "any"
        self.kinds[name] = kind
        if dotnet and (not self.block_depth or self.var_types.get(name, dotnet) == dotnet):
            self.var_types[name] = dotnet
        else:
            self.var_types.pop(name, None)

    def type_full_name(self, alias: str) -> str | None:
        for name, text in self.type_aliases.values():
            if name == alias:
                return text
        return None

    def visit_AssignmentStatementAst(self, node: N.AssignmentStatementAst) -> None:
        left, op = node.left, node.operator
        if isinstance(node.right, N.AssignmentStatementAst):
            raise Unsupported(node, "chained assignment")
        value = self.statement_value(node.right)
        if isinstance(left, N.ConvertExpressionAst) and isinstance(left.child, N.VariableExpressionAst) and op == "=":
            value = self.cast(left.type_name, value)
            left = left.child
        if isinstance(left, N.VariableExpressionAst):
            lower = left.name.lower()
            if (is_preference(lower) or lower in ("ofs",)) and left.scope in (None, "global", "script") and op == "=":
                self.use("rt")
                self.line(f"rt.set_variable({py_str(left.name)}, {value.code})")
                return
            target = self.assign_target(left)
            if target is None:
                if op != "=":
                    raise Unsupported(node, "compound assignment to $null")
                self.line(value.code)
                return
            if left.scope == "env":
                text = value.code if value.kind == "str" else self.rt("text", value.code).code
                self.line(f"{target} = {text}")
                return
            self._assign(node, target, op, value)
            return
        if isinstance(left, N.MemberExpressionAst | N.IndexExpressionAst):
            if op != "=":
                raise Unsupported(node, f"{op} on a member or element")
            self.line(f"{self._store_target(left)} = {value.code}")
            return
        raise Unsupported(node, "assignment target")

    def _assign(self, node: Any, target: str, op: str, value: Expr) -> None:
        current = self.kinds.get(target, "any")
        if op == "=":
            self.set_kind(target, value.kind if value.kind != "void" else "any", value.dotnet)
            self.line(f"{target} = {value.code}")
        elif op == "??=":
            self.line(f"if {target} is None:")
            self.line(f"    {target} = {value.code}")
        elif op in ("+=", "-=", "*=") and current in ("int", "float") and value.kind in ("int", "float"):
            self.line(f"{target} {op} {value.operand()}")
        elif op == "+=" and current == "str" and value.kind == "str":
            self.line(f"{target} += {value.operand()}")
        elif op in ("+=", "-=", "*=", "/=", "%="):
            fn = {"+=": "add", "-=": "sub", "*=": "mul", "/=": "div", "%=": "mod"}[op]
            self.use("rt")
            self.line(f"{target} = rt.{fn}({target}, {value.code})")
            self.set_kind(target, current if current in ("str", "list") and op == "+=" else "any")
        else:
            raise Unsupported(node, f"assignment operator {op}")

    def _store_target(self, node: Any) -> str:
        if isinstance(node, N.IndexExpressionAst):
            target = self.expr(node.target)
            return f"{target.operand()}[{self.expr(node.index).code}]"
        target = self.expr(node.target)
        name = self.member_name(node.member)
        if name is None or node.static:
            raise Unsupported(node, "assignment to a computed or static member")
        if target.kind == "hashtable":
            return f"{target.operand()}[{py_str(name)}]"
        from pwshim.runtime.cmdlet import snake

        attr = snake(name)
        if target.kind == "object" and attr.isidentifier():
            return f"{target.operand()}.{attr}"
        raise Unsupported(node, "assignment to a member of a value of unknown type")

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
        if node.flags or any(isinstance(n, N.BreakStatementAst | N.ContinueStatementAst) for n in N.walk(node)):
            raise Unsupported(node, "switch with flags, break or continue")
        subject = self.statement_value(node.condition)
        if subject.kind == "list":
            raise Unsupported(node, "switch over an array")
        name = self.names.fresh("value", tuple(i.code for i in self.item_stack))
        self.line(f"{name} = {subject.code}")
        self.item_stack.append(Expr(name, subject.kind))
        try:
            for i, (test, body) in enumerate(node.clauses):
                if isinstance(test, N.ScriptBlockExpressionAst):
                    inner = self._script_block_body(test)
                    if inner is None:
                        raise Unsupported(test, "switch clause script block with several statements")
                    cond = self.condition(self.statement_value(inner))
                else:
                    cond = self.rt("eq", name, self.expr(test).code, kind="bool")
                self.line(f"{'if' if i == 0 else 'elif'} {cond.code}:")
                self.block(body)
            if node.default is not None:
                self.line("else:" if node.clauses else "if True:")
                self.block(node.default)
        finally:
            self.item_stack.pop()

    # --- errors ----------------------------------------------------------------------------------
    def visit_TryStatementAst(self, node: N.TryStatementAst) -> None:
        self.line("try:")
        self.block(node.body)
        for clause in node.catches:
            uses_record = any(
                isinstance(n, N.VariableExpressionAst) and n.name.lower() in ("_", "psitem") for n in N.walk(clause.body)
            )
            rethrows = any(isinstance(n, N.ThrowStatementAst) and n.pipeline is None for n in N.walk(clause.body))
            types = [self._exception_type(t, clause) for t in clause.types]
            catch_all = not types or "Exception" in types
            what = "Exception" if catch_all else (types[0] if len(types) == 1 else f"({', '.join(types)})")
            exc = self.names.fresh("exc", tuple(self.catch_stack)) if uses_record else ""
            header = f"except {what} as {exc}:" if exc else f"except {what}:"
            self.line(header)
            header_at = len(self.lines) - 1
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
            # PowerShell's catch-all catches every error: say so to ruff (BLE001, S110).
            codes = [] if not catch_all or rethrows else ["BLE001"]
            if self.lines[-1].strip() == "pass" and len(self.lines) == header_at + 2:
                codes.append("S110")
            if codes:
                self.lines[header_at] += f"  # noqa: {', '.join(codes)} - PowerShell's catch {{}} catches every error"
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
        if node.pipeline is not None:
            self.output_statement(self.statement_value(node.pipeline))
        self.use("rt")
        self.line(f"return rt.result({collector})" if collector != "none" else "return")

    # --- nodes translated by their parent ---------------------------------------------------------
    def visit_CommandAst(self, node: N.CommandAst) -> Expr:
        return self.command(node, None)

    def visit_CommandExpressionAst(self, node: N.CommandExpressionAst) -> Expr:
        if node.redirections:
            raise Unsupported(node, "redirection of an expression")
        return self.expr(node.expression)

    def visit_StatementBlockAst(self, node: N.StatementBlockAst) -> None:
        for stmt in node.statements:
            self.statement(stmt)

    def visit_NamedBlockAst(self, node: N.NamedBlockAst) -> None:
        if not node.unnamed and node.kind != "end":
            raise Unsupported(node, f"{node.kind} block")
        self.visit_StatementBlockAst(node.body)

    def visit_ScriptBlockAst(self, node: N.ScriptBlockAst) -> None:
        raise Unsupported(node, "script block")

    def _in_parent(self, node: Any) -> None:
        raise Unsupported(node, f"{type(node).__name__} outside the construct that contains it")

    visit_NamedAttributeArgumentAst = visit_AttributeAst = visit_TypeConstraintAst = _in_parent
    visit_ParameterAst = visit_FileRedirectionAst = visit_MergingRedirectionAst = _in_parent
    visit_CommandParameterAst = visit_CatchClauseAst = _in_parent

    def visit_TrapStatementAst(self, node: N.TrapStatementAst) -> None:
        raise Unsupported(node, "trap")

    def visit_DataStatementAst(self, node: N.DataStatementAst) -> None:
        raise Unsupported(node, "data section")

    def visit_UsingStatementAst(self, node: N.UsingStatementAst) -> None:
        raise Unsupported(node, f"using {node.kind}")


def function_key(name: str) -> str:
    """A function's lookup key: its name without scope, lower-cased."""
    return unscoped(name).lower()


def unscoped(name: str) -> str:
    """A function's name without its scope (`function global:prompt` defines `prompt`)."""
    for scope in ("global:", "script:", "local:", "private:"):
        if name.lower().startswith(scope):
            return name[len(scope):]
    return name


def _is_switch(p: N.ParameterAst) -> bool:
    return p.type is not None and p.type.name.lower() in ("switch", "system.management.automation.switchparameter")


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


def _describe(node: Any) -> str:
    return {
        N.IfStatementAst: "if statement", N.ForEachStatementAst: "foreach loop", N.SwitchStatementAst: "switch",
        N.TryStatementAst: "try statement", N.AssignmentStatementAst: "assignment",
    }.get(type(node), type(node).__name__)


def _from_import(module: str, names: list[str]) -> str:
    """`from module import a, b` as ruff's isort writes it (wrapped past 88 columns)."""
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= 88:
        return line
    return f"from {module} import (\n" + "".join(f"    {n},\n" for n in names) + ")"


def _used(name: str, lines: list[str]) -> bool:
    import re

    pattern = re.compile(r"(?<![\w.])" + re.escape(name) + r"\b")
    return any(pattern.search(ln) for ln in lines if not ln.lstrip().startswith("#"))
