"""`pwshim convert SCRIPT.ps1 [-o OUT.py]`: write the translation, list what was left
untranslated on stderr (file:line:col), exit 0 (1 when the script does not parse, 2 on usage)."""

from __future__ import annotations

import os
import sys
from typing import TextIO

USAGE = "usage: pwshim convert SCRIPT.ps1 [-o OUT.py]\n"


def main(argv: list[str], stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    from pwshim.runtime.errors import ParseError
    from pwshim.translate import translate

    out = stdout or sys.stdout
    err = stderr or sys.stderr
    source = target = None
    args = list(argv)
    while args:
        word = args.pop(0)
        if word in ("-o", "--output", "-OutFile"):
            if not args:
                err.write(USAGE)
                return 2
            target = args.pop(0)
        elif word in ("-h", "--help"):
            out.write(USAGE)
            return 0
        elif source is None:
            source = word
        else:
            err.write(USAGE)
            return 2
    if source is None:
        err.write(USAGE)
        return 2
    try:
        with open(source, encoding="utf-8-sig") as fh:
            text = fh.read()
    except OSError as exc:
        err.write(f"pwshim convert: {source}: {exc.strerror}\n")
        return 1
    path = os.path.abspath(source)
    try:
        result = translate(text, file=os.path.basename(source))
    except ParseError as exc:
        for record in exc.errors:
            err.write(_format_parse_error(record, path) + "\n")
        return 1
    except Exception as exc:  # noqa: BLE001 - a translator bug is reported, never a traceback
        err.write(f"pwshim convert: {source}: internal error: {type(exc).__name__}: {exc}\n")
        return 1
    if target is None:
        out.write(result.code)
    else:
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(result.code)
    for item in result.untranslated:
        err.write(f"{source}:{item.line}:{item.column}: untranslated ({item.reason}): {item.text}\n")
    if result.untranslated:
        err.write(f"pwshim convert: {len(result.untranslated)} construct(s) not translated: see the TODO(pwshim) markers\n")
    return 0


def _format_parse_error(record: object, path: str) -> str:
    try:
        from pwshim.formatting import format_error

        return format_error(record)  # type: ignore[arg-type]
    except ImportError:
        return f"{path}: {record}"
