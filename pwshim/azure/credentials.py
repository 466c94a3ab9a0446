"""azure-identity credentials for each Az sign-in kind (imported lazily: azure.identity costs
~0.2 s, so only the code paths that need a token pay for it).

Az.Accounts picks the authenticator by account type (§1.4, §5.1): ManagedService ->
ManagedIdentityCredential, ServicePrincipal -> ClientSecretCredential / CertificateCredential,
ClientAssertion -> ClientAssertionCredential, AccessToken -> the given token. The authority is
the environment's ActiveDirectoryAuthority; instance discovery is turned off for hosts MSAL
does not know (azure-identity-offline.md).
"""

from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path
from typing import Any

from pwshim.azure.environments import AzureEnvironment, is_microsoft_authority
from pwshim.runtime.errors import ArgumentException

MSAL_CACHE_NOCAE = "msal.cache.nocae"

#: Seconds a request may go unanswered, all retries included: .NET HttpClient.Timeout's default
#: (100 s), which bounds Az's MSAL.NET / Azure.Identity / SDK calls. azure-identity's own
#: defaults (300 s read timeout, up to 10 retries) could keep a silent endpoint waiting for
#: most of an hour. PWSHIM_HTTP_TIMEOUT overrides the figure (seconds).
DEFAULT_HTTP_TIMEOUT = 100.0
HTTP_TIMEOUT_VARIABLE = "PWSHIM_HTTP_TIMEOUT"


def http_timeout() -> float:
    try:
        value = float(os.environ.get(HTTP_TIMEOUT_VARIABLE) or DEFAULT_HTTP_TIMEOUT)
    except ValueError:
        return DEFAULT_HTTP_TIMEOUT
    return value if value > 0 else DEFAULT_HTTP_TIMEOUT


def transport_kwargs() -> dict[str, float]:
    """azure-core settings for a credential's pipeline: per-attempt connect/read timeouts and
    the RetryPolicy's total budget, all `http_timeout()`."""
    t = http_timeout()
    return {"connection_timeout": t, "read_timeout": t, "timeout": t}


def pipeline_kwargs() -> dict[str, Any]:
    """`transport_kwargs()` plus a transport over the process's connection pool (httppool.py:
    the token request and the ARM calls after it share connections), for a credential."""
    from pwshim.azure.httppool import transport

    kwargs: dict[str, Any] = dict(transport_kwargs())
    kwargs["transport"] = transport(connection_timeout=kwargs["connection_timeout"], read_timeout=kwargs["read_timeout"])
    return kwargs


MSAL_CACHE_CAE = "msal.cache.cae"


_QUIET = False


def quiet_sdk_logging() -> None:
    """azure-identity logs each failure at WARNING; with no handler configured Python's
    last-resort handler would print those to stderr next to pwshim's own (Az-worded) error.
    A NullHandler on the SDK loggers keeps them silent unless the host configures logging."""
    global _QUIET
    if _QUIET:
        return
    import logging

    for name in ("azure", "msal", "msal_extensions"):
        logging.getLogger(name).addHandler(logging.NullHandler())
    _QUIET = True


def authority_kwargs(env: AzureEnvironment | None) -> dict[str, Any]:
    """authority= and disable_instance_discovery= for azure-identity from the environment."""
    quiet_sdk_logging()
    kwargs: dict[str, Any] = {}
    authority = (env.ActiveDirectoryAuthority if env else None) or ""
    authority = authority.rstrip("/")
    if authority:
        # Az's authority may carry a path (ADFS "/adfs"); azure-identity wants host[:port].
        kwargs["authority"] = authority
        if not is_microsoft_authority(authority):
            kwargs["disable_instance_discovery"] = True
    return kwargs


def persistent_caches(cache_dir: Path | None) -> dict[str, Any]:
    """MSAL token caches persisted as plaintext MSAL JSON in ~/.local/share/.IdentityService
    (msal.cache.nocae / .cae, 0600, `<file>.lockfile`), the location and format Az uses on a
    machine without a keyring (§4), so a later process reuses a valid token."""
    if cache_dir is None:
        return {}
    try:
        import msal_extensions
    except ImportError:
        return {}
    from pwshim.azure.filelock import ensure_dir

    ensure_dir(cache_dir)  # 0700, and so are missing parents (~/.local, ~/.local/share) under any umask
    caches = {}
    for key, name in (("_cache", MSAL_CACHE_NOCAE), ("_cae_cache", MSAL_CACHE_CAE)):
        path = cache_dir / name
        if not path.exists():
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            os.close(fd)
        caches[key] = msal_extensions.PersistedTokenCache(msal_extensions.FilePersistence(str(path)))
    return caches


def memory_caches(holder: dict[str, Any]) -> dict[str, Any]:
    """In-memory MSAL token caches kept in `holder` (a session's extensions) for sign-ins whose
    tokens are not persisted (Process scope): credentials built one after another share them, so
    a token is requested once, and no credential has to be kept alive to keep its tokens."""
    import msal

    return holder.setdefault("azure.token_caches", {"_cache": msal.TokenCache(), "_cae_cache": msal.TokenCache()})


def _caches(cache_dir: Path | dict[str, Any] | None) -> dict[str, Any]:
    """`_cache`/`_cae_cache` for azure-identity: a folder's persisted caches, or given caches."""
    return cache_dir if isinstance(cache_dir, dict) else persistent_caches(cache_dir)


def _tls_cause(exc: BaseException) -> BaseException | None:
    """The TLS failure (untrusted or invalid server certificate) behind an exception, if any."""
    seen = 0
    cause: BaseException | None = exc
    while cause is not None and seen < 10:
        text = str(cause)
        if "CERTIFICATE_VERIFY_FAILED" in text or "SSLError" in type(cause).__name__ or "[SSL" in text:
            return cause
        cause = cause.__cause__ or cause.__context__
        seen += 1
    return None


def _load_identity() -> None:
    """azure.identity (and what it imports), through sdk.load."""
    from pwshim.azure import sdk

    sdk.load(sdk.IDENTITY)


class ManagedIdentity:
    """azure-identity's ManagedIdentityCredential (bounded by `transport_kwargs`). Its
    "no response from the IMDS endpoint" hides a refused server certificate; .NET names it
    ("The SSL connection could not be established"), and so does this wrapper."""

    def __init__(self, **kwargs: Any) -> None:
        _load_identity()
        from azure.identity import ManagedIdentityCredential

        self._credential = ManagedIdentityCredential(**kwargs, **pipeline_kwargs())

    def _call(self, name: str, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.exceptions import ClientAuthenticationError
        from azure.identity import CredentialUnavailableError

        try:
            return self._invoke(name, *scopes, **kwargs)
        except ClientAuthenticationError as exc:
            tls = _tls_cause(exc)
            if tls is None:
                raise
            message = f"{exc.message} The SSL connection could not be established: {tls}"
            raise CredentialUnavailableError(message=message) from exc

    def _invoke(self, name: str, *scopes: str, **kwargs: Any) -> Any:
        return getattr(self._credential, name)(*scopes, **kwargs)

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        return self._call("get_token", *scopes, **kwargs)

    def get_token_info(self, *scopes: str, options: Any = None) -> Any:
        return self._call("get_token_info", *scopes, options=options)


class UserAssignedIdentity(ManagedIdentity):
    """A user-assigned identity named by a GUID: a client id first (what Az passes), then, if
    the endpoint does not know that client id, the same GUID as an object (principal) id."""

    def __init__(self, guid: str) -> None:
        super().__init__(client_id=guid)
        self._guid = guid
        self._tried_object_id = False

    def _invoke(self, name: str, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.exceptions import ClientAuthenticationError
        from azure.identity import ManagedIdentityCredential

        try:
            return getattr(self._credential, name)(*scopes, **kwargs)
        except ClientAuthenticationError as exc:
            if self._tried_object_id or "identity not found" not in str(exc).lower():
                raise
            self._tried_object_id = True
            self._credential = ManagedIdentityCredential(identity_config={"object_id": self._guid}, **pipeline_kwargs())
            return getattr(self._credential, name)(*scopes, **kwargs)


def credential_name(credential: Any) -> str:
    """The Azure.Identity class name Az's messages use for this credential."""
    if isinstance(credential, ManagedIdentity):
        return "ManagedIdentityCredential"
    named = getattr(credential, "credential_name", None)
    if isinstance(named, str):
        return named  # context.Rebuilt: the kind of credential it builds per request
    return type(credential).__name__


def takes_tenant(credential: Any) -> bool:
    """Whether get_token(tenant_id=...) means anything (not for managed identities/static tokens)."""
    return credential_name(credential) not in ("ManagedIdentityCredential", "StaticTokenCredential")


def managed_identity(account_id: str | None) -> Any:
    """System-assigned, or user-assigned by client id, resource id ("/subscriptions/...", sent
    as msi_res_id) or object id (a GUID the endpoint does not know as a client id)."""
    quiet_sdk_logging()
    if not account_id:
        return ManagedIdentity()
    if account_id.startswith("/"):
        return ManagedIdentity(identity_config={"resource_id": account_id})
    return UserAssignedIdentity(account_id)


def az_user_cache(username: str, tenant: str, env: AzureEnvironment | None, cache_dir: Path) -> Any:
    """A user sign-in made by Azure PowerShell itself: its tokens are in the MSAL cache
    (~/.local/share/.IdentityService/msal.cache.cae, plaintext fallback; msal.cache before
    2.15.1). azure-identity's SharedTokenCacheCredential reads that cache: a valid access token
    is used as is, a refresh token is redeemed (Az's client 1950a258... is in the same FOCI
    family as azure-identity's). pwshim itself never signs users in."""
    _load_identity()
    import msal_extensions
    from azure.identity import SharedTokenCacheCredential

    quiet_sdk_logging()
    path = next(
        (cache_dir / n for n in (MSAL_CACHE_CAE, MSAL_CACHE_NOCAE, "msal.cache") if (cache_dir / n).exists()),
        cache_dir / MSAL_CACHE_CAE,
    )
    cache = msal_extensions.PersistedTokenCache(msal_extensions.FilePersistence(str(path)))
    authority = authority_kwargs(env).get("authority")
    return SharedTokenCacheCredential(username=username, tenant_id=tenant, authority=authority, _cache=cache, _cae_cache=cache)


def client_secret(tenant: str, app_id: str, secret: str, env: AzureEnvironment | None, cache_dir: Path | dict[str, Any] | None) -> Any:
    _load_identity()
    from azure.identity import ClientSecretCredential

    return ClientSecretCredential(
        tenant, app_id, secret, additionally_allowed_tenants=["*"], **authority_kwargs(env), **_caches(cache_dir), **pipeline_kwargs()
    )


def certificate(
    tenant: str,
    app_id: str,
    pem: bytes,
    env: AzureEnvironment | None,
    cache_dir: Path | dict[str, Any] | None,
    send_chain: bool = False,
) -> Any:
    _load_identity()
    from azure.identity import CertificateCredential

    return CertificateCredential(
        tenant,
        app_id,
        certificate_data=pem,
        send_certificate_chain=send_chain,
        additionally_allowed_tenants=["*"],
        **authority_kwargs(env),
        **_caches(cache_dir), **pipeline_kwargs(),
    )


def client_assertion(tenant: str, app_id: str, assertion: str, env: AzureEnvironment | None, cache_dir: Path | dict[str, Any] | None) -> Any:
    _load_identity()
    from azure.identity import ClientAssertionCredential

    return ClientAssertionCredential(
        tenant,
        app_id,
        lambda: assertion,
        additionally_allowed_tenants=["*"],
        **authority_kwargs(env),
        **_caches(cache_dir), **pipeline_kwargs(),
    )


def jwt_claims(token: str) -> dict[str, Any]:
    """The payload of a JWT (unverified: only to read exp/tid/oid as Az does)."""
    try:
        payload = token.split(".")[1]
        payload += "=" * (-len(payload) % 4)
        data = json.loads(base64.urlsafe_b64decode(payload.encode()))
        return data if isinstance(data, dict) else {}
    except (IndexError, ValueError, TypeError):
        return {}


ACCESS_TOKEN_KEYS = ("AccessToken", "GraphAccessToken", "MicrosoftGraphAccessToken", "KeyVault")


def access_token_credential(tokens: dict[str, str], env: AzureEnvironment | None) -> StaticTokenCredential:
    """-AccessToken/-GraphAccessToken/-MicrosoftGraphAccessToken/-KeyVaultAccessToken (by the
    AccountId's keystore names) as one credential choosing by resource; Microsoft Graph wins
    over AAD Graph when a cloud gives both the same audience."""
    by_resource: dict[str, str] = {}
    if env is not None:
        ms_graph = env.ExtendedProperties.get("MicrosoftGraphEndpointResourceId") or "https://graph.microsoft.com/"
        for resource, name in (
            (env.AzureKeyVaultServiceEndpointResourceId, "KeyVault"),
            (env.GraphEndpointResourceId, "GraphAccessToken"),
            (ms_graph, "MicrosoftGraphAccessToken"),
        ):
            if resource and tokens.get(name):
                by_resource[resource] = tokens[name]
    return StaticTokenCredential(by_resource, tokens.get("AccessToken") or "")


class StaticTokenCredential:
    """-AccessToken: hands out the given token(s), chosen by the requested resource (Az's
    AccessTokenAuthenticator picks the ARM, Graph or Key Vault token)."""

    def __init__(self, tokens: dict[str, str], default: str) -> None:
        self._tokens = tokens  # resource-prefix -> token
        self._default = default

    def _pick(self, scopes: tuple[str, ...]) -> str:
        scope = scopes[0] if scopes else ""
        for prefix, token in self._tokens.items():
            if token and prefix and scope.lower().startswith(prefix.lower().rstrip("/")):
                return token
        return self._default

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.credentials import AccessToken

        token = self._pick(scopes)
        exp = jwt_claims(token).get("exp")
        expires = int(exp) if isinstance(exp, (int, float)) else int(time.time()) + 3600
        return AccessToken(token, expires)

    def get_token_info(self, *scopes: str, options: Any = None) -> Any:
        from azure.core.credentials import AccessTokenInfo

        tok = self.get_token(*scopes)
        return AccessTokenInfo(tok.token, tok.expires_on)


# --- certificates -----------------------------------------------------------------------------------
def _store_dir(home: Path) -> Path:
    return home / ".dotnet" / "corefx" / "cryptography" / "x509stores" / "my"


def _pem_from_pfx(data: bytes, password: str | None) -> bytes | None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    for pw in ((password.encode() if password is not None else None), b""):
        try:
            key, cert, extra = pkcs12.load_key_and_certificates(data, pw)
        except (ValueError, TypeError):
            continue
        if key is None or cert is None:
            return None
        out = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        out += cert.public_bytes(serialization.Encoding.PEM)
        for c in extra or []:
            out += c.public_bytes(serialization.Encoding.PEM)
        return out
    return None


def certificate_from_store(thumbprint: str, home: Path) -> bytes | None:
    """PEM (key + cert) of the certificate with this thumbprint in CurrentUser\\My (.NET's Linux
    store: ~/.dotnet/corefx/cryptography/x509stores/my/<THUMBPRINT>*.pfx, no password).
    LocalMachine\\My cannot hold certificates on Linux, so the search ends there."""
    thumb = thumbprint.strip().upper()
    try:
        from pwshim.dotnet.x509store import (
            find_certificate_with_key,  # the x509 area's lookup
        )

        cert = find_certificate_with_key(thumb, home=home)
        if cert is not None:
            return cert._pem_bytes(include_key=True)
    except ImportError:
        pass
    directory = _store_dir(home)
    if not directory.is_dir():
        return None
    for path in sorted(directory.glob("*.pfx")):
        if not path.name.upper().startswith(thumb):
            continue
        pem = _pem_from_pfx(path.read_bytes(), None)
        if pem is not None:
            return pem
    return None


def certificate_from_file(path: Path, password: str | None) -> bytes:
    """PEM (key + cert) of a PFX/PEM file for -CertificatePath; Az's errors when unusable."""
    from pwshim.runtime.errors import CryptographicException

    try:
        data = path.read_bytes()
    except OSError:
        raise invalid_cert_path(path) from None
    if b"-----BEGIN" in data:
        return data
    pem = _pem_from_pfx(data, password)
    if pem is None:
        # X509Certificate2's text for a PFX whose password does not open it.
        raise CryptographicException("The certificate data cannot be read with the provided password, the password may be incorrect.")
    return pem


def invalid_cert_path(path: Path) -> Exception:
    """ConnectAzureRmAccount's InvalidOperationException for a missing -CertificatePath (§5.5)."""
    from pwshim.runtime.errors import InvalidOperationException

    return InvalidOperationException(f"- Invalid certificate path :'{path}'.")


def no_certificate(thumbprint: str) -> Exception:
    """DiskDataStore.GetCertificate's ArgumentException (§5.5)."""
    if not thumbprint or not thumbprint.strip():
        return ArgumentException("certificate thumbprint is invalid or empty.")
    return ArgumentException(f"No certificate was found in the certificate store with thumbprint {thumbprint}")
