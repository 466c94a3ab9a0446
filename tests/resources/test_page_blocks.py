"""The page's resource and Graph blocks, run as PowerShell text (skipped until the parser lands).

seed-doc-authenticate-noninteractive.txt: "Login with a managed identity" (identity lookup and
Update-AzVM pipeline) and "Password-based authentication" ($sp and its SecretText).
"""

from __future__ import annotations

import pytest

pytest.importorskip("pwshim.parser")

from azure.identity import ClientSecretCredential, ManagedIdentityCredential

from pwshim.interpreter import run_script

from .test_vm import _vm_json

UAI_BLOCK = """\
$identity = Get-AzUserAssignedIdentity -ResourceGroupName myResourceGroup -Name myUserAssignedIdentity
Get-AzVM -ResourceGroupName contoso -Name testvm | Update-AzVM -IdentityType UserAssigned -IdentityId $identity.Id
"""

SP_BLOCK = """\
$sp = New-AzADServicePrincipal -DisplayName ServicePrincipalName
$sp.PasswordCredentials.SecretText
$sp.AppId
"""


def test_user_assigned_identity_block(signed_in, emu):
    result = run_script(UAI_BLOCK, signed_in)
    assert result.errors == []
    [response] = result.output
    assert (response.IsSuccessStatusCode, response.ReasonPhrase) == (True, "OK")
    ident = emu.seed["identity"]
    assert [k.lower() for k in _vm_json(signed_in, emu)["identity"]["userAssignedIdentities"]] == [ident["id"].lower()]
    assert signed_in.get_variable("identity").ClientId == ident["client_id"]
    assert ManagedIdentityCredential(client_id=ident["client_id"]).get_token("https://management.azure.com/.default")


def test_service_principal_block(signed_in, emu):
    result = run_script(SP_BLOCK, signed_in)
    assert result.errors == []
    secret, app_id = result.output
    assert app_id == signed_in.get_variable("sp").AppId
    cred = ClientSecretCredential(emu.seed["tenant_id"], app_id, secret, authority=emu.url,
                                  disable_instance_discovery=True)
    assert cred.get_token("https://management.core.windows.net//.default").token
