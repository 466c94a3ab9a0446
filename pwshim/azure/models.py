"""The AzureRmContext.json object graph (APC AzureAccount/AzureTenant/AzureSubscription/
AzureContext, AP AzureRmProfile), each with to_json/from_json in declaration order (§1.2-§1.4).

Dictionaries (Contexts, ExtendedProperties) are case-insensitive like Az's ConcurrentDictionary
with an IgnoreCase comparer; pwshim keeps insertion order, which Az's readers do not care about.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pwshim.azure.environments import AzureEnvironment
from pwshim.runtime.objects import Hashtable

# AzureAccount.AccountType (§1.4)
USER = "User"
SERVICE_PRINCIPAL = "ServicePrincipal"
MANAGED_SERVICE = "ManagedService"
ACCESS_TOKEN = "AccessToken"
CLIENT_ASSERTION = "ClientAssertion"

DEFAULT_CONTEXT = "Default"
MSI_SYSTEM_ACCOUNT = "MSI@50342"  # Constants.DefaultMsiAccountIdPrefix + 50342


def _ci(data: Mapping[str, Any] | None) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in (data or {}).items()}


def _ext(data: Any) -> Hashtable:
    return Hashtable((str(k), None if v is None else str(v)) for k, v in (data or {}).items())


def _ext_json(ext: Hashtable) -> dict[str, Any]:
    return dict(ext.items())


def is_guid(text: str | None) -> bool:
    try:
        uuid.UUID(str(text))
        return True
    except (ValueError, TypeError):
        return False


def get_list(ext: Hashtable, key: str) -> list[str]:
    """AzureAccount.GetPropertyAsArray: a comma list."""
    value = ext.get(key)
    return [v for v in str(value).split(",") if v] if value else []


def set_or_append(ext: Hashtable, key: str, *values: str) -> None:
    """AzureAccount.SetOrAppendProperty: add values not yet in the comma list."""
    current = get_list(ext, key)
    for v in values:
        if v and v.lower() not in (c.lower() for c in current):
            current.append(v)
    ext[key] = ",".join(current)


@dataclass(slots=True, eq=False)
class AzureAccount:
    Id: str | None = None
    Credential: Any = None
    Type: str | None = None
    TenantMap: Hashtable = field(default_factory=Hashtable)
    ExtendedProperties: Hashtable = field(default_factory=Hashtable)

    def __repr__(self) -> str:  # never the ExtendedProperties: old files may hold secrets there
        return f"<AzureAccount {self.Type} {self.Id}>"

    def to_json(self) -> dict[str, Any]:
        return {
            "Id": self.Id,
            "Credential": None,  # always null since the secret moved to the keystore (§3)
            "Type": self.Type,
            "TenantMap": dict(self.TenantMap.items()),
            "ExtendedProperties": _ext_json(self.ExtendedProperties),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> AzureAccount | None:
        if data is None:
            return None
        d = _ci(data)
        return cls(
            Id=d.get("id"),
            Credential=d.get("credential"),
            Type=d.get("type"),
            TenantMap=Hashtable((d.get("tenantmap") or {}).items()),
            ExtendedProperties=_ext(d.get("extendedproperties")),
        )


@dataclass(slots=True, eq=False)
class AzureTenant:
    Id: str | None = None
    Directory: str | None = None
    ExtendedProperties: Hashtable = field(default_factory=Hashtable)

    @property
    def IsHome(self) -> bool:
        category = self.ExtendedProperties.get("TenantCategory")
        return not category or category == "Home"

    def to_json(self) -> dict[str, Any]:
        return {
            "Id": self.Id,
            "Directory": self.Directory,
            "IsHome": self.IsHome,
            "ExtendedProperties": _ext_json(self.ExtendedProperties),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> AzureTenant | None:
        if data is None:
            return None
        d = _ci(data)
        return cls(Id=d.get("id"), Directory=d.get("directory"), ExtendedProperties=_ext(d.get("extendedproperties")))


@dataclass(slots=True, eq=False)
class AzureSubscription:
    Id: str | None = None
    Name: str | None = None
    State: str | None = None
    ExtendedProperties: Hashtable = field(default_factory=Hashtable)

    def to_json(self) -> dict[str, Any]:
        return {
            "Id": self.Id,
            "Name": self.Name,
            "State": self.State,
            "ExtendedProperties": _ext_json(self.ExtendedProperties),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> AzureSubscription | None:
        if data is None:
            return None
        d = _ci(data)
        return cls(Id=d.get("id"), Name=d.get("name"), State=d.get("state"), ExtendedProperties=_ext(d.get("extendedproperties")))


@dataclass(slots=True, eq=False)
class AzureContext:
    Account: AzureAccount | None = None
    Tenant: AzureTenant | None = None
    Subscription: AzureSubscription | None = None
    Environment: AzureEnvironment | None = None
    VersionProfile: str | None = None
    TokenCache: Any = None  # autosave writes {"CacheData": null} (§1.1)
    ExtendedProperties: Hashtable = field(default_factory=Hashtable)

    def to_json(self) -> dict[str, Any]:
        return {
            "Account": self.Account.to_json() if self.Account else None,
            "Tenant": self.Tenant.to_json() if self.Tenant else None,
            "Subscription": self.Subscription.to_json() if self.Subscription else None,
            "Environment": self.Environment.to_json() if self.Environment else None,
            "VersionProfile": self.VersionProfile,
            "TokenCache": {"CacheData": None},
            "ExtendedProperties": _ext_json(self.ExtendedProperties),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> AzureContext | None:
        if data is None:
            return None
        d = _ci(data)
        return cls(
            Account=AzureAccount.from_json(d.get("account")),
            Tenant=AzureTenant.from_json(d.get("tenant")),
            Subscription=AzureSubscription.from_json(d.get("subscription")),
            Environment=AzureEnvironment.from_json(d.get("environment")),
            VersionProfile=d.get("versionprofile"),
            ExtendedProperties=_ext(d.get("extendedproperties")),
        )

    # --- AzureRmProfile.TryGetContextName (§1.3) -------------------------------------------
    def default_name(self) -> str:
        acct = self.Account.Id if self.Account else None
        tenant = self.Tenant.Id if self.Tenant else None
        sub = self.Subscription
        if acct and sub and sub.Id:
            # string.Format writes a null Name as "" (e.g. -AccessToken -SkipValidation)
            if tenant:
                return f"{sub.Name or ''} ({sub.Id}) - {tenant} - {acct}"
            return f"{sub.Name or ''} ({sub.Id}) - {acct}"
        if acct and tenant:
            return f"{tenant} - {acct}"
        return DEFAULT_CONTEXT

    def matches(self, other: AzureContext) -> bool:
        """TryFindContext: same account id (case-insensitive), tenant and subscription ids."""

        def key(c: AzureContext) -> tuple[str, str, str]:
            return (
                (c.Account.Id or "").lower() if c.Account else "",
                (c.Tenant.Id or "").lower() if c.Tenant else "",
                (c.Subscription.Id or "").lower() if c.Subscription else "",
            )

        return key(self) == key(other)

    def clone(self) -> AzureContext:
        return AzureContext.from_json(self.to_json())  # type: ignore[return-value]


@dataclass(slots=True, eq=False)
class AzureRmProfile:
    DefaultContextKey: str = DEFAULT_CONTEXT
    EnvironmentTable: Hashtable = field(default_factory=Hashtable)
    Contexts: Hashtable = field(default_factory=Hashtable)
    ExtendedProperties: Hashtable = field(default_factory=Hashtable)

    @property
    def default_context(self) -> AzureContext | None:
        return self.Contexts.get(self.DefaultContextKey)

    def to_json(self, is_public: Any = lambda name: False) -> dict[str, Any]:
        """The document Save() writes: public clouds and the "Default" context dropped (§1.1)."""
        contexts = {k: v for k, v in self.Contexts.items() if k.lower() != DEFAULT_CONTEXT.lower()}
        key = self.DefaultContextKey
        if key.lower() == DEFAULT_CONTEXT.lower():
            key = next(iter(contexts), DEFAULT_CONTEXT)
        return {
            "DefaultContextKey": key,
            "EnvironmentTable": {
                k: v.to_json() for k, v in self.EnvironmentTable.items() if not is_public(k)
            },
            "Contexts": {k: v.to_json() for k, v in contexts.items()},
            "ExtendedProperties": _ext_json(self.ExtendedProperties),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AzureRmProfile:
        if not isinstance(data, Mapping):
            raise ValueError("the document is not a JSON object")  # noqa: TRY004 - reported as a corrupt file
        d = _ci(data)
        prof = cls(DefaultContextKey=d.get("defaultcontextkey") or DEFAULT_CONTEXT)
        for name, env in (d.get("environmenttable") or {}).items():
            prof.EnvironmentTable[name] = AzureEnvironment.from_json(env)
        for name, ctx in (d.get("contexts") or {}).items():
            if not isinstance(ctx, Mapping):
                raise ValueError(f"context '{name}' is not a JSON object")  # noqa: TRY004
            prof.Contexts[name] = AzureContext.from_json(ctx)
        prof.ExtendedProperties = _ext(d.get("extendedproperties"))
        return prof

    # --- AzureRmProfile operations -------------------------------------------------------------
    def find_context(self, ctx: AzureContext) -> str | None:
        for name, existing in self.Contexts.items():
            if existing is not None and existing.matches(ctx):
                return name
        return None

    def add_or_set(self, ctx: AzureContext, name: str | None = None, make_default: bool = True) -> str:
        """TrySetContext/TryAddContext: update the matching context or add a new one."""
        key = name or self.find_context(ctx) or ctx.default_name()
        existing = self.real_key(key)
        key = existing or key
        self.Contexts[key] = ctx
        if make_default:
            self.DefaultContextKey = key
        return key

    def remove(self, name: str) -> bool:
        if name not in self.Contexts:
            return False
        del self.Contexts[name]
        if self.DefaultContextKey.lower() == name.lower():
            self.DefaultContextKey = next(iter(self.Contexts), DEFAULT_CONTEXT)
        return True

    def real_key(self, name: str) -> str | None:
        for k in self.Contexts:
            if k.lower() == name.lower():
                return k
        return None
