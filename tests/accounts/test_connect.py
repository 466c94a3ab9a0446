"""Connect-AzAccount, every parameter set, end to end against the emulator with real,
unpatched azure-identity credentials; then the files it leaves."""

from __future__ import annotations

import base64
import hashlib
import json
import stat
import time
import uuid
from pathlib import Path

import pytest

from pwshim.runtime.errors import PSError

from .conftest import context_file, new_session, run, sp_credential, warnings_of


def _doc(home: Path) -> dict:
    raw = context_file(home).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf{\n  \"DefaultContextKey\": ") and not raw.endswith(b"\n")
    return json.loads(raw[3:])


def _default(home: Path) -> dict:
    doc = _doc(home)
    return doc["Contexts"][doc["DefaultContextKey"]]


def _no_secret_anywhere(home: Path, session, *secrets: str) -> None:
    texts = [context_file(home).read_text("utf-8-sig"), session.host.text]
    for secret in secrets:
        for text in texts:
            assert secret not in text


def test_identity_system_assigned(session, az_env: Path, emulator) -> None:
    seed = emulator.seed
    out = run(session, "Connect-AzAccount", Identity=True)
    assert len(out) == 1
    prof = out[0]
    assert (prof.Context.Account.Id, prof.Context.Subscription.Name, prof.Context.Tenant.Id) == ("MSI@50342", "My Subscription", seed["tenant_id"])
    assert prof.Context.Account.Type == "ManagedService"
    ctx = _default(az_env)
    name = f"My Subscription ({seed['subscription_id']}) - {seed['tenant_id']} - MSI@50342"
    assert _doc(az_env)["DefaultContextKey"] == name
    assert ctx["Account"]["Id"] == "MSI@50342" and ctx["Account"]["Type"] == "ManagedService"
    assert ctx["Account"]["ExtendedProperties"] == {"Tenants": seed["tenant_id"], "Subscriptions": seed["subscription_id"]}
    sub = ctx["Subscription"]["ExtendedProperties"]
    assert sub["Account"] == "MSI@50342" and sub["HomeTenant"] == seed["tenant_id"] and sub["Tenants"] == seed["tenant_id"]
    assert json.loads(sub["SubscriptionPolices"])  # the compact policies JSON
    env = ctx["Environment"]
    assert env["Type"] == "Discovered" and env["ResourceManagerUrl"] == emulator.url + "/"
    assert env["ExtendedProperties"]["MicrosoftGraphUrl"] == emulator.url + "/graph"
    assert oct(stat.S_IMODE(context_file(az_env).stat().st_mode)) == "0o600"
    assert not (az_env / ".Azure" / "keystore.cache").exists()  # nothing secret to keep


def test_identity_reconnect_updates_the_same_context(session, az_env: Path) -> None:
    run(session, "Connect-AzAccount", Identity=True)
    run(new_session(), "Connect-AzAccount", MSI=True)
    assert len(_doc(az_env)["Contexts"]) == 1


def test_identity_user_assigned_doc_flow(session, az_env: Path, emulator_state) -> None:
    """The doc's block: attach the identity to the VM, then Connect -Identity -AccountId."""
    seed = emulator_state.seed
    run(session, "Connect-AzAccount", ServicePrincipal=True, Tenant=seed["tenant_id"],
        Credential=sp_credential(seed["app"]["app_id"], seed["app"]["secret"]))
    identity = run(session, "Get-AzUserAssignedIdentity", ResourceGroupName="myResourceGroup", Name="myUserAssignedIdentity")[0]
    vm = run(session, "Get-AzVM", ResourceGroupName="contoso", Name="testvm")
    run(session, "Update-AzVM", pipeline_input=vm, IdentityType="UserAssigned", IdentityId=identity.Id)
    out = run(session, "Connect-AzAccount", Identity=True, AccountId=identity.ClientId)
    assert out[0].Context.Account.Id == seed["identity"]["client_id"]
    assert out[0].Context.Subscription.Name == "My Subscription" and out[0].Context.Tenant.Id == seed["tenant_id"]
    token = run(session, "Get-AzAccessToken")[0]
    claims = _claims(token.Token.reveal())
    assert claims.get("oid") == seed["identity"]["principal_id"] or claims.get("appid") == seed["identity"]["client_id"]
    # by resource id (msi_res_id) and by object id, as azure-identity's identity_config sends them
    for account_id in (identity.Id, seed["identity"]["principal_id"]):
        out = run(new_session(), "Connect-AzAccount", Identity=True, AccountId=account_id)
        assert out[0].Context.Account.Id == account_id and out[0].Context.Account.Type == "ManagedService"
        assert run(new_session(), "Get-AzAccessToken")[0].UserId == account_id


def _claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_identity_unavailable(session, az_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("AZURE_POD_IDENTITY_AUTHORITY_HOST", f"http://127.0.0.1:{port}")
    with pytest.raises(PSError) as info:
        run(session, "Connect-AzAccount", Identity=True)
    assert "ManagedIdentityCredential" in str(info.value)
    warned = warnings_of(session)
    assert warned and warned[0].startswith("Unable to acquire token for tenant 'organizations' with error 'ManagedIdentityCredential")
    assert info.value.record.FullyQualifiedErrorId == "Microsoft.Azure.Commands.Profile.ConnectAzureRmAccountCommand"
    assert not context_file(az_env).exists()


def test_service_principal_secret(session, az_env: Path, emulator) -> None:
    seed = emulator.seed
    app, secret = seed["app"]["app_id"], seed["app"]["secret"]
    out = run(session, "Connect-AzAccount", ServicePrincipal=True, Credential=sp_credential(app, secret), Tenant=seed["tenant_id"])
    assert out[0].Context.Account.Id == app and out[0].Context.Subscription.Name == "My Subscription"
    ctx = _default(az_env)
    assert ctx["Account"] == {"Id": app, "Credential": None, "Type": "ServicePrincipal", "TenantMap": {},
                              "ExtendedProperties": {"Tenants": seed["tenant_id"], "Subscriptions": seed["subscription_id"]}}
    store = az_env / ".Azure" / "keystore.cache"
    assert oct(stat.S_IMODE(store.stat().st_mode)) == "0o600"
    entries = json.loads(store.read_bytes())
    assert entries == [{
        "keyType": "ServicePrincipalKey",
        "keyStoreKey": json.dumps({"appId": app, "tenantId": seed["tenant_id"], "name": "ServicePrincipalSecret"}, separators=(",", ":")),
        "valueType": "SecureString",
        "keyStoreValue": json.dumps(secret),
    }]
    assert warnings_of(session) == [(
        "The provided service principal secret or certifcate password will be included in the 'keystore.cache' "
        f"file found in the user profile ( {az_env / '.Azure'} ). Please ensure that this directory has appropriate protections."
    )]
    _no_secret_anywhere(az_env, session, secret)


def test_service_principal_wrong_secret(session, az_env: Path, emulator) -> None:
    seed = emulator.seed
    bad = "not-the-secret-" + uuid.uuid4().hex
    with pytest.raises(PSError) as info:
        run(session, "Connect-AzAccount", ServicePrincipal=True, Credential=sp_credential(seed["app"]["app_id"], bad),
            Tenant=seed["tenant_id"])
    message = str(info.value)
    assert "AADSTS7000215" in message and message.startswith("ClientSecretCredential authentication failed: ")
    assert bad not in message and bad not in session.host.text
    assert type(info.value.record.exception).__name__ == "AuthenticationFailedException"
    assert not (az_env / ".Azure" / "keystore.cache").exists()


def test_service_principal_unknown_tenant(session, az_env: Path, emulator) -> None:
    seed = emulator.seed
    with pytest.raises(PSError) as info:
        run(session, "Connect-AzAccount", ServicePrincipal=True, Tenant=str(uuid.uuid4()),
            Credential=sp_credential(seed["app"]["app_id"], seed["app"]["secret"]))
    assert "AADSTS90002" in str(info.value)


def test_tenant_domain_is_resolved(session, az_env: Path, emulator) -> None:
    seed = emulator.seed
    run(session, "Connect-AzAccount", ServicePrincipal=True, Tenant=seed["tenant_domain"],
        Credential=sp_credential(seed["app"]["app_id"], seed["app"]["secret"]))
    assert _default(az_env)["Tenant"]["Id"] == seed["tenant_id"]
    key = json.loads(json.loads((az_env / ".Azure" / "keystore.cache").read_bytes())[0]["keyStoreKey"])
    assert key["tenantId"] == seed["tenant_domain"]  # as given (§3)


def test_unknown_tenant_domain(session, az_env: Path, emulator) -> None:
    seed = emulator.seed
    with pytest.raises(PSError) as info:
        run(session, "Connect-AzAccount", ServicePrincipal=True, Tenant="nowhere.example",
            Credential=sp_credential(seed["app"]["app_id"], seed["app"]["secret"]))
    assert str(info.value) == (
        "Could not find tenant id for provided tenant domain 'nowhere.example'. Please ensure that the provided "
        f"service principal '{seed['app']['app_id']}' is found in the provided tenant domain."
    )


@pytest.mark.parametrize("by", ["id", "name"])
def test_subscription_not_found(session, az_env: Path, by: str) -> None:
    wanted = str(uuid.uuid4()) if by == "id" else "No Such Subscription"
    with pytest.raises(PSError) as info:
        run(session, "Connect-AzAccount", Identity=True, Subscription=wanted)
    kind = "ID" if by == "id" else "name"
    assert str(info.value) == (
        f'The provided account MSI@50342 does not have access to subscription {kind} "{wanted}". Please try logging '
        f"in with different credentials or a different subscription {kind}."
    )
    assert type(info.value.record.exception).__name__ == "PSInvalidOperationException"


def test_subscription_by_name_and_id(session, az_env: Path, emulator) -> None:
    seed = emulator.seed
    out = run(session, "Connect-AzAccount", Identity=True, SubscriptionName="my subscription")
    assert out[0].Context.Subscription.Id == seed["subscription_id"]
    out = run(session, "Connect-AzAccount", Identity=True, SubscriptionId=seed["subscription_id"])
    assert out[0].Context.Subscription.Name == "My Subscription"


def test_unknown_environment(session, az_env: Path) -> None:
    with pytest.raises(PSError) as info:
        run(session, "Connect-AzAccount", Identity=True, Environment="NoSuchCloud")
    assert str(info.value) == "Unable to find environment with name 'NoSuchCloud'"


def _import_cert(emulator) -> str:
    """The doc's PowerShell 7 block: import the PFX into CurrentUser\\My."""
    from pwshim.dotnet.securestring import SecureString
    from pwshim.dotnet.x509 import X509Certificate2
    from pwshim.dotnet.x509enums import OpenFlags, X509KeyStorageFlags
    from pwshim.dotnet.x509store import X509Store

    app = emulator.seed["app"]
    cert = X509Certificate2(app["cert_pfx_path"], SecureString.from_plain(app["cert_pfx_password"]), X509KeyStorageFlags.Exportable)
    store = X509Store("My", "CurrentUser")
    store.Open(OpenFlags.ReadWrite)
    store.Add(cert)
    store.Close()
    return cert.Thumbprint


@pytest.mark.parametrize("service_principal", [False, True])
def test_certificate_thumbprint(session, az_env: Path, emulator, service_principal: bool) -> None:
    seed = emulator.seed
    thumb = _import_cert(emulator)
    params = {"ApplicationId": seed["app"]["app_id"], "Tenant": seed["tenant_id"], "CertificateThumbprint": thumb}
    if service_principal:
        params["ServicePrincipal"] = True
    out = run(session, "Connect-AzAccount", **params)
    assert out[0].Context.Account.Id == seed["app"]["app_id"]
    acct = _default(az_env)["Account"]
    assert acct["Type"] == "ServicePrincipal" and acct["ExtendedProperties"]["CertificateThumbprint"] == thumb
    assert not (az_env / ".Azure" / "keystore.cache").exists()


def test_certificate_thumbprint_not_in_store(session, az_env: Path, emulator) -> None:
    seed = emulator.seed
    with pytest.raises(PSError) as info:
        run(session, "Connect-AzAccount", ApplicationId=seed["app"]["app_id"], Tenant=seed["tenant_id"],
            CertificateThumbprint="0123456789ABCDEF0123456789ABCDEF01234567")
    assert str(info.value) == "No certificate was found in the certificate store with thumbprint 0123456789ABCDEF0123456789ABCDEF01234567"
    assert type(info.value.record.exception).__name__ == "ArgumentException"
    assert info.value.record.category == "CloseError"


def test_certificate_path_with_password(session, az_env: Path, emulator) -> None:
    from pwshim.dotnet.securestring import SecureString

    seed = emulator.seed
    app = seed["app"]
    out = run(session, "Connect-AzAccount", ServicePrincipal=True, ApplicationId=app["app_id"], Tenant=seed["tenant_id"],
              CertificatePath=app["cert_pfx_path"], CertificatePassword=SecureString.from_plain(app["cert_pfx_password"]),
              SendCertificateChain=True)
    assert out[0].Context.Account.Id == app["app_id"]
    ext = _default(az_env)["Account"]["ExtendedProperties"]
    assert ext["CertificatePath"] == app["cert_pfx_path"] and ext["SendCertificateChain"] == "True"
    entries = json.loads((az_env / ".Azure" / "keystore.cache").read_bytes())
    assert json.loads(entries[0]["keyStoreKey"])["name"] == "CertificatePassword"
    _no_secret_anywhere(az_env, session, app["cert_pfx_password"])


def test_certificate_path_invalid(session, az_env: Path, emulator) -> None:
    seed = emulator.seed
    with pytest.raises(PSError) as info:
        run(session, "Connect-AzAccount", ApplicationId=seed["app"]["app_id"], Tenant=seed["tenant_id"],
            CertificatePath="/nonexistent/cert.pfx")
    assert str(info.value) == "- Invalid certificate path :'/nonexistent/cert.pfx'."


def _assertion(emulator) -> str:
    """A client-assertion JWT signed with the app's certificate (what a federated IdP would hand out)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    seed = emulator.seed
    pem = Path(seed["app"]["cert_pem_path"]).read_bytes()
    key = serialization.load_pem_private_key(pem, None)
    cert = x509.load_pem_x509_certificate(pem)
    b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
    header = {"alg": "RS256", "typ": "JWT", "x5t": b64(hashlib.sha1(cert.public_bytes(serialization.Encoding.DER)).digest())}
    now = int(time.time())
    app_id = seed["app"]["app_id"]
    claims = {"aud": f"{emulator.url}/{seed['tenant_id']}/oauth2/v2.0/token", "iss": app_id, "sub": app_id,
              "nbf": now - 10, "exp": now + 600, "jti": str(uuid.uuid4())}
    signing = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    sig = key.sign(signing.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing}.{b64(sig)}"


def test_federated_token(session, az_env: Path, emulator) -> None:
    seed = emulator.seed
    token = _assertion(emulator)
    out = run(session, "Connect-AzAccount", ApplicationId=seed["app"]["app_id"], Tenant=seed["tenant_id"], FederatedToken=token)
    assert out[0].Context.Account.Id == seed["app"]["app_id"]
    acct = _default(az_env)["Account"]
    assert acct["Type"] == "ClientAssertion"
    assert warnings_of(session)[0] == "The feature related to parameter name 'FederatedToken' is under preview."
    _no_secret_anywhere(az_env, session, token)


def test_access_token(session, az_env: Path) -> None:
    run(session, "Connect-AzAccount", Identity=True)
    arm = run(session, "Get-AzAccessToken")[0].Token.reveal()
    graph = run(session, "Get-AzAccessToken", ResourceTypeName="MSGraph")[0].Token.reveal()
    assert graph != arm
    other = new_session()
    out = run(other, "Connect-AzAccount", AccessToken=arm, AccountId="someone@contoso.com", MicrosoftGraphAccessToken=graph)
    assert out[0].Context.Account.Id == "someone@contoso.com" and out[0].Context.Subscription.Name == "My Subscription"
    acct = _default(az_env)["Account"]
    assert acct["Type"] == "AccessToken" and acct["Id"] == "someone@contoso.com"
    _no_secret_anywhere(az_env, other, arm)
    _no_secret_anywhere(az_env, other, graph)
    # a later process gets the same tokens back, each for its resource
    later = new_session()
    assert run(later, "Get-AzAccessToken")[0].Token.reveal() == arm
    assert run(later, "Get-AzAccessToken", ResourceTypeName="MSGraph")[0].Token.reveal() == graph


def test_access_token_skip_validation_needs_ids(session, az_env: Path) -> None:
    with pytest.raises(PSError) as info:
        run(session, "Connect-AzAccount", AccessToken="x.y.z", AccountId="a", SkipValidation=True)
    assert str(info.value) == "Must supply Subscription Id and Tenant Id when using -SkipValidation"


def test_access_token_skip_validation(session, az_env: Path) -> None:
    sub, tenant = str(uuid.uuid4()), str(uuid.uuid4())
    run(session, "Connect-AzAccount", AccessToken="x.y.z", AccountId="a@b.c", SkipValidation=True,
        Subscription=sub, Tenant=tenant)
    assert _doc(az_env)["DefaultContextKey"] == f" ({sub}) - {tenant} - a@b.c"


def test_scope_process_writes_nothing(session, az_env: Path, emulator) -> None:
    seed = emulator.seed
    run(session, "Connect-AzAccount", ServicePrincipal=True, Tenant=seed["tenant_id"], Scope="Process",
        Credential=sp_credential(seed["app"]["app_id"], seed["app"]["secret"]))
    assert not context_file(az_env).exists() and not (az_env / ".Azure" / "keystore.cache").exists()
    assert run(session, "Get-AzContext")[0].Account.Id == seed["app"]["app_id"]
    assert run(session, "Get-AzAccessToken")[0].Token.Length > 20
    assert warnings_of(session) == []  # the keystore warning is for CurrentUser scope only


def test_whatif_signs_in_nowhere(session, az_env: Path) -> None:
    assert run(session, "Connect-AzAccount", Identity=True, WhatIf=True) == []
    assert 'What if: Performing the operation "log in" on target "ManagedService account in environment' in session.host.text
    assert not context_file(az_env).exists()


def test_user_sign_in_fails_clearly(session, az_env: Path) -> None:
    with pytest.raises(PSError) as info:
        run(session, "Connect-AzAccount", UseDeviceAuthentication=True)
    assert "Device code authentication is not available" in str(info.value)
    with pytest.raises(PSError) as info:
        run(session, "Connect-AzAccount")
    assert str(info.value).startswith("Interactive authentication is not supported in this session")


def test_parameter_sets_are_az_s() -> None:
    from pwshim.cmdlets.accounts import ConnectAzAccount as C

    assert C.default_set == "UserWithSubscriptionId" and C.supports_should_process
    assert set(C.parameter_sets()) == {
        "UserWithSubscriptionId", "ServicePrincipalWithSubscriptionId", "UserWithCredential",
        "ServicePrincipalCertificateWithSubscriptionId", "ServicePrincipalCertificateFileWithSubscriptionId",
        "ClientAssertionParameterSet", "AccessTokenWithSubscriptionId", "ManagedServiceLogin",
    }
    p = C.parameters
    assert p["Tenant"].is_mandatory("ServicePrincipalWithSubscriptionId") and not p["Tenant"].is_mandatory("ManagedServiceLogin")
    assert p["ServicePrincipal"].is_mandatory("ServicePrincipalWithSubscriptionId")
    assert not p["ServicePrincipal"].is_mandatory("ServicePrincipalCertificateWithSubscriptionId")
    assert set(p["Identity"].aliases) == {"MSI", "ManagedService"}
    assert set(p["Subscription"].aliases) == {"SubscriptionName", "SubscriptionId"}
    assert set(p["Tenant"].aliases) == {"Domain", "TenantId"}
    assert p["FederatedToken"].aliases == ("ClientAssertion",)
    assert all(q.position is None for q in p.values())  # no positional parameter (§5)


def test_output_table_as_the_doc_shows(session, az_env: Path, emulator) -> None:
    from pwshim.formatting import format_objects

    seed = emulator.seed
    out = run(session, "Connect-AzAccount", Identity=True)
    lines = format_objects(out, session).strip("\n").splitlines()
    env = out[0].Context.Environment.Name
    assert lines[0].split() == ["Account", "SubscriptionName", "TenantId", "Environment"]
    assert lines[1].split() == ["-------", "----------------", "--------", "-----------"]
    assert lines[2] == f"MSI@50342 My Subscription  {seed['tenant_id']} {env}"
    ctx_lines = format_objects(run(session, "Get-AzContext"), session).strip("\n").splitlines()
    # Get-AzContext.md: Name 40 wide, the other columns 19, long values cut with an ellipsis
    assert ctx_lines[0] == "Name" + " " * 37 + "Account" + " " * 13 + "SubscriptionName    Environment         TenantId"
    assert ctx_lines[2].startswith("My Subscription (" + seed["subscription_id"][:22] + "\u2026 MSI@50342")


def _add_subscriptions(emu) -> list[str]:
    base = emu.state.subscriptions[0]
    added = []
    for name, state in (("Second", "Enabled"), ("Old", "Disabled"), ("Third", "Warned")):
        sub = json.loads(json.dumps(base))
        sub["subscriptionId"] = str(uuid.uuid4())
        sub["displayName"] = name
        sub["state"] = state
        emu.state.subscriptions.append(sub)
        added.append(sub["subscriptionId"])
    return added


def test_context_population_and_first_subscription(session, az_env: Path, emulator_state) -> None:
    seed = emulator_state.seed
    second, _disabled, third = _add_subscriptions(emulator_state)
    out = run(session, "Connect-AzAccount", Identity=True)
    assert out[0].Context.Subscription.Id == seed["subscription_id"]
    assert warnings_of(session) == [(
        f"TenantId '{seed['tenant_id']}' contains more than one active subscription. First one will be selected for "
        "further use. To select another subscription, use Set-AzContext. To override which subscription "
        "Connect-AzAccount selects, use `Update-AzConfig -DefaultSubscriptionForLogin SubscriptionNameOrId`.")]
    doc = _doc(az_env)
    subs = {c["Subscription"]["Id"] for c in doc["Contexts"].values()}
    assert subs == {seed["subscription_id"], second, third}  # active ones only
    acct = doc["Contexts"][doc["DefaultContextKey"]]["Account"]["ExtendedProperties"]
    assert set(acct["Subscriptions"].split(",")) == {seed["subscription_id"], second, third}
    # a second sign-in with a default context in place does not populate again
    run(new_session(), "Connect-AzAccount", Identity=True, Subscription="Third")
    assert len(_doc(az_env)["Contexts"]) == 3
    assert _default(az_env)["Subscription"]["Name"] == "Third"


def test_skip_context_population(session, az_env: Path, emulator_state) -> None:
    _add_subscriptions(emulator_state)
    run(session, "Connect-AzAccount", Identity=True, SkipContextPopulation=True)
    assert len(_doc(az_env)["Contexts"]) == 1


def test_warned_subscription_selected(session, az_env: Path, emulator_state) -> None:
    _add_subscriptions(emulator_state)
    run(session, "Connect-AzAccount", Identity=True, Subscription="Third", MaxContextPopulation=0)
    assert "Selected subscription is in 'Warned' state. " in warnings_of(session)
    assert len(_doc(az_env)["Contexts"]) == 1


def test_arm_retry_after_is_honoured(session, az_env: Path, emulator) -> None:
    emulator.inject_fault("/subscriptions", status=503, times=1, retry_after=0)
    out = run(session, "Connect-AzAccount", Identity=True, AuthScope="MSGraph")
    assert out[0].Context.Subscription.Name == "My Subscription"
    assert any(e["path"].startswith("/subscriptions") and e["status"] == 503 for e in emulator.request_log())


def test_context_name(session, az_env: Path) -> None:
    out = run(session, "Connect-AzAccount", Identity=True, ContextName="ci")
    assert out[0].Context.Name == "ci"
    doc = _doc(az_env)
    assert doc["DefaultContextKey"] == "ci" and list(doc["Contexts"]) == ["ci"]


def test_custom_environment_from_arm_endpoint(session, az_env: Path, emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """Discovery off; Add-AzEnvironment -ARMEndpoint reads the cloud's metadata; Connect uses it."""
    monkeypatch.setenv("ARM_CLOUD_METADATA_URL", "DISABLED")
    s = new_session()
    env = run(s, "Add-AzEnvironment", Name="Emu", ARMEndpoint=emulator.url)[0]
    assert env.Type == "User-defined" and env.ActiveDirectoryAuthority == emulator.url + "/"
    out = run(s, "Connect-AzAccount", Identity=True, Environment="Emu")
    assert out[0].Context.Environment.Name == "Emu"
    doc = _doc(az_env)
    assert list(doc["EnvironmentTable"]) == ["Emu"]  # a user-defined cloud is saved, public ones never
    assert doc["Contexts"][doc["DefaultContextKey"]]["Environment"]["Name"] == "Emu"
    # without -Environment the built-in AzureCloud stays the default (Az's rule)
    from pwshim.azure.environments import default_environment_name

    assert default_environment_name(s.environ) == "AzureCloud"
