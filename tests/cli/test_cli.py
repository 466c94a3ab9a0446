"""The pwsh-compatible command line, run as a real process."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest


def pwshim(*args: str, stdin: str | None = None, env: dict[str, str] | None = None,
           cwd: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "pwshim", *args], input=stdin, capture_output=True,
                          text=True, env=full_env, cwd=cwd, timeout=timeout)


def test_command_output_and_exit_code() -> None:
    r = pwshim("-NoProfile", "-c", "1 + 1; 'x'")
    assert r.returncode == 0
    assert r.stdout == "2\nx\n"
    assert r.stderr == ""


def test_command_joins_remaining_arguments() -> None:
    r = pwshim("-Command", "Write-Output", "a", "b")
    assert r.stdout.split() == ["a", "b"]


def test_exit_code_from_exit_statement() -> None:
    assert pwshim("-c", "exit 7").returncode == 7


def test_encoded_command() -> None:
    script = "$PSVersionTable.PSVersion.Major"
    r = pwshim("-NoProfile", "-NonInteractive", "-EncodedCommand",
               base64.b64encode(script.encode("utf-16-le")).decode())
    assert r.stdout.strip() == "7"


def test_script_file_with_arguments(tmp_path: Path) -> None:
    script = tmp_path / "s.ps1"
    script.write_text("param($Name, [int]$Count = 1)\n\"$Name x $Count\"\n$PSScriptRoot\n")
    r = pwshim(str(script), "-Name", "abc", "-Count", "3")
    assert r.stdout.splitlines() == ["abc x 3", str(tmp_path)]
    r = pwshim("-File", str(script), "def")
    assert r.stdout.splitlines()[0] == "def x 1"


def test_script_on_stdin() -> None:
    r = pwshim(stdin="$a = 2\n$a * 21\n")
    assert r.stdout == "42\n"
    r = pwshim("-Command", "-", stdin="'from stdin'\n")
    assert r.stdout == "from stdin\n"


def test_parse_error_reports_file_line_column_and_runs_nothing(tmp_path: Path) -> None:
    script = tmp_path / "bad.ps1"
    script.write_text("'ran'\nif ($x {\n")
    r = pwshim(str(script))
    assert r.returncode == 1
    assert r.stdout == ""
    assert f"ParserError: {script}:2" in r.stderr
    assert "Traceback" not in r.stderr


def test_runtime_error_is_concise_view_not_traceback(tmp_path: Path) -> None:
    script = tmp_path / "e.ps1"
    script.write_text("$x = 1\nGet-NoSuchThing -Foo\n'after'\n")
    r = pwshim(str(script))
    assert r.returncode == 1
    assert r.stdout == "after\n"
    assert r.stderr.startswith(f"Get-NoSuchThing: {script}:2\nLine |\n   2 |  Get-NoSuchThing -Foo\n")
    assert "The term 'Get-NoSuchThing' is not recognized" in r.stderr
    assert "Traceback" not in r.stderr


def test_placeholders_are_all_reported_before_running(tmp_path: Path) -> None:
    script = tmp_path / "p.ps1"
    script.write_text("'ran'\n$certPath = <path to certificate>\nConnect-AzAccount -CertificateThumbprint <thumbprint>\n")
    r = pwshim(str(script))
    assert r.returncode == 1
    assert r.stdout == ""
    assert "<path to certificate>" in r.stderr and "<thumbprint>" in r.stderr
    assert ":2" in r.stderr and ":3" in r.stderr


def test_set_fills_placeholders(tmp_path: Path) -> None:
    script = tmp_path / "p.ps1"
    script.write_text("$certPath = <path to certificate>\n\"[$certPath]\"\nWrite-Output <Thumbprint>\n")
    r = pwshim("--set", "path to certificate=./my cert.pfx", "--set", "thumbprint=AB'C", str(script))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["[./my cert.pfx]", "AB'C"]


def test_var_sets_variables() -> None:
    r = pwshim("--var", "tenantId=contoso", "-c", "\"t=$tenantId\"")
    assert r.stdout == "t=contoso\n"


def test_check_reports_every_error(tmp_path: Path) -> None:
    good = tmp_path / "good.ps1"
    good.write_text("Get-Date\n")
    bad = tmp_path / "bad.ps1"
    bad.write_text("$x = (1 + \n}\n")
    assert pwshim("--check", str(good)).returncode == 0
    r = pwshim("--check", str(good), str(bad))
    assert r.returncode == 1
    assert str(bad) in r.stderr


def test_noninteractive_get_credential_fails_with_pwsh_message() -> None:
    r = pwshim("-NonInteractive", "-c", "Get-Credential")
    assert r.returncode == 1
    assert "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available." in r.stderr


def test_get_credential_without_input_fails_instead_of_hanging() -> None:
    r = pwshim("-c", "$c = Get-Credential -UserName u; 'after'", stdin="", timeout=30)
    assert r.returncode == 1
    assert "Get-Credential" in r.stderr


def test_unknown_script_file() -> None:
    r = pwshim("/nonexistent/x.ps1")
    assert r.returncode == 64
    assert "is not recognized as the name of a script file" in r.stderr


def test_version_and_help() -> None:
    assert pwshim("-Version").stdout.startswith("PowerShell 7.")
    assert "pwshim" in pwshim("-Help").stdout


@pytest.mark.parametrize("args", [["-c", "$x = 1"], ["-NoProfile", "-c", "Write-Output 'x' | Out-Null"]])
def test_startup_does_not_import_heavy_packages(args: list[str]) -> None:
    code = ("import sys, runpy; sys.argv = ['pwshim', *" + repr(args) + "]\n"
            "try:\n    runpy.run_module('pwshim', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "bad = [m for m in ('azure.identity', 'prompt_toolkit', 'msal', 'cryptography.x509') if m in sys.modules]\n"
            "print(bad)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout.strip().splitlines()[-1] == "[]", r.stdout + r.stderr
