"""Path resolution for the provider cmdlets: which provider a path belongs to (FileSystem,
Cert:, Env:), wildcard expansion, and pwsh's path errors.

Drives on pwsh for Linux: `/` (FileSystem), Env:, Temp:, Alias:, Function:, Variable:; any
other `X:` prefix fails with `Cannot find drive. A drive with the name 'X' does not exist.`
(SessionStateStrings DriveNotFound). pwshim adds Cert: (pwshim.certdrive).
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pwshim.cmdlets.utility_compare import has_wildcard, wildcard_regex
from pwshim.runtime.errors import (
    Category,
    DirectoryNotFoundException,
    DotNetException,
    DriveNotFoundException,
    FileNotFoundException,
    IOException,
    ItemNotFoundException,
    UnauthorizedAccessException,
)

FS_PROVIDER = "Microsoft.PowerShell.Core\\FileSystem"
_DRIVE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):(.*)$", re.DOTALL)
_FS_QUALIFIED = re.compile(r"^(microsoft\.powershell\.core\\)?filesystem::", re.IGNORECASE)


@dataclass
class Target:
    """A path resolved to its provider: kind 'fs' (path), 'cert' (text), 'env' (name)."""

    kind: str
    text: str
    path: Path | None = None


def cert_module() -> Any:
    """pwshim.certdrive, imported only when a Cert: path is used."""
    import importlib

    return importlib.import_module("pwshim.certdrive")


def in_cert_location(session: Any) -> bool:
    return str(session.cwd).lower().startswith("cert:")


def classify(session: Any, path: str) -> Target:
    """Decide the provider of `path`; raises DriveNotFoundException for unknown drives."""
    text = str(path)
    if _FS_QUALIFIED.match(text):
        text = _FS_QUALIFIED.sub("", text, count=1)
        return Target("fs", text, session.resolve_path(text))
    m = _DRIVE.match(text)
    if m and not text.startswith(("/", "~", ".")):
        drive, rest = m.group(1), m.group(2)
        key = drive.lower()
        if key == "cert":
            return Target("cert", text)
        if key == "env":
            return Target("env", rest.lstrip("\\/"))
        if key in ("variable", "function", "alias"):
            return Target(key, rest.lstrip("\\/"))
        if key == "temp":
            base = Path(tempfile.gettempdir())
            rest = rest.replace("\\", "/").lstrip("/")
            return Target("fs", text, base / rest if rest else base)
        if "::" in text and text.lower().startswith(("microsoft.powershell.security\\certificate::", "certificate::")):
            return Target("cert", text)
        raise DriveNotFoundException(f"Cannot find drive. A drive with the name '{drive}' does not exist.")
    if text.lower().startswith(("microsoft.powershell.security\\certificate::", "certificate::")):
        return Target("cert", text)
    if in_cert_location(session) and not text.startswith(("/", "~")):
        return Target("cert", text)
    return Target("fs", text, session.resolve_path(text))


def display(path: Path) -> str:
    """A file-system path as pwsh prints it in messages (absolute, normalised)."""
    return os.path.normpath(str(path)) if str(path) else str(path)


def not_found(path: str) -> ItemNotFoundException:
    return ItemNotFoundException(f"Cannot find path '{path}' because it does not exist.")


def report(cmd: Any, exc: BaseException, target: Any = None) -> None:
    """Write a provider exception as pwsh's non-terminating error record."""
    if isinstance(exc, DriveNotFoundException):
        name = re.search(r"name '([^']*)'", str(exc))
        cmd.write_error(exc, "DriveNotFound", Category.ObjectNotFound, name.group(1) if name else target)
    elif isinstance(exc, ItemNotFoundException):
        cmd.write_error(exc, "PathNotFound", Category.ObjectNotFound, target)
    else:
        from pwshim.runtime.errors import DotNetException

        if isinstance(exc, DotNetException):
            cmd.write_error(exc, type(exc).__name__, Category.NotSpecified, target)
        else:
            raise exc


def _match_segment(directory: Path, pattern: str, hidden: bool) -> list[Path]:
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return []
    rx = wildcard_regex(pattern, True)  # file names are case-sensitive on Linux
    return [directory / n for n in names if rx.match(n) and (hidden or not n.startswith(".") or pattern.startswith("."))]


def expand(path: Path, literal: bool = False, hidden: bool = True) -> list[Path]:
    """Existing paths matching `path` (wildcards in any segment unless literal)."""
    if literal or not has_wildcard(str(path)):
        return [path] if os.path.lexists(path) else []
    parts = Path(path).parts
    current = [Path(parts[0])]
    for part in parts[1:]:
        nxt: list[Path] = []
        for base in current:
            if has_wildcard(part):
                nxt.extend(_match_segment(base, part, hidden))
            else:
                candidate = base / part.replace("`", "")
                if os.path.lexists(candidate):
                    nxt.append(candidate)
        current = nxt
    return current


def fs_target(cmd: Any, path: str) -> Path | None:
    """A file-system path for writing (Out-File, Set-Content); errors are written."""
    try:
        target = classify(cmd.session, path)
    except DriveNotFoundException as exc:
        report(cmd, exc, path)
        return None
    if target.kind != "fs" or target.path is None:
        report(cmd, not_found(path), path)
        return None
    return Path(os.path.normpath(target.path))


def resolve_existing(cmd: Any, path: str, literal: bool = False, force: bool = True) -> list[Target]:
    """Targets that exist for `path` (wildcards expanded); writes PathNotFound when none."""
    try:
        target = classify(cmd.session, path)
    except DriveNotFoundException as exc:
        report(cmd, exc, path)
        return []
    if target.kind == "cert":
        return [target]
    if target.kind in ("env", "variable", "function", "alias"):
        if target.text == "" or session_item_exists(cmd.session, target):
            return [target]
        shown = f"{target.kind.capitalize()}:\\{target.text}"
        report(cmd, not_found(shown), shown)
        return []
    assert target.path is not None
    found = expand(Path(os.path.normpath(target.path)), literal, hidden=True)
    if not found:
        if literal or not has_wildcard(str(target.path)):
            shown = display(target.path)
            report(cmd, not_found(shown), shown)
        return []
    return [Target("fs", str(p), p) for p in found]


def io_exception(exc: OSError, path: Any = None) -> DotNetException:
    """An OSError as the .NET exception (and text) System.IO throws on Unix."""
    where = str(path if path is not None else (exc.filename or ""))
    code = exc.errno
    if code in (errno.ENOTDIR,) or (code == errno.ENOENT and not os.path.exists(os.path.dirname(where) or "/")):
        return DirectoryNotFoundException(f"Could not find a part of the path '{where}'.")
    if code == errno.ENOENT:
        return FileNotFoundException(f"Could not find file '{where}'.")
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UnauthorizedAccessException(f"Access to the path '{where}' is denied.")
    if code == errno.EEXIST:
        return IOException(f"The file '{where}' already exists.")
    if code == errno.EISDIR:
        return UnauthorizedAccessException(f"Access to the path '{where}' is denied.")
    return IOException(f"{exc.strerror or exc} : '{where}'")


@contextmanager
def io_errors(cmd: Any, error_id: str, target: Any, category: str = Category.WriteError) -> Iterator[None]:
    """Turn an OSError inside the block into the cmdlet's non-terminating error record."""
    try:
        yield
    except OSError as exc:
        dotnet = io_exception(exc, target)
        if isinstance(dotnet, UnauthorizedAccessException):
            category = Category.PermissionDenied
        cmd.write_error(dotnet, error_id, category, str(target))


def session_item_exists(session: Any, target: Target) -> bool:
    """Whether an Env:, Variable:, Function: or Alias: item exists (wildcards allowed)."""
    from pwshim.cmdlets.utility_compare import like

    return any(like(name, target.text) for name in session_item_names(session, target.kind))


def session_item_names(session: Any, kind: str) -> list[str]:
    """The names on one of the session-state drives."""
    if kind == "env":
        return list(session.environ)
    if kind == "variable":
        names: list[str] = []
        scope = session.scope
        while scope is not None:
            names.extend(entry[0] for entry in scope.vars.values() if entry[0] not in names)
            scope = scope.parent
        return names
    if kind == "function":
        return [getattr(f, "Name", key) for key, f in getattr(session, "functions", {}).items()]
    if kind == "alias":
        from pwshim.runtime.cmdlet import all_aliases

        return list(all_aliases())
    return []


SESSION_DRIVES = ("env", "variable", "function", "alias")


def session_items(session: Any, kind: str, pattern: str) -> list[Any]:
    """Items of a session-state drive as Name/Value entries (Env:, Variable:, Alias:) or the
    FunctionInfo objects (Function:), sorted by name, filtered by a wildcard pattern."""
    from pwshim.cmdlets.utility_compare import like
    from pwshim.runtime.objects import DictionaryEntry

    names = sorted(session_item_names(session, kind), key=str.lower)
    if pattern:
        names = [n for n in names if like(n, pattern)]
    if kind == "env":
        return [DictionaryEntry(n, session.environ[n]) for n in names]
    if kind == "variable":
        return [DictionaryEntry(n, session.get_variable(n)) for n in names]
    if kind == "function":
        return [session.functions[n.lower()] for n in names if n.lower() in session.functions]
    from pwshim.runtime.cmdlet import all_aliases

    aliases = all_aliases()
    return [DictionaryEntry(n, aliases[n]) for n in names]


def session_item_value(session: Any, target: Target) -> Any:
    """Get-Content of Env:X / Variable:x (None when absent)."""
    items = session_items(session, target.kind, target.text)
    if not items:
        return None
    item = items[0]
    return getattr(item, "Value", item)


def remove_session_items(session: Any, target: Target) -> None:
    """Remove-Item on Env: and Variable: items."""
    from pwshim.cmdlets.utility_compare import like

    if target.kind == "env":
        for key in [k for k in session.environ if like(k, target.text)]:
            del session.environ[key]
    elif target.kind == "variable":
        scope = session.scope
        while scope is not None:
            for key in [k for k, entry in scope.vars.items() if like(entry[0], target.text)]:
                del scope.vars[key]
            scope = scope.parent
    elif target.kind == "function":
        for key in [k for k in session.functions if like(k, target.text)]:
            del session.functions[key]
