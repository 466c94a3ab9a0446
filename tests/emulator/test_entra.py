"""Microsoft Entra: real ClientSecretCredential / CertificateCredential against the emulator."""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from azure.core.exceptions import ClientAuthenticationError
from azure.identity import CertificateCredential
from cryptography import x509

from pwshim.emulator.core import Emulator
from pwshim.emulator.seed import _app_certificate
from pwshim.emulator.tokens import (
    TokenIssuer,
    decode_unverified,
    verify_signature,
)
from tests.emulator.conftest import (
    ARM_SCOPE,
    claims_of,
    entra_kwargs,
    post_assertion,
    rs256_assertion,
    seed_app_key,
    write_pem,
    x5t_of,
)


def test_client_secret_credential_gets_an_arm_token(emulator: Emulator,
                                                    secret_credential: Callable[..., Any]) -> None:
    tok = secret_credential().get_token(ARM_SCOPE)
    claims = claims_of(tok.token)
    s = emulator.seed
    assert claims["aud"] == "https://management.core.windows.net/"
    assert claims["tid"] == s["tenant_id"]
    assert claims["appid"] == s["app"]["app_id"]
    assert claims["oid"] == s["app"]["service_principal_id"] == claims["sub"]
    assert claims["idtyp"] == "app" and claims["appidacr"] == "1"
    assert claims["iss"].startswith(emulator.url) and claims["exp"] > time.time() + 3000
    assert tok.expires_on == claims["exp"]


def test_tenant_may_be_a_domain(emulator: Emulator, secret_credential: Callable[..., Any]) -> None:
    tok = secret_credential(tenant=emulator.seed["tenant_domain"]).get_token(ARM_SCOPE)
    assert claims_of(tok.token)["tid"] == emulator.seed["tenant_id"]


def test_wrong_secret_is_aadsts7000215(secret_credential: Callable[..., Any]) -> None:
    with pytest.raises(ClientAuthenticationError) as info:
        secret_credential(secret="not-the-secret").get_token(ARM_SCOPE)
    assert "AADSTS7000215: Invalid client secret provided." in str(info.value)
    assert "not-the-secret" not in str(info.value)


def test_unknown_app_is_aadsts700016(secret_credential: Callable[..., Any]) -> None:
    app = "00000000-1111-2222-3333-444444444444"
    with pytest.raises(ClientAuthenticationError) as info:
        secret_credential(app_id=app).get_token(ARM_SCOPE)
    assert f"AADSTS700016: Application with identifier '{app}' was not found" in str(info.value)


def test_unknown_tenant_is_aadsts90002(emulator: Emulator) -> None:
    url = f"{emulator.url}/nowhere.onmicrosoft.com/oauth2/v2.0/token"
    resp = requests.post(url, data={"grant_type": "client_credentials", "client_id": "x",
                                    "client_secret": "y", "scope": ARM_SCOPE},
                         verify=str(emulator.ca_path))
    body = resp.json()
    assert resp.status_code == 400 and body["error"] == "invalid_request"
    assert body["error_codes"] == [90002]
    assert body["error_description"].startswith("AADSTS90002: Tenant 'nowhere.onmicrosoft.com' "
                                                "not found.")
    assert "\r\nTrace ID: " in body["error_description"]


def test_openid_configuration_and_jwks_verify_issued_tokens(
        emulator: Emulator, secret_credential: Callable[..., Any]) -> None:
    tid = emulator.seed["tenant_id"]
    verify = str(emulator.ca_path)
    conf = requests.get(f"{emulator.url}/{emulator.seed['tenant_domain']}/v2.0/.well-known/"
                        "openid-configuration", verify=verify).json()
    assert conf["token_endpoint"] == f"{emulator.url}/{tid}/oauth2/v2.0/token"
    assert conf["issuer"] == f"{emulator.url}/{tid}/v2.0"
    assert conf["authorization_endpoint"] == f"{emulator.url}/{tid}/oauth2/v2.0/authorize"
    multi = requests.get(f"{emulator.url}/organizations/v2.0/.well-known/openid-configuration",
                         verify=verify).json()
    assert multi["issuer"] == f"{emulator.url}/{{tenantid}}/v2.0"
    jwks = requests.get(conf["jwks_uri"], verify=verify).json()
    token = secret_credential().get_token(ARM_SCOPE).token
    header, _, signing_input, sig = decode_unverified(token)
    key = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    cert = x509.load_der_x509_certificate(base64.b64decode(key["x5c"][0]))
    verify_signature(header, signing_input, sig, cert.public_key())  # raises if wrong


def test_unknown_tenant_discovery_fails(emulator: Emulator) -> None:
    resp = requests.get(f"{emulator.url}/nowhere.example/v2.0/.well-known/openid-configuration",
                        verify=str(emulator.ca_path))
    assert resp.status_code == 400 and resp.json()["error"] == "invalid_tenant"


@pytest.mark.parametrize("kind", ["pem", "pfx"])
def test_certificate_credential(kind: str, az_env: Path, emulator: Emulator) -> None:
    app = emulator.seed["app"]
    if kind == "pem":
        cred = CertificateCredential(emulator.seed["tenant_id"], app["app_id"],
                                     certificate_path=app["cert_pem_path"], **entra_kwargs(emulator))
    else:
        cred = CertificateCredential(emulator.seed["tenant_id"], app["app_id"],
                                     certificate_path=app["cert_pfx_path"],
                                     password=app["cert_pfx_password"], **entra_kwargs(emulator))
    claims = claims_of(cred.get_token(ARM_SCOPE).token)
    assert claims["appid"] == app["app_id"] and claims["appidacr"] == "2"


def test_unknown_certificate_is_aadsts700027(az_env: Path, emulator: Emulator) -> None:
    cert, key = _app_certificate("CN=not-registered", 30)
    pem = write_pem(az_env / "other.pem", cert, key)
    cred = CertificateCredential(emulator.seed["tenant_id"], emulator.seed["app"]["app_id"],
                                 certificate_path=str(pem), **entra_kwargs(emulator))
    with pytest.raises(ClientAuthenticationError) as info:
        cred.get_token(ARM_SCOPE)
    text = str(info.value)
    assert "AADSTS700027: The certificate with identifier used to sign the client assertion is " \
           "not registered on application. [Reason - The key was not found." in text
    from pwshim.emulator.tokens import thumbprints
    sha1, sha256 = thumbprints(cert)
    assert sha1 in text or sha256 in text


def test_assertion_signed_with_another_key_is_refused(emulator: Emulator, tmp_path: Path) -> None:
    """A registered thumbprint with a signature from a different key: AADSTS700027."""
    app = emulator.seed["app"]
    other = TokenIssuer(tmp_path)  # any RSA key that is not the certificate's
    token_url = f"{emulator.url}/{emulator.seed['tenant_id']}/oauth2/v2.0/token"
    thumb = bytes.fromhex(app["cert_thumbprint"])
    now = int(time.time())
    from pwshim.emulator.tokens import b64url, sign_jwt
    assertion = sign_jwt({"aud": token_url, "iss": app["app_id"], "sub": app["app_id"],
                          "exp": now + 600, "nbf": now, "jti": "1"},
                         other.key, {"x5t": b64url(thumb)})
    resp = requests.post(token_url, data={
        "grant_type": "client_credentials", "client_id": app["app_id"], "scope": ARM_SCOPE,
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion}, verify=str(emulator.ca_path))
    assert resp.status_code == 401
    assert resp.json()["error_description"].startswith(
        "AADSTS700027: Client assertion contains an invalid signature. [Reason - Key was found")


def test_scope_without_default_is_refused(emulator: Emulator) -> None:
    app = emulator.seed["app"]
    resp = requests.post(f"{emulator.url}/{emulator.seed['tenant_id']}/oauth2/v2.0/token",
                         data={"grant_type": "client_credentials", "client_id": app["app_id"],
                               "client_secret": app["secret"],
                               "scope": "https://management.azure.com/user_impersonation"},
                         verify=str(emulator.ca_path))
    assert resp.status_code == 400 and resp.json()["error_codes"] == [1002012]


def test_429_with_retry_after_is_retried(emulator: Emulator,
                                         secret_credential: Callable[..., Any]) -> None:
    fault = emulator.inject_fault("/*/oauth2/v2.0/token", status=429, times=1, retry_after=1)
    start = time.monotonic()
    tok = secret_credential().get_token(ARM_SCOPE)
    assert claims_of(tok.token)["appid"] == emulator.seed["app"]["app_id"]
    assert fault.hits == 1 and time.monotonic() - start >= 1.0
    statuses = [e["status"] for e in emulator.request_log() if "/oauth2/v2.0/token" in e["path"]]
    assert statuses[-2:] == [429, 200]


def test_forced_invalid_client(emulator: Emulator, secret_credential: Callable[..., Any]) -> None:
    emulator.inject_fault("/" + emulator.seed["tenant_id"] + "/oauth2/", invalid_client=True)
    with pytest.raises(ClientAuthenticationError) as info:
        secret_credential().get_token(ARM_SCOPE)
    assert f"for a secret added to app '{emulator.seed['app']['app_id']}'" in str(info.value)
    secret_credential().get_token(ARM_SCOPE)  # the fault was used up


def test_v1_token_endpoint_and_instance_discovery(emulator: Emulator) -> None:
    s, verify = emulator.seed, str(emulator.ca_path)
    resp = requests.post(f"{emulator.url}/{s['tenant_id']}/oauth2/token", verify=verify, data={
        "grant_type": "client_credentials", "client_id": s["app"]["app_id"],
        "client_secret": s["app"]["secret"], "resource": "https://management.core.windows.net/"})
    body = resp.json()
    assert resp.status_code == 200 and body["resource"] == "https://management.core.windows.net/"
    assert isinstance(body["expires_on"], str)
    assert claims_of(body["access_token"])["aud"] == "https://management.core.windows.net/"
    disc = requests.get(f"{emulator.url}/common/discovery/instance",
                        params={"api-version": "1.1"}, verify=verify).json()
    assert disc["tenant_discovery_endpoint"] == (
        f"{emulator.url}/common/v2.0/.well-known/openid-configuration")


def test_missing_credential_and_grant(emulator: Emulator) -> None:
    s, verify = emulator.seed, str(emulator.ca_path)
    url = f"{emulator.url}/{s['tenant_id']}/oauth2/v2.0/token"
    none = requests.post(url, verify=verify, data={
        "grant_type": "client_credentials", "client_id": s["app"]["app_id"], "scope": ARM_SCOPE})
    assert none.status_code == 401 and none.json()["error_codes"] == [7000218]
    grant = requests.post(url, verify=verify, data={"grant_type": "password", "client_id": "x"})
    assert grant.json()["error"] == "unsupported_grant_type"


def test_workload_identity_federation(az_env: Path, emulator: Emulator) -> None:
    """ClientAssertionCredential with a federated token (Connect-AzAccount -FederatedToken)."""
    from azure.identity import ClientAssertionCredential

    s = emulator.seed
    good = ClientAssertionCredential(s["tenant_id"], s["app"]["app_id"],
                                     emulator.federated_token, authority=emulator.url)
    claims = claims_of(good.get_token(ARM_SCOPE).token)
    assert claims["appid"] == s["app"]["app_id"] and claims["appidacr"] == "2"
    wrong = ClientAssertionCredential(s["tenant_id"], s["app"]["app_id"],
                                      lambda: emulator.federated_token(subject="repo:x/y:pr"),
                                      authority=emulator.url)
    with pytest.raises(ClientAuthenticationError, match="AADSTS700213: No matching federated "
                                                        "identity record found for presented "
                                                        "assertion subject 'repo:x/y:pr'"):
        wrong.get_token(ARM_SCOPE)
    stranger = emulator.federated_token(issuer="https://issuer.example")
    resp = requests.post(f"{emulator.url}/{s['tenant_id']}/oauth2/v2.0/token", data={
        "grant_type": "client_credentials", "client_id": s["app"]["app_id"], "scope": ARM_SCOPE,
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": stranger})
    assert resp.json()["error_codes"] == [700211]


# -- certificate client assertions built here (cryptography + the seed app's certificate) -----

def _claims(emu: Emulator, **changes: Any) -> dict[str, Any]:
    """Good assertion claims for the seed app (RFC 7523); ``changes`` replace or (None) drop."""
    app, now = emu.seed["app"], int(time.time())
    claims = {"aud": f"{emu.url}/{emu.seed['tenant_id']}/oauth2/v2.0/token",
              "iss": app["app_id"], "sub": app["app_id"], "jti": str(uuid.uuid4()),
              "nbf": now, "iat": now, "exp": now + 600}
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def _signed(emu: Emulator, claims: dict[str, Any]) -> str:
    key, cert = seed_app_key(emu)
    return rs256_assertion(key, claims, {"x5t": x5t_of(cert)})


def _last_token_entry(emu: Emulator) -> dict[str, Any]:
    return [e for e in emu.request_log() if e["path"].endswith("/oauth2/v2.0/token")][-1]


@pytest.mark.parametrize("aud", [
    "{url}/{tid}/oauth2/v2.0/token", "{url}/{tid}/oauth2/token",
    "{url}/{domain}/oauth2/v2.0/token", "{url}/{tid}/v2.0", "{URL}/{TID}/OAUTH2/V2.0/TOKEN",
])
def test_assertion_audiences_that_name_this_tenant_are_accepted(emulator: Emulator,
                                                                aud: str) -> None:
    s = emulator.seed
    aud = aud.format(url=emulator.url, tid=s["tenant_id"], domain=s["tenant_domain"],
                     URL=emulator.url.upper(), TID=s["tenant_id"].upper())
    assertion = _signed(emulator, _claims(emulator, aud=aud))
    resp = post_assertion(emulator, assertion)
    assert resp.status_code == 200, resp.text
    claims = claims_of(resp.json()["access_token"])
    assert claims["appid"] == s["app"]["app_id"] and claims["appidacr"] == "2"
    entry = _last_token_entry(emulator)
    assert entry["status"] == 200 and entry["assertion"] == {"x5t": True, "x5c": 0}
    log = (emulator.state_dir / "requests.jsonl").read_text()
    assert assertion not in log and assertion.split(".")[2] not in log


@pytest.mark.parametrize("aud", [
    "https://login.microsoftonline.com/{tid}/oauth2/v2.0/token",   # the real cloud's endpoint
    "{url}/00000000-0000-0000-0000-000000000001/oauth2/v2.0/token",  # another tenant
    "{url}/{tid}/oauth2/v2.0/authorize",
    None,                                                          # no aud claim
])
def test_wrong_assertion_audience_is_aadsts700038(emulator: Emulator, aud: str | None) -> None:
    if aud is not None:
        aud = aud.format(url=emulator.url, tid=emulator.seed["tenant_id"])
    resp = post_assertion(emulator, _signed(emulator, _claims(emulator, aud=aud)))
    body = resp.json()
    assert resp.status_code == 401 and body["error"] == "invalid_client"
    assert body["error_codes"] == [700038]
    assert body["error_description"].startswith(
        f"AADSTS700038: {aud or ''} should be the token endpoint of this tenant")
    assert "access_token" not in body
    assert _last_token_entry(emulator)["error"] == "AADSTS700038"


@pytest.mark.parametrize("what", ["expired", "no exp", "exp not a number", "not yet valid"])
def test_assertion_outside_its_lifetime_is_aadsts700024(emulator: Emulator, what: str) -> None:
    now = int(time.time())
    changes: dict[str, Any] = {
        "expired": {"exp": now - 3600, "nbf": now - 7200, "iat": now - 7200},
        "no exp": {"exp": None},
        "exp not a number": {"exp": "tomorrow"},
        "not yet valid": {"nbf": now + 3600, "iat": now + 3600, "exp": now + 4200},
    }[what]
    resp = post_assertion(emulator, _signed(emulator, _claims(emulator, **changes)))
    body = resp.json()
    assert resp.status_code == 401 and body["error"] == "invalid_client"
    assert body["error_codes"] == [700024]
    assert body["error_description"].startswith(
        "AADSTS700024: Client assertion is not within its valid time range. Current time: ")
    assert "access_token" not in body
    assert _last_token_entry(emulator)["error"] == "AADSTS700024"


def test_assertion_lifetime_allows_five_minutes_of_clock_skew(emulator: Emulator) -> None:
    now = int(time.time())
    late = _claims(emulator, exp=now - 120, nbf=now - 720, iat=now - 720)
    early = _claims(emulator, nbf=now + 120, iat=now + 120, exp=now + 720)
    for claims in (late, early):
        resp = post_assertion(emulator, _signed(emulator, claims))
        assert resp.status_code == 200, resp.text


def test_assertion_for_another_app_is_aadsts700021(emulator: Emulator) -> None:
    other = "00000000-1111-2222-3333-444444444444"
    resp = post_assertion(emulator, _signed(emulator, _claims(emulator, iss=other, sub=other)))
    assert resp.status_code == 401 and resp.json()["error_codes"] == [700021]
