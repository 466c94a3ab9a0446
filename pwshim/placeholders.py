"""Documentation placeholders such as `-CertificateThumbprint <thumbprint>` (reference §5).

Real pwsh fails on them in two different ways (a RedirectionNotSupported parse error in argument
position; CommandNotFound for `<` at statement start). pwshim finds them all before running,
reports each with its position, and can fill them from `--set 'name=value'` by substituting a
single-quoted string literal, so both `-X <thumbprint>` and `$certPath = <path to certificate>`
work unchanged.

Only a `<` that the tokenizer sees at the start of a token counts, so `<` inside strings,
comments, `<# ... #>` and words like `a<b>` are never touched, and `2>&1` is a real redirection.
"""

from __future__ import annotations

from dataclasses import dataclass

import re

from pwshim.lexer import Lexer, LexError, _line_starts
from pwshim.parser_build import Source
from pwshim.runtime.errors import ErrorRecord

@dataclass(frozen=True, slots=True)
class Placeholder:
    """A documentation placeholder `<...>` found in a script (see pwshim.placeholders).

    name: the text between `<` and `>` ('thumbprint', 'path to certificate').
    line/column: 1-based position of `<`; end_line/end_column: just after `>` (exclusive).
    context: 'argument' (pwsh: parse error RedirectionNotSupported) or 'statement' (command-name
    position, e.g. `$x = <path>`: pwsh runs command '<' and fails with CommandNotFound).
    """

    name: str
    line: int
    column: int
    end_line: int
    end_column: int
    context: str


__all__ = ["Placeholder", "find_placeholders", "substitute", "placeholder_errors"]

# what doc placeholders look like: words, spaces, - _ . / : ' ( ) but no `$`, quotes or operators
_NAME = re.compile(r"[A-Za-z][\w .\-/:'()]*")
# tokens after which a `<` is in command-name (statement) position
_STATEMENT_PREV = {None, "_NEWLINE", "_SEMI", "ASSIGN", "PIPE", "ANDAND", "OROR", "LBRACE",
                   "LPAREN", "SUBEXPR_OPEN", "ARRAY_OPEN", "KW_RETURN", "KW_THROW", "KW_EXIT"}


def find_placeholders(text: str) -> list[Placeholder]:
    """Every `<...>` documentation placeholder in `text`, in source order."""
    found: list[Placeholder] = []
    line_starts = _line_starts(text)
    offset = 0
    while offset < len(text):
        lexer = Lexer(text, start=offset, line_starts=line_starts)
        prev_type: str | None = None
        resume = None
        try:
            for tok in lexer:
                context = None
                if tok.type == "REDIR_IN":
                    context = "argument"
                elif tok.type == "GENERIC" and tok.value == "<" and prev_type in _STATEMENT_PREV:
                    context = "statement"
                if context is not None:
                    ph = _placeholder_at(text, tok.start_pos, context, lexer)
                    if ph is not None:
                        found.append(ph)
                        # resume after the `>`: the placeholder text (`<lab's name>`) is not code
                        resume = line_starts[ph.end_line - 1] + ph.end_column - 1
                        break
                prev_type = tok.type
        except LexError as exc:
            # keep looking after the line that could not be tokenized
            nl = text.find("\n", max(exc.start, offset) + 1)
            resume = None if nl < 0 else nl + 1
        if resume is None:
            break
        offset = resume
    return found


def _placeholder_at(text: str, pos: int, context: str, lexer: Lexer) -> Placeholder | None:
    eol = text.find("\n", pos)
    eol = len(text) if eol < 0 else eol
    close = text.find(">", pos + 1, eol)
    if close < 0:
        return None
    name = text[pos + 1:close]
    if not _NAME.fullmatch(name.strip()):
        return None
    line, col = lexer.linecol(pos)
    end_line, end_col = lexer.linecol(close + 1)
    return Placeholder(name.strip(), line, col, end_line, end_col, context)


def _quote(value: str) -> str:
    """A PowerShell single-quoted literal (about_Quoting_Rules: a quote is doubled)."""
    return "'" + value.replace("'", "''") + "'"


def substitute(text: str, values: dict[str, str]) -> str:
    """Replace each placeholder whose name matches a key of `values` (case-insensitively) by the
    value as a single-quoted string literal. Placeholders without a value are left as they are."""
    lookup = {k.strip().lower(): v for k, v in values.items()}
    if not lookup:
        return text
    line_starts = _line_starts(text)
    out = text
    for ph in reversed(find_placeholders(text)):
        value = lookup.get(ph.name.lower())
        if value is None:
            continue
        start = line_starts[ph.line - 1] + ph.column - 1
        end = line_starts[ph.end_line - 1] + ph.end_column - 1
        out = out[:start] + _quote(value) + out[end:]
    return out


def placeholder_errors(text: str, file: str | None = None) -> list[ErrorRecord]:
    """One `DocPlaceholder` error per placeholder left in `text` (empty when there is none)."""
    from pwshim.parser_build import ParseException

    src = Source(text, file, _line_starts(text))
    records = []
    for ph in find_placeholders(text):
        message = (f"The script contains a documentation placeholder <{ph.name}> at line {ph.line}, "
                   f"column {ph.column}: replace it with a value, or run with --set '{ph.name}=VALUE'.")
        start = src.line_starts[ph.line - 1] + ph.column - 1
        end = src.line_starts[ph.end_line - 1] + ph.end_column - 1
        records.append(ErrorRecord(ParseException(message), "DocPlaceholder", "ParserError",
                                   target=ph.name, span=src.span(start, end)))
    return records
