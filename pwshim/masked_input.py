"""pwsh's masked console read (Read-Host -AsSecureString, Get-Credential's password) on a tty.

`ps:src/Microsoft.PowerShell.ConsoleHost/host/msh/ConsoleHostUserInterface.cs` ReadLineSafe
(isSecureString: true, printToken: '*'), Unix branch: keys are read one at a time with
Ctrl+C treated as input; Enter ends the line; Backspace removes the last character and erases
one `*`; other control keys (arrows, Tab, Esc sequences...) are ignored; every other character
is appended and echoed as `*`; Ctrl+C stops the pipeline; a failed read (EOF) also stops it
("ReadKey() failed so we stop"). A newline is written at the end (WriteLineToConsole).

`read_masked(fd, write, prompt)` needs a terminal file descriptor; hosts fall back to getpass or a
plain line read when there is none.
"""

from __future__ import annotations

import codecs
import os
import select
import termios
from collections.abc import Callable

from pwshim.runtime.errors import (
    Category,
    ErrorRecord,
    PipelineStoppedException,
    PSError,
)

PRINT_TOKEN = "*"  # ConsoleHostUserInterface.PrintToken
_ESCAPE_WAIT = 0.05  # seconds to collect the rest of an escape sequence (arrow keys etc.)


def pipeline_stopped() -> PSError:
    """The PipelineStoppedException pwsh raises on Ctrl+C during a masked read."""
    return PSError(
        ErrorRecord(
            PipelineStoppedException("The pipeline has been stopped."),
            "PipelineStopped",
            Category.OperationStopped,
        )
    )


def read_masked(
    fd: int, write: Callable[[str], None], prompt: str = "", token: str = PRINT_TOKEN
) -> str:
    """Read one line from terminal `fd` without echo, writing `token` per character.

    `prompt` is written once echo is off, so keys typed after it are never echoed."""
    old = termios.tcgetattr(fd)
    new = termios.tcgetattr(fd)
    # Non-canonical, no echo, Ctrl+C as input (Console.TreatControlCAsInput = true).
    new[3] &= ~(termios.ECHO | termios.ICANON | termios.ISIG | termios.IEXTEN)
    new[6][termios.VMIN] = 1
    new[6][termios.VTIME] = 0
    chars: list[str] = []
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    try:
        termios.tcsetattr(fd, termios.TCSADRAIN, new)
        if prompt:
            write(prompt)
        while True:
            byte = os.read(fd, 1)
            if not byte:
                raise pipeline_stopped()
            if byte == b"\x1b":
                _skip_escape_sequence(fd)
                continue
            ch = decoder.decode(byte)
            if not ch:
                continue  # the middle of a multi-byte character
            if ch == "\x03":
                raise pipeline_stopped()
            if ch in ("\r", "\n"):
                break
            if ch in ("\x7f", "\x08"):
                if chars:
                    chars.pop()
                    write("\b \b")
                continue
            if ch < " " or ch == "\x7f" or "\x80" <= ch <= "\x9f":
                continue  # char.IsControl: ignored
            chars.append(ch)
            if token:
                write(token)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)
    write("\n")
    try:
        return "".join(chars)
    finally:
        chars.clear()


def _skip_escape_sequence(fd: int) -> None:
    """Swallow the rest of an ESC sequence (CSI `ESC [ ... final` or SS3 `ESC O x`)."""
    if not select.select([fd], [], [], _ESCAPE_WAIT)[0]:
        return  # a lone Esc key: ignored like any control key
    intro = os.read(fd, 1)
    if intro not in (b"[", b"O"):
        return
    while select.select([fd], [], [], _ESCAPE_WAIT)[0]:
        b = os.read(fd, 1)
        if not b or (intro == b"O") or 0x40 <= b[0] <= 0x7E:
            return
