"""Parse errors: pwsh's error id, position, and whether the input is merely incomplete."""

from __future__ import annotations

import pytest

from pwshim.parser import parse, parse_errors
from pwshim.runtime.errors import ParseError

# (source, error id, line, column) -- ids and texts from ParserStrings.resx
ERRORS = [
    ("Connect-AzAccount -CertificateThumbprint <thumbprint>", "RedirectionNotSupported", 1, 42),
    ("Import-PfxCertificate -FilePath <path to certificate> -Password $p", "RedirectionNotSupported", 1, 33),
    ("$x | 1", "ExpressionsMustBeFirstInPipeline", 1, 6),
    ("Get-X | | y", "EmptyPipeElement", 1, 8),
    ('"$name: text"', "InvalidVariableReferenceWithDrive", 1, 2),
    ("@\"\na\n  \"@", "WhitespaceBeforeHereStringFooter", 3, 3),
    ("1 2", "UnexpectedToken", 1, 3),
    ("} $x", "UnexpectedToken", 1, 1),
    ("$a = 1 +)", "ExpectedValueExpression", 1, 9),
    ("foreach ($x 1) {}", "MissingInInForeach", 1, 12),
    ("@splat", "SplattingNotPermitted", 1, 1),
    ("(1}", "MissingEndParenthesisInExpression", 1, 3),
    ("x 1>&2", "RedirectionNotSupported", 1, 3),
    ("1 = 2", "InvalidLeftHandSide", 1, 1),
    ("@{a=1; a=2}", "DuplicateKeyInHashLiteral", 1, 8),
    ("switch -foo ($x) {}", "InvalidSwitchFlag", 1, 8),
    ("switch ($x) { default {1} default {2} }", "MultipleSwitchDefaultClauses", 1, 27),
    ("function f($a) { param($b) }", "OnlyOneParameterListAllowed", 1, 18),
    ("try { 1 }\n$x", "MissingCatchOrFinally", 1, 10),
    ("Write-Output $x,@y", "SplattingNotPermittedInArgumentList", 1, 17),
    # ids and columns as pwsh's own parser tests expect them (PowerShell/PowerShell Parsing.Tests.ps1)
    ("|gps", "EmptyPipeElement", 1, 1),
    ("gcm ,", "MissingArgument", 1, 5),
    ("   )", "UnexpectedToken", 1, 4),
    ("$a,$b += 1,2", "InvalidLeftHandSide", 1, 1),
    ("[int] ??= 1", "InvalidLeftHandSide", 1, 1),
    ("function f { param($a,[int]$a) }", "DuplicateFormalParameter", 1, 28),
    ("function f($a,[int]$a){}", "DuplicateFormalParameter", 1, 20),
    ("switch ('abc')  { 1 }", "MissingSwitchStatementClause", 1, 20),
    ("switch (1) {default {} default {}}", "MultipleSwitchDefaultClauses", 1, 24),
    ('"`u2195}"', "InvalidUnicodeEscapeSequence", 1, 2),
]

# (source, error id, line, column) for text that more input could complete (REPL `>>`)
INCOMPLETE = [
    ("if ($x) {", "MissingEndCurlyBrace", 1, 9),
    ("$x = @{a=1", "MissingEndCurlyBrace", 1, 8),
    ("$x = (1 + ", "ExpectedValueExpression", 1, 10),
    ('"abc', "TerminatorExpectedAtEndOfString", 1, 1),
    ("@'\nabc", "TerminatorExpectedAtEndOfString", 1, 1),
    ("$x = ", "ExpectedValueExpression", 1, 5),
    ("Get-X |", "EmptyPipeElement", 1, 8),
    ("Get-X -Name:", "ParameterRequiresArgument", 1, 13),
    ("if (", "IfStatementMissingCondition", 1, 5),
    ("if ($x) ", "MissingStatementBlock", 1, 8),
    ("foo {", "MissingEndCurlyBrace", 1, 5),
    ("try { 1 }", "MissingCatchOrFinally", 1, 10),
    ("$x.", "MissingPropertyName", 1, 4),
    ("$x[", "MissingArrayIndexExpression", 1, 4),
    ("$x.M(1,", "MissingExpressionAfterToken", 1, 8),
    ("function f", "MissingFunctionBody", 1, 11),
    ("Get-X > ", "MissingFileSpecification", 1, 8),
    ("<# abc", "MissingTerminatorMultiLineComment", 1, 1),
    ("$a = ,", "MissingExpressionAfterToken", 1, 7),
    ("Get-A -X a,", "MissingExpression", 1, 12),
    ("$(Get-Date", "MissingEndParenthesisInSubexpression", 1, 11),
    ('"a $(1 +', "TerminatorExpectedAtEndOfString", 1, 1),
    ("do { 1 }", "MissingWhileOrUntilInDoWhile", 1, 9),
    ("Get-Foo `", "IncompleteInput", 1, 9),
    ("for($a;$b;$c", "MissingEndParenthesisAfterStatement", 1, 13),
    ("for($a;$b;$c)", "MissingLoopStatement", 1, 14),
    ("foreach (", "MissingVariableNameAfterForeach", 1, 10),
    ("foreach ($a in", "MissingForeachExpression", 1, 15),
    ("foreach ($a in $x", "MissingEndParenthesisAfterForeach", 1, 18),
    ("foreach ($a in $x)", "MissingForeachStatement", 1, 19),
    ("do", "MissingLoopStatement", 1, 3),
    ("do {} while (", "MissingExpressionAfterKeyword", 1, 14),
    ("do {} until (1", "MissingEndParenthesisAfterStatement", 1, 15),
    ("trap [int]", "MissingTrapStatement", 1, 11),
    ("begin", "MissingNamedStatementBlock", 1, 6),
    ("try", "MissingTryStatementBlock", 1, 4),
    ("try {} catch [int]", "MissingCatchHandlerBlock", 1, 19),
    ("try {} finally", "MissingFinallyStatementBlock", 1, 15),
    ("try {} catch [int],", "MissingTypeLiteralToken", 1, 20),
    ("switch", "PipelineValueRequired", 1, 7),
    ("switch -abc", "InvalidSwitchFlag", 1, 8),
    ("switch -file", "MissingFilenameOption", 1, 13),
    ("switch (", "PipelineValueRequired", 1, 9),
    ('switch ("abc")  ', "MissingCurlyBraceInSwitchStatement", 1, 15),
    ('switch ("abc")  {', "MissingSwitchConditionExpression", 1, 18),
    ("function", "MissingNameAfterKeyword", 1, 9),
    ("function foo(", "MissingEndParenthesisInFunctionParameterList", 1, 14),
    ("function foo { function bar { if (1) {} }", "MissingEndCurlyBrace", 1, 14),
    ("$x??=", "ExpectedValueExpression", 1, 6),
    ("@{ a=1;b=2;c=3;", "MissingEndCurlyBrace", 1, 3),
    ("$true ?", "ExpectedValueExpression", 1, 8),
]


def _first(source: str) -> tuple[ParseError, object]:
    with pytest.raises(ParseError) as info:
        parse(source, "t.ps1")
    return info.value, info.value.errors[0]


@pytest.mark.parametrize("source,error_id,line,column", ERRORS, ids=[e[0][:40] for e in ERRORS])
def test_parse_error(source: str, error_id: str, line: int, column: int) -> None:
    exc, err = _first(source)
    assert (err.error_id, err.span.line, err.span.column) == (error_id, line, column)
    assert err.category == "ParserError"
    assert err.span.file == "t.ps1"
    assert not exc.incomplete


@pytest.mark.parametrize("source,error_id,line,column", INCOMPLETE, ids=[e[0][:40] for e in INCOMPLETE])
def test_incomplete_input(source: str, error_id: str, line: int, column: int) -> None:
    exc, err = _first(source)
    assert (err.error_id, err.span.line, err.span.column) == (error_id, line, column)
    assert exc.incomplete


@pytest.mark.parametrize("source,message", [
    ("Get-X -Y <thumbprint>", "The '<' operator is reserved for future use."),
    ("if ($x) {", "Missing closing '}' in statement block or type definition."),
    ("1 2", "Unexpected token '2' in expression or statement."),
    ('"abc', 'The string is missing the terminator: ".'),
    ("try { }\n1", "The Try statement is missing its Catch or Finally block."),
    ("$a = 1 +)", "You must provide a value expression following the '+' operator."),
    ("Get-X |\n", "An empty pipe element is not allowed."),
])
def test_error_texts(source: str, message: str) -> None:
    assert parse_errors(source)[0].message == message


def test_all_errors_are_reported() -> None:
    text = "Get-X -A <a>\n$ok = 1\n$y = (1 +\n)\nGet-Y -B <b>\n"
    errors = parse_errors(text)
    assert [(e.error_id, e.span.line) for e in errors] == [
        ("RedirectionNotSupported", 1), ("ExpectedValueExpression", 3), ("RedirectionNotSupported", 5)]


def test_complete_input_is_not_incomplete() -> None:
    with pytest.raises(ParseError) as info:
        parse("1 2\n$x = 1")
    assert not info.value.incomplete


def test_source_line_is_kept_for_the_error_view() -> None:
    err = parse_errors("$a = 1\n  Connect-AzAccount -CertificateThumbprint <thumbprint>")[0]
    assert err.span.text == "  Connect-AzAccount -CertificateThumbprint <thumbprint>"
    assert err.FullyQualifiedErrorId == "RedirectionNotSupported"
