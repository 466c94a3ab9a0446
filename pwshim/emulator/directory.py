"""Microsoft Graph directory objects (applications, service principals) and their credentials.

Shapes follow Graph v1.0 ``application``, ``servicePrincipal``, ``passwordCredential`` and
``keyCredential``. Secret text is returned once (addPassword) and only its hash is kept.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import string
import uuid
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from pwshim.emulator.state import public, secret_hash
from pwshim.emulator.tokens import thumbprints

_SECRET_ALPHABET = string.ascii_letters + string.digits + "_.~-"


def graph_time(t: dt.datetime | None = None) -> str:
    """Graph's DateTimeOffset text, e.g. 2024-11-26T14:00:00Z."""
    t = t or dt.datetime.now(dt.UTC)
    return t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_secret_text() -> str:
    """A client secret shaped like Entra's: 3 chars, '8Q~', 34 chars (40 in all)."""
    pick = lambda n: "".join(secrets.choice(_SECRET_ALPHABET) for _ in range(n))
    return pick(3) + "8Q~" + pick(34)


def new_application(tenant_id: str, display_name: str, domain: str | None,
                    app_id: str | None = None, obj_id: str | None = None) -> dict[str, Any]:
    return {
        "_tenantId": tenant_id,
        "_secretHashes": {},
        "id": obj_id or str(uuid.uuid4()),
        "deletedDateTime": None,
        "appId": app_id or str(uuid.uuid4()),
        "createdDateTime": graph_time(),
        "displayName": display_name,
        "description": None,
        "identifierUris": [],
        "notes": None,
        "publisherDomain": domain,
        "signInAudience": "AzureADMyOrg",
        "tags": [],
        "api": {"acceptMappedClaims": None, "knownClientApplications": [],
                "requestedAccessTokenVersion": None, "oauth2PermissionScopes": [],
                "preAuthorizedApplications": []},
        "appRoles": [],
        "info": {"logoUrl": None, "marketingUrl": None, "privacyStatementUrl": None,
                 "supportUrl": None, "termsOfServiceUrl": None},
        "keyCredentials": [],
        "passwordCredentials": [],
        "publicClient": {"redirectUris": []},
        "requiredResourceAccess": [],
        "web": {"homePageUrl": None, "logoutUrl": None, "redirectUris": [],
                "implicitGrantSettings": {"enableAccessTokenIssuance": False,
                                          "enableIdTokenIssuance": False}},
        "spa": {"redirectUris": []},
    }


def new_service_principal(app: dict[str, Any], sp_id: str | None = None) -> dict[str, Any]:
    return {
        "_tenantId": app["_tenantId"],
        "_secretHashes": {},
        "id": sp_id or str(uuid.uuid4()),
        "deletedDateTime": None,
        "accountEnabled": True,
        "alternativeNames": [],
        "appDisplayName": app["displayName"],
        "appDescription": None,
        "appId": app["appId"],
        "appOwnerOrganizationId": app["_tenantId"],
        "appRoleAssignmentRequired": False,
        "createdDateTime": graph_time(),
        "description": None,
        "displayName": app["displayName"],
        "homepage": None,
        "notes": None,
        "replyUrls": [],
        "servicePrincipalNames": [app["appId"]],
        "servicePrincipalType": "Application",
        "signInAudience": "AzureADMyOrg",
        "tags": [],
        "appRoles": [],
        "keyCredentials": [],
        "oauth2PermissionScopes": [],
        "passwordCredentials": [],
    }


def add_password(obj: dict[str, Any], display_name: str | None = None,
                 key_id: str | None = None, secret: str | None = None,
                 end: str | None = None) -> dict[str, Any]:
    """Add a password credential to an app or SP; returns it with ``secretText`` (once)."""
    text = secret or new_secret_text()
    now = dt.datetime.now(dt.UTC)
    cred = {
        "customKeyIdentifier": None,
        "displayName": display_name,
        "endDateTime": end or graph_time(now + dt.timedelta(days=730)),
        "hint": text[:3],
        "keyId": key_id or str(uuid.uuid4()),
        "secretText": None,
        "startDateTime": graph_time(now),
    }
    obj["passwordCredentials"].append(cred)
    obj.setdefault("_secretHashes", {})[cred["keyId"]] = secret_hash(text)
    return {**cred, "secretText": text}


def remove_password(obj: dict[str, Any], key_id: str) -> bool:
    before = len(obj["passwordCredentials"])
    obj["passwordCredentials"] = [c for c in obj["passwordCredentials"]
                                  if c["keyId"].lower() != key_id.lower()]
    obj.get("_secretHashes", {}).pop(key_id, None)
    return len(obj["passwordCredentials"]) != before


def key_credential(cert: x509.Certificate, key_id: str | None = None,
                   display_name: str | None = None) -> dict[str, Any]:
    """A keyCredential registering a certificate (key = base64 DER, as Graph takes it)."""
    der = cert.public_bytes(serialization.Encoding.DER)
    return {
        "customKeyIdentifier": thumbprints(cert)[0],
        "displayName": display_name or cert.subject.rfc4514_string(),
        "endDateTime": graph_time(cert.not_valid_after_utc),
        "key": base64.b64encode(der).decode("ascii"),
        "keyId": key_id or str(uuid.uuid4()),
        "startDateTime": graph_time(cert.not_valid_before_utc),
        "type": "AsymmetricX509Cert",
        "usage": "Verify",
    }


def normalize_key_credential(kc: dict[str, Any]) -> dict[str, Any]:
    """Complete a keyCredential sent by a client (PATCH /applications); raises ValueError."""
    der = base64.b64decode(kc.get("key") or "", validate=True)
    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError:
        cert = x509.load_pem_x509_certificate(der)
    out = key_credential(cert, kc.get("keyId"), kc.get("displayName"))
    for field in ("startDateTime", "endDateTime"):
        if kc.get(field):
            out[field] = kc[field]
    return out


def certificates(obj: dict[str, Any] | None) -> list[tuple[x509.Certificate, dict[str, Any]]]:
    """The X.509 certificates registered on an app or SP, each with its keyCredential."""
    out = []
    for kc in (obj or {}).get("keyCredentials", []):
        if kc.get("type") == "AsymmetricX509Cert" and kc.get("key"):
            out.append((x509.load_der_x509_certificate(base64.b64decode(kc["key"])), kc))
    return out


def present(obj: dict[str, Any]) -> dict[str, Any]:
    """Graph output: no internal fields; keyCredential keys are null unless selected."""
    out = public(obj)
    if "keyCredentials" in out:
        out["keyCredentials"] = [{**kc, "key": None} for kc in out["keyCredentials"]]
    return out


def add_federated_credential(app: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """A federatedIdentityCredential (workload identity federation) on an application."""
    fic = {
        "id": spec.get("id") or str(uuid.uuid4()),
        "name": spec["name"],
        "issuer": spec["issuer"],
        "subject": spec["subject"],
        "description": spec.get("description"),
        "audiences": list(spec.get("audiences") or ["api://AzureADTokenExchange"]),
    }
    app.setdefault("_federatedIdentityCredentials", []).append(fic)
    return fic


def federated_credentials(app: dict[str, Any] | None) -> list[dict[str, Any]]:
    return list((app or {}).get("_federatedIdentityCredentials", []))
