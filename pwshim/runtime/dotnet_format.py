""".NET composite and standard format strings (`-f`, `.ToString('N2')`, `Get-Date -Format`).

Invariant culture (en-US-like), which is what pwsh prints on a default Linux machine.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import re
from typing import Any

from pwshim.runtime.errors import FormatException

_ITEM = re.compile(r"\{\{|\}\}|\{(\d+)\s*(?:,\s*(-?\d+))?\s*(?::([^}]*))?\}")


def composite_format(fmt: str, args: list[Any]) -> str:
    """'{0,-8}|{1:N2}' with args -> text; `{{`/`}}` are literal braces."""
    from pwshim.runtime.conversions import to_string

    def repl(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        index = int(m.group(1))
        if index >= len(args):
            raise FormatException(
                "Index (zero based) must be greater than or equal to zero and less than the size of the argument list."
            )
        value = args[index]
        spec = m.group(3)
        text = format_value(value, spec) if spec else to_string(value)
        if m.group(2):
            width = int(m.group(2))
            text = text.ljust(-width) if width < 0 else text.rjust(width)
        return text

    stray = _ITEM.sub("", fmt)
    if "{" in stray or "}" in stray:
        raise FormatException("Input string was not in a correct format.")
    return _ITEM.sub(repl, fmt)


def format_value(value: Any, spec: str) -> str:
    """value.ToString(spec) for numbers and dates."""
    from pwshim.runtime.conversions import to_string

    if isinstance(value, _dt.datetime):
        return format_datetime(value, spec)
    if isinstance(value, bool) or not isinstance(value, int | float | decimal.Decimal):
        return to_string(value)
    m = re.fullmatch(r"([A-Za-z])(\d*)", spec)
    if m:
        kind, digits = m.group(1), m.group(2)
        prec = int(digits) if digits else None
        k = kind.upper()
        if k == "N":
            return f"{value:,.{2 if prec is None else prec}f}"
        if k == "F":
            return f"{value:.{2 if prec is None else prec}f}"
        if k == "D" and isinstance(value, int):
            return f"{value:0{prec or 1}d}" if value >= 0 else "-" + f"{-value:0{prec or 1}d}"
        if k == "X" and isinstance(value, int):
            text = f"{value:0{prec or 1}x}"
            return text.upper() if kind == "X" else text
        if k == "P":
            return f"{value * 100:,.{2 if prec is None else prec}f} %"
        if k == "C":
            return f"¤{value:,.{2 if prec is None else prec}f}"
        if k == "E":
            text = f"{value:.{6 if prec is None else prec}e}"
            mant, exp = text.split("e")
            sign = exp[0]
            text = f"{mant}e{sign}{exp[1:].zfill(3)}"
            return text.upper() if kind == "E" else text
        if k in ("G", "R"):
            return to_string(value)
    return _custom_number(value, spec)


def _custom_number(value: Any, spec: str) -> str:
    """Custom numeric formats like '0.00', '#,##0', '000'."""
    if not re.fullmatch(r"[#0,.]+", spec):
        return spec
    decimals = len(spec.split(".")[1]) if "." in spec else 0
    grouping = "," in spec.split(".")[0]
    int_zeros = spec.split(".")[0].replace(",", "").count("0")
    text = f"{abs(value):{',' if grouping else ''}.{decimals}f}"
    int_part = text.split(".")[0]
    digits = int_part.replace(",", "")
    if len(digits) < int_zeros:
        digits = digits.zfill(int_zeros)
        int_part = f"{int(digits):,}".zfill(int_zeros) if grouping else digits
    text = int_part + ("." + text.split(".")[1] if decimals else "")
    if spec.startswith("#") and int_zeros == 0 and int_part in ("0",):
        text = text[1:] if decimals else ""
    return ("-" if value < 0 else "") + text


_DT_TOKENS = re.compile(
    r"yyyy|yy|MMMM|MMM|MM|M|dddd|ddd|dd|d|HH|H|hh|h|mm|m|ss|s|fff|ff|f|tt|t|zzz|zz|z|K|'[^']*'|\"[^\"]*\"|\\.|."
)


def format_datetime(value: _dt.datetime, spec: str) -> str:
    """.NET date formats: standard ('d', 'o', 's', 'u', 'G'...) and custom ('yyyy-MM-dd')."""
    standard = {
        "d": "M/d/yyyy",
        "D": "dddd, MMMM d, yyyy",
        "t": "h:mm tt",
        "T": "h:mm:ss tt",
        "g": "M/d/yyyy h:mm tt",
        "G": "M/d/yyyy h:mm:ss tt",
        "f": "dddd, MMMM d, yyyy h:mm tt",
        "F": "dddd, MMMM d, yyyy h:mm:ss tt",
        "s": "yyyy-MM-ddTHH:mm:ss",
        "u": "yyyy-MM-dd HH:mm:ssZ",
    }
    if spec in ("o", "O"):
        text = value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond:06d}0"
        if value.tzinfo is not None:
            off = value.strftime("%z")
            text += off[:3] + ":" + off[3:]
        return text
    spec = standard.get(spec, spec)
    out = []
    for tok in _DT_TOKENS.findall(spec):
        out.append(_dt_token(value, tok))
    return "".join(out)


def _dt_token(v: _dt.datetime, tok: str) -> str:
    table = {
        "yyyy": f"{v.year:04d}",
        "yy": f"{v.year % 100:02d}",
        "MMMM": v.strftime("%B"),
        "MMM": v.strftime("%b"),
        "MM": f"{v.month:02d}",
        "M": str(v.month),
        "dddd": v.strftime("%A"),
        "ddd": v.strftime("%a"),
        "dd": f"{v.day:02d}",
        "d": str(v.day),
        "HH": f"{v.hour:02d}",
        "H": str(v.hour),
        "hh": f"{(v.hour % 12) or 12:02d}",
        "h": str((v.hour % 12) or 12),
        "mm": f"{v.minute:02d}",
        "m": str(v.minute),
        "ss": f"{v.second:02d}",
        "s": str(v.second),
        "fff": f"{v.microsecond // 1000:03d}",
        "ff": f"{v.microsecond // 10000:02d}",
        "f": str(v.microsecond // 100000),
        "tt": "AM" if v.hour < 12 else "PM",
        "t": "A" if v.hour < 12 else "P",
    }
    if tok in table:
        return table[tok]
    if tok in ("zzz", "zz", "z", "K"):
        off = v.utcoffset() if v.tzinfo else (_dt.datetime.now().astimezone().utcoffset())
        total = int(off.total_seconds()) if off is not None else 0
        sign = "+" if total >= 0 else "-"
        hours, minutes = divmod(abs(total) // 60, 60)
        if tok == "z":
            return f"{sign}{hours}"
        if tok == "zz":
            return f"{sign}{hours:02d}"
        return f"{sign}{hours:02d}:{minutes:02d}"
    if tok.startswith(("'", '"')):
        return tok[1:-1]
    if tok.startswith("\\"):
        return tok[1:]
    return tok
