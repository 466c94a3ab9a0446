"""The terminal-free core of the interactive session (no prompt_toolkit here).

`ReplCore` holds the Session and the Interpreter and answers what a front needs:
- `prompt_text()`: pwsh's default prompt function, `PS {$PWD}> ` (the full path: pwsh does not
  abbreviate the home folder), or the output of a user-defined `prompt` function;
- `needs_more(text)`: the parser's incomplete-input flag (pwsh's IncompleteParseException, which
  drives the `>> ` continuation prompt), never a guess;
- `execute(text, ask)`: documentation placeholders asked for one by one and substituted, then
  the text run in the global scope as one command line; output formatted as the script runner
  formats it (Out-Default), errors in ConciseView.

All host traffic goes through `ReplHost`: pipeline output goes through one Out-Default per
command line (formatting.OutDefaultWriter) and each object's lines are shown as soon as they can
be written (a table waits for its first rows to size its columns, as pwsh's does); pending
output is flushed before anything else is written, so a prompt never overtakes it. A front
subclasses it to reach the terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pwshim.placeholders import Placeholder
from pwshim.repl.history import History
from pwshim.runtime.errors import ErrorRecord, ParseError, PSError
from pwshim.runtime.host import Host, _no_input, noninteractive_error
from pwshim.runtime.session import Session

Ask = Callable[[Placeholder], str]
CONTINUATION_PROMPT = ">> "  # PSReadLine's ContinuationPrompt


@dataclass
class ExecResult:
    """What one command line produced: the text written to output and to the error stream
    (plain, no colours), whether `exit` was run and with which code, whether Ctrl+C stopped it."""

    output: str = ""
    error: str = ""
    exit_requested: bool = False
    exit_code: int = 0
    interrupted: bool = False


class ReplHost(Host):
    """The REPL's host. The base class records everything it writes (`transcript`) and reads
    answers from `answers` (like BufferHost); the prompt-toolkit front overrides `show`,
    `show_error` and `ask_line` to use the terminal."""

    name = "ConsoleHost"

    def __init__(self, answers: list[str] | None = None, noninteractive: bool = False) -> None:
        self.noninteractive = noninteractive
        self.answers = list(answers or [])
        self.prompts: list[str] = []
        self.transcript: list[tuple[str, str]] = []  # ("out" | "err", text)
        self.session: Session | None = None
        self.width: int = 120
        self.color = False  # the front sets it: the screen gets $PSStyle's table/list colours
        self._writers: tuple[Any, Any] | None = None  # (plain for the transcript, for the screen)

    # --- what a front overrides -----------------------------------------------------------------
    def show(self, text: str) -> None:
        """Put output text on the screen (the base class only records it)."""

    def show_error(self, text: str, record: ErrorRecord | None = None) -> None:
        """Put error text on the screen; `record` lets a front render it in colour."""

    def ask_line(self, prompt: str, secret: bool) -> str:
        """Read one line after `prompt` (masked when `secret`)."""
        if not self.answers:
            raise _no_input()
        return self.answers.pop(0)

    # --- Host --------------------------------------------------------------------------------
    def emit(self, obj: Any) -> None:
        """One pipeline object: its lines are shown now when Out-Default can write them."""
        import time

        writers = self._output_writers()
        now = time.monotonic()
        plain, screen = writers
        plain.write((obj,), now)
        if screen is not plain:
            screen.write((obj,), now)
        self._show_output(writers, lambda w: w.flush(force=False))

    def flush(self) -> None:
        """Write all pending output (before other host output); the table stays open."""
        if self._writers is not None:
            self._show_output(self._writers, lambda w: w.flush())

    def end_output(self) -> None:
        """The command line ended: close its Out-Default (the open table's last blank line)."""
        writers, self._writers = self._writers, None
        if writers is not None:
            self._show_output(writers, lambda w: w.close())

    def discard(self) -> None:
        self._writers = None

    def _output_writers(self) -> tuple[Any, Any]:
        if self._writers is None:
            from pwshim.formatting import OutDefaultWriter

            plain = OutDefaultWriter(self.session, width=self.width)
            screen = OutDefaultWriter(self.session, width=self.width, color=True) if self.color else plain
            self._writers = (plain, screen)
        return self._writers

    def _show_output(self, writers: tuple[Any, Any], take: Callable[[Any], str]) -> None:
        plain, screen = writers
        text = take(plain)
        shown = take(screen) if screen is not plain else text
        if text:
            self.transcript.append(("out", text))
        if shown:
            self.show(shown)

    def _out(self, text: str) -> None:
        self.transcript.append(("out", text))
        self.show(text)

    def write(self, text: str) -> None:
        self.flush()
        self._out(text)

    def write_error_line(self, text: str) -> None:
        self.flush()
        self.transcript.append(("err", text + "\n"))
        self.show_error(text + "\n")

    def write_error_record(self, record: ErrorRecord) -> None:
        """An error in ConciseView: plain in the transcript, the front may colour it."""
        from pwshim.formatting import format_error

        self.flush()
        text = format_error(record, width=self.width) + "\n"
        self.transcript.append(("err", text))
        self.show_error(text, record)

    def can_prompt(self) -> bool:
        return not self.noninteractive

    def _read(self, prompt: str, secret: bool) -> str:
        if self.noninteractive:
            raise noninteractive_error()
        self.flush()
        self.prompts.append(prompt)
        answer = self.ask_line(prompt, secret)
        # The prompt and a visible answer are part of the session's text; a secret never is.
        self.transcript.append(("out", prompt + ("" if secret else answer) + "\n"))
        return answer

    def read_line(self, prompt: str = "") -> str:
        return self._read(prompt, False)

    def read_secret(self, prompt: str = "") -> str:
        return self._read(prompt, True)


@dataclass
class ReplCore:
    """One interactive session: Session + Interpreter + history + pre-filled placeholders."""

    session: Session
    history: History = field(default_factory=lambda: History(None))
    presets: dict[str, str] = field(default_factory=dict)  # --set 'name=value'
    emulator_url: str | None = None

    def __post_init__(self) -> None:
        from pwshim.interpreter import Interpreter

        self.interpreter = Interpreter(self.session)
        host = self.host
        if isinstance(host, ReplHost):
            host.session = self.session
            self.session.extensions["error_reporter"] = host.write_error_record
        self.presets = {k.strip().strip("<>").lower(): v for k, v in self.presets.items()}

    @property
    def host(self) -> Host:
        return self.session.host

    # --- prompt ------------------------------------------------------------------------------
    def prompt_text(self) -> str:
        """pwsh's prompt: the user's `prompt` function when there is one, else
        `"PS $($executionContext.SessionState.Path.CurrentLocation)$('>' * ($nestedPromptLevel + 1)) "`."""
        if "prompt" in self.session.functions:
            custom = self._run_prompt_function()
            if custom is not None:
                return custom
        return f"PS {self.session.cwd}> "

    def _run_prompt_function(self) -> str | None:
        from pwshim.parser import parse
        from pwshim.runtime.conversions import to_string

        out: list[Any] = []
        reporter = self.session.extensions.pop("error_reporter", None)
        errors_before = len(self.session.last_errors)
        try:
            self.interpreter.run_script_ast(parse("prompt"), None, [], out.append, new_scope=False)
        except Exception:  # noqa: BLE001 - pwsh shows "PS>" when the prompt function fails
            return "PS>"
        finally:
            if reporter is not None:
                self.session.extensions["error_reporter"] = reporter
        if len(self.session.last_errors) > errors_before:
            del self.session.last_errors[errors_before:]
            return "PS>"
        return "".join(to_string(o) for o in out if o is not None) or "PS>"

    # --- input -------------------------------------------------------------------------------
    @staticmethod
    def needs_more(text: str) -> bool:
        """True when the parser says the text is incomplete (an open `{`, `(`, string, here-string,
        a trailing `|`, operator or backtick): Enter then continues on a `>> ` line."""
        if not text.strip():
            return False
        try:
            from pwshim.parser import parse

            parse(text)
        except ParseError as exc:
            return bool(exc.incomplete)
        except Exception:  # noqa: BLE001 - never break the key press; running reports it
            return False
        return False

    def placeholders(self, text: str) -> list[Placeholder]:
        """The documentation placeholders of `text` that --set did not fill, one per name."""
        from pwshim.placeholders import find_placeholders

        seen: set[str] = set()
        out = []
        for ph in find_placeholders(text):
            key = ph.name.lower()
            if key not in seen and key not in self.presets:
                seen.add(key)
                out.append(ph)
        return out

    def fill_placeholders(self, text: str, ask: Ask) -> str:
        """Ask for each placeholder's value once (in source order) and substitute them all."""
        from pwshim.placeholders import substitute

        values = dict(self.presets)
        for ph in self.placeholders(text):
            values[ph.name.lower()] = ask(ph)
        return substitute(text, values) if values else text

    # --- running -----------------------------------------------------------------------------
    def execute(self, text: str, ask: Ask | None = None) -> ExecResult:
        """Run one command line; never raises (Ctrl+C included)."""
        host = self.host
        mark = len(host.transcript) if isinstance(host, ReplHost) else 0
        result = ExecResult()
        try:
            from pwshim.placeholders import placeholder_errors, substitute

            if ask is not None:
                text = self.fill_placeholders(text, ask)
            elif self.presets:
                text = substitute(text, self.presets)
            left = placeholder_errors(text) if ask is None else []
            for record in left:  # no way to ask: reported as the script runner does
                self.interpreter.report(record)
            if not left:
                self._run(text, result)
                self._end_output()
        except Exception as exc:  # noqa: BLE001 - never a Python traceback at the prompt
            host_discard = getattr(host, "discard", None)
            if host_discard is not None:
                host_discard()
            self.interpreter.report(self.interpreter.to_record(exc))
        except KeyboardInterrupt:
            # Ctrl+C stops the pipeline and returns to the prompt (pwsh's StopPipeline); the
            # objects already produced are shown. Nothing else: pwsh's Executor reports only a
            # Failed pipeline, and Ctrl+C leaves it Stopped.
            result.interrupted = True
            self.session.set_variable("?", False)  # a stopped pipeline did not succeed
            self._end_output()
        if isinstance(host, ReplHost):
            written = host.transcript[mark:]
            result.output = "".join(t for kind, t in written if kind == "out")
            result.error = "".join(t for kind, t in written if kind == "err")
        return result

    def _end_output(self) -> None:
        end = getattr(self.host, "end_output", None) or getattr(self.host, "flush", None)
        if end is not None:
            end()

    def _run(self, text: str, result: ExecResult) -> None:
        """Interpreter.run_text's steps, keeping whether `exit` ran (an interactive session ends
        on `exit`; errors only set $?)."""
        from pwshim.interpreter import ExitSignal, FlowSignal
        from pwshim.parser import parse

        interp = self.interpreter
        emit = getattr(self.host, "emit", None)
        out: list[Any] = []
        try:
            ast = parse(text)
        except ParseError as exc:
            for record in exc.errors:
                interp.report(record)
            return
        try:
            interp.run_script_ast(ast, None, [], emit or out.append, new_scope=False)
        except ExitSignal as sig:
            result.exit_requested = True
            result.exit_code = sig.code
        except PSError as exc:
            interp.report(exc.record)
        except FlowSignal:
            pass  # a `break`/`continue`/`return` at the top level just ends the line

    # --- the toolbar -----------------------------------------------------------------------------
    def context_summary(self) -> str:
        """One line for the bottom toolbar: the current Az context (account, subscription,
        tenant) and, when the session runs against the emulator, a clear EMULATOR mark."""
        parts = []
        if self.emulator_url or getattr(self.session, "emulated", False):
            parts.append(f"EMULATOR {self.emulator_url or ''}".rstrip())
        parts.append(azure_context_text(self.session))
        return "  |  ".join(parts)


def azure_context_text(session: Session) -> str:
    """`Azure: account · subscription name · tenant id` or `Azure: not connected`. Reads the Az
    state only when this session already loaded it or a saved context file exists, so starting
    the REPL never writes Az's files; never raises."""
    try:
        from pwshim.azure.context import current_context
        from pwshim.azure.profile import CONTEXT_FILE, SESSION_KEY, azure_dir

        if SESSION_KEY not in session.extensions and not (azure_dir(session) / CONTEXT_FILE).exists():
            return "Azure: not connected"
        ctx = current_context(session)
    except Exception:  # noqa: BLE001 - the toolbar must never break the prompt
        return "Azure: context unavailable"
    if ctx is None or ctx.Account is None:
        return "Azure: not connected"
    items = [f"Azure: {ctx.Account.Id}"]
    sub = ctx.Subscription
    if sub is not None and (sub.Name or sub.Id):
        items.append(f"subscription {sub.Name or sub.Id}")
    if ctx.Tenant is not None and ctx.Tenant.Id:
        items.append(f"tenant {ctx.Tenant.Id}")
    return " · ".join(items)
