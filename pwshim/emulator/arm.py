"""Azure Resource Manager: cloud metadata, tenants, subscriptions, resource groups, and the
bearer-token / api-version checks every ARM call goes through.

Error bodies are ARM's ``{"error": {"code": ..., "message": ...}}`` with its codes
(AuthenticationFailed, InvalidAuthenticationToken, ExpiredAuthenticationToken,
InvalidAuthenticationTokenAudience, InvalidAuthenticationTokenTenant, MissingApiVersionParameter,
SubscriptionNotFound, ResourceGroupNotFound, ResourceNotFound...).
Access model: every principal of a tenant may use every subscription of that tenant.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pwshim.emulator import resources as R
from pwshim.emulator.http import HttpError, Request, Response, Router, json_response
from pwshim.emulator.tokens import TokenError, decode_unverified

if TYPE_CHECKING:
    from pwshim.emulator.core import Emulator

#: Audiences ARM accepts (plus the emulator's own URL), as its error message lists them.
ARM_AUDIENCES = ("https://management.core.windows.net/", "https://management.core.windows.net",
                 "https://management.azure.com/", "https://management.azure.com")
_API_VERSION = re.compile(r"\d{4}-\d{2}-\d{2}(-(preview|beta|alpha|privatepreview))?\Z",
                          re.IGNORECASE)
SUB = r"/subscriptions/(?P<sub>[^/]+)"
RG = SUB + r"/resourceGroups/(?P<rg>[^/]+)"


def arm_error(status: int, code: str, message: str,
              headers: dict[str, str] | None = None) -> Response:
    return json_response(status, {"error": {"code": code, "message": message}}, headers,
                         error=code)


def fail(status: int, code: str, message: str) -> HttpError:
    return HttpError(arm_error(status, code, message))


def register(router: Router, emu: Emulator) -> None:
    add = lambda m, p, h: router.add(m, p, lambda r: h(emu, r), "arm")
    add("GET", r"/metadata/endpoints", metadata_endpoints)
    add("GET", r"/tenants", list_tenants)
    add("GET", r"/subscriptions", list_subscriptions)
    add("GET", SUB, get_subscription)
    add("GET", SUB + r"/locations", list_locations)
    add("GET", SUB + r"/resourceGroups", list_rgs)
    add("GET", RG, get_rg)
    add("PUT", RG, put_rg)
    add("DELETE", RG, delete_rg)


# -- checks every ARM call goes through -----------------------------------------------------
def _dotnet_utc(ts: float) -> str:
    """DateTime.ToString() en-US style, as ARM's ExpiredAuthenticationToken message shows."""
    t = dt.datetime.fromtimestamp(ts, dt.UTC)
    hour = t.hour % 12 or 12
    return f"{t.month}/{t.day}/{t.year} {hour}:{t:%M:%S} {'AM' if t.hour < 12 else 'PM'}"


def authenticate(emu: Emulator, req: Request) -> dict[str, Any]:
    """Claims of a valid ARM bearer token, else HttpError(401) with ARM's error JSON."""
    def unauthorized(code: str, message: str, tid: str = "common") -> HttpError:
        challenge = (f'Bearer authorization_uri="{emu.url}/{tid}", error="invalid_token", '
                     f'error_description="{message}"')
        return HttpError(arm_error(401, code, message, {"WWW-Authenticate": challenge}))

    header = req.header("Authorization")
    if not header:
        raise unauthorized("AuthenticationFailed",
                           "Authentication failed. The 'Authorization' header is missing.")
    scheme, _, tok = header.partition(" ")
    if scheme.lower() != "bearer" or not tok.strip():
        raise unauthorized("AuthenticationFailed", "Authentication failed. The 'Authorization' "
                                                   "header is provided in an invalid format.")
    try:
        claims = emu.issuer.verify(tok.strip())
    except TokenError as exc:
        if exc.kind == "expired":
            exp = decode_unverified(tok.strip())[1].get("exp", 0)
            raise unauthorized("ExpiredAuthenticationToken",
                               f"The access token expiry UTC time '{_dotnet_utc(exp)}' is "
                               f"earlier than current UTC time '{_dotnet_utc(time.time())}'.")
        raise unauthorized("InvalidAuthenticationToken", "The access token is invalid.")
    aud = str(claims.get("aud", ""))
    if aud not in ARM_AUDIENCES and aud.rstrip("/") != emu.url:
        allowed = ",".join(f"'{a}'" for a in ARM_AUDIENCES)
        raise unauthorized("InvalidAuthenticationTokenAudience",
                           f"The access token has been obtained for wrong audience or resource "
                           f"'{aud}'. It should exactly match with one of the allowed audiences "
                           f"{allowed}.")
    with emu.state.lock:
        known = emu.state.tenant(str(claims.get("tid", "")))
    if known is None:
        raise unauthorized("InvalidAuthenticationTokenTenant",
                           f"The access token is from the wrong issuer '{claims.get('iss')}'. "
                           "It must match one of the tenants known to this cloud.")
    return claims


def require_api_version(req: Request) -> str:
    version = req.q("api-version")
    if not version:
        raise fail(400, "MissingApiVersionParameter",
                   "The api-version query parameter (?api-version=) is required for all "
                   "requests.")
    if not _API_VERSION.match(version):
        raise fail(400, "InvalidApiVersionParameter",
                   f"The api-version '{version}' is invalid. The supported versions are "
                   "'2024-07-01,2023-07-01,2022-12-01,2021-04-01,2021-01-01,2020-01-01,"
                   "2019-11-01,2016-06-01'.")
    return version


def guard(emu: Emulator, req: Request) -> dict[str, Any]:
    """Authenticate, then require api-version (ARM checks the token first)."""
    claims = authenticate(emu, req)
    require_api_version(req)
    return claims


def subscription_for(emu: Emulator, req: Request, claims: dict[str, Any]) -> dict[str, Any]:
    """The subscription in the path, checked against the token's tenant."""
    sub_id = req.params["sub"]
    sub = emu.state.subscription(sub_id)
    if sub is None:
        raise fail(404, "SubscriptionNotFound", f"The subscription '{sub_id}' could not be found.")
    if sub["tenantId"].lower() != str(claims.get("tid", "")).lower():
        raise HttpError(arm_error(
            401, "InvalidAuthenticationTokenTenant",
            f"The access token is from the wrong issuer '{claims.get('iss')}'. It must match "
            f"the tenant '{emu.url}/{sub['tenantId']}/' associated with this subscription. "
            f"Please use the authority (URL) '{emu.url}/{sub['tenantId']}' to get the token. "
            "Note, if the subscription is transferred to another tenant there is no impact to "
            "the services, but information about new tenant could take time to propagate (up "
            "to an hour). If you just transferred your subscription and see this error message,"
            " please try back later."))
    return sub


def require_rg(emu: Emulator, sub: str, rg: str) -> dict[str, Any]:
    found = emu.state.rg(sub, rg)
    if found is None:
        raise fail(404, "ResourceGroupNotFound", f"Resource group '{rg}' could not be found.")
    return found


def listing(items: list[dict[str, Any]], count: bool = False) -> Response:
    body: dict[str, Any] = {"value": items}
    if count:
        body["count"] = {"type": "Total", "value": len(items)}
    return json_response(200, body)


def unknown_path(req: Request, known: bool) -> Response:
    """ARM's answer for paths and methods it has no route for."""
    if known:
        return arm_error(405, "MethodNotAllowed", f"The requested resource does not support "
                                                  f"http method '{req.method}'.")
    m = re.search(r"/providers/(?P<ns>[^/]+)/(?P<type>[^/]+)", req.path, re.IGNORECASE)
    if m:
        return arm_error(404, "InvalidResourceType",
                         f"The resource type '{m['type']}' could not be found in the namespace "
                         f"'{m['ns']}' for api version '{req.q('api-version') or ''}'.")
    return arm_error(404, "NotFound", f"The requested path '{req.path}' was not found.")


# -- handlers -------------------------------------------------------------------------------
def metadata_endpoints(emu: Emulator, req: Request) -> Response:
    """GET /metadata/endpoints: the cloud metadata ARM_CLOUD_METADATA_URL points at.

    api-version 2019-05-01 and later answer a JSON list of clouds (az-accounts-files.md 1.5);
    older versions the single-object shape Azure Stack still serves.
    """
    version = require_api_version(req)
    url = emu.url
    if version < "2019-05-01":
        return json_response(200, {
            "galleryEndpoint": f"{url}/", "graphEndpoint": f"{url}/graph/",
            "portalEndpoint": f"{url}/portal/",
            "authentication": {"loginEndpoint": f"{url}/",
                               "audiences": [ARM_AUDIENCES[0], f"{url}/"]}})
    return json_response(200, [cloud_metadata(emu)])


def cloud_metadata(emu: Emulator) -> dict[str, Any]:
    url = emu.url
    return {
        "portal": f"{url}/portal",
        "authentication": {
            "loginEndpoint": f"{url}/",
            "audiences": [ARM_AUDIENCES[0], f"{url}/"],
            "tenant": "common",
            "identityProvider": "AAD",
        },
        "media": f"{url}/media",
        "graphAudience": f"{url}/graph/",
        "graph": f"{url}/graph/",
        "name": "PwshimEmulator",
        "suffixes": {
            "azureDataLakeStoreFileSystem": "azuredatalakestore.net",
            "acrLoginServer": "azurecr.io",
            "sqlServerHostname": "database.windows.net",
            "azureDataLakeAnalyticsCatalogAndJob": "azuredatalakeanalytics.net",
            "keyVaultDns": "vault.azure.net",
            "storage": "core.windows.net",
            "azureFrontDoorEndpointSuffix": "azurefd.net",
            "storageSyncEndpointSuffix": "afs.azure.net",
            "mhsmDns": "managedhsm.azure.net",
            "mysqlServerEndpoint": "mysql.database.azure.com",
            "postgresqlServerEndpoint": "postgres.database.azure.com",
            "mariadbServerEndpoint": "mariadb.database.azure.com",
            "synapseAnalytics": "dev.azuresynapse.net",
            "attestationEndpoint": "attest.azure.net",
        },
        "batch": "https://batch.core.windows.net/",
        "resourceManager": f"{url}/",
        "vmImageAliasDoc": f"{url}/vmImageAliasDoc",
        "activeDirectoryDataLake": "https://datalake.azure.net/",
        "sqlManagement": "https://management.core.windows.net:8443/",
        "microsoftGraphResourceId": f"{url}/graph/",
        "appInsightsResourceId": "https://api.applicationinsights.io",
        "appInsightsTelemetryChannelResourceId": "https://dc.applicationinsights.azure.com/v2/track",
        "attestationResourceId": "https://attest.azure.net",
        "synapseAnalyticsResourceId": "https://dev.azuresynapse.net",
        "logAnalyticsResourceId": "https://api.loganalytics.io",
        "ossrDbmsResourceId": "https://ossrdbms-aad.database.windows.net",
    }


def list_tenants(emu: Emulator, req: Request) -> Response:
    claims = guard(emu, req)
    with emu.state.lock:
        tenant = emu.state.tenant(str(claims["tid"]))
    return listing([R.tenant_json(tenant)] if tenant else [], count=True)


def list_subscriptions(emu: Emulator, req: Request) -> Response:
    claims = guard(emu, req)
    tid = str(claims["tid"]).lower()
    with emu.state.lock:
        subs = [R.subscription_json(s) for s in emu.state.subscriptions
                if s["tenantId"].lower() == tid]
    return listing(subs, count=True)


def get_subscription(emu: Emulator, req: Request) -> Response:
    claims = guard(emu, req)
    with emu.state.lock:
        sub = subscription_for(emu, req, claims)
    return json_response(200, R.subscription_json(sub))


def _in_sub(emu: Emulator, req: Request, fn: Callable[[dict[str, Any]], Response]) -> Response:
    claims = guard(emu, req)
    with emu.state.lock:
        sub = subscription_for(emu, req, claims)
        return fn(sub)


def list_rgs(emu: Emulator, req: Request) -> Response:
    return _in_sub(emu, req, lambda sub: listing(
        [dict(r) for r in emu.state.list_type(R.RG_TYPE, sub["subscriptionId"])
         if r["id"].lower().count("/") == 4]))


def get_rg(emu: Emulator, req: Request) -> Response:
    return _in_sub(emu, req, lambda sub: json_response(
        200, require_rg(emu, sub["subscriptionId"], req.params["rg"])))


def put_rg(emu: Emulator, req: Request) -> Response:
    def put(sub: dict[str, Any]) -> Response:
        body = req.json(lambda m: arm_error(400, "InvalidRequestContent", m)) or {}
        if not isinstance(body, dict) or not body.get("location"):
            raise fail(400, "LocationRequired",
                       "The location property is required for this definition.")
        existing = emu.state.rg(sub["subscriptionId"], req.params["rg"])
        name = existing["name"] if existing else req.params["rg"]
        res = R.rg_json(sub["subscriptionId"], name, body["location"], body.get("tags"))
        emu.state.put(res)
        emu.state.save()
        return json_response(200 if existing else 201, res)
    return _in_sub(emu, req, put)


def delete_rg(emu: Emulator, req: Request) -> Response:
    def delete(sub: dict[str, Any]) -> Response:
        rg = require_rg(emu, sub["subscriptionId"], req.params["rg"])
        prefix = rg["id"].lower() + "/"
        for key in [k for k in emu.state.resources if k.startswith(prefix)]:
            emu.state.delete(key)
        emu.state.delete(rg["id"])
        emu.state.save()
        return Response(200)
    return _in_sub(emu, req, delete)


#: A few regions, enough for Get-AzLocation and location validation in scripts.
_LOCATIONS = (("eastus", "East US", "US"), ("westus2", "West US 2", "US"),
              ("westeurope", "West Europe", "Europe"), ("northeurope", "North Europe", "Europe"),
              ("uksouth", "UK South", "UK"))


def list_locations(emu: Emulator, req: Request) -> Response:
    def run(sub: dict[str, Any]) -> Response:
        sid = sub["subscriptionId"]
        return listing([{
            "id": f"/subscriptions/{sid}/locations/{name}", "name": name, "type": "Region",
            "displayName": display, "regionalDisplayName": f"({geo}) {display}",
            "metadata": {"regionType": "Physical", "regionCategory": "Recommended",
                         "geographyGroup": geo}} for name, display, geo in _LOCATIONS])
    return _in_sub(emu, req, run)
