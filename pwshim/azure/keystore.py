"""AzKeyStore in its Linux plaintext-fallback form: ~/.Azure/keystore.cache (§3).

Payload: a compact JSON array of {keyType, keyStoreKey, valueType, keyStoreValue}; keyStoreKey
is itself the JSON text of {"appId", "tenantId", "name"} and keyStoreValue the JSON text of
the secret string. `name` is ServicePrincipalSecret or CertificatePassword; tenantId is the
-Tenant argument as given. The whole list is rewritten on every change, under
`keystore.cache.lockfile`, mode 0600. With autosave off the store lives in memory only, each
secret as a SecureString (masked, zeroed when replaced, removed or cleared), as Az keeps them.
The file store keeps nothing in memory: every lookup reads the file and drops what it read.
Pre-2.16 builds used `~/.Azure/msal.cache` for the same payload; it is read as a fallback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pwshim.azure import filelock
from pwshim.azure.jsonio import dumps_compact
from pwshim.runtime.errors import Category, ErrorRecord, PSError, PSInvalidOperationException

KEYSTORE_FILE = "keystore.cache"
LEGACY_KEYSTORE_FILE = "msal.cache"
SP_SECRET = "ServicePrincipalSecret"
CERT_PASSWORD = "CertificatePassword"


def corrupt_keystore(path: Path, detail: str) -> PSError:
    """The key store cannot be read: say so and leave it as it is (the secrets of the other
    sign-ins it may hold would be lost by a rewrite)."""
    message = (
        f"The Azure PowerShell key store '{path}' is not valid ({detail}). It was left unchanged. "
        "Repair it, or move it away to start with an empty key store."
    )
    return PSError(ErrorRecord(PSInvalidOperationException(message), "InvalidKeyStoreFile", Category.ReadError, str(path)))


def _entry(app_id: str, tenant: str, name: str, value: Any) -> dict[str, Any]:
    """An entry; `value` is the JSON text of the secret (file) or a SecureString (memory)."""
    return {
        "keyType": "ServicePrincipalKey",
        "keyStoreKey": dumps_compact({"appId": app_id, "tenantId": tenant, "name": name}),
        "valueType": "SecureString",
        "keyStoreValue": value,
    }


def _value_of(entry: dict[str, Any]) -> Any:
    """The secret of an entry: a memory entry's SecureString, or the file entry's JSON value
    (None when it is not valid JSON)."""
    value = entry.get("keyStoreValue")
    if hasattr(value, "reveal"):
        return value.reveal()  # a memory entry's SecureString
    if not isinstance(value, str):
        return None  # a foreign file's entry of another shape
    try:
        return json.loads(value or "null")
    except ValueError:
        return None


def _sealed(secret: str) -> Any:
    """A memory entry's value: the secret as a SecureString (imported on use)."""
    from pwshim.dotnet.securestring import SecureString

    return SecureString.from_plain(secret)


def _dispose(entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        value = entry.get("keyStoreValue")
        if hasattr(value, "Dispose"):
            value.Dispose()


def _key_of(entry: dict[str, Any]) -> dict[str, str]:
    try:
        key = json.loads(entry.get("keyStoreKey") or "{}")
        return key if isinstance(key, dict) else {}
    except ValueError:
        return {}


class KeyStore:
    """Service-principal secrets and certificate passwords, never in AzureRmContext.json."""

    def __init__(self, directory: Path, persist: bool) -> None:
        self.path = directory / KEYSTORE_FILE
        self.persist = persist
        self._memory: list[dict[str, Any]] = []

    # --- storage ------------------------------------------------------------------------------
    def _read_disk(self, strict: bool = False) -> list[dict[str, Any]]:
        """The stored entries. A keystore.cache that is not a JSON list is read as empty, or,
        with `strict` (before a rewrite), reported so that it is not replaced."""
        for path in (self.path, self.path.with_name(LEGACY_KEYSTORE_FILE)):
            raw = filelock.read_shared(path)
            if raw is None:
                continue
            try:
                text = raw.decode("utf-8-sig").strip()
            except UnicodeDecodeError:
                if strict and path == self.path:
                    raise corrupt_keystore(path, "not UTF-8") from None
                continue
            if not text:
                if path == self.path:
                    return []  # a touched, empty store (keyring mode leaves it so)
                continue
            try:
                data = json.loads(text)
            except ValueError as exc:
                if strict and path == self.path:
                    raise corrupt_keystore(path, str(exc)) from None
                continue  # the legacy name may hold something else
            if isinstance(data, list):
                return [e for e in data if isinstance(e, dict)]
            if strict and path == self.path:
                raise corrupt_keystore(path, "the document is not a JSON array")
        return []

    def entries(self) -> list[dict[str, Any]]:
        return self._read_disk() if self.persist else list(self._memory)

    def _update(self, change: Any) -> None:
        if not self.persist:
            before = self._memory
            self._memory = change(list(before))
            kept = {id(e) for e in self._memory}
            _dispose([e for e in before if id(e) not in kept])  # replaced or removed secrets
            return
        with filelock.locked(self.path):
            entries = change(self._read_disk(strict=True))
            filelock.replace_file(self.path, dumps_compact(entries).encode("utf-8"), 0o600)

    # --- API ------------------------------------------------------------------------------------
    def get(self, app_id: str, tenant: str | None, name: str) -> str | None:
        """The secret for (appId, tenant, name); by appId alone if the tenant does not match
        (Az 2.11.2)."""
        fallback = None
        for entry in self.entries():
            key = _key_of(entry)
            if (key.get("appId") or "").lower() != (app_id or "").lower() or key.get("name") != name:
                continue
            value = _value_of(entry)
            if value is None:
                continue
            if tenant and (key.get("tenantId") or "").lower() == tenant.lower():
                return value
            fallback = fallback if fallback is not None else value
        return fallback

    def set(self, app_id: str, tenant: str, name: str, secret: str) -> None:
        persist = self.persist

        def change(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
            kept = [e for e in entries if not _same(_key_of(e), app_id, tenant, name)]
            kept.append(_entry(app_id, tenant, name, _sealed(secret) if not persist else dumps_compact(secret)))
            return kept

        self._update(change)

    def remove(self, app_id: str, tenant: str | None = None) -> None:
        """Drop every secret of an application (for a tenant, or all tenants)."""

        def change(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
            out = []
            for e in entries:
                key = _key_of(e)
                if (key.get("appId") or "").lower() == app_id.lower() and (
                    tenant is None or (key.get("tenantId") or "").lower() == tenant.lower()
                ):
                    continue
                out.append(e)
            return out

        if self.persist and not self.path.exists():
            return
        self._update(change)

    def clear(self) -> None:
        if self.persist and not self.path.exists():
            return
        self._update(lambda entries: [])


def _same(key: dict[str, str], app_id: str, tenant: str, name: str) -> bool:
    return (
        (key.get("appId") or "").lower() == app_id.lower()
        and (key.get("tenantId") or "").lower() == (tenant or "").lower()
        and key.get("name") == name
    )
