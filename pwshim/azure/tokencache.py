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


def fresh_caches() -> dict[str, Any]:
    """Empty in-memory MSAL caches for one sign-in: a service-principal Connect-AzAccount must
    authenticate with the secret or certificate it was given (Az does not reuse cached tokens
    for it, §4), so its credential may not find an earlier sign-in's token."""
    import msal

    return {"_cache": msal.SerializableTokenCache(), "_cae_cache": msal.SerializableTokenCache()}


def adopt_tokens(fresh: dict[str, Any], target: dict[str, Any], client_id: str) -> None:
    """After a sign-in succeeded: replace the tokens `target` (persisted or session caches) holds
    for this client id with the ones the sign-in obtained in `fresh`."""
    wanted = client_id.lower()
    for key in ("_cache", "_cae_cache"):
        src, dst = fresh.get(key), target.get(key)
        if src is None or dst is None:
            continue
        for kind in (dst.CredentialType.ACCESS_TOKEN, dst.CredentialType.REFRESH_TOKEN, dst.CredentialType.ID_TOKEN):
            for entry in [e for e in dst.search(kind) if str(e.get("client_id", "")).lower() == wanted]:
                dst.modify(kind, entry)
            for entry in list(src.search(kind)):
                dst.modify(kind, entry, entry)
