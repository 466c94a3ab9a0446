"""IMDS: real ManagedIdentityCredential (via AZURE_POD_IDENTITY_AUTHORITY_HOST) against the
emulated VM, whose identities come from the emulator's ARM state."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from azure.core.exceptions import ClientAuthenticationError
from azure.identity import CredentialUnavailableError, ManagedIdentityCredential

from pwshim.emulator.core import Emulator
from pwshim.emulator.imds import system_client_id
from tests.emulator.conftest import ARM_SCOPE, claims_of

API = "2024-07-01"


def vm_url(emu: Emulator) -> str:
    return f"{emu.url}{emu.seed['vm']['id']}?api-version={API}"


def patch_vm_identity(emu: Emulator, token: str, identity: dict[str, Any]) -> dict[str, Any]:
    """PATCH the VM's identity and follow the Azure-AsyncOperation to Succeeded."""
    headers = {"Authorization": f"Bearer {token}"}
    resp = requests.patch(vm_url(emu), json={"identity": identity}, headers=headers)
    assert resp.status_code == 200, resp.text
    assert resp.json()["properties"]["provisioningState"] == "Updating"
    status_url = resp.headers["Azure-AsyncOperation"]
    seen = [requests.get(status_url, headers=headers).json()["status"] for _ in range(2)]
    assert seen == ["InProgress", "Succeeded"]
    vm = requests.get(vm_url(emu), headers=headers).json()
    assert vm["properties"]["provisioningState"] == "Succeeded"
    return vm


def test_system_assigned_identity_token(az_env: Path, emulator: Emulator) -> None:
    tok = ManagedIdentityCredential().get_token(ARM_SCOPE)
    claims = claims_of(tok.token)
    vm = emulator.seed["vm"]
    assert claims["oid"] == vm["principal_id"]
    assert claims["appid"] == system_client_id(vm["principal_id"])
    assert claims["xms_mirid"] == vm["id"]
    assert claims["aud"] == "https://management.core.windows.net/"
    assert claims["tid"] == emulator.seed["tenant_id"]
    by_object_id = ManagedIdentityCredential(identity_config={"object_id": vm["principal_id"]})
    assert claims_of(by_object_id.get_token(ARM_SCOPE).token)["oid"] == vm["principal_id"]


def test_raw_imds_answer_has_string_numbers(emulator: Emulator) -> None:
    resp = requests.get(f"{emulator.url}/metadata/identity/oauth2/token",
                        params={"api-version": "2018-02-01",
                                "resource": "https://management.azure.com/"},
                        headers={"Metadata": "true"}, verify=str(emulator.ca_path))
    body = resp.json()
    assert resp.status_code == 200 and body["token_type"] == "Bearer"
    assert all(isinstance(body[k], str) for k in ("expires_in", "expires_on", "not_before"))
    assert body["resource"] == "https://management.azure.com/"


@pytest.mark.parametrize("params, description", [
    ({"api-version": "2018-02-01", "resource": "https://management.azure.com/"}, None),
    ({"resource": "https://management.azure.com/"}, "api-version"),
    ({"api-version": "2018-02-01"}, "Required audience parameter not specified"),
])
def test_imds_request_errors(emulator: Emulator, params: dict[str, str],
                             description: str | None) -> None:
    url = f"{emulator.url}/metadata/identity/oauth2/token"
    verify = str(emulator.ca_path)
    if description is None:  # the Metadata header is what is missing
        resp = requests.get(url, params=params, verify=verify)
        description = "Required metadata header not specified"
    else:
        resp = requests.get(url, params=params, headers={"Metadata": "true"}, verify=verify)
    assert resp.status_code == 400
    assert resp.json()["error"] == "invalid_request"
    assert description in resp.json()["error_description"]


def test_unknown_identity_is_refused(az_env: Path) -> None:
    cred = ManagedIdentityCredential(client_id="00000000-0000-0000-0000-00000000abcd")
    with pytest.raises((CredentialUnavailableError, ClientAuthenticationError)) as info:
        cred.get_token(ARM_SCOPE)
    assert "Identity not found" in str(info.value)


def test_user_assigned_identity_needs_attaching(
        az_env: Path, emulator_state: Emulator, arm_token: str) -> None:
    emu, mi = emulator_state, emulator_state.seed["identity"]
    with pytest.raises((CredentialUnavailableError, ClientAuthenticationError)):
        ManagedIdentityCredential(client_id=mi["client_id"]).get_token(ARM_SCOPE)

    vm = patch_vm_identity(emu, arm_token, {"type": "SystemAssigned, UserAssigned",
                                            "userAssignedIdentities": {mi["id"]: {}}})
    assert vm["identity"]["type"] == "SystemAssigned, UserAssigned"
    assert vm["identity"]["userAssignedIdentities"][mi["id"]] == {
        "principalId": mi["principal_id"], "clientId": mi["client_id"]}

    # Each selector as azure-identity sends it to IMDS (msal's managed-identity client maps
    # identity_config's resource_id to the msi_res_id query parameter).
    for cred, sent in ((ManagedIdentityCredential(client_id=mi["client_id"]),
                        ("client_id", mi["client_id"])),
                       (ManagedIdentityCredential(identity_config={"resource_id": mi["id"]}),
                        ("msi_res_id", mi["id"])),
                       (ManagedIdentityCredential(identity_config={"object_id": mi["principal_id"]}),
                        ("object_id", mi["principal_id"]))):
        before = len(emu.request_log())
        claims = claims_of(cred.get_token(ARM_SCOPE).token)
        assert claims["appid"] == mi["client_id"] and claims["oid"] == mi["principal_id"]
        assert claims["xms_mirid"] == mi["id"]
        assert imds_token_queries(emu, before) == [{
            "api-version": "2018-02-01", "resource": "https://management.core.windows.net/",
            sent[0]: sent[1]}]
    # resource ids are case-insensitive, as on Azure
    upper = mi["id"].replace("/resourcegroups/", "/resourceGroups/").upper()
    assert upper != mi["id"]
    before = len(emu.request_log())
    claims = claims_of(ManagedIdentityCredential(identity_config={"resource_id": upper})
                       .get_token(ARM_SCOPE).token)
    assert (claims["oid"], claims["appid"]) == (mi["principal_id"], mi["client_id"])
    assert claims["oid"] != emu.seed["vm"]["principal_id"]  # not the VM's system identity
    assert claims["xms_mirid"] == mi["id"]  # the identity's own id, as ARM spells it
    assert [q.get("msi_res_id") for q in imds_token_queries(emu, before)] == [upper]


def imds_token_queries(emu: Emulator, since: int) -> list[dict[str, str]]:
    """The query parameters of the IMDS token requests logged after entry ``since``."""
    paths = [urlsplit(e["path"]) for e in emu.request_log()[since:]]
    return [dict(parse_qsl(p.query)) for p in paths if p.path == "/metadata/identity/oauth2/token"]


def test_user_assigned_only_vm_answers_without_selector(
        az_env: Path, emulator_state: Emulator, arm_token: str) -> None:
    """Update-AzVM -IdentityType UserAssigned drops the system identity; IMDS then answers
    with the one user-assigned identity when no selector is given."""
    mi = emulator_state.seed["identity"]
    vm = patch_vm_identity(emulator_state, arm_token, {
        "type": "UserAssigned", "userAssignedIdentities": {mi["id"]: {}}})
    assert "principalId" not in vm["identity"]
    claims = claims_of(ManagedIdentityCredential().get_token(ARM_SCOPE).token)
    assert claims["appid"] == mi["client_id"]
    patch_vm_identity(emulator_state, arm_token, {"type": "None"})
    with pytest.raises((CredentialUnavailableError, ClientAuthenticationError)):
        ManagedIdentityCredential().get_token(ARM_SCOPE)


def test_imds_503_is_retried(az_env: Path, emulator: Emulator) -> None:
    fault = emulator.inject_fault("/metadata/identity/", status=503, retry_after=0.2)
    ManagedIdentityCredential().get_token(ARM_SCOPE)
    assert fault.hits == 1 and fault.times == 0


def test_instance_metadata(emulator: Emulator) -> None:
    verify = str(emulator.ca_path)
    loc = requests.get(f"{emulator.url}/metadata/instance/compute/location",
                       params={"api-version": "2021-02-01", "format": "text"},
                       headers={"Metadata": "true"}, verify=verify)
    assert loc.text == emulator.seed["location"]
    compute = requests.get(f"{emulator.url}/metadata/instance/compute",
                           params={"api-version": "2021-02-01"},
                           headers={"Metadata": "true"}, verify=verify).json()
    assert compute["name"] == "testvm" and compute["resourceGroupName"] == "contoso"


def test_secret_credential_fixture_is_usable(secret_credential: Callable[..., Any]) -> None:
    assert secret_credential().get_token(ARM_SCOPE).token.count(".") == 2


def test_two_user_identities_need_a_selector(az_env: Path, emulator_state: Emulator,
                                             arm_token: str) -> None:
    emu, mi = emulator_state, emulator_state.seed["identity"]
    headers = {"Authorization": f"Bearer {arm_token}"}
    second = requests.put(
        f"{emu.url}/subscriptions/{emu.seed['subscription_id']}/resourceGroups/myResourceGroup/"
        "providers/Microsoft.ManagedIdentity/userAssignedIdentities/second"
        "?api-version=2023-01-31", json={"location": "eastus"}, headers=headers).json()
    patch_vm_identity(emu, arm_token, {"type": "UserAssigned", "userAssignedIdentities": {
        mi["id"]: {}, second["id"]: {}}})
    resp = requests.get(f"{emu.url}/metadata/identity/oauth2/token",
                        params={"api-version": "2018-02-01", "resource": "https://vault.azure.net"},
                        headers={"Metadata": "true"})
    assert resp.status_code == 400
    assert resp.json()["error_description"].startswith("Multiple user assigned identities exist")
    # PATCH merges: null removes one identity, the other stays
    vm = patch_vm_identity(emu, arm_token, {"userAssignedIdentities": {second["id"]: None}})
    assert list(vm["identity"]["userAssignedIdentities"]) == [mi["id"]]
