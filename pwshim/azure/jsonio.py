"""JSON text the way Az.Accounts (Newtonsoft.Json) writes and reads it.

Writer (az-accounts-files.md §1.1, §7.1): Formatting.Indented = 2 spaces, `"key": value`,
`{}`/`[]` for empty containers, nulls written, LF newlines on Linux, no trailing newline,
non-ASCII written literally (StringEscapeHandling.Default), which still escapes control
characters and U+0085/U+2028/U+2029.
Reader: Az's GetJsonText skips anything before the first `{` (BOM included).
"""

from __future__ import annotations

import json
from typing import Any

BOM = b"\xef\xbb\xbf"

_EXTRA_ESCAPES = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _newtonsoft_escapes(text: str) -> str:
    # These characters can only occur inside JSON strings, so a plain replace is safe.
    for ch, esc in _EXTRA_ESCAPES.items():
        if ch in text:
            text = text.replace(ch, esc)
    return text


def dumps_indented(obj: Any) -> str:
    """Newtonsoft Formatting.Indented on Linux."""
    return _newtonsoft_escapes(json.dumps(obj, indent=2, ensure_ascii=False))


def dumps_compact(obj: Any) -> str:
    """JsonConvert.SerializeObject(obj) with default settings: one line, no spaces."""
    return _newtonsoft_escapes(json.dumps(obj, separators=(",", ":"), ensure_ascii=False))


def json_text(raw: bytes) -> str | None:
    """The JSON part of a file Az reads: decoded (BOM-tolerant), from the first `{`.

    Returns None for an empty or whitespace-only file (Az treats it as a new profile)."""
    text = raw.decode("utf-8-sig")
    start = text.find("{")
    if start < 0:
        if text.strip(" \t\r\n\ufeff\x00") == "":
            return None
        return text  # not JSON at all: let the caller's parse report it
    return text[start:]
