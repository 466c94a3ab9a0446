"""Get-Command -Syntax (CommandInfo.Syntax: one `\\n<line>\\n` per parameter set, as Get-Help's
SYNTAX section) and the fixed-width table views of Get-Command and Get-Variable
(PowerShellCore_format_ps1xml.cs: CommandInfo = CommandType 15, Name 50, Version 10, Source;
Variable = Name 30, Value)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pwshim.formatting import format_objects
from pwshim.interpreter import run_script
from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session

GV_SYNTAX = "Get-Variable [[-Name] <string[]>] [-ValueOnly] [-Scope <string>] [<CommonParameters>]"


@pytest.fixture
def ps(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory):
    session = Session(host=BufferHost(), environ={"HOME": str(tmp_path_factory.mktemp("h"))}, cwd=str(tmp_path))

    def run(text: str) -> list:
        result = run_script(text, session)
        assert not result.errors, [r.message for r in result.errors]
        return result.output

    return run


def test_cmdlet_syntax_is_one_string_like_get_help(ps) -> None:
    (text,) = ps("Get-Command Get-Variable -Syntax")
    assert text == f"\n{GV_SYNTAX}\n"
    (help_text,) = ps("Get-Help Get-Variable")
    assert f"SYNTAX\n    {GV_SYNTAX}\n" in help_text


def test_one_line_per_parameter_set(ps) -> None:
    (text,) = ps("Get-Command Select-Object -Syntax")
    lines = text.split("\n")
    assert lines[0] == "" and lines[-1] == ""
    syntax = [line for line in lines if line]
    assert len(syntax) == 3 and all(line.startswith("Select-Object [[-Property] <Object[]>]") for line in syntax)
    assert all(lines[i] == "" for i in range(0, len(lines), 2))


def test_alias_syntax_names_the_alias(ps) -> None:
    (text,) = ps("Get-Command gv -Syntax")
    assert text == "gv (alias) -> Get-Variable\n\n" + GV_SYNTAX.replace("Get-Variable", "gv") + "\n"


def test_mandatory_parameters_and_switches(ps) -> None:
    (text,) = ps("Get-Command Connect-AzAccount -Syntax")
    lines = [line for line in text.split("\n") if line]
    # named mandatory parameters come before the optional ones; types as pwsh names them
    sp_cert = [line for line in lines if "-CertificateThumbprint" in line]
    assert sp_cert and sp_cert[0].startswith("Connect-AzAccount -Tenant <string> -ApplicationId <string> ")
    assert "-CertificateThumbprint <string> [-Environment <string>]" in sp_cert[0]
    assert any("[-CertificatePassword <securestring>]" in line for line in lines)
    assert all(line.endswith(" [<CommonParameters>]") for line in lines)


def test_function_syntax(ps) -> None:
    script = (
        "function f($a, [int]$b) {}\n"
        "function g { [CmdletBinding()] param([Parameter(Mandatory)][string[]]$Name, [switch]$Force,"
        " [System.Int32]$Count) }\n"
        "function hh { param([Parameter(Position=0)]$x, $y) }\n"
        "Get-Command f, g, hh -Syntax"
    )
    assert ps(script) == [
        "\nf [[-a] <Object>] [[-b] <int>]\n",
        "\ng [-Name] <string[]> [[-Count] <int>] [-Force] [<CommonParameters>]\n",
        "\nhh [[-x] <Object>] [-y <Object>] [<CommonParameters>]\n",
    ]


def test_syntax_prints_as_pwsh(ps) -> None:
    assert format_objects(ps("Get-Command Get-Variable -Syntax")) == f"\n{GV_SYNTAX}\n\n"


def test_get_command_table_has_fixed_widths(ps) -> None:
    text = format_objects(ps("Get-Command Get-Variable, gv"))
    lines = text.split("\n")
    assert lines[1] == "CommandType     " + "Name".ljust(51) + "Version    Source"
    assert lines[2] == "-----------     " + "----".ljust(51) + "-------    ------"
    assert lines[3] == "Cmdlet          " + "Get-Variable".ljust(51) + "7.0.0.0    Microsoft.PowerShell.Utility"
    assert lines[4].rstrip() == "Alias           gv -> Get-Variable"


def test_get_variable_table_has_fixed_widths(ps) -> None:
    text = format_objects(ps("$short = 1; $a_rather_long_variable_name_of_40_chars_ = 'v'; Get-Variable short, a_*"))
    assert text.split("\n")[1:6] == [
        "Name                           Value",
        "----                           -----",
        "short                          1",
        "a_rather_long_variable_name_o… v",
        "",
    ]


def test_a_name_finds_the_command_that_runs(ps) -> None:
    """Without -All, a name (no wildcard) gives the command pwsh would run: alias, then
    function, then cmdlet."""
    ps("function h { 'mine' }")
    assert [(i.CommandType, i.Name) for i in ps("Get-Command h")] == [("Alias", "h")]
    assert [i.CommandType for i in ps("Get-Command h -All")] == ["Alias", "Function"]
    assert [i.Name for i in ps("Get-Command Get-V*")] == ["Get-Variable"]
