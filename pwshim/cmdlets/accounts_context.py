"""Get-/Set-/Rename-/Remove-/Clear-AzContext, Disconnect-AzAccount, Save-/Import-AzContext (§6.2)."""

from __future__ import annotations

from typing import Any

from pwshim.cmdlets.accounts_base import PROFILE_NS, AzCmdlet, param
from pwshim.runtime.cmdlet import Parameter, Switch, cmdlet
from pwshim.runtime.errors import PSArgumentException

SCOPES = ("Process", "CurrentUser")
CLEAR_PROMPT = "Remove all accounts and subscriptions in all sessions for the current user?"
INVALID_TENANT_OR_SUB = "Please provide a valid tenant or a valid subscription."
NO_ACCOUNTS = "No accounts were found to disconnect from. Ending call to Disconnect-AzAccount."


def _ps_context(ctx: Any, name: str) -> Any:
    from pwshim.azure.psmodels import PSAzureContext

    return PSAzureContext(ctx, name)


def _unwrap_context(value: Any) -> Any:
    from pwshim.azure.models import AzureContext
    from pwshim.azure.psmodels import PSAzureContext

    if isinstance(value, PSAzureContext):
        return value.context.clone(), value.Name
    if isinstance(value, AzureContext):
        return value.clone(), None
    raise PSArgumentException("Please provide a valid context.")


@cmdlet("Get-AzContext", default_set="GetSingleContext", module="Az.Accounts",
        noun_verb_class=PROFILE_NS + "GetAzureRMContextCommand")
class GetAzContext(AzCmdlet):
    """Gets the metadata used to authenticate Azure Resource Manager requests."""

    Name = Parameter(str, position=0, sets=("GetSingleContext",))
    ListAvailable = param(Switch, (), ("ListAllContexts",))
    RefreshContextFromTokenCache = param(Switch, ("ListAllContexts",))
    DefaultProfile = Parameter(object, aliases=("AzContext", "AzureRmContext", "AzureCredential"))

    def run(self) -> None:
        from pwshim.azure.profile import state

        st = state(self.session)
        profile = st.profile
        if self.ListAvailable:
            for name, ctx in profile.Contexts.items():
                if name.lower() != "default" and ctx is not None:
                    self.write_object(_ps_context(ctx, name))
            return
        if self.Name:
            key = profile.real_key(self.Name)
            if key is not None:
                self.write_object(_ps_context(profile.Contexts[key], key))
            return
        ctx = profile.default_context
        if ctx is not None and ctx.Account is not None and ctx.Account.Id:
            self.write_object(_ps_context(ctx, profile.DefaultContextKey))


@cmdlet("Set-AzContext", aliases=("Select-AzSubscription", "Select-AzureRmSubscription", "Set-AzureRmContext"),
        default_set="Subscription", should_process=True, module="Az.Accounts",
        noun_verb_class=PROFILE_NS + "SetAzureRMContextCommand")
class SetAzContext(AzCmdlet):
    """Sets the tenant, subscription, and environment for cmdlets to use in the current session."""

    Context = Parameter(object, mandatory=True, position=0, pipeline=True, sets=("Context",))
    SubscriptionObject = Parameter(object, mandatory=True, pipeline=True, sets=("SubscriptionObject",))
    TenantObject = Parameter(object, mandatory=True, pipeline=True, sets=("TenantObject",))
    Subscription = Parameter(str, mandatory=True, position=0, pipeline=True, sets=("Subscription",),
                             aliases=("SubscriptionId", "SubscriptionName"))
    Tenant = param(str, ("Subscription",), ("TenantNameOnly",), aliases=("Domain", "TenantId"))
    Name = Parameter(str)
    ExtendedProperty = Parameter(object)
    Force = Parameter(Switch)
    Scope = Parameter(str, validate_set=SCOPES)
    DefaultProfile = Parameter(object, aliases=("AzContext", "AzureRmContext", "AzureCredential"))

    def run(self) -> None:
        from pwshim.cmdlets.accounts_select import set_context

        set_context(self)


@cmdlet("Select-AzContext", aliases=("Select-AzureRmContext",), default_set="SelectByName", should_process=True,
        module="Az.Accounts", noun_verb_class=PROFILE_NS + "SelectAzureRmContext")
class SelectAzContext(AzCmdlet):
    """Select a subscription and account to target in Azure PowerShell cmdlets."""

    InputObject = Parameter(object, mandatory=True, pipeline=True, sets=("SelectByInputObject",))
    Name = Parameter(str, mandatory=True, position=0, sets=("SelectByName",))
    Scope = Parameter(str, validate_set=SCOPES)
    DefaultProfile = Parameter(object, aliases=("AzContext", "AzureRmContext", "AzureCredential"))

    def run(self) -> None:
        from pwshim.azure.profile import modify

        name = self.Name if self.InputObject is None else self.InputObject.Name
        if not self.should_process(name, "Select context"):
            return

        def action(profile: Any) -> Any:
            key = profile.real_key(name)
            if key is None:
                raise PSArgumentException(f"Context '{name}' does not exist.")
            profile.DefaultContextKey = key
            return profile.Contexts[key], key

        ctx, key = modify(self.session, action, self.scope())
        self.write_object(_ps_context(ctx, key))


@cmdlet("Rename-AzContext", aliases=("Rename-AzureRmContext",), default_set="RenameByName", should_process=True,
        module="Az.Accounts", noun_verb_class=PROFILE_NS + "RenameAzureRmContext")
class RenameAzContext(AzCmdlet):
    """Rename an Azure context. By default contexts are named by user account and subscription."""

    InputObject = Parameter(object, mandatory=True, pipeline=True, sets=("RenameByInputObject",))
    SourceName = Parameter(str, mandatory=True, position=0, sets=("RenameByName",))
    TargetName = Parameter(str, mandatory=True, position=1)
    PassThru = Parameter(Switch)
    Force = Parameter(Switch)
    Scope = Parameter(str, validate_set=SCOPES)
    DefaultProfile = Parameter(object, aliases=("AzContext", "AzureRmContext", "AzureCredential"))

    def run(self) -> None:
        from pwshim.azure.profile import modify

        source = self.SourceName if self.InputObject is None else self.InputObject.Name
        target = self.TargetName

        def action(profile: Any) -> Any:
            key = profile.real_key(source)
            if key is None:
                raise PSArgumentException(f"Context '{source}' does not exist.")
            ctx = profile.Contexts[key]
            was_default = profile.DefaultContextKey.lower() == key.lower()
            del profile.Contexts[key]
            profile.Contexts[target] = ctx
            if was_default:
                profile.DefaultContextKey = target
            return ctx

        if not self.should_process(source, f"Rename context to '{target}'"):
            return
        ctx = modify(self.session, action, self.scope())
        if self.PassThru:
            self.write_object(_ps_context(ctx, target))


@cmdlet("Remove-AzContext", aliases=("Remove-AzureRmContext",), default_set="RemoveByName", should_process=True,
        module="Az.Accounts", noun_verb_class=PROFILE_NS + "RemoveAzureRmContext")
class RemoveAzContext(AzCmdlet):
    """Remove a context from the set of available contexts."""

    InputObject = Parameter(object, mandatory=True, pipeline=True, sets=("RemoveByInputObject",))
    Name = Parameter(str, mandatory=True, position=0, sets=("RemoveByName",))
    Force = Parameter(Switch)
    PassThru = Parameter(Switch)
    Scope = Parameter(str, validate_set=SCOPES)
    DefaultProfile = Parameter(object, aliases=("AzContext", "AzureRmContext", "AzureCredential"))

    def run(self) -> None:
        from pwshim.azure.profile import modify

        name = self.Name if self.InputObject is None else self.InputObject.Name
        if not self.should_process(name, "Remove context"):
            return

        def action(profile: Any) -> Any:
            key = profile.real_key(name)
            if key is None:
                raise PSArgumentException(f"Context '{name}' does not exist.")
            ctx = profile.Contexts[key]
            profile.remove(key)
            return ctx, key

        ctx, key = modify(self.session, action, self.scope())
        if self.PassThru:
            self.write_object(_ps_context(ctx, key))


@cmdlet("Clear-AzContext", aliases=("Clear-AzureRmContext",), should_process=True, module="Az.Accounts",
        noun_verb_class=PROFILE_NS + "ClearAzureRmContext")
class ClearAzContext(AzCmdlet):
    """Remove all Azure credentials, account, and subscription information."""

    PassThru = Parameter(Switch)
    Scope = Parameter(str, validate_set=SCOPES)
    Force = Parameter(Switch)
    DefaultProfile = Parameter(object, aliases=("AzContext", "AzureRmContext", "AzureCredential"))

    def run(self) -> None:
        from pwshim.azure.profile import modify, state
        from pwshim.azure.tokencache import clear_token_caches

        st = state(self.session)
        scope = self.scope()
        autosave = st.autosave(scope)
        if autosave and not self.Force and not self._confirm():
            return
        if not self.should_process("All contexts", "Remove all accounts and subscriptions"):
            return

        def action(profile: Any) -> None:
            profile.Contexts.clear()
            profile.DefaultContextKey = "Default"

        modify(self.session, action, scope)
        st.keystore(persist=autosave).clear()
        for key in ("azure.credentials", "azure.rest.clients", "azure.token_caches"):
            self.session.extensions.pop(key, None)  # credentials, the clients holding them and their tokens
        if autosave:
            clear_token_caches(self.session)
        if self.PassThru:
            self.write_object(True)

    def _confirm(self) -> bool:
        """ShouldContinue: pwsh's Yes/No prompt (fails in a non-interactive host)."""
        host = self.session.host
        host.write_line("")
        host.write_line("Confirm")
        host.write_line(CLEAR_PROMPT)
        answer = host.read_line('[Y] Yes  [N] No  [S] Suspend  [?] Help (default is "Y"): ')
        return answer.strip().lower() in ("", "y", "yes")


@cmdlet("Disconnect-AzAccount", aliases=("Logout-AzAccount", "Logout-AzureRmAccount", "Remove-AzAccount", "Disconnect-AzureRmAccount"),
        default_set="ContextName", should_process=True, module="Az.Accounts",
        noun_verb_class=PROFILE_NS + "DisconnectAzureRmAccountCommand")
class DisconnectAzAccount(AzCmdlet):
    """Disconnects a connected Azure account and removes all credentials and contexts associated with that account."""

    Username = Parameter(str, mandatory=True, position=0, sets=("UserId",), aliases=("Id", "UserId"))
    ApplicationId = Parameter(str, mandatory=True, sets=("ServicePrincipal",))
    TenantId = Parameter(str, mandatory=True, sets=("ServicePrincipal",))
    InputObject = Parameter(object, mandatory=True, pipeline=True, sets=("AccountObject",))
    AzureContext = Parameter(object, mandatory=True, pipeline=True, sets=("ContextObject",))
    ContextName = Parameter(str, sets=("ContextName",))
    Scope = Parameter(str, validate_set=SCOPES)
    DefaultProfile = Parameter(object, aliases=("AzContext", "AzureRmContext", "AzureCredential"))

    def run(self) -> None:
        from pwshim.azure.profile import modify, state
        from pwshim.azure.psmodels import PSAzureRmAccount
        from pwshim.azure.tokencache import forget_account

        st = state(self.session)
        account = self._account(st.profile)
        if account is None:
            self.write_verbose(NO_ACCOUNTS)
            return
        if not self.should_process(account.Id or "", "Log out"):
            return
        scope = self.scope()
        autosave = st.autosave(scope)

        def action(profile: Any) -> None:
            for name in [k for k, c in profile.Contexts.items()
                         if c is not None and c.Account is not None and (c.Account.Id or "").lower() == (account.Id or "").lower()]:
                profile.remove(name)

        modify(self.session, action, scope)
        st.keystore(persist=autosave).remove(account.Id or "")
        creds = self.session.extensions.get("azure.credentials", {})
        for key in [k for k in creds if k[1] == (account.Id or "").lower()]:
            del creds[key]
        # The clients built on those credentials hold them (and a bearer token) too.
        self.session.extensions.pop("azure.rest.clients", None)
        if autosave:
            forget_account(self.session, account.Id or "")
        self.write_object(PSAzureRmAccount(account))

    def _account(self, profile: Any) -> Any:
        from pwshim.azure.models import AzureAccount
        from pwshim.azure.psmodels import PSAzureContext, PSAzureRmAccount

        pset = self.parameter_set
        wanted = None
        if pset == "UserId":
            wanted = self.Username
        elif pset == "ServicePrincipal":
            wanted = self.ApplicationId
        elif pset == "AccountObject":
            obj = self.InputObject
            wanted = obj.Id if isinstance(obj, PSAzureRmAccount) else getattr(obj, "Id", None)
        elif pset == "ContextObject":
            obj = self.AzureContext
            if isinstance(obj, PSAzureContext) and obj.context.Account is not None:
                wanted = obj.context.Account.Id
        elif self.ContextName:
            key = profile.real_key(self.ContextName)
            ctx = profile.Contexts.get(key) if key else None
            return ctx.Account if ctx is not None else None
        else:
            ctx = profile.default_context
            return ctx.Account if ctx is not None and ctx.Account is not None and ctx.Account.Id else None
        for ctx in profile.Contexts.values():
            if ctx is not None and ctx.Account is not None and (ctx.Account.Id or "").lower() == (wanted or "").lower():
                return ctx.Account
        return AzureAccount(Id=wanted) if wanted else None


@cmdlet("Save-AzContext", aliases=("Save-AzureRmContext", "Save-AzureRmProfile"), should_process=True,
        module="Az.Accounts", noun_verb_class=PROFILE_NS + "SaveAzureRMContextCommand")
class SaveAzContext(AzCmdlet):
    """Saves the current authentication information for use in other PowerShell sessions."""

    Profile = Parameter(object, position=0, pipeline=True)
    Path = Parameter(str, mandatory=True, position=1)
    Force = Parameter(Switch)
    WithCredential = Parameter(Switch)
    DefaultProfile = Parameter(object, aliases=("AzContext", "AzureRmContext", "AzureCredential"))

    def run(self) -> None:
        from pwshim.cmdlets.accounts_select import save_context

        save_context(self)


@cmdlet("Import-AzContext", aliases=("Import-AzureRmContext", "Select-AzureRmProfile"), default_set="ProfileFromDisk",
        should_process=True, module="Az.Accounts", noun_verb_class=PROFILE_NS + "ImportAzureRMContextCommand")
class ImportAzContext(AzCmdlet):
    """Loads Azure authentication information from a file."""

    AzureContext = Parameter(object, mandatory=True, position=0, pipeline=True, sets=("InMemoryProfile",))
    Path = Parameter(str, mandatory=True, position=0, sets=("ProfileFromDisk",))
    Scope = Parameter(str, validate_set=SCOPES)
    DefaultProfile = Parameter(object, aliases=("AzContext", "AzureRmContext", "AzureCredential"))

    def run(self) -> None:
        from pwshim.cmdlets.accounts_select import import_context

        import_context(self)
