"""String literals and generic tokens (barewords) for the tokenizer (reference §3.6, §3.7).

Expandable strings are split here into literal text and already-parsed expression parts
(`$x`, `${x}`, `$env:X`, `$( statements )`), so the interpreter only concatenates them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pwshim import nodes as N
from pwshim.lexer_text import DQUOTES, FORCE_NEW, SQUOTES, LexError, escape_char, is_ws

if TYPE_CHECKING:
    from pwshim.lexer import Lexer

Part = "str | N.ExpressionAst"


def _missing_terminator(lx: "Lexer", pos: int, quote: str) -> LexError:
    return lx.error("TerminatorExpectedAtEndOfString",
                    f"The string is missing the terminator: {quote}.", pos, lx.end, incomplete=True)


def _subexpression(lx: "Lexer", pos: int, quote: str) -> tuple[int, N.SubExpressionAst]:
    """`$(` at `pos` inside a string or bareword: parse the statements up to the matching `)`."""
    from pwshim.lexer import Lexer

    sub = Lexer(lx.text, lx.file, pos + 2, lx.end, until_close=True, subparse=lx.subparse,
                line_starts=lx.line_starts)
    sub.eof_error = _missing_terminator(lx, pos, quote) if quote else lx.error(
        "MissingEndParenthesisInSubexpression", "Missing closing ')' in subexpression.", pos, pos + 2,
        incomplete=True)
    if lx.subparse is not None:
        block = lx.subparse(sub)
    else:
        for _ in sub:
            pass
        block = N.StatementBlockAst()
    lx.errors.extend(sub.errors)
    return sub.pos, N.SubExpressionAst(block, span=lx.span(pos, sub.pos))


def _dollar_part(lx: "Lexer", i: int, quote: str) -> tuple[int, N.ExpressionAst] | None:
    text = lx.text
    if i + 1 < lx.end and text[i + 1] == "(":
        return _subexpression(lx, i, quote)
    return lx.scan_variable(i, in_string=True)


def _expand(lx: "Lexer", i: int, stop: int, closers: str, escapes: bool,
            doubled: bool) -> tuple[int, list, bool]:
    """Scan expandable text from `i` until an unescaped closer (or `stop`). Returns (index of
    the closer or stop, parts, closed)."""
    text = lx.text
    parts: list = []
    buf: list[str] = []
    while i < stop:
        c = text[i]
        if c in closers and closers:
            if doubled and i + 1 < stop and text[i + 1] in closers:
                buf.append(c)
                i += 2
                continue
            _flush(parts, buf)
            return i, parts, True
        if c == "`" and escapes:
            if i + 1 >= stop:
                break
            ch, i = escape_char(text, i, stop)
            buf.append(ch)
            continue
        if c == "$":
            part = _dollar_part(lx, i, closers[:1] if closers else '"@')
            if part is not None:
                i = _add_part(parts, buf, part)
                continue
        buf.append(c)
        i += 1
    _flush(parts, buf)
    return i, parts, False


def _add_part(parts: list, buf: list[str], part: tuple[int, N.ExpressionAst]) -> int:
    """Append pending literal text, then an expression part; returns the index after it."""
    _flush(parts, buf)
    parts.append(part[1])
    return part[0]


def _flush(parts: list, buf: list[str]) -> int:
    if buf:
        parts.append("".join(buf))
        buf.clear()
    return 0


def _node(lx: "Lexer", pos: int, end: int, raw: str, parts: list, kind: str) -> N.ExpressionAst:
    span = lx.span(pos, end)
    if any(not isinstance(p, str) for p in parts):
        return N.ExpandableStringExpressionAst(raw, tuple(parts), kind, span=span)
    return N.StringConstantExpressionAst("".join(parts), kind, span=span)


def _single(lx: "Lexer", i: int) -> tuple[int, str]:
    """Body of a single-quoted string starting after the quote: (index after closer, value)."""
    text = lx.text
    buf: list[str] = []
    start = i - 1
    while i < lx.end:
        c = text[i]
        if c in SQUOTES:
            if i + 1 < lx.end and text[i + 1] in SQUOTES:
                buf.append(c)
                i += 2
                continue
            return i + 1, "".join(buf)
        buf.append(c)
        i += 1
    raise _missing_terminator(lx, start, "'")


def scan_string(lx: "Lexer", pos: int) -> tuple[int, N.ExpressionAst]:
    """A string literal at `pos` ('...', "...", @'...'@, @"..."@; smart quotes allowed)."""
    text = lx.text
    c = text[pos]
    if c == "@":
        return _here_string(lx, pos)
    if c in SQUOTES:
        end, value = _single(lx, pos + 1)
        return end, N.StringConstantExpressionAst(value, "single", span=lx.span(pos, end))
    try:
        close, parts, closed = _expand(lx, pos + 1, lx.end, DQUOTES, True, True)
    except LexError as exc:
        if exc.error_id == "TerminatorExpectedAtEndOfString":
            exc.start = pos  # pwsh points at the string's opening quote
        raise
    if not closed:
        raise _missing_terminator(lx, pos, '"')
    return close + 1, _node(lx, pos, close + 1, text[pos + 1:close], parts, "double")


def _here_string(lx: "Lexer", pos: int) -> tuple[int, N.ExpressionAst]:
    text, end = lx.text, lx.end
    quote = text[pos + 1]
    double = quote in DQUOTES
    i = pos + 2
    while i < end and is_ws(text[i]):
        i += 1
    if i < end and text[i] not in "\r\n":
        raise lx.error("UnexpectedCharactersAfterHereStringHeader",
                       "No characters are allowed after a here-string header but before the end of the line.",
                       i, i + 1)
    if i >= end:
        raise _missing_terminator(lx, pos, ('"' if double else "'") + "@")
    i += 2 if text.startswith("\r\n", i) else 1
    body_start = i
    closers = DQUOTES if double else SQUOTES
    # find the footer: a line starting at column 0 with the quote and `@` (tokenizer.cs:2685)
    line = body_start
    false_footer = -1
    while line <= end:
        j = line
        while j < end and is_ws(text[j]):
            j += 1
        if j + 1 < end and text[j] in closers and text[j + 1] == "@":
            if j == line:
                break
            if false_footer < 0:
                false_footer = j
        nl = text.find("\n", line, end)
        if nl < 0:
            line = end + 1
            break
        line = nl + 1
    if line > end:
        if false_footer >= 0:
            raise lx.error("WhitespaceBeforeHereStringFooter",
                           "White space is not allowed before the string terminator.",
                           false_footer, false_footer + 2)
        raise _missing_terminator(lx, pos, ('"' if double else "'") + "@")
    footer = line
    body_end = footer - 1 if footer > body_start else body_start  # drop the newline before it
    if body_end > body_start and text[body_end - 1] == "\r":
        body_end -= 1
    raw = text[body_start:max(body_start, body_end)]
    stop = footer + 2
    kind = "here-double" if double else "here-single"
    if not double:
        return stop, N.StringConstantExpressionAst(raw, kind, span=lx.span(pos, stop))
    _, parts, _ = _expand(lx, body_start, max(body_start, body_end), "", True, False)
    return stop, _node(lx, pos, stop, raw, parts, kind)


# characters scan_generic copies as they are: not a ForceStartNewToken character, not whitespace
# (\s holds every is_ws character), not an escape, quote or `$`
_GENERIC_PLAIN = re.compile("[^\\s{}();,|&\x00`$'\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e]+")


def scan_generic(lx: "Lexer", pos: int) -> tuple[int, N.ExpressionAst]:
    """A generic token (bareword) at `pos` (ScanGenericToken, tokenizer.cs:3382): runs until a
    ForceStartNewToken char; embedded quotes and `$` parts make it expandable."""
    text, end = lx.text, lx.end
    parts: list = []
    buf: list[str] = []
    i = pos
    while i < end:
        plain = _GENERIC_PLAIN.match(text, i, end)
        if plain is not None:
            buf.append(plain.group())
            i = plain.end()
            if i >= end:
                break
        c = text[i]
        if c in FORCE_NEW or is_ws(c):
            break
        if c == "`":
            if i + 1 >= end or text[i + 1] in "\r\n":
                break
            ch, i = escape_char(text, i, end)
            buf.append(ch)
            continue
        if c in SQUOTES:
            i, value = _single(lx, i + 1)
            buf.append(value)
            continue
        if c in DQUOTES:
            close, sub, closed = _expand(lx, i + 1, end, DQUOTES, True, True)
            if not closed:
                raise _missing_terminator(lx, i, '"')
            for p in sub:
                if isinstance(p, str):
                    buf.append(p)
                else:
                    _flush(parts, buf)
                    parts.append(p)
            i = close + 1
            continue
        if c == "$" and i + 1 < end:
            part = _dollar_part(lx, i, "")
            if part is not None:
                i = _add_part(parts, buf, part)
                continue
        buf.append(c)
        i += 1
    _flush(parts, buf)
    return i, _node(lx, pos, i, text[pos:i], parts, "bareword")
