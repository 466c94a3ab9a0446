"""First start of a state folder: turn seed.json into state, and generate the seed credentials.

The seed app's client secret and its certificate (PFX with a random password, plus a PEM with
cert and key) are generated here, once per state folder. Their plain values are written only to
``credentials.json`` (mode 0600) in the state folder, which backs ``Emulator.seed``.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from importlib import resources as pkg_resources
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from pwshim.emulator import directory as D
from pwshim.emulator import resources as R
from pwshim.emulator import tls
from pwshim.emulator.state import STATE_FILE, State
from pwshim.emulator.tokens import thumbprints

CREDENTIALS_FILE = "credentials.json"
APP_PFX_FILE = "app-cert.pfx"
APP_PEM_FILE = "app-cert.pem"


def load_seed(path: Path | None = None) -> dict[str, Any]:
    """The seed document (the packaged seed.json unless a path is given)."""
    if path is not None:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    text = pkg_resources.files("pwshim.emulator").joinpath("seed.json").read_text("utf-8")
    return json.loads(text)


def _app_certificate(subject: str, days: int) -> tuple[x509.Certificate, Any]:
    """A self-signed client-auth certificate like New-SelfSignedCertificate makes."""
    key = tls.new_rsa_key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject.removeprefix("CN="))])
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.KeyUsage(True, False, True, False, False, False, False, False, False),
                       True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH,
                                              ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def create_state(state_dir: Path, seed: dict[str, Any]) -> State:
    """Build state.json and credentials.json for a fresh state folder."""
    loc = seed.get("location", "eastus")
    tenant_of = {s["subscriptionId"]: s["tenantId"] for s in seed["subscriptions"]}
    data: dict[str, Any] = {
        "version": 1,
        "tenants": seed["tenants"],
        "subscriptions": seed["subscriptions"],
        "imdsVm": seed["imdsVm"],
        "resources": {},
        "applications": {},
        "servicePrincipals": {},
    }
    state = State(state_dir / STATE_FILE, data)
    for rg in seed.get("resourceGroups", []):
        state.put(R.rg_json(rg["subscriptionId"], rg["name"], rg.get("location", loc)))
    for mi in seed.get("userAssignedIdentities", []):
        state.put(R.identity_json(mi["subscriptionId"], mi["resourceGroup"], mi["name"],
                                  mi.get("location", loc), tenant_of[mi["subscriptionId"]],
                                  mi.get("principalId"), mi.get("clientId")))
    for vm in seed.get("virtualMachines", []):
        res = R.vm_json(vm["subscriptionId"], vm["resourceGroup"], vm["name"],
                        vm.get("location", loc), vm.get("vmId"), vm.get("vmSize", "Standard_B2s"),
                        vm.get("adminUsername", "azureuser"))
        if vm.get("systemAssignedPrincipalId"):
            res["identity"] = {"type": "SystemAssigned",
                               "principalId": vm["systemAssignedPrincipalId"],
                               "tenantId": tenant_of[vm["subscriptionId"]]}
        state.put(res)
    creds: dict[str, Any] = {"applications": {}}
    for spec in seed.get("applications", []):
        creds["applications"][spec["appId"]] = _seed_app(state, state_dir, spec)
    tls.write_private(state_dir / CREDENTIALS_FILE, json.dumps(creds, indent=1).encode())
    state.save()
    return state


def _seed_app(state: State, state_dir: Path, spec: dict[str, Any]) -> dict[str, Any]:
    tenant = state.tenant(spec["tenantId"]) or {}
    app = D.new_application(spec["tenantId"], spec["displayName"], tenant.get("defaultDomain"),
                            spec["appId"], spec["id"])
    out: dict[str, Any] = {}
    if "secret" in spec:
        cred = D.add_password(app, spec["secret"].get("displayName"), spec["secret"].get("keyId"))
        out["secret"] = cred["secretText"]
    if "certificate" in spec:
        c = spec["certificate"]
        cert, key = _app_certificate(c.get("subject", "CN=" + spec["displayName"]),
                                     int(c.get("validDays", 730)))
        password = secrets.token_urlsafe(18)
        pfx = pkcs12.serialize_key_and_certificates(
            spec["displayName"].encode(), key, cert, None,
            serialization.BestAvailableEncryption(password.encode()))
        pfx_path, pem_path = state_dir / APP_PFX_FILE, state_dir / APP_PEM_FILE
        tls.write_private(pfx_path, pfx)
        tls.write_private(pem_path, tls.key_to_pem(key)
                          + cert.public_bytes(serialization.Encoding.PEM))
        app["keyCredentials"].append(D.key_credential(cert, c.get("keyId")))
        out.update(cert_pfx_path=str(pfx_path), cert_pfx_password=password,
                   cert_pem_path=str(pem_path), cert_thumbprint=thumbprints(cert)[0])
    for fic in spec.get("federatedIdentityCredentials", []):
        D.add_federated_credential(app, fic)
    state.applications[app["id"]] = app
    sp = D.new_service_principal(app, spec.get("servicePrincipalId"))
    state.service_principals[sp["id"]] = sp
    return out


def seed_info(state_dir: Path, seed: dict[str, Any]) -> dict[str, Any]:
    """What Emulator.seed exposes (ids from the seed, secrets from credentials.json)."""
    creds = json.loads((state_dir / CREDENTIALS_FILE).read_text(encoding="utf-8"))
    tenant, sub = seed["tenants"][0], seed["subscriptions"][0]
    app = seed["applications"][0]
    mi = seed["userAssignedIdentities"][0]
    vm = seed["imdsVm"]
    vm_spec = next(v for v in seed["virtualMachines"] if v["name"] == vm["name"])
    return {
        "tenant_id": tenant["tenantId"],
        "tenant_domain": tenant["defaultDomain"],
        "subscription_id": sub["subscriptionId"],
        "subscription_name": sub["displayName"],
        "location": seed.get("location", "eastus"),
        "app": {
            "display_name": app["displayName"],
            "app_id": app["appId"],
            "object_id": app["id"],
            "service_principal_id": app["servicePrincipalId"],
            "federated_subject": next(iter(app.get("federatedIdentityCredentials", [])),
                                      {}).get("subject"),
            "federated_issuer": next(iter(app.get("federatedIdentityCredentials", [])),
                                     {}).get("issuer"),
            **creds["applications"][app["appId"]],
        },
        "vm": {
            "resource_group": vm["resourceGroup"],
            "name": vm["name"],
            "id": R.resource_id(vm["subscriptionId"], vm["resourceGroup"], R.VM_TYPE, vm["name"]),
            "principal_id": vm_spec.get("systemAssignedPrincipalId"),
        },
        "identity": {
            "resource_group": mi["resourceGroup"],
            "name": mi["name"],
            "client_id": mi["clientId"],
            "principal_id": mi["principalId"],
            "id": R.identity_id(mi["subscriptionId"], mi["resourceGroup"], mi["name"]),
        },
    }
