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
from dataclasses import replace
from typing import Any, ClassVar

from pwshim import nodes as N
from pwshim.translate.class_uses import ClassUseMixin
from pwshim.translate.classes import ClassMixin, hoisted
from pwshim.translate.code import (
    ErrorLevel,
    Expr,
    TranslationError,
    TranslationWarning,
    Unsupported,
    Untranslated,
    py_str,
)
from pwshim.translate.commands import CommandMixin, FunctionInfo, _may_send_null
from pwshim.translate.comments import Comment, CommentQueue, scan_comments
from pwshim.translate.expressions import (
    SESSION_VARIABLES,
    ExpressionMixin,
    is_preference,
)
from pwshim.translate.functions import FunctionMixin, writes_output
from pwshim.translate.lint import annotate, undefined_names
from pwshim.translate.names import NameTable
from pwshim.translate.statements import StatementMixin

_COMPOUND = {"+=": "add", "-=": "sub", "*=": "mul", "/=": "div", "%=": "mod"}
_AUTOMATIC = frozenset({"true", "false", "null", "_", "psitem", "args", "home", "psscriptroot",
                        "pscommandpath", "input", "this"}) | SESSION_VARIABLES


class Generator(StatementMixin, ExpressionMixin, CommandMixin, FunctionMixin, ClassMixin, ClassUseMixin):
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
        self.constraints: dict[str, Any] = {}  # python name -> TypeName of a typed variable
        self.args_stack: list[bool] = []  # per enclosing def/lambda: does it read $args
        self.input_stack: list[bool] = []  # per enclosing def: does it take pipeline_input
        self.script_types: dict[str, Any] = {}  # lower name -> classes.ScriptType
        self.class_stack: list[Any] = []  # the classes being written
        self.method_returns: list[Any] = []  # per enclosing method: (return TypeName, is static)

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
        script = self.script_type(type_name)
        if script is not None:  # a class or enum of the script: its Python class
            return script.py_name
        if key not in self.type_aliases:
            from pwshim.runtime.types import lookup_type

            exception = _exception_class(text)
            if exception is not None:  # exception types are imported (for `except` too)
                self.exception_imports[exception.__name__] = exception.__module__
                return exception.__name__
            rtype = lookup_type(text)
            if rtype is None:
                raise Unsupported(node, f"unknown type [{text}]")
            full = rtype.FullName if "[" not in text and not rtype.FullName.endswith("]") else text
            # the alias: `List` for ...Generic.List[string] (also when written as a string, as
            # New-Object's argument is), a Python identifier
            short = "".join(ch for ch in text.split("[", 1)[0].rsplit(".", 1)[-1].split("`")[0] if ch.isalnum() or ch == "_")
            short = (short[:1].upper() + short[1:]) or "DotNet"
            if type_name.is_array or type_name.is_generic or "[" in text:
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
        if ast.param_block is not None:
            self.statement(ast.param_block)
        if ast.end is not None:
            for stmt in hoisted(ast.end.body.statements):
                self.statement(stmt)
        self.comment_lines(self.comments.rest())
        return self._module()

    def _prepass(self, ast: N.ScriptBlockAst) -> None:
        """Name functions first, then variables in source order (first spelling wins)."""
        from pwshim.runtime.cmdlet import find_cmdlet

        all_nodes = list(N.walk(ast))
        self.collect_types(all_nodes)
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
                    py = self.names.variable(p.name)
                    info.params.append((p.name, py, _is_switch(p)))
                    if p.type is not None and not _is_switch(p):
                        info.types[py] = p.type
                info.pipeline = bool(node.is_filter or node.body.begin or node.body.process)
                info.uses_input = any(
                    isinstance(n, N.VariableExpressionAst) and n.name.lower() == "input" and n.scope is None
                    for n in N.walk(node.body)
                )
                info.takes_args = any(
                    isinstance(n, N.VariableExpressionAst) and n.name.lower() == "args" and n.scope is None
                    for n in N.walk(node.body)
                )
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

    def _module(self) -> str:
        text = self._assemble([])
        unset = undefined_names(text)
        if unset:  # PowerShell reads a variable nobody set as $null
            declarations = ["# Variables the script reads but never sets (PowerShell gives $null):"]
            text = self._assemble(declarations + [f"{name} = None" for name in unset])
        return annotate(text)

    def _assemble(self, declarations: list[str]) -> str:
        sections: list[list[str]] = [[f'"""Translated from {self.file or "a PowerShell script"} by pwshim convert."""']]
        stdlib = [f"import {u}" for u in sorted(u for u in self.uses if u in ("enum", "os", "sys"))]
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
        if declarations:
            sections.append(declarations)
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
                 dict(self.kinds), dict(self.exception_imports), len(self.untranslated))
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
            del self.untranslated[saved[7]:]
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

    def record(self, node: Any, reason: str) -> str:
        """Record an untranslated construct (warn or raise as the error level says); returns
        the first line of its source text."""
        span = node.span
        text = self.source_text(node)
        first = text.splitlines()[0] if text else type(node).__name__
        item = Untranslated(self.file, span.line if span else 0, span.column if span else 0, first, reason)
        self.untranslated.append(item)
        if self.error_level is ErrorLevel.RAISE:
            raise TranslationError(item)
        if self.error_level is ErrorLevel.WARN:
            warnings.warn(str(item), TranslationWarning, stacklevel=3)
        return first

    def mark(self, node: Any, exc: Unsupported) -> None:
        """Replace `node` with an untranslated marker (and record it)."""
        span = node.span
        text = self.source_text(node)
        first = self.record(node, exc.reason)
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
        if isinstance(node, N.TypeDefinitionAst) and node.name.lower() in self.script_types:
            self.line(f"{self.script_types[node.name.lower()].py_name} = {call}")
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
        elif collector == "method":  # a method's output is dropped: only what it returns counts
            if not _is_pure(value):
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
                if isinstance(expression.child, N.MemberExpressionAst):
                    target, declared = self.member_target(expression.child)
                    sign = "+" if expression.op.startswith("++") else "-"
                    if declared is not None and str(declared).lower() in ("int", "int32", "system.int32", "long", "double"):
                        self.line(f"{target} {sign}= 1")
                    else:
                        self.line(f"{target} = {self.rt('add' if sign == '+' else 'sub', target, '1').code}")
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
        first = node.elements[0]
        if len(node.elements) == 2 and isinstance(first, N.CommandExpressionAst) and _may_send_null(first.expression, source):
            source = replace(source, null_input=True)
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
        """`a && b` / `a || b` as a statement: b runs when a succeeded (failed), which for a
        command means it wrote no error ($?): `if rt.succeeded():`."""
        if node.background:
            raise Unsupported(node, "background job (&)")
        for part in (node.left, node.right):
            if isinstance(part, N.PipelineAst) and not isinstance(part.elements[-1], N.CommandAst):
                raise Unsupported(node, f"pipeline chain {node.op} with an expression (its $? is always true)")
        self.visit(node.left)
        self.use("rt")
        self.line(f"if {'' if node.op == '&&' else 'not '}rt.succeeded():")
        self.indent += 1
        try:
            self.visit_PipelineAst(node.right)
        finally:
            self.indent -= 1

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
        for script in self.script_types.values():
            if script.py_name == alias:
                return f"script:{script.node.name}"
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
            # `[int]$i = ...`: the variable keeps converting what is assigned to it later
            self.constraints[self.names.variable(left.child.name)] = left.type_name
            value = self.cast(left.type_name, value)
            left = left.child
        elif isinstance(left, N.VariableExpressionAst) and op == "=" and self.names.variable(left.name) in self.constraints:
            value = self.cast(self.constraints[self.names.variable(left.name)], value)
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
        if isinstance(left, N.ArrayLiteralAst) and op == "=" and all(isinstance(e, N.VariableExpressionAst) for e in left.elements):
            # `$first, $rest = ...`: the last variable takes what is left (PowerShell's rule)
            targets = [self.assign_target(e) or "_" for e in left.elements]
            for target in targets:
                self.set_kind(target, "any")
            self.use("rt")
            self.line(f"{', '.join(targets)} = rt.unpack({value.code}, {len(targets)})")
            return
        if isinstance(left, N.MemberExpressionAst) and (op == "=" or op in _COMPOUND):
            target, declared = self.member_target(left)
            numeric = str(declared).lower() in ("int", "int32", "system.int32", "double", "system.double")
            if op in ("+=", "-=") and numeric and value.kind in ("int", "float") and not (value.kind == "float" and "int" in str(declared)):
                self.line(f"{target} {op} {value.operand()}")  # a typed number: Python's own operator
                return
            if op != "=":
                value = self.rt(_COMPOUND[op], target, value.code)
            if declared is not None and left.static:  # a typed static property converts too
                type_code, kind = self.declared_type(declared, node)
                if type_code is not None and (kind == "any" or value.kind != kind):
                    value = self.rt("convert", value.code, type_code)
            self.line(f"{target} = {value.code}")
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

    visit_PropertyMemberAst = visit_FunctionMemberAst = _in_parent

    def visit_TrapStatementAst(self, node: N.TrapStatementAst) -> None:
        raise Unsupported(node, "trap")

    def visit_DataStatementAst(self, node: N.DataStatementAst) -> None:
        raise Unsupported(node, "data section")

    def visit_UsingStatementAst(self, node: N.UsingStatementAst) -> None:
        raise Unsupported(node, f"using {node.kind}")


def _is_pure(value: Expr) -> bool:
    """A value whose evaluation does nothing (a literal or a name): dropped, not written."""
    import re

    return value.kind in ("str", "int", "float", "bool", "none") and "(" not in value.code or bool(
        re.fullmatch(r"[\w.]+", value.code))


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







def is_collection(type_text: str | None) -> bool:
    """Whether a .NET type is a collection pwshim keeps as a Python list or dict (List[T],
    ArrayList, Dictionary[K,V]): its members are read through rt (list.count is not Count)."""
    from pwshim.runtime.types import lookup_type

    rtype = lookup_type(type_text) if type_text else None
    from pwshim.runtime.objects import Hashtable

    return rtype is not None and isinstance(rtype.cls, type) and issubclass(rtype.cls, list | dict | Hashtable)


def _exception_class(name: str) -> type | None:
    from pwshim.runtime.errors import DotNetException
    from pwshim.translate.statements import _find_exception

    return _find_exception(DotNetException, name)


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
