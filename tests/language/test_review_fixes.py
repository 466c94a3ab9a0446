"""Semantics a review found missing: dictionary members by key as written, chained assignment,
a script class's overload error type."""

from __future__ import annotations

import pytest

from tests.language.conftest import run_ps


@pytest.mark.parametrize("script,expected", [
    ("'abc' -match '(b)(c)' | Out-Null; $Matches.1; $Matches.2", ["b", "c"]),
    ("$h = @{ 1 = 'one'; 'x' = 'y' }; $n = 1; $h.$n; $h.x; $h.1", ["one", "y", "one"]),
    ("$c = $d = 5; \"$c $d\"", ["5 5"]),
    ("$b = 1; $a = $b += 2; \"$a $b\"", ["3 3"]),
    ("$x = @{}; $x.k = $y = 'v'; $x.k + $y", ["vv"]),
])
def test_values(script: str, expected: list) -> None:
    ran = run_ps(script)
    assert ran.errors == []
    assert ran.output == expected


def test_script_class_overload_error_is_a_method_exception() -> None:
    from pwshim.formatting import format_error

    ran = run_ps("class A { A() { } }\n[A]::new(1)")
    assert ran.error_ids == ["MethodCountCouldNotFindBest"]
    assert format_error(ran.errors[0]).startswith("MethodException:")


@pytest.mark.parametrize("script,expected", [
    ("function S([ref]$v) { $v.Value = 2 }\n$r = 1; S ([ref]$r); $r", [2]),
    ("function T { param([ref]$o) $o.Value += 10 }\n$z = 1; T -o ([ref]$z); $z", [11]),
    ("$b = [ref]5; $b.Value; $b.GetType().Name", [5, "PSReference"]),
    ("[int]::TryParse('42', [ref]$out); $out; [int]::TryParse('x', [ref]$out); $out", [True, 42, False, 0]),
])
def test_ref(script: str, expected: list) -> None:
    ran = run_ps(script)
    assert ran.errors == []
    assert ran.output == expected


@pytest.mark.parametrize("script,expected", [
    ("'B' -cgt 'a'; 'a' -clt 'B'; 'a' -clt 'A'; 'A' -cgt 'a'", [True, True, True, True]),
    ("('b','A','a','B' | Sort-Object -CaseSensitive) -join ' '", ["a A b B"]),
])
def test_case_sensitive_comparison_is_culture_order(script: str, expected: list) -> None:
    assert run_ps(script).output == expected


def test_select_first_stops_the_commands_before_it() -> None:
    ran = run_ps("function g { process { Write-Host \"g$_\"; $_ } end { Write-Host 'g end' } }\n"
                 "1..5 | g | Select-Object -First 2\n(1..5 | g | Select-Object -Index 0, 2) -join ','")
    assert ran.output == [1, 2, "1,3"]
    assert "".join(ran.host.out).split() == ["g1", "g2", "g1", "g2", "g3"]


def test_arrays_have_object_methods() -> None:
    assert run_ps("$a = @(1,2); $a.Equals(1); $a.Equals($a); $a.GetHashCode() -gt 0").output == [False, True, True]


def test_error_records_carry_invocation_info(tmp_path) -> None:
    script = tmp_path / "e.ps1"
    ran = run_ps("$r = Get-Item /nope 2>&1\n$r.GetType().FullName; $r.InvocationInfo.ScriptLineNumber\n"
                 "$r.InvocationInfo.MyCommand.Name; $r.ScriptStackTrace", file=str(script))
    assert ran.output == ["System.Management.Automation.ErrorRecord", 1, "Get-Item", f"at <ScriptBlock>, {script}: line 1"]
