"""Core cmdlets (cmdlets/core.py) through real PowerShell text."""

from __future__ import annotations

import pytest

from tests.language.conftest import run_ps


def test_write_host_and_streams() -> None:
    ran = run_ps("Write-Host a b -Separator '-'; Write-Host x -NoNewline; Write-Host y; "
                 "Write-Warning 'careful'; Write-Verbose 'hidden'; Write-Verbose 'shown' -Verbose; "
                 "Write-Debug 'nope'; Write-Information 'info' -InformationAction Continue")
    assert ran.host.text == "a-b\nxy\nWARNING: careful\nVERBOSE: shown\ninfo\n"
    assert ran.output == []


def test_warning_preference_silences() -> None:
    ran = run_ps("$WarningPreference = 'SilentlyContinue'; Write-Warning 'x'; Write-Warning 'y' -WarningAction Continue")
    assert ran.host.text == "WARNING: y\n"


def test_write_error_is_non_terminating_and_recorded() -> None:
    ran = run_ps("Write-Error 'bad thing'; 'after'; $Error[0].Exception.Message")
    assert ran.output == ["after", "bad thing"]
    assert ran.error_ids == ["Microsoft.PowerShell.Commands.WriteErrorException"]


def test_error_variable_and_silently_continue() -> None:
    ran = run_ps("Get-Item /no/such/path -ErrorAction SilentlyContinue -ErrorVariable ev; $ok = $?; $ev.Count; $ok")
    assert ran.output == [1, False]
    assert ran.host.text == ""


def test_variables_cmdlets() -> None:
    ran = run_ps("Set-Variable -Name v -Value 5; $v; (Get-Variable v).Value; Get-Variable v -ValueOnly; "
                 "Remove-Variable v; $null -eq $v")
    assert ran.output == [5, 5, 5, True]


def test_get_variable_missing_is_an_error() -> None:
    ran = run_ps("Get-Variable nosuchvariable")
    assert ran.error_ids == ["VariableNotFound"]


def test_new_object_forms() -> None:
    ran = run_ps("$o = New-Object PSObject -Property @{A=1}; $o.A; "
                 "(New-Object System.Version 1,2,3).Build; "
                 "(New-Object -TypeName System.Text.StringBuilder)")
    assert ran.output[:2] == [1, 3]
    assert "TypeNotFound" in ran.error_ids


def test_new_object_constructor_failure_message() -> None:
    ran = run_ps("New-Object System.Version 'x.y'")
    assert ran.error_ids == ["ConstructorInvokedThrowException"]
    assert ran.errors[0].message.startswith('Exception calling ".ctor" with "1" argument(s): ')


def test_get_command_and_aliases() -> None:
    ran = run_ps("(Get-Command Connect-AzAccount).Source; (Get-Command Login-AzAccount).Definition; "
                 "(Get-Command -Noun AzContext | Measure-Object).Count -ge 5")
    assert ran.output == ["Az.Accounts", "Login-AzAccount -> Connect-AzAccount", True]


def test_get_help_comes_from_metadata() -> None:
    ran = run_ps("Get-Help ConvertTo-SecureString")
    text = ran.output[0]
    assert "NAME\n    ConvertTo-SecureString" in text
    assert "SYNTAX\n    ConvertTo-SecureString [-String] <" in text
    assert "[-AsPlainText]" in text


def test_get_help_unknown() -> None:
    assert run_ps("Get-Help No-SuchThing").error_ids == ["HelpNotFound"]


def test_modules() -> None:
    ran = run_ps("Import-Module Az.Accounts; (Get-Module).Name; (Get-Module -ListAvailable Az.*).Count -ge 4; "
                 "(Import-Module Az.Accounts -PassThru).Version.ToString()")
    assert ran.output == ["Az.Accounts", True, "5.3.0"]


def test_read_host_with_answers() -> None:
    ran = run_ps("$a = Read-Host 'Name'; \"hi $a\"; $s = Read-Host -AsSecureString 'Secret'; $s.Length; \"$s\"",
                 answers=("bob", "p4ss"))
    assert ran.output == ["hi bob", 4, "System.Security.SecureString"]
    assert ran.host.prompts == ["Name: ", "Secret: "]
    assert "p4ss" not in ran.host.text


def test_invoke_command_and_expression() -> None:
    ran = run_ps("Invoke-Command { param($x) $x + 1 } -ArgumentList 2; $y = 1; Invoke-Expression '$y = 7'; $y")
    assert ran.output == [3, 7]


def test_set_alias() -> None:
    assert run_ps("Set-Alias hello Write-Output; hello 5").output == [5]


def test_start_sleep_is_bounded() -> None:
    import time

    start = time.monotonic()
    assert run_ps("Start-Sleep -Milliseconds 50; 'done'").output == ["done"]
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("script", ["Write-Output", "New-Object"])
def test_missing_mandatory_without_a_user_is_an_error(script: str) -> None:
    assert run_ps(script).error_ids == ["MissingMandatoryParameter"]


def test_mandatory_parameter_is_prompted_when_someone_answers() -> None:
    ran = run_ps("Write-Output", answers=("typed",))
    assert ran.output == ["typed"]
    assert "Supply values for the following parameters:" in ran.host.text
