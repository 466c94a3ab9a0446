"""Helpers for the emulator's own tests: real azure-identity credentials aimed at it."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from pwshim.emulator.core import Emulator
from pwshim.emulator.tokens import b64url_decode

ARM_SCOPE = "https://management.core.windows.net//.default"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"


def entra_kwargs(emu: Emulator) -> dict[str, Any]:
    """What a client needs to use the emulator as its Entra authority (CA trust comes from
    REQUESTS_CA_BUNDLE in emu.env)."""
    return {"authority": emu.url, "disable_instance_discovery": True}


@pytest.fixture
def secret_credential(az_env: Any, emulator: Emulator) -> Callable[..., Any]:
    """Factory of ClientSecretCredential for the seed app (overridable pieces)."""
    from azure.identity import ClientSecretCredential

    def make(secret: str | None = None, app_id: str | None = None,
             tenant: str | None = None) -> ClientSecretCredential:
        s = emulator.seed
        return ClientSecretCredential(tenant or s["tenant_id"], app_id or s["app"]["app_id"],
                                      secret or s["app"]["secret"], **entra_kwargs(emulator))
    return make


@pytest.fixture
def keyed_dir(tmp_path: Path, emulator: Emulator) -> Path:
    """A fresh state folder that already holds the session emulator's CA, server and
    token keys (skips RSA key generation; ARM/Graph state and credentials stay fresh)."""
    import shutil

    from pwshim.emulator import tls, tokens
    for name in (tls.CA_FILE, tls.CA_KEY_FILE, tls.SERVER_FILE, tls.SERVER_KEY_FILE,
                 tokens.TOKEN_KEY_FILE, tokens.TOKEN_CERT_FILE):
        shutil.copy2(emulator.state_dir / name, tmp_path / name)
    return tmp_path


@pytest.fixture
def arm_token(secret_credential: Callable[..., Any]) -> str:
    return secret_credential().get_token(ARM_SCOPE).token


def claims_of(token: str) -> dict[str, Any]:
    """The (unverified) claims of a JWT."""
    return json.loads(b64url_decode(token.split(".")[1]))


def write_pem(path: Path, cert: x509.Certificate, key: rsa.RSAPrivateKey) -> Path:
    """Key + certificate in one PEM file, as CertificateCredential reads it."""
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption())
                     + cert.public_bytes(serialization.Encoding.PEM))
    return path


JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def seed_app_key(emu: Emulator) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """The seed app's private key and certificate, read from its PFX with cryptography."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    app = emu.seed["app"]
    key, cert, _ = pkcs12.load_key_and_certificates(
        Path(app["cert_pfx_path"]).read_bytes(), app["cert_pfx_password"].encode())
    assert isinstance(key, rsa.RSAPrivateKey) and cert is not None
    return key, cert


def rs256_assertion(key: rsa.RSAPrivateKey, claims: dict[str, Any],
                    header: dict[str, Any]) -> str:
    """A compact RS256 JWS signed here with cryptography (RFC 7515/7518), independent of the
    emulator's own token code."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    def part(obj: Any) -> str:
        raw = json.dumps(obj, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    signing_input = part({"alg": "RS256", "typ": "JWT", **header}) + "." + part(claims)
    sig = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + base64.urlsafe_b64encode(sig).rstrip(b"=").decode()


def x5t_of(cert: x509.Certificate) -> str:
    """The base64url SHA-1 thumbprint of a certificate (the JWS x5t header)."""
    from cryptography.hazmat.primitives import hashes

    return base64.urlsafe_b64encode(cert.fingerprint(hashes.SHA1())).rstrip(b"=").decode()


def x5c_of(*certs: x509.Certificate) -> list[str]:
    """A JWS x5c header: standard base64 of each certificate's DER."""
    return [base64.b64encode(c.public_bytes(serialization.Encoding.DER)).decode() for c in certs]


def post_assertion(emu: Emulator, assertion: str, tenant: str | None = None,
                   client_id: str | None = None) -> requests.Response:
    """POST a client-credentials request with a client assertion to the emulator's v2.0
    token endpoint (a real HTTPS request that trusts the emulator's CA)."""
    tenant = tenant or emu.seed["tenant_id"]
    return requests.post(f"{emu.url}/{tenant}/oauth2/v2.0/token", data={
        "grant_type": "client_credentials", "client_id": client_id or emu.seed["app"]["app_id"],
        "scope": ARM_SCOPE, "client_assertion_type": JWT_BEARER, "client_assertion": assertion,
    }, verify=str(emu.ca_path), timeout=30)
