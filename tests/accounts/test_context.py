"""The context cmdlets, Get-AzAccessToken, Get-AzSubscription/Get-AzTenant, environments, and a
second process carrying on from a saved sign-in."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from pwshim.runtime.errors import PSError

from .conftest import context_file, new_session, run, sp_credential


@pytest.fixture
def sp(session, emulator):
    seed = emulator.seed
    run(session, "Connect-AzAccount", ServicePrincipal=True, Tenant=seed["tenant_id"],
        Credential=sp_credential(seed["app"]["app_id"], seed["app"]["secret"]))
    return session


def _doc(home: Path) -> dict:
    return json.loads(context_file(home).read_bytes()[3:])


def _token_calls(emulator) -> int:
    return sum(1 for e in emulator.request_log() if e["path"].split("?")[0].endswith("/oauth2/v2.0/token"))


SECOND_PROCESS = r"""
import os, sys
from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session
from pwshim.runtime.cmdlet import find_cmdlet, invoke
s = Session(host=BufferHost(noninteractive=True), environ=os.environ, noninteractive=True)
try:
    t = invoke(find_cmdlet("Get-AzAccessToken"), s, **dict(a.split("=", 1) for a in sys.argv[1:]))[0]
except Exception as exc:
    print("ERROR", type(exc).__name__, exc)
    raise SystemExit(3)
print(t.Token.reveal(), t.ExpiresOn.ToUnixTimeSeconds(), t.TenantId, t.UserId, t.Type)
"""


def _second_process(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SECOND_PROCESS, *args], check=False, capture_output=True, text=True, timeout=60,
                          env=dict(os.environ))


def test_access_token_object(sp, az_env: Path, emulator) -> None:
    seed = emulator.seed
    tok = run(sp, "Get-AzAccessToken")[0]
    assert type(tok.Token).__name__ == "SecureString" and tok.Type == "Bearer"
    assert tok.TenantId == seed["tenant_id"] and tok.UserId == seed["app"]["app_id"]
    assert tok.ExpiresOn.ToUnixTimeSeconds() > 0 and tok.ExpiresOn.ToString().endswith(" +00:00")
    from pwshim.formatting import format_objects

    assert "ExpiresOn : " + tok.ExpiresOn.ToString() in format_objects([tok], sp)
    assert type(run(sp, "Get-AzAccessToken", AsSecureString=True)[0].Token).__name__ == "SecureString"
    graph = run(sp, "Get-AzAccessToken", ResourceTypeName="MSGraph")[0].Token.reveal()
    payload = graph.split(".")[1]
    import base64

    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["aud"].rstrip("/") == emulator.url + "/graph"
    assert run(sp, "Get-AzAccessToken", ResourceUrl=emulator.url + "/graph/")[0].Token.Length > 0


def test_access_token_bad_type_name(sp) -> None:
    with pytest.raises(PSError) as info:
        run(sp, "Get-AzAccessToken", ResourceTypeName="Nope")
    assert str(info.value) == ('The specified ResourceTypeName "Nope" is not supported, please provide a valid value. '
                               "e.g. Arm, AadGraph, etc.")


def test_not_signed_in(offline) -> None:
    with pytest.raises(PSError) as info:
        run(offline, "Get-AzAccessToken")
    assert str(info.value) == "Run Connect-AzAccount to login."
    rec = info.value.record
    assert rec.FullyQualifiedErrorId == "Microsoft.Azure.Commands.Profile.GetAzureRmAccessTokenCommand"
    assert type(rec.exception).__name__ == "PSInvalidOperationException" and rec.category == "CloseError"
    assert run(offline, "Get-AzContext") == []


def test_second_process_uses_saved_sp_without_token_call(sp, az_env: Path, emulator) -> None:
    seed = emulator.seed
    cache = az_env / ".local" / "share" / ".IdentityService" / "msal.cache.nocae"
    assert cache.exists() and oct(stat.S_IMODE(cache.stat().st_mode)) == "0o600"
    assert seed["app"]["secret"] not in cache.read_text()
    first = run(sp, "Get-AzAccessToken")[0].Token.reveal()
    calls = _token_calls(emulator)
    proc = _second_process()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    token, _exp, tenant, user, typ = proc.stdout.split()
    assert token == first and tenant == seed["tenant_id"] and user == seed["app"]["app_id"] and typ == "Bearer"
    assert _token_calls(emulator) == calls  # served from the persistent MSAL cache
    # a token for another resource needs the secret: it comes from the keystore
    proc = _second_process("ResourceTypeName=MSGraph")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _token_calls(emulator) == calls + 1


def test_second_process_certificate_from_store(session, az_env: Path, emulator) -> None:
    from .test_connect import _import_cert

    seed = emulator.seed
    thumb = _import_cert(emulator)
    run(session, "Connect-AzAccount", ApplicationId=seed["app"]["app_id"], Tenant=seed["tenant_id"], CertificateThumbprint=thumb)
    (az_env / ".local" / "share" / ".IdentityService" / "msal.cache.nocae").unlink()  # force a real sign-in
    proc = _second_process()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.split()[3] == seed["app"]["app_id"]


def test_second_process_managed_identity(session, az_env: Path) -> None:
    run(session, "Connect-AzAccount", Identity=True)
    proc = _second_process()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.split()[3] == "MSI@50342"


def test_second_process_not_signed_in(az_env: Path) -> None:
    proc = _second_process()
    assert proc.returncode == 3 and "Run Connect-AzAccount to login." in proc.stdout


def test_get_subscription_and_tenant(sp, emulator) -> None:
    seed = emulator.seed
    subs = run(sp, "Get-AzSubscription")
    assert [(s.Name, s.Id, s.TenantId, s.State) for s in subs] == [
        ("My Subscription", seed["subscription_id"], seed["tenant_id"], "Enabled")]
    assert subs[0].HomeTenantId == seed["tenant_id"] and subs[0].SubscriptionPolicies.get("QuotaId")
    assert run(sp, "Get-AzSubscription", SubscriptionName="My Subscription")[0].Id == seed["subscription_id"]
    with pytest.raises(PSError):
        run(sp, "Get-AzSubscription", SubscriptionId=str(uuid.uuid4()))
    tenants = run(sp, "Get-AzTenant")
    assert [t.Id for t in tenants] == [seed["tenant_id"]] and str(tenants[0]) == seed["tenant_id"]


def test_set_context_and_list(sp, az_env: Path, emulator) -> None:
    seed = emulator.seed
    ctx = run(sp, "Set-AzContext", Subscription=seed["subscription_id"], Name="mine")[0]
    assert ctx.Name == "mine" and ctx.Subscription.Id == seed["subscription_id"]
    doc = _doc(az_env)
    assert doc["DefaultContextKey"] == "mine" and "mine" in doc["Contexts"]
    names = [c.Name for c in run(sp, "Get-AzContext", ListAvailable=True)]
    assert "mine" in names
    assert run(sp, "Get-AzContext", Name="MINE")[0].Name == "mine"
    assert run(sp, "Select-AzSubscription", SubscriptionName="My Subscription")[0].Subscription.Name == "My Subscription"
    with pytest.raises(PSError) as info:
        run(sp, "Set-AzContext", Subscription="nope")
    assert str(info.value) == "Please provide a valid tenant or a valid subscription."


def test_rename_remove_context(sp, az_env: Path) -> None:
    old = _doc(az_env)["DefaultContextKey"]
    run(sp, "Set-AzContext", Subscription="My Subscription", Name="second")
    assert _doc(az_env)["DefaultContextKey"] == "second"
    assert run(sp, "Select-AzContext", Name=old)[0].Name == old
    assert _doc(az_env)["DefaultContextKey"] == old
    run(sp, "Remove-AzContext", Name="second")
    run(sp, "Rename-AzContext", SourceName=old, TargetName="renamed")
    doc = _doc(az_env)
    assert doc["DefaultContextKey"] == "renamed" and list(doc["Contexts"]) == ["renamed"]
    run(sp, "Remove-AzContext", Name="renamed", Force=True)
    assert _doc(az_env)["Contexts"] == {}


def test_disconnect_removes_contexts_and_secret(sp, az_env: Path, emulator) -> None:
    seed = emulator.seed
    out = run(sp, "Disconnect-AzAccount")
    assert out[0].Id == seed["app"]["app_id"] and str(out[0]) == seed["app"]["app_id"]
    assert _doc(az_env)["Contexts"] == {}
    assert json.loads((az_env / ".Azure" / "keystore.cache").read_bytes()) == []
    with pytest.raises(PSError):
        run(new_session(), "Get-AzAccessToken")


def test_clear_context_prompts_then_clears(sp, az_env: Path) -> None:
    with pytest.raises(PSError):  # a non-interactive host cannot confirm
        run(sp, "Clear-AzContext")
    assert _doc(az_env)["Contexts"]
    asking = new_session(noninteractive=False, answers=("Y",))
    run(asking, "Clear-AzContext")
    assert "Remove all accounts and subscriptions in all sessions for the current user?" in asking.host.text
    assert context_file(az_env).read_bytes() == (
        b'\xef\xbb\xbf{\n  "DefaultContextKey": "Default",\n  "EnvironmentTable": {},\n'
        b'  "Contexts": {},\n  "ExtendedProperties": {}\n}')
    assert json.loads((az_env / ".Azure" / "keystore.cache").read_bytes()) == []


def test_save_and_import_context(sp, az_env: Path, tmp_path: Path, emulator) -> None:
    seed = emulator.seed
    target = tmp_path / "saved.json"
    run(sp, "Save-AzContext", Path=str(target))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf{") and seed["app"]["secret"].encode() not in raw
    run(sp, "Save-AzContext", Path=str(target), Force=True, WithCredential=True)
    assert seed["app"]["secret"].encode() in target.read_bytes()  # Az 2.13: refilled on request
    run(sp, "Clear-AzContext", Force=True)
    out = run(new_session(), "Import-AzContext", Path=str(target))
    assert out[0].Context.Account.Id == seed["app"]["app_id"]
    # the plaintext secret went to the keystore, not into AzureRmContext.json
    assert seed["app"]["secret"] not in context_file(az_env).read_text("utf-8-sig")
    assert run(new_session(), "Get-AzAccessToken")[0].Token.Length > 0


def test_environments(offline, home: Path) -> None:
    from pwshim.formatting import format_objects

    envs = run(offline, "Get-AzEnvironment")
    assert [e.Name for e in envs] == ["AzureChinaCloud", "AzureCloud", "AzureUSGovernment"]
    lines = format_objects(envs, offline).strip("\n").splitlines()
    assert lines[0] == "Name              Resource Manager Url                  ActiveDirectory Authority          Type"
    assert lines[3] == "AzureCloud        https://management.azure.com/         https://login.microsoftonline.com/ Built-in"
    cloud = run(offline, "Get-AzEnvironment", Name="azurecloud")[0]
    assert cloud.Type == "Built-in" and cloud.ResourceManagerUrl == "https://management.azure.com/"
    env = run(offline, "Add-AzEnvironment", Name="Stack", ActiveDirectoryEndpoint="https://login.stack.example/",
              ResourceManagerEndpoint="https://arm.stack.example/", MicrosoftGraphUrl="https://graph.stack.example")[0]
    assert env.Type == "User-defined" and env.ExtendedProperties["MicrosoftGraphUrl"] == "https://graph.stack.example"
    doc = _doc(home)
    assert list(doc["EnvironmentTable"]) == ["Stack"]
    assert doc["EnvironmentTable"]["Stack"]["ResourceManagerUrl"] == "https://arm.stack.example/"
    assert run(new_session(), "Get-AzEnvironment", Name="Stack")[0].ActiveDirectoryAuthority == "https://login.stack.example/"
    with pytest.raises(PSError):
        run(offline, "Add-AzEnvironment", Name="AzureCloud", ResourceManagerEndpoint="https://x/")
    run(offline, "Set-AzEnvironment", Name="Stack", GraphEndpoint="https://aadgraph.stack.example/")
    assert _doc(home)["EnvironmentTable"]["Stack"]["GraphUrl"] == "https://aadgraph.stack.example/"
    assert _doc(home)["EnvironmentTable"]["Stack"]["ResourceManagerUrl"] == "https://arm.stack.example/"
    assert run(offline, "Remove-AzEnvironment", Name="stack")[0].Name == "Stack"
    assert _doc(home)["EnvironmentTable"] == {}
    with pytest.raises(PSError):
        run(offline, "Remove-AzEnvironment", Name="AzureCloud")


def test_discovered_environment(session, emulator) -> None:
    from pwshim.azure.environments import discover

    name = discover(emulator.metadata_url)[0].Name  # whatever the emulator calls its cloud
    env = run(session, "Get-AzEnvironment", Name=name)
    assert env and env[0].Type == "Discovered" and env[0].ResourceManagerUrl == emulator.url + "/"
    names = {e.Name: e.Type for e in run(session, "Get-AzEnvironment")}
    assert names["AzureChinaCloud"] == "Built-in" and names[name] == "Discovered"
    # the emulator's cloud is what Connect-AzAccount uses without -Environment
    assert run(session, "Connect-AzAccount", Identity=True)[0].Context.Environment.Name == name


def test_context_helpers_for_other_cmdlets(sp, emulator) -> None:
    from pwshim.azure.context import (
        arm_url,
        credential_for,
        graph_resource,
        graph_url,
        require_context,
    )

    ctx = require_context(sp)
    assert arm_url(ctx) == emulator.url + "/"
    assert graph_url(ctx) == emulator.url + "/graph" and graph_resource(ctx) == emulator.url + "/graph/"
    tok = credential_for(sp, ctx).get_token(graph_resource(ctx) + ".default")
    assert tok.token and tok.expires_on > 0


def test_default_profile_parameter(session, az_env: Path) -> None:
    run(session, "Connect-AzAccount", Identity=True, Scope="Process")
    ctx = run(session, "Get-AzContext")[0]
    other = new_session()
    with pytest.raises(PSError):
        run(other, "Get-AzAccessToken")  # nothing saved: Process scope
    tok = run(other, "Get-AzAccessToken", AzContext=ctx)[0]
    assert tok.UserId == "MSI@50342"
    assert [s.Name for s in run(other, "Get-AzSubscription", DefaultProfile=ctx)] == ["My Subscription"]


def test_process_scope_sp_token_for_another_tenant_argument(session, az_env: Path, emulator) -> None:
    seed = emulator.seed
    run(session, "Connect-AzAccount", ServicePrincipal=True, Tenant=seed["tenant_id"], Scope="Process",
        Credential=sp_credential(seed["app"]["app_id"], seed["app"]["secret"]))
    # -TenantId builds a new credential: its secret comes from the session's in-memory keystore
    tok = run(session, "Get-AzAccessToken", TenantId=seed["tenant_domain"])[0]
    assert tok.Token.Length > 0 and tok.TenantId == seed["tenant_domain"]
    assert not (az_env / ".Azure" / "keystore.cache").exists()


def _pwshim(script: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pwshim", "-NoProfile", "-NonInteractive", "-Command", script],
                          check=False, capture_output=True, text=True, timeout=60, env=dict(os.environ))


def test_pwshim_command_line_carries_on(sp, az_env: Path, emulator) -> None:
    seed = emulator.seed
    proc = _pwshim("$t = Get-AzAccessToken; $t.UserId; (Get-AzContext).Subscription.Name")
    if "placeholders" in proc.stderr or "No module named" in proc.stderr:
        pytest.skip("the pwshim command line is not complete yet")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:2] == [seed["app"]["app_id"], "My Subscription"]
    assert seed["app"]["secret"] not in proc.stdout + proc.stderr


def test_pwshim_command_line_not_signed_in(az_env: Path) -> None:
    proc = _pwshim("Get-AzAccessToken")
    if "placeholders" in proc.stderr or "No module named" in proc.stderr:
        pytest.skip("the pwshim command line is not complete yet")
    assert proc.returncode == 1
    assert "Get-AzAccessToken: Run Connect-AzAccount to login." in proc.stderr
