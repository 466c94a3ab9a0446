"""Get-AzAccessToken (AP GetAzureRmAccessToken, §6.1): resource names, the token call, output.

Az.Accounts 5 always returns PSSecureAccessToken (Token a SecureString). ExpiresOn is a
DateTimeOffset (the runtime's System.DateTimeOffset) whose ToUnixTimeSeconds()
AzurePowerShellCredential's script calls.
"""

from __future__ import annotations

from typing import Any

from pwshim.azure import models as m
from pwshim.azure.arm import scope_for  # AuthenticationHelpers.GetScope
from pwshim.azure.context import credential_for
from pwshim.azure.credentials import jwt_claims, takes_tenant
from pwshim.dotnet.primitives import DateTimeOffset
from pwshim.runtime.errors import ArgumentException

RESOURCE_TYPE_NAMES = (
    "AadGraph", "AnalysisServices", "AppConfiguration", "Arm", "Attestation", "Batch", "CommunicationEmail",
    "DataLake", "KeyVault", "ManagedHsm", "MSGraph", "OperationalInsights", "ResourceManager", "Storage", "Synapse",
)
# ResourceTypeName -> the environment endpoint Az reads (property or ExtendedProperties key)
_ENDPOINTS = {
    "aadgraph": "GraphEndpointResourceId",
    "analysisservices": "AnalysisServicesEndpointResourceId",
    "appconfiguration": "AzureAppConfigurationEndpointResourceId",
    "arm": "ActiveDirectoryServiceEndpointResourceId",
    "attestation": "AzureAttestationServiceEndpointResourceId",
    "batch": "BatchEndpointResourceId",
    "communicationemail": "AzureCommunicationEmailEndpointResourceId",
    "datalake": "DataLakeEndpointResourceId",
    "keyvault": "AzureKeyVaultServiceEndpointResourceId",
    "managedhsm": "ManagedHsmServiceEndpointResourceId",
    "msgraph": "MicrosoftGraphEndpointResourceId",
    "operationalinsights": "OperationalInsightsEndpointResourceId",
    "resourcemanager": "ResourceManagerUrl",
    "synapse": "AzureSynapseAnalyticsEndpointResourceId",
}
STORAGE_RESOURCE = "https://storage.azure.com"
UNSUPPORTED_TYPE = (
    'The specified ResourceTypeName "{0}" is not supported, please provide a valid value. e.g. Arm, AadGraph, etc.'
)


def resource_for(context: m.AzureContext, type_name: str | None) -> str:
    """The resource URL for -ResourceTypeName (default Arm)."""
    key = (type_name or "Arm").lower()
    if key == "storage":
        return STORAGE_RESOURCE
    endpoint = _ENDPOINTS.get(key)
    if endpoint is None:
        raise ArgumentException(UNSUPPORTED_TYPE.format(type_name))
    env = context.Environment
    value = env.get_endpoint(endpoint) if env else None
    if not value and key == "keyvault" and env is not None and env.AzureKeyVaultDnsSuffix:
        # A discovered cloud other than the public ones: Az's MapArmToAzureEnvironment leaves
        # AzureKeyVaultServiceEndpointResourceId empty (ARM metadata has no such field), and
        # AzureRmContext.json keeps it so; the vault audience is https://<keyVaultDns suffix>.
        value = "https://" + env.AzureKeyVaultDnsSuffix.lstrip(".")
    if not value:
        raise ArgumentException(UNSUPPORTED_TYPE.format(type_name))
    return value


def get_token(session: Any, context: m.AzureContext, resource: str, tenant: str | None = None) -> tuple[str, DateTimeOffset, str]:
    """(token, expires_on, tenant) for the context's account."""
    tenant = tenant or (context.Tenant.Id if context.Tenant else None)
    fast = _from_cache(session, context, resource, tenant)
    if fast is not None:
        return fast
    credential = credential_for(session, context, tenant)
    kwargs = {}
    if tenant and takes_tenant(credential):
        kwargs["tenant_id"] = tenant
    access = credential.get_token(scope_for(resource), **kwargs)
    expires = access.expires_on
    if not expires:
        expires = jwt_claims(access.token).get("exp") or 0
    return access.token, DateTimeOffset(int(expires)), tenant or jwt_claims(access.token).get("tid", "")


def _from_cache(session: Any, context: m.AzureContext, resource: str, tenant: str | None) -> tuple[str, DateTimeOffset, str] | None:
    """A service principal's valid token from the persisted MSAL cache, without loading
    azure-identity (token_cache_read). Secret and certificate sign-ins only."""
    account = context.Account
    if account is None or (account.Type or "").lower() != m.SERVICE_PRINCIPAL.lower() or not tenant:
        return None
    from pwshim.azure.profile import identity_cache_dir, state
    from pwshim.azure.token_cache_read import cached_token

    if state(session).mode != "CurrentUser":
        return None  # Process scope: Az keeps the token cache in memory only
    env = context.Environment
    found = cached_token(identity_cache_dir(session), account.Id or "", tenant,
                         env.ActiveDirectoryAuthority if env else None, scope_for(resource))
    if found is None:
        return None
    return found[0], DateTimeOffset(found[1]), tenant
