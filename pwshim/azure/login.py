"""Connect-AzAccount's sign-in flow (AP RMProfileClient.Login, §5.3).

Tokens come from azure-identity credentials (credentials.py); tenants and subscriptions from
ARM through azure-core (arm.py). Azure errors become Az's texts (§5.5): per-tenant token
failures are warnings "Unable to acquire token for tenant '{0}' with error '{1}'", a missing
subscription is a PSInvalidOperationException, and so on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pwshim.azure import models as m
from pwshim.azure.arm import ArmClient, ArmError
from pwshim.azure.environments import AzureEnvironment
from pwshim.azure.jsonio import dumps_compact
from pwshim.runtime.errors import (
    AuthenticationFailedException,
    AzPSCloudException,
    CredentialUnavailableException,
    DotNetException,
    PSArgumentException,
    PSInvalidOperationException,
)

ACTIVE_STATES = ("enabled", "warned")
MULTIPLE_SUBSCRIPTIONS = (
    "TenantId '{0}' contains more than one active subscription. First one will be selected for further use. "
    "To select another subscription, use Set-AzContext. To override which subscription Connect-AzAccount "
    "selects, use `Update-AzConfig -DefaultSubscriptionForLogin SubscriptionNameOrId`."
)
TOKEN_WARNING = "Unable to acquire token for tenant '{0}' with error '{1}'"
SUB_ID_NOT_FOUND = (
    'The provided account {0} does not have access to subscription ID "{1}". Please try logging in with '
    "different credentials or a different subscription ID."
)
SUB_NAME_NOT_FOUND = (
    'The provided account {0} does not have access to subscription name "{1}". Please try logging in with '
    "different credentials or a different subscription name."
)
TENANT_DOMAIN = "Could not find tenant id for provided tenant domain '{0}'. "
DOMAIN_HINT = {
    m.SERVICE_PRINCIPAL: "Please ensure that the provided service principal '{0}' is found in the provided tenant domain.",
    m.CLIENT_ASSERTION: "Please ensure that the provided service principal '{0}' is found in the provided tenant domain.",
    m.MANAGED_SERVICE: "Please ensure that the managed service identity found on this machine has proper permissions to the provided tenant domain.",
}
USER_DOMAIN_HINT = "Please ensure that the provided user is found in the provided tenant domain."


@dataclass
class LoginSpec:
    account: m.AzureAccount
    credential_for_tenant: Callable[[str], Any]
    environment: AzureEnvironment
    tenant: str | None = None
    subscription: str | None = None
    skip_validation: bool = False


@dataclass
class LoginResult:
    context: m.AzureContext
    population: list[m.AzureContext] = field(default_factory=list)
    tenant: str | None = None
    credential: Any = None


# --- errors -------------------------------------------------------------------------------------------
def azure_error_text(exc: BaseException) -> str:
    """The message of an azure-identity/azure-core error, in Azure.Identity's words."""
    message = getattr(exc, "message", None) or str(exc)
    message = str(message).strip()
    return connection_failure_text(message) or message


# Python's (urllib3/requests) words for a failed connection, as they show in an exception's text.
_PY_REPR = ("Unable to connect to proxy", "Failed to establish a new connection", "NameResolutionError",
            "Max retries exceeded", "OSError(", "SSLError(", "ConnectionRefusedError", "gaierror")
_DNS = ("Name or service not known", "Temporary failure in name resolution", "nodename nor servname provided",
        "No address associated with hostname", "getaddrinfo failed")


def connection_failure_text(text: str) -> str | None:
    """A failed connection told as .NET's HttpRequestException tells it (no Python reprs):
    "Connection refused (host:port)", "Name or service not known (host:port)", "The SSL connection
    could not be established, see inner exception. <reason>", a proxy's refusal with its own words.
    None when `text` is not one of those."""
    if not any(marker in text for marker in _PY_REPR):
        return None
    prefix = ""
    named = re.match(r"^(\w+Credential authentication failed: )", text)
    if named:
        prefix = named.group(1)
    where = re.search(r"host='([^']+)', port=(\d+)", text)
    endpoint = f" ({where.group(1)}:{where.group(2)})" if where else ""
    tunnel = re.search(r"Tunnel connection failed: ([^'\"]+)", text)
    if tunnel:
        return f"{prefix}Unable to connect to the proxy: Tunnel connection failed: {tunnel.group(1).strip()}"
    tls = re.search(r"\[SSL[^\]]*\][^'\")]*", text)
    if tls:
        reason = re.sub(r"\s*\(_ssl\.c:\d+$", "", tls.group(0).strip())  # OpenSSL's source line
        return f"{prefix}The SSL connection could not be established, see inner exception. {reason}"
    if "Connection refused" in text:
        return f"{prefix}Connection refused{endpoint}"
    dns = next((d for d in _DNS if d in text), None)
    if dns:
        if not endpoint:
            host = re.search(r"resolve '([^']+)'", text)
            endpoint = f" ({host.group(1)})" if host else ""
        return f"{prefix}Name or service not known{endpoint}"
    if "Unable to connect to proxy" in text:
        return f"{prefix}Unable to connect to the proxy"
    return None


def to_dotnet(exc: BaseException, credential: Any = None) -> DotNetException:
    """azure-identity/azure-core exceptions -> the .NET exception Az surfaces."""
    if isinstance(exc, DotNetException):
        return exc
    from azure.core.exceptions import ClientAuthenticationError, ServiceRequestError

    from pwshim.azure.credentials import credential_name

    name = credential_name(credential) if credential is not None else ""
    text = azure_error_text(exc)
    if type(exc).__name__ == "CredentialUnavailableError":
        return CredentialUnavailableException(text)
    if isinstance(exc, ClientAuthenticationError):
        # Azure.Identity: "<Credential> authentication failed: <AADSTS... description>"
        detail = re.sub(r"^Authentication failed:\s*", "", text)
        if name and not detail.startswith(name):
            detail = f"{name} authentication failed: {detail}"
        return AuthenticationFailedException(detail)
    if isinstance(exc, ServiceRequestError):
        return AuthenticationFailedException(text)
    if isinstance(exc, ArmError):
        return AzPSCloudException(f"{exc.code}: {exc.message}" if exc.code else exc.message)
    if isinstance(exc, ValueError):
        return PSArgumentException(text)
    return AuthenticationFailedException(text)


def _is_auth_failure(exc: BaseException) -> bool:
    from azure.core.exceptions import AzureError

    return isinstance(exc, (AzureError, ArmError, ValueError))


# --- tenant domains (since Az 2.10.2: the OpenID configuration names the tenant) -------------------------
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _openid(env: AzureEnvironment, tenant: str) -> tuple[int, dict[str, Any]]:
    """GET {authority}/{tenant}/v2.0/.well-known/openid-configuration through azure-core."""
    from azure.core import PipelineClient
    from azure.core.pipeline.policies import RetryPolicy
    from azure.core.rest import HttpRequest

    authority = (env.ActiveDirectoryAuthority or "https://login.microsoftonline.com/").rstrip("/")
    url = f"{authority}/{tenant}/v2.0/.well-known/openid-configuration"
    from pwshim.azure.credentials import http_timeout

    t = http_timeout()
    with PipelineClient(base_url=authority, policies=[RetryPolicy(retry_total=1, timeout=t)]) as client:
        response = client.send_request(HttpRequest("GET", url), connection_timeout=t, read_timeout=t)
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, {}


def authority_error(env: AzureEnvironment, tenant: str) -> str | None:
    """Entra's own words (e.g. "AADSTS90002: Tenant '...' not found...") when MSAL could only
    say "Unable to get authority configuration": .NET MSAL shows the AADSTS text."""
    try:
        status, body = _openid(env, tenant)
    except Exception:  # noqa: BLE001
        return None
    return body.get("error_description") if status >= 400 else None


def resolve_tenant(tenant: str, env: AzureEnvironment, account: m.AzureAccount) -> str:
    if m.is_guid(tenant):
        return tenant
    found = None
    try:
        status, data = _openid(env, tenant)
        if status == 200:
            match = _GUID.search(str(data.get("token_endpoint") or data.get("issuer") or ""))
            found = match.group(0) if match else None
    except Exception:  # noqa: BLE001 - any failure is "could not find tenant id"
        found = None
    if found:
        return found
    hint = DOMAIN_HINT.get(account.Type or "", USER_DOMAIN_HINT).format(account.Id)
    raise PSArgumentException(TENANT_DOMAIN.format(tenant) + hint)


# --- ARM objects -> models ----------------------------------------------------------------------------------
# ARM tenant field -> AzureTenant ExtendedProperties key (PSAzureTenant reads them back)
_TENANT_FIELDS = {
    "tenantCategory": "TenantCategory",
    "country": "Country",
    "countryCode": "CountryCode",
    "displayName": "DisplayName",
    "domains": "Domains",
    "defaultDomain": "DefaultDomain",
    "tenantType": "TenantType",
    "tenantBrandingLogoUrl": "TenantBrandingLogoUrl",
}


def tenant_from_arm(data: dict[str, Any]) -> m.AzureTenant:
    t = m.AzureTenant(Id=data.get("tenantId"))
    for field_name, key in _TENANT_FIELDS.items():
        value = data.get(field_name)
        if value:
            t.ExtendedProperties[key] = ",".join(value) if isinstance(value, list) else str(value)
    return t


def subscription_from_arm(data: dict[str, Any], account_id: str, env_name: str, tenant: str) -> m.AzureSubscription:
    """SubscriptionExtensions.ToAzureSubscription (§1.4)."""
    sub = m.AzureSubscription(Id=data.get("subscriptionId"), Name=data.get("displayName"), State=data.get("state"))
    ext = sub.ExtendedProperties
    ext["Account"] = account_id
    ext["Environment"] = env_name
    ext["HomeTenant"] = data.get("tenantId") or tenant
    ext["Tenants"] = tenant
    policies = data.get("subscriptionPolicies")
    if policies is not None:
        ext["SubscriptionPolices"] = dumps_compact(
            {
                "locationPlacementId": policies.get("locationPlacementId"),
                "quotaId": policies.get("quotaId"),
                "spendingLimit": policies.get("spendingLimit"),
            }
        )
    if data.get("authorizationSource"):
        ext["AuthorizationSource"] = data["authorizationSource"]
    managed = [t.get("tenantId") for t in data.get("managedByTenants") or [] if t.get("tenantId")]
    if managed:
        ext["ManagedByTenants"] = ",".join(managed)
    if data.get("tags"):
        ext["Tags"] = dumps_compact(data["tags"])
    return sub


def _matches(sub: dict[str, Any], wanted: str) -> bool:
    if m.is_guid(wanted):
        return (sub.get("subscriptionId") or "").lower() == wanted.lower()
    return (sub.get("displayName") or "").lower() == wanted.lower()


def _active(sub: dict[str, Any]) -> bool:
    return (sub.get("state") or "").lower() in ACTIVE_STATES


# --- the flow -------------------------------------------------------------------------------------------------
def login(spec: LoginSpec, warn: Callable[[str], None]) -> LoginResult:
    env = spec.environment
    account = spec.account
    if spec.skip_validation:
        return _skip_validation(spec)
    tenants: list[m.AzureTenant]
    if spec.tenant:
        tid = resolve_tenant(spec.tenant, env, account)
        tenants = [m.AzureTenant(Id=tid)]
        explicit = True
    else:
        explicit = False
        cred = spec.credential_for_tenant("organizations")
        try:
            with ArmClient(env, cred) as arm:
                tenants = [tenant_from_arm(t) for t in arm.tenants() if t.get("tenantId")]
        except Exception as exc:
            if not _is_auth_failure(exc):
                raise
            err = to_dotnet(exc, cred)
            warn(TOKEN_WARNING.format("organizations", err.message))
            raise err from None
    chosen: tuple[m.AzureTenant, dict[str, Any], list[dict[str, Any]]] | None = None
    first_tenant: m.AzureTenant | None = None
    listed: list[tuple[m.AzureTenant, list[dict[str, Any]]]] = []
    credential = None
    for tenant in tenants:
        cred = spec.credential_for_tenant(tenant.Id)
        try:
            with ArmClient(env, cred) as arm:
                subs = arm.subscriptions()
        except Exception as exc:
            if not _is_auth_failure(exc):
                raise
            err = to_dotnet(exc, cred)
            if "Unable to get authority configuration" in err.message:
                detail = authority_error(env, tenant.Id or "")
                if detail:
                    from pwshim.azure.credentials import credential_name

                    err = type(err)(f"{credential_name(cred)} authentication failed: {detail}")
            if explicit:
                raise err from None
            warn(TOKEN_WARNING.format(tenant.Id, err.message))
            continue
        if first_tenant is None:
            first_tenant, credential = tenant, cred
        listed.append((tenant, subs))
        if spec.subscription:
            match = next((s for s in subs if _matches(s, spec.subscription)), None)
            if match is not None:
                chosen, credential = (tenant, match, subs), cred
                break
        elif chosen is None:
            active = [s for s in subs if _active(s)]
            home = [s for s in active if (s.get("tenantId") or tenant.Id) == tenant.Id]
            pick = (home or active)[:1]
            if pick:
                if len(active) > 1:
                    warn(MULTIPLE_SUBSCRIPTIONS.format(tenant.Id))
                chosen, credential = (tenant, pick[0], subs), cred
    if first_tenant is None and not spec.subscription:
        raise AuthenticationFailedException("No tenant found in the context. Please ensure the credentials you provided are authorized to access an Azure subscription, then run Connect-AzAccount to login.")
    if spec.subscription and chosen is None:
        text = SUB_ID_NOT_FOUND if m.is_guid(spec.subscription) else SUB_NAME_NOT_FOUND
        raise PSInvalidOperationException(text.format(account.Id, spec.subscription))
    if chosen is None:
        tenant = first_tenant  # no subscription: a tenant-only context (not an error, §5.5)
        assert tenant is not None
        ctx = _context(account, tenant, None, [], env)
        return LoginResult(ctx, [], tenant.Id, credential)
    tenant, sub, subs = chosen
    if (sub.get("state") or "").lower() != "enabled":
        warn(f"Selected subscription is in '{sub.get('state')}' state. ")
    ctx = _context(account, tenant, sub, subs, env)
    population = []
    for t, tsubs in listed:
        for s in tsubs:
            if _active(s) and not (t.Id == tenant.Id and s.get("subscriptionId") == sub.get("subscriptionId")):
                population.append(_context(account, t, s, tsubs, env))
    return LoginResult(ctx, population, tenant.Id, credential)


def _context(
    account: m.AzureAccount,
    tenant: m.AzureTenant,
    sub: dict[str, Any] | None,
    subs: list[dict[str, Any]],
    env: AzureEnvironment,
) -> m.AzureContext:
    acct = m.AzureAccount.from_json(account.to_json())
    assert acct is not None
    m.set_or_append(acct.ExtendedProperties, "Tenants", tenant.Id or "")
    active = [s.get("subscriptionId") for s in subs if _active(s) and s.get("subscriptionId")]
    if active:
        acct.ExtendedProperties["Subscriptions"] = ",".join(active)
    ctx_tenant = m.AzureTenant(Id=tenant.Id, Directory=tenant.Directory)
    subscription = subscription_from_arm(sub, acct.Id or "", env.Name or "", tenant.Id or "") if sub else None
    return m.AzureContext(Account=acct, Tenant=ctx_tenant, Subscription=subscription, Environment=env.clone())


def _skip_validation(spec: LoginSpec) -> LoginResult:
    """-AccessToken -SkipValidation: no ARM call; the given ids make the context."""
    acct = m.AzureAccount.from_json(spec.account.to_json())
    assert acct is not None
    m.set_or_append(acct.ExtendedProperties, "Tenants", spec.tenant or "")
    sub = m.AzureSubscription(Id=spec.subscription)
    sub.ExtendedProperties["Account"] = acct.Id or ""
    sub.ExtendedProperties["Environment"] = spec.environment.Name or ""
    sub.ExtendedProperties["Tenants"] = spec.tenant or ""
    ctx = m.AzureContext(Account=acct, Tenant=m.AzureTenant(Id=spec.tenant), Subscription=sub, Environment=spec.environment.clone())
    return LoginResult(ctx, [], spec.tenant, spec.credential_for_tenant(spec.tenant or "organizations"))
