"""Bodies of Set-AzContext, Save-AzContext and Import-AzContext (imported on use)."""

from __future__ import annotations

from typing import Any

from pwshim.azure import models as m
from pwshim.azure.arm import ArmClient
from pwshim.azure.context import credential_for, require_context
from pwshim.azure.keystore import CERT_PASSWORD, SP_SECRET
from pwshim.azure.login import (
    _active,
    _matches,
    resolve_tenant,
    subscription_from_arm,
)
from pwshim.azure.profile import (
    CorruptProfileError,
    corrupt_error,
    migrate_secrets,
    modify,
    parse_profile,
    render_profile,
    state,
)
from pwshim.azure.psmodels import (
    PSAzureContext,
    PSAzureProfile,
    PSAzureSubscription,
    PSAzureTenant,
)
from pwshim.runtime.errors import FileNotFoundException, PSArgumentException

INVALID_TENANT_OR_SUB = "Please provide a valid tenant or a valid subscription."


def _tenants(session: Any, ctx: m.AzureContext, tenant: str | None) -> list[str]:
    if tenant:
        return [resolve_tenant(tenant, ctx.Environment, ctx.Account)]  # type: ignore[arg-type]
    current = ctx.Tenant.Id if ctx.Tenant else None
    with ArmClient(ctx.Environment, credential_for(session, ctx)) as arm:  # type: ignore[arg-type]
        listed = [t.get("tenantId") for t in arm.tenants() if t.get("tenantId")]
    # the context's tenant first (Az looks there before the others)
    return ([current] if current in listed else []) + [t for t in listed if t != current]


def find_subscription(session: Any, ctx: m.AzureContext, subscription: str | None, tenant: str | None) -> tuple[str, dict | None, list]:
    """(tenant id, ARM subscription or None, all subscriptions of that tenant)."""
    first: tuple[str, dict | None, list] | None = None
    for tid in _tenants(session, ctx, tenant):
        with ArmClient(ctx.Environment, credential_for(session, ctx, tid)) as arm:  # type: ignore[arg-type]
            subs = arm.subscriptions()
        if subscription:
            match = next((s for s in subs if _matches(s, subscription)), None)
            if match is not None:
                return tid, match, subs
        else:
            active = [s for s in subs if _active(s)]
            return tid, (active[0] if active else None), subs
        first = first or (tid, None, subs)
    if subscription or first is None:
        raise PSArgumentException(INVALID_TENANT_OR_SUB)
    return first


def set_context(cmd: Any) -> None:
    session = cmd.session
    pset = cmd.parameter_set
    name = cmd.Name
    if pset == "Context":
        from pwshim.cmdlets.accounts_context import _unwrap_context

        ctx, ctx_name = _unwrap_context(cmd.Context)
        name = name or ctx_name
    else:
        current = require_context(session)
        subscription = cmd.Subscription
        tenant = cmd.Tenant
        if pset == "SubscriptionObject":
            obj = cmd.SubscriptionObject
            subscription = obj.Id if isinstance(obj, PSAzureSubscription) else str(obj)
            tenant = obj.TenantId if isinstance(obj, PSAzureSubscription) else None
        elif pset == "TenantObject":
            obj = cmd.TenantObject
            tenant = obj.Id if isinstance(obj, PSAzureTenant) else str(obj)
        if tenant is not None and not str(tenant).strip():
            raise PSArgumentException(
                "You must supply a valid tenant object with a valid Id or a valid tenant id string. "
                "Please check the input tenant value and try again."
            )
        tid, sub, subs = find_subscription(session, current, subscription, tenant)
        ctx = current.clone()
        ctx.Tenant = m.AzureTenant(Id=tid)
        assert ctx.Account is not None
        m.set_or_append(ctx.Account.ExtendedProperties, "Tenants", tid)
        active = [s.get("subscriptionId") for s in subs if _active(s)]
        if active:
            ctx.Account.ExtendedProperties["Subscriptions"] = ",".join(active)
        env_name = ctx.Environment.Name if ctx.Environment else ""
        ctx.Subscription = subscription_from_arm(sub, ctx.Account.Id or "", env_name or "", tid) if sub else None
    ctx.ExtendedProperties = m.Hashtable()  # Set-AzContext clears them, then applies -ExtendedProperty
    for key, value in _pairs(cmd.ExtendedProperty):
        ctx.ExtendedProperties[str(key)] = str(value)
    target = ctx.default_name() if not name else name
    if not cmd.should_process(target, "Set context"):
        return
    key = modify(session, lambda profile: profile.add_or_set(ctx, name), cmd.scope())
    cmd.write_object(PSAzureContext(state(session).profile.Contexts.get(key) or ctx, key))


def _pairs(value: Any) -> list[tuple[Any, Any]]:
    if value is None:
        return []
    if hasattr(value, "items"):
        return list(value.items())
    return []


def save_context(cmd: Any) -> None:
    session = cmd.session
    st = state(session)
    profile = st.profile
    value = cmd.Profile
    if isinstance(value, PSAzureProfile):
        value = value.Context
    if isinstance(value, PSAzureContext):
        profile = m.AzureRmProfile()
        profile.add_or_set(value.context, value.Name)
    path = session.resolve_path(cmd.Path)
    if not cmd.should_process(str(path), "Save context"):
        return
    export = m.AzureRmProfile.from_json(profile.to_json())
    if cmd.WithCredential:  # Az 2.13: refill SP secrets from the keystore into the exported file
        store = st.keystore()
        for ctx in export.Contexts.values():
            acct = ctx.Account if ctx is not None else None
            if acct is None or acct.Type != m.SERVICE_PRINCIPAL:
                continue
            tenant = ctx.Tenant.Id if ctx.Tenant else None
            for key in (SP_SECRET, CERT_PASSWORD):
                secret = store.get(acct.Id or "", tenant, key)
                if secret:
                    acct.ExtendedProperties[key] = secret
    from pwshim.azure import filelock

    filelock.replace_file(path, render_profile(export, session.environ), 0o600)


def import_context(cmd: Any) -> None:
    session = cmd.session
    st = state(session)
    if cmd.parameter_set == "InMemoryProfile":
        value = cmd.AzureContext
        if isinstance(value, PSAzureProfile):
            value = value.Context
        if not isinstance(value, PSAzureContext):
            raise PSArgumentException("Please provide a valid context.")
        imported = m.AzureRmProfile()
        imported.add_or_set(value.context.clone(), value.Name)
    else:
        path = session.resolve_path(cmd.Path)
        try:
            raw = path.read_bytes()
        except OSError:
            raise FileNotFoundException(f"Could not find file '{path}'.") from None
        try:
            imported = parse_profile(raw, path)
        except CorruptProfileError as exc:
            raise corrupt_error(path, str(exc)) from None
    # AzureRmProfile.MigrateSecretToKeyStore: plaintext secrets of old files go to the keystore.
    migrate_secrets(st, imported, persist=st.autosave(cmd.scope()))
    if not cmd.should_process(str(cmd.Path or "context"), "Import context"):
        return

    def action(profile: m.AzureRmProfile) -> str:
        for name, env in imported.EnvironmentTable.items():
            profile.EnvironmentTable[name] = env
        for name, ctx in imported.Contexts.items():
            if ctx is not None:
                profile.Contexts[profile.real_key(name) or name] = ctx
        key = imported.real_key(imported.DefaultContextKey) or next(iter(imported.Contexts), m.DEFAULT_CONTEXT)
        profile.DefaultContextKey = profile.real_key(key) or key
        return profile.DefaultContextKey

    key = modify(session, action, cmd.scope())
    ctx = st.profile.Contexts.get(key)
    if ctx is not None:
        cmd.write_object(PSAzureProfile(PSAzureContext(ctx, key), st.environments()))
