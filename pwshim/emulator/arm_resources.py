"""ARM resource providers: user-assigned identities and virtual machines (with identity changes
recorded), the generic resource listing, and Compute's long-running-operation status.

VM PUT/PATCH/DELETE are long-running as in Microsoft.Compute: the answer carries
``provisioningState`` Updating/Creating and an ``Azure-AsyncOperation`` URL that reports
InProgress ``emu.lro_polls`` times, then Succeeded.
"""

from __future__ import annotations

import copy
import datetime as dt
import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pwshim.emulator import arm as A
from pwshim.emulator import resources as R
from pwshim.emulator.http import Request, Response, Router, json_response

if TYPE_CHECKING:
    from pwshim.emulator.core import Emulator

_MSI = r"/providers/Microsoft\.ManagedIdentity/userAssignedIdentities"
_VM = r"/providers/Microsoft\.Compute/virtualMachines"
_NAME = r"/(?P<name>[^/]+)"
_OP = A.SUB + r"/providers/Microsoft\.Compute/locations/(?P<loc>[^/]+)/operations/(?P<op>[^/]+)"


def register(router: Router, emu: Emulator) -> None:
    add = lambda m, p, h: router.add(m, p, lambda r: h(emu, r), "arm")
    add("GET", A.SUB + _MSI, lambda e, r: list_type(e, r, R.MSI_TYPE))
    add("GET", A.RG + _MSI, lambda e, r: list_type(e, r, R.MSI_TYPE))
    add("GET", A.RG + _MSI + _NAME, lambda e, r: get_one(e, r, R.MSI_TYPE))
    add("PUT", A.RG + _MSI + _NAME, put_identity)
    add("PATCH", A.RG + _MSI + _NAME, patch_identity)
    add("DELETE", A.RG + _MSI + _NAME, lambda e, r: delete_one(e, r, R.MSI_TYPE))
    add("GET", A.SUB + _VM, lambda e, r: list_type(e, r, R.VM_TYPE))
    add("GET", A.RG + _VM, lambda e, r: list_type(e, r, R.VM_TYPE))
    add("GET", A.RG + _VM + _NAME, lambda e, r: get_one(e, r, R.VM_TYPE))
    add("PUT", A.RG + _VM + _NAME, lambda e, r: write_vm(e, r, patch=False))
    add("PATCH", A.RG + _VM + _NAME, lambda e, r: write_vm(e, r, patch=True))
    add("DELETE", A.RG + _VM + _NAME, lambda e, r: delete_one(e, r, R.VM_TYPE))
    add("GET", _OP, operation_status)
    add("GET", A.SUB + r"/resources", list_resources)
    add("GET", A.RG + r"/resources", list_resources)


def _scoped(emu: Emulator, req: Request, fn: Callable[[str], Response]) -> Response:
    """Authenticate, check api-version, subscription and resource group, then run fn(sub_id)."""
    claims = A.guard(emu, req)
    with emu.state.lock:
        sub = A.subscription_for(emu, req, claims)["subscriptionId"]
        if "rg" in req.params:
            req.params["rg"] = A.require_rg(emu, sub, req.params["rg"])["name"]
        return fn(sub)


def _rid(sub: str, req: Request, rtype: str) -> str:
    return R.resource_id(sub, req.params["rg"], rtype, req.params["name"])


def not_found(rtype: str, name: str, rg: str) -> A.HttpError:
    return A.fail(404, "ResourceNotFound",
                  f"The Resource '{rtype}/{name}' under resource group '{rg}' was not found. "
                  "For more details please go to https://aka.ms/ARMResourceNotFoundFix")


def _body(req: Request) -> dict[str, Any]:
    body = req.json(lambda m: A.arm_error(400, "InvalidRequestContent", m))
    if not isinstance(body, dict):
        raise A.fail(400, "InvalidRequestContent", "The request content must be an object.")
    return body


def list_type(emu: Emulator, req: Request, rtype: str) -> Response:
    return _scoped(emu, req, lambda sub: A.listing(
        [copy.deepcopy(_current(emu, r)) for r in
         emu.state.list_type(rtype, sub, req.params.get("rg"))]))


def get_one(emu: Emulator, req: Request, rtype: str) -> Response:
    def get(sub: str) -> Response:
        res = emu.state.get(_rid(sub, req, rtype))
        if res is None:
            raise not_found(rtype, req.params["name"], req.params["rg"])
        return json_response(200, copy.deepcopy(_current(emu, res)))
    return _scoped(emu, req, get)


def delete_one(emu: Emulator, req: Request, rtype: str) -> Response:
    def delete(sub: str) -> Response:
        rid = _rid(sub, req, rtype)
        if not emu.state.delete(rid):
            return Response(204)
        emu.state.save()
        if rtype == R.VM_TYPE:
            return Response(202, b"", _start_operation(emu, req, sub, rid))
        return Response(200)
    return _scoped(emu, req, delete)


def list_resources(emu: Emulator, req: Request) -> Response:
    def run(sub: str) -> Response:
        prefix = (R.rg_id(sub, req.params["rg"]) if "rg" in req.params
                  else f"/subscriptions/{sub}").lower() + "/"
        items = [{k: r[k] for k in ("id", "name", "type", "location", "tags") if k in r}
                 for key, r in emu.state.resources.items()
                 if key.startswith(prefix) and r["type"] != R.RG_TYPE]
        return A.listing(items)
    return _scoped(emu, req, run)


# -- user-assigned identities -------------------------------------------------------------
def put_identity(emu: Emulator, req: Request) -> Response:
    def put(sub: str) -> Response:
        body = _body(req)
        if not body.get("location"):
            raise A.fail(400, "LocationRequired",
                         "The location property is required for this definition.")
        rid = _rid(sub, req, R.MSI_TYPE)
        existing = emu.state.get(rid) or emu.state.identity(rid=rid)
        tenant = emu.state.subscription(sub)["tenantId"]
        if existing:
            existing["location"] = body["location"]
            existing["tags"] = dict(body.get("tags") or {})
            res = existing
        else:
            res = R.identity_json(sub, req.params["rg"], req.params["name"], body["location"],
                                  tenant, tags=body.get("tags"))
            emu.state.put(res)
        emu.state.save()
        return json_response(200 if existing else 201, copy.deepcopy(res))
    return _scoped(emu, req, put)


def patch_identity(emu: Emulator, req: Request) -> Response:
    def patch(sub: str) -> Response:
        res = emu.state.get(_rid(sub, req, R.MSI_TYPE))
        if res is None:
            raise not_found(R.MSI_TYPE, req.params["name"], req.params["rg"])
        body = _body(req)
        if "tags" in body:
            res["tags"] = dict(body["tags"] or {})
        emu.state.save()
        return json_response(200, copy.deepcopy(res))
    return _scoped(emu, req, patch)


# -- virtual machines -----------------------------------------------------------------------
_READONLY = ("vmId", "provisioningState", "timeCreated", "instanceView")


def _merge(dst: dict[str, Any], src: dict[str, Any]) -> None:
    for k, v in src.items():
        if isinstance(v, dict) and isinstance(dst.get(k), dict):
            _merge(dst[k], v)
        else:
            dst[k] = copy.deepcopy(v)


def write_vm(emu: Emulator, req: Request, patch: bool) -> Response:
    def write(sub: str) -> Response:
        body = _body(req)
        rid = _rid(sub, req, R.VM_TYPE)
        existing = emu.state.get(rid)
        if existing is None and patch:
            raise not_found(R.VM_TYPE, req.params["name"], req.params["rg"])
        if existing is None and not body.get("location"):
            raise A.fail(400, "LocationRequired",
                         "The location property is required for this definition.")
        res = copy.deepcopy(existing) if existing else R.vm_json(
            sub, req.params["rg"], req.params["name"], body["location"])
        props = {k: v for k, v in (body.get("properties") or {}).items() if k not in _READONLY}
        _merge(res["properties"], props)
        if "tags" in body or not patch:
            res["tags"] = dict(body.get("tags") or {})
        if "identity" in body:
            tenant = emu.state.subscription(sub)["tenantId"]
            apply_identity(emu, res, body["identity"] or {"type": "None"}, tenant, merge=patch)
        res["properties"]["provisioningState"] = "Updating" if existing else "Creating"
        emu.state.put(res)
        emu.state.save()
        headers = _start_operation(emu, req, sub, rid)
        return json_response(200 if existing else 201, copy.deepcopy(res), headers)
    return _scoped(emu, req, write)


def _identity_flags(typ: str) -> tuple[bool, bool]:
    parts = {p.strip().lower() for p in typ.split(",")}
    if not parts <= {"systemassigned", "userassigned", "none"} or (
            "none" in parts and len(parts) > 1):
        raise A.fail(400, "InvalidParameter",
                     f"The value '{typ}' of parameter 'identity.type' is invalid. Allowed "
                     "values are 'SystemAssigned', 'UserAssigned', 'SystemAssigned, "
                     "UserAssigned' and 'None'.")
    return "systemassigned" in parts, "userassigned" in parts


def apply_identity(emu: Emulator, vm: dict[str, Any], new: dict[str, Any], tenant: str,
                   merge: bool) -> None:
    """Record an identity change on a VM, as Compute does for PUT (replace) and PATCH (merge:
    listed identities are added, ones set to null removed)."""
    cur = vm.get("identity") or {}
    cur_sys, cur_user = _identity_flags(cur.get("type", "None"))
    system, user = _identity_flags(new.get("type") or cur.get("type", "None"))
    users: dict[str, Any] = dict(cur.get("userAssignedIdentities") or {}) if (
        merge and cur_user) else {}
    for key, value in (new.get("userAssignedIdentities") or {}).items():
        match = next((k for k in users if k.lower() == key.lower()), None)
        if value is None:
            users.pop(match or key, None)
            continue
        found = emu.state.identity(rid=key)
        if found is None:
            raise A.fail(400, "FailedIdentityOperation",
                         f"Identity operation for resource '{vm['id']}' failed with error "
                         "'Failed to perform resource identity operation. Status: 'NotFound'. "
                         f"Response: 'Resource '{key}' was not found.'.")
        users.pop(match or "", None)
        users[key] = {"principalId": found["properties"]["principalId"],
                      "clientId": found["properties"]["clientId"]}
    if user and not users:
        raise A.fail(400, "InvalidParameter",
                     "The 'userAssignedIdentities' property must be specified and non-empty "
                     "when identity type is 'UserAssigned'.")
    if not (system or user):
        vm.pop("identity", None)
        return
    out: dict[str, Any] = {"type": ", ".join(n for n, on in (("SystemAssigned", system),
                                                             ("UserAssigned", user)) if on)}
    if system:
        out["principalId"] = cur["principalId"] if cur_sys else str(uuid.uuid4())
        out["tenantId"] = tenant
    if user:
        out["userAssignedIdentities"] = users
    vm["identity"] = out


# -- long-running operations --------------------------------------------------------------
def _now_text() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _start_operation(emu: Emulator, req: Request, sub: str, rid: str) -> dict[str, str]:
    op = str(uuid.uuid4())
    res = emu.state.get(rid)
    loc = res["location"] if res else "eastus"
    emu.operations[op] = {"name": op, "resource": rid, "startTime": _now_text(),
                          "polls": emu.lro_polls, "t0": time.monotonic()}
    url = (f"{emu.url}/subscriptions/{sub}/providers/Microsoft.Compute/locations/{loc}"
           f"/operations/{op}?p={uuid.uuid4()}&api-version={req.q('api-version')}")
    return {"Azure-AsyncOperation": url, "Retry-After": str(emu.lro_retry_after)}


def _finish(emu: Emulator, op: dict[str, Any]) -> None:
    op["polls"] = 0
    op.setdefault("endTime", _now_text())
    res = emu.state.get(op["resource"])
    if res is not None and res["properties"].get("provisioningState") != "Succeeded":
        res["properties"]["provisioningState"] = "Succeeded"
        emu.state.save()


#: An operation nobody polls completes by itself after this many seconds.
_AUTO_FINISH = 5.0


def _current(emu: Emulator, res: dict[str, Any]) -> dict[str, Any]:
    """A resource as GET shows it; operations nobody polled finish after _AUTO_FINISH s."""
    if res["properties"].get("provisioningState") in ("Updating", "Creating"):
        now = time.monotonic()
        for op in list(emu.operations.values()):
            if op["resource"].lower() == res["id"].lower() and now - op["t0"] > _AUTO_FINISH:
                _finish(emu, op)
    return res


def operation_status(emu: Emulator, req: Request) -> Response:
    def status(sub: str) -> Response:
        op = emu.operations.get(req.params["op"])
        if op is None:
            raise A.fail(404, "NotFound", f"The operation '{req.params['op']}' was not found.")
        if op["polls"] > 0:
            op["polls"] -= 1
            return json_response(200, {"startTime": op["startTime"], "status": "InProgress",
                                       "name": op["name"]},
                                 {"Retry-After": str(emu.lro_retry_after)})
        _finish(emu, op)
        return json_response(200, {"startTime": op["startTime"], "endTime": op["endTime"],
                                   "status": "Succeeded", "name": op["name"]})
    return _scoped(emu, req, status)
