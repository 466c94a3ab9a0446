"""Format-Table / Format-List of scalars: pwsh writes values it does not format (DefaultScalarTypes,
enums) as their ToString() (OutOfBandFormatViewManager), before a table or among its rows and
list entries; -Force formats them. Driven from PowerShell text, rendered as Out-Default does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pwshim.formatting import format_objects
from pwshim.interpreter import run_script
from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session


@pytest.fixture
def shown(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory):
    """The text Out-Default writes for a script's output."""
    session = Session(host=BufferHost(), environ={"HOME": str(tmp_path_factory.mktemp("h"))}, cwd=str(tmp_path))

    def run(text: str) -> str:
        result = run_script(text, session)
        assert not result.errors, [r.message for r in result.errors]
        return format_objects(result.output, session, 120)

    return run


@pytest.mark.parametrize(
    "script, text",
    [
        ("'a','b' | Format-Table", "a\nb\n"),
        ("1 | Format-List", "1\n"),
        ("'a','b' | Format-List", "a\nb\n"),
        ("1, 2.5, $true, 'x y' | ft", "1\n2.5\nTrue\nx y\n"),
        ("'abc' | Format-Table Length", "abc\n"),  # a scalar is never formatted without -Force
        ("'abc' | Format-List -Property *", "abc\n"),
        ("[int64]7, [double]0.5 | Format-Table -AutoSize", "7\n0.5\n"),
    ],
)
def test_scalars_print_their_values(shown, script: str, text: str) -> None:
    assert shown(script) == text


def test_scalars_inside_a_table_are_lines_among_its_rows(shown) -> None:
    script = "'x', [pscustomobject]@{a=1;b='two'}, 'y', [pscustomobject]@{a=10;b='t'}, 3 | Format-Table"
    assert shown(script) == "x\n\n a b\n - -\n 1 two\ny\n10 t\n3\n\n"


def test_scalars_between_list_entries(shown) -> None:
    script = "'x', [pscustomobject]@{a=1}, 'y', [pscustomobject]@{a=22}, 3 | Format-List"
    # each entry ends with a blank line; an out-of-band line comes right after it
    assert shown(script) == "x\n\na : 1\n\ny\na : 22\n\n3\n"


def test_an_object_without_properties_is_its_tostring(shown) -> None:
    # an empty PSCustomObject's ToString() is '': one empty line, not an empty table
    assert shown("[pscustomobject]@{} | Format-Table") == "\n"
    assert shown("[pscustomobject]@{} | Format-List") == "\n"
    # a hashtable still shows as its entries
    assert shown("@{k=1} | Format-Table") == "\nName                           Value\n----                           -----\nk                              1\n\n"


def test_force_formats_a_string(shown) -> None:
    assert shown("'abc' | Format-Table -Force") == "\nLength\n------\n     3\n\n"
    assert shown("'abcd' | Format-List -Force") == "\nLength : 4\n\n"


def test_out_string_of_formatted_scalars(shown) -> None:
    assert shown("'a','b' | Format-Table | Out-String") == "a\nb\n\n"
    assert shown("(1 | Format-List | Out-String).Length") == "2\n"


def test_from_the_command_line() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pwshim", "-NoProfile", "-c", "'a','b' | Format-Table; 1 | Format-List"],
        check=False, capture_output=True, text=True, timeout=60,
    )
    assert (out.returncode, out.stdout, out.stderr) == (0, "a\nb\n1\n", "")
