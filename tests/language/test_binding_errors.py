"""Parameter-binding errors as pwsh 7 reports them (ParameterBinderStrings ids; ErrorRecord's
FullyQualifiedErrorId `Id,<implementing type>` for cmdlets and `Id,<name>` for functions;
CategoryInfo `Category: (:) [Command], ExceptionType`; ConciseView's reason is the command)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pwshim.formatting import format_error
from tests.language.conftest import run_ps

SECURITY = "Microsoft.PowerShell.Commands"
PROFILE = "Microsoft.Azure.Commands.Profile.ConnectAzureRmAccountCommand"
CRED = '$c = [pscredential]::new("app", (ConvertTo-SecureString "s" -AsPlainText -Force)); '


def only_error(script: str):
    ran = run_ps(script)
    assert len(ran.errors) == 1, [e.message for e in ran.errors]
    return ran.errors[0]


# (script, FullyQualifiedErrorId, CategoryInfo, ConciseView line)
CMDLET_CASES = [
    (
        "ConvertFrom-SecureString -SecureString $null",
        f"ParameterArgumentValidationErrorNullNotAllowed,{SECURITY}.ConvertFromSecureStringCommand",
        "InvalidData: (:) [ConvertFrom-SecureString], ParameterBindingValidationException",
        "ConvertFrom-SecureString: Cannot bind argument to parameter 'SecureString' because it is null.",
    ),
    (
        "ConvertTo-SecureString ''",
        f"ParameterArgumentValidationErrorEmptyStringNotAllowed,{SECURITY}.ConvertToSecureStringCommand",
        "InvalidData: (:) [ConvertTo-SecureString], ParameterBindingValidationException",
        "ConvertTo-SecureString: Cannot bind argument to parameter 'String' because it is an empty string.",
    ),
    (
        'ConvertFrom-SecureString "1234"',
        f"CannotConvertArgumentNoMessage,{SECURITY}.ConvertFromSecureStringCommand",
        "InvalidArgument: (:) [ConvertFrom-SecureString], ParameterBindingException",
        ("ConvertFrom-SecureString: Cannot bind parameter 'SecureString'. Cannot convert the value of type "
        '"System.String" to type "System.Security.SecureString".'),
    ),
    (
        "Get-Item -Nope",
        f"NamedParameterNotFound,{SECURITY}.GetItemCommand",
        "InvalidArgument: (:) [Get-Item], ParameterBindingException",
        "Get-Item: A parameter cannot be found that matches parameter name 'Nope'.",
    ),
    (
        # an alias: the reason is still the command's name (InvocationInfo.MyCommand)
        "gi -Nope",
        f"NamedParameterNotFound,{SECURITY}.GetItemCommand",
        "InvalidArgument: (:) [Get-Item], ParameterBindingException",
        "Get-Item: A parameter cannot be found that matches parameter name 'Nope'.",
    ),
    (
        "Get-ChildItem -Fi x",
        f"AmbiguousParameter,{SECURITY}.GetChildItemCommand",
        "InvalidArgument: (:) [Get-ChildItem], ParameterBindingException",
        ("Get-ChildItem: Parameter cannot be processed because the parameter name 'Fi' is ambiguous. "
        "Possible matches include: -Filter -File."),
    ),
    (
        "Get-Item -Path",
        f"MissingArgument,{SECURITY}.GetItemCommand",
        "InvalidArgument: (:) [Get-Item], ParameterBindingException",
        ("Get-Item: Missing an argument for parameter 'Path'. Specify a parameter of type 'System.String[]' "
        "and try again."),
    ),
    (
        "Connect-AzAccount -CertificateThumbprint",
        f"MissingArgument,{PROFILE}",
        "InvalidArgument: (:) [Connect-AzAccount], ParameterBindingException",
        ("Connect-AzAccount: Missing an argument for parameter 'CertificateThumbprint'. Specify a parameter "
        "of type 'System.String' and try again."),
    ),
    (
        "Get-Item -Path a -Path b",
        f"ParameterAlreadyBound,{SECURITY}.GetItemCommand",
        "InvalidArgument: (:) [Get-Item], ParameterBindingException",
        ("Get-Item: Cannot bind parameter because parameter 'Path' is specified more than once. To provide "
        "multiple values to parameters that can accept multiple values, use the array syntax. For example, "
        '"-parameter value1,value2,value3".'),
    ),
    (
        "Get-Item a b",
        f"PositionalParameterNotFound,{SECURITY}.GetItemCommand",
        "InvalidArgument: (:) [Get-Item], ParameterBindingException",
        "Get-Item: A positional parameter cannot be found that accepts argument 'b'.",
    ),
    (
        CRED + "Connect-AzAccount -ServicePrincipal -Credential $c",
        f"MissingMandatoryParameter,{PROFILE}",
        "InvalidArgument: (:) [Connect-AzAccount], ParameterBindingException",
        "Connect-AzAccount: Cannot process command because of one or more missing mandatory parameters: Tenant.",
    ),
    (
        "Connect-AzAccount -Identity -ServicePrincipal",
        f"AmbiguousParameterSet,{PROFILE}",
        "InvalidArgument: (:) [Connect-AzAccount], ParameterBindingException",
        ("Connect-AzAccount: Parameter set cannot be resolved using the specified named parameters. One or "
        "more parameters issued cannot be used together or an insufficient number of parameters were provided."),
    ),
    (
        "Connect-AzAccount -Identity -Scope Machine",
        f"ParameterArgumentValidationError,{PROFILE}",
        "InvalidData: (:) [Connect-AzAccount], ParameterBindingValidationException",
        ("Connect-AzAccount: Cannot validate argument on parameter 'Scope'. The argument \"Machine\" does not "
        'belong to the set "Process,CurrentUser" specified by the ValidateSet attribute. Supply an argument '
        "that is in the set and then try the command again."),
    ),
    (
        # an explicit $null for a parameter mandatory in the chosen set: refused by the binder,
        # before Connect-AzAccount runs
        "Connect-AzAccount -ServicePrincipal -Credential $null -Tenant x",
        f"ParameterArgumentValidationErrorNullNotAllowed,{PROFILE}",
        "InvalidData: (:) [Connect-AzAccount], ParameterBindingValidationException",
        "Connect-AzAccount: Cannot bind argument to parameter 'Credential' because it is null.",
    ),
    (
        # -Tenant is mandatory in the service-principal sets: pwsh checks null / empty for a
        # parameter mandatory in SOME set (IsMandatoryInSomeParameterSet), whatever set is chosen
        "Connect-AzAccount -Identity -Tenant ''",
        f"ParameterArgumentValidationErrorEmptyStringNotAllowed,{PROFILE}",
        "InvalidData: (:) [Connect-AzAccount], ParameterBindingValidationException",
        "Connect-AzAccount: Cannot bind argument to parameter 'Tenant' because it is an empty string.",
    ),
    (
        "$null | ConvertFrom-SecureString",
        f"ParameterArgumentValidationErrorNullNotAllowed,{SECURITY}.ConvertFromSecureStringCommand",
        "InvalidData: (:) [ConvertFrom-SecureString], ParameterBindingValidationException",
        "ConvertFrom-SecureString: Cannot bind argument to parameter 'SecureString' because it is null.",
    ),
]


@pytest.mark.parametrize("script,fqid,category_info,line", CMDLET_CASES, ids=[c[0][-50:] for c in CMDLET_CASES])
def test_cmdlet_binding_errors_carry_the_command(script: str, fqid: str, category_info: str, line: str) -> None:
    record = only_error(script)
    assert record.FullyQualifiedErrorId == fqid
    assert record.CategoryInfo == category_info
    assert format_error(record) == line


def test_null_credential_never_reaches_the_cmdlet() -> None:
    ran = run_ps("Connect-AzAccount -ServicePrincipal -Credential $null -Tenant x; 'next'")
    assert ran.output == ["next"]  # statement-terminating, as pwsh's binding errors are
    assert [e.message for e in ran.errors] == ["Cannot bind argument to parameter 'Credential' because it is null."]
    assert [r.FullyQualifiedErrorId for r in ran.errors] == [
        f"ParameterArgumentValidationErrorNullNotAllowed,{PROFILE}"
    ]
    assert "AttributeError" not in "".join(ran.host.err)


def test_exception_types_and_catch() -> None:
    ran = run_ps(
        "try { ConvertFrom-SecureString -SecureString $null } "
        "catch [System.Management.Automation.ParameterBindingException] { $_.Exception.GetType().FullName; "
        "$_.FullyQualifiedErrorId; $_.CategoryInfo.ToString() }\n"
        "try { Get-Item -Nope } catch [System.Management.Automation.ParameterBindingValidationException] { 'wrong' } "
        "catch { $_.Exception.GetType().FullName }"
    )
    assert ran.errors == []
    assert ran.output == [
        "System.Management.Automation.ParameterBindingValidationException",
        f"ParameterArgumentValidationErrorNullNotAllowed,{SECURITY}.ConvertFromSecureStringCommand",
        "InvalidData: (:) [ConvertFrom-SecureString], ParameterBindingValidationException",
        "System.Management.Automation.ParameterBindingException",
    ]


# Script functions: the function's name is the reason, the activity and the FQID suffix.
FUNCTION_CASES = [
    (
        "function f { param([Parameter(Mandatory)][pscredential]$c) $c }; f -c $null",
        "ParameterArgumentValidationErrorNullNotAllowed,f",
        "InvalidData: (:) [f], ParameterBindingValidationException",
        "f: Cannot bind argument to parameter 'c' because it is null.",
    ),
    (
        "function f { param([Parameter(Mandatory)][string]$s) $s }; f -s ''",
        "ParameterArgumentValidationErrorEmptyStringNotAllowed,f",
        "InvalidData: (:) [f], ParameterBindingValidationException",
        "f: Cannot bind argument to parameter 's' because it is an empty string.",
    ),
    (
        # [string] turns $null into '' before the mandatory check (ArgumentTypeConverterAttribute)
        "function f { param([Parameter(Mandatory)][string]$s) $s }; f -s $null",
        "ParameterArgumentValidationErrorEmptyStringNotAllowed,f",
        "InvalidData: (:) [f], ParameterBindingValidationException",
        "f: Cannot bind argument to parameter 's' because it is an empty string.",
    ),
    (
        "function f { param([Parameter(Mandatory)][string[]]$s) $s }; f -s @()",
        "ParameterArgumentValidationErrorEmptyArrayNotAllowed,f",
        "InvalidData: (:) [f], ParameterBindingValidationException",
        "f: Cannot bind argument to parameter 's' because it is an empty array.",
    ),
    (
        "function f { param([Parameter(Mandatory)][string[]]$s) $s }; f -s 'a',''",
        "ParameterArgumentValidationErrorEmptyStringNotAllowed,f",
        "InvalidData: (:) [f], ParameterBindingValidationException",
        "f: Cannot bind argument to parameter 's' because it is an empty string.",
    ),
    (
        "function f([int]$n) { $n }; f -n abc",
        "ParameterArgumentTransformationError,f",
        "InvalidData: (:) [f], ParameterBindingArgumentTransformationException",
        ("f: Cannot process argument transformation on parameter 'n'. Cannot convert value \"abc\" to type "
        "\"System.Int32\". Error: \"The input string 'abc' was not in a correct format.\""),
    ),
    (
        # CheckBoolValue: a [bool] parameter takes only Booleans and numbers
        'function f([bool]$b) { $b }; f -b "yes"',
        "ParameterArgumentTransformationError,f",
        "InvalidData: (:) [f], ParameterBindingArgumentTransformationException",
        ("f: Cannot process argument transformation on parameter 'b'. Cannot convert value \"System.String\" "
        "to type \"System.Boolean\". Boolean parameters accept only Boolean values and numbers, such as "
        "$True, $False, 1 or 0."),
    ),
    (
        "function f { [CmdletBinding()] param($a) }; f -b 1",
        "NamedParameterNotFound,f",
        "InvalidArgument: (:) [f], ParameterBindingException",
        "f: A parameter cannot be found that matches parameter name 'b'.",
    ),
    (
        "function f { [CmdletBinding()] param($Alpha, $Also) }; f -Al 1",
        "AmbiguousParameter,f",
        "InvalidArgument: (:) [f], ParameterBindingException",
        ("f: Parameter cannot be processed because the parameter name 'Al' is ambiguous. "
        "Possible matches include: -Alpha -Also."),
    ),
    (
        "function f { param([Parameter(Mandatory)]$Name) }; f",
        "MissingMandatoryParameter,f",
        "InvalidArgument: (:) [f], ParameterBindingException",
        "f: Cannot process command because of one or more missing mandatory parameters: Name.",
    ),
    (
        "function f { [CmdletBinding()] param($A) }; f 1 2",
        "PositionalParameterNotFound,f",
        "InvalidArgument: (:) [f], ParameterBindingException",
        "f: A positional parameter cannot be found that accepts argument '2'.",
    ),
    (
        "function f { param([ValidateNotNullOrEmpty()][string]$s) $s }; f -s ''",
        "ParameterArgumentValidationError,f",
        "InvalidData: (:) [f], ParameterBindingValidationException",
        ("f: Cannot validate argument on parameter 's'. The argument is null or empty. Provide an argument "
        "that is not null or empty, and then try the command again."),
    ),
    (
        "function f { param([ValidateNotNull()]$o) $o }; f -o $null",
        "ParameterArgumentValidationError,f",
        "InvalidData: (:) [f], ParameterBindingValidationException",
        ("f: Cannot validate argument on parameter 'o'. The argument is null. Provide a valid value for the "
        "argument, and then try running the command again."),
    ),
    (
        "function f { param([ValidateSet('a','b')]$v) $v }; f -v c",
        "ParameterArgumentValidationError,f",
        "InvalidData: (:) [f], ParameterBindingValidationException",
        ("f: Cannot validate argument on parameter 'v'. The argument \"c\" does not belong to the set \"a,b\" "
        "specified by the ValidateSet attribute. Supply an argument that is in the set and then try the "
        "command again."),
    ),
    (
        "function g { param([Parameter(Mandatory, ValueFromPipeline)][pscredential]$c) process { $c } }; $null | g",
        "ParameterArgumentValidationErrorNullNotAllowed,g",
        "InvalidData: (:) [g], ParameterBindingValidationException",
        "g: Cannot bind argument to parameter 'c' because it is null.",
    ),
]


@pytest.mark.parametrize("script,fqid,category_info,line", FUNCTION_CASES, ids=[c[0][-50:] for c in FUNCTION_CASES])
def test_function_binding_errors_name_the_function(script: str, fqid: str, category_info: str, line: str) -> None:
    record = only_error(script)
    assert record.FullyQualifiedErrorId == fqid
    assert record.CategoryInfo == category_info
    assert format_error(record) == line


@pytest.mark.parametrize(
    "script,expected",
    [
        # [AllowNull()] / [AllowEmptyString()] / [AllowEmptyCollection()] lift the checks
        ("function f { param([Parameter(Mandatory)][AllowNull()][pscredential]$c) $null -eq $c }; f -c $null", [True]),
        ("function f { param([Parameter(Mandatory)][AllowEmptyString()][string]$s) \"[$s]\" }; f -s ''", ["[]"]),
        ("function f { param([Parameter(Mandatory)][AllowEmptyCollection()][string[]]$s) $s.Count }; f -s @()", [0]),
        # not mandatory: $null and '' bind; [string] makes $null ''
        ("function f { param([pscredential]$c) $null -eq $c }; f -c $null", [True]),
        ("function f { param([string]$s) $null -eq $s }; f -s $null", [False]),
        ("function f { param([Parameter(Mandatory)]$o) \"[$o]\" }; f -o ''", ["[]"]),  # untyped: '' is fine
        ("function f([bool]$b) { $b }; f -b 0; f -b $true; f", [False, True, False]),
        # a default value is converted, never validated
        ("function f { param([ValidateNotNullOrEmpty()][string]$s = '') \"[$s]\" }; f", ["[]"]),
    ],
)
def test_allowed_values_bind(script: str, expected: list) -> None:
    ran = run_ps(script)
    assert ran.errors == [], [e.message for e in ran.errors]
    assert ran.output == expected


def test_script_block_has_no_command_to_name() -> None:
    record = only_error("& { param([Parameter(Mandatory)]$x) } -x $null")
    assert record.FullyQualifiedErrorId == "ParameterArgumentValidationErrorNullNotAllowed"
    assert record.command is None


def test_value_errors_point_at_the_argument_in_a_script(tmp_path: Path) -> None:
    script = tmp_path / "s.ps1"
    text = "$x = 1\nConvertFrom-SecureString -SecureString $null\n"
    script.write_text(text)
    ran = run_ps(text, file=str(script))
    assert format_error(ran.errors[0], width=120) == (
        f"ConvertFrom-SecureString: {script}:2\n"
        "Line |\n"
        "   2 |  ConvertFrom-SecureString -SecureString $null\n"
        "     |                                         ~~~~~\n"
        "     | Cannot bind argument to parameter 'SecureString' because it is null.\n"
    )


def test_name_errors_point_at_the_parameter_in_a_script(tmp_path: Path) -> None:
    script = tmp_path / "s.ps1"
    text = "\nGet-Item -Nope x\n"
    script.write_text(text)
    ran = run_ps(text, file=str(script))
    assert format_error(ran.errors[0], width=120) == (
        f"Get-Item: {script}:2\n"
        "Line |\n"
        "   2 |  Get-Item -Nope x\n"
        "     |           ~~~~~\n"
        "     | A parameter cannot be found that matches parameter name 'Nope'.\n"
    )


def _pwshim(command: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "pwshim", "-NoProfile", "-NonInteractive", "-c", command],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )


@pytest.mark.parametrize(
    "command,stderr",
    [
        (
            "ConvertFrom-SecureString -SecureString $null",
            "ConvertFrom-SecureString: Cannot bind argument to parameter 'SecureString' because it is null.",
        ),
        (
            CRED + "Connect-AzAccount -ServicePrincipal -Credential $c",
            "Connect-AzAccount: Cannot process command because of one or more missing mandatory parameters: Tenant.",
        ),
        (
            "Connect-AzAccount -ServicePrincipal -Credential $null -Tenant x",
            "Connect-AzAccount: Cannot bind argument to parameter 'Credential' because it is null.",
        ),
        ("Get-Item -Nope", "Get-Item: A parameter cannot be found that matches parameter name 'Nope'."),
        (
            "function f { param([Parameter(Mandatory)][string]$s) }; f -s ''",
            "f: Cannot bind argument to parameter 's' because it is an empty string.",
        ),
    ],
)
def test_command_line_prints_the_concise_line(command: str, stderr: str, tmp_path: Path) -> None:
    result = _pwshim(command, tmp_path)
    assert result.stderr == stderr + "\n"
    assert result.stdout == ""
    assert result.returncode == 1
    assert not (tmp_path / ".Azure").exists()  # nothing ran past the binder


def test_category_info_is_an_object_with_the_parts() -> None:
    ran = run_ps(
        "try { ConvertFrom-SecureString -SecureString $null } catch { $i = $_.CategoryInfo }\n"
        "$i.Category; $i.Activity; $i.Reason; $i.TargetName; $i.TargetType; $i.GetType().FullName; \"$i\"\n"
        "$i | Format-List | Out-String"
    )
    assert ran.errors == []
    assert ran.output[:7] == [
        "InvalidData",
        "ConvertFrom-SecureString",
        "ParameterBindingValidationException",
        "",
        "",
        "System.Management.Automation.ErrorCategoryInfo",
        "InvalidData: (:) [ConvertFrom-SecureString], ParameterBindingValidationException",
    ]
    # .NET's declaration order, not alphabetical
    listing = [line.split(":")[0].strip() for line in ran.output[7].strip().splitlines()]
    assert listing == ["Category", "Activity", "Reason", "TargetName", "TargetType"]


def test_category_info_names_the_target_and_its_type() -> None:
    long_path = "/" + "x" * 60
    ran = run_ps(f"Get-Item -LiteralPath '{long_path}'")
    info = ran.errors[0].CategoryInfo
    assert (info.TargetName, info.TargetType, info.Reason) == (long_path, "String", "ItemNotFoundException")
    # each part but the reason is cut to 40 characters: 19, an ellipsis, the last 19
    assert str(info).startswith("ObjectNotFound: (/xxxxxxxxxxxxxxxxxx\u2026xxxxxxxxxxxxxxxxxxx:String) [")


def test_binding_exception_names_the_parameter_and_error_id() -> None:
    ran = run_ps(
        "try { ConvertFrom-SecureString -SecureString $null } catch { $_.Exception.ParameterName; $_.Exception.ErrorId }\n"
        "function f { param([Parameter(Mandatory)]$Name, [Parameter(Mandatory)]$Other) }\n"
        "try { f } catch { \"[$($_.Exception.ParameterName)]\" }"
    )
    assert ran.errors == []
    # MissingMandatoryParameter's {1} is the space-led list, as pwsh formats it
    assert ran.output == ["SecureString", "ParameterArgumentValidationErrorNullNotAllowed", "[ Name Other]"]


@pytest.mark.parametrize(
    "script",
    [
        # [AllowEmptyString()] / [AllowNull()] / [AllowEmptyCollection()] in pwsh 7.4.6's cmdlets
        'Write-Warning ""',
        'Write-Verbose ""',
        'Write-Debug ""',
        '"" | ConvertFrom-Json',
        'ConvertFrom-StringData ""',
        "Compare-Object @() @(1)",
        "$null | ConvertTo-Json",
        "Write-Output @()",
    ],
)
def test_cmdlets_that_allow_null_or_empty_bind_it(script: str) -> None:
    ran = run_ps(script)
    assert [e.error_id for e in ran.errors if e.error_id.startswith("ParameterArgument")] == []
