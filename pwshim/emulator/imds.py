"""Azure Instance Metadata Service: managed-identity tokens for the emulated VM.

Like IMDS on a VM, tokens are issued only for identities attached to *this* VM in the current
ARM state (so attaching one with Update-AzVM makes it usable). Error bodies are IMDS's
``{"error": "invalid_request", "error_description": "Identity not found"}`` family, status 400.
"""

from __future__ import annotations

import time
import uuid
from typing import TYPE_CHECKING, Any

from pwshim.emulator.http import Request, Response, Router, json_response

if TYPE_CHECKING:
    from pwshim.emulator.core import Emulator


def register(router: Router, emu: Emulator) -> None:
    router.add("GET", r"/metadata/identity/oauth2/token", lambda r: token(emu, r), "imds")
    router.add("GET", r"/metadata/instance(?P<sub>/.*)?", lambda r: instance(emu, r), "imds")


def imds_error(description: str, error: str = "invalid_request", status: int = 400) -> Response:
    return json_response(status, {"error": error, "error_description": description}, error=error)


def _norm_id(rid: str) -> str:
    return rid.lower().rstrip("/")


def select_identity(emu: Emulator, req: Request) -> tuple[dict[str, Any] | None, str]:
    """(identity, error description): identity has principalId, clientId, id, tenantId."""
    vm = emu.state.imds_vm()
    ident = (vm or {}).get("identity") or {}
    typ = ident.get("type", "None").replace(" ", "").lower().split(",")
    users = (ident.get("userAssignedIdentities") or {}) if "userassigned" in typ else {}
    client_id, object_id = req.q("client_id"), req.q("object_id") or req.q("principal_id")
    res_id = req.q("msi_res_id") or req.q("mi_res_id")
    system = None
    if "systemassigned" in typ and vm is not None:
        system = {"principalId": ident["principalId"],
                  "clientId": system_client_id(ident["principalId"]), "id": vm["id"]}
    if client_id or object_id or res_id:
        candidates = list(users.items()) + ([(vm["id"], system)] if system else [])
        for rid, v in candidates:
            if ((client_id and v.get("clientId", "").lower() == client_id.lower())
                    or (object_id and v.get("principalId", "").lower() == object_id.lower())
                    or (res_id and _norm_id(rid) == _norm_id(res_id))):
                return {**v, "id": rid}, ""
        return None, "Identity not found"
    if system:
        return system, ""
    if len(users) == 1:
        rid, v = next(iter(users.items()))
        return {**v, "id": rid}, ""
    if len(users) > 1:
        return None, ("Multiple user assigned identities exist, please specify the clientId / "
                      "resourceId of the identity in the token request")
    return None, "Identity not found"


def system_client_id(principal_id: str) -> str:
    """The app id of a system-assigned identity's service principal (ARM does not show it;
    derived from the principal id so it is stable and differs from it, as on Azure)."""
    return str(uuid.uuid5(uuid.NAMESPACE_OID, principal_id.lower()))


def token(emu: Emulator, req: Request) -> Response:
    if (req.header("Metadata") or "").lower() != "true":
        return imds_error("Required metadata header not specified")
    if not req.q("api-version"):
        return imds_error("Required query variable 'api-version' is missing")
    resource = req.q("resource")
    if not resource:
        return imds_error("Required audience parameter not specified")
    with emu.state.lock:
        ident, problem = select_identity(emu, req)
        vm = emu.state.imds_vm()
    if ident is None:
        return imds_error(problem)
    tid = _tenant_of(emu, vm["id"])
    iss = f"{emu.url}/{tid}/"
    claims = {"aud": resource, "iss": iss, "idp": iss, "tid": tid,
              "oid": ident["principalId"], "sub": ident["principalId"],
              "appid": ident["clientId"], "appidacr": "2", "idtyp": "app",
              "xms_mirid": ident["id"]}
    tok, exp = emu.issuer.issue(claims, emu.issuer.IMDS_LIFETIME)
    now = int(time.time())
    # IMDS answers every number as a string (how-to-use-vm-token, "Get a token using HTTP").
    return json_response(200, {
        "access_token": tok,
        "client_id": ident["clientId"],
        "expires_in": str(exp - now),
        "expires_on": str(exp),
        "ext_expires_in": str(exp - now),
        "not_before": str(now),
        "resource": resource,
        "token_type": "Bearer",
    })


def _tenant_of(emu: Emulator, rid: str) -> str:
    sub = emu.state.subscription(rid.split("/")[2])
    return sub["tenantId"] if sub else emu.seed["tenant_id"]


def instance(emu: Emulator, req: Request) -> Response:
    """GET /metadata/instance[/compute/...]: a small part of the instance metadata."""
    if (req.header("Metadata") or "").lower() != "true":
        return imds_error("Required metadata header not specified")
    if not req.q("api-version"):
        return json_response(400, {"error": "Bad request. api-version was not specified in "
                                            "the request. For more information refer to "
                                            "aka.ms/azureimds", "newest-versions": ["2021-02-01"]})
    with emu.state.lock:
        vm = emu.state.imds_vm()
    if vm is None:
        return imds_error("Instance not found", "not_found", 404)
    parts = vm["id"].split("/")
    compute = {
        "azEnvironment": "AzurePublicCloud", "location": vm["location"], "name": vm["name"],
        "osType": "Linux", "resourceGroupName": parts[4], "resourceId": vm["id"],
        "subscriptionId": parts[2], "vmId": vm["properties"]["vmId"],
        "vmSize": vm["properties"]["hardwareProfile"]["vmSize"], "tags": "",
    }
    doc: Any = {"compute": compute, "network": {"interface": []}}
    for key in (req.params.get("sub") or "").strip("/").split("/"):
        if not key:
            continue
        if not isinstance(doc, dict) or key not in doc:
            return imds_error("Invalid request path", "not_found", 404)
        doc = doc[key]
    if req.q("format") == "text" and not isinstance(doc, dict):
        return Response(200, str(doc).encode(), {"Content-Type": "text/plain; charset=utf-8"})
    return json_response(200, doc)
