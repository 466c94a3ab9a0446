"""The interactive session: `pwshim` with no script on a terminal (pwsh's ConsoleHost + PSReadLine).

    core.py        terminal-free: Session + Interpreter, prompt, incomplete input, execute
    history.py     the history file with PSReadLine's sensitive-line filter
    completion.py  Tab completion candidates (completion_paths.py: files and Cert:)
    front.py       prompt-toolkit: keys, highlighting, toolbar, the host's prompts

Importing this package does not import prompt_toolkit; `main` does.
"""

from __future__ import annotations

import os
import sys
from contextlib import nullcontext
from typing import Any

__all__ = ["banner", "main"]


def banner() -> str:
    """pwsh 7.3+'s start-up banner (ManagedEntranceStrings.ShellBannerNonWindowsPowerShell)."""
    from pwshim.runtime.automatic import PS_VERSION

    return f"PowerShell {PS_VERSION}\n"


def main(opts: Any, input: Any = None, output: Any = None) -> int:
    """Run the interactive session for the command line's options; returns the exit code
    (`exit N`, 0 on Ctrl+D)."""
    from pwshim.repl.core import ReplCore
    from pwshim.repl.front import ReplFront, TerminalHost
    from pwshim.repl.history import History, history_path
    from pwshim.runtime.session import Session

    if getattr(opts, "working_directory", None):
        os.chdir(opts.working_directory)
    # The history file follows the real user even under --emulate (the sandbox HOME is temporary).
    history = History(history_path(os.environ))
    with _emulation(opts) as emulated:
        from pwshim.cli import enter_emulation, leave_emulation

        emulator_url = enter_emulation(emulated)
        host = TerminalHost(noninteractive=bool(opts.noninteractive))
        session = Session(host=host, noninteractive=bool(opts.noninteractive))
        session.emulated = emulated is not None
        for name, value in dict(getattr(opts, "variables", {}) or {}).items():
            session.set_variable(name, value)
        core = ReplCore(session, history, presets=dict(getattr(opts, "sets", {}) or {}),
                        emulator_url=emulator_url)
        if not getattr(opts, "nologo", False):
            sys.stdout.write(banner())
            sys.stdout.flush()
        code = ReplFront(core, input=input, output=output).run()
        if leave_emulation(emulated):
            return code or 1
        return code


def _emulation(opts: Any) -> Any:
    if not getattr(opts, "emulate", False):
        return nullcontext(None)
    from pwshim.emulator import sandbox

    return sandbox(getattr(opts, "emulate_home", None))
