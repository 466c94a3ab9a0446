"""The emulator's mutable world: tenants, subscriptions, ARM resources, Graph objects.

Everything lives in one JSON document (``state.json`` in the state folder), written after each
change so ``pwshim emulator serve --state DIR`` survives restarts. No secret text is kept
here: client secrets are stored as SHA-256 hashes, as Entra only keeps a hint.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pwshim.emulator import resources as R

STATE_FILE = "state.json"


class StateError(Exception):
    """The state folder cannot be used."""


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def public(obj: dict[str, Any]) -> dict[str, Any]:
    """A copy without the internal ``_``-prefixed keys."""
    return {k: copy.deepcopy(v) for k, v in obj.items() if not k.startswith("_")}


class State:
    """Thread-safe holder of the emulator's data; callers hold ``lock`` across read-modify-write."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data
        self.lock = threading.RLock()

    # -- persistence -------------------------------------------------------------------
    @classmethod
    def load(cls, state_dir: Path) -> State | None:
        path = state_dir / STATE_FILE
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            raise StateError(f"The emulator state file '{path}' is damaged; remove the folder "
                             "to start from the seed again.") from None
        return cls(path, data)

    def save(self) -> None:
        with self.lock:
            tmp = self.path.with_name(self.path.name + ".tmp")
            tmp.write_text(json.dumps(self.data, indent=1), encoding="utf-8")
            os.replace(tmp, self.path)

    # -- directory ---------------------------------------------------------------------
    @property
    def tenants(self) -> list[dict[str, Any]]:
        return self.data["tenants"]

    @property
    def subscriptions(self) -> list[dict[str, Any]]:
        return self.data["subscriptions"]

    def tenant(self, name: str) -> dict[str, Any] | None:
        """A tenant by id or by one of its domains (case-insensitive)."""
        low = name.lower()
        for t in self.tenants:
            if t["tenantId"].lower() == low or low in (d.lower() for d in t.get("domains", [])):
                return t
        return None

    def subscription(self, sub_id: str) -> dict[str, Any] | None:
        return next((s for s in self.subscriptions
                     if s["subscriptionId"].lower() == sub_id.lower()), None)

    # -- ARM resources (keyed by lower-cased id; ARM ids are case-insensitive) -----------
    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        return self.data["resources"]

    def get(self, rid: str) -> dict[str, Any] | None:
        return self.resources.get(rid.lower())

    def put(self, res: dict[str, Any]) -> None:
        self.resources[res["id"].lower()] = res

    def delete(self, rid: str) -> bool:
        return self.resources.pop(rid.lower(), None) is not None

    def rg(self, sub: str, rg: str) -> dict[str, Any] | None:
        return self.get(R.rg_id(sub, rg))

    def list_type(self, rtype: str, sub: str, rg: str | None = None) -> list[dict[str, Any]]:
        """Resources of a type in a subscription (and resource group), in insertion order."""
        prefix = (R.rg_id(sub, rg) if rg else f"/subscriptions/{sub}").lower() + "/"
        return [r for k, r in self.resources.items()
                if r["type"].lower() == rtype.lower() and k.startswith(prefix)]

    def identity(self, *, client_id: str | None = None, principal_id: str | None = None,
                 rid: str | None = None) -> dict[str, Any] | None:
        """A user-assigned identity by clientId, principalId or resource id."""
        if rid:
            found = self.get(rid)
            return found if found and found["type"] == R.MSI_TYPE else None
        for r in self.resources.values():
            if r["type"] != R.MSI_TYPE:
                continue
            p = r["properties"]
            if client_id and p["clientId"].lower() == client_id.lower():
                return r
            if principal_id and p["principalId"].lower() == principal_id.lower():
                return r
        return None

    def imds_vm(self) -> dict[str, Any] | None:
        """The VM the emulated IMDS belongs to."""
        v = self.data["imdsVm"]
        return self.get(R.resource_id(v["subscriptionId"], v["resourceGroup"], R.VM_TYPE, v["name"]))

    # -- Graph objects -----------------------------------------------------------------
    @property
    def applications(self) -> dict[str, dict[str, Any]]:
        return self.data["applications"]

    @property
    def service_principals(self) -> dict[str, dict[str, Any]]:
        return self.data["servicePrincipals"]

    def in_tenant(self, objs: dict[str, dict[str, Any]], tid: str) -> Iterator[dict[str, Any]]:
        return (o for o in objs.values() if o["_tenantId"].lower() == tid.lower())

    def app_by_app_id(self, tid: str, app_id: str) -> dict[str, Any] | None:
        return next((a for a in self.in_tenant(self.applications, tid)
                     if a["appId"].lower() == app_id.lower()), None)

    def sp_by_app_id(self, tid: str, app_id: str) -> dict[str, Any] | None:
        return next((s for s in self.in_tenant(self.service_principals, tid)
                     if s["appId"].lower() == app_id.lower()), None)

    def check_secret(self, tid: str, app_id: str, secret: str) -> bool:
        """True if secret matches a live password credential of the app or its SP."""
        want = secret_hash(secret)
        for obj in (self.app_by_app_id(tid, app_id), self.sp_by_app_id(tid, app_id)):
            for h in (obj or {}).get("_secretHashes", {}).values():
                if hmac.compare_digest(h, want):
                    return True
        return False
