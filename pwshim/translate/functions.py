"""Functions and param blocks.

    function Get-Thing { param([Parameter(Mandatory)][string]$Name, [switch]$Force) ... }
    -> def get_thing(*, name: str, force: bool = False): ...

A function's output (everything it writes to the pipeline) becomes its return value: when it
writes once, at the end, that is a plain `return X`; otherwise the values are collected in a
list and returned with `rt.result(...)` (None, the one value, or a list, as PowerShell's
assignment of a function's output gives). The script's own `param(...)` block reads the command
line with `rt.script_parameters`.
"""

from __future__ import annotations

from typing import Any

from pwshim import nodes as N
from pwshim.translate.code import Expr, Unsupported, py_str
from pwshim.translate.commands import PASS_THRU_CMDLETS, VOID_CMDLETS

_ANNOTATIONS = {"string": "str", "system.string": "str", "int": "int", "int32": "int", "long": "int",
                "bool": "bool", "boolean": "bool", "double": "float", "switch": "bool"}
_KINDS = {"str": "str", "int": "int", "bool": "bool", "float": "float"}
# Attributes whose meaning the def keeps (mandatory = no default) or that only matter to pwsh.
_STRUCTURAL = frozenset({"parameter", "cmdletbinding", "outputtype", "system.management.automation.parameter"})
# [Parameter(...)] arguments of a script parameter that change nothing in a translated script
# (Mandatory is applied by rt.script_parameters).
_IGNORED_PARAMETER_ARGUMENTS = frozenset({
    "mandatory", "position", "helpmessage", "parametersetname", "dontshow", "valuefrompipeline",
    "valuefrompipelinebypropertyname"})
# What an unbound typed parameter holds in PowerShell ($null converted to the type).
_UNBOUND = {"str": '""', "int": "0", "float": "0.0", "bool": "False"}


def _annotation(p: N.ParameterAst) -> str | None:
    return _ANNOTATIONS.get(p.type.name.lower()) if p.type is not None and not p.type.is_array else None


def _kind(p: N.ParameterAst) -> str:
    if p.type is None:
        return "any"
    if p.type.is_array:
        return "list"
    ann = _annotation(p)
    return _KINDS.get(ann, "object") if ann else "object"


def _is_mandatory(p: N.ParameterAst) -> bool:
    for attribute in p.attributes:
        if isinstance(attribute, N.AttributeAst) and attribute.type_name.name.lower() in ("parameter", "system.management.automation.parameter"):
            for named in attribute.named:
                if named.name.lower() == "mandatory":
                    value = named.value
                    return named.expression_omitted or not (
                        isinstance(value, N.VariableExpressionAst) and value.name.lower() == "false"
                    )
    return False


def _from_pipeline(p: N.ParameterAst) -> bool:
    """[Parameter(ValueFromPipeline)] (or =$true)."""
    for attribute in p.attributes:
        if isinstance(attribute, N.AttributeAst) and attribute.type_name.name.lower() == "parameter":
            for named in attribute.named:
                if named.name.lower() == "valuefrompipeline":
                    value = named.value
                    return named.expression_omitted or not (isinstance(value, N.VariableExpressionAst) and value.name.lower() == "false")
    return False


def _is_constant(node: Any) -> bool:
    return isinstance(node, N.ConstantExpressionAst | N.StringConstantExpressionAst) or (
        isinstance(node, N.VariableExpressionAst) and node.name.lower() in ("true", "false", "null")
    )


def writes_output(stmt: Any) -> bool:
    """Whether a statement writes to the output stream (syntactically, as far as one can tell)."""
    if isinstance(stmt, N.PipelineAst):
        last = stmt.elements[-1]
        if isinstance(last, N.CommandAst):
            name = (last.command_name or "").lower()
            redirected = any(isinstance(r, N.FileRedirectionAst) and r.stream in ("1", "*") for r in last.redirections)
            passes = name in PASS_THRU_CMDLETS and not any(
                isinstance(e, N.CommandParameterAst) and e.name.lower() == "passthru" for e in last.elements
            )
            return name not in VOID_CMDLETS and not redirected and not passes
        expression = last.expression
        if isinstance(expression, N.ConvertExpressionAst) and str(expression.type_name).lower() == "void":
            return False
        return not (isinstance(expression, N.UnaryExpressionAst) and expression.op in ("++post", "++pre", "--post", "--pre"))
    if isinstance(stmt, N.ReturnStatementAst):
        return stmt.pipeline is not None
    if isinstance(stmt, N.PipelineChainAst):
        return True
    if isinstance(stmt, N.FunctionDefinitionAst | N.AssignmentStatementAst):
        return False
    return any(writes_output(s) for s in _child_statements(stmt))


def _child_statements(stmt: Any) -> list[Any]:
    out: list[Any] = []
    for child in N.iter_children(stmt):
        if isinstance(child, N.StatementBlockAst):
            out.extend(child.statements)
        elif isinstance(child, N.CatchClauseAst):
            out.extend(child.body.statements)
    return out


def _all_output_statements(statements: tuple[Any, ...]) -> list[Any]:
    found: list[Any] = []
    for stmt in statements:
        if isinstance(stmt, N.PipelineAst | N.ReturnStatementAst | N.PipelineChainAst):
            if writes_output(stmt):
                found.append(stmt)
        elif not isinstance(stmt, N.FunctionDefinitionAst | N.AssignmentStatementAst):
            found.extend(_all_output_statements(tuple(_child_statements(stmt))))
    return found


class FunctionMixin:
    """Mixed into Generator."""

    def visit_FunctionDefinitionAst(self: Any, node: N.FunctionDefinitionAst) -> None:
        body = node.body
        if body.clean or body.dynamicparam:
            raise Unsupported(node, "clean or dynamicparam block in a function")
        from pwshim.translate.generator import function_key

        info = self.functions[function_key(node.name)]
        params = node.parameters or (body.param_block.parameters if body.param_block else ())
        saved_kinds = dict(self.kinds)
        signature, prologue = self._signature(params)
        if info.takes_args:  # `$args`: the positional arguments no parameter takes
            signature = "*args" + signature[1:] if signature else "*args"
        if info.pipeline or info.uses_input:
            # begin/process/end (or a filter): the process block runs once per piped object
            self.use("rt")
            signature = (signature + ", " if signature else "*, ") + "pipeline_input=rt.NO_INPUT"
        statements = body.statements
        outputs = _all_output_statements(statements)
        if info.pipeline:
            mode = self.names.fresh("output")
        elif not outputs:
            mode = "none"
        elif len(outputs) == 1 and statements and outputs[0] is statements[-1]:
            mode = "return"
        else:
            mode = self.names.fresh("output")
        if self.indent == 0 and self.lines:
            # Two blank lines before a top-level def (PEP 8), above the comments that lead it.
            at = len(self.lines)
            while at and self.lines[at - 1].startswith("#"):
                at -= 1
            lead = self.lines[at:]
            del self.lines[at:]
            while self.lines and not self.lines[-1].strip():
                self.lines.pop()
            self.lines += ["", "", *lead] if self.lines else lead
        self.line(f"def {info.py_name}({signature}):")
        start = len(self.lines)
        self.output.append(mode)
        self.globals_stack.append(set())
        self.args_stack.append(False)
        self.input_stack.append(info.pipeline or info.uses_input)
        saved_loops, self.loop_depth = self.loop_depth, 0
        try:
            if info.pipeline:
                self._pipeline_body(node, params, prologue)
            else:
                self.block(body.end.body if body.end else None, prologue=prologue)
        finally:
            self.output.pop()
            declared = self.globals_stack.pop()
            self.args_stack.pop()
            self.input_stack.pop()
            self.loop_depth = saved_loops
            self.kinds = saved_kinds
        inner = "    " * (self.indent + 1)
        if len(self.lines) > start + 1 and self.lines[-1] == inner + "return":
            del self.lines[-1]  # a final bare return (ruff PLR1711)
        head: list[str] = []
        if declared:
            head.append(f"{inner}global {', '.join(sorted(declared))}")
        if mode not in ("none", "return"):
            head.append(f"{inner}{mode} = []")
            last = self.lines[-1].strip() if len(self.lines) > start else ""
            if not last.startswith("return "):
                self.use("rt")
                self.line(f"    return rt.result({mode})")
        if head:
            if len(self.lines) > start and self.lines[start].strip() == "pass":
                del self.lines[start]
            self.lines[start:start] = head
        self.lines += ["", ""] if self.indent == 0 else [""]

    def _pipeline_body(self: Any, node: N.FunctionDefinitionAst, params: tuple[N.ParameterAst, ...], prologue: list[str]) -> None:
        """begin statements; `for item in rt.process_items(pipeline_input):` + process; end."""
        body = node.body
        process = body.end if node.is_filter else body.process
        end = None if node.is_filter else body.end
        if process is not None and any(isinstance(n, N.ReturnStatementAst) for n in N.walk(process)):
            raise Unsupported(node, "return inside a process block")
        by_value = next((p for p in params if _from_pipeline(p)), None)
        self.indent += 1
        try:
            for text in prologue:
                self.line(text)
            for stmt in body.begin.body.statements if body.begin else ():
                self.statement(stmt)
            item = Expr(self.names.fresh("item", tuple(i.code for i in self.item_stack)), "object")
            bind: list[str] = []
            if by_value is not None:  # [Parameter(ValueFromPipeline)] $X takes each object
                target = self.names.variable(by_value.name)
                self.line(f"for {item.code} in rt.process_items(pipeline_input, {target}):")
                bind = [f"{target} = {item.code}"]
            else:
                self.line(f"for {item.code} in rt.process_items(pipeline_input):")
            self.item_stack.append(item)
            self.loop_depth += 1
            try:
                self.block(process.body if process is not None else None, prologue=bind)
            finally:
                self.loop_depth -= 1
                self.item_stack.pop()
            for stmt in end.body.statements if end is not None else ():
                self.statement(stmt)
        finally:
            self.indent -= 1

    def _signature(self: Any, params: tuple[N.ParameterAst, ...]) -> tuple[str, list[str]]:
        parts: list[str] = []
        prologue: list[str] = []
        for p in params:
            name = self.names.variable(p.name)
            for attribute in p.attributes:
                if isinstance(attribute, N.AttributeAst) and attribute.type_name.name.lower() not in _STRUCTURAL:
                    # Validation/aliases are not carried over: say so where the reader looks.
                    text = self.record(attribute, "parameter attribute")
                    prologue.append(f"# TODO(pwshim): untranslated (parameter attribute): {text} on ${p.name}")
            ann = _annotation(p)
            self.kinds[name] = _kind(p)
            if ann == "bool" and p.type is not None and p.type.name.lower() == "switch":
                parts.append(f"{name}: bool = False")
                continue
            if p.default is not None:
                value = self.expr(p.default)
                if _is_constant(p.default):
                    parts.append(f"{name}: {ann} = {value.code}" if ann else f"{name}={value.code}")
                else:
                    parts.append(f"{name}: {ann} | None = None" if ann else f"{name}=None")
                    prologue += [f"if {name} is None:", f"    {name} = {value.code}"]
            elif _is_mandatory(p) and not _from_pipeline(p):  # a piped parameter comes from pipeline_input
                parts.append(f"{name}{': ' + ann if ann else ''}")
            elif ann in _UNBOUND:
                parts.append(f"{name}: {ann} = {_UNBOUND[ann]}")  # an unbound [string] is '', not $null
            else:
                parts.append(f"{name}=None")
        return ("*, " + ", ".join(parts)) if parts else "", prologue

    def visit_ParamBlockAst(self: Any, node: N.ParamBlockAst) -> None:
        """The script's own parameters, read from the command line."""
        if not node.parameters:
            return
        self.use("sys")
        self.use("rt")
        defaults = []
        for p in node.parameters:
            if p.type is not None and p.type.name.lower() == "switch":
                defaults.append(f"{py_str(p.name)}: False")
            elif p.default is not None:
                defaults.append(f"{py_str(p.name)}: {self.expr(p.default).code}")
            else:
                defaults.append(f"{py_str(p.name)}: {_UNBOUND.get(_annotation(p) or '', 'None')}")
        mandatory, sets = [], []
        for p in node.parameters:
            for attribute in p.attributes:
                if not isinstance(attribute, N.AttributeAst):
                    continue
                kind = attribute.type_name.name.lower()
                if kind == "validateset" and not attribute.named and all(
                        isinstance(a, N.StringConstantExpressionAst) for a in attribute.positional):
                    sets.append(f"{py_str(p.name)}: [{', '.join(py_str(a.value) for a in attribute.positional)}]")
                elif kind in _STRUCTURAL:
                    if _is_mandatory(p):
                        mandatory.append(py_str(p.name))
                    other = [n.name for n in attribute.named if n.name.lower() not in _IGNORED_PARAMETER_ARGUMENTS]
                    if other:
                        self.mark(attribute, Unsupported(attribute, f"parameter attribute argument {other[0]}"))
                else:
                    self.mark(attribute, Unsupported(attribute, "parameter attribute"))
        extra = f", mandatory=[{', '.join(dict.fromkeys(mandatory))}]" if mandatory else ""
        extra += f", sets={{{', '.join(sets)}}}" if sets else ""
        holder = self.names.fresh("arguments")
        self.line(f"{holder} = rt.script_parameters(sys.argv[1:], {{{', '.join(defaults)}}}{extra})")
        for p in node.parameters:
            name = self.names.variable(p.name)
            value = Expr(f"{holder}[{py_str(p.name)}]")
            ann = _annotation(p)
            if p.type is not None and ann not in ("str", None) and p.type.name.lower() != "switch":
                value = self.rt("convert", value.code, py_str(str(p.type)))
            self.kinds[name] = _kind(p) if ann in ("str", "bool", None) else "any"
            self.line(f"{name} = {value.code}")
        self.line("")
