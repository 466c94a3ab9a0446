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
