"""Streaming pipelines: each stage has begin / process(obj) / end and pushes to the next.

Non-terminating errors go through `ErrorPolicy`, which applies -ErrorAction /
$ErrorActionPreference (Continue, SilentlyContinue, Stop, Ignore, Inquire->Continue) and
-ErrorVariable, and records them in $Error.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from pwshim.runtime.binding import Binder, NamedArg, PositionalArg, input_not_bound
from pwshim.runtime.cmdlet import Cmdlet
from pwshim.runtime.errors import ErrorRecord, PSError

Emit = Callable[[Any], None]


class StopUpstreamCommands(BaseException):  # noqa: N818 - pwsh's name
    """Raised by a cmdlet's process once it needs no more input (pwsh's
    StopUpstreamCommandsException, as Select-Object -First throws): the commands before it stop
    without running their end blocks; it and the commands after it end normally. Not an error:
    no catch or trap sees it."""


class ErrorPolicy:
    """What happens to a non-terminating error written by a command."""

    def __init__(self, session: Any, action: str | None = None, variable: str | None = None) -> None:
        self.session = session
        self.action = (action or str(session.get_variable("ErrorActionPreference", "Continue"))).lower()
        self.variable = variable
        self.collected: list[ErrorRecord] = []
        # `2>&1` / `2>$null` / `2>file`: where the error goes instead of the host (a command run
        # by a function whose errors are redirected inherits the function's redirection)
        self.redirect: Callable[[ErrorRecord], None] | None = session.extensions.get("error_redirect")

    def __call__(self, record: ErrorRecord) -> None:
        action = self.action
        if action == "ignore":
            return
        from pwshim.interp_params import note_function_error

        note_function_error(self.session, record)  # enclosing advanced functions' -ErrorVariable
        if self.variable:
            name = self.variable.lstrip("+")
            existing = self.session.get_variable(name) if self.variable.startswith("+") else None
            items = list(existing) if isinstance(existing, list) else []
            items.append(record)
            self.session.set_variable(name, items)
        if action == "stop":
            record.extra["action_stop"] = True
            raise PSError(record)
        self.session.error_list.insert(0, record)
        self.session.last_errors.append(record)
        self.session.set_variable("?", False)
        if self.redirect is not None:
            record.extra["suppressed"] = True  # handled: it does not count for the exit code
            self.redirect(record)
            return
        if action not in ("continue", "inquire", "break"):
            record.extra["suppressed"] = True  # SilentlyContinue
        else:
            record.extra.pop("suppressed", None)
            reporter = self.session.extensions.get("error_reporter")
            if reporter is not None:
                reporter(record)
            else:
                from pwshim.formatting import format_error

                self.session.host.write_error_line(format_error(record))


def common_error_policy(session: Any, bound: dict[str, Any]) -> ErrorPolicy:
    action = bound.get("ErrorAction")
    return ErrorPolicy(session, str(action) if action is not None else None, bound.get("ErrorVariable"))


class CmdletStage:
    """One cmdlet in a pipeline."""

    def __init__(
        self,
        cls: type[Cmdlet],
        session: Any,
        args: list[NamedArg | PositionalArg],
        expects_input: bool,
        invocation_name: str | None = None,
        span: Any = None,
    ) -> None:
        self.cmdlet = cls(session)
        self.cmdlet.invocation_name = invocation_name or cls.name
        self.cmdlet.current_span = span
        self.session = session
        self.binder = Binder(self.cmdlet, expects_input)
        self.binder.bind_command_line(args)
        self.binder.resolve_set()
        self.binder.snapshot()
        self.policy = common_error_policy(session, self.cmdlet.bound)
        self.cmdlet.error_sink = self.policy
        self.saw_input = False
        self.expects_input = expects_input
        self._install_streams()

    def _install_streams(self) -> None:
        bound = self.cmdlet.bound
        warning_action = str(bound.get("WarningAction", "")).lower()
        if warning_action in ("silentlycontinue", "ignore"):
            self.cmdlet.write_warning = lambda message: None  # type: ignore[method-assign]
        if bound.get("Verbose"):
            host = self.session.host
            self.cmdlet.write_verbose = lambda message: host.write_line(f"VERBOSE: {message}")  # type: ignore[method-assign]

    def connect(self, emit: Emit) -> None:
        self.cmdlet.output = emit

    def _claim(self, exc: PSError) -> None:
        """An error escaping the cmdlet (e.g. from the host) is reported as the cmdlet's."""
        record = exc.record
        if record.command is None:
            record.command = self.cmdlet.invocation_name
        if record.span is None:
            record.span = self.cmdlet.current_span

    def _enter(self) -> Any:
        """The script blocks the cmdlet runs send their errors where the cmdlet's own go."""
        extensions = self.session.extensions
        saved = extensions.get("error_redirect")
        extensions["error_redirect"] = self.policy.redirect
        return saved

    def begin(self) -> None:
        saved = self._enter()
        try:
            self.cmdlet.begin()
        except PSError as exc:
            self._claim(exc)
            raise
        finally:
            self.session.extensions["error_redirect"] = saved

    def process(self, obj: Any) -> None:
        self.saw_input = True
        if not self.binder.bind_pipeline_object(obj):
            self.policy(input_not_bound(obj))
            return
        saved = self._enter()
        try:
            self.cmdlet.process()
        except PSError as exc:
            self._claim(exc)
            raise
        finally:
            self.session.extensions["error_redirect"] = saved
            self.binder.restore()

    def end(self) -> None:
        saved = self._enter()
        try:
            # A cmdlet with no upstream runs process once; one fed by an empty pipeline never does.
            if not self.expects_input:
                try:
                    self.cmdlet.process()
                except StopUpstreamCommands:
                    pass  # nothing upstream to stop
            self.cmdlet.end()
        except PSError as exc:
            self._claim(exc)
            raise
        finally:
            self.session.extensions["error_redirect"] = saved


def run_cmdlet(
    cls: type[Cmdlet],
    session: Any,
    args: list[NamedArg | PositionalArg],
    pipeline_input: Iterable[Any] | None = None,
) -> list[Any]:
    """Run a single cmdlet to completion, returning its output objects."""
    out: list[Any] = []
    stage = CmdletStage(cls, session, args, pipeline_input is not None)
    stage.connect(out.append)
    stage.begin()
    if pipeline_input is not None:
        try:
            for obj in pipeline_input:
                stage.process(obj)
        except StopUpstreamCommands:
            pass  # it needs no more input
    stage.end()
    return out
