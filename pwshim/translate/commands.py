"""Commands and pipelines: cmdlets become pwshim.api calls, script functions Python calls.

    Get-AzVM -ResourceGroupName contoso -Name testvm | Update-AzVM -IdentityType UserAssigned
    -> update_az_vm(pipeline_input=get_az_vm(resource_group_name="contoso", name="testvm"),
                    identity_type="UserAssigned")

Parameter names are resolved against the cmdlet's metadata as the binder would (exact name,
alias, unique prefix) and written in full snake_case; positional arguments are given the
parameter they bind to. `Where-Object`/`ForEach-Object` with a one-expression script block
become list comprehensions; `New-Object T -ArgumentList ...` a constructor call.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from pwshim import nodes as N
from pwshim.runtime.cmdlet import Cmdlet, Parameter, find_cmdlet, snake
from pwshim.runtime.errors import PSError
from pwshim.translate.code import Expr, Unsupported, py_str

# Cmdlets that write nothing to the output: called as plain statements, not emitted.
VOID_CMDLETS = frozenset({
    "write-host", "write-warning", "write-verbose", "write-debug", "write-information",
    "write-progress", "write-error", "set-variable", "remove-variable", "set-location",
    "push-location", "pop-location", "remove-item", "start-sleep", "import-module", "out-null",
    "clear-host", "set-content", "add-content", "set-strictmode", "out-host", "out-file",
})
# Cmdlets that find script variables by name: a translated script's variables are Python ones.
VARIABLE_CMDLETS = frozenset({"get-variable", "set-variable", "new-variable", "remove-variable", "clear-variable"})
# Cmdlets that write nothing unless given -PassThru.
PASS_THRU_CMDLETS = frozenset({"copy-item", "move-item", "rename-item", "set-item", "remove-item", "import-module"})

_WHERE_OPERATORS = {
    "eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch", "contains",
    "notcontains", "in", "notin", "ieq", "ine", "ilike", "imatch",
}


@dataclass
class FunctionInfo:
    """A function defined by the script: its Python name and parameters in order."""

    py_name: str
    params: list[tuple[str, str, bool]] = field(default_factory=list)  # (ps name, py name, is_switch)
    types: dict[str, Any] = field(default_factory=dict)  # py name -> TypeName of a typed parameter
    takes_args: bool = False  # reads $args: extra positional arguments go there
    pipeline: bool = False  # has begin/process/end blocks (or is a filter): takes pipeline_input
    uses_input: bool = False  # reads $input (all the piped objects): takes pipeline_input


@dataclass
class _Args:
    named: list[tuple[str, Any, Any]] = field(default_factory=list)  # (name as written, value node or True, node)
    positional: list[Any] = field(default_factory=list)
    splats: list[Any] = field(default_factory=list)


def _split_arguments(cmd: N.CommandAst, is_switch: Any) -> _Args:
    """Pair `-Name value` the way the binder does; `is_switch(name)` says if a name takes no value."""
    args = _Args()
    elements = list(cmd.elements[1:])
    i = 0
    while i < len(elements):
        element = elements[i]
        if isinstance(element, N.CommandParameterAst):
            if element.argument is not None:
                args.named.append((element.name, element.argument, element))
            elif is_switch(element.name):
                args.named.append((element.name, True, element))
            elif i + 1 < len(elements) and not isinstance(elements[i + 1], N.CommandParameterAst):
                args.named.append((element.name, elements[i + 1], element))
                i += 1
            else:
                raise Unsupported(element, f"missing a value for -{element.name}")
        elif isinstance(element, N.VariableExpressionAst) and element.splatted:
            args.splats.append(element)
        else:
            args.positional.append(element)
        i += 1
    return args


class CommandMixin:
    """Mixed into Generator: pipelines and commands."""

    functions: dict[str, FunctionInfo]
    names: Any
    item_stack: list[Expr]

    # --- pipelines ---------------------------------------------------------------------------
    def pipeline_value(self, node: Any) -> Expr:
        """A pipeline (or pipeline-like statement) as a Python expression."""
        if isinstance(node, N.PipelineAst):
            if node.background:
                raise Unsupported(node, "background job (&)")
            current: Expr | None = None
            for element in node.elements:
                if isinstance(element, N.CommandExpressionAst):
                    if element.redirections:
                        raise Unsupported(element, "redirection of an expression")
                    current = self.expr(element.expression)
                    if len(node.elements) > 1 and _may_send_null(element.expression, current):
                        current = replace(current, null_input=True)
                else:
                    current = self.command(element, current)
            assert current is not None
            return current
        if isinstance(node, N.PipelineChainAst):
            raise Unsupported(node, f"pipeline chain {node.op}")
        raise Unsupported(node, f"{type(node).__name__} used as a value")

    # --- one command ---------------------------------------------------------------------------
    def command(self, cmd: N.CommandAst, piped: Expr | None) -> Expr:
        name = cmd.command_name
        head = cmd.elements[0]
        if name is None and cmd.invocation == "&" and isinstance(head, N.VariableExpressionAst) and piped is None:
            block = self.expr(head)
            if block.kind == "callable" and all(not isinstance(e, N.CommandParameterAst) for e in cmd.elements[1:]):
                # `& $block 1 2` where $block holds a translated script block (a lambda)
                return Expr(f"{block.code}({', '.join(self.expr(e).code for e in cmd.elements[1:])})", "any")
        if name is None or cmd.invocation == ".":
            raise Unsupported(cmd, "command name computed at run time" if name is None else "dot-sourcing")
        void = False
        for r in cmd.redirections:
            if isinstance(r, N.FileRedirectionAst) and _is_null_target(r.location) and r.stream in ("1", "*"):
                void = True
            else:
                raise Unsupported(r, "redirection")
        info = self.functions.get(name.lower())
        if info is not None:
            result = self.function_call(cmd, info, piped)
        else:
            cls = find_cmdlet(name)
            if cls is None:
                raise Unsupported(cmd, f"'{name}' is not a cmdlet pwshim implements or a function of this script")
            result = self.cmdlet_call(cmd, cls, piped)
        return Expr(result.code, "void") if void else result

    def function_call(self, cmd: N.CommandAst, info: FunctionInfo, piped: Expr | None) -> Expr:
        if piped is not None and not (info.pipeline or info.uses_input):
            raise Unsupported(cmd, f"piping into the script function {cmd.command_name}, which has no process block")
        switches = {ps.lower() for ps, _, sw in info.params if sw}
        args = _split_arguments(cmd, lambda n: self._function_param(cmd, info, n)[2] is True or n.lower() in switches)
        if len(args.splats) > 1 or (args.splats and args.positional):
            raise Unsupported(cmd, "splatting with positional arguments into a script function")
        given: dict[str, str] = {}
        for written, value, node in args.named:
            _, py, _ = self._function_param(cmd, info, written)
            given[py] = "True" if value is True else self._bind(info, py, self.expr(value)).code
        free = [py for _, py, sw in info.params if not sw and py not in given]
        extra: list[str] = []
        for value in args.positional:
            if free:
                py = free.pop(0)
                given[py] = self._bind(info, py, self.expr(value)).code
            elif info.takes_args:
                extra.append(self.expr(value).code)
            else:
                raise Unsupported(value, "more positional arguments than the function has parameters")
        parts = [*extra, *(f"{k}={v}" for k, v in given.items())]
        if piped is not None:
            parts.append(f"pipeline_input={self._input(piped)}")
        for splat in args.splats:  # `F @p`: hashtable keys (or array items, in order) to parameters
            names = "{" + ", ".join(f"{py_str(ps.lower())}: {py_str(py)}" for ps, py, sw in info.params if py not in given) + "}"
            table = self.expr(N.VariableExpressionAst(splat.name, span=splat.span)).code
            parts.append("**" + self.rt("splat", table, names).code)
        return Expr(f"{info.py_name}({', '.join(parts)})", "any")

    def _bind(self, info: FunctionInfo, py: str, value: Expr) -> Expr:
        """An argument converted to its parameter's type, as pwsh's binder does (`F -N '5'`
        gives [int]$N the number 5)."""
        type_name = info.types.get(py)
        if type_name is None:
            return value
        return self.cast(type_name, value) if _needs_cast(type_name, value) else value

    def _function_param(self, cmd: Any, info: FunctionInfo, written: str) -> tuple[str, str, bool]:
        key = written.lower()
        exact = [p for p in info.params if p[0].lower() == key]
        matches = exact or [p for p in info.params if p[0].lower().startswith(key)]
        if len(matches) != 1:
            raise Unsupported(cmd, f"parameter -{written} of {cmd.command_name}")
        return matches[0]

    def cmdlet_call(self, cmd: N.CommandAst, cls: type[Cmdlet], piped: Expr | None) -> Expr:
        key = cls.name.lower()
        if key in VARIABLE_CMDLETS:
            raise Unsupported(cmd, f"{cls.name} reads script variables by name (they are Python variables here)")
        special = {
            "where-object": self.where_object,
            "foreach-object": self.foreach_object,
            "write-output": self.write_output,
            "out-null": self.out_null,
            "new-object": self.new_object,
        }.get(key)
        if special is not None:
            result = special(cmd, cls, piped)
            if result is not None:
                return result

        def switch(written: str) -> bool:
            return self._resolve(cmd, cls, written).is_switch

        args = _split_arguments(cmd, switch)
        keywords: dict[str, str] = {}
        bound: list[Parameter] = []
        if piped is not None:
            keywords["pipeline_input"] = self._input(piped)
        for written, value, node in args.named:
            p = self._resolve(node, cls, written)
            if p in bound:
                raise Unsupported(node, f"-{p.name} given twice")
            bound.append(p)
            if value is True:
                keywords[_kw(p.name)] = "True"
            else:
                keywords[_kw(p.name)] = self.expr(value).code
        leftovers: list[str] = []
        for value in args.positional:
            p = _positional_parameter(cls, bound)
            if p is None:
                leftovers.append(self.expr(value).code)
                continue
            bound.append(p)
            keywords[_kw(p.name)] = self.expr(value).code
        if leftovers:
            # What no position takes goes to the ValueFromRemainingArguments parameter (Write-Host).
            rest = next((p for p in cls.parameters.values() if p.remaining and p not in bound), None)
            if rest is None:
                raise Unsupported(cmd, f"positional argument of {cls.name} that binds to no parameter")
            keywords[_kw(rest.name)] = leftovers[0] if len(leftovers) == 1 else "[" + ", ".join(leftovers) + "]"
        parts = [f"{k}={v}" for k, v in keywords.items()]
        for splat in args.splats:  # `@params`: a hashtable's keys are parameter names
            parts.append("**" + self.rt("splat", self.expr(N.VariableExpressionAst(splat.name, span=splat.span)).code).code)
        fn = self.api_function(cls)
        passes = key in PASS_THRU_CMDLETS and not any(p.name == "PassThru" for p in bound)
        kind = "void" if key in VOID_CMDLETS or passes else "object"
        return Expr(f"{fn}({', '.join(parts)})", kind)

    def _resolve(self, node: Any, cls: type[Cmdlet], written: str) -> Parameter:
        from pwshim.runtime.binding import resolve_parameter

        try:
            return resolve_parameter(cls, written)
        except PSError as exc:
            raise Unsupported(node, exc.record.message) from None

    # --- special cmdlets ----------------------------------------------------------------------
    def _script_block_body(self, node: Any) -> Any | None:
        """The single expression statement of `{ ... }`, or None."""
        if not isinstance(node, N.ScriptBlockExpressionAst):
            return None
        sb = node.script_block
        if sb.param_block or sb.begin or sb.process or len(sb.statements) != 1:
            return None
        return sb.statements[0]

    def _items(self, piped: Expr) -> tuple[str, str]:
        """Iterable code for piped input and the kind of its items (rt.items wraps each item
        with py_object, so PowerShell members read as attributes)."""
        if piped.comprehension is not None:
            return piped.code, "object"  # items of an earlier comprehension over rt.items
        if piped.null_input:  # `$x | ...`: $null is one input
            return ("[None]" if piped.kind == "none" else self.rt("pipe_items", piped.code).code), "object"
        if piped.kind == "list" and piped.code.startswith("["):
            return piped.code, "any"
        return self.rt("items", piped.code).code, "object"

    def _input(self, piped: Expr) -> str:
        """`pipeline_input=` for a command fed by `piped` (None there is an empty pipeline)."""
        return self._items(piped)[0] if piped.null_input else piped.code

    def where_object(self, cmd: N.CommandAst, cls: Any, piped: Expr | None) -> Expr | None:
        if piped is None:
            return None
        source, item_kind = self._items(piped)
        elements = cmd.elements[1:]
        block = None
        if len(elements) == 1:
            block = self._script_block_body(elements[0])
        elif len(elements) == 2 and isinstance(elements[0], N.CommandParameterAst) and elements[0].name.lower().startswith("filt"):
            block = self._script_block_body(elements[1])
        item = Expr(self.names.fresh("item", tuple(i.code for i in self.item_stack)), item_kind)
        self.item_stack.append(item)
        try:
            if block is not None:
                test = self.condition(self.statement_value(block))
            else:
                test = self._simple_where(cmd, item)
        finally:
            self.item_stack.pop()
        return Expr(f"[{item.code} for {item.code} in {source} if {test.code}]", "list",
                    comprehension=(item.code, source, test.code))

    def _simple_where(self, cmd: N.CommandAst, item: Expr) -> Expr:
        """`Where-Object Name -eq value` (the simplified syntax)."""
        prop = op = value = None
        rest = list(cmd.elements[1:])
        while rest:
            element = rest.pop(0)
            if isinstance(element, N.CommandParameterAst):
                word = element.name.lower()
                if word in _WHERE_OPERATORS or word.lstrip("c") in _WHERE_OPERATORS:
                    op = word
                elif "property".startswith(word) and rest:
                    prop = rest.pop(0)
                elif "value".startswith(word) and rest:
                    value = rest.pop(0)
                else:
                    raise Unsupported(element, f"Where-Object -{element.name}")
            elif prop is None:
                prop = element
            elif value is None:
                value = element
            else:
                raise Unsupported(element, "Where-Object argument")
        if not isinstance(prop, N.StringConstantExpressionAst):
            raise Unsupported(cmd, "Where-Object without a one-expression script block")
        left = N.MemberExpressionAst(N.VariableExpressionAst("_"), prop)
        if op is None:
            return self.condition(self.expr(left))
        right = value if value is not None else N.VariableExpressionAst("true")
        return self.condition(self.expr(N.BinaryExpressionAst(left, "-" + op, right)))

    def foreach_object(self, cmd: N.CommandAst, cls: Any, piped: Expr | None) -> Expr | None:
        if piped is None:
            return None
        source, item_kind = self._items(piped)
        elements = cmd.elements[1:]
        if len(elements) == 2 and isinstance(elements[0], N.CommandParameterAst) and elements[0].name.lower().startswith("pr"):
            elements = elements[1:]
        if len(elements) != 1:
            raise Unsupported(cmd, "ForEach-Object with -Begin/-End or several blocks")
        fused = piped.comprehension
        if fused is not None:  # `... | Where-Object {..} | ForEach-Object {..}`: one comprehension
            item = Expr(fused[0], item_kind)
            source = f"{fused[1]} if {fused[2]}"
        else:
            item = Expr(self.names.fresh("item", tuple(i.code for i in self.item_stack)), item_kind)
        self.item_stack.append(item)
        try:
            element = elements[0]
            if isinstance(element, N.StringConstantExpressionAst):
                value = self.member_read(item, element.value)
            else:
                body = self._script_block_body(element)
                if body is None:
                    raise Unsupported(cmd, "ForEach-Object script block with several statements")
                value = self.statement_value(body)
        finally:
            self.item_stack.pop()
        return Expr(f"[{value.code} for {item.code} in {source}]", "list")

    def write_output(self, cmd: N.CommandAst, cls: Any, piped: Expr | None) -> Expr | None:
        values = [e for e in cmd.elements[1:] if not isinstance(e, N.CommandParameterAst)]
        if piped is not None or len(values) != len(cmd.elements) - 1:
            return None
        if len(values) == 1:
            return self.expr(values[0])
        return Expr("[" + ", ".join(self.expr(v).code for v in values) + "]", "list")

    def out_null(self, cmd: N.CommandAst, cls: Any, piped: Expr | None) -> Expr | None:
        if len(cmd.elements) > 1:
            return None
        return Expr(piped.code if piped is not None else "None", "void")

    def new_object(self, cmd: N.CommandAst, cls: Any, piped: Expr | None) -> Expr | None:
        """`New-Object -TypeName T -ArgumentList a, b` -> `T(a, b)`."""
        if piped is not None:
            return None
        type_name = None
        arguments: list[str] = []
        try:
            args = _split_arguments(cmd, lambda n: False)
        except Unsupported:
            return None
        if args.splats:
            return None
        for written, value, node in args.named:
            word = written.lower()
            if "typename".startswith(word) and isinstance(value, N.StringConstantExpressionAst):
                type_name = value.value
            elif "argumentlist".startswith(word) or word == "args":
                arguments = self._argument_list(value)
            else:
                return None
        positional = list(args.positional)
        if type_name is None and positional and isinstance(positional[0], N.StringConstantExpressionAst):
            type_name = positional.pop(0).value
        if positional and not arguments:
            arguments = self._argument_list(positional.pop(0))
        if type_name is None or positional:
            return None
        alias = self.type_alias(N.TypeName(type_name), cmd)
        return self.constructed(alias, arguments)

    def constructed(self, alias: str, arguments: list[str]) -> Expr:
        """`alias(arguments)`: a new .NET object (a collection is of no kind the translator
        writes Python for: its members go through rt)."""
        from pwshim.translate.generator import is_collection

        full = self.type_full_name(alias)
        if is_collection(full):
            return Expr(f"{alias}({', '.join(arguments)})", "any")
        return Expr(f"{alias}({', '.join(arguments)})", "object", dotnet=full)

    def _argument_list(self, value: Any) -> list[str]:
        if isinstance(value, N.ArrayLiteralAst):
            return [self.expr(e).code for e in value.elements]
        return [self.expr(value).code]


def _kw(ps_name: str) -> str:
    from pwshim.api_functions import python_identifier

    return python_identifier(snake(ps_name))


def _positional_parameter(cls: type[Cmdlet], bound: list[Parameter]) -> Parameter | None:
    """The parameter the next positional argument binds to (default set first, as the binder
    orders them), among the sets compatible with what is already bound."""
    sets = [s for s in cls.parameter_sets() if all(p.in_set(s) for p in bound if p.name in cls.parameters)]
    sets.sort(key=lambda s: s != cls.default_set)
    for set_name in sets:
        best: tuple[int, Parameter] | None = None
        for p in cls.parameters.values():
            if p in bound or p.remaining or not p.in_set(set_name):
                continue
            pos = p.position_in(set_name)
            if pos is not None and (best is None or pos < best[0]):
                best = (pos, p)
        if best is not None:
            return best[1]
    return None


def _needs_cast(type_name: Any, value: Expr) -> bool:
    wanted = {"string": "str", "int": "int", "long": "int", "bool": "bool", "switch": "bool", "double": "float"}.get(
        str(type_name).lower())
    return wanted is not None and value.kind != wanted


def _may_send_null(node: Any, value: Expr) -> bool:
    """Whether a pipeline's leading expression may be $null and so send one $null (pwsh sends
    nothing for a method call, ++/-- or a [void] cast, as the interpreter's ExpressionStage)."""
    if value.kind in ("str", "int", "float", "bool", "list", "hashtable", "callable", "void"):
        return False
    if isinstance(node, N.InvokeMemberExpressionAst | N.UnaryExpressionAst):
        return False
    return not (isinstance(node, N.ConvertExpressionAst) and str(node.type_name).lower() in ("void", "system.void"))


def _is_null_target(node: Any) -> bool:
    return isinstance(node, N.VariableExpressionAst) and node.name.lower() == "null"
