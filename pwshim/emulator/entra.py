"""Microsoft Entra ID: OpenID discovery, JWKS and the client-credentials token endpoint.

Error bodies and status codes follow Entra's (shared/reference/azure-identity-offline.md,
"Client secret / certificate"): AADSTS7000215 bad secret (401 invalid_client), AADSTS700016
unknown app (400 unauthorized_client), AADSTS700027 unknown certificate or bad signature (401
invalid_client), AADSTS90002 unknown tenant (400).
"""

from __future__ import annotations

import base64
import datetime as dt
import time
import uuid
from typing import TYPE_CHECKING, Any

from cryptography import x509

from pwshim.emulator import directory as D
from pwshim.emulator.http import Request, Response, Router, json_response
from pwshim.emulator.tokens import (
    TokenError,
    b64url_decode,
    decode_unverified,
    thumbprints,
    verify_signature,
)

if TYPE_CHECKING:
    from pwshim.emulator.core import Emulator

JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
_T = r"/(?P<tenant>[^/_][^/]*)"
_KEYS_HELP = ("Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see "
              "configured keys for app Id '{app}'. Review the documentation at "
              "https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding "
              "service endpoint and https://docs.microsoft.com/en-us/graph/api/application-get?"
              "view=graph-rest-1.0&tabs=http to build a query request URL, such as "
              "'https://graph.microsoft.com/beta/applications/{app}'")


def register(router: Router, emu: Emulator) -> None:
    router.add("GET", _T + r"/v2\.0/\.well-known/openid-configuration",
               lambda r: openid_configuration(emu, r, v2=True), "entra")
    router.add("GET", _T + r"/\.well-known/openid-configuration",
               lambda r: openid_configuration(emu, r, v2=False), "entra")
    router.add("GET", _T + r"/discovery(/v2\.0)?/keys", lambda r: keys(emu, r), "entra")
    router.add("GET", _T + r"/discovery/instance", lambda r: instance_discovery(emu, r), "entra")
    router.add("POST", _T + r"/oauth2/v2\.0/token", lambda r: token(emu, r, v2=True), "entra")
    router.add("POST", _T + r"/oauth2/token", lambda r: token(emu, r, v2=False), "entra")


def aad_error(emu: Emulator, status: int, error: str, code: int, message: str) -> Response:
    """Entra's error JSON: description = 'AADSTS<code>: <message>' + trace/correlation/time."""
    trace, corr = str(uuid.uuid4()), str(uuid.uuid4())
    ts = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")
    desc = (f"AADSTS{code}: {message}\r\nTrace ID: {trace}\r\nCorrelation ID: {corr}"
            f"\r\nTimestamp: {ts}")
    return json_response(status, {
        "error": error, "error_description": desc, "error_codes": [code], "timestamp": ts,
        "trace_id": trace, "correlation_id": corr,
        "error_uri": f"{emu.url}/error?code={code}",
    }, error=f"AADSTS{code}")


def tenant_not_found(emu: Emulator, name: str, error: str = "invalid_request") -> Response:
    return aad_error(emu, 400, error, 90002,
                     f"Tenant '{name}' not found. Check to make sure you have the correct tenant "
                     "ID and are signing into the correct cloud. Check with your subscription "
                     "administrator, this may happen if there are no active subscriptions for "
                     "the tenant.")


def invalid_client_secret(emu: Emulator, app_id: str) -> Response:
    return aad_error(emu, 401, "invalid_client", 7000215,
                     "Invalid client secret provided. Ensure the secret being sent in the request "
                     "is the client secret value, not the client secret ID, for a secret added to "
                     f"app '{app_id}'.")


def _is_multi(name: str) -> bool:
    return name.lower() in ("common", "organizations")


def openid_configuration(emu: Emulator, req: Request, v2: bool) -> Response:
    name = req.params["tenant"]
    if _is_multi(name):
        tid, issuer_tid = name, "{tenantid}"
    else:
        with emu.state.lock:
            tenant = emu.state.tenant(name)
        if tenant is None:
            return tenant_not_found(emu, name, "invalid_tenant")
        tid = issuer_tid = tenant["tenantId"]
    base, ver = f"{emu.url}/{tid}", "/v2.0" if v2 else ""
    doc = {
        "token_endpoint": f"{base}/oauth2{ver}/token",
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt",
                                                  "client_secret_basic"],
        "jwks_uri": f"{base}/discovery{ver}/keys",
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": f"{emu.url}/{issuer_tid}/v2.0" if v2 else f"{emu.url}/{issuer_tid}/",
        "request_uri_parameter_supported": False,
        "userinfo_endpoint": f"{emu.url}/graph/oidc/userinfo",
        "authorization_endpoint": f"{base}/oauth2{ver}/authorize",
        "device_authorization_endpoint": f"{base}/oauth2{ver}/devicecode",
        "http_logout_supported": True,
        "frontchannel_logout_supported": True,
        "end_session_endpoint": f"{base}/oauth2{ver}/logout",
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "nonce",
                             "preferred_username", "name", "tid", "ver", "email"],
        "tenant_region_scope": "NA",
        "cloud_instance_name": "pwshim.emulator",
        "cloud_graph_host_name": f"127.0.0.1:{emu.port}",
        "msgraph_host": f"127.0.0.1:{emu.port}/graph",
        "rbac_url": emu.url,
    }
    return json_response(200, doc)


def keys(emu: Emulator, req: Request) -> Response:
    return json_response(200, emu.issuer.jwks())


def instance_discovery(emu: Emulator, req: Request) -> Response:
    """The /common/discovery/instance answer MSAL asks for when discovery is on."""
    host = f"127.0.0.1:{emu.port}"
    return json_response(200, {
        "tenant_discovery_endpoint":
            f"{emu.url}/{req.params['tenant']}/v2.0/.well-known/openid-configuration",
        "api-version": "1.1",
        "metadata": [{"preferred_network": host, "preferred_cache": host, "aliases": [host]}],
    })


def token(emu: Emulator, req: Request, v2: bool) -> Response:
    form = req.form()
    name = req.params["tenant"]
    grant = form.get("grant_type")
    client_id = form.get("client_id", "")
    if grant != "client_credentials":
        return aad_error(emu, 400, "unsupported_grant_type", 70003,
                         f"The app requested an unsupported grant type '{grant or ''}'.")
    if not client_id:
        return aad_error(emu, 400, "invalid_request", 900144,
                         "The request body must contain the following parameter: 'client_id'.")
    resource, problem = _resource(form, v2)
    if problem:
        return aad_error(emu, 400, "invalid_scope" if v2 else "invalid_request", *problem)
    with emu.state.lock:
        tenant = _tenant_for(emu, name, client_id)
        if tenant is None:
            return tenant_not_found(emu, name)
        tid = tenant["tenantId"]
        app = emu.state.app_by_app_id(tid, client_id)
        sp = emu.state.sp_by_app_id(tid, client_id)
        if app is None:
            return aad_error(emu, 400, "unauthorized_client", 700016,
                             f"Application with identifier '{client_id}' was not found in the "
                             f"directory '{tenant['displayName']}'. This can happen if the "
                             "application has not been installed by the administrator of the "
                             "tenant or consented to by any user in the tenant. You may have "
                             "sent your authentication request to the wrong tenant.")
        if sp is None:
            return aad_error(emu, 400, "invalid_client", 7000229,
                             f"The client application {client_id} is missing service principal "
                             f"in the tenant {tid}. See instructions here: "
                             "https://go.microsoft.com/fwlink/?linkid=2225119")
        if "client_secret" in form:
            if not emu.state.check_secret(tid, client_id, form["client_secret"]):
                return invalid_client_secret(emu, client_id)
            acr = "1"
        elif "client_assertion" in form:
            failed = _check_assertion(emu, req, form, tenant, app, sp)
            if failed is not None:
                return failed
            acr = "2"
        else:
            return aad_error(emu, 401, "invalid_client", 7000218,
                             "The request body must contain the following parameter: "
                             "'client_assertion' or 'client_secret'.")
    iss = f"{emu.url}/{tid}/"
    claims = {"aud": resource, "iss": iss, "idp": iss, "tid": tid, "oid": sp["id"],
              "sub": sp["id"], "appid": client_id, "appidacr": acr, "idtyp": "app"}
    tok, exp = emu.issuer.issue(claims, emu.issuer.ENTRA_LIFETIME)
    now = int(time.time())
    body: dict[str, Any] = {"token_type": "Bearer", "expires_in": exp - now,
                            "ext_expires_in": exp - now, "access_token": tok}
    if not v2:  # the v1 endpoint answers with strings and echoes the resource
        body = {"token_type": "Bearer", "expires_in": str(exp - now),
                "ext_expires_in": str(exp - now), "expires_on": str(exp),
                "not_before": str(now), "resource": resource, "access_token": tok}
    return json_response(200, body)


def _resource(form: dict[str, str], v2: bool) -> tuple[str, tuple[int, str] | None]:
    """The token audience: scope minus '/.default' (v2) or the resource parameter (v1)."""
    if not v2:
        res = form.get("resource", "")
        if not res:
            return "", (900144, "The request body must contain the following parameter: "
                                "'resource'.")
        return res, None
    scopes = [s for s in form.get("scope", "").split()
              if s not in ("openid", "profile", "offline_access")]
    if not scopes:
        return "", (900144, "The request body must contain the following parameter: 'scope'.")
    if len(scopes) != 1 or not scopes[0].endswith("/.default"):
        return "", (1002012, f"The provided value for scope {' '.join(scopes)} is not valid. "
                             "Client credential flows must have a scope value with /.default "
                             "suffixed to the resource identifier (application ID URI).")
    return scopes[0][: -len("/.default")], None


def _tenant_for(emu: Emulator, name: str, client_id: str) -> dict[str, Any] | None:
    if not _is_multi(name):
        return emu.state.tenant(name)
    # common/organizations: the app's home tenant (the emulator is lenient here)
    for t in emu.state.tenants:
        if emu.state.app_by_app_id(t["tenantId"], client_id):
            return t
    return emu.state.tenants[0] if emu.state.tenants else None


def _dotnet_time(t: dt.datetime) -> str:
    return t.strftime("%m/%d/%Y %H:%M:%S")


def _check_assertion(emu: Emulator, req: Request, form: dict[str, str],
                     tenant: dict[str, Any], app: dict[str, Any],
                     sp: dict[str, Any]) -> Response | None:
    """Validate a certificate client assertion (RFC 7523) against the app's certificates."""
    client_id = app["appId"]
    if form.get("client_assertion_type") != JWT_BEARER:
        return aad_error(emu, 400, "invalid_request", 90011,
                         "Request parameter 'client_assertion_type' value is invalid.")
    try:
        header, claims, signing_input, sig = decode_unverified(form["client_assertion"])
    except TokenError:
        return aad_error(emu, 401, "invalid_client", 50027,
                         "JWT token is invalid or malformed.")
    req.log_notes["assertion"] = assertion_facts(header)
    x5t, x5t256 = header.get("x5t"), header.get("x5t#S256")
    if not (x5t or x5t256):
        if D.federated_credentials(app):
            return _check_federated(emu, header, claims, signing_input, sig, app)
        return aad_error(emu, 401, "invalid_client", 50027,
                         "Invalid JWT token. No certificate thumbprint specified in token header.")
    try:
        used = (b64url_decode(x5t256) if x5t256 else b64url_decode(x5t)).hex().upper()
    except ValueError:
        used = ""
    found = None
    for cert, _kc in D.certificates(app) + D.certificates(sp):
        sha1, sha256 = thumbprints(cert)
        if used in (sha1, sha256):
            found = cert
            break
    help_text = _KEYS_HELP.format(app=client_id)
    if found is None:
        return aad_error(emu, 401, "invalid_client", 700027,
                         "The certificate with identifier used to sign the client assertion is "
                         "not registered on application. [Reason - The key was not found., "
                         f"Thumbprint of key used by client: '{used}', {help_text}].")
    try:
        verify_signature(header, signing_input, sig, found.public_key())
    except TokenError:
        window = (f"Found key 'Start={_dotnet_time(found.not_valid_before_utc)}, "
                  f"End={_dotnet_time(found.not_valid_after_utc)}'")
        return aad_error(emu, 401, "invalid_client", 700027,
                         "Client assertion contains an invalid signature. [Reason - Key was "
                         "found, but use of the key to verify the signature failed., Thumbprint "
                         f"of key used by client: '{used}', {window}, {help_text}].")
    return _check_assertion_claims(emu, req, claims, tenant, client_id)


def assertion_facts(header: dict[str, Any]) -> dict[str, Any]:
    """What a client assertion's header carried, for the request log (certificates are
    public; nothing secret): ``x5t`` (a thumbprint was named), ``x5c`` (how many certificates
    the chain held; 0 without one) and, with a chain, ``x5c_matches_x5t`` (its first
    certificate is the one every thumbprint in the header names)."""
    named = {k: header[k] for k in ("x5t", "x5t#S256") if isinstance(header.get(k), str)}
    chain = header.get("x5c")
    facts: dict[str, Any] = {"x5t": bool(named),
                             "x5c": len(chain) if isinstance(chain, list) else 0}
    if "x5c" in header:
        facts["x5c_matches_x5t"] = bool(named) and _leaf_matches(chain, named)
    return facts


def _leaf_matches(chain: Any, named: dict[str, str]) -> bool:
    """Whether chain[0] (base64 DER, RFC 7515 4.1.6) has the thumbprints ``named`` gives."""
    if not isinstance(chain, list) or not chain or not isinstance(chain[0], str):
        return False
    try:
        leaf = x509.load_der_x509_certificate(base64.b64decode(chain[0], validate=True))
        wanted = {k: b64url_decode(v).hex().upper() for k, v in named.items()}
    except ValueError:
        return False
    sha1, sha256 = thumbprints(leaf)
    return wanted.get("x5t", sha1) == sha1 and wanted.get("x5t#S256", sha256) == sha256


_FIC_HELP = (" Please check your federated identity credential Subject, Audience and Issuer "
             "against the presented assertion. "
             "https://learn.microsoft.com/entra/workload-id/workload-identity-federation")


def _check_federated(emu: Emulator, header: dict[str, Any], claims: dict[str, Any],
                     signing_input: bytes, sig: bytes, app: dict[str, Any]) -> Response | None:
    """Workload identity federation: the assertion comes from an external OIDC issuer that a
    federatedIdentityCredential on the app trusts. The only issuer keys the emulator can check
    offline are its own (Emulator.federated_token signs with them)."""
    iss, sub, aud = claims.get("iss"), claims.get("sub"), claims.get("aud")
    fics = [f for f in D.federated_credentials(app) if f["issuer"] == iss]
    if not fics:
        return aad_error(emu, 400, "invalid_client", 700211,
                         "No matching federated identity record found for presented assertion "
                         f"issuer '{iss}'." + _FIC_HELP)
    fics = [f for f in fics if f["subject"] == sub]
    if not fics:
        return aad_error(emu, 400, "invalid_client", 700213,
                         "No matching federated identity record found for presented assertion "
                         f"subject '{sub}'." + _FIC_HELP)
    auds = aud if isinstance(aud, list) else [aud]
    if not any(a in f["audiences"] for f in fics for a in auds):
        return aad_error(emu, 400, "invalid_client", 700212,
                         "No matching federated identity record found for presented assertion "
                         f"audience '{aud}'." + _FIC_HELP)
    try:
        verify_signature(header, signing_input, sig, emu.issuer.key.public_key())
    except TokenError:
        return aad_error(emu, 400, "invalid_client", 50013,
                         "Assertion failed signature validation. [Reason - The key was not "
                         f"found., Thumbprint of key used by client: '{header.get('kid')}']")
    return _check_lifetime(emu, claims)


def _check_assertion_claims(emu: Emulator, req: Request, claims: dict[str, Any],
                            tenant: dict[str, Any], client_id: str) -> Response | None:
    tid = tenant["tenantId"]
    names = [tid, req.params["tenant"], *tenant.get("domains", [])]
    good_aud = {f"{emu.url}/{n}/oauth2/{v}token".lower() for n in names for v in ("v2.0/", "")}
    good_aud |= {f"{emu.url}/{n}/v2.0".lower() for n in names}
    aud = claims.get("aud")
    auds = aud if isinstance(aud, list) else [aud]
    if not any(isinstance(a, str) and a.lower() in good_aud for a in auds):
        shown = ", ".join(str(a) for a in auds if a is not None)  # no Python reprs
        return aad_error(emu, 401, "invalid_client", 700038,
                         f"{shown} should be the token endpoint of this tenant: the audience "
                         "claim of the client assertion is not valid.")
    if claims.get("iss") != client_id or claims.get("sub") != client_id:
        return aad_error(emu, 401, "invalid_client", 700021,
                         "Client assertion application identifier doesn't match "
                         "'client_id' parameter. Review the documentation at "
                         "https://docs.microsoft.com/en-us/azure/active-directory/develop/"
                         "active-directory-certificate-credentials .")
    return _check_lifetime(emu, claims)


def _check_lifetime(emu: Emulator, claims: dict[str, Any]) -> Response | None:
    now = time.time()
    exp, nbf = claims.get("exp"), claims.get("nbf", claims.get("iat", now))
    if not isinstance(exp, (int, float)) or exp < now - 300 or (
            isinstance(nbf, (int, float)) and nbf > now + 300):
        fmt = lambda v: (_dotnet_time(dt.datetime.fromtimestamp(v, dt.timezone.utc))  # noqa
                         if isinstance(v, (int, float)) else str(v))
        return aad_error(emu, 401, "invalid_client", 700024,
                         f"Client assertion is not within its valid time range. Current time: "
                         f"{fmt(now)}, assertion valid from {fmt(nbf)}, expiry time of "
                         f"assertion {fmt(exp)}. Review the documentation at "
                         "https://docs.microsoft.com/en-us/azure/active-directory/develop/"
                         "active-directory-certificate-credentials .")
    return None
