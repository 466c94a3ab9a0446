"""Errors every resources/graph cmdlet shares: not signed in, throttling after retries."""

from __future__ import annotations

import time

import pytest

from pwshim.runtime.errors import PSError

from .conftest import run

NOT_SIGNED_IN = [
    ("Get-AzUserAssignedIdentity", {"ResourceGroupName": "rg", "Name": "x"}),
    ("New-AzUserAssignedIdentity", {"ResourceGroupName": "rg", "Name": "x", "Location": "eastus"}),
    ("Get-AzVM", {"ResourceGroupName": "rg", "Name": "x"}),
    ("Get-AzResourceGroup", {}),
    ("New-AzADServicePrincipal", {"DisplayName": "x"}),
    ("Get-AzADServicePrincipal", {"DisplayName": "x"}),
    ("Get-AzADApplication", {}),
    ("New-AzADSpCredential", {"ObjectId": "x"}),
    ("New-AzADSpCredential", {"ServicePrincipalName": "x"}),
]


@pytest.mark.parametrize(("name", "params"), NOT_SIGNED_IN, ids=[n for n, _ in NOT_SIGNED_IN])
def test_not_signed_in(session, name, params):
    with pytest.raises(PSError) as info:
        run(session, name, **params)
    assert info.value.record.message == "Run Connect-AzAccount to login."


def test_throttled_until_retries_run_out(signed_in, emu):
    vm = emu.seed["vm"]
    fault = emu.inject_fault("/subscriptions/*/virtualMachines/*", status=429, times=-1, retry_after=30)
    try:
        start = time.monotonic()
        with pytest.raises(PSError) as info:
            run(signed_in, "Get-AzVM", ResourceGroupName=vm["resource_group"], Name=vm["name"])
        elapsed = time.monotonic() - start
    finally:
        emu.clear_faults()
    assert fault.hits == 4
    assert elapsed < 5  # Retry-After 30 s capped (0.2 s in these tests)
    lines = info.value.record.message.split("\n")
    assert "ErrorCode: TooManyRequests" in lines
    assert "StatusCode: 429" in lines and "ReasonPhrase: Too Many Requests" in lines


def test_throttling_retried_to_success_through_a_cmdlet(signed_in, emu):
    ident = emu.seed["identity"]
    emu.inject_fault("/subscriptions/*userAssignedIdentities*", status=429, times=2, retry_after=1)
    [got] = run(signed_in, "Get-AzUserAssignedIdentity", ResourceGroupName=ident["resource_group"], Name=ident["name"])
    assert got.ClientId == ident["client_id"]


def test_resource_group_not_found(signed_in):
    with pytest.raises(PSError) as info:
        run(signed_in, "Get-AzResourceGroup", Name="no-such-rg")
    assert info.value.record.message == "Provided resource group does not exist."


def test_authorization_failure_on_arm_is_compute_cloud_exception(signed_in, emu):
    """403 is not retried; Az.Compute prints the ARM error with StatusCode/ReasonPhrase lines."""
    vm = emu.seed["vm"]
    fault = emu.inject_fault("/subscriptions/*/virtualMachines/*", status=403, times=-1)
    try:
        with pytest.raises(PSError) as info:
            run(signed_in, "Get-AzVM", ResourceGroupName=vm["resource_group"], Name=vm["name"])
    finally:
        emu.clear_faults()
    assert fault.hits == 1
    lines = info.value.record.message.split("\n")
    assert lines[1] == "ErrorCode: Injected"
    assert "StatusCode: 403" in lines and "ReasonPhrase: Forbidden" in lines


def test_authorization_failure_on_graph_is_an_autorest_record(signed_in, emu):
    fault = emu.inject_fault("/graph/v1.0/servicePrincipals", status=403, times=-1)
    try:
        out = run(signed_in, "Get-AzADServicePrincipal", DisplayName="anything", ErrorAction="SilentlyContinue")
    finally:
        emu.clear_faults()
    assert out == [] and fault.hits == 1
    record = signed_in.last_errors[-1]
    assert record.command == "Get-AzADServicePrincipal_List"
    assert record.category == "InvalidOperation"
    assert record.exception.Message == f"[Injected] : {record.message}"


def test_default_profile_context_is_used(signed_in, emu):
    """-DefaultProfile (Get-AzContext's object) works even after the default context is gone."""
    [ctx] = run(signed_in, "Get-AzContext")
    run(signed_in, "Clear-AzContext", Scope="Process", Force=True)
    with pytest.raises(PSError):
        run(signed_in, "Get-AzVM", ResourceGroupName=emu.seed["vm"]["resource_group"], Name=emu.seed["vm"]["name"])
    [vm] = run(signed_in, "Get-AzVM", ResourceGroupName=emu.seed["vm"]["resource_group"], Name=emu.seed["vm"]["name"],
               DefaultProfile=ctx)
    assert vm.Name == emu.seed["vm"]["name"]
