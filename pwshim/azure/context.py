"""What other cmdlets need from the signed-in Az context (the resources and graph areas).

    from pwshim.azure.context import require_context, credential_for, arm_url, graph_url, graph_resource
    ctx = require_context(session)            # PSError "Run Connect-AzAccount to login." otherwise
    ctx = context_from(session, self.DefaultProfile)   # honours -DefaultProfile/-AzContext
    cred = credential_for(session, ctx)       # an azure.core TokenCredential for that sign-in
    arm_url(ctx)                              # "https://management.azure.com/" (trailing slash)
    graph_url(ctx), graph_resource(ctx)       # Microsoft Graph base URL / token audience

credential_for rebuilds the credential from the saved context, as Az's authenticators do in a
new process: the managed identity again, the SP secret or certificate password from the
keystore, the certificate from CurrentUser\\My by thumbprint or from its path, the saved
federated token, or the access token given to Connect-AzAccount -AccessToken.

Only managed identities (no secret) and Az-made user sign-ins are kept between requests. Every other kind is
a `Rebuilt` credential: it holds the names of what to read, and builds the azure-identity
credential afresh for each token request, reading the secret, key or token from the keystore or
the certificate store, then lets it go; the tokens stay in the MSAL caches (the files under
CurrentUser scope, the session's memory under Process scope), so a valid token is not asked for
again. No secret stays in memory between cmdlets beyond what the keystore itself holds.
"""

from __future__ import annotations

from typing import Any

from pwshim.azure import credentials as creds
from pwshim.azure import models as m
from pwshim.azure.keystore import CERT_PASSWORD, SP_SECRET
from pwshim.azure.profile import CURRENT_USER, identity_cache_dir, state
from pwshim.runtime.errors import (
    AuthenticationFailedException,
    Category,
    ErrorRecord,
    PSError,
    PSInvalidOperationException,
)

RUN_CONNECT = "Run Connect-AzAccount to login."


def run_connect_error() -> PSError:
    """Az's error when no sign-in exists (AzureRMCmdlet.DefaultContext). The error id is left
    empty so the FullyQualifiedErrorId is the cmdlet's class name, as in pwsh."""
    return PSError(ErrorRecord(PSInvalidOperationException(RUN_CONNECT), "", Category.CloseError))


def current_context(session: Any) -> m.AzureContext | None:
    """The default context, or None (no error)."""
    st = state(session)
    ctx = st.profile.default_context
    if ctx is None or ctx.Account is None or not ctx.Account.Id:
        return None
    return ctx


def require_context(session: Any) -> m.AzureContext:
    """The default context with an account, else PSError 'Run Connect-AzAccount to login.'"""
    ctx = current_context(session)
    if ctx is None:
        raise run_connect_error()
    return ctx


def context_from(session: Any, default_profile: Any = None) -> m.AzureContext:
    """-DefaultProfile/-AzContext's context when a cmdlet was given one (a PSAzureContext, a
    PSAzureProfile or an AzureContext), else the session's default (require_context)."""
    if default_profile is not None:
        from pwshim.azure.psmodels import PSAzureContext, PSAzureProfile

        value = default_profile
        if isinstance(value, PSAzureProfile):
            value = value.Context
        if isinstance(value, PSAzureContext):
            value = value.context
        if isinstance(value, m.AzureContext) and value.Account is not None and value.Account.Id:
            return value
    return require_context(session)


def arm_url(context: m.AzureContext) -> str:
    env = context.Environment
    url = (env.ResourceManagerUrl if env else None) or "https://management.azure.com/"
    return url if url.endswith("/") else url + "/"


def graph_resource(context: m.AzureContext) -> str:
    """The Microsoft Graph token audience (ExtendedProperties MicrosoftGraphEndpointResourceId)."""
    env = context.Environment
    value = env.ExtendedProperties.get("MicrosoftGraphEndpointResourceId") if env else None
    return value or "https://graph.microsoft.com/"


def graph_url(context: m.AzureContext) -> str:
    """The Microsoft Graph base URL (ExtendedProperties MicrosoftGraphUrl), no trailing slash."""
    env = context.Environment
    value = env.ExtendedProperties.get("MicrosoftGraphUrl") if env else None
    return (value or graph_resource(context)).rstrip("/")


def _cache_dir(session: Any) -> Any:
    """The MSAL token caches for a rebuilt credential: the folder (CurrentUser) or the session's
    in-memory caches (Process)."""
    if state(session).mode == CURRENT_USER:
        return identity_cache_dir(session)
    return creds.memory_caches(session.extensions)


class Rebuilt:
    """A TokenCredential that keeps no secret: each request builds the real credential for the
    context's account (as Az's authenticators do per request) and drops it afterwards."""

    def __init__(self, session: Any, context: m.AzureContext, tenant: str, name: str) -> None:
        self._session, self._context, self._tenant = session, context, tenant
        self.credential_name = name  # what credentials.credential_name reports

    def _real(self) -> Any:
        account = self._context.Account
        assert account is not None
        return _build(self._session, self._context, account, self._tenant)

    def _cached(self, scopes: tuple[str, ...], tenant: str | None, cae: bool) -> tuple[str, int] | None:
        """A valid token MSAL would serve silently, found without building the credential (a
        rebuilt credential would first fetch the authority's metadata again)."""
        from pwshim.azure.token_cache_read import cached_token, memory_token

        account, env = self._context.Account, self._context.Environment
        if account is None or len(scopes) != 1 or self.credential_name == "StaticTokenCredential":
            return None
        args = (account.Id or "", tenant or self._tenant, env.ActiveDirectoryAuthority if env else None, scopes[0])
        memory = self._session.extensions.get("azure.token_caches")  # Process-scope sign-ins' tokens
        found = memory_token(memory["_cae_cache" if cae else "_cache"], *args) if memory else None
        caches = _cache_dir(self._session)
        if found is not None or isinstance(caches, dict) or cae:
            return found
        return cached_token(caches, *args)

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        found = self._cached(scopes, kwargs.get("tenant_id"), bool(kwargs.get("enable_cae")))
        if found is not None:
            from azure.core.credentials import AccessToken

            return AccessToken(found[0], found[1])
        return self._real().get_token(*scopes, **kwargs)

    def get_token_info(self, *scopes: str, options: Any = None) -> Any:
        opts = dict(options or {})
        found = self._cached(scopes, opts.get("tenant_id"), bool(opts.get("enable_cae")))
        if found is not None:
            from azure.core.credentials import AccessTokenInfo

            return AccessTokenInfo(found[0], found[1])
        return self._real().get_token_info(*scopes, options=options)


# Kept between requests: a managed identity holds no secret; a user sign-in made by Az reads its
# refresh token from the MSAL cache file on every request anyway (and rebuilding it would cost
# an authority metadata request each time, as its tokens are not issued to account.Id).
_KEPT = (m.MANAGED_SERVICE.lower(), m.USER.lower())


def _kind_name(account: m.AzureAccount) -> str:
    """The azure-identity class a sign-in of this account builds (for Az's error texts)."""
    kind = (account.Type or "").lower()
    ext = account.ExtendedProperties
    if kind == m.ACCESS_TOKEN.lower():
        return "StaticTokenCredential"
    if kind == m.CLIENT_ASSERTION.lower():
        return "ClientAssertionCredential"
    if kind == m.SERVICE_PRINCIPAL.lower():
        return "CertificateCredential" if ext.get("CertificateThumbprint") or ext.get("CertificatePath") else "ClientSecretCredential"
    return "SharedTokenCacheCredential"


def credential_for(session: Any, context: m.AzureContext, tenant: str | None = None) -> Any:
    """An azure-identity credential for the context's account (cached per session)."""
    account = context.Account
    if account is None or not account.Id:
        raise run_connect_error()
    tenant = tenant or (context.Tenant.Id if context.Tenant else None) or "organizations"
    st = state(session)
    cache: dict[tuple[str, ...], Any] = st.session.extensions.setdefault("azure.credentials", {})
    key = (account.Type or "", account.Id.lower(), tenant.lower())
    if key not in cache:
        if (account.Type or "").lower() in _KEPT:
            cache[key] = _build(session, context, account, tenant)
        else:
            _build(session, context, account, tenant)  # fail now (no secret, no certificate), as before
            cache[key] = Rebuilt(session, context, tenant, _kind_name(account))
    return cache[key]


def _build(session: Any, context: m.AzureContext, account: m.AzureAccount, tenant: str) -> Any:
    ext = account.ExtendedProperties
    env = context.Environment
    kind = (account.Type or "").lower()
    if kind == m.MANAGED_SERVICE.lower():
        account_id = None if account.Id.upper().startswith("MSI@") else account.Id
        return creds.managed_identity(account_id)
    st = state(session)
    if kind == m.ACCESS_TOKEN.lower():
        # pwshim keeps the tokens in the keystore; files written by Az have them in ExtendedProperties.
        def token(name: str) -> str:
            return st.secret(account.Id, tenant, name) or ext.get(name) or ""

        return creds.access_token_credential({n: token(n) for n in creds.ACCESS_TOKEN_KEYS}, env)
    if kind == m.CLIENT_ASSERTION.lower():
        assertion = st.secret(account.Id, tenant, "ClientAssertion") or ext.get("ClientAssertion") or ""
        return creds.client_assertion(tenant, account.Id, assertion, env, _cache_dir(session))
    if kind == m.SERVICE_PRINCIPAL.lower():
        home = session.home
        if ext.get("CertificateThumbprint"):
            pem = creds.certificate_from_store(ext["CertificateThumbprint"], home)
            if pem is None:
                raise creds.no_certificate(ext["CertificateThumbprint"])
            return creds.certificate(
                tenant, account.Id, pem, env, _cache_dir(session), _truthy(ext.get("SendCertificateChain"))
            )
        if ext.get("CertificatePath"):
            from pathlib import Path

            password = st.secret(account.Id, tenant, CERT_PASSWORD) or ext.get("CertificatePassword")
            pem = creds.certificate_from_file(Path(ext["CertificatePath"]), password)
            return creds.certificate(
                tenant, account.Id, pem, env, _cache_dir(session), _truthy(ext.get("SendCertificateChain"))
            )
        # ≤2.10.3 files kept the secret in the JSON; Az migrates it to the keystore on load.
        secret = st.secret(account.Id, tenant, SP_SECRET) or ext.get("ServicePrincipalSecret")
        if not secret:
            raise AuthenticationFailedException(
                f"No certificate thumbprint or secret provided for the given service principal '{account.Id}'."
            )
        return creds.client_secret(tenant, account.Id, secret, env, _cache_dir(session))
    if kind == m.USER.lower():
        return creds.az_user_cache(account.Id, tenant, env, identity_cache_dir(session))
    raise AuthenticationFailedException(
        "Interactive authentication is not supported in this session, please run cmdlet "
        "'Connect-AzAccount -UseDeviceAuthentication'."
    )


def _truthy(value: Any) -> bool:
    return str(value).lower() == "true"
