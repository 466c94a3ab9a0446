"""Character classes, escapes, numbers and type names for the tokenizer (CharTraits.cs,
tokenizer.cs ScanNumberHelper/ScanTypeName; reference §3.1, §3.3, §3.8, §3.9)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from pwshim.nodes import TypeName

# pwsh accepts Unicode dashes and smart quotes wherever - ' " are allowed (spec B.1.2, B.1.9.3)
DASHES = "-\u2013\u2014\u2015"
SQUOTES = "'\u2018\u2019\u201a\u201b"
DQUOTES = '"\u201c\u201d\u201e'
# ForceStartNewToken (CharTraits.cs): these end a generic token (bareword)
FORCE_NEW = frozenset(" \t\n\r\v\f\x00{}();,|&")
KEYWORDS = frozenset(
    "if elseif else switch foreach for while do until try catch finally trap throw return exit "
    "break continue function filter param begin process end clean dynamicparam using".split()
)
BLOCK_KEYWORDS = {"else", "try", "finally", "do", "begin", "process", "end", "clean", "dynamicparam"}
NAMED_BLOCKS = {"begin", "process", "end", "clean", "dynamicparam"}
CMP_OPERATORS = {"eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch", "replace",
        "contains", "notcontains", "in", "notin", "split", "join"}
ASSIGN_CHARS = "+-*/%"

# lexer modes
START, CMDSTART, OPERAND, OPERATOR, ARG, ARGPOST = "start", "cmdstart", "operand", "operator", "arg", "argpost"
TYPEAFTER, MEMBER, KEY, LABELARG, FUNCNAME, FUNCAFTER = "typeafter", "member", "key", "labelarg", "funcname", "funcafter"
BLOCKEXP, KWPAREN, CATCH, PARAMEXP = "blockexp", "kwparen", "catch", "paramexp"

_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r",
            "t": "\t", "v": "\v"}


class LexError(Exception):
    """A tokenizer error with pwsh's error id; `incomplete` when more input could fix it."""

    def __init__(self, error_id: str, message: str, start: int, end: int, incomplete: bool = False) -> None:
        super().__init__(message)
        self.error_id = error_id
        self.message = message
        self.start = start
        self.end = end
        self.incomplete = incomplete


def is_ws(c: str) -> bool:
    """Whitespace as pwsh's tokenizer sees it (not newlines): spec B.1.3."""
    if c == " " or c == "\t" or c == "\v" or c == "\f" or c == "\u00a0" or c == "\u0085":
        return True
    return c > "\x7f" and unicodedata.category(c) in ("Zs", "Zl", "Zp")


def is_ident_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def is_var_char(c: str) -> bool:
    """Characters of a `$name` (letters, digits, `_`, `?`; the `:` qualifier is handled apart)."""
    return c.isalnum() or c == "_" or c == "?"


def escape_char(text: str, i: int, end: int) -> tuple[str, int]:
    """The character a backtick at `i` escapes, and the index after it (tokenizer.cs Backtick)."""
    if i + 1 >= end:
        return "`", i + 1
    c = text[i + 1]
    if c == "u":  # pwsh 6+: `u{hex}; a `u without `{` is an error too (Parsing.Tests.ps1)
        if not (i + 2 < end and text[i + 2] == "{"):
            raise LexError("InvalidUnicodeEscapeSequence",
                           "The Unicode escape sequence is not valid. A valid sequence is `u{ followed by one to six hex digits and a closing '}'.",
                           i, i + 2)
        close = text.find("}", i + 3, min(end, i + 10))
        digits = text[i + 3:close] if close > 0 else ""
        if close > 0 and 1 <= len(digits) <= 6 and all(ch in "0123456789abcdefABCDEF" for ch in digits):
            value = int(digits, 16)
            if value <= 0x10FFFF:
                return chr(value), close + 1
        raise LexError("InvalidUnicodeEscapeSequence",
                       "The Unicode escape sequence is not valid. A valid sequence is `u{ followed by one to six hex digits and a closing '}'.",
                       i, min(end, i + 3))
    return _ESCAPES.get(c, c), i + 2


_MULTIPLIERS = {"kb": 1024, "mb": 1024**2, "gb": 1024**3, "tb": 1024**4, "pb": 1024**5}
_INT_SUFFIX = {"l": "long", "u": "uint", "ul": "ulong", "s": "short", "us": "ushort",
               "y": "sbyte", "uy": "byte", "n": "bigint"}


def scan_number(text: str, pos: int, end: int) -> tuple[int, int | float | Decimal, str] | None:
    """Scan a numeric literal at `pos`: (end, value, .NET type name) or None (about_Numeric_Literals).

    Unsuffixed integers are int, then long, then decimal, then double by magnitude; hex literals
    that fit 32 (64) bits wrap to a negative int (long) as in pwsh (`0xFFFFFFFF` is -1).
    """
    i = pos
    low = text[i:i + 2].lower()
    real = False
    if low in ("0x", "0b"):
        digits_ok = "0123456789abcdefABCDEF" if low == "0x" else "01"
        j = i + 2
        while j < end and text[j] in digits_ok:
            j += 1
        if j == i + 2:
            return None
        value: int | float | Decimal = int(text[i + 2:j], 16 if low == "0x" else 2)
        i = j
        hexa = True
    else:
        hexa = False
        j = i
        while j < end and (text[j].isascii() and text[j].isdecimal()):
            j += 1
        if j < end and text[j] == "." and j + 1 < end and (text[j + 1].isascii() and text[j + 1].isdecimal()):
            real = True
            j += 1
            while j < end and (text[j].isascii() and text[j].isdecimal()):
                j += 1
        elif j > i and j < end and text[j] == "." and (j + 1 >= end or not (is_ident_char(text[j + 1]) or text[j + 1] in ".$")):
            real = True  # `20.` is the double 20 (tokenizer.cs ScanNumberHelper)
            j += 1
        if j == i:
            return None
        if j < end and text[j] in "eE":
            k = j + 1
            if k < end and text[k] in "+-":
                k += 1
            if k < end and (text[k].isascii() and text[k].isdecimal()):
                while k < end and (text[k].isascii() and text[k].isdecimal()):
                    k += 1
                j = k
                real = True
        literal = text[i:j]
        i = j
        value = float(literal) if real else int(literal)
        hexa = False
    suffix = ""
    for cand in ("ul", "us", "uy", "l", "u", "s", "y", "n", "d"):
        if text[i:i + len(cand)].lower() == cand and not text[i + len(cand):i + len(cand) + 1].isalnum() \
                or (text[i:i + len(cand)].lower() == cand and text[i + len(cand):i + len(cand) + 2].lower() in _MULTIPLIERS):
            suffix = cand
            i += len(cand)
            break
    mult = text[i:i + 2].lower()
    if mult in _MULTIPLIERS and not text[i + 2:i + 3].isalnum():
        i += 2
        value = value * _MULTIPLIERS[mult]
    else:
        mult = ""
    if suffix == "d":
        return i, Decimal(str(value)) if real else Decimal(int(value)), "decimal"
    if real:
        if suffix in _INT_SUFFIX:
            value = int(value)
            return i, value, _INT_SUFFIX[suffix]
        return i, float(value), "double"
    assert isinstance(value, int)
    if suffix:
        return i, value, _INT_SUFFIX[suffix]
    if hexa and not mult:
        if value < 2**32:
            return i, value - 2**32 if value >= 2**31 else value, "int"
        if value < 2**64:
            return i, value - 2**64 if value >= 2**63 else value, "long"
        return i, float(value), "double"
    if value < 2**31:
        return i, value, "int"
    if value < 2**63:
        return i, value, "long"
    if value < 2**96:
        return i, Decimal(value), "decimal"
    return i, float(value), "double"


def _skip_ws(text: str, i: int, end: int) -> int:
    while i < end and (text[i] == " " or text[i] == "\t"):
        i += 1
    return i


def _type_name(text: str, i: int, end: int) -> tuple[int, TypeName] | None:
    i = _skip_ws(text, i, end)
    start = i
    if i >= end or not (text[i].isalpha() or text[i] == "_"):
        return None
    while i < end and (text[i].isalnum() or text[i] in "_.`+"):
        i += 1
    tn = TypeName(text[start:i])
    while i < end and text[i] == "[":
        j = _skip_ws(text, i + 1, end)
        if j < end and text[j] in "],":
            rank = 1
            while j < end and text[j] == ",":
                rank += 1
                j = _skip_ws(text, j + 1, end)
            if j >= end or text[j] != "]":
                return None
            tn = TypeName(f"{tn}[{',' * (rank - 1)}]", (), rank, tn)
            i = j + 1
            continue
        args: list[TypeName] = []
        while True:
            j = _skip_ws(text, j, end)
            if j < end and text[j] == "[":
                sub = _type_name(text, j + 1, end)
                if sub is None:
                    return None
                j = _skip_ws(text, sub[0], end)
                if j >= end or text[j] != "]":
                    return None
                j += 1
            else:
                sub = _type_name(text, j, end)
                if sub is None:
                    return None
                j = sub[0]
            args.append(sub[1])
            j = _skip_ws(text, j, end)
            if j < end and text[j] == ",":
                j += 1
                continue
            if j < end and text[j] == "]":
                j += 1
                break
            return None
        tn = TypeName(tn.name, tuple(args))
        i = j
    return i, tn


def scan_type_name(text: str, pos: int, end: int) -> tuple[int, TypeName, str] | None:
    """Scan the inside of `[...]` from `pos` (just after `[`): (end, TypeName, closer) where
    closer is ']' (end is after it), '(' (an attribute; end after it) or the unexpected char."""
    res = _type_name(text, pos, end)
    if res is None:
        return None
    i, tn = res
    i = _skip_ws(text, i, end)
    if i < end and text[i] in "](":
        return i + 1, tn, text[i]
    return i, tn, text[i] if i < end else ""
