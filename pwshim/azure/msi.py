"""Microsoft.ManagedIdentity user-assigned identities over ARM (Az.ManagedServiceIdentity 1.x).

Az.ManagedServiceIdentity is an AutoRest PowerShell module on api-version 2023-01-31; its
objects are `...Models.Api20230131.Identity` with ClientId, Id, Location, Name, PrincipalId,
ResourceGroupName (parsed from Id), Tag, TenantId, Type, and its default view is the
generated table `Location Name ResourceGroupName` (learn.microsoft.com, Get-AzUserAssignedIdentity
examples 1-3).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from pwshim.azure.rest import JsonModel, RestClient
from pwshim.runtime.dotnet import dotnet_type
from pwshim.runtime.objects import Hashtable

API_VERSION = "2023-01-31"
PROVIDER = "Microsoft.ManagedIdentity/userAssignedIdentities"
MODULE_NAMESPACE = "Microsoft.Azure.PowerShell.Cmdlets.ManagedServiceIdentity"

_RG_IN_ID = re.compile(r"/resourceGroups/([^/]+)", re.IGNORECASE)


def resource_group_of(resource_id: str | None) -> str | None:
    """The resource group segment of an ARM id, as the AutoRest customisations parse it."""
    match = _RG_IN_ID.search(resource_id or "")
    return match.group(1) if match else None


def tags(value: Any) -> Hashtable:
    return Hashtable((str(k), v) for k, v in (value or {}).items())


@dotnet_type(f"{MODULE_NAMESPACE}.Models.Api20230131.Identity")
class UserAssignedIdentity(JsonModel):
    """A user-assigned managed identity as Get-AzUserAssignedIdentity returns it."""

    json_fields = (
        ("ClientId", "properties.clientId", None),
        ("Id", "id", None),
        ("Location", "location", None),
        ("Name", "name", None),
        ("PrincipalId", "properties.principalId", None),
        ("Tag", "tags", tags),
        ("TenantId", "properties.tenantId", None),
        ("Type", "type", None),
    )
    PS_DEFAULT_PROPERTIES = ("Location", "Name", "ResourceGroupName")

    @property
    def ResourceGroupName(self) -> str | None:
        return resource_group_of(self.Id)


def identity_path(subscription_id: str, resource_group: str, name: str) -> str:
    return (
        f"subscriptions/{quote(subscription_id)}/resourceGroups/{quote(resource_group)}"
        f"/providers/{PROVIDER}/{quote(name)}"
    )


def get_identity(arm: RestClient, subscription_id: str, resource_group: str, name: str) -> UserAssignedIdentity:
    body = arm.get(identity_path(subscription_id, resource_group, name), {"api-version": API_VERSION})
    return UserAssignedIdentity(body)


def list_identities(
    arm: RestClient, subscription_id: str, resource_group: str | None = None
) -> list[UserAssignedIdentity]:
    """By resource group, or across the subscription when `resource_group` is None."""
    scope = f"subscriptions/{quote(subscription_id)}"
    if resource_group:
        scope += f"/resourceGroups/{quote(resource_group)}"
    items = arm.list(f"{scope}/providers/{PROVIDER}", {"api-version": API_VERSION})
    return [UserAssignedIdentity(item) for item in items]


def create_identity(
    arm: RestClient,
    subscription_id: str,
    resource_group: str,
    name: str,
    location: str,
    tag: dict[str, Any] | None = None,
) -> UserAssignedIdentity:
    """PUT the identity (create or update); ARM answers 200/201 with the resource."""
    body: dict[str, Any] = {"location": location}
    if tag:
        body["tags"] = {str(k): str(v) for k, v in tag.items()}
    path = identity_path(subscription_id, resource_group, name)
    response = arm.begin("PUT", path, params={"api-version": API_VERSION}, body=body)
    return UserAssignedIdentity(response.body)


def delete_identity(arm: RestClient, subscription_id: str, resource_group: str, name: str) -> bool:
    """DELETE; True when it existed (200), False for 204 (nothing to delete)."""
    path = identity_path(subscription_id, resource_group, name)
    response = arm.send("DELETE", path, params={"api-version": API_VERSION}, ok=(200, 202, 204))
    return response.status != 204
