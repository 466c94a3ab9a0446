"""Get-AzSubscription, Get-AzTenant, Get-AzAccessToken, the autosave cmdlets, Add-/Get-AzEnvironment."""

from __future__ import annotations

from typing import Any

from pwshim.cmdlets.accounts_base import PROFILE_NS, AzCmdlet
from pwshim.runtime.cmdlet import Parameter, Switch, cmdlet
from pwshim.runtime.errors import PSArgumentException

SCOPES = ("Process", "CurrentUser")
DEFAULT_PROFILE = ("AzContext", "AzureRmContext", "AzureCredential")


@cmdlet("Get-AzSubscription", aliases=("Get-AzureRmSubscription",), default_set="ListByName", module="Az.Accounts",
        noun_verb_class=PROFILE_NS + "GetAzureRMSubscriptionCommand")
class GetAzSubscription(AzCmdlet):
    """Get subscriptions that the current account can access."""

    SubscriptionId = Parameter(str, pipeline_by_name=True, sets=("ListById",))
    SubscriptionName = Parameter(str, pipeline_by_name=True, sets=("ListByName",))
    TenantId = Parameter(str, pipeline_by_name=True)
    AsJob = Parameter(Switch)
    DefaultProfile = Parameter(object, aliases=DEFAULT_PROFILE)

    def run(self) -> None:
        from pwshim.azure.arm import ArmClient
        from pwshim.azure.context import context_from, credential_for
        from pwshim.azure.login import resolve_tenant, subscription_from_arm
        from pwshim.azure.psmodels import PSAzureSubscription

        ctx = context_from(self.session, self.DefaultProfile)
        env = ctx.Environment
        if self.TenantId:
            tenants = [resolve_tenant(self.TenantId, env, ctx.Account)]  # type: ignore[arg-type]
        else:
            with ArmClient(env, credential_for(self.session, ctx)) as arm:  # type: ignore[arg-type]
                tenants = [t["tenantId"] for t in arm.tenants() if t.get("tenantId")]
        seen: set[str] = set()
        found = False
        for tid in tenants:
            try:
                with ArmClient(env, credential_for(self.session, ctx, tid)) as arm:  # type: ignore[arg-type]
                    subs = arm.subscriptions()
            except Exception as exc:
                from pwshim.azure.login import (
                    TOKEN_WARNING,
                    _is_auth_failure,
                    to_dotnet,
                )

                if not _is_auth_failure(exc) or self.TenantId:
                    raise
                self.write_warning(TOKEN_WARNING.format(tid, to_dotnet(exc).message))
                continue
            for s in subs:
                sid = s.get("subscriptionId") or ""
                if sid.lower() in seen:
                    continue
                if self.SubscriptionId and sid.lower() != self.SubscriptionId.lower():
                    continue
                if self.SubscriptionName and (s.get("displayName") or "").lower() != self.SubscriptionName.lower():
                    continue
                seen.add(sid.lower())
                found = True
                acct = ctx.Account.Id if ctx.Account else ""
                self.write_object(PSAzureSubscription(subscription_from_arm(s, acct or "", env.Name or "", tid)))
        if not found and (self.SubscriptionId or self.SubscriptionName):
            what = self.SubscriptionId or self.SubscriptionName
            where = self.TenantId or (ctx.Tenant.Id if ctx.Tenant else "")
            raise PSArgumentException(
                f"Subscription {what} was not found in tenant {where}. Please verify that the subscription exists in this tenant."
            )


@cmdlet("Get-AzTenant", aliases=("Get-AzureRmTenant",), module="Az.Accounts",
        noun_verb_class=PROFILE_NS + "GetAzureRMTenantCommand")
class GetAzTenant(AzCmdlet):
    """Gets tenants that are authorized for the current user."""

    TenantId = Parameter(str, position=0, pipeline_by_name=True, aliases=("Domain", "Tenant"))
    DefaultProfile = Parameter(object, aliases=DEFAULT_PROFILE)

    def run(self) -> None:
        from pwshim.azure.arm import ArmClient
        from pwshim.azure.context import context_from, credential_for
        from pwshim.azure.login import tenant_from_arm
        from pwshim.azure.psmodels import PSAzureTenant

        ctx = context_from(self.session, self.DefaultProfile)
        with ArmClient(ctx.Environment, credential_for(self.session, ctx)) as arm:  # type: ignore[arg-type]
            tenants = arm.tenants()
        for t in tenants:
            tenant = tenant_from_arm(t)
            if self.TenantId:
                names = [tenant.Id or ""] + list(t.get("domains") or [])
                if self.TenantId.lower() not in (n.lower() for n in names):
                    continue
            self.write_object(PSAzureTenant(tenant))


@cmdlet("Get-AzAccessToken", default_set="KnownResourceTypeName", module="Az.Accounts",
        noun_verb_class=PROFILE_NS + "GetAzureRmAccessTokenCommand")
class GetAzAccessToken(AzCmdlet):
    """Get secure raw access token. When using -ResourceUrl, please make sure the value does match current Azure environment."""

    # Az validates the name itself (its own error text, §6.1), not with a ValidateSet.
    ResourceTypeName = Parameter(str, sets=("KnownResourceTypeName",))
    ResourceUrl = Parameter(str, mandatory=True, sets=("ResourceUrl",), aliases=("Resource", "ResourceUri"))
    TenantId = Parameter(str)
    AsSecureString = Parameter(Switch)
    DefaultProfile = Parameter(object, aliases=DEFAULT_PROFILE)

    def run(self) -> None:
        from pwshim.azure.context import context_from
        from pwshim.azure.psmodels import PSSecureAccessToken
        from pwshim.azure.tokens import get_token, resource_for
        from pwshim.dotnet.securestring import SecureString

        ctx = context_from(self.session, self.DefaultProfile)
        resource = self.ResourceUrl if self.parameter_set == "ResourceUrl" else resource_for(ctx, self.ResourceTypeName)
        token, expires, tenant = get_token(self.session, ctx, resource, self.TenantId)
        user = ctx.Account.Id if ctx.Account else None
        # Az.Accounts 5: the token is always a SecureString, -AsSecureString or not.
        self.write_object(PSSecureAccessToken(SecureString.from_plain(token), expires, tenant, user))


# --- autosave ------------------------------------------------------------------------------------------
def _settings_output(session: Any, mode: str) -> Any:
    from pwshim.azure.profile import settings_document, state
    from pwshim.azure.psmodels import ContextAutosaveSettings

    return ContextAutosaveSettings(settings_document(session, mode, dict(state(session).settings)))


@cmdlet("Enable-AzContextAutosave", aliases=("Enable-AzureRmContextAutosave",), should_process=True,
        module="Az.Accounts", noun_verb_class=PROFILE_NS + "EnableAzureRmContextAutosave")
class EnableAzContextAutosave(AzCmdlet):
    """Azure contexts are PowerShell objects representing your active subscription to run commands against."""

    Scope = Parameter(str, validate_set=SCOPES)
    DefaultProfile = Parameter(object, aliases=DEFAULT_PROFILE)

    def run(self) -> None:
        from pwshim.azure.profile import (
            CURRENT_USER,
            settings_document,
            state,
            write_settings,
        )

        st = state(self.session)
        if not self.should_process("Autosave Context", "Enable autosave"):
            return
        was = st.mode
        st.mode = CURRENT_USER
        if was != CURRENT_USER:
            # the in-memory profile is now backed by the file: pick up what is on disk
            disk = st.load_disk_profile(strict=False)
            for name, ctx in disk.Contexts.items():
                if st.profile.real_key(name) is None:
                    st.profile.Contexts[name] = ctx
        if (self.Scope or "CurrentUser").lower() == "currentuser":
            write_settings(self.session, settings_document(self.session, CURRENT_USER, dict(st.settings)))
        self.write_object(_settings_output(self.session, CURRENT_USER))


@cmdlet("Disable-AzContextAutosave", aliases=("Disable-AzureRmContextAutosave",), should_process=True,
        module="Az.Accounts", noun_verb_class=PROFILE_NS + "DisableAzureRmContextAutosave")
class DisableAzContextAutosave(AzCmdlet):
    """Turn off autosaving Azure credentials. Your login information will be forgotten the next time you open a PowerShell window."""

    Scope = Parameter(str, validate_set=SCOPES)
    DefaultProfile = Parameter(object, aliases=DEFAULT_PROFILE)

    def run(self) -> None:
        from pwshim.azure.profile import (
            PROCESS,
            settings_document,
            state,
            write_settings,
        )

        st = state(self.session)
        if not self.should_process("Autosave Context", "Disable autosave"):
            return
        st.mode = PROCESS
        if (self.Scope or "CurrentUser").lower() == "currentuser":
            # Disable writes a settings object with only Mode set (Settings emptied, §2)
            write_settings(self.session, settings_document(self.session, PROCESS, {}))
        self.write_object(_settings_output(self.session, PROCESS))


@cmdlet("Get-AzContextAutosaveSetting", aliases=("Get-AzureRmContextAutosaveSetting",), module="Az.Accounts",
        noun_verb_class=PROFILE_NS + "GetzureRmContextAutosaveSetting")
class GetAzContextAutosaveSetting(AzCmdlet):
    """Display metadata about the context autosave feature, including whether the context is automatically saved."""

    Scope = Parameter(str, validate_set=SCOPES)
    DefaultProfile = Parameter(object, aliases=DEFAULT_PROFILE)

    def run(self) -> None:
        from pwshim.azure.profile import PROCESS, read_settings, state

        st = state(self.session)
        if (self.Scope or "").lower() == "currentuser":
            settings = read_settings(self.session) or {}
            mode = PROCESS if str(settings.get("Mode", "")).lower() == "process" else "CurrentUser"
        else:
            mode = st.mode
        self.write_object(_settings_output(self.session, mode))


# --- environments --------------------------------------------------------------------------------------
@cmdlet("Get-AzEnvironment", aliases=("Get-AzureRmEnvironment",), module="Az.Accounts",
        noun_verb_class=PROFILE_NS + "GetAzureRMEnvironmentCommand")
class GetAzEnvironment(AzCmdlet):
    """Get endpoints and metadata for an instance of Azure services."""

    Name = Parameter(str, position=0)
    DefaultProfile = Parameter(object, aliases=DEFAULT_PROFILE)

    def run(self) -> None:
        from pwshim.azure.profile import state

        envs = state(self.session).environments()
        for name, env in sorted(envs.items(), key=lambda kv: kv[0].lower()):
            if self.Name and name.lower() != self.Name.lower():
                continue
            self.write_object(env)


_ENV_PARAMS = {
    # parameter -> AzureEnvironment property (or ExtendedProperties key)
    "PublishSettingsFileUrl": "PublishSettingsFileUrl",
    "ServiceEndpoint": "ServiceManagementUrl",
    "ManagementPortalUrl": "ManagementPortalUrl",
    "StorageEndpoint": "StorageEndpointSuffix",
    "ActiveDirectoryEndpoint": "ActiveDirectoryAuthority",
    "ResourceManagerEndpoint": "ResourceManagerUrl",
    "GalleryEndpoint": "GalleryUrl",
    "ActiveDirectoryServiceEndpointResourceId": "ActiveDirectoryServiceEndpointResourceId",
    "GraphEndpoint": "GraphUrl",
    "AzureKeyVaultDnsSuffix": "AzureKeyVaultDnsSuffix",
    "AzureKeyVaultServiceEndpointResourceId": "AzureKeyVaultServiceEndpointResourceId",
    "TrafficManagerDnsSuffix": "TrafficManagerDnsSuffix",
    "SqlDatabaseDnsSuffix": "SqlDatabaseDnsSuffix",
    "AzureDataLakeStoreFileSystemEndpointSuffix": "AzureDataLakeStoreFileSystemEndpointSuffix",
    "AzureDataLakeAnalyticsCatalogAndJobEndpointSuffix": "AzureDataLakeAnalyticsCatalogAndJobEndpointSuffix",
    "AdTenant": "AdTenant",
    "GraphAudience": "GraphEndpointResourceId",
    "DataLakeAudience": "DataLakeEndpointResourceId",
    "BatchEndpointResourceId": "BatchEndpointResourceId",
    "ContainerRegistryEndpointSuffix": "ContainerRegistryEndpointSuffix",
    "MicrosoftGraphEndpointResourceId": "MicrosoftGraphEndpointResourceId",
    "MicrosoftGraphUrl": "MicrosoftGraphUrl",
}


@cmdlet("Add-AzEnvironment", aliases=("Add-AzureRmEnvironment",), default_set="Name", should_process=True,
        module="Az.Accounts", noun_verb_class=PROFILE_NS + "AddAzureRMEnvironmentCommand")
class AddAzEnvironment(AzCmdlet):
    """Adds endpoints and metadata for an instance of Azure Resource Manager."""

    Name = Parameter(str, mandatory=True, position=0, pipeline_by_name=True)
    ARMEndpoint = Parameter(str, mandatory=True, sets=("ARMEndpoint",), aliases=("ArmUrl",))
    PublishSettingsFileUrl = Parameter(str, position=1, sets=("Name",), pipeline_by_name=True)
    ServiceEndpoint = Parameter(str, position=2, sets=("Name",), pipeline_by_name=True, aliases=("ServiceManagement", "ServiceManagementUrl"))
    ManagementPortalUrl = Parameter(str, position=3, sets=("Name",), pipeline_by_name=True)
    StorageEndpoint = Parameter(str, position=4, pipeline_by_name=True, aliases=("StorageEndpointSuffix",))
    ActiveDirectoryEndpoint = Parameter(str, position=5, sets=("Name",), pipeline_by_name=True, aliases=("AdEndpointUrl", "ActiveDirectory", "ActiveDirectoryAuthority"))
    ResourceManagerEndpoint = Parameter(str, position=6, sets=("Name",), pipeline_by_name=True, aliases=("ResourceManager", "ResourceManagerUrl"))
    GalleryEndpoint = Parameter(str, position=7, sets=("Name",), pipeline_by_name=True, aliases=("Gallery", "GalleryUrl"))
    ActiveDirectoryServiceEndpointResourceId = Parameter(str, position=8, sets=("Name",), pipeline_by_name=True)
    GraphEndpoint = Parameter(str, position=9, sets=("Name",), pipeline_by_name=True, aliases=("Graph", "GraphUrl"))
    AzureKeyVaultDnsSuffix = Parameter(str, pipeline_by_name=True)
    AzureKeyVaultServiceEndpointResourceId = Parameter(str, pipeline_by_name=True)
    TrafficManagerDnsSuffix = Parameter(str, pipeline_by_name=True)
    SqlDatabaseDnsSuffix = Parameter(str, pipeline_by_name=True)
    AzureDataLakeStoreFileSystemEndpointSuffix = Parameter(str, pipeline_by_name=True)
    AzureDataLakeAnalyticsCatalogAndJobEndpointSuffix = Parameter(str, pipeline_by_name=True)
    EnableAdfsAuthentication = Parameter(Switch, pipeline_by_name=True, aliases=("OnPremise",))
    AdTenant = Parameter(str, pipeline_by_name=True)
    GraphAudience = Parameter(str, pipeline_by_name=True, aliases=("GraphEndpointResourceId", "GraphResourceId"))
    DataLakeAudience = Parameter(str, pipeline_by_name=True, aliases=("DataLakeEndpointResourceId", "DataLakeResourceId"))
    BatchEndpointResourceId = Parameter(str, pipeline_by_name=True, aliases=("BatchResourceId", "BatchAudience"))
    ContainerRegistryEndpointSuffix = Parameter(str, pipeline_by_name=True)
    MicrosoftGraphEndpointResourceId = Parameter(str, pipeline_by_name=True, aliases=("MicrosoftGraphResourceId",))
    MicrosoftGraphUrl = Parameter(str, pipeline_by_name=True)
    Scope = Parameter(str, validate_set=SCOPES)
    DefaultProfile = Parameter(object, aliases=DEFAULT_PROFILE)

    def run(self) -> None:
        from pwshim.azure import environments as E
        from pwshim.azure.profile import modify, state

        st = state(self.session)
        if E.is_public(self.Name, self.session.environ) or self.Name in st.public_environments():
            raise PSArgumentException(f"Cannot change built-in environment '{self.Name}'.")
        if self.parameter_set == "ARMEndpoint":
            url = self.ARMEndpoint.rstrip("/") + "/metadata/endpoints?api-version=" + E.METADATA_API_VERSION
            clouds = E.discover(url)
            if not clouds:
                raise PSArgumentException(f"Unable to find environment metadata at '{self.ARMEndpoint}'.")
            env = clouds[0]
            env.Name = self.Name
        else:
            env = st.find_environment(self.Name)
            env = env.clone() if env is not None else E.AzureEnvironment(Name=self.Name)
        env.Type = E.USER_DEFINED
        env.OnPremise = bool(self.EnableAdfsAuthentication)
        for param_name, prop in _ENV_PARAMS.items():
            if param_name not in self.bound:
                continue
            value = self.bound[param_name]
            if prop in ("MicrosoftGraphEndpointResourceId", "MicrosoftGraphUrl"):
                env.ExtendedProperties[prop] = value
            else:
                setattr(env, prop, value)
        if not self.should_process(self.Name, "Adding environment"):
            return

        def action(profile: Any) -> None:
            profile.EnvironmentTable[self.Name] = env

        modify(self.session, action, self.scope())
        self.write_object(env)


@cmdlet("Set-AzEnvironment", aliases=("Set-AzureRmEnvironment",), default_set="Name", should_process=True,
        module="Az.Accounts", noun_verb_class=PROFILE_NS + "SetAzureRMEnvironmentCommand")
class SetAzEnvironment(AddAzEnvironment):
    """Sets properties for an Azure environment (a user-defined one; built-in clouds are read-only)."""


@cmdlet("Remove-AzEnvironment", aliases=("Remove-AzureRmEnvironment",), should_process=True,
        module="Az.Accounts", noun_verb_class=PROFILE_NS + "RemoveAzureRMEnvironmentCommand")
class RemoveAzEnvironment(AzCmdlet):
    """Removes endpoints and metadata for connecting to a given Azure instance."""

    Name = Parameter(str, mandatory=True, position=0, pipeline_by_name=True)
    Scope = Parameter(str, validate_set=SCOPES)
    DefaultProfile = Parameter(object, aliases=DEFAULT_PROFILE)

    def run(self) -> None:
        from pwshim.azure.profile import modify, state

        st = state(self.session)
        if self.Name.lower() in (n.lower() for n in st.public_environments()):
            raise PSArgumentException(f"Cannot remove built-in or discovered environment {self.Name}.")
        if not self.should_process(self.Name, "Removing environment"):
            return

        def action(profile: Any) -> Any:
            for key in list(profile.EnvironmentTable):
                if key.lower() == self.Name.lower():
                    env = profile.EnvironmentTable[key]
                    del profile.EnvironmentTable[key]
                    return env
            return None

        env = modify(self.session, action, self.scope())
        if env is not None:
            self.write_object(env)
