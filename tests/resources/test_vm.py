"""Get-AzVM and Update-AzVM (Az.Compute): the page's
`Get-AzVM ... | Update-AzVM -IdentityType UserAssigned -IdentityId $identity.Id`."""

from __future__ import annotations

import pytest
from azure.core.exceptions import ClientAuthenticationError
from azure.identity import CredentialUnavailableError, ManagedIdentityCredential

from pwshim.azure.compute import PSVirtualMachine, PSVirtualMachineList
from pwshim.runtime.errors import PSError
from pwshim.runtime.objects import Hashtable

from .conftest import run


def _vm_json(signed_in, emu) -> dict:
    """The VM as ARM stores it now (read with the same signed-in context)."""
    from pwshim.azure.rest import arm_client

    arm, _ = arm_client(signed_in)
    vm = emu.seed["vm"]
    return arm.get(vm["id"], {"api-version": "2024-07-01"})


def test_get_single_vm(signed_in, emu):
    vm = emu.seed["vm"]
    [got] = run(signed_in, "Get-AzVM", ResourceGroupName=vm["resource_group"], Name=vm["name"])
    assert isinstance(got, PSVirtualMachine)
    assert got.Name == vm["name"]
    assert got.Id.lower() == vm["id"].lower()
    assert got.ResourceGroupName.lower() == vm["resource_group"].lower()
    assert got.Type == "Microsoft.Compute/virtualMachines"
    assert got.HardwareProfile.VmSize == "Standard_B2s"
    assert str(got.HardwareProfile) == "{VmSize}"
    assert got.StorageProfile.OsDisk.OsType == "Linux"
    assert got.ProvisioningState == "Succeeded"
    assert got.StatusCode.name == "OK"
    assert got.RequestId  # the GET's x-ms-request-id


def test_list_vms_has_the_az_compute_table(signed_in, emu):
    vm = emu.seed["vm"]
    listed = run(signed_in, "Get-AzVM", ResourceGroupName=vm["resource_group"])
    [mine] = [v for v in listed if v.Name == vm["name"]]
    assert isinstance(mine, PSVirtualMachineList)
    assert type(mine).PS_DEFAULT_PROPERTIES == (
        "ResourceGroupName", "Name", "Location", "VmSize", "OsType", "NIC", "ProvisioningState", "Zone")
    assert (mine.VmSize, mine.OsType, mine.NIC) == ("Standard_B2s", "Linux", f"{vm['name']}-nic")
    by_name = run(signed_in, "Get-AzVM", Name=vm["name"])
    assert [v.Name for v in by_name] == [vm["name"]]


def test_vm_not_found_is_compute_cloud_exception(signed_in, emu):
    rg = emu.seed["vm"]["resource_group"]
    with pytest.raises(PSError) as info:
        run(signed_in, "Get-AzVM", ResourceGroupName=rg, Name="x")
    record = info.value.record
    lines = record.message.split("\n")
    assert lines[0].startswith(f"The Resource 'Microsoft.Compute/virtualMachines/x' under resource group '{rg}' was not found.")
    assert lines[1] == "ErrorCode: ResourceNotFound"
    assert lines[2] == "ErrorMessage: " + lines[0]
    assert lines[3] == "ErrorTarget: "
    assert lines[4:6] == ["StatusCode: 404", "ReasonPhrase: Not Found"]
    assert len(lines) == 7 and lines[6].startswith("OperationID : ")  # ARM's x-ms-request-id
    assert len(lines[6]) > len("OperationID : ")
    assert record.category == "CloseError"
    assert record.FullyQualifiedErrorId == (
        "Microsoft.Azure.Commands.Compute.Common.ComputeCloudException,Microsoft.Azure.Commands.Compute.GetAzureVMCommand")
    assert record.exception.type_name == "Microsoft.Azure.Commands.Compute.Common.ComputeCloudException"


def test_identity_type_is_validated(signed_in, emu):
    vm = emu.seed["vm"]
    [got] = run(signed_in, "Get-AzVM", ResourceGroupName=vm["resource_group"], Name=vm["name"])
    with pytest.raises(PSError) as info:
        run(signed_in, "Update-AzVM", pipeline_input=[got], IdentityType="Bogus", IdentityId=["x"])
    assert "SystemAssignedUserAssigned" in info.value.record.message


def _imds_token(client_id: str) -> str:
    cred = ManagedIdentityCredential(client_id=client_id)
    return cred.get_token("https://management.azure.com/.default").token


def test_update_vm_attaches_user_assigned_identity(signed_in, emu):
    """The page's pipeline; the LRO is polled (Retry-After 1 s) and IMDS then serves the identity."""
    vm, ident = emu.seed["vm"], emu.seed["identity"]
    with pytest.raises((ClientAuthenticationError, CredentialUnavailableError)):
        _imds_token(ident["client_id"])  # not on the VM yet: IMDS refuses

    [identity] = run(signed_in, "Get-AzUserAssignedIdentity", ResourceGroupName=ident["resource_group"], Name=ident["name"])
    vms = run(signed_in, "Get-AzVM", ResourceGroupName=vm["resource_group"], Name=vm["name"])
    emu.lro_retry_after = 1
    try:
        [result] = run(signed_in, "Update-AzVM", pipeline_input=vms, IdentityType="UserAssigned", IdentityId=[identity.Id])
    finally:
        emu.lro_retry_after = 0
    assert (result.IsSuccessStatusCode, result.StatusCode.name, result.ReasonPhrase) == (True, "OK", "OK")
    assert result.RequestId is None  # blank, as in every Az sample of this output
    assert type(result).PS_DEFAULT_PROPERTIES == ("RequestId", "IsSuccessStatusCode", "StatusCode", "ReasonPhrase")

    state = _vm_json(signed_in, emu)
    assert state["identity"]["type"] == "UserAssigned"
    assert [k.lower() for k in state["identity"]["userAssignedIdentities"]] == [identity.Id.lower()]
    assert state["properties"]["provisioningState"] == "Succeeded"
    log = emu.request_log()
    puts = [e for e in log if e["method"] == "PUT" and "virtualmachines/" in e["path"].lower()]
    assert puts, "Update-AzVM sends VirtualMachines.CreateOrUpdate"
    after = log[log.index(puts[-1]) + 1:]
    assert any("operation" in e["path"].lower() for e in after), "the long-running operation was polled"

    assert _imds_token(ident["client_id"])  # now the VM's IMDS issues the token

    [again] = run(signed_in, "Get-AzVM", ResourceGroupName=vm["resource_group"], Name=vm["name"])
    assert again.Identity.Type.name == "UserAssigned"
    assert [k.lower() for k in again.Identity.UserAssignedIdentities] == [identity.Id.lower()]
    assert again.Identity.UserAssignedIdentities[identity.Id].ClientId == ident["client_id"]

    # SystemAssignedUserAssigned goes on the wire as "SystemAssigned, UserAssigned"
    run(signed_in, "Update-AzVM", pipeline_input=[again], IdentityType="SystemAssignedUserAssigned", IdentityId=[identity.Id])
    assert _vm_json(signed_in, emu)["identity"]["type"] == "SystemAssigned, UserAssigned"


def test_get_vm_by_id(signed_in, emu):
    vm = emu.seed["vm"]
    [got] = run(signed_in, "Get-AzVM", Id=vm["id"])
    assert got.VmId and got.Name == vm["name"]


def test_update_vm_whatif_sends_nothing(signed_in, emu):
    vm = emu.seed["vm"]
    vms = run(signed_in, "Get-AzVM", ResourceGroupName=vm["resource_group"], Name=vm["name"])
    before = len([e for e in emu.request_log() if e["method"] == "PUT"])
    out = run(signed_in, "Update-AzVM", pipeline_input=vms, IdentityType="SystemAssigned", WhatIf=True)
    assert out == []
    assert 'What if: Performing the operation "Update" on target "testvm".' in signed_in.host.text
    assert len([e for e in emu.request_log() if e["method"] == "PUT"]) == before


def test_update_vm_sends_what_the_script_changed(signed_in, emu):
    """$vm.HardwareProfile.VmSize = ...; Update-AzVM -VM $vm -ResourceGroupName rg"""
    vm = emu.seed["vm"]
    before = _vm_json(signed_in, emu)
    [got] = run(signed_in, "Get-AzVM", ResourceGroupName=vm["resource_group"], Name=vm["name"])
    got.HardwareProfile.VmSize = "Standard_D2s_v3"
    [result] = run(signed_in, "Update-AzVM", VM=got, ResourceGroupName=vm["resource_group"], Tag=Hashtable({"env": "dev"}))
    assert result.IsSuccessStatusCode
    state = _vm_json(signed_in, emu)
    assert state["properties"]["hardwareProfile"]["vmSize"] == "Standard_D2s_v3"
    assert state["tags"] == {"env": "dev"}
    assert state.get("identity") == before.get("identity")  # sent back as it was


def test_update_vm_nowait_returns_the_first_response(signed_in, emu):
    vm = emu.seed["vm"]
    vms = run(signed_in, "Get-AzVM", ResourceGroupName=vm["resource_group"], Name=vm["name"])
    polls = lambda: sum("/operations/" in e["path"] for e in emu.request_log())  # noqa: E731
    before = polls()
    [result] = run(signed_in, "Update-AzVM", pipeline_input=vms, Tag=Hashtable({"k": "v"}), NoWait=True)
    assert result.IsSuccessStatusCode and result.RequestId
    assert polls() == before  # the operation was started, not followed
