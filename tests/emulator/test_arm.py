"""Azure Resource Manager through a real azure-core pipeline (BearerTokenCredentialPolicy)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from azure.core import PipelineClient
from azure.core.pipeline.policies import (
    BearerTokenCredentialPolicy,
    RequestIdPolicy,
    RetryPolicy,
)
from azure.core.polling import LROPoller
from azure.core.polling.base_polling import LROBasePolling, OperationResourcePolling
from azure.core.rest import HttpRequest

from pwshim.emulator.core import Emulator
from tests.emulator.conftest import ARM_SCOPE

API = "2021-01-01"


@pytest.fixture
def arm(emulator: Emulator, secret_credential: Callable[..., Any]) -> PipelineClient:
    policy = BearerTokenCredentialPolicy(secret_credential(), ARM_SCOPE)
    return PipelineClient(base_url=emulator.url, policies=[RequestIdPolicy(), RetryPolicy(), policy])


def send(client: PipelineClient, method: str, path: str, **kw: Any) -> Any:
    return client.send_request(HttpRequest(method, client.format_url(path), **kw))


def test_cloud_metadata_is_a_list_pointing_at_the_emulator(emulator: Emulator) -> None:
    clouds = requests.get(emulator.env["ARM_CLOUD_METADATA_URL"],
                          verify=emulator.env["REQUESTS_CA_BUNDLE"]).json()
    assert isinstance(clouds, list) and len(clouds) == 1
    cloud = clouds[0]
    assert cloud["name"] == "PwshimEmulator"
    assert cloud["resourceManager"] == emulator.url + "/"
    assert cloud["authentication"]["loginEndpoint"] == emulator.url + "/"
    assert cloud["authentication"]["audiences"][0] == "https://management.core.windows.net/"
    assert cloud["authentication"]["tenant"] == "common"
    assert cloud["microsoftGraphResourceId"] == emulator.url + "/graph/"
    assert cloud["suffixes"]["keyVaultDns"] == "vault.azure.net"


def test_list_tenants_and_subscriptions(az_env: Path, emulator: Emulator,
                                        arm: PipelineClient) -> None:
    s = emulator.seed
    tenants = send(arm, "GET", f"/tenants?api-version={API}").json()["value"]
    assert [t["tenantId"] for t in tenants] == [s["tenant_id"]]
    assert tenants[0]["tenantCategory"] == "Home"
    assert tenants[0]["defaultDomain"] == s["tenant_domain"]
    subs = send(arm, "GET", f"/subscriptions?api-version={API}").json()["value"]
    assert [(x["subscriptionId"], x["displayName"], x["state"]) for x in subs] == [
        (s["subscription_id"], "My Subscription", "Enabled")]
    one = send(arm, "GET", f"/subscriptions/{s['subscription_id']}?api-version={API}").json()
    assert one["tenantId"] == s["tenant_id"] and one["authorizationSource"] == "RoleBased"


@pytest.mark.parametrize("auth, code", [
    (None, "AuthenticationFailed"),
    ("Basic abc", "AuthenticationFailed"),
    ("Bearer not.a.token", "InvalidAuthenticationToken"),
])
def test_missing_or_invalid_token_is_401(az_env: Path, emulator: Emulator, auth: str | None,
                                         code: str) -> None:
    client = PipelineClient(base_url=emulator.url, policies=[])
    headers = {"Authorization": auth} if auth else {}
    resp = send(client, "GET", f"/subscriptions?api-version={API}", headers=headers,)
    assert resp.status_code == 401
    assert resp.json()["error"]["code"] == code
    assert resp.headers["WWW-Authenticate"].startswith("Bearer authorization_uri=")


def test_token_for_another_audience_is_refused(emulator: Emulator,
                                               secret_credential: Callable[..., Any]) -> None:
    token = secret_credential().get_token("https://vault.azure.net/.default").token
    resp = requests.get(f"{emulator.url}/subscriptions?api-version={API}",
                        headers={"Authorization": f"Bearer {token}"})
    err = resp.json()["error"]
    assert resp.status_code == 401 and err["code"] == "InvalidAuthenticationTokenAudience"
    assert "wrong audience or resource 'https://vault.azure.net'" in err["message"]


def test_api_version_is_required(arm: PipelineClient) -> None:
    resp = send(arm, "GET", "/subscriptions")
    assert resp.status_code == 400
    assert resp.json()["error"] == {
        "code": "MissingApiVersionParameter",
        "message": "The api-version query parameter (?api-version=) is required for all requests."}


def test_not_found_errors(emulator: Emulator, arm: PipelineClient) -> None:
    sub = emulator.seed["subscription_id"]
    vm = send(arm, "GET", f"/subscriptions/{sub}/resourceGroups/contoso/providers/"
                          f"Microsoft.Compute/virtualMachines/x?api-version=2024-07-01")
    assert vm.status_code == 404 and vm.json()["error"] == {
        "code": "ResourceNotFound",
        "message": "The Resource 'Microsoft.Compute/virtualMachines/x' under resource group "
                   "'contoso' was not found. For more details please go to "
                   "https://aka.ms/ARMResourceNotFoundFix"}
    rg = send(arm, "GET", f"/subscriptions/{sub}/resourceGroups/nope?api-version={API}")
    assert rg.json()["error"]["code"] == "ResourceGroupNotFound"
    other = send(arm, "GET", f"/subscriptions/00000000-0000-0000-0000-000000000000?api-version={API}")
    assert other.status_code == 404 and other.json()["error"]["code"] == "SubscriptionNotFound"


def test_user_assigned_identity_lifecycle(emulator_state: Emulator, arm: PipelineClient) -> None:
    sub = emulator_state.seed["subscription_id"]
    base = f"/subscriptions/{sub}/resourceGroups/myResourceGroup/providers/" \
           "Microsoft.ManagedIdentity/userAssignedIdentities"
    seeded = send(arm, "GET", f"{base}/myUserAssignedIdentity?api-version=2023-01-31").json()
    assert seeded["properties"]["clientId"] == emulator_state.seed["identity"]["client_id"]
    assert seeded["id"] == emulator_state.seed["identity"]["id"]
    created = send(arm, "PUT", f"{base}/second?api-version=2023-01-31",
                   json={"location": "westeurope", "tags": {"env": "test"}})
    assert created.status_code == 201
    body = created.json()
    assert body["type"] == "Microsoft.ManagedIdentity/userAssignedIdentities"
    assert body["properties"]["tenantId"] == emulator_state.seed["tenant_id"]
    names = [r["name"] for r in send(arm, "GET", f"{base}?api-version=2023-01-31").json()["value"]]
    assert names == ["myUserAssignedIdentity", "second"]
    by_sub = send(arm, "GET", f"/subscriptions/{sub}/providers/Microsoft.ManagedIdentity/"
                              "userAssignedIdentities?api-version=2023-01-31").json()["value"]
    assert len(by_sub) == 2
    assert send(arm, "DELETE", f"{base}/second?api-version=2023-01-31").status_code == 200
    assert send(arm, "GET", f"{base}/second?api-version=2023-01-31").status_code == 404


def test_vm_update_is_a_long_running_operation(emulator_state: Emulator,
                                               arm: PipelineClient) -> None:
    """azure-core's own LRO poller follows Azure-AsyncOperation to Succeeded."""
    emu = emulator_state
    mi = emu.seed["identity"]
    url = f"{emu.seed['vm']['id']}?api-version=2024-07-01"
    initial = send(arm, "PATCH", url, json={"identity": {
        "type": "SystemAssigned, UserAssigned", "userAssignedIdentities": {mi["id"]: {}}}})
    assert initial.status_code == 200 and "Azure-AsyncOperation" in initial.headers

    def deserialize(pipeline_response: Any) -> Any:
        return pipeline_response.http_response.json()

    # What azure-mgmt-core's ARMPolling does: follow the Azure-AsyncOperation header.
    polling = LROBasePolling(timeout=1, lro_algorithms=[
        OperationResourcePolling(operation_location_header="azure-asyncoperation")])
    poller = LROPoller(arm, _as_pipeline_response(initial), deserialize, polling)
    vm = poller.result(timeout=20)
    assert vm["properties"]["provisioningState"] == "Succeeded"
    assert mi["id"] in vm["identity"]["userAssignedIdentities"]


def _as_pipeline_response(resp: Any) -> Any:
    from azure.core.pipeline import PipelineContext, PipelineResponse
    return PipelineResponse(resp.request, resp, PipelineContext(None))


def test_vm_identity_with_unknown_user_identity_fails(emulator_state: Emulator,
                                                      arm: PipelineClient) -> None:
    url = f"{emulator_state.seed['vm']['id']}?api-version=2024-07-01"
    bogus = emulator_state.seed["identity"]["id"].replace("myUserAssignedIdentity", "ghost")
    resp = send(arm, "PATCH", url, json={"identity": {
        "type": "UserAssigned", "userAssignedIdentities": {bogus: {}}}})
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "FailedIdentityOperation"


def test_vm_list_and_resource_groups(emulator: Emulator, arm: PipelineClient) -> None:
    sub = emulator.seed["subscription_id"]
    vms = send(arm, "GET", f"/subscriptions/{sub}/providers/Microsoft.Compute/virtualMachines"
                           "?api-version=2024-07-01").json()["value"]
    assert [v["name"] for v in vms] == ["testvm"]
    assert vms[0]["identity"]["type"] == "SystemAssigned"
    props = vms[0]["properties"]
    assert {"vmId", "hardwareProfile", "storageProfile", "osProfile"} <= set(props)
    rgs = send(arm, "GET", f"/subscriptions/{sub}/resourcegroups?api-version={API}").json()
    assert sorted(r["name"] for r in rgs["value"]) == ["contoso", "myResourceGroup"]
    locs = send(arm, "GET", f"/subscriptions/{sub}/locations?api-version=2022-12-01").json()
    assert "eastus" in [loc["name"] for loc in locs["value"]]


def test_expired_and_foreign_tokens(az_env: Path, emulator: Emulator) -> None:
    s = emulator.seed
    claims = {"aud": "https://management.core.windows.net/", "tid": s["tenant_id"],
              "oid": s["app"]["service_principal_id"]}
    expired, _ = emulator.issuer.issue(claims, -60)
    resp = requests.get(f"{emulator.url}/subscriptions?api-version={API}",
                        headers={"Authorization": f"Bearer {expired}"})
    err = resp.json()["error"]
    assert resp.status_code == 401 and err["code"] == "ExpiredAuthenticationToken"
    assert re.fullmatch(r"The access token expiry UTC time '\d+/\d+/\d{4} \d+:\d\d:\d\d [AP]M' "
                        r"is earlier than current UTC time '.+'\.", err["message"])
    foreign, _ = emulator.issuer.issue({**claims, "tid": "11111111-2222-3333-4444-555555555555"},
                                       600)
    resp = requests.get(f"{emulator.url}/subscriptions/{s['subscription_id']}"
                        f"?api-version={API}", headers={"Authorization": f"Bearer {foreign}"})
    assert resp.json()["error"]["code"] == "InvalidAuthenticationTokenTenant"


def test_legacy_metadata_shape(az_env: Path, emulator: Emulator) -> None:
    old = requests.get(f"{emulator.url}/metadata/endpoints?api-version=2015-01-01").json()
    assert old["authentication"]["loginEndpoint"] == emulator.url + "/"
    missing = requests.get(f"{emulator.url}/metadata/endpoints")
    assert missing.status_code == 400
    assert missing.json()["error"]["code"] == "MissingApiVersionParameter"


def test_resource_group_create_and_delete(emulator_state: Emulator, arm: PipelineClient) -> None:
    sub = emulator_state.seed["subscription_id"]
    url = f"/subscriptions/{sub}/resourcegroups/scratch?api-version={API}"
    made = send(arm, "PUT", url, json={"location": "westus2"})
    assert made.status_code == 201 and made.json()["properties"]["provisioningState"] == "Succeeded"
    assert send(arm, "PUT", url, json={"location": "westus2"}).status_code == 200
    assert send(arm, "PUT", url, json={}).json()["error"]["code"] == "LocationRequired"
    assert send(arm, "DELETE", url).status_code == 200
    assert send(arm, "GET", url).status_code == 404


def test_vm_put_of_the_whole_model_like_update_azvm(emulator_state: Emulator,
                                                    arm: PipelineClient) -> None:
    """Update-AzVM PUTs the VM it read back, with the new identity: read-only fields are
    ignored and the identity is replaced (the system-assigned one goes away)."""
    emu, mi = emulator_state, emulator_state.seed["identity"]
    url = f"{emu.seed['vm']['id']}?api-version=2024-07-01"
    model = send(arm, "GET", url).json()
    model["identity"] = {"type": "UserAssigned", "userAssignedIdentities": {mi["id"]: {}}}
    vm_id = model["properties"]["vmId"]
    model["properties"]["vmId"] = "changed-by-client"
    model["properties"]["hardwareProfile"]["vmSize"] = "Standard_D2s_v5"
    put = send(arm, "PUT", url, json=model)
    assert put.status_code == 200 and put.json()["properties"]["provisioningState"] == "Updating"
    after = send(arm, "GET", url).json()
    assert after["identity"] == {"type": "UserAssigned", "userAssignedIdentities": {
        mi["id"]: {"principalId": mi["principal_id"], "clientId": mi["client_id"]}}}
    assert after["properties"]["vmId"] == vm_id
    assert after["properties"]["hardwareProfile"]["vmSize"] == "Standard_D2s_v5"
