"""Every code block of the Azure "authenticate non-interactively" page parses (after its doc
placeholders are filled), and the unfilled placeholders behave as in pwsh (reference §5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pwshim import nodes as N
from pwshim.parser import parse, parse_errors
from pwshim.placeholders import find_placeholders, substitute

DATA = Path(__file__).parent / "corpus" / "seed-doc-authenticate-noninteractive.blocks.txt"


def _read_blocks() -> dict[tuple[int, int], str]:
    blocks: dict[tuple[int, int], str] = {}
    key = None
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.startswith("#### block lines "):
            a, b = line.removeprefix("#### block lines ").split("-")
            key = (int(a), int(b))
            blocks[key] = ""
        elif key is not None:
            blocks[key] += line + "\n"
    return blocks


BLOCK_TEXT = _read_blocks()
# (first, last) line numbers of each code block on the page
BLOCKS = list(BLOCK_TEXT)


def block(first: int, last: int) -> str:
    return BLOCK_TEXT[(first, last)]

@pytest.mark.parametrize("first,last", BLOCKS)
def test_block_parses_after_substitution(first: int, last: int) -> None:
    text = block(first, last)
    values = {ph.name: "VALUE" for ph in find_placeholders(text)}
    tree = parse(substitute(text, values), "doc.ps1")
    assert tree.statements
    assert not find_placeholders(substitute(text, values))


def test_placeholders_found_on_the_page() -> None:
    found = [(ph.name, ph.context) for a, b in BLOCKS for ph in find_placeholders(block(a, b))]
    assert found == [
        ("user-assigned-identity-clientId-or-resourceId", "argument"),
        ("thumbprint", "argument"),
        ("thumbprint", "argument"),
        ("path to certificate", "statement"),
        ("path to certificate", "argument"),
    ]


def test_argument_placeholder_is_pwsh_parse_error() -> None:
    errors = parse_errors(block(47, 47))
    assert [(e.error_id, e.span.line, e.span.column) for e in errors] == [("RedirectionNotSupported", 1, 82)]


def test_statement_placeholder_parses_as_command_lt() -> None:
    tree = parse(block(52, 62))
    assign = tree.statements[3]
    assert isinstance(assign, N.AssignmentStatementAst)
    cmd = assign.right.elements[0]
    assert cmd.command_name == "<"
    assert [e.value for e in cmd.elements[1:]] == ["path", "to", "certificate>"]


def test_import_pfx_block_shape(dump) -> None:
    text = substitute(block(52, 62), {"path to certificate": "./my.pfx"})
    tree = parse(text)
    assert dump(tree.statements[3]) == "(= $certPath './my.pfx')"
    assert dump(tree.statements[6]) == (
        "(= $certificate (::call [System.Security.Cryptography.X509Certificates.X509Certificate2] new "
        "$certPath (. $credentials Password) $flag))")
    assert dump(tree.statements[8]) == "(.call $store Add $Certificate)"


def test_credential_block_shape(dump) -> None:
    tree = parse(block(82, 84))
    assert dump(tree.statements[0]) == (
        "(= $SecureStringPwd (| (. (. $sp PasswordCredentials) SecretText) "
        "(cmd ConvertTo-SecureString -AsPlainText -Force)))")
    assert dump(tree.statements[1]) == (
        "(= $pscredential (cmd New-Object -TypeName System.Management.Automation.PSCredential "
        "-ArgumentList (, (. $sp AppId) $SecureStringPwd)))")
