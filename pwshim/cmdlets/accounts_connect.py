"""Connect-AzAccount's body (ConnectAzureRmAccountCommand.ExecuteCmdlet), imported on use."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pwshim.azure import credentials as creds
from pwshim.azure import models as m
from pwshim.azure.keystore import CERT_PASSWORD, KEYSTORE_FILE, SP_SECRET
from pwshim.azure.login import LoginSpec, login
from pwshim.azure.profile import azure_dir, identity_cache_dir, modify, state
from pwshim.azure.tokencache import adopt_tokens, fresh_caches
from pwshim.azure.psmodels import PSAzureContext, PSAzureProfile
from pwshim.cmdlets import accounts as A
from pwshim.runtime.errors import (
    ArgumentException,
    AuthenticationFailedException,
    PSArgumentException,
)


def unknown_environment(name: str) -> PSArgumentException:
    return PSArgumentException(f"Unable to find environment with name '{name}'")


def environment_for(cmd: Any) -> Any:
    st = state(cmd.session)
    from pwshim.azure.environments import default_environment_name

    name = cmd.Environment or default_environment_name(cmd.session.environ)
    env = st.find_environment(name)
    if env is None:
        raise unknown_environment(name)
    return env


Secrets = list[tuple[str, str, str, str]]  # (appId, tenant as given, keystore name, secret)


def sign_in_kind(cmd: Any, env: Any, cache_dir: Path | dict[str, Any] | None) -> tuple[m.AzureAccount, Callable[[str], Any], Secrets]:
    """The account, a tenant -> credential factory and the secrets to keep, per parameter set."""
    session = cmd.session
    pset = cmd.parameter_set
    account = m.AzureAccount()
    secrets: Secrets = []
    factory: Callable[[str], Any]
    tenant = cmd.Tenant

    if pset == A.U:
        if cmd.UseDeviceAuthentication:
            raise AuthenticationFailedException(A.NO_DEVICE_CODE)
        raise AuthenticationFailedException(A.NO_INTERACTIVE)
    if pset == A.UC:
        raise AuthenticationFailedException(
            "UsernamePasswordCredential (-Credential without -ServicePrincipal) is not supported: Microsoft Entra "
            "requires multifactor authentication for user sign-ins. Use a service principal or a managed identity."
        )
    if pset == A.MSI:
        account.Type = m.MANAGED_SERVICE
        account.Id = cmd.AccountId or m.MSI_SYSTEM_ACCOUNT
        msi = creds.managed_identity(cmd.AccountId)
        factory = lambda _tenant: msi
    elif pset == A.SP:
        credential = cmd.Credential
        app_id = credential.UserName
        secret = credential.Password.reveal()
        account.Type = m.SERVICE_PRINCIPAL
        account.Id = app_id
        secrets.append((app_id, tenant, SP_SECRET, secret))
        factory = lambda t: creds.client_secret(t, app_id, secret, env, cache_dir)
    elif pset == A.SPC:
        thumb = (cmd.CertificateThumbprint or "").strip()
        if not thumb:
            raise ArgumentException("certificate thumbprint is invalid or empty.")
        pem = creds.certificate_from_store(thumb, session.home)
        if pem is None:
            raise creds.no_certificate(cmd.CertificateThumbprint)
        account.Type = m.SERVICE_PRINCIPAL
        account.Id = cmd.ApplicationId
        account.ExtendedProperties["CertificateThumbprint"] = thumb
        chain = bool(cmd.SendCertificateChain)
        if chain:
            account.ExtendedProperties["SendCertificateChain"] = "True"
        factory = lambda t: creds.certificate(t, cmd.ApplicationId, pem, env, cache_dir, chain)
    elif pset == A.SPCF:
        path = session.resolve_path(cmd.CertificatePath)
        if not path.is_file():
            raise creds.invalid_cert_path(Path(cmd.CertificatePath))
        password = cmd.CertificatePassword.reveal() if cmd.CertificatePassword is not None else None
        pem = creds.certificate_from_file(path, password)
        account.Type = m.SERVICE_PRINCIPAL
        account.Id = cmd.ApplicationId
        account.ExtendedProperties["CertificatePath"] = str(path)
        chain = bool(cmd.SendCertificateChain)
        if chain:
            account.ExtendedProperties["SendCertificateChain"] = "True"
        if password:
            secrets.append((cmd.ApplicationId, tenant, CERT_PASSWORD, password))
        factory = lambda t: creds.certificate(t, cmd.ApplicationId, pem, env, cache_dir, chain)
    elif pset == A.CA:
        cmd.write_warning(A.FEDERATED_PREVIEW)
        token = cmd.FederatedToken
        account.Type = m.CLIENT_ASSERTION
        account.Id = cmd.ApplicationId
        # Az keeps the assertion in the account's ExtendedProperties in plaintext; pwshim keeps
        # it in the keystore so AzureRmContext.json holds no credential.
        secrets.append((cmd.ApplicationId, tenant, "ClientAssertion", token))
        factory = lambda t: creds.client_assertion(t, cmd.ApplicationId, token, env, cache_dir)
    elif pset == A.AT:
        if cmd.SkipValidation and not (cmd.Subscription and tenant):
            raise ArgumentException(A.SKIP_VALIDATION_ERROR)
        account.Type = m.ACCESS_TOKEN
        account.Id = cmd.AccountId
        tokens = _access_tokens(cmd)
        for name, value in tokens.items():
            if value:
                secrets.append((cmd.AccountId, tenant or "", name, value))
        static = creds.access_token_credential(tokens, env)
        factory = lambda _tenant: static
    else:  # pragma: no cover - the binder resolves one of the sets above
        raise ArgumentException(f"Unsupported parameter set '{pset}'.")
    return account, factory, secrets


def connect(cmd: Any) -> None:
    session = cmd.session
    st = state(session)
    env = environment_for(cmd)
    scope = cmd.scope()
    autosave = st.autosave(scope)
    # Process scope: the tokens go to the session's in-memory MSAL caches, where later cmdlets'
    # (rebuilt) credentials find them; no credential is kept alive for its tokens.
    cache_dir = identity_cache_dir(session) if autosave else creds.memory_caches(session.extensions)
    tenant = cmd.Tenant
    # A secret or certificate sign-in authenticates with what it was given: its credential starts
    # from empty caches, and its tokens replace the app's cached ones only once it succeeded.
    fresh = fresh_caches() if cmd.parameter_set in (A.SP, A.SPC, A.SPCF) else None
    account, factory, secrets = sign_in_kind(cmd, env, fresh if fresh is not None else cache_dir)

    target = f"{account.Type} account in environment '{env.Name}'"
    if not cmd.should_process(target, "log in"):
        return

    if cmd.AuthScope:
        # -AuthScope: sign in for that resource first (a name as Get-AzAccessToken's
        # -ResourceTypeName, or a resource URL), then ARM tokens follow silently (Connect-AzAccount.md).
        from pwshim.azure.tokens import resource_for, scope_for

        scope = cmd.AuthScope
        resource = scope if "://" in scope else resource_for(m.AzureContext(Environment=env), scope)
        factory(tenant or "organizations").get_token(scope_for(resource))
    spec = LoginSpec(account, factory, env, tenant, cmd.Subscription, bool(cmd.SkipValidation))
    result = login(spec, cmd.write_warning)

    # Secrets go to the keystore (file under CurrentUser scope, memory under Process), never the JSON.
    store = st.keystore(persist=autosave)
    for app_id, t, name, secret in secrets:
        store.set(app_id, t or (result.tenant or ""), name, secret)
        if name == "ClientAssertion" or name in _TOKEN_KEYS:
            continue
        if autosave and name in (SP_SECRET, CERT_PASSWORD):
            cmd.write_warning(A.SERVICE_PRINCIPAL_WARNING.format(KEYSTORE_FILE, azure_dir(session)))

    if fresh is not None:
        target = creds.persistent_caches(cache_dir) if isinstance(cache_dir, Path) else cache_dir
        adopt_tokens(fresh, target, account.Id or "")

    populate = not cmd.SkipContextPopulation and cmd.MaxContextPopulation != 0

    def action(profile: m.AzureRmProfile) -> str:
        prior = profile.default_context
        had_account = prior is not None and prior.Account is not None and bool(prior.Account.Id)
        if populate and not had_account:
            limit = cmd.MaxContextPopulation
            others = result.population if limit < 0 else result.population[: max(limit - 1, 0)]
            for ctx in others:
                profile.add_or_set(ctx, make_default=False)
        name = profile.add_or_set(result.context, cmd.ContextName)
        if profile.real_key(m.DEFAULT_CONTEXT) and name.lower() != m.DEFAULT_CONTEXT.lower():
            profile.remove(profile.real_key(m.DEFAULT_CONTEXT))  # type: ignore[arg-type]
            profile.DefaultContextKey = name
        return name

    name = modify(session, action, scope)
    # This session keeps using a managed identity it just signed in with (it holds no secret);
    # any other credential is rebuilt per request from the keystore (context.credential_for).
    cache = session.extensions.setdefault("azure.credentials", {})
    if account.Type == m.MANAGED_SERVICE and result.credential is not None and result.context.Tenant is not None:
        key = (account.Type or "", (account.Id or "").lower(), (result.context.Tenant.Id or "").lower())
        cache[key] = result.credential
    ctx = st.profile.Contexts.get(name) or result.context
    cmd.write_object(PSAzureProfile(PSAzureContext(ctx, name), st.environments()))


_TOKEN_KEYS = creds.ACCESS_TOKEN_KEYS


def _access_tokens(cmd: Any) -> dict[str, str]:
    return {
        "AccessToken": cmd.AccessToken or "",
        "GraphAccessToken": cmd.GraphAccessToken or "",
        "MicrosoftGraphAccessToken": cmd.MicrosoftGraphAccessToken or "",
        "KeyVault": cmd.KeyVaultAccessToken or "",
    }
