"""Translations that must do what pwshim does, not something close: switch runs every matching
clause, piping $null runs once, PowerShell members win over Python's on values of unknown type,
.NET generic collections, and the script's own [Parameter(Mandatory)] / [ValidateSet()]. Each
script runs with pwshim and as translated Python, and the outputs are compared."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pwshim.translate import translate
from tests.translate.test_translate import (
    check_python,
    needs_parser,
    pwshim_env,
    run_both,
)

SCRIPTS = {
    "switch_every_match": "switch (2) { 2 {'a'} 2 {'b'} }\n",
    "switch_array_break_continue": (
        "switch (1, 2, 3, 4) { 2 {'two'; continue} {$_ -gt 1} {\"big $_\"} 4 {'four'; break} default {\"other $_\"} }\n"
        "'after'\n"
    ),
    "switch_jumps_in_loops_and_functions": (
        "foreach ($i in 1..3) { switch ($i) { 2 { 'two'; continue } default { 'd' } } \"i=$i\" }\n"
        "function f($x) { switch ($x) { 'a' { 'is a' } 'b' { 'is b'; break } default { 'other' } } }\n"
        "f 'a'; f 'b'; f 'z'; f @('a','b','a')\n"
    ),
    "switch_flags": (
        "switch -regex ('abc', 'xbz') { '^a' {'starts a'} 'b' {\"has b $($Matches[0])\"} default {'none'} }\n"
        "switch -wildcard ('file.txt') { '*.txt' {'text'} 'file*' {'file'} }\n"
        "switch -casesensitive ('ABC') { 'abc' {'lower'} 'ABC' {'upper'} }\n"
        "switch -exact ('a') { 'A' {'ci'} default {'no'} }\n"
        "switch ('1') { 1 {'int'} '1' {'str'} }\n"
    ),
    "switch_variable_subject": (
        "$x = @('p', 'q')\nswitch ($x) { 'q' {\"got $_\"} default {\"not q: $_\"} }\n"
        "$n = $null\nswitch ($n) { default {'never'} }\n"
        "$e = @()\nswitch ($e) { default {'never'} }\n'done'\n"
    ),
    "pipe_null": (
        "$null | ForEach-Object {'once'}\n"
        "$v = $null\n$v | ForEach-Object { 'again'; 'and again' }\n"
        "@() | ForEach-Object {'never'}\n"
        "function Get-Nothing { }\nGet-Nothing | ForEach-Object {'never'}\n"
        "(Get-Nothing) | ForEach-Object {'paren once'}\n"
        "$null | Where-Object { $true } | ForEach-Object {'where once'}\n"
        "($null | Measure-Object).Count\n"
    ),
    "member_count": (
        "$r = (1,2,3).Where({$_ -ge 2}); $r.Count\n"
        "$q = (1,2,3).ForEach({$_ * 2}); $q.Count\n"
        "$s = 'a,b'.Split(','); $s.Count; $s.Length\n"
        "$w = 'hello'; $u = $w.ToUpper(); $u.Length\n"
        "$items = 'ab', 'cde'; $items | ForEach-Object { $_.Length }\n"
    ),
    "generic_collections": (
        "$l = New-Object System.Collections.Generic.List[string]\n$l.Add('x'); $l.Add('y')\n$l.Count\n$l -join ','\n"
        "$m = [System.Collections.Generic.List[int]]::new(); $m.Add(3); $m.Count\n"
        "foreach ($i in $l) { \"item $i\" }\n"
        "$d = New-Object 'System.Collections.Generic.Dictionary[string,int]'\n$d['a'] = 1\n$d.Add('b', 2)\n$d.Count\n$d['b']\n"
        "$a = New-Object System.Collections.ArrayList\n[void]$a.Add('q')\n$a.Count\n"
    ),
}


@needs_parser
@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_same_output(name: str, tmp_path: Path) -> None:
    script = tmp_path / f"{name}.ps1"
    script.write_text(SCRIPTS[name], encoding="utf-8")
    assert translate(SCRIPTS[name]).untranslated == []
    ps, py, code = run_both(script, tmp_path)
    assert ps.returncode == 0, ps.stderr
    assert py.returncode == 0, py.stderr + "\n" + code
    assert ps.stdout.strip(), "the script prints something"
    assert py.stdout == ps.stdout, code


@needs_parser
def test_switch_clauses_are_not_an_elif_chain() -> None:
    code = translate("switch (2) { 2 {'a'} 2 {'b'} }\n").code
    assert "elif" not in code
    distinct = translate("switch ('x') { 'a' {'A'} 'b' {'B'} default {'D'} }\n").code
    assert 'value = "x"\nif rt.switch_case(value, "a"):' in distinct and "elif" in distinct and "else:" in distinct


@needs_parser
def test_unknown_generic_collection_is_marked(tmp_path: Path) -> None:
    """A collection pwshim's runtime does not know is not guessed at."""
    result = translate("$h = New-Object System.Collections.Generic.HashSet[string]\n$h.Add('a')\n")
    assert [u.line for u in result.untranslated] == [1]
    assert "# TODO(pwshim): untranslated (unknown type [System.Collections.Generic.HashSet[string]])" in result.code
    assert "h = rt.untranslated(" in result.code and "dotnet_type" not in result.code
    check_python(result.code, tmp_path)


PARAMS = (
    "param(\n  [Parameter(Mandatory)][string]$Tenant,\n  [ValidateSet('A','B')][string]$Mode = 'A'\n)\n"
    "\"$Tenant $Mode\"\n"
)


@needs_parser
@pytest.mark.parametrize("argv", [["-Tenant", "t1"], ["-Tenant", "t1", "-Mode", "b"], ["-Tenant", "t1", "-Mode", "C"],
                                  [], ["-Mode", "A"], ["-Tenant", ""]], ids=lambda a: " ".join(a) or "none")
def test_script_parameter_attributes(argv: list[str], tmp_path: Path) -> None:
    """[Parameter(Mandatory)] and [ValidateSet()] on the script's parameters: the translation
    runs or fails as pwshim does, with pwshim's error text and no traceback."""
    script = tmp_path / "params.ps1"
    script.write_text(PARAMS, encoding="utf-8")
    result = translate(PARAMS)
    assert result.untranslated == []
    py_path = check_python(result.code, tmp_path)
    env = pwshim_env(tmp_path)
    ps = subprocess.run([sys.executable, "-m", "pwshim", "-NonInteractive", str(script), *argv], capture_output=True,
                        text=True, env=env, cwd=tmp_path, timeout=120, check=False, stdin=subprocess.DEVNULL)
    py = subprocess.run([sys.executable, str(py_path), *argv], capture_output=True, text=True, env=env, cwd=tmp_path,
                        timeout=120, check=False, stdin=subprocess.DEVNULL)
    assert py.stdout == ps.stdout
    assert (py.returncode == 0) == (ps.returncode == 0), py.stderr + ps.stderr
    assert py.stderr.strip() == ps.stderr.strip()
    assert "Traceback" not in py.stderr


@needs_parser
def test_other_script_parameter_attributes_are_marked() -> None:
    result = translate("param([ValidatePattern('^a')][string]$Name, [Alias('N2')]$Other)\n$Name\n")
    assert sorted(u.reason for u in result.untranslated) == ["parameter attribute", "parameter attribute"]
    assert "# TODO(pwshim): untranslated (parameter attribute): [ValidatePattern('^a')]" in result.code
