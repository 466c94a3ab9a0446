"""Tab completion candidates (pwshim.repl.completion) as tables: (text before the cursor,
expected completions). The session is real: variables, functions, files and a certificate in
Cert:\\CurrentUser\\My are created by running PowerShell in it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from pwshim.repl.completion import BUILTIN_STATICS, complete
from pwshim.repl.core import ReplCore
from tests.repl.conftest import make_core

X509 = "System.Security.Cryptography.X509Certificates"


def _self_signed(folder: Path) -> tuple[Path, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "repl-test")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(7).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    path = folder / "repl-test.cer"
    path.write_bytes(cert.public_bytes(serialization.Encoding.DER))
    return path, cert.fingerprint(hashes.SHA1()).hex().upper()


@pytest.fixture
def session_core(home: Path) -> tuple[ReplCore, str]:
    core = make_core(home)
    cer, thumbprint = _self_signed(home)
    (home / "Documents").mkdir()
    (home / "Documents" / "notes.txt").write_text("x")
    (home / "my scripts").mkdir()
    (home / ".hidden").write_text("x")
    setup = f"""
        $store = [{X509}.X509Store]::new('My', 'CurrentUser')
        $store.Open('ReadWrite'); $store.Add([{X509}.X509Certificate2]::new('{cer}')); $store.Close()
        $name = 'pwshim'
        $profileData = [pscustomobject]@{{ Tenant = 'contoso'; Subscription = 'sub' }}
        function Get-Widget {{ param([string]$Name, [int]$Count) $Name }}
        $when = Get-Date; $nums = @(1, 2); $table = @{{ Alpha = 1; Beta = 2 }}
    """
    result = core.execute(setup)
    assert result.error == ""
    return core, thumbprint


def texts(text: str, core: ReplCore) -> list[str]:
    return [c.text for c in complete(text, core.session)]


@pytest.mark.parametrize(
    ("text", "expected", "replaced"),
    [
        # command names: prefix, case-insensitive, cmdlets / functions / aliases
        ("Get-AzAcc", ["Get-AzAccessToken"], 9),
        ("get-azcontext", ["Get-AzContext", "Get-AzContextAutosaveSetting"], 13),
        ("Get-Wid", ["Get-Widget"], 7),
        ("$t = Connect-AzAcc", ["Connect-AzAccount"], 13),
        ("Write-Output (Get-AzCont", ["Get-AzContext", "Get-AzContextAutosaveSetting"], 10),
        ("Get-Date; Get-AzAcc", ["Get-AzAccessToken"], 9),
        ("if ($true) { Get-AzAcc", ["Get-AzAccessToken"], 9),
        # parameters of the command being typed: names and aliases, then common parameters
        ("Connect-AzAccount -ServicePr", ["-ServicePrincipal"], 10),
        ("Connect-AzAccount -Identity -Acc", ["-AccountId", "-AccessToken"], 4),
        ("Get-Widget -C", ["-Count"], 2),
        ("Get-ChildItem -ErrorA", ["-ErrorAction"], 7),
        ("Get-ChildItem -ea", ["-ea"], 3),
        # enumerable values: ValidateSet, enum members, ActionPreference
        ("Set-AzContext -Scope ", ["Process", "CurrentUser"], 0),
        ("Set-AzContext -Scope c", ["CurrentUser"], 1),
        ("Set-AzContext -Scope:P", ["Process"], 1),
        ("Update-AzVM -IdentityType User", ["UserAssigned"], 4),
        ("Get-Item -ErrorAction si", ["SilentlyContinue"], 2),
        ("Test-Path -PathType ", ["Any", "Container", "Leaf"], 0),
        # Az's argument completers
        ("Get-AzAccessToken -ResourceTypeName M", ["ManagedHsm", "MSGraph"], 1),
        ("Get-AzAccessToken -ResourceTypeName ar", ["Arm"], 2),
        ("Get-AzAccessToken -ResourceTypeName:Sy", ["Synapse"], 2),
        ("Connect-AzAccount -AuthScope Ke", ["KeyVault"], 2),
        ("Connect-AzAccount -Environment AzureC", ["AzureChinaCloud", "AzureCloud"], 6),
        ("Connect-AzAccount -EnvironmentName AzureU", ["AzureUSGovernment"], 6),
        # variables: session, automatic, environment
        ("$sto", ["$store"], 4),
        ("$PSVersionT", ["$PSVersionTable"], 11),
        ("$global:na", ["$global:name"], 10),
        ("$env:HOM", ["$env:HOME"], 8),
        # members of a variable's value (methods with `(` or `()`)
        ("$store.Cert", ["Certificates"], 4),
        ("$store.Op", ["Open("], 2),
        ("$store.Clo", ["Close()"], 3),
        ("$name.Len", ["Length"], 3),
        ("$name.ToUpp", ["ToUpper()", "ToUpperInvariant()"], 5),
        ("$profileData.Ten", ["Tenant"], 3),
        ("$profileData.Tenant.Len", ["Length"], 3),
        # DateTime, array and hashtable members the runtime bridges; a hashtable's keys first
        ("$when.Add", ["AddDays(", "AddHours(", "AddMilliseconds(", "AddMinutes(", "AddMonths(", "AddSeconds(",
                       "AddYears("], 3),
        ("$when.ToU", ["ToUniversalTime()"], 3),
        ("$when.DayOf", ["DayOfWeek", "DayOfYear"], 5),
        ("$nums.Cou", ["Count"], 3),
        ("$nums.L", ["Length", "LongLength"], 1),
        ("$nums.Whe", ["Where("], 3),
        ("$PSVersionTable.PSV", ["PSVersion"], 3),
        ("$PSVersionTable.PSE", ["PSEdition"], 3),
        ("$table.", ["Alpha", "Beta", "Add(", "Clear()", "Clone()", "Contains(", "ContainsKey(", "Count", "Equals(",
                     "GetEnumerator()", "GetHashCode()", "GetType()", "Keys", "Remove(", "ToString()", "Values"], 0),
        # a variable assigned earlier on the line being typed (pwsh infers it)
        ("$d = Get-Date; $d.AddD", ["AddDays("], 4),
        ("$d=Get-Date\n$d.ToUni", ["ToUniversalTime()"], 5),
        ("$a = @(1, 2); $a.Cou", ["Count"], 3),
        ("$h = @{ Key1 = 1 }; $h.K", ["Key1", "Keys"], 1),
        ("$name = 'abcdef'; $name.Sub", ["Substring("], 3),
        # .NET types after `[` and static members after `]::`
        ("[System.Security.SecureStr", ["System.Security.SecureString]"], 25),
        ("[X509Sto", [f"{X509}.X509Store]", "Microsoft.PowerShell.Commands.X509StoreLocation]"], 7),
        ("[pscred", ["pscredential]", "System.Management.Automation.PSCredential]"], 6),
        (f"[{X509}.StoreLocation]::", ["CurrentUser", "LocalMachine"], 0),
        (f"[{X509}.X509Store]::n", ["new("], 1),
        ("[string]::IsNull", ["IsNullOrEmpty(", "IsNullOrWhiteSpace("], 6),
        ("[int]::Max", ["MaxValue"], 3),
        ("[System.Convert]::ToBase", ["ToBase64String("], 6),
        # file paths: relative to the session's location, ./ prefix, / after folders, quotes
        ("Get-Content Doc", ["./Documents/"], 3),
        ("Get-Content ./Documents/n", ["./Documents/notes.txt"], 13),
        ("Get-Content ~/Doc", ["~/Documents/"], 5),
        ("Set-Location my", ["'./my scripts/'"], 2),
        ("Get-Content ./.hid", ["./.hidden"], 6),
        # Cert: paths
        ("Get-ChildItem Cert:\\", ["Cert:\\CurrentUser\\", "Cert:\\LocalMachine\\"], 6),
        ("Get-ChildItem cert:\\cu", ["cert:\\CurrentUser\\"], 8),
        ("Get-ChildItem Cert:\\CurrentUser\\M", ["Cert:\\CurrentUser\\My\\"], 19),
    ],
)
def test_completions(session_core: tuple[ReplCore, str], text: str, expected: list[str], replaced: int) -> None:
    core, _ = session_core
    found = complete(text, core.session)
    assert [c.text for c in found] == expected
    assert {c.start_offset for c in found} == {-replaced}


def test_thumbprints_under_a_store(session_core: tuple[ReplCore, str]) -> None:
    core, thumbprint = session_core
    assert texts("Get-Item Cert:\\CurrentUser\\My\\", core) == [f"Cert:\\CurrentUser\\My\\{thumbprint}"]
    assert texts(f"Get-Item Cert:\\CurrentUser\\My\\{thumbprint[:4].lower()}", core) == [
        f"Cert:\\CurrentUser\\My\\{thumbprint}"]


def test_parameter_list_starts_with_the_commands_own(session_core: tuple[ReplCore, str]) -> None:
    core, _ = session_core
    names = texts("Get-AzAccessToken -", core)
    assert names[0] == "-ResourceUrl" or "-ResourceUrl" in names[:8]
    assert "-Verbose" in names and names.index("-Verbose") > names.index("-ResourceUrl")


def test_nothing_inside_a_string_or_for_unknown_things(session_core: tuple[ReplCore, str]) -> None:
    core, _ = session_core
    assert texts("Write-Output 'Get-AzAcc", core) == []
    assert texts("$nosuchvariable.Len", core) == []
    assert texts("[NoSuchType]::", core) == []
    assert texts("No-SuchCommand -Pa", core) == []


@pytest.mark.parametrize(("type_name", "names"), sorted(BUILTIN_STATICS.items()))
def test_builtin_statics_offered_are_implemented(type_name: str, names: tuple[str, ...]) -> None:
    from pwshim.dotnet.primitives import builtin_static, builtin_static_method
    from pwshim.runtime.types import lookup_type

    rtype = lookup_type(type_name)
    assert rtype is not None
    for name in names:
        implemented = builtin_static(rtype, name)[0] or builtin_static_method(rtype, name) is not None
        assert implemented, f"[{type_name}]::{name}"


@pytest.mark.parametrize("setup", ["$when = Get-Date", "$nums = @(1, 2)", "$table = @{ Alpha = 1 }",
                                   "$span = New-TimeSpan -Hours 2", "$text = 'abc'"])
def test_every_member_offered_works(home: Path, setup: str) -> None:
    # each property offered reads; each method offered is found when called (without arguments
    # it may fail on its arguments, never with "does not contain a method named")
    core = make_core(home)
    var = setup.split("=")[0].strip()
    offered = complete(var + ".", core.session)
    assert offered == [] or core.session.get_variable(var[1:]) is not None
    assert core.execute(setup).error == ""
    offered = complete(var + ".", core.session)
    assert len(offered) > 5
    for c in offered:
        core.execute(setup)  # afresh: a method called before (Clear) may have changed the value
        if c.meta in ("Key", "Property", "NoteProperty", "ParameterizedProperty"):
            result = core.execute(f"{var}.{c.display}")
            assert result.error == "", c.display
        else:
            assert "Method" in c.meta and c.text.endswith(("(", "()")), c
            result = core.execute(f"$null = {var}.{c.display}()")
            assert "does not contain a method" not in result.error, c.display
            if c.text.endswith("()"):
                assert result.error == "", c.display


def test_an_assignment_on_the_line_is_never_run_to_complete(home: Path) -> None:
    core = make_core(home)
    victim = home / "victim.txt"
    victim.write_text("keep me")
    assert texts(f"$x = Remove-Item '{victim}'; $x.", core) == []
    assert texts(f"$x = @(Remove-Item '{victim}'); $x.Cou", core) == []
    assert texts(f"$x = @{{ A = (Remove-Item '{victim}') }}; $x.", core) == []
    assert victim.read_text() == "keep me"


def test_resource_type_names_and_auth_scopes_offered_are_accepted(home: Path) -> None:
    from pwshim.azure.environments import built_in_environments
    from pwshim.azure.models import AzureContext
    from pwshim.azure.tokens import resource_for

    core = make_core(home)
    context = AzureContext(Environment=built_in_environments()["AzureCloud"])
    names = texts("Get-AzAccessToken -ResourceTypeName ", core)
    assert {"Arm", "Synapse", "OperationalInsights", "Batch", "Storage", "KeyVault", "AadGraph", "Attestation",
            "MSGraph"} <= set(names)
    scopes = texts("Connect-AzAccount -AuthScope ", core)
    assert {"KeyVault", "Storage", "Synapse", "OperationalInsights"} <= set(scopes)
    for name in names + scopes:
        assert resource_for(context, name).startswith("https://"), name
    assert not any(c.endswith((".txt", "/")) for c in names + scopes)  # no file names


def test_environments_are_the_profiles_including_the_emulators(az_env: Path) -> None:
    core = make_core(az_env)
    # ARM_CLOUD_METADATA_URL points at the emulator (as under --emulate): its cloud is discovered
    assert texts("Connect-AzAccount -Environment Pw", core) == ["PwshimEmulator"]
    assert "AzureCloud" in texts("Connect-AzAccount -Environment ", core)
    # an environment added to the profile (Add-AzEnvironment's Name set: no network)
    result = core.execute("Add-AzEnvironment -Name ContosoStack -ResourceManagerEndpoint https://127.0.0.1:9/ "
                          "-ActiveDirectoryEndpoint https://127.0.0.1:9/adfs | Out-Null")
    assert result.error == ""
    assert texts("Connect-AzAccount -Environment Contoso", core) == ["ContosoStack"]
