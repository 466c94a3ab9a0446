"""Microsoft Graph v1.0 (under /graph/v1.0): applications, servicePrincipals, addPassword,
removePassword, and keyCredentials that register certificates for sign-in.

Tokens must be for Graph (``https://graph.microsoft.com`` or the emulator's ``{url}/graph/``).
Errors are Graph's ``{"error": {"code", "message", "innerError"}}``.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pwshim.emulator import directory as D
from pwshim.emulator.http import HttpError, Request, Response, Router, json_response
from pwshim.emulator.tokens import TokenError

if TYPE_CHECKING:
    from pwshim.emulator.core import Emulator

_BASE = r"/graph/(?P<ver>v1\.0|beta)"
_ONE = r"(/(?P<id>[0-9a-fA-F-]{36})|\(appId='(?P<appid>[^']+)'\))"
_KINDS = {"applications": "applications", "servicePrincipals": "service_principals"}


def error(status: int, code: str, message: str) -> Response:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    rid = str(uuid.uuid4())
    return json_response(status, {"error": {"code": code, "message": message, "innerError": {
        "date": now, "request-id": rid, "client-request-id": rid}}}, error=code)


def _fail(status: int, code: str, message: str) -> HttpError:
    return HttpError(error(status, code, message))


def register(router: Router, emu: Emulator) -> None:
    for kind in _KINDS:
        coll = _BASE + "/" + kind
        bind = lambda h, k=kind: (lambda r: _run(emu, r, lambda tid: h(emu, r, k, tid)))
        router.add("GET", coll, bind(list_objects), "graph")
        router.add("POST", coll, bind(create_object), "graph")
        router.add("GET", coll + _ONE, bind(get_object), "graph")
        router.add("PATCH", coll + _ONE, bind(patch_object), "graph")
        router.add("DELETE", coll + _ONE, bind(delete_object), "graph")
        router.add("POST", coll + _ONE + r"/addPassword", bind(add_password), "graph")
        router.add("POST", coll + _ONE + r"/removePassword", bind(remove_password), "graph")
    fic = _BASE + "/applications" + _ONE + "/federatedIdentityCredentials"
    run = lambda h: (lambda r: _run(emu, r, lambda tid: h(emu, r, tid)))  # noqa: E731
    router.add("GET", fic, run(list_federated), "graph")
    router.add("POST", fic, run(add_federated), "graph")
    router.add("DELETE", fic + r"/(?P<fic>[^/]+)", run(delete_federated), "graph")


def _authenticate(emu: Emulator, req: Request) -> str:
    """The tenant id of a valid Graph token, else Graph's 401."""
    header = req.header("Authorization") or ""
    scheme, _, tok = header.partition(" ")
    if scheme.lower() != "bearer" or not tok.strip():
        raise _fail(401, "InvalidAuthenticationToken", "Access token is empty.")
    try:
        claims = emu.issuer.verify(tok.strip())
    except TokenError as exc:
        raise _fail(401, "InvalidAuthenticationToken",
                    "Lifetime validation failed, the token is expired." if exc.kind == "expired"
                    else "Access token validation failure.") from None
    aud = str(claims.get("aud", "")).rstrip("/")
    if aud not in ("https://graph.microsoft.com", emu.graph_url.rstrip("/"),
                   "00000003-0000-0000-c000-000000000000"):
        raise _fail(401, "InvalidAuthenticationToken",
                    "Access token validation failure. Invalid audience.")
    return str(claims["tid"])


def _run(emu: Emulator, req: Request, fn: Callable[[str], Response]) -> Response:
    tid = _authenticate(emu, req)
    with emu.state.lock:
        return fn(tid)


def _context(emu: Emulator, req: Request, what: str) -> str:
    return f"{emu.url}/graph/{req.params['ver']}/$metadata#{what}"


def _find(emu: Emulator, req: Request, kind: str, tid: str) -> dict[str, Any]:
    objs = getattr(emu.state, _KINDS[kind])
    if req.params.get("id"):
        obj = objs.get(req.params["id"].lower()) or objs.get(req.params["id"])
        key = req.params["id"]
    else:
        key = req.params["appid"]
        obj = next((o for o in objs.values() if o["appId"].lower() == key.lower()), None)
    if obj is None or obj["_tenantId"].lower() != tid.lower():
        raise _fail(404, "Request_ResourceNotFound",
                    f"Resource '{key}' does not exist or one of its queried reference-property "
                    "objects are not present.")
    return obj


# -- $filter / $select / $top -----------------------------------------------------------
_COND = re.compile(
    r"\s*(?:(?P<f>[A-Za-z]+)\s+eq\s+(?P<v>'(?:[^']|'')*'|[0-9a-fA-F-]{36}|true|false)"
    r"|startswith\(\s*(?P<sf>[A-Za-z]+)\s*,\s*(?P<sv>'(?:[^']|'')*')\s*\)"
    r"|(?P<af>[A-Za-z]+)/any\(\s*(?P<x>\w+)\s*:\s*(?P=x)\s+eq\s+(?P<av>'(?:[^']|'')*')\s*\))\s*",
    re.IGNORECASE)


_AND = re.compile(r"and\s+", re.IGNORECASE)


def _literal(text: str) -> Any:
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    return {"true": True, "false": False}.get(text.lower(), text)


def _eq(a: Any, b: Any) -> bool:
    return str(a).casefold() == str(b).casefold()


def parse_filter(text: str) -> Callable[[dict[str, Any]], bool]:
    """The subset of OData $filter Az and Azure CLI send; raises HttpError for the rest."""
    tests: list[Callable[[dict[str, Any]], bool]] = []
    pos, text = 0, text.strip()
    while True:
        m = _COND.match(text, pos)
        if not m:
            raise _fail(400, "Request_UnsupportedQuery", "Unsupported Query.")
        pos = m.end()
        if m["f"]:
            f, v = m["f"], _literal(m["v"])
            tests.append(lambda o, f=f, v=v: _eq(o.get(f), v))
        elif m["sf"]:
            f, v = m["sf"], _literal(m["sv"])
            tests.append(lambda o, f=f, v=v: str(o.get(f) or "").casefold()
                         .startswith(str(v).casefold()))
        else:
            f, v = m["af"], _literal(m["av"])
            tests.append(lambda o, f=f, v=v: any(_eq(x, v) for x in o.get(f) or []))
        if pos == len(text):
            break
        joined = _AND.match(text, pos)
        if not joined:
            raise _fail(400, "Request_UnsupportedQuery", "Unsupported Query.")
        pos = joined.end()
    return lambda o: all(t(o) for t in tests)


def _select(obj: dict[str, Any], req: Request) -> dict[str, Any]:
    sel = req.q("$select")
    out = D.present(obj)
    if sel:
        keep = {s.strip() for s in sel.split(",")}
        out = {k: v for k, v in out.items() if k in keep}
    return out


def list_objects(emu: Emulator, req: Request, kind: str, tid: str) -> Response:
    objs = list(emu.state.in_tenant(getattr(emu.state, _KINDS[kind]), tid))
    if req.q("$filter"):
        objs = [o for o in objs if parse_filter(req.q("$filter") or "")(o)]
    body: dict[str, Any] = {"@odata.context": _context(emu, req, kind)}
    if (req.q("$count") or "").lower() == "true":
        body["@odata.count"] = len(objs)
    top = req.q("$top")
    if top and top.isdigit():
        objs = objs[: int(top)]
    body["value"] = [_select(o, req) for o in objs]
    return json_response(200, body)


def get_object(emu: Emulator, req: Request, kind: str, tid: str) -> Response:
    obj = _find(emu, req, kind, tid)
    return json_response(200, {"@odata.context": _context(emu, req, kind + "/$entity"),
                               **_select(obj, req)})


def _body(req: Request) -> dict[str, Any]:
    body = req.json(lambda m: error(400, "BadRequest", m))
    if not isinstance(body, dict):
        raise _fail(400, "BadRequest", "The request body must be a JSON object.")
    return body


_WRITABLE = {"displayName", "description", "notes", "tags", "identifierUris", "signInAudience",
             "web", "spa", "publicClient", "api", "appRoles", "info", "requiredResourceAccess",
             "accountEnabled", "appRoleAssignmentRequired", "homepage", "replyUrls"}


def _apply(obj: dict[str, Any], body: dict[str, Any]) -> None:
    for key, value in body.items():
        if key in _WRITABLE and key in obj:
            obj[key] = value
    if "keyCredentials" in body:
        obj["keyCredentials"] = _key_credentials(obj, body["keyCredentials"] or [])


def _key_credentials(obj: dict[str, Any], wanted: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """PATCH semantics: the list replaces the old one; an entry without key keeps the
    existing credential with that keyId."""
    old = {kc["keyId"].lower(): kc for kc in obj.get("keyCredentials", [])}
    out = []
    for kc in wanted:
        if not kc.get("key") and str(kc.get("keyId", "")).lower() in old:
            out.append(old[str(kc["keyId"]).lower()])
            continue
        try:
            out.append(D.normalize_key_credential(kc))
        except ValueError:
            raise _fail(400, "Request_BadRequest",
                        "Invalid value specified for property 'key' of resource "
                        "'KeyCredential'.") from None
    return out


def create_object(emu: Emulator, req: Request, kind: str, tid: str) -> Response:
    body = _body(req)
    tenant = emu.state.tenant(tid) or {}
    if kind == "applications":
        if not body.get("displayName"):
            raise _fail(400, "Request_BadRequest",
                        "Property 'displayName' is required and cannot be null or empty.")
        obj = D.new_application(tenant["tenantId"], body["displayName"],
                                tenant.get("defaultDomain"))
        _apply(obj, {k: v for k, v in body.items() if k != "displayName"})
        emu.state.applications[obj["id"]] = obj
    else:
        app_id = str(body.get("appId") or "")
        app = emu.state.app_by_app_id(tid, app_id) if app_id else None
        if app is None:
            raise _fail(400, "Request_BadRequest",
                        f"The appId '{app_id}' of the service principal does not reference a "
                        "valid application object.")
        if emu.state.sp_by_app_id(tid, app_id):
            raise _fail(409, "Request_MultipleObjectsWithSameKeyValue",
                        "Another object with the same value for property servicePrincipalNames "
                        "already exists.")
        obj = D.new_service_principal(app)
        _apply(obj, {k: v for k, v in body.items() if k != "appId"})
        emu.state.service_principals[obj["id"]] = obj
    emu.state.save()
    return json_response(201, {"@odata.context": _context(emu, req, kind + "/$entity"),
                               **D.present(obj)})


def patch_object(emu: Emulator, req: Request, kind: str, tid: str) -> Response:
    obj = _find(emu, req, kind, tid)
    _apply(obj, _body(req))
    emu.state.save()
    return Response(204)


def delete_object(emu: Emulator, req: Request, kind: str, tid: str) -> Response:
    obj = _find(emu, req, kind, tid)
    getattr(emu.state, _KINDS[kind]).pop(obj["id"], None)
    if kind == "applications":  # deleting an app removes its service principal too
        sp = emu.state.sp_by_app_id(tid, obj["appId"])
        if sp:
            emu.state.service_principals.pop(sp["id"], None)
    emu.state.save()
    return Response(204)


def add_password(emu: Emulator, req: Request, kind: str, tid: str) -> Response:
    obj = _find(emu, req, kind, tid)
    body = _body(req)
    spec = body.get("passwordCredential") or {}
    cred = D.add_password(obj, spec.get("displayName"), end=spec.get("endDateTime"))
    emu.state.save()
    return json_response(200, {"@odata.context": _context(
        emu, req, "microsoft.graph.passwordCredential"), **cred})


def remove_password(emu: Emulator, req: Request, kind: str, tid: str) -> Response:
    obj = _find(emu, req, kind, tid)
    key_id = str(_body(req).get("keyId") or "")
    if not D.remove_password(obj, key_id):
        raise _fail(400, "Request_BadRequest",
                    f"No password credential found with keyId '{key_id}'.")
    emu.state.save()
    return Response(204)


# -- federatedIdentityCredentials (workload identity federation) ---------------------------
def list_federated(emu: Emulator, req: Request, tid: str) -> Response:
    app = _find(emu, req, "applications", tid)
    return json_response(200, {"@odata.context": _context(
        emu, req, f"applications('{app['id']}')/federatedIdentityCredentials"),
        "value": D.federated_credentials(app)})


def add_federated(emu: Emulator, req: Request, tid: str) -> Response:
    app = _find(emu, req, "applications", tid)
    body = _body(req)
    for field in ("name", "issuer", "subject", "audiences"):
        if not body.get(field):
            raise _fail(400, "Request_BadRequest",
                        f"Property '{field}' is required and cannot be null or empty.")
    if any(f["name"] == body["name"] for f in D.federated_credentials(app)):
        raise _fail(409, "Request_MultipleObjectsWithSameKeyValue",
                    f"FederatedIdentityCredential with name {body['name']} already exists.")
    fic = D.add_federated_credential(app, {k: body.get(k) for k in (
        "name", "issuer", "subject", "audiences", "description")})
    emu.state.save()
    return json_response(201, {"@odata.context": _context(
        emu, req, f"applications('{app['id']}')/federatedIdentityCredentials/$entity"), **fic})


def delete_federated(emu: Emulator, req: Request, tid: str) -> Response:
    app = _find(emu, req, "applications", tid)
    key = req.params["fic"].lower()
    kept = [f for f in D.federated_credentials(app)
            if key not in (f["id"].lower(), f["name"].lower())]
    if len(kept) == len(D.federated_credentials(app)):
        raise _fail(404, "Request_ResourceNotFound",
                    f"Resource '{req.params['fic']}' does not exist or one of its queried "
                    "reference-property objects are not present.")
    app["_federatedIdentityCredentials"] = kept
    emu.state.save()
    return Response(204)
