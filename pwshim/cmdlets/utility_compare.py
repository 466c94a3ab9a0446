"""Comparisons for Where-Object, Sort-Object, Group-Object, Select-Object and wildcard paths,
on top of the runtime's operator semantics (pwshim.runtime.operators)."""

from __future__ import annotations

import functools
import re
from typing import Any

from pwshim.runtime import operators
from pwshim.runtime.conversions import to_bool, to_string
from pwshim.runtime.errors import DotNetException


def compare(op: str, left: Any, right: Any, session: Any = None) -> bool:
    """`left -op right` as a filter condition (an array on the left matches when any does)."""
    result = operators.compare("-" + op.lstrip("-"), left, right, session)
    return to_bool(result) if isinstance(result, list) else bool(result)


def compare_values(left: Any, right: Any, case_sensitive: bool = False) -> int:
    """Sort-Object's order: $null first, the left value's type drives, else compare as text."""
    try:
        return operators.compare_values(left, right, case_sensitive)
    except (DotNetException, TypeError):
        a, b = to_string(left), to_string(right)
        if not case_sensitive:
            a, b = a.lower(), b.lower()
        return (a > b) - (a < b)


def equals(left: Any, right: Any, case_sensitive: bool = False) -> bool:
    return operators.equals(left, right, case_sensitive)


@functools.lru_cache(maxsize=256)
def wildcard_regex(pattern: str, case_sensitive: bool = False) -> re.Pattern[str]:
    """A PowerShell wildcard pattern (`*`, `?`, `[a-z]`, backtick escapes) compiled."""
    flags = re.DOTALL | (0 if case_sensitive else re.IGNORECASE)
    return re.compile(operators.wildcard_to_regex(pattern), flags)


def like(value: Any, pattern: Any, case_sensitive: bool = False) -> bool:
    return wildcard_regex(to_string(pattern), case_sensitive).match(to_string(value)) is not None


def has_wildcard(text: str) -> bool:
    """WildcardPattern.ContainsWildcardCharacters (unescaped `*`, `?`, `[`)."""
    i = 0
    while i < len(text):
        if text[i] == "`":
            i += 2
            continue
        if text[i] in "*?[":
            return True
        i += 1
    return False
