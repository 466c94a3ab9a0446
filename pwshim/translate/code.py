"""Small value types shared by the translator's visitors."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from pwshim.nodes import Ast

# What the translator knows about a value's type, which decides how members and operators are
# written: 'str', 'int', 'float', 'bool', 'none', 'list', 'hashtable', 'object' (a .NET/API
# object wrapped by pwshim.api.py_object, whose members read as snake_case attributes),
# 'type' (a .NET type alias), 'callable' (a script block translated to a lambda), 'void' (a
# command that writes nothing), 'any' (unknown).


@dataclass(frozen=True)
class Expr:
    """Python source of an expression, its kind, and whether it can be used as an operand
    (a call, a name, a literal) without parentheses."""

    code: str
    kind: str = "any"
    atom: bool = True
    dotnet: str | None = None  # the .NET type's full name, when known (constructed objects)
    # For a list comprehension made from a pipeline (Where-Object): (variable, source, condition),
    # so that a following ForEach-Object extends it instead of nesting another comprehension.
    comprehension: tuple[str, str, str] | None = None
    # A pipeline's leading expression that may be $null: pwsh sends one $null down the
    # pipeline for it (`$null | ForEach-Object {...}` runs once), not nothing.
    null_input: bool = False

    def operand(self) -> str:
        """The code, parenthesized unless it is an atom."""
        return self.code if self.atom else f"({self.code})"


class Unsupported(Exception):
    """Raised by a visitor for a construct it cannot translate; the statement containing it
    becomes an `rt.untranslated(...)` marker."""

    def __init__(self, node: Ast | None, reason: str) -> None:
        super().__init__(reason)
        self.node = node
        self.reason = reason


@dataclass(frozen=True)
class Untranslated:
    """One construct left untranslated: where, the original text, and why."""

    file: str | None
    line: int
    column: int
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file or '<script>'}:{self.line}:{self.column}: untranslated ({self.reason}): {self.text}"


class ErrorLevel(str, Enum):
    """What to do with an untranslatable construct (sqlglot's ErrorLevel): always leave a
    marker in the code; IGNORE says nothing more, WARN issues a TranslationWarning, RAISE
    raises TranslationError."""

    IGNORE = "ignore"
    WARN = "warn"
    RAISE = "raise"


class TranslationWarning(UserWarning):
    """A construct was left untranslated (see Untranslated)."""


class TranslationError(Exception):
    """Raised under ErrorLevel.RAISE for the first untranslatable construct."""

    def __init__(self, item: Untranslated) -> None:
        super().__init__(str(item))
        self.item = item


def py_str(text: str) -> str:
    """A Python string literal for `text`, double-quoted unless that needs more escapes."""
    quote = "'" if '"' in text and "'" not in text else '"'
    return quote + escape(text, quote) + quote


def py_block_str(text: str) -> str:
    """A multi-line literal as a triple-quoted string (here-strings read as they were written)."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    body = "".join(out).replace('"""', '\\"""')
    if body.endswith('"'):
        body = body[:-1] + '\\"'
    return '"""' + body + '"""'


def escape(text: str, quote: str) -> str:
    """`text` escaped for the inside of a `quote`-delimited Python string literal."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == quote:
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return "".join(out)
