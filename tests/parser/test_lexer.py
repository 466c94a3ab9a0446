"""Lexing modes (reference §2 table, §3): the same text lexes differently in expression and
command mode."""

from __future__ import annotations

import pytest

from pwshim.lexer import tokenize


def kinds(text: str) -> list[str]:
    return [f"{t.type}:{t.value}" for t in tokenize(text)]


MODES = [
    # `-eq`: operator in expressions, parameter after a command name
    ("$a -eq 1", ["VARIABLE:$a", "OP_CMP:-eq", "NUMBER:1"]),
    ("Where-Object Name -eq x", ["GENERIC:Where-Object", "GENERIC:Name", "PARAMETER:-eq", "GENERIC:x"]),
    # `2+2`: an expression at statement start, one bareword as an argument
    ("2+2", ["NUMBER:2", "PLUS:+", "NUMBER:2"]),
    ("Write-Output 2+2", ["GENERIC:Write-Output", "GENERIC:2+2"]),
    ("Write-Output 2", ["GENERIC:Write-Output", "NUMBER:2"]),
    # generic tokens run to a ForceStartNewToken char
    ("Get-ChildItem cert:\\CurrentUser\\My", ["GENERIC:Get-ChildItem", "GENERIC:cert:\\CurrentUser\\My"]),
    ("echo a#b #c", ["GENERIC:echo", "GENERIC:a#b"]),
    ("echo hi>out.txt", ["GENERIC:echo", "GENERIC:hi>out.txt"]),
    # member access needs no whitespace before `.`
    ("echo $a.b", ["GENERIC:echo", "VARIABLE:$a", "MEMBER_DOT:.", "MEMBER_NAME:b"]),
    ("echo $a .b", ["GENERIC:echo", "VARIABLE:$a", "GENERIC:.b"]),
    ("$x.Method()", ["VARIABLE:$x", "MEMBER_DOT:.", "MEMBER_NAME:Method", "CALL_OPEN:(", "RPAREN:)"]),
    ("$x[0]", ["VARIABLE:$x", "INDEX_OPEN:[", "NUMBER:0", "RBRACKET:]"]),
    # Unicode dashes and smart quotes (reference §3.3)
    ("$a \u2013eq 1", ["VARIABLE:$a", "OP_CMP:\u2013eq", "NUMBER:1"]),
    ("Get-X \u2014Name \u201cv\u201d \u2018w\u2019", ["GENERIC:Get-X", "PARAMETER:\u2014Name", "STRING:\u201cv\u201d", "STRING:\u2018w\u2019"]),
    # parameters
    ("f -Name:value -Switch:$false", ["GENERIC:f", "PARAMETER_COLON:-Name:", "GENERIC:value", "PARAMETER_COLON:-Switch:", "VARIABLE:$false"]),
    ("f -foo\"bar\"", ["GENERIC:f", "GENERIC:-foo\"bar\""]),
    # backtick continuation; backtick + space + newline is not one (reference §3.1)
    ("f `\n -A 1", ["GENERIC:f", "PARAMETER:-A", "NUMBER:1"]),
    ("f ` \n -A 1", ["GENERIC:f", "_NEWLINE:\n", "GENERIC:-A", "NUMBER:1"]),
    ("echo `$x", ["GENERIC:echo", "GENERIC:`$x"]),
    # variables
    ("$env:PATH ${a b} @splat", ["VARIABLE:$env:PATH", "VARIABLE:${a b}", "SPLAT:@splat"]),
    ("f $dir\\file.txt", ["GENERIC:f", "GENERIC:$dir\\file.txt"]),
    ("$x::Foo", ["VARIABLE:$x", "STATIC_DOT:::", "MEMBER_NAME:Foo"]),
    # redirections and placeholders
    ("f 2>&1 > a.txt", ["GENERIC:f", "REDIR_MERGE:2>&1", "REDIR_FILE:>", "GENERIC:a.txt"]),
    ("f -X <thumbprint>", ["GENERIC:f", "PARAMETER:-X", "REDIR_IN:<", "GENERIC:thumbprint>"]),
    ("$p = <path to cert>", ["VARIABLE:$p", "ASSIGN:=", "GENERIC:<", "GENERIC:path", "GENERIC:to", "GENERIC:cert>"]),
    ("x<#y#>", ["GENERIC:x<#y#>"]),
    ("<# c #> 1", ["NUMBER:1"]),
    # types: casts vs. type values
    ("[int]$x", ["CAST_TYPE:[int]", "VARIABLE:$x"]),
    ("[int]::MaxValue", ["TYPE:[int]", "STATIC_DOT:::", "MEMBER_NAME:MaxValue"]),
    ("[Dictionary[string,int]]", ["TYPE:[Dictionary[string,int]]"]),
    # keywords only where pwsh sees them
    ("if(1){}", ["KW_IF:if", "LPAREN:(", "NUMBER:1", "RPAREN:)", "LBRACE:{", "RBRACE:}"]),
    ("foreach-object { 1 }", ["GENERIC:foreach-object", "LBRACE:{", "NUMBER:1", "RBRACE:}"]),
    ("echo if end", ["GENERIC:echo", "GENERIC:if", "GENERIC:end"]),
    # newlines: continuation after operators, significant otherwise
    ("1 +\n2", ["NUMBER:1", "PLUS:+", "NUMBER:2"]),
    ("1\n2", ["NUMBER:1", "_NEWLINE:\n", "NUMBER:2"]),
    ("a\n\n\n  b", ["GENERIC:a", "_NEWLINE:\n", "GENERIC:b"]),
]


@pytest.mark.parametrize("text,expected", MODES, ids=[m[0][:30] for m in MODES])
def test_modes(text: str, expected: list[str]) -> None:
    assert kinds(text) == expected


def test_numbers() -> None:
    values = [(t.data.value, t.data.type_hint) for t in tokenize("0x10 0b101 1kb 2.5mb 1e2 7l 0xFFFFFFFF 12.5d") if t.type == "NUMBER"]
    from decimal import Decimal
    assert values == [(16, "int"), (5, "int"), (1024, "int"), (2.5 * 1024**2, "double"), (100.0, "double"),
                      (7, "long"), (-1, "int"), (Decimal("12.5"), "decimal")]


def test_string_escapes_and_here_strings() -> None:
    toks = tokenize("\"a`tb`n`u{263A}\" @'\nx 'y'\n'@")
    assert toks[0].data.value == "a\tb\n\u263a"
    assert toks[1].data.value == "x 'y'"
    assert toks[1].data.kind == "here-single"


def test_positions_are_one_based() -> None:
    t = tokenize("$a = 1\n  Get-X")[-1]
    assert (t.line, t.column, t.end_line, t.end_column) == (2, 3, 2, 8)


def test_unicode_dash_operator_is_normalized() -> None:
    assert tokenize("$a \u2013eq 1")[1].data == "-eq"


def test_partial_tokenize_for_unfinished_input() -> None:
    toks = tokenize('Get-X -Name "abc', partial=True)
    assert [t.type for t in toks] == ["GENERIC", "PARAMETER"]
