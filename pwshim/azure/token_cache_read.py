"""A service principal's still-valid access token straight from the persisted MSAL cache.

A second process's Get-AzAccessToken (or ARM call) for a service principal is answered by MSAL
from ~/.local/share/.IdentityService/msal.cache.nocae without any request (az-accounts-files.md
§4). Importing azure-identity and msal to learn that costs ~0.15 s per process, so this module
reads the cache the same way MSAL's silent lookup does and returns the token it would return:
same app (client_id), tenant (realm), authority host (environment) and scope (target), and
not due for refresh (azure-identity refreshes at `refresh_on`, else 300 s before `expires_on`).
Anything unexpected (no file, a file being rewritten, no match) returns None and the caller
goes through azure-identity as before. `memory_token` does the same lookup in a session's
in-memory msal.TokenCache (Process scope). Nothing read here is kept.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pwshim.azure.credentials import MSAL_CACHE_NOCAE

REFRESH_OFFSET = 300  # azure-identity's DEFAULT_REFRESH_OFFSET (seconds before expiry)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def cached_token(cache_dir: Path, client_id: str, tenant: str, authority: str | None, scope: str,
                 now: float | None = None) -> tuple[str, int] | None:
    """(access token, expires_on) that MSAL would serve silently from the file, or None."""
    if not (client_id and tenant and authority and scope):
        return None
    try:
        doc = json.loads((cache_dir / MSAL_CACHE_NOCAE).read_text(encoding="utf-8"))
        entries = list((doc.get("AccessToken") or {}).values())
    except (OSError, ValueError, AttributeError):
        return None
    return best_token(entries, client_id, tenant, authority, scope, now)


def memory_token(cache: Any, client_id: str, tenant: str, authority: str | None, scope: str,
                 now: float | None = None) -> tuple[str, int] | None:
    """The same lookup in an in-memory msal.TokenCache (a Process-scope session's cache)."""
    if cache is None or not (client_id and tenant and authority and scope):
        return None
    try:
        entries = list(cache.search(cache.CredentialType.ACCESS_TOKEN, query={"client_id": client_id}))
    except Exception:  # noqa: BLE001 - an unexpected cache: ask azure-identity instead
        return None
    return best_token(entries, client_id, tenant, authority, scope, now)


def best_token(entries: Iterable[Any], client_id: str, tenant: str, authority: str | None, scope: str,
               now: float | None = None) -> tuple[str, int] | None:
    """The longest-lived access token among MSAL cache entries that MSAL would serve silently:
    same app (client_id), tenant (realm), authority host (environment) and scope (target), and
    not due for refresh. Nothing is kept: the caller gets the token and the entries are dropped."""
    if not (client_id and tenant and authority and scope):
        return None
    host = (urlsplit(authority).hostname or "").lower()
    now = time.time() if now is None else now
    best: tuple[str, int] | None = None
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("credential_type") != "AccessToken":
            continue
        if (str(entry.get("client_id") or "").lower() != client_id.lower()
                or str(entry.get("realm") or "").lower() != tenant.lower()
                or str(entry.get("environment") or "").lower() != host):
            continue
        if scope.lower() not in (t.lower() for t in str(entry.get("target") or "").split()):
            continue
        expires = _int(entry.get("expires_on"))
        refresh_on = _int(entry.get("refresh_on"))
        if expires is None or not entry.get("secret"):
            continue
        due = refresh_on if refresh_on is not None else expires - REFRESH_OFFSET
        if now >= due or now >= expires - 60:
            continue
        if best is None or expires > best[1]:
            best = (str(entry["secret"]), expires)
    return best
