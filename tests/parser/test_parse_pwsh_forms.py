"""Forms pwsh's own tests use (PowerShell/PowerShell, MIT, test/powershell/Language; the one-line
snippets below are written after them) that pwshim once rejected: `$?` is always one character, a method called with a script block
(`.ForEach{ }`), a cast of a script block (`[System.Action]{ }`), and a method named by a
variable, string or parenthesised expression (`$x.$name()`), and a statement right after one
that ends in `}` (Parser.cs StatementListRule needs no separator there), and escapes in a
function's name."""

from __future__ import annotations

import pytest

from pwshim.interpreter import run_script
from pwshim.parser import parse, parse_errors
from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session

CASES = [
    # `$$`, `$?` and `$^` are single-character names (tokenizer.cs ScanVariable)
    ("$???$false", "(?? $? $false)"),
    ("{$???$false}", "{(?? $? $false)}"),
    # `$x.Method{ }` is `$x.Method({ })` (Parser.cs MemberInvokeRule)
    ("$a.ForEach{ $_ * 2 }", "(.call $a ForEach {(* $_ 2)})"),
    ("$a.Where{ $_ }.Count", "(. (.call $a Where {$_}) Count)"),
    ("Write-Output $a.ForEach{ 1 }", "(cmd Write-Output (.call $a ForEach {1}))"),
    ("$a.ForEach{\n  $_\n}", "(.call $a ForEach {$_})"),
    # a type literal before `{` casts the script block
    ("([System.Action]{ 1 }).Invoke()", "(.call (paren ([System.Action] {1})) Invoke)"),
    ("[scriptblock] { 2 }", "([scriptblock] {2})"),
    ("trap [int] { 1 }", "(Trap type=[int] body=1)"),  # ... but not after trap/catch
    ("try { } catch [int] { 2 }", None),
    # method names that are not barewords
    ("$x.$m()", "(.call $x $m)"),
    ("$x.'ToString'()", "(.call $x 'ToString')"),
    ("$x.($m)(1)", "(.call $x (paren $m) 1)"),
    ("[math]::$m(1, 2)", "(::call [math] $m 1 2)"),
    ("Write-Output $x.$m()", "(cmd Write-Output (.call $x $m))"),
    # no separator needed after a statement ending in `}`
    ("if ($x) { 1 } 2", "(If clauses=[($x 1)]); 2"),
    ("trap { 1 } \"hello\"", "(Trap body=1); 'hello'"),
    ("function f { } f", "(FunctionDefinition name='f' body=); (cmd f)"),
    ("foreach ($a in 1) { } 3", "(ForEach variable=$a condition=1 body=); 3"),
    ("switch (1) { 1 { 2 } } 3", "(Switch condition=1 clauses=[(1 2)]); 3"),
    ("try { 1 } catch { 2 } \"x\"", "(Try body=1 catches=[(CatchClause body=2)]); 'x'"),
    ("while ($x) { } $y", "(While condition=$x body=); $y"),
    ("if (1) { 2 }\nelse { 3 } 4", None),
    # forms from PowerShell/PowerShell's own scripts (tools/, test/)
    ("($Matches.1).Trim()", "(.call (paren (. $Matches 1)) Trim)"),  # a number names the member
    ("6.3.7600", "(. 6.3 7600)"),
    ("@{ M = 20.; N = 1 }", "(@{} M=20.0 N=1)"),  # `20.` is a double
    ("($a, $b) = 1, 2", "(= (, $a $b) (, 1 2))"),  # parentheses around the targets
    ("($r, $s) = if ($x) { 1, 2 }", None),
    ("${a`u{2195}} = 1", "(= $a\u2195 1)"),  # escapes in a braced variable name
]


@pytest.mark.parametrize("source, tree", CASES, ids=[c[0] for c in CASES])
def test_parses(dump, source: str, tree: str | None) -> None:
    ast = parse(source)
    if tree is not None:
        assert dump(ast) == tree


@pytest.mark.parametrize(
    "source, error_id, column",
    [
        ("$?x", "UnexpectedToken", 3),  # `$?` then `x`
        ("$a.ForEach {1}", "UnexpectedToken", 12),  # whitespace: not an invocation
        ("$x.$m (1)", "UnexpectedToken", 7),
        ("{1} 2", "UnexpectedToken", 5),  # a script block literal is an expression
        ("$a = {1} 2", "UnexpectedToken", 10),
        ("begin {} 1", "UnexpectedToken", 10),  # named blocks hold the whole script
        ("(1) = 2", "InvalidLeftHandSide", 1),
        ("($a, 1) = 2", "InvalidLeftHandSide", 1),
    ],
)
def test_still_errors(source: str, error_id: str, column: int) -> None:
    (first, *_) = parse_errors(source)
    assert (first.error_id, first.span.line, first.span.column) == (error_id, 1, column)


def test_escapes_in_a_function_name() -> None:
    (fn,) = parse("function xyzzy`u{2195}($p) { $p }").statements
    assert fn.name == "xyzzy\u2195"
    (err, *_) = parse_errors("function f`u{zz} {}")
    assert (err.error_id, err.span.column) == ("InvalidUnicodeEscapeSequence", 11)


def test_statements_after_blocks_run_as_pwsh_tests_expect() -> None:
    """Trap.Tests.ps1 and TryCatch.Tests.ps1 (PowerShell/PowerShell) write these on one line."""
    session = Session(host=BufferHost())
    result = run_script(
        '$a = . {trap {"outer trap"; continue;} "hello"; throw "exception"; "world"}; $a -join ","\n'
        '$b = . { trap { "test failed" } try { 1; throw "exception"; "test failed" } catch { 2 } }; $b -join ","',
        session,
    )
    assert result.output == ["hello,outer trap,world", "1,2"]


def test_they_run() -> None:
    session = Session(host=BufferHost())
    result = run_script(
        "$m = 'ToUpper'; 'abc'.$m(); 'abc'.('To' + 'Lower')(); (1, 2, 3).ForEach{ $_ * 2 };"
        " (1..5).Where{ $_ -gt 3 }.Count; & ([scriptblock]{ 'sb' }); $?;"
        " ($p, $q) = 'x', 'y'; $p + $q; $d = 20.; $d.GetType().Name",
        session,
    )
    assert not result.errors, [e.message for e in result.errors]
    assert result.output == ["ABC", "abc", 2, 4, 6, 2, "sb", True, "xy", "Double"]
