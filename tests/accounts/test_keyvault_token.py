"""Get-AzAccessToken -ResourceTypeName KeyVault under a discovered cloud that is not one of the
public ones (the emulator's PwshimEmulator): Az's MapArmToAzureEnvironment leaves
AzureKeyVaultServiceEndpointResourceId empty, so the vault audience is https://<keyVaultDns>."""

from __future__ import annotations

import json
from pathlib import Path

from pwshim.azure.credentials import jwt_claims

from .conftest import context_file, new_session, run


def test_keyvault_token_on_discovered_cloud(az_env: Path, emulator) -> None:
    session = new_session()
    run(session, "Connect-AzAccount", Identity=True)
    doc = json.loads(context_file(az_env).read_bytes()[3:])
    env = doc["Contexts"][doc["DefaultContextKey"]]["Environment"]
    assert env["Name"] == "PwshimEmulator" and env["AzureKeyVaultDnsSuffix"] == "vault.azure.net"
    assert env["AzureKeyVaultServiceEndpointResourceId"] == ""  # as Az writes it for such a cloud
    token = run(session, "Get-AzAccessToken", ResourceTypeName="KeyVault")[0]
    assert jwt_claims(token.Token.reveal())["aud"].rstrip("/") == "https://vault.azure.net"
    # A second process reads the saved context and gets the same audience.
    again = run(new_session(), "Get-AzAccessToken", ResourceTypeName="KeyVault")[0]
    assert jwt_claims(again.Token.reveal())["aud"].rstrip("/") == "https://vault.azure.net"
