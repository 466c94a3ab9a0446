"""The host: the only way cmdlets talk to the user (pwsh's PSHostUserInterface).

Scripts run by the command line use ConsoleHost; tests and the Python API use BufferHost
(scripted answers, captured output); the REPL installs a prompt-toolkit host.
"""

from __future__ import annotations

import os
import sys
from typing import Callable, Iterable, TextIO

from pwshim.runtime.errors import HostException, PSError, ErrorRecord, Category

NONINTERACTIVE_MESSAGE = (
    "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available."
)


def noninteractive_error() -> PSError:
    """pwsh -NonInteractive: ReadLine/ReadLineAsSecureString throw PSInvalidOperationException
    (ConsoleHostUserInterfaceStrings ReadFailsOnNonInteractiveFlag, id InvalidOperation)."""
    from pwshim.runtime.errors import PSInvalidOperationException

    return PSError(
        ErrorRecord(
            PSInvalidOperationException(NONINTERACTIVE_MESSAGE),
            "InvalidOperation",
            Category.InvalidOperation,
        )
    )


class Host:
    """Base host. Subclasses override read_line/read_secret and the writers."""

    name = "ConsoleHost"
    noninteractive = False
    supports_color = False

    def write(self, text: str) -> None:  # Write-Host -NoNewline and prompts
        raise NotImplementedError

    def write_line(self, text: str = "") -> None:
        self.write(text + "\n")

    def write_error_line(self, text: str) -> None:
        raise NotImplementedError

    def read_line(self, prompt: str = "") -> str:
        """Read a line of text (Read-Host, Get-Credential's User:)."""
        raise NotImplementedError

    def read_secret(self, prompt: str = "") -> str:
        """Read a line with masked echo (Get-Credential's password, Read-Host -AsSecureString)."""
        raise NotImplementedError

    def can_prompt(self) -> bool:
        """Is somebody there to answer a prompt for a missing mandatory parameter?"""
        return not self.noninteractive


class ConsoleHost(Host):
    """stdin/stdout/stderr host for the script runner."""

    def __init__(
        self,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        stdin: TextIO | None = None,
        noninteractive: bool = False,
    ) -> None:
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.stdin = stdin or sys.stdin
        self.noninteractive = noninteractive

    def write(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def write_error_line(self, text: str) -> None:
        self.stdout.flush()
        self.stderr.write(text + "\n")
        self.stderr.flush()

    def _check_interactive(self) -> None:
        if self.noninteractive:
            raise noninteractive_error()

    def can_prompt(self) -> bool:
        try:
            return not self.noninteractive and self.stdin is not None and self.stdin.isatty()
        except (AttributeError, ValueError):
            return False

    def read_line(self, prompt: str = "") -> str:
        self._check_interactive()
        self.write(prompt)
        line = self.stdin.readline() if self.stdin else ""
        if line == "":
            raise _no_input()
        return line.rstrip("\r\n")

    def read_secret(self, prompt: str = "") -> str:
        self._check_interactive()
        if self.stdin is not None and self.stdin.isatty():
            from pwshim.masked_input import read_masked

            # pwsh echoes one '*' per key with echo off; the secret itself never reaches the screen.
            self.stdout.flush()
            return read_masked(self.stdin.fileno(), self.write, prompt)
        # No terminal: read one line without echoing anything back (pwsh reads redirected
        # stdin the same way). An exhausted stdin fails at once instead of hanging.
        self.write(prompt)
        line = self.stdin.readline() if self.stdin else ""
        if line == "":
            raise _no_input()
        self.write("\n")
        return line.rstrip("\r\n")


def _no_input() -> PSError:
    return PSError(
        ErrorRecord(
            HostException(
                "A command that prompts the user failed because the host program or the command "
                "type does not support user interaction. The host was attempting to request "
                "confirmation with the following message: no input is available on stdin."
            ),
            "System.Management.Automation.Host.HostException",
            Category.ResourceUnavailable,
        )
    )


class BufferHost(Host):
    """A host for tests and the Python API: answers come from a list, output is captured."""

    name = "pwshim.BufferHost"

    def __init__(self, answers: Iterable[str] = (), noninteractive: bool = False) -> None:
        self.answers = list(answers)
        self.out: list[str] = []
        self.err: list[str] = []
        self.prompts: list[str] = []
        self.noninteractive = noninteractive

    def write(self, text: str) -> None:
        self.out.append(text)

    def write_error_line(self, text: str) -> None:
        self.err.append(text + "\n")

    def can_prompt(self) -> bool:
        return not self.noninteractive and bool(self.answers)

    def _answer(self, prompt: str) -> str:
        if self.noninteractive:
            raise noninteractive_error()
        self.prompts.append(prompt)
        self.out.append(prompt)
        if not self.answers:
            raise _no_input()
        return self.answers.pop(0)

    def read_line(self, prompt: str = "") -> str:
        return self._answer(prompt)

    def read_secret(self, prompt: str = "") -> str:
        answer = self._answer(prompt)
        self.out.append("\n")
        return answer

    @property
    def text(self) -> str:
        return "".join(self.out)


def default_host(noninteractive: bool = False) -> Host:
    if os.environ.get("PWSHIM_HOST") == "buffer":
        return BufferHost(noninteractive=noninteractive)
    return ConsoleHost(noninteractive=noninteractive)


HostFactory = Callable[[], Host]
