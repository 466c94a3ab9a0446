"""`data` sections, ConvertFrom-StringData, `using` statements, and the constructs pwshim refuses
by name instead of running them differently (`--%`, `using assembly`)."""

from __future__ import annotations

import pytest

from pwshim.parser import parse
from pwshim.runtime.errors import ParseError
from tests.language.conftest import run_ps


@pytest.mark.parametrize("script,expected", [
    ("data { 'x'; 1 }", ["x", 1]),
    ("data $t { ConvertFrom-StringData 'a = 1' }\n$t.a", ["1"]),
    ("data $msgs -SupportedCommand ConvertFrom-StringData { ConvertFrom-StringData @'\nhello = Hi\\tthere\n# note\nbye = \\u0041\n'@ }\n"
     "$msgs.hello; $msgs.bye; $msgs.Count", ["Hi\tthere", "A", 2]),
    # `data` not followed by a block, variable or -SupportedCommand is a command name as before
    ("function data { 'cmd' }\ndata", ["cmd"]),
])
def test_data_section(script: str, expected: list) -> None:
    ran = run_ps(script)
    assert ran.errors == []
    assert ran.output == expected


def test_convertfrom_stringdata_errors_as_pwsh() -> None:
    ran = run_ps("ConvertFrom-StringData 'novalue'\n'next'\nConvertFrom-StringData \"a=1`na=2\"")
    assert ran.output == ["next"]
    assert [str(e) for e in ran.errors] == ["Data line 'novalue' is not in 'name=value' format.",
                                            "Data item 'a' in line 'a=2' is already defined."]


def test_convertfrom_stringdata_delimiter() -> None:
    ran = run_ps("(ConvertFrom-StringData 'k: v' -Delimiter ':').k")
    assert ran.output == ["v"]


def test_using_namespace_shortens_type_names() -> None:
    ran = run_ps("using namespace System.Security.Cryptography.X509Certificates\n[StoreName]::My -eq 'my'")
    assert ran.output == [True]


def test_using_module_imports_or_stops_the_script() -> None:
    assert run_ps("using module Az.Accounts\n'ran'").output == ["ran"]
    ran = run_ps("using module NoSuchModule\n'ran'")
    assert ran.output == [] and ran.exit_code == 1
    assert "NoSuchModule" in str(ran.errors[0])


def test_using_assembly_is_refused_by_name() -> None:
    ran = run_ps("using assembly System.Windows.Forms\n'ran'")
    assert ran.output == [] and ran.error_ids == ["UsingAssemblyNotSupported"]


def test_stop_parsing_token_is_a_parse_error_not_a_guess() -> None:
    with pytest.raises(ParseError) as info:
        parse("cmd.exe /c --% echo %PATH%")
    record = info.value.errors[0]
    assert (record.error_id, record.span.line, record.span.column) == ("StopParsingNotSupported", 1, 12)
    # `--` alone still ends the parameters
    assert run_ps("function f { $args }\nf -- -x").output == ["-x"]
