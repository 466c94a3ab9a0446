"""The prompt-toolkit front of the interactive session (the only module importing prompt_toolkit).

Everything it decides comes from the terminal-free ReplCore; this module binds keys and draws.
Input and output are injectable (`create_pipe_input()` / `DummyOutput()` in tests); command
output goes to `stdout`/`stderr` streams, written between prompts.

Keys (PSReadLine's defaults where prompt-toolkit has them):
- Enter runs the input when the parser says it is complete, else starts a `>> ` line
  (PSReadLine AcceptLine + the parser's incomplete-input flag); Alt+Enter always adds a line;
- a bracketed paste is inserted as one block and, when it ends with a newline and is complete,
  runs as one command line;
- Tab completes (pwshim.repl.completion); Up/Down walk the history entry by entry (PSReadLine's
  PreviousHistory/NextHistory; in a multi-line input they first move between its lines), F8 /
  Shift+F8 search it for entries starting with the text before the cursor (HistorySearchBackward
  / HistorySearchForward, the cursor stays where it was), Ctrl+R searches it;
- Ctrl+C drops the line being typed, or stops the running command; Ctrl+D on an empty line
  leaves, as `exit` does.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.filters import Condition, is_searching
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import DummyHistory, History
from prompt_toolkit.key_binding import KeyBindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.lexers import PygmentsLexer
from prompt_toolkit.styles import Style
from pygments.lexers.shell import PowerShellLexer

from pwshim.placeholders import Placeholder
from pwshim.repl.completion import complete
from pwshim.repl.core import CONTINUATION_PROMPT, ReplCore, ReplHost
from pwshim.runtime.errors import ErrorRecord

_STYLE = Style.from_dict({
    "bottom-toolbar": "noreverse bg:#303030 #d0d0d0",
    "bottom-toolbar.emulator": "bg:#d70000 #ffffff bold",
})


class TerminalHost(ReplHost):
    """The REPL's host on a terminal: writes go to the front's streams, prompts (Read-Host,
    Get-Credential, mandatory parameters) are prompt-toolkit prompts; secrets are masked."""

    def __init__(self, noninteractive: bool = False) -> None:
        super().__init__(noninteractive=noninteractive)
        self.front: ReplFront | None = None

    def show(self, text: str) -> None:
        if self.front is not None:
            self.front.write(text)

    def show_error(self, text: str, record: ErrorRecord | None = None) -> None:
        if self.front is not None:
            self.front.write_error(text, record)

    def ask_line(self, prompt: str, secret: bool) -> str:
        if self.front is None:
            return super().ask_line(prompt, secret)
        return self.front.ask(prompt, secret)


class PwshHistory(History):
    """prompt-toolkit's view of the core's History: the session's entries for Up/Down and
    Ctrl+R; an accepted line goes through PSReadLine's filter (sensitive lines stay in memory)."""

    def __init__(self, core: ReplCore) -> None:
        super().__init__()
        self.core = core

    def load_history_strings(self) -> Iterable[str]:
        return list(reversed(self.core.history.entries))

    def append_string(self, string: str) -> None:
        if self.core.history.option_for(string) == "SkipAdding":
            return
        super().append_string(string)

    def store_string(self, string: str) -> None:
        self.core.history.add(string)


class PwshCompleter(Completer):
    def __init__(self, core: ReplCore) -> None:
        self.core = core

    def get_completions(self, document: Document, complete_event: Any) -> Iterable[Completion]:
        try:
            found = complete(document.text_before_cursor, self.core.session)
        except Exception:  # noqa: BLE001 - completion must never break the prompt
            return
        for c in found:
            yield Completion(c.text, c.start_offset, display=c.display or c.text, display_meta=c.meta)


class ReplFront:
    """The read-run loop on prompt-toolkit."""

    def __init__(
        self,
        core: ReplCore,
        input: Any = None,
        output: Any = None,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        color: bool | None = None,
    ) -> None:
        self.core = core
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        if color is None:
            color = _isatty(self.stdout) and "NO_COLOR" not in os.environ
        self.color = color
        self._toolbar = core.context_summary()
        self._prefix_search = False  # on only while F8 / Shift+F8 walk the history
        host = core.host
        if isinstance(host, TerminalHost):
            host.front = self
        if isinstance(host, ReplHost):
            host.color = color  # tables and lists in $PSStyle's colours on the screen
        self.prompt_session: PromptSession[str] = PromptSession(
            input=input,
            output=output,
            multiline=True,
            key_bindings=self._key_bindings(),
            lexer=PygmentsLexer(PowerShellLexer),
            completer=PwshCompleter(core),
            complete_while_typing=False,
            history=PwshHistory(core),
            enable_history_search=Condition(lambda: self._prefix_search),
            prompt_continuation=lambda width, line_number, wrap: CONTINUATION_PROMPT,
            bottom_toolbar=self.toolbar,
            style=_STYLE,
        )
        # Host prompts and placeholder questions: no history (a password must never land there).
        self.ask_session: PromptSession[str] = PromptSession(input=input, output=output, history=DummyHistory())

    # --- drawing -----------------------------------------------------------------------------
    def toolbar(self) -> FormattedText:
        text = self._toolbar
        if text.startswith("EMULATOR"):
            mark, _, rest = text.partition("  |  ")
            return FormattedText([("class:bottom-toolbar.emulator", f" {mark} "), ("", "  " + rest)])
        return FormattedText([("", text)])

    def write(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def write_error(self, text: str, record: ErrorRecord | None = None) -> None:
        if self.color:
            from pwshim.formatting_errors import ERROR_COLOR, RESET, format_error

            host = self.core.host
            width = getattr(host, "width", 120)
            text = (format_error(record, color=True, width=width) + "\n") if record is not None else (
                f"{ERROR_COLOR}{text.rstrip(chr(10))}{RESET}\n")
        self.stderr.write(text)
        self.stderr.flush()

    # --- keys --------------------------------------------------------------------------------
    def _key_bindings(self) -> KeyBindings:
        kb = KeyBindings()
        core = self.core

        # Not while Ctrl+R searches: there Enter ends the search (prompt-toolkit's binding).
        @kb.add("enter", filter=~is_searching)
        def _enter(event: Any) -> None:
            buf = event.current_buffer
            state = buf.complete_state
            if state is not None and state.current_completion is not None:
                buf.apply_completion(state.current_completion)
                return
            if core.needs_more(buf.text):
                buf.insert_text("\n")
            else:
                buf.validate_and_handle()

        @kb.add("escape", "enter", filter=~is_searching)
        def _add_line(event: Any) -> None:
            event.current_buffer.insert_text("\n")

        @kb.add(Keys.BracketedPaste, filter=~is_searching)
        def _paste(event: Any) -> None:
            data = event.data.replace("\r\n", "\n").replace("\r", "\n")
            buf = event.current_buffer
            if not data.endswith("\n"):
                buf.insert_text(data)
                return
            buf.insert_text(data.rstrip("\n"))
            if core.needs_more(buf.text):
                buf.insert_text("\n")
            else:
                buf.validate_and_handle()

        @kb.add("f8", filter=~is_searching)
        def _search_backward(event: Any) -> None:
            self._history_search(event.current_buffer, backward=True)

        @kb.add("f20", filter=~is_searching)  # Shift+F8 (terminals send it as F20)
        def _search_forward(event: Any) -> None:
            self._history_search(event.current_buffer, backward=False)

        return kb

    def _history_search(self, buf: Any, backward: bool) -> None:
        """PSReadLine's HistorySearchBackward/Forward: the next older (newer) entry that starts
        with the text before the cursor; the cursor stays where it was."""
        prefix = buf.document.text_before_cursor
        self._prefix_search = True
        try:
            buf.history_search_text = prefix
            if backward:
                buf.history_backward()
            else:
                buf.history_forward()
        finally:
            self._prefix_search = False
        buf.cursor_position = min(len(prefix), len(buf.text))

    # --- prompts -----------------------------------------------------------------------------
    def ask(self, prompt: str, secret: bool) -> str:
        """One line for the host (masked with `*` when secret, like pwsh's ReadLineSafe).
        Ctrl+C and Ctrl+D both stop the running command."""
        try:
            return self.ask_session.prompt(prompt, is_password=secret)
        except EOFError:
            raise KeyboardInterrupt from None

    def ask_placeholder(self, placeholder: Placeholder) -> str:
        """A value for a documentation placeholder; names that look secret are read masked."""
        from pwshim.history_filter import SENSITIVE_PATTERN

        if not getattr(self, "_announced", False):
            self.write("The command has documentation placeholders; enter a value for each.\n")
            self._announced = True
        secret = bool(SENSITIVE_PATTERN.search(placeholder.name))
        return self.ask(f"<{placeholder.name}>: ", secret)

    # --- the loop ----------------------------------------------------------------------------
    def read(self) -> str:
        """One command line (raises KeyboardInterrupt on Ctrl+C, EOFError on Ctrl+D)."""
        return self.prompt_session.prompt(self.core.prompt_text())

    def run(self) -> int:
        """Read and run until `exit` or Ctrl+D; returns the exit code."""
        while True:
            try:
                text = self.read()
            except KeyboardInterrupt:
                continue  # Ctrl+C: the line being typed is dropped
            except EOFError:
                return 0
            if not text.strip():
                continue
            try:
                self._announced = False
                host = self.core.host
                if isinstance(host, ReplHost):
                    host.width = self._width()
                result = self.core.execute(text, ask=self.ask_placeholder)
                if result.exit_requested:
                    return result.exit_code
                self._toolbar = self.core.context_summary()
            except KeyboardInterrupt:
                continue  # a second Ctrl+C while the first one is being handled

    def _width(self) -> int:
        try:
            return max(self.prompt_session.output.get_size().columns, 20)
        except Exception:  # noqa: BLE001
            return 120


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
