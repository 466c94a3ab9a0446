"""The objects Az.Accounts cmdlets output (Microsoft.Azure.Commands.Profile.Models.*).

They wrap the file models (models.py) and present Az's property names. The table columns Az's
format.ps1xml computes (PSAzureProfile: Account, SubscriptionName, TenantId, Environment;
PSAzureContext: Name, Account, SubscriptionName, Environment, TenantId) are PS_TABLE_COLUMNS
views with getters, so the objects keep exactly Az's properties.
"""

from __future__ import annotations

import json
from typing import Any

from pwshim.azure import models as m
from pwshim.azure.environments import AzureEnvironment
from pwshim.runtime.dotnet import dotnet_type
from pwshim.runtime.objects import Hashtable

_NS = "Microsoft.Azure.Commands.Profile.Models."


@dotnet_type(_NS + "PSAzureRmAccount")
class PSAzureRmAccount:
    PS_DEFAULT_PROPERTIES = ("Id", "Type", "Tenants", "AccessToken", "Credential", "TenantMap", "CertificateThumbprint",
                             "ExtendedProperties")

    def __init__(self, account: m.AzureAccount) -> None:
        self._a = account

    @property
    def Id(self) -> str | None:
        return self._a.Id

    @property
    def Type(self) -> str | None:
        return self._a.Type

    @property
    def Tenants(self) -> list[str]:
        return m.get_list(self._a.ExtendedProperties, "Tenants")

    @property
    def AccessToken(self) -> None:
        return None

    @property
    def Credential(self) -> None:
        return None

    @property
    def TenantMap(self) -> Hashtable:
        return self._a.TenantMap

    @property
    def CertificateThumbprint(self) -> str | None:
        return self._a.ExtendedProperties.get("CertificateThumbprint")

    @property
    def ExtendedProperties(self) -> Hashtable:
        # Tokens/assertions are never shown (pwshim keeps them out of the account anyway).
        return Hashtable((k, v) for k, v in self._a.ExtendedProperties.items() if k not in _SECRET_KEYS)

    def ToString(self) -> str:
        return self._a.Id or ""

    __str__ = ToString

    def __repr__(self) -> str:
        return f"<PSAzureRmAccount {self._a.Id}>"


_SECRET_KEYS = {"AccessToken", "GraphAccessToken", "KeyVault", "MicrosoftGraphAccessToken", "ClientAssertion",
                "ServicePrincipalSecret", "CertificatePassword"}


@dotnet_type(_NS + "PSAzureTenant")
class PSAzureTenant:
    PS_DEFAULT_PROPERTIES = ("Id", "Name", "TenantCategory", "Domains")
    # Get-AzTenant's table labels TenantCategory "Category"
    PS_TABLE_COLUMNS = (
        ("Id", "Id", None, None),
        ("Name", "Name", None, None),
        ("Category", "TenantCategory", None, None),
        ("Domains", "Domains", None, None),
    )

    def __init__(self, tenant: m.AzureTenant) -> None:
        self._t = tenant

    def _ext(self, key: str) -> Any:
        return self._t.ExtendedProperties.get(key)

    @property
    def Id(self) -> str | None:
        return self._t.Id

    @property
    def TenantId(self) -> str | None:
        return self._t.Id

    @property
    def TenantCategory(self) -> str | None:
        return self._ext("TenantCategory")

    @property
    def Country(self) -> str | None:
        return self._ext("Country")

    @property
    def CountryCode(self) -> str | None:
        return self._ext("CountryCode")

    @property
    def Name(self) -> str | None:
        return self._ext("DisplayName")

    @property
    def Domains(self) -> list[str]:
        return m.get_list(self._t.ExtendedProperties, "Domains")

    @property
    def DefaultDomain(self) -> str | None:
        return self._ext("DefaultDomain")

    @property
    def TenantType(self) -> str | None:
        return self._ext("TenantType")

    @property
    def TenantBrandingLogoUrl(self) -> str | None:
        return self._ext("TenantBrandingLogoUrl")

    @property
    def ExtendedProperties(self) -> Hashtable:
        return self._t.ExtendedProperties

    @property
    def Directory(self) -> str | None:
        return self._t.Directory

    def ToString(self) -> str:
        return self._t.Id or ""

    __str__ = ToString

    def __repr__(self) -> str:
        return f"<PSAzureTenant {self._t.Id}>"


@dotnet_type(_NS + "PSAzureSubscription")
class PSAzureSubscription:
    PS_DEFAULT_PROPERTIES = ("Name", "Id", "TenantId", "State")

    def __init__(self, sub: m.AzureSubscription) -> None:
        self._s = sub

    def _ext(self, key: str) -> Any:
        return self._s.ExtendedProperties.get(key)

    @property
    def Name(self) -> str | None:
        return self._s.Name

    @property
    def Id(self) -> str | None:
        return self._s.Id

    @property
    def State(self) -> str | None:
        return self._s.State

    @property
    def SubscriptionId(self) -> str | None:
        return self._s.Id

    @property
    def TenantId(self) -> str | None:
        tenants = m.get_list(self._s.ExtendedProperties, "Tenants")
        return tenants[0] if tenants else None

    @property
    def HomeTenantId(self) -> str | None:
        return self._ext("HomeTenant")

    @property
    def ManagedByTenantIds(self) -> list[str]:
        return m.get_list(self._s.ExtendedProperties, "ManagedByTenants")

    @property
    def CurrentStorageAccountName(self) -> str | None:
        return self._ext("StorageAccount")

    @property
    def SubscriptionPolicies(self) -> Any:
        from pwshim.runtime.objects import PSObject

        try:
            data = json.loads(self._ext("SubscriptionPolices") or "{}")
        except ValueError:
            data = {}
        return PSObject(
            [
                ("LocationPlacementId", data.get("locationPlacementId")),
                ("QuotaId", data.get("quotaId")),
                ("SpendingLimit", data.get("spendingLimit")),
            ]
        )

    @property
    def ExtendedProperties(self) -> Hashtable:
        return self._s.ExtendedProperties

    @property
    def AuthorizationSource(self) -> str | None:
        return self._ext("AuthorizationSource")

    @property
    def Tags(self) -> Any:
        try:
            tags = json.loads(self._ext("Tags") or "null")
        except ValueError:
            tags = None
        return Hashtable(tags.items()) if isinstance(tags, dict) else None

    def ToString(self) -> str:
        return self._s.Id or ""

    __str__ = ToString

    def __repr__(self) -> str:
        return f"<PSAzureSubscription {self._s.Id}>"


@dotnet_type(_NS + "PSAzureContext")
class PSAzureContext:
    PS_DEFAULT_PROPERTIES = ("Name", "Account", "Environment", "Subscription", "Tenant", "TokenCache",
                             "VersionProfile", "ExtendedProperties")
    PS_FORMAT = "table"
    # Get-AzContext's table (Az help, Get-AzContext.md): Name 40 wide, the others 19.
    PS_TABLE_COLUMNS = (
        ("Name", "Name", 40, None),
        ("Account", lambda c: c.context.Account.Id if c.context.Account else None, 19, None),
        ("SubscriptionName", lambda c: c.context.Subscription.Name if c.context.Subscription else None, 19, None),
        ("Environment", lambda c: c.context.Environment.Name if c.context.Environment else None, 19, None),
        ("TenantId", lambda c: c.context.Tenant.Id if c.context.Tenant else None, 19, None),
    )

    def __init__(self, ctx: m.AzureContext, name: str | None = None) -> None:
        self.context = ctx
        self._name = name or ctx.default_name()

    @property
    def Name(self) -> str:
        return self._name

    @property
    def Account(self) -> PSAzureRmAccount | None:
        return PSAzureRmAccount(self.context.Account) if self.context.Account else None

    @property
    def Environment(self) -> AzureEnvironment | None:
        return self.context.Environment

    @property
    def Subscription(self) -> PSAzureSubscription | None:
        return PSAzureSubscription(self.context.Subscription) if self.context.Subscription else None

    @property
    def Tenant(self) -> PSAzureTenant | None:
        return PSAzureTenant(self.context.Tenant) if self.context.Tenant else None

    @property
    def TokenCache(self) -> None:
        return None

    @property
    def VersionProfile(self) -> str | None:
        return self.context.VersionProfile

    @property
    def ExtendedProperties(self) -> Hashtable:
        return self.context.ExtendedProperties

    def ToString(self) -> str:
        return "Microsoft.Azure.Commands.Profile.Models.Core.PSAzureContext"

    __str__ = ToString

    def __repr__(self) -> str:
        return f"<PSAzureContext {self._name}>"


@dotnet_type(_NS + "Core.PSAzureProfile")
class PSAzureProfile:
    """Connect-AzAccount's output: table Account, SubscriptionName, TenantId, Environment."""

    PS_DEFAULT_PROPERTIES = ("Environments", "Context")
    PS_FORMAT = "table"
    PS_TABLE_COLUMNS = (
        ("Account", lambda p: p.Context.context.Account.Id if p.Context.context.Account else None, None, None),
        ("SubscriptionName", lambda p: p.Context.context.Subscription.Name if p.Context.context.Subscription else None, None, None),
        ("TenantId", lambda p: p.Context.context.Tenant.Id if p.Context.context.Tenant else None, None, None),
        ("Environment", lambda p: p.Context.context.Environment.Name if p.Context.context.Environment else None, None, None),
    )

    def __init__(self, context: PSAzureContext, environments: dict[str, AzureEnvironment]) -> None:
        self._ctx = context
        self._envs = environments

    @property
    def Environments(self) -> Hashtable:
        return Hashtable(self._envs.items())

    @property
    def Context(self) -> PSAzureContext:
        return self._ctx

    def ToString(self) -> str:
        return "Microsoft.Azure.Commands.Profile.Models.Core.PSAzureProfile"

    __str__ = ToString


@dotnet_type(_NS + "PSSecureAccessToken")
class PSSecureAccessToken:
    """Get-AzAccessToken's output since Az.Accounts 5: Token is a SecureString."""

    PS_DEFAULT_PROPERTIES = ("Token", "ExpiresOn", "TenantId", "UserId", "Type")

    def __init__(self, token: Any, expires_on: Any, tenant_id: str | None, user_id: str | None) -> None:
        self._token = token
        self._expires = expires_on
        self._tenant = tenant_id
        self._user = user_id

    @property
    def Token(self) -> Any:
        return self._token

    @property
    def ExpiresOn(self) -> Any:
        return self._expires

    @property
    def TenantId(self) -> str | None:
        return self._tenant

    @property
    def UserId(self) -> str | None:
        return self._user

    @property
    def Type(self) -> str:
        return "Bearer"

    def __repr__(self) -> str:
        return f"<PSSecureAccessToken {self._user} {self._tenant}>"


@dotnet_type("Microsoft.Azure.Commands.Common.Authentication.ContextAutosaveSettings")
class ContextAutosaveSettings:
    PS_DEFAULT_PROPERTIES = ("Mode", "ContextDirectory", "ContextFile", "CacheDirectory", "CacheFile", "Settings")

    def __init__(self, doc: dict[str, Any]) -> None:
        self._doc = doc

    def _get(self, key: str) -> Any:
        value = self._doc.get(key)
        # Get-AzContextAutosaveSetting shows "None" for the locations in Process mode.
        return "None" if value is None and key != "Settings" else value

    @property
    def Mode(self) -> str:
        return self._get("Mode")

    @property
    def ContextDirectory(self) -> str:
        return self._get("ContextDirectory")

    @property
    def ContextFile(self) -> str:
        return self._get("ContextFile")

    @property
    def CacheDirectory(self) -> str:
        return self._get("CacheDirectory")

    @property
    def CacheFile(self) -> str:
        return self._get("CacheFile")

    @property
    def KeyStoreFile(self) -> str:
        return self._get("KeyStoreFile")

    @property
    def Settings(self) -> Hashtable:
        return Hashtable((self._doc.get("Settings") or {}).items())
