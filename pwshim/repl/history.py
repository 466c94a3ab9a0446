"""The REPL's command history: in memory for Up/Down and Ctrl+R, appended to a private file.

Follows PSReadLine (reference dotnet-security-on-linux.md §6):
- §6.1: a line PSReadLine's default AddToHistoryHandler judges sensitive
  (pwshim.history_filter) is `MemoryOnly`: it stays in this session's up-arrow history but is
  never written to the file. Whitespace-only lines and a repeat of the previous entry
  (HistoryNoDuplicates) are skipped altogether.
- §6.3: one entry per line, UTF-8 without BOM, `\\n` line ends; a multi-line command is stored
  with a backtick at the end of every non-final line and joined back when the file is read;
  appended after every accepted line (SaveIncrementally); at most 4096 entries
  (MaximumHistoryCount) are loaded.

Unlike PSReadLine the file is pwshim's own (`$XDG_DATA_HOME/pwshim/history.txt`, else
`~/.local/share/pwshim/history.txt`) so pwsh's ConsoleHost_history.txt is never touched, and it
is private: the folder is 0700 and the file 0600.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from pwshim.history_filter import (
    MEMORY_AND_FILE,
    MEMORY_ONLY,
    SKIP_ADDING,
    default_add_to_history_option,
    history_file_entry,
)

MAXIMUM_HISTORY_COUNT = 4096  # PSReadLine DefaultMaximumHistoryCount / pwsh $MaximumHistoryCount


def history_path(environ: Mapping[str, str]) -> Path | None:
    """`$XDG_DATA_HOME/pwshim/history.txt`, else `$HOME/.local/share/pwshim/history.txt`;
    None when neither is set (PSReadLine then saves to /dev/null: nothing is written)."""
    xdg = environ.get("XDG_DATA_HOME")
    if xdg:
        return Path(xdg) / "pwshim" / "history.txt"
    home = environ.get("HOME")
    if home:
        return Path(home) / ".local" / "share" / "pwshim" / "history.txt"
    return None


def read_history_file(path: Path) -> list[str]:
    """The entries of a history file, oldest first: lines ending in a backtick continue."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    entries: list[str] = []
    pending: list[str] = []
    for line in text.split("\n"):
        if line.endswith("`"):
            pending.append(line[:-1])
            continue
        if pending:
            pending.append(line)
            entries.append("\n".join(pending))
            pending = []
        elif line:
            entries.append(line)
    if pending:
        entries.append("\n".join(pending))
    return entries


class History:
    """Accepted command lines: `entries` (oldest first) for the session, `path` for the file."""

    def __init__(self, path: Path | None, max_count: int = MAXIMUM_HISTORY_COUNT) -> None:
        self.path = path
        self.max_count = max_count
        self.entries: list[str] = read_history_file(path)[-max_count:] if path else []

    def option_for(self, line: str) -> str:
        """PSReadLine's AddToHistoryOption for `line` in the current state."""
        if not line.strip():
            return SKIP_ADDING
        if self.entries and self.entries[-1] == line:
            return SKIP_ADDING  # HistoryNoDuplicates
        return default_add_to_history_option(line)

    def add(self, line: str) -> str:
        """Record an accepted line; returns the option applied (SkipAdding, MemoryOnly or
        MemoryAndFile). Only MemoryAndFile lines reach the file."""
        option = self.option_for(line)
        if option == SKIP_ADDING:
            return option
        self.entries.append(line)
        del self.entries[: -self.max_count]
        if option == MEMORY_AND_FILE:
            self._append(line)
        return option

    def _append(self, line: str) -> None:
        if self.path is None:
            return
        try:
            folder = self.path.parent
            folder.parent.mkdir(parents=True, exist_ok=True)
            folder.mkdir(mode=0o700, exist_ok=True)
            os.chmod(folder, 0o700)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.fchmod(fd, 0o600)
                os.write(fd, history_file_entry(line).encode("utf-8"))
            finally:
                os.close(fd)
        except OSError:
            pass  # PSReadLine carries on when the history file cannot be written


__all__ = ["MEMORY_AND_FILE", "MEMORY_ONLY", "SKIP_ADDING", "History", "history_path", "read_history_file"]
