"""The file layer: AzureRmContext.json bytes, reading Az-written files, settings, keystore,
locking and corruption. No network."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
from pathlib import Path

import pytest

from pwshim.azure import filelock
from pwshim.azure import models as m
from pwshim.azure import profile as P
from pwshim.azure.environments import built_in_environments
from pwshim.azure.keystore import KeyStore
from pwshim.runtime.errors import PSError

from .conftest import DATA, context_file, new_session, run

EMPTY_PROFILE = (
    b'\xef\xbb\xbf{\n  "DefaultContextKey": "Default",\n  "EnvironmentTable": {},\n'
    b'  "Contexts": {},\n  "ExtendedProperties": {}\n}'
)


def _sp_context(sub_name: str = "My Subscription", sub_id: str = "11111111-1111-1111-1111-111111111111",
                app: str = "22222222-2222-2222-2222-222222222222", tenant: str = "33333333-3333-3333-3333-333333333333") -> m.AzureContext:
    acct = m.AzureAccount(Id=app, Type=m.SERVICE_PRINCIPAL)
    acct.ExtendedProperties["Tenants"] = tenant
    sub = m.AzureSubscription(Id=sub_id, Name=sub_name, State="Enabled")
    return m.AzureContext(acct, m.AzureTenant(Id=tenant), sub, built_in_environments()["AzureCloud"])


def test_empty_profile_bytes_match_az(offline, home: Path) -> None:
    # Clear-AzContext leaves the §1.2 document: BOM, 2 spaces, LF, no trailing newline.
    run(offline, "Clear-AzContext", Force=True)
    assert context_file(home).read_bytes() == EMPTY_PROFILE


def test_context_layout_and_declaration_order(offline, home: Path) -> None:
    ctx = _sp_context(sub_name="Abonnement Grün \u2028")
    P.modify(offline, lambda p: p.add_or_set(ctx))
    raw = context_file(home).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf{\n") and raw.endswith(b"\n}") and b"\r" not in raw
    text = raw[3:].decode("utf-8")
    assert "Grün" in text and "\\u2028" in text  # non-ASCII literal; Newtonsoft escapes U+2028
    doc = json.loads(text)
    name = "Abonnement Grün \u2028 (11111111-1111-1111-1111-111111111111) - 33333333-3333-3333-3333-333333333333 - 22222222-2222-2222-2222-222222222222"
    assert list(doc) == ["DefaultContextKey", "EnvironmentTable", "Contexts", "ExtendedProperties"]
    assert doc["DefaultContextKey"] == name and list(doc["Contexts"]) == [name]
    c = doc["Contexts"][name]
    assert list(c) == ["Account", "Tenant", "Subscription", "Environment", "VersionProfile", "TokenCache", "ExtendedProperties"]
    assert list(c["Account"]) == ["Id", "Credential", "Type", "TenantMap", "ExtendedProperties"]
    assert list(c["Tenant"]) == ["Id", "Directory", "IsHome", "ExtendedProperties"]
    assert list(c["Subscription"]) == ["Id", "Name", "State", "ExtendedProperties"]
    assert c["TokenCache"] == {"CacheData": None} and c["Account"]["Credential"] is None
    env = c["Environment"]
    assert list(env)[:5] == ["Name", "Type", "OnPremise", "ServiceManagementUrl", "ResourceManagerUrl"]
    assert list(env)[-3:] == ["ContainerRegistryEndpointSuffix", "VersionProfiles", "ExtendedProperties"]
    assert env["Type"] == "Built-in" and env["ExtendedProperties"]["MicrosoftGraphUrl"] == "https://graph.microsoft.com"
    assert '    "' + name[:12] in text  # 2-space indentation, two levels deep
    assert oct(stat.S_IMODE(context_file(home).stat().st_mode)) == "0o600"
    assert oct(stat.S_IMODE((home / ".Azure").stat().st_mode)) == "0o700"
    assert not (home / ".Azure" / "AzureRmContext.json.lockfile").exists()


def test_matching_context_is_updated_not_duplicated(offline, home: Path) -> None:
    P.modify(offline, lambda p: p.add_or_set(_sp_context()))
    again = _sp_context(app="22222222-2222-2222-2222-222222222222".upper())
    again.Subscription.Name = "Renamed"
    P.modify(offline, lambda p: p.add_or_set(again))
    doc = json.loads(context_file(home).read_bytes()[3:])
    assert len(doc["Contexts"]) == 1
    assert next(iter(doc["Contexts"].values()))["Subscription"]["Name"] == "Renamed"


@pytest.mark.parametrize(
    "sub,tenant,expected",
    [
        (True, True, "S (s-id) - t-id - acct"),
        (True, False, "S (s-id) - acct"),
        (False, True, "t-id - acct"),
        (False, False, "Default"),
    ],
)
def test_context_names(sub: bool, tenant: bool, expected: str) -> None:
    ctx = m.AzureContext(
        m.AzureAccount(Id="acct"),
        m.AzureTenant(Id="t-id") if tenant else None,
        m.AzureSubscription(Id="s-id", Name="S") if sub else None,
    )
    assert ctx.default_name() == expected


def test_write_skipped_when_unchanged(offline, home: Path) -> None:
    P.modify(offline, lambda p: p.add_or_set(_sp_context()))
    before = context_file(home).stat()
    P.modify(offline, lambda p: None)
    after = context_file(home).stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def test_reads_az_unit_test_sample_a(offline, home: Path) -> None:
    prof = P.parse_profile((DATA / "sample_a_unittest.json").read_bytes(), Path("x"))
    assert "testCloud" in prof.EnvironmentTable
    env = prof.EnvironmentTable["testCloud"]
    assert env.ActiveDirectoryAuthority == "http://contoso.com"
    assert env.ExtendedProperties["OperationalInsightsEndpoint"] == "http://contoso.io"
    ctx = prof.Contexts["Default"]
    assert ctx.Account.Id == "me@contoso.com" and ctx.Tenant.Directory == "contoso.com"
    assert ctx.Subscription.ExtendedProperties["environment"] == "testCloud"  # case-insensitive
    # the custom cloud is kept when written back; the "Default" context is dropped (§1.1)
    doc = json.loads(P.render_profile(prof, offline.environ)[3:])
    assert list(doc["EnvironmentTable"]) == ["testCloud"] and doc["Contexts"] == {}


def test_reads_starship_sample_c_and_uses_it(offline, home: Path) -> None:
    (home / ".Azure").mkdir()
    context_file(home).write_bytes((DATA / "sample_c_starship.json").read_bytes())
    out = run(new_session(), "Get-AzContext")
    assert len(out) == 1
    ctx = out[0]
    assert ctx.Name.startswith("SubscriptionA (ed85905b-8c3f-4d11-bf32-2fa9c579cba8)")
    assert ctx.Account.Id == "user@domain.com" and ctx.Account.Type == "User"
    assert ctx.Subscription.Name == "SubscriptionA" and str(ctx.Subscription) == "ed85905b-8c3f-4d11-bf32-2fa9c579cba8"
    assert ctx.Tenant.Id == "52b2e9cc-600c-4f1c-86c6-3878df1b6b7d"
    assert ctx.Environment.Name == "AzureCloud" and ctx.Environment.Type == "Discovered"
    assert ctx.Environment.BatchEndpointResourceId == "https://batch.core.windows.net/"  # out of order in the file


def test_reads_2019_sample_d_crlf_no_subscription(offline, home: Path) -> None:
    (home / ".Azure").mkdir()
    context_file(home).write_bytes((DATA / "sample_d_2019_nosub.json").read_bytes())
    ctx = run(new_session(), "Get-AzContext")[0]
    assert ctx.Name == "3c0ff8a7-e8bb-40e8-ae66-271343379af6 - user@contoso.htb"
    assert ctx.Subscription is None and ctx.Tenant.Id == "3c0ff8a7-e8bb-40e8-ae66-271343379af6"


def test_corrupt_file_reported_and_kept(offline, home: Path) -> None:
    (home / ".Azure").mkdir()
    broken = b'\xef\xbb\xbf{\n  "DefaultContextKey": "x",\n  "Contexts": {'
    context_file(home).write_bytes(broken)
    session = new_session()
    assert run(session, "Get-AzContext") == []  # reads carry on with an empty profile
    with pytest.raises(PSError) as info:
        run(session, "Clear-AzContext", Force=True)
    message = str(info.value)
    assert str(context_file(home)) in message and "left unchanged" in message
    assert context_file(home).read_bytes() == broken


def test_settings_file_compact_no_bom(offline, home: Path) -> None:
    P.state(offline)
    raw = (home / ".Azure" / "AzureRmContextSettings.json").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw and b": " not in raw
    doc = json.loads(raw)
    assert list(doc) == ["Mode", "ContextDirectory", "ContextFile", "CacheDirectory", "CacheFile", "KeyStoreFile", "Settings"]
    assert doc["Mode"] == "CurrentUser" and doc["ContextDirectory"] == str(home / ".Azure")
    assert doc["CacheDirectory"] == str(home / ".local" / "share" / ".IdentityService")
    assert doc["CacheFile"] == "msal.cache.cae" and doc["KeyStoreFile"] == "keystore.cache"
    assert list(doc["Settings"]) == ["InstallationId"]


def test_installation_id_from_azure_cli(offline, home: Path) -> None:
    (home / ".azure").mkdir()
    (home / ".azure" / "azureProfile.json").write_bytes(b'\xef\xbb\xbf{"installationId": "abc-123", "subscriptions": []}')
    P.state(offline)
    doc = json.loads((home / ".Azure" / "AzureRmContextSettings.json").read_bytes())
    assert doc["Settings"] == {"InstallationId": "abc-123"}


def test_disable_enable_autosave(offline, home: Path) -> None:
    out = run(offline, "Disable-AzContextAutosave")[0]
    assert out.Mode == "Process" and out.ContextDirectory == "None"
    raw = (home / ".Azure" / "AzureRmContextSettings.json").read_bytes()
    assert raw == b'{"Mode":"Process","ContextDirectory":null,"ContextFile":null,"CacheDirectory":null,"CacheFile":null,"KeyStoreFile":null,"Settings":{}}'
    # a new session honours it: context changes stay in memory
    s2 = new_session()
    assert run(s2, "Get-AzContextAutosaveSetting")[0].Mode == "Process"
    P.modify(s2, lambda p: p.add_or_set(_sp_context()))
    assert not context_file(home).exists()
    out = run(s2, "Enable-AzContextAutosave")[0]
    assert out.Mode == "CurrentUser" and out.ContextFile == "AzureRmContext.json"
    assert json.loads((home / ".Azure" / "AzureRmContextSettings.json").read_bytes())["Mode"] == "CurrentUser"


def test_process_scope_autosave_leaves_file(offline, home: Path) -> None:
    P.state(offline)
    before = (home / ".Azure" / "AzureRmContextSettings.json").read_bytes()
    assert run(offline, "Disable-AzContextAutosave", Scope="Process")[0].Mode == "Process"
    assert (home / ".Azure" / "AzureRmContextSettings.json").read_bytes() == before


def test_env_var_overrides_mode(offline, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AzContextAutoSave", "false")
    s = new_session()
    assert P.state(s).mode == "Process"
    P.modify(s, lambda p: p.add_or_set(_sp_context()))
    assert not context_file(home).exists()
    P.modify(s, lambda p: p.add_or_set(_sp_context()), scope="CurrentUser")  # -Scope wins
    assert context_file(home).exists()


def test_keystore_layout(home: Path) -> None:
    store = KeyStore(home / ".Azure", persist=True)
    store.set("6c984d31-5b4f-4734-b548-e230a248e347", "contoso.com", "ServicePrincipalSecret", 's"cr\u00e9t')
    store.set("6c984d31-5b4f-4734-b548-e230a248e347", "contoso.com", "CertificatePassword", "pw")
    path = home / ".Azure" / "keystore.cache"
    raw = path.read_bytes()
    assert oct(stat.S_IMODE(path.stat().st_mode)) == "0o600"
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw
    entries = json.loads(raw)
    assert [list(e) for e in entries] == [["keyType", "keyStoreKey", "valueType", "keyStoreValue"]] * 2
    assert entries[0]["keyStoreKey"] == '{"appId":"6c984d31-5b4f-4734-b548-e230a248e347","tenantId":"contoso.com","name":"ServicePrincipalSecret"}'
    assert entries[0]["keyStoreValue"] == '"s\\"cr\u00e9t"' and entries[0]["valueType"] == "SecureString"
    # by appId + tenant, then by appId alone (Az 2.11.2)
    assert store.get("6C984D31-5B4F-4734-B548-E230A248E347", "contoso.com", "ServicePrincipalSecret") == 's"cr\u00e9t'
    assert store.get("6c984d31-5b4f-4734-b548-e230a248e347", "other", "CertificatePassword") == "pw"
    store.remove("6c984d31-5b4f-4734-b548-e230a248e347")
    assert json.loads(path.read_bytes()) == []
    assert not (home / ".Azure" / "keystore.cache.lockfile").exists()


def test_lock_is_exclusive(home: Path) -> None:
    path = home / ".Azure" / "AzureRmContext.json"
    with filelock.locked(path), pytest.raises(PSError) as info, filelock.locked(path, tries=2, delay=0.01):
        pass
    assert "Could not acquire exclusive lock" in str(info.value)


def _writer(home: str, index: int, count: int) -> None:
    os.environ["HOME"] = home
    os.environ["ARM_CLOUD_METADATA_URL"] = "DISABLED"
    s = new_session()
    for i in range(count):
        ctx = _sp_context(sub_name=f"w{index}-{i}", sub_id=f"{index:08d}-0000-0000-0000-{i:012d}")
        P.modify(s, lambda p, c=ctx: p.add_or_set(c))


def test_two_writers_do_not_lose_contexts(offline, home: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(home), n, 8)) for n in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    doc = json.loads(context_file(home).read_bytes()[3:])
    assert len(doc["Contexts"]) == 16


def test_unreadable_settings_file_is_kept(offline, home: Path) -> None:
    (home / ".Azure").mkdir()
    settings = home / ".Azure" / "AzureRmContextSettings.json"
    settings.write_bytes(b'{"Mode":"Proc')
    assert P.state(offline).mode == "CurrentUser"
    assert settings.read_bytes() == b'{"Mode":"Proc'


def test_user_context_from_az_uses_its_msal_cache(offline, home: Path) -> None:
    """A user sign-in made by real Az: sample C + the plaintext MSAL cache Az leaves beside it."""
    import time as _time

    (home / ".Azure").mkdir()
    context_file(home).write_bytes((DATA / "sample_c_starship.json").read_bytes())
    uid, tid = "300f616c-5fbf-441d-97c2-3ea4827e107f", "52b2e9cc-600c-4f1c-86c6-3878df1b6b7d"
    home_id, env, client = f"{uid}.{tid}", "login.microsoftonline.com", "1950a258-227b-4e31-a9cf-717495945fc2"
    now = int(_time.time())
    cache = {
        "Account": {f"{home_id}-{env}-{tid}": {
            "home_account_id": home_id, "environment": env, "realm": tid, "local_account_id": uid,
            "username": "user@domain.com", "authority_type": "MSSTS"}},
        "RefreshToken": {f"{home_id}-{env}-refreshtoken-{client}--": {
            "home_account_id": home_id, "environment": env, "credential_type": "RefreshToken",
            "client_id": client, "secret": "rt-not-used", "family_id": "1"}},
        "AccessToken": {f"{home_id}-{env}-accesstoken-{client}-{tid}-https://management.core.windows.net//.default": {
            "home_account_id": home_id, "environment": env, "credential_type": "AccessToken", "client_id": client,
            "secret": "cached-user-token", "realm": tid, "target": "https://management.core.windows.net//.default",
            "cached_at": str(now), "expires_on": str(now + 3600), "extended_expires_on": str(now + 3600)}},
        "IdToken": {}, "AppMetadata": {},
    }
    cache_dir = home / ".local" / "share" / ".IdentityService"
    cache_dir.mkdir(parents=True)
    (cache_dir / "msal.cache.cae").write_text(json.dumps(cache))
    tok = run(new_session(), "Get-AzAccessToken")[0]
    assert tok.Token.reveal() == "cached-user-token" and tok.UserId == "user@domain.com"
    assert tok.ExpiresOn.ToUnixTimeSeconds() == now + 3600


def test_plaintext_secret_of_old_files_moves_to_keystore(offline, home: Path) -> None:
    """A <= 2.10.3 file kept ServicePrincipalSecret in the account; loading it migrates it (§3)."""
    ctx = _sp_context()
    ctx.Account.ExtendedProperties["ServicePrincipalSecret"] = "old-plaintext-secret"
    (home / ".Azure").mkdir(mode=0o700)
    prof = m.AzureRmProfile()
    prof.add_or_set(ctx)
    context_file(home).write_bytes(P.render_profile(prof, offline.environ))
    st = P.state(new_session())
    assert "old-plaintext-secret" not in context_file(home).read_text("utf-8-sig")
    assert st.secret(ctx.Account.Id, ctx.Tenant.Id, "ServicePrincipalSecret") == "old-plaintext-secret"
    entry = json.loads((home / ".Azure" / "keystore.cache").read_bytes())[0]
    assert json.loads(entry["keyStoreKey"])["tenantId"] == ctx.Tenant.Id


def test_repr_shows_no_secret() -> None:
    acct = m.AzureAccount(Id="app", Type=m.SERVICE_PRINCIPAL)
    acct.ExtendedProperties["ServicePrincipalSecret"] = "s3cr3t-value"
    ctx = m.AzureContext(acct, m.AzureTenant(Id="t"))
    assert "s3cr3t-value" not in repr(acct) and "s3cr3t-value" not in repr(ctx)
    from pwshim.azure.psmodels import PSAzureContext

    ps = PSAzureContext(ctx, "n")
    assert "s3cr3t-value" not in repr(ps) and "ServicePrincipalSecret" not in dict(ps.Account.ExtendedProperties.items())
