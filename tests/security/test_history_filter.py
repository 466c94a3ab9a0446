"""PSReadLine's sensitive-history filter (reference §6)."""

from __future__ import annotations

import sys

import pytest

from pwshim import history_filter as hf
from pwshim import nodes as n
from pwshim.runtime.errors import Span


@pytest.mark.parametrize(
    "line",
    [
        "Get-ChildItem",
        "Connect-AzAccount -ServicePrincipal -Credential $pscredential -Tenant $tenantId",
        "$cert = Get-PfxCertificate ./a.pfx",
        "Write-Host 'hello'",
    ],
)
def test_lines_without_a_match_are_saved(line):
    assert hf.default_add_to_history_option(line) == hf.MEMORY_AND_FILE
    assert hf.is_sensitive(line) is False


def test_empty_line_is_skipped():
    assert hf.default_add_to_history_option("") == hf.SKIP_ADDING


def test_pattern_is_substring_and_case_insensitive():
    for word in ("password", "AsPlainText", "TOKEN", "apikey", "Secret"):
        assert hf.SENSITIVE_PATTERN.search(f"x{word}y")
    assert hf.SENSITIVE_PATTERN.search("$MyPasswordFile")
    assert hf.SENSITIVE_PATTERN.search("Get-AzAccessToken")
    assert not hf.SENSITIVE_PATTERN.search("-Key 1")  # 'key' alone stopped matching in 2.1.0


@pytest.mark.parametrize("line", ["$token = 'abcd'", "$x = Get-Secret -Name a", "echo secret"])
def test_without_a_parser_every_match_is_sensitive(monkeypatch, line):
    monkeypatch.setitem(sys.modules, "pwshim.parser", None)  # import fails: PSReadLine 2.1 rules
    assert hf.is_sensitive(line) is True


# --- the AST rules, on hand-built trees (independent of the parser's progress) ------------------------
def sp(line: str, start: int, end: int) -> Span:
    return Span(None, 1, start + 1, 1, end + 1, line)


def script(line: str, statement: n.StatementAst) -> n.ScriptBlockAst:
    body = n.StatementBlockAst(statements=(statement,), span=sp(line, 0, len(line)))
    block = n.NamedBlockAst(kind="end", body=body, unnamed=True, span=sp(line, 0, len(line)))
    return n.ScriptBlockAst(end=block, span=sp(line, 0, len(line)))


def first_match(line: str):
    return hf.SENSITIVE_PATTERN.search(line)


def assignment(line: str, rhs_stmt: n.StatementAst) -> n.ScriptBlockAst:
    var = n.VariableExpressionAst("token", span=sp(line, 0, 6))
    return script(line, n.AssignmentStatementAst(var, "=", rhs_stmt, span=sp(line, 0, len(line))))


def test_variable_assigned_a_literal_is_sensitive():
    line = "$token = 'abcd'"
    const = n.StringConstantExpressionAst("abcd", "single", span=sp(line, 9, 15))
    tree = assignment(line, n.PipelineAst((n.CommandExpressionAst(const, span=sp(line, 9, 15)),), span=sp(line, 9, 15)))
    assert hf._Analysis(line, tree).sensitive(first_match(line)) is True


def test_variable_assigned_from_a_command_is_fine():
    line = "$token = Get-Thing -Name github"
    name = n.StringConstantExpressionAst("Get-Thing", span=sp(line, 9, 18))
    param = n.CommandParameterAst("Name", text="-Name", span=sp(line, 19, 24))
    arg = n.StringConstantExpressionAst("github", span=sp(line, 25, 31))
    cmd = n.CommandAst((name, param, arg), span=sp(line, 9, 31))
    tree = assignment(line, n.PipelineAst((cmd,), span=sp(line, 9, 31)))
    assert hf._Analysis(line, tree).sensitive(first_match(line)) is False


def command_line(line: str, words: list[tuple[str, str]]) -> n.ScriptBlockAst:
    """words: (kind, text) with kind 'name' | 'param' | 'const' | 'var'; positions from `line`."""
    elements = []
    pos = 0
    for kind, text in words:
        start = line.index(text, pos)
        end = start + len(text)
        pos = end
        if kind == "param":
            elements.append(n.CommandParameterAst(text[1:], text=text, span=sp(line, start, end)))
        elif kind == "var":
            elements.append(n.VariableExpressionAst(text[1:], span=sp(line, start, end)))
        else:
            elements.append(n.StringConstantExpressionAst(text, span=sp(line, start, end)))
    cmd = n.CommandAst(tuple(elements), span=sp(line, 0, len(line)))
    return script(line, n.PipelineAst((cmd,), span=sp(line, 0, len(line))))


@pytest.mark.parametrize(
    "line, words, sensitive",
    [
        ("ConvertTo-SecureString stringValue -AsPlainText",
         [("name", "ConvertTo-SecureString"), ("const", "stringValue"), ("param", "-AsPlainText")], True),
        # ordinal compare: '-asplaintext' is not special; its "argument" is '-force', a parameter
        ("ConvertTo-SecureString p -asplaintext -force",
         [("name", "ConvertTo-SecureString"), ("const", "p"), ("param", "-asplaintext"), ("param", "-force")], False),
        ("Invoke-WebRequest -Token xxx", [("name", "Invoke-WebRequest"), ("param", "-Token"), ("const", "xxx")], True),
        ("Invoke-WebRequest -Token $tok", [("name", "Invoke-WebRequest"), ("param", "-Token"), ("var", "$tok")], False),
        ("Set-Secret abc $mySecret", [("name", "Set-Secret"), ("const", "abc"), ("var", "$mySecret")], True),
        ("Get-Secret PSGalleryApiKey -AsPlainText",
         [("name", "Get-Secret"), ("const", "PSGalleryApiKey"), ("param", "-AsPlainText")], False),
        ("Get-AzAccessToken -AsSecureString", [("name", "Get-AzAccessToken"), ("param", "-AsSecureString")], False),
        ("az account get-access-token", [("name", "az"), ("const", "account"), ("const", "get-access-token")], False),
        ("kubectl get secrets", [("name", "kubectl"), ("const", "get"), ("const", "secrets")], False),
        ("Connect-Thing -UseDefaultPassword", [("name", "Connect-Thing"), ("param", "-UseDefaultPassword")], False),
    ],
)
def test_command_rules(line, words, sensitive):
    tree = command_line(line, words)
    assert hf._Analysis(line, tree).sensitive(first_match(line)) is sensitive


# --- through the real parser, once it exists -----------------------------------------------------------
DOC_WRITTEN = [
    "Get-Secret PSGalleryApiKey -AsPlainText",
    "$token = Get-Secret -Name github-token -Vault MySecret",
    "[MyType]::CallRestAPI($token, $url, $args)",
    "$token = (Get-AzAccessToken).Token",
    "Invoke-WebRequest -Token $token",
    "Invoke-WebRequest -Token (Get-Secret x)",
]
DOC_NOT_WRITTEN = [
    "$token = 'abcd'",
    "Set-Secret abc $mySecret",
    "ConvertTo-SecureString stringValue -AsPlainText",
    "Invoke-WebRequest -Token xxx",
    "$SecureStringPwd = $sp.PasswordCredentials.SecretText | ConvertTo-SecureString -AsPlainText -Force",
    "$password = 'P@ssw0rd'",
    "Write-Host \"my $password",  # a parse error with a match
]


@pytest.mark.parametrize("line", DOC_WRITTEN)
def test_doc_examples_written(line):
    pytest.importorskip("pwshim.parser")
    assert hf.is_sensitive(line) is False


@pytest.mark.parametrize("line", DOC_NOT_WRITTEN)
def test_doc_examples_not_written(line):
    assert hf.is_sensitive(line) is True  # with or without the parser


# --- the history file ---------------------------------------------------------------------------------
def test_history_file_path():
    assert str(hf.history_file_path({"XDG_DATA_HOME": "/x"})) == "/x/powershell/PSReadLine/ConsoleHost_history.txt"
    assert str(hf.history_file_path({"HOME": "/h"})) == "/h/.local/share/powershell/PSReadLine/ConsoleHost_history.txt"
    assert str(hf.history_file_path({"XDG_DATA_HOME": "", "HOME": "/h"})).startswith("/h/.local/share/")
    assert str(hf.history_file_path({})) == "/dev/null"


def test_append_skips_sensitive_blank_and_duplicate_lines(tmp_path):
    path = hf.history_file_path({"HOME": str(tmp_path)})
    assert hf.append_to_history_file(path, "Get-Date") is True
    assert hf.append_to_history_file(path, "Get-Date", previous="Get-Date") is False
    assert hf.append_to_history_file(path, "   ") is False
    assert hf.append_to_history_file(path, "$password = 'hunter2'") is False
    assert hf.append_to_history_file(path, "if ($x) {\n  1\n}") is True
    assert path.read_bytes() == b"Get-Date\nif ($x) {`\n  1`\n}\n"
    assert b"hunter2" not in path.read_bytes()


@pytest.mark.parametrize(
    "line, sensitive",
    [
        ("$a.Secret = 'x'", True),  # property assigned a literal
        ("$a.Secret = $b", False),  # ... or a variable: fine
        ("$x = $a.Secret", False),
        ("$token, $url = 'a', 'b'", True),
        ("gcloud auth print-access-token", False),
        ("Get-Secret -Name a -AsPlainText | Set-Clipboard", False),  # the whole command is skipped
        ('Invoke-RestMethod -Headers @{Authorization="Bearer $token"}', False),
        ("ConvertTo-SecureString 'p' -asplaintext -force", False),  # ordinal -AsPlainText compare
        ("Connect-AzAccount -ServicePrincipal -Credential $cred -Tenant $t", False),
        ("$pw = Read-Host -AsSecureString", False),
        ("New-Thing -Password:'x'", True),
        ("New-Thing -Password:$x", False),
        ("$password = Get-Content ./pw.txt", False),
    ],
)
def test_more_rules_through_the_parser(line, sensitive):
    pytest.importorskip("pwshim.parser")
    assert hf.is_sensitive(line) is sensitive
