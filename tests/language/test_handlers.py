"""`trap` statements and which handler takes an error (pwsh's ExceptionHandlingOps.ProcessTraps
and FindMatchingHandler): scripts with the output and errors pwsh gives for them."""

from __future__ import annotations

import pytest

from tests.language.conftest import run_ps

TRAP_CASES = [
    # continue: the error is dropped, the block goes on with its next statement
    ("trap { 'trapped'; continue }\n'one'\nthrow 'boom'\n'two'", ["one", "trapped", "two"]),
    # the trap applies to the whole block, also before it is written
    ("'one'\nthrow 'boom'\n'two'\ntrap { \"t: $_\"; continue }", ["one", "t: boom", "two"]),
    # statement-terminating errors are trapped too (an unknown command)
    ("trap { $_.FullyQualifiedErrorId; continue }\nnosuchcommand\n'after'", ["CommandNotFoundException", "after"]),
    # an error in a function without a handler goes up to the caller's trap; the caller goes on
    # after the statement that called it
    ("function f { 'f1'; throw 'in f'; 'f2' }\ntrap { \"t: $_\"; continue }\nf\n'after'",
     ["f1", "t: in f", "after"]),
    # a nested block has no traps of its own: the whole `if` statement is abandoned
    ("trap { 't'; continue }\nif ($true) { 'a'; throw 'x'; 'b' }\n'c'", ["a", "t", "c"]),
    # a loop body's own trap: the loop goes on
    ("foreach ($i in 1,2) { trap { \"t$i\"; continue }; throw 'x'; \"after$i\" }", ["t1", "after1", "t2", "after2"]),
    # typed traps: the nearest type wins, the untyped one takes the rest
    ("trap { 'generic'; continue }\ntrap [System.Management.Automation.CommandNotFoundException] { 'cnf'; continue }\n"
     "nosuch\nthrow 'x'", ["cnf", "generic"]),
    # the inner exception is tried first, and is $_.Exception then
    ("trap [FormatException] { $_.Exception.GetType().Name; continue }\n[int]::Parse('x')\n'end'",
     ["FormatException", "end"]),
    ("trap [DivideByZeroException] { 'dz'; continue }\n$z = 0\n1 / $z\n'end'", ["dz", "end"]),
    # the trap body runs in its own scope
    ("$x = 1\ntrap { $x = 2; continue }\nthrow 'e'\n$x", [1]),
    # break in a function's trap: the function stops, the error goes on to the caller's trap
    ("function g { trap { 'g trap'; break }; 'g1'; throw 'gerr'; 'g2' }\ntrap { \"outer: $_\"; continue }\ng\n'after'",
     ["g1", "g trap", "outer: gerr", "after"]),
]


@pytest.mark.parametrize("script,expected", TRAP_CASES)
def test_trap(script: str, expected: list) -> None:
    ran = run_ps(script)
    assert ran.output == expected
    assert ran.errors == []
    assert ran.exit_code == 0


def test_trap_without_continue_reports_the_error_and_goes_on() -> None:
    ran = run_ps("trap { 'trapped' }\n'a'\nthrow 'boom'\n'b'")
    assert ran.output == ["a", "trapped", "b"]
    assert [str(e) for e in ran.errors] == ["boom"]
    shown = "".join(ran.host.err)
    assert "boom" in shown and "Line |" in shown


def test_trap_with_break_ends_the_script_with_the_error() -> None:
    ran = run_ps("trap { 'trapped'; break }\n'a'\nthrow 'boom'\n'b'")
    assert ran.output == ["a", "trapped"]
    assert [str(e) for e in ran.errors] == ["boom"]
    assert ran.exit_code == 1


def test_trap_obeys_error_action_preference_stop() -> None:
    ran = run_ps("$ErrorActionPreference = 'Stop'\ntrap { 'trapped' }\nthrow 'boom'\n'not reached'")
    assert ran.output == ["trapped"]
    assert ran.exit_code == 1


def test_continued_error_is_in_dollar_error_and_dollar_question_is_false() -> None:
    ran = run_ps("trap { continue }\nthrow 'kept'\n$?\n$Error[0].ToString()")
    assert ran.output == [False, "kept"]
    assert ran.exit_code == 0 and ran.host.err == []


def test_error_inside_the_trap_body_is_not_trapped_by_its_own_block() -> None:
    ran = run_ps("trap { throw 'again' }\nthrow 'first'\n'not reached'")
    assert ran.output == []
    assert [str(e) for e in ran.errors] == ["again"]


CATCH_CASES = [
    # the inner exception of a method call is matched first; $_.Exception is the one matched
    ("try { [int]::Parse('x') } catch [FormatException] { $_.Exception.GetType().Name } catch { 'other' }",
     ["FormatException"]),
    # a lone catch-all gets the error as it is
    ("try { [int]::Parse('x') } catch { $_.Exception.GetType().Name }", ["MethodInvocationException"]),
    # a catch-all after typed clauses that do not match: the outer exception
    ("try { [int]::Parse('x') } catch [System.IO.IOException] { 'io' } catch { $_.Exception.GetType().Name }",
     ["MethodInvocationException"]),
    ("try { $z = 0; 1 / $z } catch [DivideByZeroException] { 'dz' }", ["dz"]),
    ("try { $z = 0; 1 / $z } catch [System.Management.Automation.RuntimeException] { $_.Exception.GetType().Name }",
     ["RuntimeException"]),
    # an exact type match wins over an earlier base type
    ("try { throw [ArgumentNullException]::new('p') } catch [ArgumentException] { 'arg' } catch [ArgumentNullException] { 'null' }",
     ["null"]),
    ("try { throw [ArgumentNullException]::new('p') } catch [ArgumentException] { 'arg' }", ["arg"]),
]


@pytest.mark.parametrize("script,expected", CATCH_CASES)
def test_catch_clause_selection(script: str, expected: list) -> None:
    ran = run_ps(script)
    assert ran.output == expected
    assert ran.errors == []
