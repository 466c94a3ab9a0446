""".NET regular-expression syntax on Python's `re`: pattern translation, group numbering,
replacement strings, Regex.Escape/Unescape.

.NET numbers unnamed groups first (1, 2, ...) and named groups after them, in order of
appearance; Python numbers every group left to right. So every capturing group is given a
Python name that encodes its .NET identity (`g_3` for unnamed group 3, `n_year` for
`(?<year>...)`), and `$1`, `\\1`, `${year}` are resolved against .NET's numbering.

Not available on `re`: balancing groups, `\\G`, character-class subtraction, most `\\p{..}`
categories, RightToLeft, and more than the last capture of a repeated group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pwshim.runtime.errors import ArgumentException

# RegexOptions values
IGNORE_CASE, MULTILINE, EXPLICIT_CAPTURE, SINGLELINE, IGNORE_WHITESPACE, ECMASCRIPT = 1, 2, 4, 16, 32, 256

_CATEGORIES = {"L": r"[^\W\d_]", "Nd": r"\d", "N": r"\d", "P": r"[!-/:-@\[-`{-~]"}


@dataclass
class Compiled:
    """A translated pattern: the Python regex and .NET's group table."""

    rx: re.Pattern[str]
    pattern: str
    options: int
    names: list[str] = field(default_factory=list)  # .NET group names in number order ("0", "1", "year")
    numbers: list[int] = field(default_factory=list)  # their .NET numbers
    py: dict[str, str | int] = field(default_factory=dict)  # lower .NET name -> Python group

    def group_key(self, name_or_number: Any) -> str | int | None:
        """The Python group for a .NET group number or name, None when there is none."""
        key = str(name_or_number).lower()
        return self.py.get(key)


class _Frame:
    __slots__ = ("closers", "explicit")

    def __init__(self, explicit: bool) -> None:
        self.closers = 0
        self.explicit = explicit


def _invalid(pattern: str, offset: int, reason: str) -> ArgumentException:
    return ArgumentException(f"Invalid pattern '{pattern}' at offset {offset}. {reason}")


def _read_name(p: str, i: int, close: str) -> tuple[str, int]:
    j = p.find(close, i)
    if j < 0:
        raise _invalid(p, len(p), "Invalid group name: Group names must begin with a word character.")
    return p[i:j], j + 1


def _scoped_flags(letters: str) -> tuple[str, bool | None]:
    """'i-s' -> Python flag text; 'n' (explicit capture) is returned apart (True/False/None)."""
    on, _, off = letters.partition("-")
    explicit: bool | None = True if "n" in on else (False if "n" in off else None)
    on, off = on.replace("n", ""), off.replace("n", "")
    text = on + ("-" + off if off else "")
    return text, explicit


def _copy_class(p: str, i: int, out: list[str]) -> int:
    """Copy a character class starting at p[i] == '['; returns the index after its ']'."""
    out.append("[")
    i += 1
    if i < len(p) and p[i] == "^":
        out.append("^")
        i += 1
    first = True
    while i < len(p):
        c = p[i]
        if c == "]" and not first:
            out.append("]")
            return i + 1
        first = False
        if c == "\\" and i + 1 < len(p):
            if p[i + 1] in "pP" and i + 2 < len(p) and p[i + 2] == "{":
                name, j = _read_name(p, i + 3, "}")
                cat = _CATEGORIES.get(name)
                if cat is None or p[i + 1] == "P" or cat.startswith("[^"):
                    raise _invalid(p, j, f"\\{p[i + 1]}{{{name}}} inside [] is not supported by pwshim.")
                out.append(cat[1:-1] if cat.startswith("[") else cat)
                i = j
                continue
            out.append(p[i : i + 2])
            i += 2
            continue
        if c == "-" and i + 1 < len(p) and p[i + 1] == "[":
            raise _invalid(p, i + 1, "Character class subtraction is not supported by pwshim.")
        if c in "[&~|" or (c == "-" and i + 1 < len(p) and p[i + 1] == "-"):
            out.append("\\" + c)  # literal in .NET; Python warns about nested sets
        else:
            out.append(c)
        i += 1
    raise _invalid(p, len(p), "Unterminated [] set.")


def _translate(p: str, options: int) -> tuple[str, list[tuple[str, str]]]:
    """(Python pattern with back-references as \x00name\x00 placeholders, capturing groups in
    order of appearance as ("u", number) or ("n", name))."""
    out: list[str] = []
    groups: list[tuple[str, str]] = []  # ("u", "3") or ("n", "year")
    unnamed = 0
    stack: list[_Frame] = []
    root = _Frame(bool(options & EXPLICIT_CAPTURE))
    verbose = bool(options & IGNORE_WHITESPACE)
    i = 0
    n = len(p)

    def frame() -> _Frame:
        return stack[-1] if stack else root

    while i < n:
        c = p[i]
        if c == "\\":
            if i + 1 >= n:
                raise _invalid(p, n, "Illegal \\ at end of pattern.")
            d = p[i + 1]
            if d.isdigit() and d != "0":
                j = i + 1
                while j < n and p[j].isdigit():
                    j += 1
                out.append(f"\x00{p[i + 1 : j]}\x00")
                i = j
                continue
            if d == "k" and i + 2 < n and p[i + 2] in "<'":
                name, i = _read_name(p, i + 3, ">" if p[i + 2] == "<" else "'")
                out.append(f"\x00{name}\x00")
                continue
            if d in "pP" and i + 2 < n and p[i + 2] == "{":
                name, j = _read_name(p, i + 3, "}")
                cat = _CATEGORIES.get(name)
                if cat is None:
                    raise _invalid(p, j, f"Unknown property '{name}'.")
                if d == "P":
                    cat = "[^" + cat[1:] if cat.startswith("[") and not cat.startswith("[^") else \
                        ("[" + cat[2:] if cat.startswith("[^") else cat.upper())
                out.append(cat)
                i = j
                continue
            out.append({"Z": r"(?=\n?\Z)", "z": r"\Z"}.get(d, "\\" + d))
            i += 2
            continue
        if c == "[":
            i = _copy_class(p, i, out)
            continue
        if c == "#" and verbose:
            j = p.find("\n", i)
            j = n if j < 0 else j
            out.append(p[i:j])
            i = j
            continue
        if c == "{" and i + 1 < n and p[i + 1] == ",":
            out.append("\\{")
            i += 1
            continue
        if c == "(":
            if p.startswith("(?#", i):
                j = p.find(")", i)
                if j < 0:
                    raise _invalid(p, n, "Unterminated (?#...) comment.")
                i = j + 1
                continue
            m = re.match(r"\(\?([imnsx]*(?:-[imnsx]*)?)([:)])", p[i:])
            if m and m.group(1):
                text, explicit = _scoped_flags(m.group(1))
                out.append(f"(?{text}:" if text and text != "-" else "(?:")
                if m.group(2) == ")":  # applies to the rest of the enclosing group
                    frame().closers += 1
                    if explicit is not None:
                        frame().explicit = explicit
                else:
                    inner = _Frame(frame().explicit if explicit is None else explicit)
                    stack.append(inner)
                i += m.end()
                continue
            named = re.match(r"\(\?(?:<(?![=!])|')(\w+)(-\w*)?[>']", p[i:])
            if named:
                if named.group(2):
                    raise _invalid(p, i + named.end(), "Balancing groups are not supported by pwshim.")
                name = named.group(1)
                if name.isdigit():
                    groups.append(("u", str(int(name))))
                    out.append(f"(?P<g_{int(name)}>")
                else:
                    groups.append(("n", name))
                    out.append(f"(?P<n_{name}>")
                stack.append(_Frame(frame().explicit))
                i += named.end()
                continue
            if i + 1 < n and p[i + 1] == "?":
                m2 = re.match(r"\(\?(<=|<!|=|!|:|>|\(|P)", p[i:])
                if m2 is None:
                    raise _invalid(p, i + 2, "Unrecognized grouping construct.")
                out.append(m2.group(0))
                stack.append(_Frame(frame().explicit))
                i += m2.end()
                continue
            if frame().explicit:
                out.append("(?:")
            else:
                unnamed += 1
                groups.append(("u", str(unnamed)))
                out.append(f"(?P<g_{unnamed}>")
            stack.append(_Frame(frame().explicit))
            i += 1
            continue
        if c == ")":
            if not stack:
                raise _invalid(p, i + 1, "Too many )'s.")
            closed = stack.pop()
            out.append(")" * closed.closers + ")")
            i += 1
            continue
        out.append(c)
        i += 1
    if stack:
        raise _invalid(p, n, "Not enough )'s.")
    out.append(")" * root.closers)
    return "".join(out), groups


def _number_groups(groups: list[tuple[str, str]]) -> tuple[list[str], list[int], dict[str, str | int]]:
    unnamed = sorted({int(name) for kind, name in groups if kind == "u"})
    named: list[str] = []
    for kind, name in groups:
        if kind == "n" and name.lower() not in {x.lower() for x in named}:
            named.append(name)
    names = ["0"] + [str(u) for u in unnamed]
    numbers = [0] + unnamed
    py: dict[str, str | int] = {"0": 0}
    for u in unnamed:
        py[str(u)] = f"g_{u}"
    nxt = (unnamed[-1] if unnamed else 0) + 1
    for name in named:
        names.append(name)
        numbers.append(nxt)
        py[name.lower()] = f"n_{name}"
        py[str(nxt)] = f"n_{name}"
        nxt += 1
    return names, numbers, py


@lru_cache(maxsize=256)
def compile_dotnet(pattern: str, options: int = 0) -> Compiled:
    """Compile a .NET pattern with RegexOptions bits; ArgumentException as .NET words it."""
    text, groups = _translate(pattern, options)
    names, numbers, py = _number_groups(groups)

    def backref(m: re.Match[str]) -> str:
        target = py.get(m.group(1).lower())
        if target is None:
            kind = "number" if m.group(1).isdigit() else "name"
            raise _invalid(pattern, len(pattern), f"Reference to undefined group {kind} {m.group(1)}.")
        return f"(?P={target})" if isinstance(target, str) else r"\g<0>"

    text = re.sub("\x00([^\x00]*)\x00", backref, text)
    flags = 0
    if options & IGNORE_CASE:
        flags |= re.IGNORECASE
    if options & MULTILINE:
        flags |= re.MULTILINE
    if options & SINGLELINE:
        flags |= re.DOTALL
    if options & IGNORE_WHITESPACE:
        flags |= re.VERBOSE
    if options & ECMASCRIPT:
        flags |= re.ASCII
    try:
        rx = re.compile(text, flags)
    except re.error as exc:
        raise _invalid(pattern, len(pattern), _reason(exc)) from None
    return Compiled(rx, pattern, options, names, numbers, py)


def _reason(exc: re.error) -> str:
    msg = exc.msg
    if msg.startswith("nothing to repeat") or msg.startswith("multiple repeat"):
        return "Quantifier following nothing."
    if msg.startswith("bad escape"):
        return "Unrecognized escape sequence " + msg.split()[-1] + "."
    if "look-behind requires fixed-width" in msg:
        return "Variable-length lookbehind is not supported by pwshim."
    if msg.startswith("bad character range"):
        return "[x-y] range in reverse order."
    return msg[:1].upper() + msg[1:] + "."


def expand(compiled: Compiled, m: re.Match[str], replacement: str) -> str:
    """.NET replacement syntax: $n, ${name}, $$, $&, $`, $', $+, $_ (unknown groups stay literal)."""
    out: list[str] = []
    i = 0
    n = len(replacement)
    text = m.string
    while i < n:
        c = replacement[i]
        if c != "$" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        d = replacement[i + 1]
        if d == "$":
            out.append("$")
            i += 2
        elif d == "&":
            out.append(m.group(0))
            i += 2
        elif d == "`":
            out.append(text[: m.start()])
            i += 2
        elif d == "'":
            out.append(text[m.end() :])
            i += 2
        elif d == "_":
            out.append(text)
            i += 2
        elif d == "+":
            last = compiled.names[-1] if len(compiled.names) > 1 else "0"
            out.append(m.group(compiled.py[last.lower()]) or "")
            i += 2
        elif d.isdigit():
            j = i + 1
            while j < n and replacement[j].isdigit():
                j += 1
            key = str(int(replacement[i + 1 : j]))
            if key not in compiled.py:
                out.append("$")
                i += 1
                continue
            out.append(m.group(compiled.py[key]) or "")
            i = j
        elif d == "{":
            j = replacement.find("}", i)
            key = replacement[i + 2 : j].lower() if j > 0 else None
            if key is None or key not in compiled.py:
                out.append("$")
                i += 1
                continue
            out.append(m.group(compiled.py[key]) or "")
            i = j + 1
        else:
            out.append("$")
            i += 1
    return "".join(out)


_ESCAPE = {"\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", " ": "\\ "}


def escape(text: str) -> str:
    """Regex.Escape: \\, *, +, ?, |, {, [, (, ), ^, $, ., #, and white space."""
    return "".join(_ESCAPE.get(c, "\\" + c if c in "\\*+?|{[()^$.#" else c) for c in text)


_UNESCAPE = {"a": "\a", "b": "\b", "t": "\t", "r": "\r", "v": "\v", "f": "\f", "n": "\n", "e": "\x1b"}


def unescape(text: str) -> str:
    """Regex.Unescape."""
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        if i + 1 >= n:
            raise _invalid(text, n, "Illegal \\ at end of pattern.")
        d = text[i + 1]
        i += 2
        if d in _UNESCAPE:
            out.append(_UNESCAPE[d])
        elif d in "xu":
            width = 2 if d == "x" else 4
            digits = text[i : i + width]
            if len(digits) < width or not all(ch in "0123456789abcdefABCDEF" for ch in digits):
                raise _invalid(text, min(i + width, n), "Insufficient or invalid hexadecimal digits.")
            out.append(chr(int(digits, 16)))
            i += width
        elif d in "01234567":
            j = i - 1
            while j < n and j < i + 2 and text[j] in "01234567":
                j += 1
            out.append(chr(int(text[i - 1 : j], 8) & 0xFF))
            i = j
        elif d == "c" and i < n and text[i].isalpha():
            out.append(chr(ord(text[i].upper()) - 64))
            i += 1
        elif d.isalnum() or d == "_":
            raise _invalid(text, i, f"Unrecognized escape sequence \\{d}.")
        else:
            out.append(d)
    return "".join(out)
