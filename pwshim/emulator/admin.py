"""The emulator's own admin endpoints under /_emulator (loopback only, no Azure equivalent).

- ``GET /_emulator/health``: liveness and the seed's public ids.
- ``GET|POST|DELETE /_emulator/faults``: list, inject (JSON fields of faults.Fault), clear.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pwshim.emulator.faults import Fault
from pwshim.emulator.http import Request, Response, Router, json_response

if TYPE_CHECKING:
    from pwshim.emulator.core import Emulator

_FIELDS = ("path", "status", "times", "retry_after", "latency", "invalid_client", "method")
_TYPES: dict[str, tuple[type, ...]] = {
    "path": (str,), "status": (int,), "times": (int,), "retry_after": (int, float),
    "latency": (int, float), "invalid_client": (bool,), "method": (str,)}


def register(router: Router, emu: Emulator) -> None:
    router.add("GET", r"/_emulator/health", lambda r: health(emu, r), "admin")
    router.add("GET", r"/_emulator/faults", lambda r: json_response(200, emu.faults.list()),
               "admin")
    router.add("POST", r"/_emulator/faults", lambda r: add_fault(emu, r), "admin")
    router.add("DELETE", r"/_emulator/faults", lambda r: clear_faults(emu), "admin")


def _bad(message: str) -> Response:
    return json_response(400, {"error": {"code": "BadRequest", "message": message}})


def health(emu: Emulator, req: Request) -> Response:
    s = emu.seed
    return json_response(200, {"status": "ok", "url": emu.url, "tenant_id": s["tenant_id"],
                               "subscription_id": s["subscription_id"]})


def add_fault(emu: Emulator, req: Request) -> Response:
    body = req.json(_bad)
    if not isinstance(body, dict) or not isinstance(body.get("path"), str):
        return _bad("A fault needs at least a 'path' (prefix or glob).")
    unknown = set(body) - set(_FIELDS)
    if unknown:
        return _bad(f"Unknown fault fields: {', '.join(sorted(unknown))}.")
    for name, types in _TYPES.items():
        value = body.get(name)
        if value is not None and (not isinstance(value, types) or isinstance(value, bool)
                                  and bool not in types):
            return _bad(f"Fault field '{name}' has the wrong type.")
    fault = emu.faults.add(Fault(**body))
    return json_response(201, {k: getattr(fault, k) for k in _FIELDS})


def clear_faults(emu: Emulator) -> Response:
    emu.faults.clear()
    return Response(204)
