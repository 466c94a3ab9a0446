"""Helpers for the emulator's own tests: real azure-identity credentials aimed at it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
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
