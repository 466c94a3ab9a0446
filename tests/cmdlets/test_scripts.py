"""The utility and file-system cmdlets driven from PowerShell text (script blocks, aliases,
calculated properties, output formatting) through pwshim.interpreter.run_script."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pwshim.parser")

from pwshim.formatting import format_objects
from pwshim.interpreter import run_script
from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session


@pytest.fixture
def ps(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory):
    session = Session(host=BufferHost(), environ={"HOME": str(tmp_path_factory.mktemp("h"))}, cwd=str(tmp_path))

    def run(text: str) -> list:
        result = run_script(text, session)
        assert not result.errors, [r.message for r in result.errors]
        return result.output

    run.session = session  # type: ignore[attr-defined]
    return run


@pytest.mark.parametrize(
    "script, expected",
    [
        ("1..6 | Where-Object { $_ % 2 -eq 0 }", [2, 4, 6]),
        ("1..6 | ? { $_ -gt 4 }", [5, 6]),
        ("'a','bb' | ForEach-Object { $_.ToUpper() }", ["A", "BB"]),
        ("1..3 | % { $_ * 10 }", [10, 20, 30]),
        ("1..2 | ForEach-Object -Begin { 'b' } -Process { $_ } -End { 'e' }", ["b", 1, 2, "e"]),
        ("1..2 | ForEach-Object { 'b' } { $_ } { 'e' }", ["b", 1, 2, "e"]),
        ("'aaa','b','cc' | Sort-Object { $_.Length }", ["b", "cc", "aaa"]),
        ("'aaa','b','cc' | Sort-Object -Property Length -Descending", ["aaa", "cc", "b"]),
        ("(1..4 | Measure-Object -Sum).Sum", [10.0]),
        ("('x','y','x' | Group-Object | Sort-Object Count -Descending)[0].Name", ["x"]),
        ("'abc' | ForEach-Object Length", [3]),
        ("'a-b' | ForEach-Object Split '-'", ["a", "b"]),
        ("[pscustomobject]@{n=1},[pscustomobject]@{n=5} | Where-Object n -gt 2 | ForEach-Object n", [5]),
        ("[pscustomobject]@{Name='x'; Size=3} | Select-Object -ExpandProperty Name", ["x"]),
        ("([pscustomobject]@{a=2} | Select-Object @{n='Double'; e={ $_.a * 2 }}).Double", [4]),
        ("@{a=1} | ConvertTo-Json -Compress", ['{"a":1}']),
        ("('{\"a\": [1,2]}' | ConvertFrom-Json).a", [1, 2]),
        ("Get-Date -Date '2026-01-05' -Format 'yyyy/MM/dd'", ["2026/01/05"]),
    ],
)
def test_pipelines(ps, script: str, expected: list) -> None:
    assert ps(script) == expected


def test_file_system_script(ps, tmp_path: Path) -> None:
    ps("New-Item -ItemType Directory -Path sub | Out-Null; Set-Content -Path sub/a.txt -Value 'one','two'")
    assert (tmp_path / "sub/a.txt").read_text() == "one\ntwo\n"
    assert ps("Get-Content sub/a.txt | Select-Object -Last 1") == ["two"]
    assert ps("(Get-ChildItem -Recurse -File).Name") == ["a.txt"]
    assert ps("Test-Path (Join-Path sub a.txt)") == [True]
    assert ps("cd sub; (Get-Location).Path") == [str(tmp_path / "sub")]
    assert ps("Split-Path -Leaf (Resolve-Path a.txt)") == ["a.txt"]


def test_out_string_and_format_table_text(ps) -> None:
    (text,) = ps("[pscustomobject]@{Name='x'; Value=12} | Format-Table | Out-String")
    assert text == "\nName Value\n---- -----\nx       12\n\n"
    out = ps("[pscustomobject]@{A=1; B='two'}")
    assert format_objects(out) == "\nA B\n- -\n1 two\n\n"


def test_missing_path_error_from_script(tmp_path: Path) -> None:
    session = Session(host=BufferHost(), cwd=str(tmp_path))
    result = run_script("Get-Item ./nope", session)
    assert [r.FullyQualifiedErrorId for r in result.errors] == ["PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand"]
    assert "Get-Item: Cannot find path" in "".join(session.host.err)
