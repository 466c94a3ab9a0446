"""Fault injection (throttling, outages, latency, forced invalid_client) and the request log."""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from pwshim.emulator.http import Request, Response

LOG_FILE = "requests.jsonl"

#: Query parameters whose values are safe to log; every other value is redacted.
_SAFE_QUERY = {"api-version", "resource", "client_id", "object_id", "msi_res_id", "mi_res_id",
               "$filter", "$select", "$top", "$expand", "$count", "$orderby", "p",
               "authorization_endpoint", "operationid"}


@dataclass
class Fault:
    """One injected fault. ``times`` < 0 means forever. ``path`` is a prefix or a glob."""

    path: str
    status: int | None = None
    times: int = 1
    retry_after: float | None = None
    latency: float = 0.0
    invalid_client: bool = False
    method: str | None = None
    hits: int = 0

    def matches(self, req: Request) -> bool:
        if self.method and self.method.upper() != req.method:
            return False
        path, pat = req.path.lower(), self.path.lower()
        if any(c in pat for c in "*?["):
            return fnmatch.fnmatchcase(path, pat) or fnmatch.fnmatchcase(path, pat + "*")
        return path.startswith(pat)


class Faults:
    """The ordered list of pending faults; ``take`` consumes one use of the first match."""

    def __init__(self) -> None:
        self._items: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._items.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def list(self) -> list[dict[str, Any]]:
        with self._lock:
            return [asdict(f) for f in self._items]

    def take(self, req: Request) -> Fault | None:
        with self._lock:
            for f in self._items:
                if f.times != 0 and f.matches(req):
                    f.hits += 1
                    if f.times > 0:
                        f.times -= 1
                    return f
        return None


def redact_target(req: Request) -> str:
    """The request path with query values redacted unless known to be harmless."""
    parts = urlsplit(req.target)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if not pairs:
        return parts.path
    safe = [(k, v if k.lower() in _SAFE_QUERY else "REDACTED") for k, v in pairs]
    return parts.path + "?" + urlencode(safe, safe="/:$,'() ")


class RequestLog:
    """JSON lines: time, method, path (redacted), status, duration_ms, error code, and the
    facts handlers put in ``Request.log_notes`` (e.g. ``assertion``: what a client assertion's
    header carried, see entra.assertion_facts).

    Never a body, header, token, secret or assertion: only the fields listed here are written.
    """

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / LOG_FILE
        self._lock = threading.Lock()

    def write(self, req: Request, resp: Response, seconds: float) -> None:
        entry = {
            "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
            "method": req.method,
            "path": redact_target(req),
            "status": resp.status,
            "duration_ms": round(seconds * 1000, 1),
        }
        if resp.error:
            entry["error"] = resp.error
        entry.update(req.log_notes)
        line = json.dumps(entry) + "\n"
        with self._lock, open(self.path, "a", encoding="utf-8") as fh:
            fh.write(line)

    def entries(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        with self._lock:
            text = self.path.read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()]
