"""tree-sitter-powershell's test corpus (airbus-cert, MIT; extracts in corpus_treesitter/): every
case parses with pwshim into the same top-level statements as tree-sitter's tree, or is listed in
EXPECTED_FAILURES with the reason and the ParserStrings error id pwsh itself reports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from pwshim import nodes as N
from pwshim.parser import parse
from pwshim.runtime.errors import ParseError

DIR = Path(__file__).parent / "corpus_treesitter"
COMMIT = "b881dfbe71a770ea37d434c80d3523091b81f6db"
_CASE = re.compile(r"^#### (?P<name>.+?) => (?P<kinds>[a-z_, ]+)$")

# tree-sitter's top-level statement kind -> the pwshim node types it may become
KINDS: dict[str, tuple[type[N.Ast], ...]] = {
    "pipeline": (N.PipelineAst, N.PipelineChainAst),
    "assignment": (N.AssignmentStatementAst,),
    "if": (N.IfStatementAst,),
    "switch": (N.SwitchStatementAst,),
    "for": (N.ForStatementAst,),
    "function": (N.FunctionDefinitionAst,),
    "class": (N.TypeDefinitionAst,),
    "enum": (N.TypeDefinitionAst,),
}

# (file, case name) -> (ParserStrings error id pwsh reports, why the case is not valid PowerShell).
# tree-sitter's grammar is more permissive than pwsh's parser in these cases; pwshim follows pwsh.
EXPECTED_FAILURES: dict[tuple[str, str], tuple[str, str]] = {
    ("loops.cases.txt", "For loop : Comma separated assignment expressions enclosed in parenthesis"): (
        "InvalidVariableReferenceWithDrive",
        # "$i:$i" inside a double-quoted string: `$i:` reads as a drive-qualified variable with
        # an empty name, which pwsh rejects ("Variable reference is not valid. ':' was not
        # followed by a valid variable name character."); "${i}:$i" is the valid spelling.
        "pwsh rejects `$name:` followed by a non-name character in an expandable string",
    ),
}


@dataclass(frozen=True)
class Case:
    file: str
    name: str
    kinds: tuple[str, ...]
    code: str


def load_cases() -> list[Case]:
    """Every case of every *.cases.txt: a `#### name => kinds` line, then the code."""
    cases: list[Case] = []
    for path in sorted(DIR.glob("*.cases.txt")):
        current: tuple[str, tuple[str, ...]] | None = None
        body: list[str] = []
        for line in path.read_text(encoding="utf-8").split("\n") + ["#### <end> => end"]:
            match = _CASE.match(line)
            if match is None:
                body.append(line)
                continue
            if current is not None:
                cases.append(Case(path.name, current[0], current[1], "\n".join(body).strip("\n")))
            current = (match["name"], tuple(k.strip() for k in match["kinds"].split(",")))
            body = []
    return cases


CASES = load_cases()
IDS = [f"{c.file.removesuffix('.cases.txt')}:{i}:{c.name}" for i, c in enumerate(CASES)]


def test_extracts_are_complete_and_attributed() -> None:
    assert len(CASES) == 139  # 15 files, as the reference counts them
    assert len({c.file for c in CASES}) == 15
    licence = (DIR / "LICENSE-tree-sitter-powershell").read_text()
    assert "MIT License" in licence and "Airbus CERT" in licence
    for path in DIR.glob("*.cases.txt"):
        head = path.read_text().split("\n", 3)[:3]
        assert f"test/corpus/{path.name.removesuffix('.cases.txt')}.txt" in head[0]
        assert COMMIT in head[1] and "MIT" in head[2]
    assert all(c.code.strip() for c in CASES)
    assert all(k in KINDS for c in CASES for k in c.kinds)


def test_expected_failures_name_real_cases() -> None:
    names = {(c.file, c.name) for c in CASES}
    assert set(EXPECTED_FAILURES) <= names


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_case(case: Case) -> None:
    expected = EXPECTED_FAILURES.get((case.file, case.name))
    if expected is not None:
        with pytest.raises(ParseError) as info:
            parse(case.code, case.file)
        assert info.value.errors[0].error_id == expected[0], "it now fails differently"
        return
    tree = parse(case.code, case.file)
    statements = ([tree.param_block] if tree.param_block else []) + list(tree.statements)
    assert len(statements) == len(case.kinds), [type(s).__name__ for s in statements]
    for statement, kind in zip(statements, case.kinds):
        assert isinstance(statement, KINDS[kind]), (kind, type(statement).__name__)
        if kind in ("class", "enum"):
            assert statement.is_enum == (kind == "enum")
    lines = case.code.count("\n") + 1
    for node in N.walk(tree):
        assert node.span is not None and 1 <= node.span.line <= lines
