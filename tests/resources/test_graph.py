"""Microsoft Graph cmdlets: New-AzADServicePrincipal and friends against the emulator."""

from __future__ import annotations

import uuid

import pytest
from azure.identity import ClientSecretCredential

from pwshim.runtime.objects import get_property

from .conftest import run


def _secret_works(emu, app_id: str, secret: str) -> bool:
    cred = ClientSecretCredential(emu.seed["tenant_id"], app_id, secret, authority=emu.url,
                                  disable_instance_discovery=True)
    return bool(cred.get_token("https://management.core.windows.net//.default").token)


@pytest.fixture
def new_sp(signed_in):
    name = f"sp-{uuid.uuid4().hex[:8]}"
    [sp] = run(signed_in, "New-AzADServicePrincipal", DisplayName=name)
    return sp


def test_new_service_principal_secret_works_at_once(signed_in, emu, new_sp):
    sp = new_sp
    assert type(sp).PS_DEFAULT_PROPERTIES == ("DisplayName", "Id", "AppId")
    uuid.UUID(sp.AppId), uuid.UUID(sp.Id)
    assert sp.AppId in sp.ServicePrincipalName
    creds = get_property(sp, "PasswordCredentials")
    assert isinstance(creds, list) and len(creds) == 1
    secret = creds[0].SecretText
    assert secret and creds[0].KeyId and creds[0].EndDateTime > creds[0].StartDateTime
    assert secret not in repr(creds[0]) and secret not in repr(sp)
    assert _secret_works(emu, sp.AppId, secret)
    # the password lives on the application (New-AzADApplication -StartDate -EndDate), as in Az
    [app] = run(signed_in, "Get-AzADApplication", ApplicationId=sp.AppId)
    assert app.DisplayName == sp.DisplayName
    assert [c.KeyId for c in app.PasswordCredentials] == [creds[0].KeyId]
    assert app.PasswordCredentials[0].SecretText is None  # Graph shows the secret only once
    assert (creds[0].EndDateTime - creds[0].StartDateTime).days in (365, 366)
    log = [e["path"] for e in emu.request_log() if e["method"] == "POST"]
    assert any(p.endswith(f"/applications/{app.Id}/addPassword") for p in log)


def test_get_service_principal_four_ways(signed_in, emu, new_sp):
    by_name = run(signed_in, "Get-AzADServicePrincipal", DisplayName=new_sp.DisplayName)
    by_app = run(signed_in, "Get-AzADServicePrincipal", ApplicationId=new_sp.AppId)
    by_id = run(signed_in, "Get-AzADServicePrincipal", ObjectId=new_sp.Id)
    by_spn = run(signed_in, "Get-AzADServicePrincipal", ServicePrincipalName=new_sp.AppId)
    assert [s.Id for s in by_name] == [s.Id for s in by_app] == [s.Id for s in by_id] == [s.Id for s in by_spn] == [new_sp.Id]
    filters = [e["path"].replace("+", " ") for e in emu.request_log() if "$filter" in e["path"]]
    assert f"servicePrincipals?$filter=servicePrincipalNames/any(s:s eq '{new_sp.AppId}')" in "\n".join(filters)
    # Graph never returns the secret again
    assert all(c.SecretText is None for c in by_id[0].PasswordCredentials)


def test_new_sp_credential_returns_a_working_secret(signed_in, emu, new_sp):
    [cred] = run(signed_in, "New-AzADSpCredential", ObjectId=new_sp.Id)
    assert cred.SecretText and cred.SecretText != new_sp.PasswordCredentials[0].SecretText
    assert _secret_works(emu, new_sp.AppId, cred.SecretText)
    [cred2] = run(signed_in, "New-AzADSpCredential", pipeline_input=[new_sp])
    assert cred2.KeyId != cred.KeyId
    [cred3] = run(signed_in, "New-AzADSpCredential", ServicePrincipalName=new_sp.AppId)
    assert _secret_works(emu, new_sp.AppId, cred3.SecretText)
    assert run(signed_in, "New-AzADSpCredential", ServicePrincipalName="nope", ErrorAction="SilentlyContinue") == []
    assert signed_in.last_errors[-1].message == "service principal with name 'nope' does not exist."


def test_remove_service_principal_then_not_found(signed_in, new_sp):
    run(signed_in, "Remove-AzADServicePrincipal", ObjectId=new_sp.Id)
    assert run(signed_in, "Get-AzADServicePrincipal", ObjectId=new_sp.Id, ErrorAction="SilentlyContinue") == []
    record = signed_in.last_errors[-1]
    assert record.command == "Get-AzADServicePrincipal_Get"
    assert record.error_id == "Request_ResourceNotFound"
    assert new_sp.Id in record.message
    assert run(signed_in, "Get-AzADServicePrincipal", DisplayName=new_sp.DisplayName) == []


def test_new_application_with_password(signed_in, emu):
    import datetime as dt

    end = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    [app] = run(signed_in, "New-AzADApplication", DisplayName=f"app-{uuid.uuid4().hex[:8]}", EndDate=end)
    [cred] = app.PasswordCredentials
    assert abs((cred.EndDateTime - end).total_seconds()) < 1
    # New-AzADServicePrincipal -ApplicationId: the SP for an existing app, no new credential
    [sp] = run(signed_in, "New-AzADServicePrincipal", ApplicationId=app.AppId)
    assert sp.AppId == app.AppId and sp.PasswordCredentials == []
    assert _secret_works(emu, app.AppId, cred.SecretText)
    [plain] = run(signed_in, "New-AzADApplication", DisplayName=f"app-{uuid.uuid4().hex[:8]}")
    assert plain.PasswordCredentials == [] and plain.SignInAudience == "AzureADMyOrg"


def test_get_application_by_object_id_and_name(signed_in, emu):
    app = emu.seed["app"]
    [by_id] = run(signed_in, "Get-AzADApplication", ObjectId=app["object_id"])
    [by_name] = run(signed_in, "Get-AzADApplication", DisplayName=app["display_name"])
    assert by_id.AppId == by_name.AppId == app["app_id"]


def test_remove_service_principal_from_the_pipeline(signed_in, new_sp):
    found = run(signed_in, "Get-AzADServicePrincipal", DisplayName=new_sp.DisplayName)
    assert run(signed_in, "Remove-AzADServicePrincipal", pipeline_input=found, PassThru=True) == [True]
    assert run(signed_in, "Get-AzADServicePrincipal", ApplicationId=new_sp.AppId) == []
