"""Get-/New-AzResourceGroup (Az.Resources) against the emulator."""

from __future__ import annotations

import uuid

from pwshim.runtime.objects import Hashtable

from .conftest import run


def test_new_then_get_resource_group(signed_in, emu):
    name = f"rg-{uuid.uuid4().hex[:8]}"
    [created] = run(signed_in, "New-AzResourceGroup", Name=name, Location="westus", Tag=Hashtable({"a": "b"}))
    assert (created.ResourceGroupName, created.Location, created.ProvisioningState) == (name, "westus", "Succeeded")
    assert created.ResourceId == f"/subscriptions/{emu.seed['subscription_id']}/resourceGroups/{name}"
    [got] = run(signed_in, "Get-AzResourceGroup", Name=name)
    assert got.Tags["a"] == "b"
    names = [g.ResourceGroupName for g in run(signed_in, "Get-AzResourceGroup")]
    assert {name, "contoso", "myResourceGroup"} <= set(names)
    assert [g.ResourceGroupName for g in run(signed_in, "Get-AzResourceGroup", Name="conto*")] == ["contoso"]
