"""Microsoft Graph applications and service principals (Az.Resources 6+ MSGraph cmdlets).

Az.Resources talks to Graph v1.0 (`{MicrosoftGraphUrl}/v1.0/...`) through its AutoRest MSGraph
sub-module; its objects are `...Resources.MSGraph.Models.ApiV10.MicrosoftGraph*` with the
default table `DisplayName Id AppId` for applications and service principals.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from pwshim.azure.rest import JsonModel, RestClient
from pwshim.runtime.dotnet import dotnet_type

GRAPH_VERSION = "v1.0"
MODELS = "Microsoft.Azure.PowerShell.Cmdlets.Resources.MSGraph.Models.ApiV10"
MODULE_NAMESPACE = "Microsoft.Azure.PowerShell.Cmdlets.Resources.MSGraph"


def parse_datetime(text: Any) -> Any:
    """Graph's ISO-8601 UTC timestamps -> aware datetime (.NET DateTime, Kind Utc)."""
    if isinstance(text, dt.datetime) or text is None:
        return text
    value = str(text).replace("Z", "+00:00")
    if "." in value:  # Python takes at most 6 fraction digits
        head, _, tail = value.partition(".")
        digits = len(tail) - len(tail.lstrip("0123456789"))
        frac, zone = tail[:digits], tail[digits:]
        value = f"{head}.{frac[:6].ljust(6, '0')}{zone}"
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return text


def graph_datetime(value: dt.datetime) -> str:
    """A datetime as Graph accepts it: `2025-01-02T03:04:05.678Z`."""
    utc = value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


@dotnet_type(f"{MODELS}.MicrosoftGraphPasswordCredential")
class PasswordCredential(JsonModel):
    """A password credential; SecretText is only set in the addPassword answer."""

    json_fields = (
        ("CustomKeyIdentifier", "customKeyIdentifier", None),
        ("DisplayName", "displayName", None),
        ("EndDateTime", "endDateTime", parse_datetime),
        ("Hint", "hint", None),
        ("KeyId", "keyId", None),
        ("SecretText", "secretText", None),
        ("StartDateTime", "startDateTime", parse_datetime),
    )
    PS_DEFAULT_PROPERTIES = ("CustomKeyIdentifier", "DisplayName", "EndDateTime", "Hint", "KeyId", "SecretText",
                             "StartDateTime")

    def __repr__(self) -> str:  # never the secret
        return f"<PasswordCredential KeyId={self.KeyId} Hint={self.Hint}>"


@dotnet_type(f"{MODELS}.MicrosoftGraphKeyCredential")
class KeyCredential(JsonModel):
    json_fields = (
        ("CustomKeyIdentifier", "customKeyIdentifier", None),
        ("DisplayName", "displayName", None),
        ("EndDateTime", "endDateTime", parse_datetime),
        ("KeyId", "keyId", None),
        ("StartDateTime", "startDateTime", parse_datetime),
        ("Type", "type", None),
        ("Usage", "usage", None),
    )


def _passwords(items: Any) -> list[PasswordCredential]:
    return [PasswordCredential(i) for i in items or []]


def _keys(items: Any) -> list[KeyCredential]:
    return [KeyCredential(i) for i in items or []]


@dotnet_type(f"{MODELS}.MicrosoftGraphApplication")
class Application(JsonModel):
    json_fields = (
        ("AppId", "appId", None),
        ("DisplayName", "displayName", None),
        ("Id", "id", None),
        ("IdentifierUri", "identifierUris", list),
        ("KeyCredentials", "keyCredentials", _keys),
        ("PasswordCredentials", "passwordCredentials", _passwords),
        ("PublisherDomain", "publisherDomain", None),
        ("SignInAudience", "signInAudience", None),
        ("CreatedDateTime", "createdDateTime", parse_datetime),
    )
    PS_DEFAULT_PROPERTIES = ("DisplayName", "Id", "AppId")

    def ToString(self) -> str:
        return f"{MODELS}.MicrosoftGraphApplication"


@dotnet_type(f"{MODELS}.MicrosoftGraphServicePrincipal")
class ServicePrincipal(JsonModel):
    json_fields = (
        ("AccountEnabled", "accountEnabled", None),
        ("AppDisplayName", "appDisplayName", None),
        ("AppId", "appId", None),
        ("AppOwnerOrganizationId", "appOwnerOrganizationId", None),
        ("DisplayName", "displayName", None),
        ("Id", "id", None),
        ("KeyCredentials", "keyCredentials", _keys),
        ("PasswordCredentials", "passwordCredentials", _passwords),
        ("ServicePrincipalName", "servicePrincipalNames", list),
        ("ServicePrincipalType", "servicePrincipalType", None),
        ("SignInAudience", "signInAudience", None),
        ("Tag", "tags", list),
    )
    PS_DEFAULT_PROPERTIES = ("DisplayName", "Id", "AppId")

    @property
    def ServicePrincipalNames(self) -> list[str] | None:
        return self.ServicePrincipalName

    def ToString(self) -> str:
        return f"{MODELS}.MicrosoftGraphServicePrincipal"


# --- REST ------------------------------------------------------------------------------------
def _odata_literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _filter(graph: RestClient, collection: str, field: str, value: str) -> list[dict[str, Any]]:
    """`$filter=field eq 'value'`, re-checked locally (Graph compares case-insensitively)."""
    items = graph.list(f"{GRAPH_VERSION}/{collection}", {"$filter": f"{field} eq {_odata_literal(value)}"})
    return [i for i in items if str(i.get(field, "")).lower() == str(value).lower()]


def create_application(graph: RestClient, display_name: str, sign_in_audience: str = "AzureADMyOrg") -> Application:
    """POST applications; New-AzADApplication defaults SignInAudience to AzureADMyOrg."""
    payload = {"displayName": display_name, "signInAudience": sign_in_audience}
    body = graph.send("POST", f"{GRAPH_VERSION}/applications", body=payload, ok=(201, 200)).body
    return Application(body)


def get_application(graph: RestClient, object_id: str) -> Application:
    return Application(graph.get(f"{GRAPH_VERSION}/applications/{quote(object_id)}"))


def find_applications(graph: RestClient, *, display_name: str | None = None, app_id: str | None = None) -> list[Application]:
    if display_name is not None:
        return [Application(i) for i in _filter(graph, "applications", "displayName", display_name)]
    if app_id is not None:
        return [Application(i) for i in _filter(graph, "applications", "appId", app_id)]
    return [Application(i) for i in graph.list(f"{GRAPH_VERSION}/applications")]


def delete_application(graph: RestClient, object_id: str) -> None:
    graph.send("DELETE", f"{GRAPH_VERSION}/applications/{quote(object_id)}", ok=(204, 200))


def create_service_principal(graph: RestClient, app_id: str) -> ServicePrincipal:
    body = graph.send("POST", f"{GRAPH_VERSION}/servicePrincipals", body={"appId": app_id}, ok=(201, 200)).body
    return ServicePrincipal(body)


def get_service_principal(graph: RestClient, object_id: str) -> ServicePrincipal:
    return ServicePrincipal(graph.get(f"{GRAPH_VERSION}/servicePrincipals/{quote(object_id)}"))


def find_service_principals(
    graph: RestClient,
    *,
    display_name: str | None = None,
    app_id: str | None = None,
    spn: str | None = None,
) -> list[ServicePrincipal]:
    if display_name is not None:
        return [ServicePrincipal(i) for i in _filter(graph, "servicePrincipals", "displayName", display_name)]
    if app_id is not None:
        return [ServicePrincipal(i) for i in _filter(graph, "servicePrincipals", "appId", app_id)]
    if spn is not None:
        # Get-AzADServicePrincipal.ps1: "ServicePrincipalNames/any(s:s eq '<spn>')"
        query = {"$filter": f"servicePrincipalNames/any(s:s eq {_odata_literal(spn)})"}
        items = graph.list(f"{GRAPH_VERSION}/servicePrincipals", query)
        items = [i for i in items if spn.lower() in (n.lower() for n in i.get("servicePrincipalNames") or [])]
        return [ServicePrincipal(i) for i in items]
    return [ServicePrincipal(i) for i in graph.list(f"{GRAPH_VERSION}/servicePrincipals")]


def delete_service_principal(graph: RestClient, object_id: str) -> None:
    graph.send("DELETE", f"{GRAPH_VERSION}/servicePrincipals/{quote(object_id)}", ok=(204, 200))


def add_password(
    graph: RestClient,
    collection: str,
    object_id: str,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    display_name: str | None = None,
    key_id: str | None = None,
) -> PasswordCredential:
    """POST {collection}/{id}/addPassword: Graph generates the secret and returns it once.

    `collection` is "applications" (New-AzADAppCredential; New-AzADServicePrincipal passes
    StartDate = UtcNow and EndDate = +1 year through New-AzADApplication) or "servicePrincipals"
    (New-AzADSpCredential, which sends a client-generated keyId and only the dates it was
    given; Graph fills in the rest).
    """
    cred: dict[str, Any] = {}
    if key_id:
        cred["keyId"] = key_id
    if start is not None:
        cred["startDateTime"] = graph_datetime(start)
    if end is not None:
        cred["endDateTime"] = graph_datetime(end)
    if display_name:
        cred["displayName"] = display_name
    path = f"{GRAPH_VERSION}/{collection}/{quote(object_id)}/addPassword"
    body = graph.send("POST", path, body={"passwordCredential": cred}, ok=(200, 201)).body
    return PasswordCredential(body)


def one_year_after(start: dt.datetime) -> dt.datetime:
    """DateTime.AddYears(1) (29 February becomes 28 February)."""
    try:
        return start.replace(year=start.year + 1)
    except ValueError:
        return start.replace(year=start.year + 1, day=28)
