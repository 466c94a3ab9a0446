"""PowerShell's conversions (LanguagePrimitives): to string, to bool, to number, to a type.

The left operand's type drives comparisons and arithmetic (operators.py); casts, parameter
binding and method arguments come through `convert(value, target)`.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import enum
from typing import Any

from pwshim.runtime.errors import InvalidCastException, PSError, ErrorRecord, Category


def to_string(value: Any, ofs: str = " ") -> str:
    """"$x" and [string]$x: pwsh's culture-invariant string conversion."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, enum.Enum):
        return enum_to_string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_double(value)
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, list | tuple):
        return ofs.join(to_string(v, ofs) for v in value)
    if isinstance(value, enum.Enum):
        return enum_to_string(value)
    if isinstance(value, _dt.datetime):
        return value.strftime("%m/%d/%Y %H:%M:%S")
    if isinstance(value, bytes | bytearray):
        return " ".join(str(b) for b in value)
    hint = getattr(type(value), "PS_TO_STRING", None)
    if isinstance(hint, str):
        return hint
    to_s = getattr(value, "ToString", None)
    if callable(to_s):
        try:
            return str(to_s())
        except TypeError:
            pass
    from pwshim.runtime.objects import PSObject, Hashtable

    if isinstance(value, PSObject):
        inner = "; ".join(f"{k}={'System.Object[]' if isinstance(v, list | tuple) else to_string(v)}"
                          for k, v in value.properties())
        return "@{" + inner + "}"
    if isinstance(value, Hashtable):
        from pwshim.runtime.dotnet import type_full_name

        return type_full_name(value)
    from pwshim.runtime.dotnet import type_full_name

    return type_full_name(value)


def enum_to_string(value: enum.Enum) -> str:
    """.NET's Enum.ToString(): the member name, or 'A, B' for combined flags."""
    cls = type(value)
    for name, member in cls.__members__.items():
        if member.value == value.value:
            return name
    if isinstance(value, enum.Flag) or issubclass(cls, enum.IntFlag):
        names = [n for n, m in cls.__members__.items() if m.value and (value.value & m.value) == m.value]
        if names:
            return ", ".join(names)
    return str(value.value)


def format_double(value: float) -> str:
    """.NET's round-trippable double formatting ("R"), as pwsh prints doubles."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        mantissa, exp = text.split("e")
        sign = "-" if exp.startswith("-") else "+"
        text = f"{mantissa.upper()}E{sign}{exp.lstrip('+-').zfill(2)}"
    return text


def to_bool(value: Any) -> bool:
    """PowerShell truthiness (LanguagePrimitives.IsTrue)."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return len(value) > 0
    if isinstance(value, int | float | decimal.Decimal):
        return value != 0
    if isinstance(value, list | tuple):
        if len(value) == 0:
            return False
        if len(value) == 1:
            return to_bool(value[0])
        return True
    if isinstance(value, enum.Enum):
        return bool(value.value)
    switch = getattr(value, "IsPresent", None)
    if isinstance(switch, bool):
        return switch
    return True


def parse_number(text: str) -> int | float | None:
    """A string to a number as pwsh does for arithmetic ('0x1F', ' 12 ', '1e3', '1kb')."""
    s = text.strip()
    if not s:
        return 0
    mult = 1
    lower = s.lower()
    for suffix, factor in (("kb", 1024), ("mb", 1024**2), ("gb", 1024**3), ("tb", 1024**4), ("pb", 1024**5)):
        if lower.endswith(suffix):
            mult = factor
            s = s[:-2]
            lower = s.lower()
            break
    try:
        if lower.startswith(("0x", "-0x", "+0x")):
            return int(s, 16) * mult
        if lower.lstrip("+-").isdigit():
            return int(s) * mult
        return float(s) * mult
    except ValueError:
        return None


def to_number(value: Any, for_op: str = "") -> int | float | decimal.Decimal:
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float | decimal.Decimal):
        return value
    if isinstance(value, enum.Enum):
        return int(value.value)
    if isinstance(value, str):
        n = parse_number(value)
        if n is None:
            raise InvalidCastException(
                f'Cannot convert value "{value}" to type "System.Int32". Error: "The input string '
                f"'{value}' was not in a correct format.\""
            )
        return n
    if isinstance(value, list | tuple) and len(value) == 1:
        return to_number(value[0], for_op)
    from pwshim.runtime.dotnet import type_full_name

    raise InvalidCastException(
        f'Cannot convert the "{to_string(value)}" value of type "{type_full_name(value)}" to type "System.Int32".'
    )


def cast_error(value: Any, target_name: str, detail: str = "") -> InvalidCastException:
    from pwshim.runtime.dotnet import type_full_name

    if isinstance(value, str):
        msg = f'Cannot convert value "{value}" to type "{target_name}".'
        if detail:
            msg += f' Error: "{detail}"'
        return InvalidCastException(msg)
    return InvalidCastException(
        f'Cannot convert the "{to_string(value)}" value of type "{type_full_name(value)}" to type "{target_name}".'
    )


def convert(value: Any, target: Any) -> Any:
    """Convert `value` to `target` (a Python type, bridged class, enum, or [T] list for arrays).

    Raises InvalidCastException with pwsh's text when it cannot."""
    from pwshim.runtime.types import convert_to

    return convert_to(value, target)


def unwrap_single(value: Any) -> Any:
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def cast_failed(value: Any, target_name: str) -> PSError:
    return PSError(ErrorRecord(cast_error(value, target_name), "InvalidCastException", Category.InvalidArgument))
