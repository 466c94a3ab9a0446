"""The lark Transformer that turns grammar reductions into pwshim.nodes (called inline by the
LALR parser, so no parse tree is built). Semantic checks pwsh makes at parse time (invalid
assignment targets, `<` redirection, try without catch...) are recorded, not raised, so one
parse reports every error."""

from __future__ import annotations

from bisect import bisect_right as _bisect_right
from dataclasses import replace
from typing import Any

from pwshim import nodes as N
from pwshim.lexer import Tok
from pwshim.runtime.errors import Category, ErrorRecord, RuntimeException, Span

_SWITCH_FLAGS = ("regex", "wildcard", "exact", "casesensitive", "file", "parallel")


class ParseException(RuntimeException):
    type_name = "System.Management.Automation.ParseException"


class _Stmts(list):
    """The statements of a `stmts` reduction (distinguishes them from named blocks)."""


class Source:
    """The text being parsed: offsets <-> spans."""

    def __init__(self, text: str, file: str | None, line_starts: list[int]) -> None:
        self.text = text
        self.file = file
        self.line_starts = line_starts
        self._lines: dict[int, str] = {}  # line index -> its text (every node's span names it)

    def span(self, start: int, end: int) -> Span:
        ls = self.line_starts
        line = _bisect_right(ls, start) - 1
        eline = _bisect_right(ls, end) - 1
        text = self._lines.get(line)
        if text is None:
            stop = ls[line + 1] - 1 if line + 1 < len(ls) else len(self.text)
            text = self._lines[line] = self.text[ls[line]:stop].rstrip("\r")
        return Span(self.file, line + 1, start - ls[line] + 1, eline + 1, end - ls[eline] + 1, text, start, end)

    def offsets(self, span: Span) -> tuple[int, int]:
        ls = self.line_starts
        return ls[span.line - 1] + span.column - 1, ls[span.end_line - 1] + span.end_column - 1

    def record(self, error_id: str, message: str, start: int, end: int) -> ErrorRecord:
        return ErrorRecord(ParseException(message), error_id, Category.ParserError,
                           span=self.span(start, end))


class Builder:
    """Grammar callbacks. `src` and `errors` are set by the parser before each parse."""

    def __init__(self) -> None:
        self.src: Source | None = None
        self.errors: list[ErrorRecord] = []
        self._param_vars: dict[int, N.VariableExpressionAst] = {}

    # ------------------------------------------------------------------ helpers
    def _rng(self, x: Any) -> tuple[int, int] | None:
        """The offsets a token, node or (nested) list of them covers; None when it has none."""
        start = self._edge(x, False)
        return None if start is None else (start, self._edge(x, True))

    def _edge(self, x: Any, at_end: bool) -> int | None:
        """The start (or end) offset of the first (or last) item of `x` that has a position."""
        kind = type(x)
        if kind is Tok:
            return x.end_pos if at_end else x.start_pos
        if kind is list or kind is tuple or kind is _Stmts:
            for item in (reversed(x) if at_end else x):
                found = self._edge(item, at_end)
                if found is not None:
                    return found
            return None
        if isinstance(x, N.Ast):
            sp = x.span
            if sp is None:
                return None
            if sp.start >= 0:
                return sp.end if at_end else sp.start
            ls = self.src.line_starts
            return ls[sp.end_line - 1] + sp.end_column - 1 if at_end else ls[sp.line - 1] + sp.column - 1
        return None

    def sp(self, *items: Any) -> Span | None:
        r = self._rng(items)
        return None if r is None else self.src.span(*r)

    def err(self, error_id: str, message: str, at: Any) -> None:
        r = self._rng(at) or (0, 0)
        self.errors.append(self.src.record(error_id, message, *r))

    def ex(self, x: Any) -> N.ExpressionAst:
        """A token or node as an expression node."""
        if isinstance(x, Tok):
            if x.type == "TYPE" or x.type == "CAST_TYPE":
                return N.TypeExpressionAst(x.data, span=self.sp(x))
            data = x.data
            if isinstance(data, N.Ast):
                return data
            return N.StringConstantExpressionAst(x.value, "bareword", span=self.sp(x))
        return x

    @staticmethod
    def _nodes(children: list) -> list:
        return [c for c in children if not isinstance(c, Tok) and c is not None]

    def _pipeline(self, stmt: Any) -> N.StatementAst:
        return stmt

    # ------------------------------------------------------------------ script blocks
    def start(self, c: list) -> N.ScriptBlockAst:
        sb = c[0]
        span = sb.span or self.src.span(0, len(self.src.text))
        return replace(_fill_empty(sb, span), text=self.src.text, span=span)

    def substmts(self, c: list) -> N.StatementBlockAst:
        return self._block(c[0], None)

    def _block(self, stmts: list, span_items: Any) -> N.StatementBlockAst:
        traps = tuple(s for s in stmts if isinstance(s, N.TrapStatementAst))
        return N.StatementBlockAst(tuple(stmts), traps, span=self.sp(span_items if span_items is not None else stmts))

    def stmts(self, c: list) -> _Stmts:
        return _Stmts(x for x in c if x is not None)

    def block(self, c: list) -> N.StatementBlockAst:
        return self._block(c[1], c)

    def named_block(self, c: list) -> N.NamedBlockAst:
        return N.NamedBlockAst(c[0].data, c[1], span=self.sp(c))

    def named_blocks(self, c: list) -> list:
        return list(c)

    def script(self, c: list) -> N.ScriptBlockAst:
        param = next((x for x in c if isinstance(x, N.ParamBlockAst)), None)
        body = c[-1]
        blocks: dict[str, N.NamedBlockAst] = {}
        using: tuple = ()
        if isinstance(body, _Stmts):
            using = tuple(s for s in body if isinstance(s, N.UsingStatementAst))
            stmts = [s for s in body if not isinstance(s, N.UsingStatementAst)]
            blocks["end"] = N.NamedBlockAst("end", self._block(stmts, stmts), True, span=self.sp(stmts))
        else:
            for nb in body:
                if nb.kind in blocks:
                    self.err("DuplicateScriptCommandClause", f"Script command clause '{nb.kind}' has already been defined.", nb)
                blocks[nb.kind] = nb
        return N.ScriptBlockAst(param, blocks.get("begin"), blocks.get("process"), blocks.get("end"),
                                blocks.get("clean"), blocks.get("dynamicparam"), using, span=self.sp(c))

    def scriptblock(self, c: list) -> N.ScriptBlockExpressionAst:
        sb = self._with_text(c[1], c[0], c[2])
        return N.ScriptBlockExpressionAst(sb, span=self.sp(c))

    def _with_text(self, sb: N.ScriptBlockAst, lbrace: Tok, rbrace: Tok) -> N.ScriptBlockAst:
        span = self.src.span(lbrace.start_pos, rbrace.end_pos)
        return replace(_fill_empty(sb, span), text=self.src.text[lbrace.end_pos:rbrace.start_pos], span=span)

    # ------------------------------------------------------------------ params and attributes
    def param_block(self, c: list) -> N.ParamBlockAst:
        attrs = next((x for x in c if isinstance(x, list) and not isinstance(x, tuple)), [])
        params = next((x for x in c if isinstance(x, tuple)), ())
        return N.ParamBlockAst(tuple(attrs), params, span=self.sp(c))

    def param_list(self, c: list) -> tuple:
        params = tuple(self._nodes(c))
        seen: set[str] = set()
        for p in params:
            if p.name.lower() in seen:
                self.err("DuplicateFormalParameter", f"Duplicate parameter ${p.name} in parameter list.",
                         self._param_vars.get(id(p), p))
            seen.add(p.name.lower())
        return params

    def parameter(self, c: list) -> N.ParameterAst:
        attrs: list[N.AttributeBaseAst] = []
        ptype = None
        var = None
        default = None
        for i, x in enumerate(c):
            if isinstance(x, Tok) and x.type in ("TYPE", "CAST_TYPE"):
                attrs.append(N.TypeConstraintAst(x.data, span=self.sp(x)))
                ptype = x.data
            elif isinstance(x, N.AttributeAst):
                attrs.append(x)
            elif isinstance(x, Tok) and x.type == "VARIABLE" and var is None:
                var = x.data
            elif isinstance(x, Tok) and x.type == "ASSIGN":
                default = self.ex(c[i + 1])
                break
        node = N.ParameterAst(var.name, tuple(attrs), ptype, default, span=self.sp(c))
        self._param_vars[id(node)] = var  # where DuplicateFormalParameter points
        return node

    def attr_list(self, c: list) -> list:
        return list(c)

    def attribute(self, c: list) -> N.AttributeAst:
        positional = []
        named = []
        for x in c[1:]:
            if isinstance(x, N.NamedAttributeArgumentAst):
                named.append(x)
            elif isinstance(x, N.ExpressionAst):
                positional.append(x)
        return N.AttributeAst(c[0].data, tuple(positional), tuple(named), span=self.sp(c))

    def attr_arg(self, c: list) -> N.ExpressionAst:
        return self.ex(c[0])

    def attr_named(self, c: list) -> N.NamedAttributeArgumentAst:
        return N.NamedAttributeArgumentAst(c[0].value, self.ex(c[2]), span=self.sp(c))

    def attr_flag(self, c: list) -> N.NamedAttributeArgumentAst:
        true = N.ConstantExpressionAst(True, "bool", span=self.sp(c))
        return N.NamedAttributeArgumentAst(c[0].value, true, True, span=self.sp(c))

    # ------------------------------------------------------------------ pipelines
    def assignment(self, c: list) -> N.AssignmentStatementAst:
        left = _unparen(self.ex(c[0]))
        compound_on_list = c[1].data != "=" and isinstance(left, N.ArrayLiteralAst)
        if compound_on_list or not _assignable(left):
            self.err("InvalidLeftHandSide", "The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.", left)
        return N.AssignmentStatementAst(left, c[1].data, c[2], span=self.sp(c))

    def pipeline(self, c: list) -> N.PipelineAst:
        return N.PipelineAst(tuple(self._nodes(c)), span=self.sp(c))

    def background(self, c: list) -> N.PipelineAst:
        return replace(c[0], background=True, span=self.sp(c))

    def pipeline_chain(self, c: list) -> N.PipelineChainAst:
        left = c[0]
        i = 1
        bg = isinstance(c[-1], Tok) and c[-1].type == "AMP_BG"
        items = c[:-1] if bg else c
        while i < len(items):
            left = N.PipelineChainAst(left, items[i].value, items[i + 1], span=self.sp(c[0], items[i + 1]))
            i += 2
        return replace(left, background=bg) if bg else left

    def expr_command(self, c: list) -> N.CommandExpressionAst:
        expr = self.ex(c[0])
        redirs = tuple(x for x in c[1:] if x is not None)
        return N.CommandExpressionAst(expr, redirs, span=self.sp(c))

    def _command(self, c: list, invocation: str | None) -> N.CommandAst:
        elements: list[N.CommandElementAst] = []
        redirs: list = []
        for x in c:
            if isinstance(x, Tok) and x.type in ("AMP_CALL", "DOTSOURCE"):
                continue
            if isinstance(x, (N.FileRedirectionAst, N.MergingRedirectionAst)):
                redirs.append(x)
            elif x is not None:
                elements.append(self.ex(x))
        return N.CommandAst(tuple(elements), invocation, tuple(redirs), span=self.sp(c))

    def command(self, c: list) -> N.CommandAst:
        return self._command(c, None)

    def invoke_command(self, c: list) -> N.CommandAst:
        return self._command(c, "&" if c[0].type == "AMP_CALL" else ".")

    def arg_list(self, c: list) -> N.ExpressionAst:
        items = [self.ex(x) for x in c if not (isinstance(x, Tok) and x.type == "COMMA")]
        if len(items) == 1:
            return items[0]
        for x in items:
            if isinstance(x, N.VariableExpressionAst) and x.splatted:
                self.err("SplattingNotPermittedInArgumentList", f"Splatted variables like '@{x.name}' cannot be part of a comma-separated list of arguments.", x)
        return N.ArrayLiteralAst(tuple(items), span=self.sp(c))

    def param_elem(self, c: list) -> N.CommandParameterAst:
        t = c[0]
        name = t.data[0]
        return N.CommandParameterAst(name, None, False, "-" + name, span=self.sp(t))

    def param_colon(self, c: list) -> N.CommandParameterAst:
        t = c[0]
        name = t.data[0]
        return N.CommandParameterAst(name, self.ex(c[1]), True, "-" + name + ":", span=self.sp(c))

    def redirection(self, c: list) -> N.FileRedirectionAst | N.MergingRedirectionAst | None:
        t = c[0]
        if t.type == "REDIR_IN":
            # reference §5: `-X <thumbprint>` is this parse error in pwsh (Parser.cs:6193)
            self.err("RedirectionNotSupported", "The '<' operator is reserved for future use.", t)
            return None
        if t.type == "REDIR_MERGE":
            frm, to = t.data
            if to != "1" or frm == "1":
                self.err("RedirectionNotSupported", f"The '{t.value}' operator is reserved for future use.", t)
            return N.MergingRedirectionAst(frm, to, span=self.sp(t))
        stream, append = t.data
        return N.FileRedirectionAst(stream, append, self.ex(c[1]), span=self.sp(c))

    # ------------------------------------------------------------------ statements
    def if_stmt(self, c: list) -> N.IfStatementAst:
        clauses = [(c[2], c[4])]
        else_block = None
        for x in c[5:]:
            if isinstance(x, tuple) and x[0] == "else":
                else_block = x[1]
            elif isinstance(x, tuple):
                clauses.append(x)
        return N.IfStatementAst(tuple(clauses), else_block, span=self.sp(c))

    def elseif_clause(self, c: list) -> tuple:
        return (c[2], c[4])

    def else_clause(self, c: list) -> tuple:
        return ("else", c[1])

    def foreach_stmt(self, c: list) -> N.ForEachStatementAst:
        flags = tuple(x.data[0].lower() for x in c if isinstance(x, Tok) and x.type == "PARAMETER")
        var = next(x for x in c if isinstance(x, Tok) and x.type == "VARIABLE").data
        cond = c[-3]
        return N.ForEachStatementAst(var, cond, c[-1], flags, span=self.sp(c))

    def for_part(self, c: list) -> Any:
        return c[0] if c else None

    def for_stmt(self, c: list) -> N.ForStatementAst:
        return N.ForStatementAst(c[2], c[3], c[4], c[-1], span=self.sp(c))

    def for_stmt2(self, c: list) -> N.ForStatementAst:
        return N.ForStatementAst(c[2], c[3], None, c[-1], span=self.sp(c))

    def for_stmt1(self, c: list) -> N.ForStatementAst:
        return N.ForStatementAst(c[2], None, None, c[-1], span=self.sp(c))

    def while_stmt(self, c: list) -> N.WhileStatementAst:
        return N.WhileStatementAst(c[2], c[4], span=self.sp(c))

    def do_stmt(self, c: list) -> N.StatementAst:
        cls = N.DoWhileStatementAst if c[2].type == "KW_WHILE" else N.DoUntilStatementAst
        return cls(c[4], c[1], span=self.sp(c))

    def labeled(self, c: list) -> N.StatementAst:
        return replace(c[1], label=c[0].data, span=self.sp(c))

    def switch_stmt(self, c: list) -> N.SwitchStatementAst:
        flags: list[str] = []
        i = 1
        while isinstance(c[i], Tok) and c[i].type == "PARAMETER":
            name = c[i].data[0].lower()
            flag = next((f for f in _SWITCH_FLAGS if name and f.startswith(name)), None)
            if flag is None:
                self.err("InvalidSwitchFlag", f"The parameter {c[i].value} is not valid for the switch statement.", c[i])
            else:
                flags.append(flag)
            i += 1
        cond = self.ex(c[i])
        if isinstance(cond, N.ParenExpressionAst) and "file" not in flags:
            condition = cond.pipeline
        else:
            condition = N.PipelineAst((N.CommandExpressionAst(cond, span=cond.span),), span=cond.span)
        clauses = []
        default = None
        for x in c[i + 1:]:
            if isinstance(x, tuple) and x[0] == "default":
                if default is not None:
                    self.err("MultipleSwitchDefaultClauses", "A switch statement can have only one default clause.", x[2])
                default = x[1]
            elif isinstance(x, tuple):
                clauses.append(x)
        return N.SwitchStatementAst(tuple(flags), condition, tuple(clauses), default, span=self.sp(c))

    def switch_clause(self, c: list) -> tuple:
        return (self.ex(c[0]), c[1])

    def switch_default(self, c: list) -> tuple:
        return ("default", c[1], c[0])

    def try_stmt(self, c: list) -> N.TryStatementAst:
        catches = tuple(x for x in c if isinstance(x, N.CatchClauseAst))
        fin = next((x[1] for x in c if isinstance(x, tuple)), None)
        if not catches and fin is None:
            end = self.src.offsets(c[1].span)[1]  # pwsh reports just after the try block
            self.errors.append(self.src.record("MissingCatchOrFinally", "The Try statement is missing its Catch or Finally block.", end, end))
        return N.TryStatementAst(c[1], catches, fin, span=self.sp(c))

    def catch_clause(self, c: list) -> N.CatchClauseAst:
        types = tuple(x.data for x in c if isinstance(x, Tok) and x.type == "TYPE")
        return N.CatchClauseAst(types, c[-1], span=self.sp(c))

    def finally_clause(self, c: list) -> tuple:
        return ("finally", c[1])

    def trap_stmt(self, c: list) -> N.TrapStatementAst:
        ttype = c[1].data if len(c) == 3 else None
        return N.TrapStatementAst(ttype, c[-1], span=self.sp(c))

    def typedef_stmt(self, c: list) -> N.TypeDefinitionAst:
        return c[0].data

    def function_def(self, c: list) -> N.FunctionDefinitionAst:
        params = next((x for x in c if isinstance(x, tuple)), ())
        body = self._with_text(c[-2], c[-3], c[-1])
        if params and body.param_block is not None:
            self.err("OnlyOneParameterListAllowed", "The param statement cannot be used if arguments were specified in the function declaration.", body.param_block)
        return N.FunctionDefinitionAst(c[1].data.value, c[0].type == "KW_FILTER", params, body, span=self.sp(c))

    def flow_stmt(self, c: list) -> N.StatementAst:
        kw = c[0].type
        arg = c[1] if len(c) > 1 else None
        if kw in ("KW_BREAK", "KW_CONTINUE"):
            cls = N.BreakStatementAst if kw == "KW_BREAK" else N.ContinueStatementAst
            return cls(self.ex(arg) if arg is not None else None, span=self.sp(c))
        cls = {"KW_THROW": N.ThrowStatementAst, "KW_RETURN": N.ReturnStatementAst, "KW_EXIT": N.ExitStatementAst}[kw]
        return cls(arg, span=self.sp(c))

    def using_stmt(self, c: list) -> N.UsingStatementAst:
        return N.UsingStatementAst(c[1].data.value.lower(), c[2].value, span=self.sp(c))

    # ------------------------------------------------------------------ expressions
    def binary(self, c: list) -> N.BinaryExpressionAst:
        op = c[1].data if isinstance(c[1].data, str) else c[1].value
        return N.BinaryExpressionAst(self.ex(c[0]), op, self.ex(c[2]), span=self.sp(c))

    def ternary(self, c: list) -> N.TernaryExpressionAst:
        return N.TernaryExpressionAst(self.ex(c[0]), self.ex(c[2]), self.ex(c[4]), span=self.sp(c))

    def array_literal(self, c: list) -> N.ArrayLiteralAst:
        return N.ArrayLiteralAst(tuple(self.ex(x) for x in c if not (isinstance(x, Tok) and x.type == "COMMA")), span=self.sp(c))

    def unary_op(self, c: list) -> N.ExpressionAst:
        t, child = c[0], self.ex(c[1])
        op = t.data if isinstance(t.data, str) else t.value
        if op == "-" and isinstance(child, N.ConstantExpressionAst) and not isinstance(child.value, bool):
            return N.ConstantExpressionAst(-child.value, child.type_hint, span=self.sp(c))
        return N.UnaryExpressionAst(op, child, span=self.sp(c))

    def pre_inc(self, c: list) -> N.UnaryExpressionAst:
        return N.UnaryExpressionAst("++pre", self.ex(c[1]), span=self.sp(c))

    def pre_dec(self, c: list) -> N.UnaryExpressionAst:
        return N.UnaryExpressionAst("--pre", self.ex(c[1]), span=self.sp(c))

    def post_inc(self, c: list) -> N.UnaryExpressionAst:
        return N.UnaryExpressionAst("++post", self.ex(c[0]), span=self.sp(c))

    def post_dec(self, c: list) -> N.UnaryExpressionAst:
        return N.UnaryExpressionAst("--post", self.ex(c[0]), span=self.sp(c))

    def unary_comma(self, c: list) -> N.UnaryExpressionAst:
        return N.UnaryExpressionAst(",", self.ex(c[1]), span=self.sp(c))

    def cast(self, c: list) -> N.ExpressionAst:
        tname, child = c[0].data, self.ex(c[1])
        if tname.name.lower() == "ordered" and not tname.is_array:
            if isinstance(child, N.HashtableAst):
                return N.HashtableAst(child.pairs, True, span=self.sp(c))
            self.err("OrderedAttributeOnlyOnHashLiteralNode", "The [ordered] attribute can be specified only on a hash literal node.", c[0])
        return N.ConvertExpressionAst(tname, child, span=self.sp(c))

    def attributed(self, c: list) -> N.ExpressionAst:
        child = self.ex(c[1])
        for attr in reversed(c[0]):
            child = N.AttributedExpressionAst(attr, child, span=self.sp(attr, child))
        return child

    def member(self, c: list) -> N.MemberExpressionAst:
        return N.MemberExpressionAst(self.ex(c[0]), self.ex(c[2]), c[1].type == "STATIC_DOT",
                                     c[1].type == "NULL_DOT", span=self.sp(c))

    def invoke(self, c: list) -> N.InvokeMemberExpressionAst:
        args = next((x for x in c[4:] if isinstance(x, tuple)), ())
        return N.InvokeMemberExpressionAst(self.ex(c[0]), self.ex(c[2]), args, c[1].type == "STATIC_DOT",
                                           c[1].type == "NULL_DOT", span=self.sp(c))

    def invoke_block(self, c: list) -> N.InvokeMemberExpressionAst:
        """`$x.ForEach{ ... }`: a method called with one script block argument."""
        sb = self._with_text(c[4], c[3], c[5])
        arg = N.ScriptBlockExpressionAst(sb, span=sb.span)
        return N.InvokeMemberExpressionAst(self.ex(c[0]), self.ex(c[2]), (arg,), c[1].type == "STATIC_DOT",
                                           c[1].type == "NULL_DOT", span=self.sp(c))

    def call_args(self, c: list) -> tuple:
        return tuple(self.ex(x) for x in c if not (isinstance(x, Tok) and x.type == "ARG_SEP"))

    def index(self, c: list) -> N.IndexExpressionAst:
        return N.IndexExpressionAst(self.ex(c[0]), self.ex(c[2]), c[1].type == "NULL_INDEX", span=self.sp(c))

    def paren_expr(self, c: list) -> N.ParenExpressionAst:
        return N.ParenExpressionAst(c[1], span=self.sp(c))

    def subexpr(self, c: list) -> N.SubExpressionAst:
        return N.SubExpressionAst(self._block(c[1], c), span=self.sp(c))

    def array_expr(self, c: list) -> N.ArrayExpressionAst:
        return N.ArrayExpressionAst(self._block(c[1], c), span=self.sp(c))

    def hash(self, c: list) -> N.HashtableAst:
        pairs = tuple(x for x in c if isinstance(x, tuple))
        seen: set[str] = set()
        for key, _ in pairs:
            if isinstance(key, (N.StringConstantExpressionAst, N.ConstantExpressionAst)):
                k = str(key.value).lower()
                if k in seen:
                    self.err("DuplicateKeyInHashLiteral", f"Duplicate keys '{key.value}' are not allowed in hash literals.", key)
                seen.add(k)
        return N.HashtableAst(pairs, False, span=self.sp(c))

    def hash_pair(self, c: list) -> tuple:
        return (self.ex(c[0]), c[2])


def _unparen(e: N.ExpressionAst) -> N.ExpressionAst:
    """`($a, $b) = ...` assigns to what the parentheses hold (ParenExpressionAst.GetAssignableValue)."""
    while isinstance(e, N.ParenExpressionAst):
        pipeline = e.pipeline
        elements = getattr(pipeline, "elements", ())
        if not (isinstance(pipeline, N.PipelineAst) and len(elements) == 1
                and isinstance(elements[0], N.CommandExpressionAst) and not elements[0].redirections):
            return e
        inner = elements[0].expression
        if not _assignable(inner):
            return e
        e = inner
    return e


def _assignable(e: N.ExpressionAst) -> bool:
    """pwsh's InvalidLeftHandSide check (Parser.cs: assignment targets)."""
    if isinstance(e, N.VariableExpressionAst):
        return not e.splatted
    if isinstance(e, (N.MemberExpressionAst, N.IndexExpressionAst)):
        return True
    if isinstance(e, N.ArrayLiteralAst):
        return all(_assignable(x) for x in e.elements)
    if isinstance(e, (N.ConvertExpressionAst, N.AttributedExpressionAst)):
        return _assignable(e.child)
    return False


def _fill_empty(sb: N.ScriptBlockAst, span: Span) -> N.ScriptBlockAst:
    """An empty script block's implicit end block gets the block's own position."""
    end = sb.end
    if end is None or end.span is not None:
        return sb
    return replace(sb, end=replace(end, body=replace(end.body, span=span), span=span))
