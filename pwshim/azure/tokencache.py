"""The plaintext MSAL token caches in ~/.local/share/.IdentityService (msal.cache.nocae/.cae).

Clear-AzContext empties them (tokenCacheProvider.ClearCache); Disconnect-AzAccount drops the
account's entries (AuthenticationFactory.RemoveUser). Both hold MSAL.Extensions' CrossPlatLock
(`<file>.lockfile`) while rewriting, like every other writer of these files.
"""

from __future__ import annotations

import json
from typing import Any

from pwshim.azure.credentials import MSAL_CACHE_CAE, MSAL_CACHE_NOCAE
from pwshim.azure.profile import identity_cache_dir

_SECTIONS = ("AccessToken", "RefreshToken", "IdToken", "Account", "AppMetadata")


def _rewrite(session: Any, change: Any) -> None:
    directory = identity_cache_dir(session)
    for name in (MSAL_CACHE_NOCAE, MSAL_CACHE_CAE):
        path = directory / name
        if not path.exists():
            continue
        from msal_extensions import CrossPlatLock, FilePersistence

        with CrossPlatLock(str(path) + ".lockfile"):
            persistence = FilePersistence(str(path))
            try:
                data = json.loads(persistence.load() or "{}")
            except (ValueError, OSError):
                data = {}
            persistence.save(json.dumps(change(data if isinstance(data, dict) else {})))


def clear_token_caches(session: Any) -> None:
    _rewrite(session, lambda data: {})


def forget_account(session: Any, account_id: str) -> None:
    """Drop cached tokens issued to this client/account id."""
    wanted = account_id.lower()

    def change(data: dict[str, Any]) -> dict[str, Any]:
        for section in _SECTIONS:
            entries = data.get(section)
            if not isinstance(entries, dict):
                continue
            for key in [k for k, v in entries.items() if isinstance(v, dict) and (
                str(v.get("client_id", "")).lower() == wanted or str(v.get("username", "")).lower() == wanted)]:
                del entries[key]
        return data

    _rewrite(session, change)
