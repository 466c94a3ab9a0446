"""The REST layer on its own: azure-identity's ClientSecretCredential against the emulator, the
bearer policy, retries honouring Retry-After within bounds, and ARM/Graph error mapping."""

from __future__ import annotations

import time

import pytest
from azure.identity import ClientSecretCredential

from pwshim.azure import msi
from pwshim.azure.rest import RestClient, RestError, scope_for

ARM_SCOPE = scope_for("https://management.core.windows.net/")


@pytest.fixture
def arm(az_env, emu):
    seed = emu.seed
    cred = ClientSecretCredential(
        seed["tenant_id"], seed["app"]["app_id"], seed["app"]["secret"], authority=emu.url,
        disable_instance_discovery=True,
    )
    return RestClient(cred, emu.url, ARM_SCOPE, ca_bundle=str(emu.ca_path), max_retry_after=0.5, retry_backoff=0.01)


def _count(emu, path_part: str, status: int | None = None) -> int:
    return sum(
        1
        for e in emu.request_log()
        if path_part.lower() in e["path"].lower() and (status is None or e["status"] == status)
    )


def test_scope_keeps_azs_double_slash():
    assert ARM_SCOPE == "https://management.core.windows.net//.default"


def test_get_identity_with_bearer_token(arm, emu):
    ident = emu.seed["identity"]
    got = msi.get_identity(arm, emu.seed["subscription_id"], ident["resource_group"], ident["name"])
    assert got.ClientId == ident["client_id"]
    assert got.PrincipalId == ident["principal_id"]
    assert got.ResourceGroupName.lower() == ident["resource_group"].lower()


def test_throttling_is_retried_to_success(arm, emu):
    ident = emu.seed["identity"]
    name = f"/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{ident['name']}"
    before_429 = _count(emu, name, 429)
    emu.inject_fault(f"/subscriptions/{emu.seed['subscription_id']}/resourcegroups/*{name}", status=429, times=2, retry_after=0)
    got = msi.get_identity(arm, emu.seed["subscription_id"], ident["resource_group"], ident["name"])
    assert got.ClientId == ident["client_id"]
    assert _count(emu, name, 429) - before_429 == 2


def test_retry_after_is_capped(arm, emu):
    """A Retry-After of an hour does not stall the call: the sleep is capped (0.5 s here)."""
    ident = emu.seed["identity"]
    emu.inject_fault("/subscriptions/*userAssignedIdentities*", status=429, times=1, retry_after=3600)
    start = time.monotonic()
    got = msi.get_identity(arm, emu.seed["subscription_id"], ident["resource_group"], ident["name"])
    assert got.Name == ident["name"]
    assert time.monotonic() - start < 5


def test_exhausted_throttling_raises_within_bounds(arm, emu):
    ident = emu.seed["identity"]
    fault = emu.inject_fault("/subscriptions/*userAssignedIdentities*", status=429, times=-1, retry_after=1)
    try:
        start = time.monotonic()
        with pytest.raises(RestError) as info:
            msi.get_identity(arm, emu.seed["subscription_id"], ident["resource_group"], ident["name"])
        elapsed = time.monotonic() - start
    finally:
        emu.clear_faults()
    err = info.value
    assert err.status == 429 and err.code == "TooManyRequests"
    assert fault.hits == 4  # the call and Az's 3 retries
    assert elapsed < 10


def test_arm_error_json_is_mapped(arm, emu):
    with pytest.raises(RestError) as info:
        msi.get_identity(arm, emu.seed["subscription_id"], emu.seed["identity"]["resource_group"], "no-such-identity")
    err = info.value
    assert err.status == 404 and err.reason == "Not Found"
    assert err.code == "ResourceNotFound"
    assert "no-such-identity" in err.message
    # ARM's x-ms-request-id (Graph's request-id) when the service sends one
    assert err.request_id and err.request_id == err.headers.get("x-ms-request-id")


def test_connection_refused_has_dotnet_text(az_env, emu):
    import socket

    from pwshim.azure.rest import TransportError

    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    seed = emu.seed
    cred = ClientSecretCredential(seed["tenant_id"], seed["app"]["app_id"], seed["app"]["secret"],
                                  authority=emu.url, disable_instance_discovery=True)
    client = RestClient(cred, f"https://127.0.0.1:{port}/", ARM_SCOPE, retry_backoff=0.01)
    with pytest.raises(TransportError) as info:
        client.get("subscriptions", {"api-version": "2021-01-01"})
    assert str(info.value) == f"Connection refused (127.0.0.1:{port})"


def test_slow_service_times_out_within_bounds(az_env, emu):
    from pwshim.azure.rest import TransportError

    seed = emu.seed
    cred = ClientSecretCredential(seed["tenant_id"], seed["app"]["app_id"], seed["app"]["secret"],
                                  authority=emu.url, disable_instance_discovery=True)
    client = RestClient(cred, emu.url, ARM_SCOPE, ca_bundle=str(emu.ca_path), request_timeout=0.3,
                        retry_total=1, retry_backoff=0.01)
    client.get("subscriptions", {"api-version": "2021-01-01"})  # token first, outside the fault
    emu.inject_fault("/subscriptions", latency=1.5, times=-1)
    start = time.monotonic()
    try:
        with pytest.raises(TransportError) as info:
            client.get("subscriptions", {"api-version": "2021-01-01"})
    finally:
        emu.clear_faults()
    assert time.monotonic() - start < 3
    assert str(info.value) == "The request was canceled due to the configured HttpClient.Timeout of 0.3 seconds elapsing."


def test_long_running_operation_is_bounded(az_env, emu):
    from pwshim.azure import compute

    seed = emu.seed
    cred = ClientSecretCredential(seed["tenant_id"], seed["app"]["app_id"], seed["app"]["secret"],
                                  authority=emu.url, disable_instance_discovery=True)
    client = RestClient(cred, emu.url, ARM_SCOPE, ca_bundle=str(emu.ca_path), lro_timeout=1.5)
    sub, vm = seed["subscription_id"], seed["vm"]
    current = compute.get_vm(client, sub, vm["resource_group"], vm["name"])
    emu.lro_polls, emu.lro_retry_after = 100, 1
    try:
        start = time.monotonic()
        with pytest.raises(RestError) as info:
            compute.put_vm(client, sub, vm["resource_group"], vm["name"], compute.update_body(current, None))
        assert time.monotonic() - start < 3
    finally:
        emu.lro_polls = 1
    assert info.value.code == "OperationTimeout"
    polls = [e for e in emu.request_log() if "/operations/" in e["path"]]
    assert polls and all(e["status"] == 200 for e in polls)
