"""A service-principal Connect-AzAccount authenticates with the secret or certificate it was
given (Az does not reuse cached tokens for a new service-principal sign-in, reference §4): a wrong
secret fails even while the cache holds a valid token of an earlier sign-in, and the keystore
keeps the good secret."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from pwshim.runtime.errors import PSError

from .conftest import new_session, run, sp_credential


def _token_calls(emulator) -> int:
    return sum(1 for e in emulator.request_log() if e["path"].split("?")[0].endswith("/oauth2/v2.0/token"))


def _keystore(home: Path) -> str:
    return (home / ".Azure" / "keystore.cache").read_text()


@pytest.mark.parametrize("scope", ["CurrentUser", "Process"])
def test_wrong_secret_after_good_sign_in_fails(az_env: Path, emulator, scope: str) -> None:
    seed = emulator.seed
    app, secret, tenant = seed["app"]["app_id"], seed["app"]["secret"], seed["tenant_id"]
    session = new_session()
    run(session, "Connect-AzAccount", ServicePrincipal=True, Credential=sp_credential(app, secret), Tenant=tenant, Scope=scope)
    if scope == "CurrentUser":
        before = _keystore(az_env)
        assert secret in before
    calls = _token_calls(emulator)
    bad = "not-the-secret-" + uuid.uuid4().hex
    for who in (session, new_session()):  # the same session (memory caches), a new one (files)
        with pytest.raises(PSError) as info:
            run(who, "Connect-AzAccount", ServicePrincipal=True, Credential=sp_credential(app, bad), Tenant=tenant, Scope=scope)
        message = str(info.value)
        assert message.startswith("ClientSecretCredential authentication failed: ") and "AADSTS7000215" in message
        assert bad not in message and bad not in who.host.text
    assert _token_calls(emulator) >= calls + 2  # each attempt asked the authority
    if scope == "CurrentUser":
        assert _keystore(az_env) == before
    # The earlier sign-in still works: its context's token comes from the keystore's real secret.
    token = run(session, "Get-AzAccessToken", AsSecureString=False)[0]
    assert token.Token


def test_good_secret_again_requests_and_replaces_cached_token(az_env: Path, emulator) -> None:
    seed = emulator.seed
    app, secret, tenant = seed["app"]["app_id"], seed["app"]["secret"], seed["tenant_id"]
    run(new_session(), "Connect-AzAccount", ServicePrincipal=True, Credential=sp_credential(app, secret), Tenant=tenant)
    calls = _token_calls(emulator)
    run(new_session(), "Connect-AzAccount", ServicePrincipal=True, Credential=sp_credential(app, secret), Tenant=tenant)
    assert _token_calls(emulator) == calls + 1
    cache = json.loads((az_env / ".local" / "share" / ".IdentityService" / "msal.cache.nocae").read_text())
    ats = [v for v in cache.get("AccessToken", {}).values() if v.get("client_id") == app]
    assert len(ats) == 1  # the new token replaced the old one
    calls = _token_calls(emulator)
    assert run(new_session(), "Get-AzAccessToken", )[0].Token.reveal() == ats[0]["secret"]
    assert _token_calls(emulator) == calls  # a later process reuses the saved token


def test_certificate_sign_in_requests_a_token(az_env: Path, emulator) -> None:
    from pwshim.dotnet.securestring import SecureString

    seed = emulator.seed
    app, tenant = seed["app"], seed["tenant_id"]
    run(new_session(), "Connect-AzAccount", ServicePrincipal=True, Credential=sp_credential(app["app_id"], app["secret"]), Tenant=tenant)
    calls = _token_calls(emulator)
    run(new_session(), "Connect-AzAccount", ServicePrincipal=True, ApplicationId=app["app_id"], Tenant=tenant,
        CertificatePath=app["cert_pfx_path"], CertificatePassword=SecureString.from_plain(app["cert_pfx_password"]))
    assert _token_calls(emulator) == calls + 1  # the certificate was used, not the secret's cached token
