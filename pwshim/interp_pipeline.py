"""Running a PipelineAst: build a stage per element, bind, then begin / stream / end."""

from __future__ import annotations

from typing import Any, Callable

from pwshim import nodes as N
from pwshim.interp_commands import BlockRun, FunctionInfo, command_not_found
from pwshim.interp_expressions import enumerate_value
from pwshim.interpreter import DownstreamError, PipelineStop
from pwshim.runtime.binding import NamedArg, PositionalArg
from pwshim.runtime.conversions import to_string
from pwshim.runtime.errors import Category, ErrorRecord, PSError, RuntimeException
from pwshim.runtime.pipeline import CmdletStage, StopUpstreamCommands

Emit = Callable[[Any], None]


class ExpressionStage:
    """The first element when it is an expression: its value, enumerated."""

    def __init__(self, interp: Any, node: N.CommandExpressionAst) -> None:
        self.interp = interp
        self.node = node
        self.emit: Emit = lambda obj: None
        self.value: Any = None

    def connect(self, emit: Emit) -> None:
        self.emit = emit

    def begin(self) -> None:
        # pwsh evaluates a pipeline's leading expression before any command begins
        self.value = self.interp.eval(self.node.expression)

    def process(self, obj: Any) -> None:  # pragma: no cover - never downstream
        pass

    def end(self) -> None:
        expr = self.node.expression
        value = self.value
        if value is None:
            # pwsh writes $null for an expression statement, but not for a void method call,
            # a statement-level ++/-- or a [void] cast (AutomationNull).
            if not isinstance(expr, N.InvokeMemberExpressionAst | N.UnaryExpressionAst) and not _is_void_cast(expr):
                self.emit(None)
            return
        if isinstance(expr, N.UnaryExpressionAst) and expr.op in ("++pre", "--pre", "++post", "--post"):
            return
        for item in enumerate_value(value):
            self.emit(item)


def _is_void_cast(expr: N.ExpressionAst) -> bool:
    return isinstance(expr, N.ConvertExpressionAst) and str(expr.type_name).lower() in ("void", "system.void")


_INHERIT: Any = object()


class BufferedStage:
    """Script files and native programs: input is collected, then the command runs with it."""

    def __init__(self, run: Callable[[list[Any] | None, Emit], Any], expects_input: bool, session: Any) -> None:
        self.run = run
        self.expects_input = expects_input
        self.session = session
        self.exit_code: Any = None
        self.error_redirect: Any = _INHERIT  # its own `2>$null` / `2>&1` / `2>file`
        self.buffer: list[Any] = []
        self.emit: Emit = lambda obj: None

    def connect(self, emit: Emit) -> None:
        self.emit = emit

    def begin(self) -> None:
        pass

    def process(self, obj: Any) -> None:
        self.buffer.append(obj)

    def end(self) -> None:
        if self.error_redirect is _INHERIT:
            self._run()
            return
        extensions = self.session.extensions
        saved = extensions.get("error_redirect")
        extensions["error_redirect"] = self.error_redirect
        try:
            self._run()
        finally:
            extensions["error_redirect"] = saved

    def _run(self) -> None:
        # a native program's exit code (a script file returns None unless it ran `exit`)
        self.exit_code = self.run(self.buffer if self.expects_input else None, self.emit)


class ScriptStage:
    """A function, filter or script block: parameters bound when the pipeline is built, its begin
    block when the pipeline starts, process for each object as it arrives, end at the end."""

    def __init__(self, build: Callable[[Emit], BlockRun]) -> None:
        self.emit: Emit = lambda obj: None
        self.run = build(self._forward)

    def _forward(self, obj: Any) -> None:
        self.emit(obj)

    def connect(self, emit: Emit) -> None:
        self.emit = emit

    def begin(self) -> None:
        self.run.begin()

    def process(self, obj: Any) -> None:
        self.run.process(obj)

    def end(self) -> None:
        self.run.end()

    def clean(self) -> None:
        self.run.clean()


def _command_target(interp: Any, node: N.CommandAst) -> tuple[str, Any, str]:
    """(kind, target, display name) for a CommandAst."""
    from pwshim.runtime.scriptblock import ScriptBlock

    first = node.elements[0]
    if node.invocation is None and isinstance(first, N.StringConstantExpressionAst):
        name = first.value
        kind, target = interp.resolve_command(name, first.span)
        return kind, target, name
    value = interp.eval(first)
    if isinstance(value, ScriptBlock):
        return "scriptblock", value, "<ScriptBlock>"
    if isinstance(value, FunctionInfo):
        return "function", value, value.Name
    name_attr = getattr(value, "Name", None)
    if hasattr(value, "parameters") and isinstance(name_attr, str):
        return "cmdlet", value, name_attr
    name = to_string(value)
    if not name:
        raise PSError(ErrorRecord(RuntimeException(
            f"The expression after '{node.invocation or '&'}' in a pipeline element produced an object that was not valid. It "
            "must result in a command name, a script block, or a CommandInfo object."),
            "BadExpression", Category.InvalidOperation, span=first.span))
    kind, target = interp.resolve_command(name, first.span)
    return kind, target, name


def _command_stage(interp: Any, node: N.CommandAst, expects_input: bool) -> Any:
    kind, target, name = _command_target(interp, node)
    args: list[NamedArg | PositionalArg] = interp.command_arguments(node.elements[1:])
    dot = node.invocation == "."
    if kind == "cmdlet":
        stage = CmdletStage(target, interp.session, args, expects_input, invocation_name=name, span=node.span)
        return stage
    if kind == "function":
        return ScriptStage(lambda emit: interp.function_run(target, args, emit, expects_input))
    if kind == "scriptblock":
        positional = [a.value for a in args if isinstance(a, PositionalArg)]
        named = [a for a in args if isinstance(a, NamedArg)]
        return ScriptStage(lambda emit: BlockRun(interp, target, positional, emit, expects_input,
                                                 new_scope=not dot, named=named))
    if kind == "script":
        return BufferedStage(lambda items, emit: interp.call_script_file(target, args, emit, dot), expects_input,
                             interp.session)
    if kind == "native":
        return BufferedStage(lambda items, emit: interp.call_native(target, args, emit, items), expects_input,
                             interp.session)
    raise command_not_found(name, node.span)


def _redirect_errors(stage: Any, target: Callable[[ErrorRecord], None]) -> None:
    if isinstance(stage, CmdletStage):
        stage.policy.redirect = target
    elif isinstance(stage, ScriptStage):
        stage.run.error_redirect = target
    elif isinstance(stage, BufferedStage):
        stage.error_redirect = target


def _apply_redirections(interp: Any, stage: Any, redirections: tuple[Any, ...], out: Emit) -> Emit:
    """Handle `> file`, `>> file`, `2>&1`, `2>$null`, `*>$null` for one element."""
    target_out = out
    for r in redirections:
        if isinstance(r, N.MergingRedirectionAst):
            if r.from_stream in ("2", "*"):
                _redirect_errors(stage, lambda record, o=out: o(record))
            continue
        location = interp.eval(r.location)
        if r.stream in ("2", "*"):
            _redirect_errors(stage, (lambda record: None) if location is None else _file_writer(interp, location, True))
        if r.stream in ("1", "*"):
            if location is None:
                target_out = lambda obj: None  # noqa: E731
            else:
                target_out = _file_writer(interp, location, r.append)
    return target_out


class _FileSink:
    """`> file` / `>> file`: the objects are formatted as one Out-File would (one table for
    the whole pipeline), written when the pipeline ends."""

    def __init__(self, interp: Any, location: Any, append: bool) -> None:
        self.path = interp.session.resolve_path(to_string(location))
        self.session = interp.session
        self.items: list[Any] = []
        with open(self.path, "a" if append else "w", encoding="utf-8"):
            pass  # create/truncate at once, as pwsh opens the file before running

    def __call__(self, obj: Any) -> None:
        self.items.append(obj)

    def close(self) -> None:
        from pwshim.formatting import format_objects

        text = format_objects(self.items, self.session)
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(text)


def _file_writer(interp: Any, location: Any, append: bool) -> Emit:
    sink = _FileSink(interp, location, append)
    interp.session.extensions.setdefault("_file_sinks", []).append(sink)
    return sink


def execute_pipeline(interp: Any, node: N.PipelineAst, out: Emit) -> bool:
    """Run a pipeline; True when one of its native programs exited non-zero (pwsh 7.2+: $? is
    False then)."""
    sinks: list[_FileSink] = []
    outer_sinks = interp.session.extensions.get("_file_sinks")
    interp.session.extensions["_file_sinks"] = sinks  # the `> file` sinks of this pipeline
    stages: list[Any] = []
    try:
        try:
            _run_stages(interp, node, out, stages)
        finally:
            _clean(stages)
    finally:
        if outer_sinks is None:
            interp.session.extensions.pop("_file_sinks", None)
        else:
            interp.session.extensions["_file_sinks"] = outer_sinks
        for sink in sinks:
            sink.close()
    return any(isinstance(s, BufferedStage) and s.exit_code not in (None, 0) for s in stages)


def _clean(stages: list[Any]) -> None:
    """The `clean` blocks of the functions and script blocks, in pipeline order, however the
    pipeline ended."""
    pending = [s for s in stages if isinstance(s, ScriptStage) and s.run.ast.clean is not None]
    if not pending:
        return
    try:
        pending[0].clean()
    finally:
        _clean(pending[1:])


def _run_stages(interp: Any, node: N.PipelineAst, out: Emit, stages: list[Any]) -> None:
    redirs: list[tuple[Any, ...]] = []
    for i, element in enumerate(node.elements):
        if isinstance(element, N.CommandExpressionAst):
            stages.append(ExpressionStage(interp, element))
        else:
            stages.append(_command_stage(interp, element, expects_input=i > 0))
        redirs.append(element.redirections)
    if len(stages) == 1:
        stage = stages[0]
        stage.connect(_apply_redirections(interp, stage, redirs[0], out) if redirs[0] else out)
        stage.begin()
        stage.end()
        return
    # Objects written by a begin block wait until every stage has begun (pwsh runs all begin
    # blocks before the first process call downstream).
    held: list[tuple[Emit, Any]] = []
    beginning = [True]
    owner = object()

    def link(target: Emit, index: int) -> Emit:
        def forward(obj: Any) -> None:
            if beginning[0]:
                held.append((forward, obj))
                return
            try:
                target(obj)
            except PSError as exc:
                raise DownstreamError(exc, owner) from None
            except StopUpstreamCommands:
                raise PipelineStop(owner, index) from None
        return forward

    for i, stage in enumerate(stages):
        downstream = stages[i + 1].process if i + 1 < len(stages) else out
        if redirs[i]:
            downstream = _apply_redirections(interp, stage, redirs[i], downstream)
        stage.connect(link(downstream, i + 1) if i + 1 < len(stages) else downstream)
    first_end = 0
    try:
        try:
            for stage in stages:
                stage.begin()
            beginning[0] = False
            for forward, obj in held:
                forward(obj)
        except PipelineStop as stop:
            if stop.owner is not owner:
                raise
            first_end = stop.index
        while True:
            # a command that stops its upstream (Select-Object -First): the commands before it
            # are abandoned (no end block), it and the commands after it end normally
            try:
                for k in range(first_end, len(stages)):
                    first_end = k
                    stages[k].end()
                break
            except PipelineStop as stop:
                if stop.owner is not owner:
                    raise
                first_end = stop.index
    except DownstreamError as exc:
        if exc.owner is not owner:
            raise
        raise exc.error from None
