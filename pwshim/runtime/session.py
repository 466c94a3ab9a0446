"""A session: scopes and variables, the host, the environment, the current location.

No globals: everything a cmdlet needs of "the process" goes through its session, so tests and
the emulator can run sessions with their own HOME and environment side by side.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, MutableMapping

from pwshim.runtime.host import Host, ConsoleHost


class Scope:
    """One variable scope; names are case-insensitive."""

    __slots__ = ("vars", "parent", "kind")

    def __init__(self, parent: Scope | None, kind: str = "local") -> None:
        self.vars: dict[str, list[Any]] = {}  # lower name -> [display name, value, options]
        self.parent = parent
        self.kind = kind

    def lookup(self, name: str) -> list[Any] | None:
        scope: Scope | None = self
        key = name.lower()
        while scope is not None:
            entry = scope.vars.get(key)
            if entry is not None:
                return entry
            scope = scope.parent
        return None


class Session:
    """State shared by everything running in one pwshim 'runspace'."""

    def __init__(
        self,
        host: Host | None = None,
        environ: MutableMapping[str, str] | None = None,
        cwd: str | None = None,
        noninteractive: bool = False,
    ) -> None:
        self.host = host or ConsoleHost(noninteractive=noninteractive)
        if noninteractive:
            self.host.noninteractive = True
        self.environ: MutableMapping[str, str] = environ if environ is not None else os.environ
        self.global_scope = Scope(None, "global")
        self.script_scope = self.global_scope
        self.scope = self.global_scope
        self._cwd = cwd or os.getcwd()
        self.location_stack: list[str] = []
        self.last_errors: list[Any] = []
        self.error_list: list[Any] = []  # $Error, newest first
        self.emulated = False  # set by --emulate; shown by the REPL toolbar
        self.extensions: dict[str, Any] = {}  # per-area state (Az profile, cert drive...)
        self.stream_hook = None  # callable(kind, message, cmdlet) installed by the interpreter
        self.functions: dict[str, Any] = {}  # lower name -> FunctionInfo
        self.aliases: dict[str, str] = {}  # user aliases (Set-Alias); cmdlet aliases live in the registry
        self.type_constraints: dict[str, Any] = {}  # `[int]$x = ...` keeps converting $x
        self.modules: dict[str, Any] = {}  # imported modules (Import-Module)

    # --- environment ------------------------------------------------------------------------
    @property
    def home(self) -> Path:
        """The user's home as .NET and Az see it: $HOME, else the passwd entry."""
        home = self.environ.get("HOME")
        if home:
            return Path(home)
        import pwd

        return Path(pwd.getpwuid(os.getuid()).pw_dir)

    @property
    def cwd(self) -> str:
        return self._cwd

    @cwd.setter
    def cwd(self, value: str) -> None:
        self._cwd = value

    def resolve_path(self, path: str) -> Path:
        """A file-system path relative to the session's location, with ~ expanded."""
        p = str(path)
        if p == "~" or p.startswith("~/") or p.startswith("~\\"):
            p = str(self.home) + p[1:]
        p = p.replace("\\", "/") if os.sep == "/" else p
        candidate = Path(p)
        if not candidate.is_absolute():
            candidate = Path(self._cwd) / candidate
        return candidate

    # --- variables ----------------------------------------------------------------------------
    def get_variable(self, name: str, default: Any = None) -> Any:
        entry = self.scope.lookup(name)
        return default if entry is None else entry[1]

    def has_variable(self, name: str) -> bool:
        return self.scope.lookup(name) is not None

    def set_variable(self, name: str, value: Any, scope: str | None = None) -> None:
        target = self._scope_for(scope)
        key = name.lower()
        entry = target.vars.get(key)
        if entry is None:
            target.vars[key] = [name, value, None]
        else:
            entry[1] = value

    def _scope_for(self, scope: str | None) -> Scope:
        if scope is None or scope.lower() in ("local", "private"):
            return self.scope
        s = scope.lower()
        if s == "global":
            return self.global_scope
        if s == "script":
            return self.script_scope
        return self.scope

    # --- streams --------------------------------------------------------------------------------
    def write_stream(self, kind: str, message: Any, cmdlet: Any = None) -> None:
        """warning / verbose / debug / information, honouring the preference variables."""
        if self.stream_hook is not None:
            self.stream_hook(kind, message, cmdlet)
            return
        if kind == "warning":
            self.host.write_line(f"WARNING: {message}")
        elif kind == "information":
            self.host.write_line(str(message))
