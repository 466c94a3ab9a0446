"""Azure clouds: the AzureEnvironment model, the built-in clouds, ARM metadata discovery.

Facts: az-accounts-files.md §1.5. Property order is APC AzureEnvironment's declaration order
(the order AzureRmContext.json uses). Discovery follows Az.Accounts: `ARM_CLOUD_METADATA_URL`
names an ARM `/metadata/endpoints` document, `DISABLED` turns discovery off; discovered clouds
replace built-ins of the same name with Type "Discovered" (MapArmToAzureEnvironment).
Without the variable pwshim does NOT fetch management.azure.com (offline by design) and uses
the built-in definitions.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from pwshim.runtime.dotnet import dotnet_type
from pwshim.runtime.objects import Hashtable

AZURE_CLOUD = "AzureCloud"
AZURE_CHINA = "AzureChinaCloud"
AZURE_US_GOV = "AzureUSGovernment"
PUBLIC_NAMES = (AZURE_CLOUD, AZURE_CHINA, AZURE_US_GOV)
METADATA_API_VERSION = "2022-09-01"

BUILT_IN = "Built-in"
DISCOVERED = "Discovered"
USER_DEFINED = "User-defined"


def _ext() -> Hashtable:
    return Hashtable()


@dotnet_type("Microsoft.Azure.Commands.Profile.Models.PSAzureEnvironment")
@dataclass(slots=True, eq=False)
class AzureEnvironment:
    """One cloud (APC AzureEnvironment); fields in declaration order (§1.5)."""

    PS_DEFAULT_PROPERTIES = ("Name", "ResourceManagerUrl", "ActiveDirectoryAuthority", "Type")
    # Get-AzEnvironment's table (Az's format view labels)
    PS_TABLE_COLUMNS = (
        ("Name", "Name", None, None),
        ("Resource Manager Url", "ResourceManagerUrl", None, None),
        ("ActiveDirectory Authority", "ActiveDirectoryAuthority", None, None),
        ("Type", "Type", None, None),
    )

    Name: str | None = None
    Type: str | None = None
    OnPremise: bool = False
    ServiceManagementUrl: str | None = None
    ResourceManagerUrl: str | None = None
    ManagementPortalUrl: str | None = None
    PublishSettingsFileUrl: str | None = None
    ActiveDirectoryAuthority: str | None = None
    GalleryUrl: str | None = None
    GraphUrl: str | None = None
    ActiveDirectoryServiceEndpointResourceId: str | None = None
    StorageEndpointSuffix: str | None = None
    SqlDatabaseDnsSuffix: str | None = None
    TrafficManagerDnsSuffix: str | None = None
    AzureKeyVaultDnsSuffix: str | None = None
    AzureKeyVaultServiceEndpointResourceId: str | None = None
    GraphEndpointResourceId: str | None = None
    DataLakeEndpointResourceId: str | None = None
    BatchEndpointResourceId: str | None = None
    AzureDataLakeAnalyticsCatalogAndJobEndpointSuffix: str | None = None
    AzureDataLakeStoreFileSystemEndpointSuffix: str | None = None
    AdTenant: str | None = None
    ContainerRegistryEndpointSuffix: str | None = None
    VersionProfiles: list = field(default_factory=list)
    ExtendedProperties: Hashtable = field(default_factory=_ext)

    # --- JSON ---------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "ExtendedProperties":
                value = dict(value.items())
            elif f.name == "VersionProfiles":
                value = list(value)
            out[f.name] = value
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> AzureEnvironment | None:
        """Read by name, case-insensitively, any order (Az's deserializer does the same)."""
        if data is None:
            return None
        lower = {str(k).lower(): v for k, v in data.items()}
        env = cls()
        for f in fields(cls):
            if f.name.lower() not in lower:
                continue
            value = lower[f.name.lower()]
            if f.name == "ExtendedProperties":
                value = Hashtable((str(k), v) for k, v in (value or {}).items())
            elif f.name == "VersionProfiles":
                value = list(value or [])
            elif f.name == "OnPremise":
                value = bool(value)
            setattr(env, f.name, value)
        return env

    def clone(self) -> AzureEnvironment:
        return copy.deepcopy(self)

    # --- helpers used by login/context ------------------------------------------------------
    def get_endpoint(self, name: str) -> str | None:
        """A property or an ExtendedProperties entry by name (case-insensitive)."""
        for f in fields(self):
            if f.name.lower() == name.lower():
                return getattr(self, f.name)
        return self.ExtendedProperties.get(name)

    def ToString(self) -> str:
        return self.Name or ""

    def __str__(self) -> str:
        return self.Name or ""

    def __repr__(self) -> str:
        return f"<AzureEnvironment {self.Name}>"


# --- the built-in clouds (APC AzureEnvironment.BuiltIn.cs, AzureEnvironmentConstants.cs) ------------
_AZURE_CLOUD_EXT = {
    "OperationalInsightsEndpoint": "https://api.loganalytics.io/v1",
    "OperationalInsightsEndpointResourceId": "https://api.loganalytics.io",
    "AzureAnalysisServicesEndpointSuffix": "asazure.windows.net",
    "AnalysisServicesEndpointResourceId": "https://region.asazure.windows.net",
    "ManagedHsmServiceEndpointResourceId": "https://managedhsm.azure.net",
    "ManagedHsmServiceEndpointSuffix": "managedhsm.azure.net",
    "AzurePurviewEndpointSuffix": "purview.azure.net",
    "AzurePurviewEndpointResourceId": "https://purview.azure.net",
    "AzureAppConfigurationEndpointSuffix": "azconfig.io",
    "AzureAppConfigurationEndpointResourceId": "https://azconfig.io",
    "ContainerRegistryEndpointResourceId": "https://management.azure.com",
    "AzureCommunicationEmailEndpointSuffix": "communication.azure.com",
    "AzureCommunicationEmailEndpointResourceId": "https://communication.azure.com",
    "AzureSshAuthScope": "https://pas.windows.net/CheckMyAccess/Linux/.default",
    "AzureAttestationServiceEndpointSuffix": "attest.azure.net",
    "AzureAttestationServiceEndpointResourceId": "https://attest.azure.net",
    "MicrosoftGraphEndpointResourceId": "https://graph.microsoft.com/",
    "MicrosoftGraphUrl": "https://graph.microsoft.com",
    "AzureSynapseAnalyticsEndpointSuffix": "dev.azuresynapse.net",
    "AzureSynapseAnalyticsEndpointResourceId": "https://dev.azuresynapse.net",
}

_CHINA_EXT = {
    "OperationalInsightsEndpoint": "https://api.loganalytics.azure.cn/v1",
    "OperationalInsightsEndpointResourceId": "https://api.loganalytics.azure.cn",
    "AzureAnalysisServicesEndpointSuffix": "asazure.chinacloudapi.cn",
    "AnalysisServicesEndpointResourceId": "https://region.asazure.chinacloudapi.cn",
    "AzureAppConfigurationEndpointSuffix": "azconfig.azure.cn",
    "AzureAppConfigurationEndpointResourceId": "https://azconfig.azure.cn",
    "ContainerRegistryEndpointResourceId": "https://management.chinacloudapi.cn",
    "AzureAttestationServiceEndpointSuffix": "attest.azure.cn",
    "AzureAttestationServiceEndpointResourceId": "https://attest.azure.cn",
    "MicrosoftGraphEndpointResourceId": "https://microsoftgraph.chinacloudapi.cn/",
    "MicrosoftGraphUrl": "https://microsoftgraph.chinacloudapi.cn",
    "AzureSynapseAnalyticsEndpointSuffix": "dev.azuresynapse.azure.cn",
    "AzureSynapseAnalyticsEndpointResourceId": "https://dev.azuresynapse.azure.cn",
}

_USGOV_EXT = {
    "OperationalInsightsEndpoint": "https://api.loganalytics.us/v1",
    "OperationalInsightsEndpointResourceId": "https://api.loganalytics.us",
    "AzureAnalysisServicesEndpointSuffix": "asazure.usgovcloudapi.net",
    "AnalysisServicesEndpointResourceId": "https://region.asazure.usgovcloudapi.net",
    "ManagedHsmServiceEndpointResourceId": "https://managedhsm.usgovcloudapi.net",
    "ManagedHsmServiceEndpointSuffix": "managedhsm.usgovcloudapi.net",
    "AzureAppConfigurationEndpointSuffix": "azconfig.azure.us",
    "AzureAppConfigurationEndpointResourceId": "https://appconfig.azure.us",
    "ContainerRegistryEndpointResourceId": "https://management.usgovcloudapi.net",
    "MicrosoftGraphEndpointResourceId": "https://graph.microsoft.us/",
    "MicrosoftGraphUrl": "https://graph.microsoft.us",
    "AzureSynapseAnalyticsEndpointSuffix": "dev.azuresynapse.usgovcloudapi.net",
    "AzureSynapseAnalyticsEndpointResourceId": "https://dev.azuresynapse.usgovcloudapi.net",
}


def _azure_cloud() -> AzureEnvironment:
    return AzureEnvironment(
        Name=AZURE_CLOUD,
        Type=BUILT_IN,
        OnPremise=False,
        ServiceManagementUrl="https://management.core.windows.net/",
        ResourceManagerUrl="https://management.azure.com/",
        ManagementPortalUrl="https://portal.azure.com/",
        PublishSettingsFileUrl="https://go.microsoft.com/fwlink/?LinkID=301775",
        ActiveDirectoryAuthority="https://login.microsoftonline.com/",
        GalleryUrl="https://gallery.azure.com/",
        GraphUrl="https://graph.windows.net/",
        ActiveDirectoryServiceEndpointResourceId="https://management.core.windows.net/",
        StorageEndpointSuffix="core.windows.net",
        SqlDatabaseDnsSuffix=".database.windows.net",
        TrafficManagerDnsSuffix="trafficmanager.net",
        AzureKeyVaultDnsSuffix="vault.azure.net",
        AzureKeyVaultServiceEndpointResourceId="https://vault.azure.net",
        GraphEndpointResourceId="https://graph.windows.net/",
        DataLakeEndpointResourceId="https://datalake.azure.net/",
        BatchEndpointResourceId="https://batch.core.windows.net/",
        AzureDataLakeAnalyticsCatalogAndJobEndpointSuffix="azuredatalakeanalytics.net",
        AzureDataLakeStoreFileSystemEndpointSuffix="azuredatalakestore.net",
        AdTenant="Common",
        ContainerRegistryEndpointSuffix="azurecr.io",
        ExtendedProperties=Hashtable(_AZURE_CLOUD_EXT),
    )


def _china_cloud() -> AzureEnvironment:
    return AzureEnvironment(
        Name=AZURE_CHINA,
        Type=BUILT_IN,
        ServiceManagementUrl="https://management.core.chinacloudapi.cn/",
        ResourceManagerUrl="https://management.chinacloudapi.cn/",
        ManagementPortalUrl="https://go.microsoft.com/fwlink/?LinkId=301902",
        PublishSettingsFileUrl="https://go.microsoft.com/fwlink/?LinkID=301776",
        ActiveDirectoryAuthority="https://login.chinacloudapi.cn/",
        GalleryUrl="https://gallery.chinacloudapi.cn/",
        GraphUrl="https://graph.chinacloudapi.cn/",
        ActiveDirectoryServiceEndpointResourceId="https://management.core.chinacloudapi.cn/",
        StorageEndpointSuffix="core.chinacloudapi.cn",
        SqlDatabaseDnsSuffix=".database.chinacloudapi.cn",
        TrafficManagerDnsSuffix="trafficmanager.cn",
        AzureKeyVaultDnsSuffix="vault.azure.cn",
        AzureKeyVaultServiceEndpointResourceId="https://vault.azure.cn",
        GraphEndpointResourceId="https://graph.chinacloudapi.cn/",
        BatchEndpointResourceId="https://batch.chinacloudapi.cn/",
        AdTenant="Common",
        ContainerRegistryEndpointSuffix="azurecr.cn",
        ExtendedProperties=Hashtable(_CHINA_EXT),
    )


def _usgov_cloud() -> AzureEnvironment:
    return AzureEnvironment(
        Name=AZURE_US_GOV,
        Type=BUILT_IN,
        ServiceManagementUrl="https://management.core.usgovcloudapi.net/",
        ResourceManagerUrl="https://management.usgovcloudapi.net/",
        ManagementPortalUrl="https://manage.windowsazure.us",
        PublishSettingsFileUrl="https://manage.windowsazure.us/publishsettings/index",
        ActiveDirectoryAuthority="https://login.microsoftonline.us/",
        GalleryUrl="https://gallery.usgovcloudapi.net/",
        GraphUrl="https://graph.windows.net/",
        ActiveDirectoryServiceEndpointResourceId="https://management.core.usgovcloudapi.net/",
        StorageEndpointSuffix="core.usgovcloudapi.net",
        SqlDatabaseDnsSuffix=".database.usgovcloudapi.net",
        TrafficManagerDnsSuffix="usgovtrafficmanager.net",
        AzureKeyVaultDnsSuffix="vault.usgovcloudapi.net",
        AzureKeyVaultServiceEndpointResourceId="https://vault.usgovcloudapi.net",
        GraphEndpointResourceId="https://graph.windows.net/",
        BatchEndpointResourceId="https://batch.core.usgovcloudapi.net/",
        AdTenant="Common",
        ContainerRegistryEndpointSuffix="azurecr.us",
        ExtendedProperties=Hashtable(_USGOV_EXT),
    )


def built_in_environments() -> dict[str, AzureEnvironment]:
    """Fresh copies of the three public clouds, keyed by name."""
    return {e.Name: e for e in (_azure_cloud(), _china_cloud(), _usgov_cloud())}  # type: ignore[misc]


# --- discovery (Az.Accounts AzureEnvironment.InitializeBuiltInEnvironments / MapArmToAzureEnvironment) ---
_PUBLISH_SETTINGS = {
    AZURE_CLOUD: "https://go.microsoft.com/fwlink/?LinkID=301775",
    AZURE_CHINA: "https://go.microsoft.com/fwlink/?LinkID=301776",
    AZURE_US_GOV: "https://manage.windowsazure.us/publishsettings/index",
}


def metadata_url(environ: Mapping[str, str]) -> str | None:
    """The discovery URL from ARM_CLOUD_METADATA_URL, None when unset or DISABLED."""
    url = (environ.get("ARM_CLOUD_METADATA_URL") or "").strip()
    if not url or url.upper() == "DISABLED":
        return None
    if "api-version=" not in url.lower():
        url += ("&" if "?" in url else "?") + "api-version=" + METADATA_API_VERSION
    return url


def map_arm_to_environment(arm: Mapping[str, Any]) -> AzureEnvironment:
    """One cloud of the ARM metadata document as an AzureEnvironment (Type Discovered), as
    APC AzureEnvironment.MapArmToAzureEnvironment maps it."""
    auth = arm.get("authentication") or {}
    suffixes = arm.get("suffixes") or {}
    audiences = auth.get("audiences") or [None]
    name = arm.get("name") or ""
    builtin = built_in_environments().get(name)
    sql = suffixes.get("sqlServerHostname")
    if sql is not None and not sql.startswith("."):
        sql = "." + sql  # "SqlDatabaseDnsSuffix requires value leading with period"
    service = audiences[0]
    if service is not None and not service.endswith("/"):
        service += "/"  # "ServiceManagementUrl as audience needs to end with slash"
    env = AzureEnvironment(
        Name=name,
        Type=DISCOVERED,
        OnPremise=False,
        ServiceManagementUrl=service,
        ResourceManagerUrl=arm.get("resourceManager"),
        ManagementPortalUrl=arm.get("portal"),
        PublishSettingsFileUrl=_PUBLISH_SETTINGS.get(name, ""),
        ActiveDirectoryAuthority=auth.get("loginEndpoint"),
        GalleryUrl=arm.get("gallery"),
        GraphUrl=arm.get("graph"),
        ActiveDirectoryServiceEndpointResourceId=audiences[0],
        StorageEndpointSuffix=suffixes.get("storage"),
        SqlDatabaseDnsSuffix=sql,
        TrafficManagerDnsSuffix=builtin.TrafficManagerDnsSuffix if builtin else "",
        AzureKeyVaultDnsSuffix=suffixes.get("keyVaultDns"),
        AzureKeyVaultServiceEndpointResourceId=builtin.AzureKeyVaultServiceEndpointResourceId if builtin else "",
        GraphEndpointResourceId=arm.get("graph"),
        DataLakeEndpointResourceId=arm.get("activeDirectoryDataLake"),
        BatchEndpointResourceId=arm.get("batch"),
        AzureDataLakeAnalyticsCatalogAndJobEndpointSuffix=suffixes.get("azureDataLakeAnalyticsCatalogAndJob"),
        AzureDataLakeStoreFileSystemEndpointSuffix=suffixes.get("azureDataLakeStoreFileSystem"),
        AdTenant=auth.get("tenant"),
        ContainerRegistryEndpointSuffix=suffixes.get("acrLoginServer"),
    )
    # SetExtendedProperties: the public clouds keep their constant extended endpoints.
    ext = Hashtable(builtin.ExtendedProperties.items()) if builtin is not None else Hashtable()
    graph = arm.get("microsoftGraphResourceId")
    if graph:
        # MicrosoftGraphEndpointResourceId keeps the slash, MicrosoftGraphUrl drops it.
        ext["MicrosoftGraphEndpointResourceId"] = graph
        ext["MicrosoftGraphUrl"] = graph.rstrip("/")
    env.ExtendedProperties = ext
    return env


def discover(url: str) -> list[AzureEnvironment]:
    """Fetch the ARM metadata document through an azure-core pipeline (CA trust and proxies
    from the environment, as azure-core's requests transport reads them)."""
    from pwshim.azure import sdk

    sdk.load(sdk.CORE)
    from azure.core import PipelineClient
    from azure.core.pipeline.policies import RetryPolicy, UserAgentPolicy
    from azure.core.rest import HttpRequest

    from pwshim.azure.credentials import http_timeout, quiet_sdk_logging
    from pwshim.azure.httppool import transport

    quiet_sdk_logging()
    t = http_timeout()
    client = PipelineClient(
        base_url=url,
        policies=[UserAgentPolicy(base_user_agent="pwshim-Az.Accounts"), RetryPolicy(retry_total=2, timeout=t)],
        transport=transport(),
    )
    with client:
        response = client.send_request(HttpRequest("GET", url), stream=False, connection_timeout=t, read_timeout=t)
        response.raise_for_status()
        data = response.json()
    clouds = data if isinstance(data, list) else [data]
    return [map_arm_to_environment(c) for c in clouds if isinstance(c, dict) and c.get("name")]


_DISCOVERY_CACHE: dict[str, list[AzureEnvironment]] = {}


def public_environments(environ: Mapping[str, str]) -> dict[str, AzureEnvironment]:
    """Built-in clouds overlaid with discovered ones (fresh copies; discovery cached per URL).

    A failed discovery falls back to the built-ins silently, as Az does at import."""
    envs = built_in_environments()
    url = metadata_url(environ)
    if url:
        if url not in _DISCOVERY_CACHE:
            try:
                _DISCOVERY_CACHE[url] = discover(url)
            except Exception:  # noqa: BLE001 - Az swallows discovery failures (debug log only)
                _DISCOVERY_CACHE[url] = []
        for env in _DISCOVERY_CACHE[url]:
            envs[env.Name] = env.clone()  # type: ignore[index]
    return envs


def default_environment_name(environ: Mapping[str, str]) -> str:
    """The cloud Connect-AzAccount uses without -Environment: AzureCloud (Az). When the
    ARM_CLOUD_METADATA_URL document has clouds but none is named AzureCloud, pwshim takes its
    first cloud, as Azure CLI does ("the first cloud in the list is set as active") -- Az would
    sign in to the public AzureCloud, which an offline/air-gapped setup can never reach."""
    url = metadata_url(environ)
    if url:
        public_environments(environ)
        found = _DISCOVERY_CACHE.get(url) or []
        if found and not any((e.Name or "").lower() == AZURE_CLOUD.lower() for e in found):
            return found[0].Name or AZURE_CLOUD
    return AZURE_CLOUD


def is_public(name: str | None, environ: Mapping[str, str]) -> bool:
    """True for AzureCloud/AzureChinaCloud/AzureUSGovernment and ARM-discovered clouds (§1.1)."""
    if not name:
        return False
    if name in PUBLIC_NAMES:
        return True
    url = metadata_url(environ)
    return bool(url) and any((e.Name or "").lower() == name.lower() for e in _DISCOVERY_CACHE.get(url, []))


_MICROSOFT_AUTHORITY_HOSTS = (
    "login.microsoftonline.com",
    "login.chinacloudapi.cn",
    "login.microsoftonline.us",
    "login.windows.net",
    "login.microsoft.com",
    "sts.windows.net",
    "login.partner.microsoftonline.cn",
    "login-us.microsoftonline.com",
)


def is_microsoft_authority(authority: str | None) -> bool:
    """Whether MSAL knows the authority host (else instance discovery must be turned off)."""
    from urllib.parse import urlparse

    if not authority:
        return True
    host = (urlparse(authority if "://" in authority else "https://" + authority).hostname or "").lower()
    return host in _MICROSOFT_AUTHORITY_HOSTS
