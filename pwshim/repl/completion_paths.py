"""Path completion: the file system (relative to the session's location, `~` = $HOME) and the
Cert: drive (pwshim.certdrive).

As pwsh on Linux: a bare relative name completes to `./name`, directories get a trailing `/`,
matching is case-insensitive, dot-files are offered only when the word starts with `.`, and a
path with spaces or quote characters is wrapped in single quotes (`'./my dir/'`).
"""

from __future__ import annotations

import os
import re
from typing import Any

_CERT = re.compile(r"^(?P<drive>cert:)(?P<rest>.*)$", re.IGNORECASE)
_NEEDS_QUOTES = re.compile(r"[\s'\"`$&(){};,|<>@#]")


def _candidate(text: str, word: str, meta: str) -> Any:
    from pwshim.repl.completion import Candidate

    display = text.rstrip("/\\").rsplit("/", 1)[-1].rsplit("\\", 1)[-1] or text
    return Candidate(text, -len(word), display, meta)


def _quote(path: str) -> str:
    if _NEEDS_QUOTES.search(path):
        return "'" + path.replace("'", "''") + "'"
    return path


def path_candidates(word: str, session: Any) -> list[Any]:
    """Completions of `word` as a path (file system or Cert:)."""
    raw = word[1:] if word[:1] in ("'", '"') else word
    cert = _CERT.match(raw)
    if cert or str(getattr(session, "cwd", "")).lower().startswith("cert:"):
        return _cert_candidates(word, raw, session)
    return _file_candidates(word, raw, session)


def _file_candidates(word: str, raw: str, session: Any) -> list[Any]:
    cut = max(raw.rfind("/"), raw.rfind("\\"))
    typed_dir, prefix = (raw[: cut + 1], raw[cut + 1 :]) if cut >= 0 else ("", raw)
    base = str(getattr(session, "cwd", "") or os.getcwd())
    if typed_dir.startswith("~"):
        home = str(getattr(session, "home", "") or os.path.expanduser("~"))
        folder = home + typed_dir[1:]
    elif typed_dir:
        folder = typed_dir if os.path.isabs(typed_dir) else os.path.join(base, typed_dir)
    else:
        folder = base
    folder = folder.replace("\\", "/")
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name.lower())
    except OSError:
        return []
    shown_dir = typed_dir or "./"
    out_dirs, out_files = [], []
    for entry in entries:
        name = entry.name
        if not name.lower().startswith(prefix.lower()) or (name.startswith(".") and not prefix.startswith(".")):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        text = _quote(shown_dir + name + ("/" if is_dir else ""))
        (out_dirs if is_dir else out_files).append(_candidate(text, word, "Directory" if is_dir else "File"))
    return out_dirs + out_files


def _cert_candidates(word: str, raw: str, session: Any) -> list[Any]:
    """`Cert:\\` -> CurrentUser, LocalMachine; `Cert:\\CurrentUser\\` -> its stores; a store
    -> the thumbprints of its certificates."""
    from pwshim import certdrive
    from pwshim.runtime.objects import get_property

    cut = max(raw.rfind("\\"), raw.rfind("/"))
    if cut < 0:  # `Cert:` or `cert:Cu` -> the drive root
        drive = _CERT.match(raw)
        typed_dir = (drive.group("drive") if drive else "Cert:") + "\\"
        prefix = (drive.group("rest") if drive else raw).lstrip("\\/")
    else:
        typed_dir, prefix = raw[: cut + 1], raw[cut + 1 :]
    try:
        items = certdrive.get_child_items(session, typed_dir)
    except Exception:  # noqa: BLE001 - a missing store or location: nothing to offer
        return []
    sep = "/" if typed_dir.endswith("/") else "\\"
    out = []
    for item in items:
        name = str(get_property(item, "PSChildName", "") or "")
        if not name or not name.lower().startswith(prefix.lower()):
            continue
        container = bool(get_property(item, "PSIsContainer", False))
        text = _quote(typed_dir + name + (sep if container else ""))
        out.append(_candidate(text, word, "Container" if container else "Certificate"))
    return out
