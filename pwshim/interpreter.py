"""The interpreter: statements, pipelines and control flow (a `visit_<Node>` per node class).

Expressions live in interp_expressions.py and commands/functions in interp_commands.py; this
module wires them and holds the script-level behaviour pwsh has:
- a statement-terminating error (a cmdlet's terminating error, a binding error, an unknown
  command) is reported and the script goes on with the next statement;
- `throw`, `-ErrorAction Stop` and $ErrorActionPreference = 'Stop' are script-terminating;
- inside `try { }` every terminating error goes to the catch blocks, and in a block holding
  `trap` statements to its traps (interp_handlers.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Callable

from pwshim import nodes as N
from pwshim.interp_commands import CommandMixin
from pwshim.interp_expressions import ExpressionMixin, enumerate_value
from pwshim.runtime.errors import (
    Category,
    DotNetException,
    ErrorRecord,
    ParseError,
    PipelineStoppedException,
    PSError,
    RuntimeException,
    type_name_of,
)
from pwshim.runtime.session import Session

Emit = Callable[[Any], None]


class FlowSignal(Exception):
    """Base of break/continue/return/exit unwinding."""


class BreakSignal(FlowSignal):
    def __init__(self, label: str | None = None) -> None:
        self.label = label


class ContinueSignal(FlowSignal):
    def __init__(self, label: str | None = None) -> None:
        self.label = label


class ReturnSignal(FlowSignal):
    def __init__(self, value: Any = None) -> None:
        self.value = value  # a class method's return value (other returns write to the output)


class ExitSignal(FlowSignal):
    def __init__(self, code: int) -> None:
        self.code = code


class DownstreamError(FlowSignal):
    """A terminating error of a later pipeline stage, raised while an earlier stage wrote to it.
    It unwinds the earlier stages (their statements do not take it as their own error, their
    finally blocks run) up to the pipeline it belongs to, which raises it as the pipeline's."""

    def __init__(self, error: PSError, owner: object) -> None:
        super().__init__()
        self.error = error
        self.owner = owner


class PipelineStop(FlowSignal):
    """A command of a pipeline stopped the commands before it (StopUpstreamCommands): unwinds
    them (their finally blocks run) up to the pipeline, which ends the stages from `index` on."""

    def __init__(self, owner: object, index: int) -> None:
        super().__init__()
        self.owner = owner
        self.index = index


@dataclass
class RunResult:
    """What running a script produced."""

    output: list[Any] = field(default_factory=list)
    errors: list[ErrorRecord] = field(default_factory=list)
    exit_code: int = 0


class Interpreter(ExpressionMixin, CommandMixin):
    """Runs parsed PowerShell against a Session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.try_depth = 0
        self.trap_depth = 0  # blocks with traps being run (their errors propagate to them)
        self.in_class_method = False  # running a class method's body (interp_classes)
        self.file: str | None = None
        self.script_root: str = ""
        session.extensions.setdefault("interpreter", self)
        from pwshim.runtime.automatic import install_automatic_variables

        install_automatic_variables(session)

    # --- entry points -------------------------------------------------------------------------
    def run_text(
        self,
        text: str,
        file: str | None = None,
        args: list[Any] | None = None,
        emit: Emit | None = None,
        dot_source: bool = True,
    ) -> RunResult:
        """Parse and run a script; errors are reported through the session, never raised."""
        from pwshim.parser import parse

        result = RunResult()
        errors_before = len(self.session.last_errors)
        out: Emit = emit or result.output.append
        try:
            ast = parse(text, file)
        except ParseError as exc:
            for record in exc.errors:
                self.report(record)
            result.errors = list(exc.errors)
            result.exit_code = 1
            return result
        try:
            self.run_script_ast(ast, file, script_arguments(args or []), out, new_scope=not dot_source)
        except ExitSignal as sig:
            result.exit_code = sig.code
        except PSError as exc:
            self.report(exc.record)
            result.exit_code = 1
        except FlowSignal:
            pass
        # errors the script handled (caught, trapped with `continue`, SilentlyContinue/Ignore,
        # redirected with 2>$null or 2>&1) do not count
        result.errors = [r for r in self.session.last_errors[errors_before:] if not r.extra.get("suppressed")]
        if result.exit_code == 0 and result.errors:
            # pwshim exits 1 when a script reported errors it did not handle (README: differences).
            result.exit_code = 1
        return result

    def run_script_ast(
        self, ast: N.ScriptBlockAst, file: str | None, args: list[Any], out: Emit, new_scope: bool = True
    ) -> None:
        from pwshim.runtime.scriptblock import ScriptBlock

        saved = (self.file, self.script_root)
        self.file = file
        self.script_root = os.path.dirname(os.path.abspath(file)) if file else ""
        session = self.session
        saved_scope, saved_script = session.scope, session.script_scope
        if new_scope:
            from pwshim.runtime.session import Scope

            session.scope = Scope(session.scope, "script")
            session.script_scope = session.scope
        try:
            session.set_variable("PSScriptRoot", self.script_root)
            session.set_variable("PSCommandPath", os.path.abspath(file) if file else "")
            session.set_variable("MyInvocation", invocation_info(
                os.path.basename(file) if file else "", os.path.abspath(file) if file else ""), "local")
            from pwshim.runtime.binding import NamedArg, PositionalArg

            for using in ast.using:  # `using namespace/module` take effect before the script runs
                self.visit_UsingStatementAst(using, out)
            if any(isinstance(st, N.TypeDefinitionAst) for st in ast.statements):
                from pwshim.interp_classes import hoist_type_definitions

                hoist_type_definitions(self, ast)  # pwsh resolves a script's types before it runs
            sb = ScriptBlock(ast, session, file)
            positional = [a.value if isinstance(a, PositionalArg) else a for a in args
                          if not isinstance(a, NamedArg)]
            named = [a for a in args if isinstance(a, NamedArg)]
            self.run_blocks(sb, positional, out, pipeline_input=None, new_scope=False, named=named)
        finally:
            session.scope, session.script_scope = saved_scope, saved_script
            self.file, self.script_root = saved

    # --- error reporting ------------------------------------------------------------------------
    def report(self, record: ErrorRecord) -> None:
        """Write an error to the error stream (ConciseView) and record it in $Error."""
        session = self.session
        session.error_list.insert(0, record)
        session.last_errors.append(record)
        session.set_variable("?", False)
        redirect = session.extensions.get("error_redirect")
        if redirect is not None:  # inside `f 2>$null` / `f 2>&1`
            record.extra["suppressed"] = True
            redirect(record)
            return
        record.extra.pop("suppressed", None)
        reporter = session.extensions.get("error_reporter")
        if reporter is not None:
            reporter(record)
        else:
            from pwshim.formatting import format_error

            session.host.write_error_line(format_error(record))

    def to_record(self, exc: BaseException, span: Any = None) -> ErrorRecord:
        """Any exception raised while running a statement -> an ErrorRecord (never a traceback)."""
        if isinstance(exc, PSError):
            record = exc.record
        elif isinstance(exc, DotNetException):
            record = ErrorRecord(exc, type_name_of(exc).rsplit(".", 1)[-1], Category.NotSpecified)
        elif isinstance(exc, RecursionError):
            record = ErrorRecord(
                RuntimeException("The script failed due to call depth overflow."),
                "CallDepthOverflow",
                Category.InvalidOperation,
            )
        elif isinstance(exc, KeyboardInterrupt):
            record = ErrorRecord(
                PipelineStoppedException("The pipeline has been stopped."),
                "PipelineStopped",
                Category.OperationStopped,
            )
        else:
            if os.environ.get("PWSHIM_DEBUG"):
                raise exc
            record = ErrorRecord(
                RuntimeException(f"{type(exc).__name__}: {exc}"),
                "InternalError",
                Category.NotSpecified,
            )
        if record.span is None and span is not None:
            record.span = span
        return record

    # --- blocks and statements -------------------------------------------------------------------------
    def exec_block(self, block: N.StatementBlockAst | None, out: Emit) -> None:
        if block is None:
            return
        if block.traps:
            from pwshim.interp_handlers import exec_block_with_traps

            exec_block_with_traps(self, block, out)
            return
        for stmt in block.statements:
            self.exec_statement(stmt, out)

    def exec_statement(self, stmt: N.StatementAst, out: Emit) -> None:
        method = getattr(self, "visit_" + type(stmt).__name__, None)
        if isinstance(stmt, N.FunctionDefinitionAst | N.TrapStatementAst):
            method(stmt, out)  # type: ignore[misc]
            return
        try:
            if method is None:
                raise PSError(
                    ErrorRecord(
                        RuntimeException(f"The statement {type(stmt).__name__} is not supported by pwshim."),
                        "NotSupported",
                        Category.NotImplemented,
                        span=stmt.span,
                    )
                )
            method(stmt, out)
        except (FlowSignal, ExitSignal):
            raise
        except PSError as exc:
            self._statement_error(exc.record, stmt)
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # noqa: BLE001 - any failure becomes a PowerShell error
            self._statement_error(self.to_record(exc, stmt.span), stmt)

    def _statement_error(self, record: ErrorRecord, stmt: N.StatementAst) -> None:
        if record.span is None:
            record.span = stmt.span
        preference = str(self.session.get_variable("ErrorActionPreference", "Continue")).lower()
        if self.try_depth > 0 or self.trap_depth > 0 or record.from_throw or record.extra.get("action_stop") \
                or preference == "stop":
            raise PSError(record)
        if preference in ("silentlycontinue", "ignore"):
            # pwsh's CheckActionPreference: kept in $Error, not written, not counted for the exit code
            session = self.session
            session.error_list.insert(0, record)
            session.last_errors.append(record)
            session.set_variable("?", False)
            record.extra["suppressed"] = True
            return
        self.report(record)

    def visit_PipelineAst(self, node: N.PipelineAst, out: Emit) -> None:  # noqa: N802
        errors_before = len(self.session.last_errors)
        native_failed = self.run_pipeline(node, out)
        # pwsh 7.2+: a native program of the pipeline that exits non-zero fails it too
        self.session.set_variable("?", len(self.session.last_errors) == errors_before and not native_failed)

    def visit_PipelineChainAst(self, node: N.PipelineChainAst, out: Emit) -> None:  # noqa: N802
        self.exec_statement(node.left, out)
        ok = bool(self.session.get_variable("?", True))
        if (node.op == "&&" and ok) or (node.op == "||" and not ok):
            self.exec_statement(node.right, out)

    def visit_AssignmentStatementAst(self, node: N.AssignmentStatementAst, out: Emit) -> None:  # noqa: N802
        self.assign(node)

    def eval_statement_value(self, stmt: N.StatementAst) -> Any:
        """The value of a statement used as an expression (assignment RHS, hashtable value)."""
        if isinstance(stmt, N.PipelineAst) and len(stmt.elements) == 1:
            only = stmt.elements[0]
            if isinstance(only, N.CommandExpressionAst) and not only.redirections:
                return self.eval(only.expression)
        collected: list[Any] = []
        self.exec_statement_raising(stmt, collected.append)
        if not collected:
            return None
        return collected[0] if len(collected) == 1 else collected

    def exec_statement_raising(self, stmt: N.StatementAst, out: Emit) -> None:
        """Run a statement whose errors must propagate (it is part of an expression)."""
        method = getattr(self, "visit_" + type(stmt).__name__)
        method(stmt, out)

    def visit_IfStatementAst(self, node: N.IfStatementAst, out: Emit) -> None:  # noqa: N802
        from pwshim.runtime.conversions import to_bool

        for cond, body in node.clauses:
            if to_bool(self.eval_statement_value(cond)):
                self.exec_block(body, out)
                return
        if node.else_clause is not None:
            self.exec_block(node.else_clause, out)

    def _loop_body(self, node: N.LabeledStatementAst, body: N.StatementBlockAst, out: Emit) -> bool:
        """Run a loop body once; False means break out of the loop."""
        try:
            self.exec_block(body, out)
        except BreakSignal as sig:
            if sig.label is None or (node.label and sig.label.lower() == node.label.lower()):
                return False
            raise
        except ContinueSignal as sig:
            if sig.label is None or (node.label and sig.label.lower() == node.label.lower()):
                return True
            raise
        return True

    def visit_ForEachStatementAst(self, node: N.ForEachStatementAst, out: Emit) -> None:  # noqa: N802
        value = self.eval_statement_value(node.condition)
        for item in enumerate_value(value):
            self.set_var(node.variable, item)
            if not self._loop_body(node, node.body, out):
                break

    def visit_ForStatementAst(self, node: N.ForStatementAst, out: Emit) -> None:  # noqa: N802
        from pwshim.runtime.conversions import to_bool

        if node.initializer is not None:
            self.exec_statement_raising(node.initializer, lambda _v: None)
        while node.condition is None or to_bool(self.eval_statement_value(node.condition)):
            if not self._loop_body(node, node.body, out):
                break
            if node.iterator is not None:
                self.exec_statement_raising(node.iterator, lambda _v: None)

    def visit_WhileStatementAst(self, node: N.WhileStatementAst, out: Emit) -> None:  # noqa: N802
        from pwshim.runtime.conversions import to_bool

        while to_bool(self.eval_statement_value(node.condition)):
            if not self._loop_body(node, node.body, out):
                break

    def visit_DoWhileStatementAst(self, node: N.DoWhileStatementAst, out: Emit) -> None:  # noqa: N802
        from pwshim.runtime.conversions import to_bool

        while True:
            if not self._loop_body(node, node.body, out):
                break
            if not to_bool(self.eval_statement_value(node.condition)):
                break

    def visit_DoUntilStatementAst(self, node: N.DoUntilStatementAst, out: Emit) -> None:  # noqa: N802
        from pwshim.runtime.conversions import to_bool

        while True:
            if not self._loop_body(node, node.body, out):
                break
            if to_bool(self.eval_statement_value(node.condition)):
                break

    def visit_SwitchStatementAst(self, node: N.SwitchStatementAst, out: Emit) -> None:  # noqa: N802
        from pwshim.interp_switch import run_switch

        run_switch(self, node, out)

    def visit_TryStatementAst(self, node: N.TryStatementAst, out: Emit) -> None:  # noqa: N802
        try:
            self.try_depth += 1
            try:
                self.exec_block(node.body, out)
            finally:
                self.try_depth -= 1
        except PSError as exc:
            found = self._matching_catch(node, exc.record)
            if found is None:
                self._run_finally(node, out)
                raise
            clause, underbar = found
            saved = self.session.get_variable("_")
            self.session.set_variable("_", underbar)
            self.session.set_variable("PSItem", underbar)
            self.session.error_list.insert(0, exc.record)
            self.session.extensions.setdefault("catch_stack", []).append(exc.record)
            try:
                self.exec_block(clause.body, out)
            finally:
                self.session.extensions["catch_stack"].pop()
                self.session.set_variable("_", saved)
                self._run_finally(node, out)
            return
        except FlowSignal:
            self._run_finally(node, out)
            raise
        except KeyboardInterrupt:
            # Ctrl+C stops the pipeline, but finally blocks still run (about_Try_Catch_Finally);
            # what they write has nowhere to go
            self._run_finally(node, lambda obj: None)
            raise
        self._run_finally(node, out)

    def _run_finally(self, node: N.TryStatementAst, out: Emit) -> None:
        if node.finally_ is not None:
            self.exec_block(node.finally_, out)

    def _matching_catch(self, node: N.TryStatementAst, record: ErrorRecord) -> tuple[N.CatchClauseAst, ErrorRecord] | None:
        """The catch clause that takes the error and the `$_` it gets (pwsh's FindMatchingHandler)."""
        from pwshim.interp_handlers import find_catch

        types: list[Any] = []
        owners: list[N.CatchClauseAst] = []
        for clause in node.catches:
            for tn in (None,) if clause.is_catch_all else clause.types:
                types.append(tn)
                owners.append(clause)
        found = find_catch(record, types)
        return None if found is None else (owners[found[0]], found[1])

    def visit_TrapStatementAst(self, node: N.TrapStatementAst, out: Emit) -> None:  # noqa: N802
        pass  # a trap handles the errors of its whole block (interp_handlers); nothing runs here

    def visit_ThrowStatementAst(self, node: N.ThrowStatementAst, out: Emit) -> None:  # noqa: N802
        if node.pipeline is None:
            stack = self.session.extensions.get("catch_stack") or []
            if stack:
                raise PSError(stack[-1])
            value: Any = "ScriptHalted"
        else:
            value = self.eval_statement_value(node.pipeline)
        raise PSError(self.throw_record(value, node.span))

    def throw_record(self, value: Any, span: Any) -> ErrorRecord:
        from pwshim.runtime.conversions import to_string

        if isinstance(value, ErrorRecord):
            value.from_throw = True
            return value
        if isinstance(value, BaseException):
            return ErrorRecord(value, type_name_of(value).rsplit(".", 1)[-1], Category.OperationStopped,
                               span=span, from_throw=True)
        text = to_string(value)
        return ErrorRecord(RuntimeException(text), text, Category.OperationStopped, target=value,
                           span=span, from_throw=True)

    def visit_ReturnStatementAst(self, node: N.ReturnStatementAst, out: Emit) -> None:  # noqa: N802
        if node.pipeline is not None and self.in_class_method:
            raise ReturnSignal(self.eval_statement_value(node.pipeline))  # pwsh: a method returns
        if node.pipeline is not None:
            self.exec_statement_raising(node.pipeline, out)
        raise ReturnSignal()

    def visit_TypeDefinitionAst(self, node: N.TypeDefinitionAst, out: Emit) -> None:  # noqa: N802
        from pwshim.interp_classes import define_once

        define_once(self, node)

    def visit_ExitStatementAst(self, node: N.ExitStatementAst, out: Emit) -> None:  # noqa: N802
        from pwshim.runtime.conversions import to_number

        code = 0
        if node.pipeline is not None:
            value = self.eval_statement_value(node.pipeline)
            try:
                code = int(to_number(value)) if value is not None else 0
            except DotNetException:
                code = 0
        self.session.set_variable("LASTEXITCODE", code, "global")
        raise ExitSignal(code)

    def _label(self, expr: N.ExpressionAst | None) -> str | None:
        if expr is None:
            return None
        from pwshim.runtime.conversions import to_string

        return to_string(self.eval(expr))

    def visit_BreakStatementAst(self, node: N.BreakStatementAst, out: Emit) -> None:  # noqa: N802
        raise BreakSignal(self._label(node.label))

    def visit_ContinueStatementAst(self, node: N.ContinueStatementAst, out: Emit) -> None:  # noqa: N802
        raise ContinueSignal(self._label(node.label))

    def visit_FunctionDefinitionAst(self, node: N.FunctionDefinitionAst, out: Emit) -> None:  # noqa: N802
        self.define_function(node)

    def visit_DataStatementAst(self, node: N.DataStatementAst, out: Emit) -> None:  # noqa: N802
        collected: list[Any] = []
        self.exec_block(node.body, collected.append)
        value = collected[0] if len(collected) == 1 else collected
        if node.variable:
            self.session.set_variable(node.variable, value)
        else:
            for item in collected:
                out(item)

    def visit_UsingStatementAst(self, node: N.UsingStatementAst, out: Emit) -> None:  # noqa: N802
        if node.kind == "namespace":
            self.session.extensions.setdefault("using_namespaces", []).append(node.name)
        elif node.kind == "module":  # imports it, as Import-Module does (and fails as it fails)
            from pwshim.runtime.cmdlet import find_cmdlet, invoke

            invoke(find_cmdlet("Import-Module"), self.session, Name=node.name, ErrorAction="Stop")  # type: ignore[arg-type]
        else:
            raise PSError(ErrorRecord(
                RuntimeException(f"pwshim does not load .NET assemblies (using {node.kind} {node.name})."),
                "UsingAssemblyNotSupported", Category.NotImplemented, span=node.span))

    # --- pipelines ------------------------------------------------------------------------------
    def run_pipeline(self, node: N.PipelineAst, out: Emit) -> bool:
        """Run a pipeline; True when one of its native programs exited non-zero."""
        from pwshim.interp_pipeline import execute_pipeline

        return execute_pipeline(self, node, out)


def invocation_info(name: str, path: str = "") -> Any:
    """$MyInvocation: the parts scripts read (MyCommand.Name/Path, ScriptName, PSScriptRoot)."""
    from pwshim.runtime.objects import PSObject

    command = PSObject([("Name", name), ("Path", path), ("Definition", path or name)])
    return PSObject([("MyCommand", command), ("InvocationName", name), ("ScriptName", path),
                     ("PSScriptRoot", os.path.dirname(path) if path else ""), ("PSCommandPath", path)])


def script_arguments(args: list[Any]) -> list[Any]:
    """`pwsh -File s.ps1 -Name v -Switch x`: words that look like `-Name` bind by name."""
    import re

    from pwshim.runtime.binding import NO_VALUE, NamedArg, PositionalArg

    out: list[Any] = []
    for arg in args:
        if isinstance(arg, str) and re.match(r"^[-\u2013\u2014\u2015][A-Za-z_?][\w-]*:?", arg):
            name, colon, value = arg[1:].partition(":")
            out.append(NamedArg(name, value if colon and value else NO_VALUE, bool(colon), None, arg))
        else:
            out.append(PositionalArg(arg) if not isinstance(arg, NamedArg | PositionalArg) else arg)
    return out


def run_script(text: str, session: Session | None = None, file: str | None = None) -> RunResult:
    """Run PowerShell text in `session` (a new one by default); output objects are returned."""
    session = session or Session()
    interp = session.extensions.get("interpreter") or Interpreter(session)
    return interp.run_text(text, file)
