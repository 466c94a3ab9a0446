"""Get-/New-/Remove-AzUserAssignedIdentity (Az.ManagedServiceIdentity) against the emulator."""

from __future__ import annotations

import uuid

from pwshim.runtime.objects import Hashtable, get_property

from .conftest import run


def test_get_by_resource_group_and_name(signed_in, emu):
    ident = emu.seed["identity"]
    [got] = run(signed_in, "Get-AzUserAssignedIdentity", ResourceGroupName=ident["resource_group"], Name=ident["name"])
    # member access as the page does it: $identity.ClientId, $identity.Id
    assert get_property(got, "ClientId") == ident["client_id"]
    assert get_property(got, "id").lower() == ident["id"].lower()
    assert got.PrincipalId == ident["principal_id"]
    assert got.TenantId == emu.seed["tenant_id"]
    assert got.Type == "Microsoft.ManagedIdentity/userAssignedIdentities"
    assert got.Location == emu.seed["location"]
    assert got.ResourceGroupName.lower() == ident["resource_group"].lower()
    assert type(got).PS_DEFAULT_PROPERTIES == ("Location", "Name", "ResourceGroupName")


def test_list_by_resource_group_and_subscription(signed_in, emu):
    ident = emu.seed["identity"]
    by_rg = run(signed_in, "Get-AzUserAssignedIdentity", ResourceGroupName=ident["resource_group"])
    assert ident["client_id"] in [i.ClientId for i in by_rg]
    in_sub = run(signed_in, "Get-AzUserAssignedIdentity")
    assert ident["client_id"] in [i.ClientId for i in in_sub]


def test_not_found_is_a_non_terminating_autorest_error(signed_in, emu):
    rg = emu.seed["identity"]["resource_group"]
    out = run(signed_in, "Get-AzUserAssignedIdentity", ResourceGroupName=rg, Name="nope", ErrorAction="SilentlyContinue")
    assert out == []
    record = signed_in.last_errors[-1]
    assert record.command == "Get-AzUserAssignedIdentity_Get"
    assert record.error_id == "ResourceNotFound"
    assert record.category == "InvalidOperation"
    assert record.FullyQualifiedErrorId == (
        "ResourceNotFound,Microsoft.Azure.PowerShell.Cmdlets.ManagedServiceIdentity.Cmdlets.GetAzUserAssignedIdentity_Get"
    )
    assert "Microsoft.ManagedIdentity/userAssignedIdentities/nope" in record.message
    assert f"'{rg}'" in record.message
    # .NET's Exception.Message carries AutoRest's "[Code] : message" form
    assert record.exception.Message.startswith("[ResourceNotFound] : ")
    assert record.target == f"{{ ResourceGroupName = {rg}, Name = nope, SubscriptionId = {emu.seed['subscription_id']} }}"


def test_new_then_remove(signed_in, emu):
    rg = emu.seed["identity"]["resource_group"]
    name = f"id-{uuid.uuid4().hex[:8]}"
    [created] = run(signed_in, "New-AzUserAssignedIdentity", ResourceGroupName=rg, Name=name, Location="eastus",
                    Tag=Hashtable({"env": "test"}))
    assert created.Name == name and created.Location == "eastus"
    uuid.UUID(created.ClientId)
    assert created.Tag["env"] == "test"
    [again] = run(signed_in, "Get-AzUserAssignedIdentity", ResourceGroupName=rg, Name=name)
    assert again.ClientId == created.ClientId
    assert run(signed_in, "Remove-AzUserAssignedIdentity", ResourceGroupName=rg, Name=name, PassThru=True) == [True]
    assert run(signed_in, "Get-AzUserAssignedIdentity", ResourceGroupName=rg, Name=name, ErrorAction="SilentlyContinue") == []
    assert signed_in.last_errors[-1].error_id == "ResourceNotFound"


def test_input_object_forms(signed_in, emu):
    rg = emu.seed["identity"]["resource_group"]
    name = f"id-{uuid.uuid4().hex[:8]}"
    [created] = run(signed_in, "New-AzUserAssignedIdentity", ResourceGroupName=rg, Name=name, Location="westus")
    # -InputObject named (piping it needs the binder to narrow the set on pipeline input)
    [via] = run(signed_in, "Get-AzUserAssignedIdentity", InputObject=created)
    assert via.PrincipalId == created.PrincipalId
    run(signed_in, "Remove-AzUserAssignedIdentity", InputObject=created)
    names = [i.Name for i in run(signed_in, "Get-AzUserAssignedIdentity", ResourceGroupName=rg)]
    assert name not in names and emu.seed["identity"]["name"] in names
