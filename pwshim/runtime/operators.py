"""PowerShell operator semantics (the left operand's type drives conversion).

`binary(op, left, right)` and `unary(op, value)` take the normalized operator text from the
parser ('-eq', '-ceq', '+', '..', '-f', ...). Comparison is case-insensitive unless the
operator has the `c` prefix; an array on the left filters (`1,2,3 -gt 1` -> 2,3).
"""

from __future__ import annotations

import decimal
import enum
import re
from typing import Any, Callable

from pwshim.runtime.conversions import to_bool, to_number, to_string
from pwshim.runtime.types import collection_items
from pwshim.runtime.errors import (
    ArgumentException,
    DivideByZeroException,
    DotNetException,
    InvalidOperationException,
    RuntimeException,
)


class OperatorError(RuntimeException):
    """An operator failed (pwsh raises a RuntimeException with these texts)."""


_COMPARISONS = {"eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch"}
_CONTAINMENT = {"contains", "notcontains", "in", "notin"}


def _split_op(op: str) -> tuple[str, bool]:
    """'-ceq' -> ('eq', True); '-ieq' -> ('eq', False); '-eq' -> ('eq', False)."""
    name = op[1:] if op.startswith("-") else op
    name = name.lower()
    base = name[1:]
    if name[:1] in ("c", "i") and (base in _COMPARISONS or base in _CONTAINMENT or base in ("replace", "split")):
        return base, name[0] == "c"
    return name, False


def wildcard_to_regex(pattern: str) -> str:
    """PowerShell wildcards (`*`, `?`, `[abc]`, backtick escapes) to a regex."""
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "`" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            j = pattern.find("]", i + 1)
            if j == -1:
                out.append(re.escape(c))
            else:
                out.append("[" + pattern[i + 1 : j].replace("\\", "\\\\") + "]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    return "^" + "".join(out) + "$"


def like(value: Any, pattern: Any, case: bool = False) -> bool:
    flags = re.DOTALL | (0 if case else re.IGNORECASE)
    return re.match(wildcard_to_regex(to_string(pattern)), to_string(value), flags) is not None


def _coerce_right(left: Any, right: Any) -> Any:
    """Convert the right operand to the left operand's type, as pwsh's comparers do."""
    if isinstance(left, bool):
        return to_bool(right)
    if isinstance(left, enum.Enum):  # before int: an IntEnum member takes names ('My') too
        from pwshim.runtime.types import convert_to

        try:
            return convert_to(right, type(left))
        except DotNetException:
            return _NOT_COMPARABLE
    if isinstance(left, int | float | decimal.Decimal) and not isinstance(left, bool):
        if isinstance(right, int | float | decimal.Decimal) and not isinstance(right, bool):
            return right
        try:
            return to_number(right)
        except DotNetException:
            return _NOT_COMPARABLE
    if isinstance(left, str):
        return to_string(right)
    if left is not None and right is not None and not isinstance(right, type(left)):
        from pwshim.runtime.types import convert_to

        try:
            return convert_to(right, type(left))
        except (DotNetException, TypeError, ValueError):
            return _NOT_COMPARABLE
    return right


_NOT_COMPARABLE = object()


def _items(value: Any) -> list[Any]:
    """An operand's elements: an array's (byte[] too), or the value itself."""
    items = collection_items(value)
    return [value] if items is None else items


def equals(left: Any, right: Any, case: bool = False) -> bool:
    if left is None or right is None:
        return left is None and right is None
    r = _coerce_right(left, right)
    if r is _NOT_COMPARABLE:
        return False
    if isinstance(left, str):
        return left == r if case else left.lower() == str(r).lower()
    try:
        return bool(left == r)
    except Exception:  # noqa: BLE001 - a foreign __eq__ must not crash a script
        return False


def _culture_compare(a: str, b: str) -> int:
    """A case-sensitive culture comparison as .NET's (ICU) orders letters: by letter first, then
    lower case before upper case at the first difference ('a' < 'A' < 'b' < 'B')."""
    la, lb = a.lower(), b.lower()
    if la != lb:
        return (la > lb) - (la < lb)
    ka, kb = [c.isupper() for c in a], [c.isupper() for c in b]
    return (ka > kb) - (ka < kb)


def compare_values(left: Any, right: Any, case: bool = False) -> int:
    """-1/0/1 as pwsh's LanguagePrimitives.Compare; raises OperatorError when incomparable."""
    if left is None and right is None:
        return 0
    if left is None:
        return -1
    if right is None:
        return 1
    r = _coerce_right(left, right)
    if r is _NOT_COMPARABLE:
        raise OperatorError(
            f'Cannot compare "{to_string(left)}" because it is not IComparable.'
        )
    if isinstance(left, str) and case:
        return _culture_compare(left, str(r))
    if isinstance(left, str):
        a, b = left.lower(), str(r).lower()
    else:
        a, b = left, r
    try:
        return (a > b) - (a < b)
    except TypeError:
        raise OperatorError(f'Cannot compare "{to_string(left)}" because it is not IComparable.') from None


def _scalar_compare(name: str, case: bool, left: Any, right: Any, session: Any) -> bool:
    if name == "eq":
        return equals(left, right, case)
    if name == "ne":
        return not equals(left, right, case)
    if name in ("gt", "ge", "lt", "le"):
        c = compare_values(left, right, case)
        return {"gt": c > 0, "ge": c >= 0, "lt": c < 0, "le": c <= 0}[name]
    if name == "like":
        return like(left, right, case)
    if name == "notlike":
        return not like(left, right, case)
    if name in ("match", "notmatch"):
        m = regex_match(left, right, case)
        if m is not None and session is not None and name == "match":
            session.set_variable("Matches", match_table(m))
        return (m is not None) == (name == "match")
    raise OperatorError(f"Unknown operator -{name}")


def compile_regex(pattern: Any, case: bool = False) -> re.Pattern[str]:
    """A .NET pattern as -match, -replace, -split and switch -regex compile it (case-insensitive
    unless `case`); InvalidRegularExpression when it is invalid."""
    from pwshim.dotnet.regex_syntax import IGNORE_CASE

    return compile_operator_regex(pattern, 0 if case else IGNORE_CASE).rx


def compile_operator_regex(pattern: Any, options: int) -> Any:
    """compile_dotnet for an operator: an invalid pattern is pwsh's InvalidRegularExpression."""
    from pwshim.dotnet.regex_syntax import compile_dotnet

    text = to_string(pattern)
    try:
        return compile_dotnet(text, options)
    except ArgumentException as exc:
        error = OperatorError(f"The regular expression pattern {text} is not valid.", exc)
        error.error_id = "InvalidRegularExpression"  # type: ignore[attr-defined]
        raise error from None


def regex_match(value: Any, pattern: Any, case: bool = False) -> re.Match[str] | None:
    return compile_regex(pattern, case).search(to_string(value))


def match_table(m: re.Match[str]) -> Any:
    """$Matches: 0 and each participating group, unnamed ones by number, named ones by name."""
    from pwshim.runtime.objects import Hashtable

    table = Hashtable()
    keys: list[tuple[Any, int]] = []
    for py_name, index in m.re.groupindex.items():
        if py_name.startswith("g_") and py_name[2:].isdigit():
            keys.append((int(py_name[2:]), index))
        elif py_name.startswith("n_"):
            keys.append((py_name[2:], index))
        else:
            keys.append((py_name, index))
    named = {index for _, index in keys}
    keys += [(i, i) for i in range(1, m.re.groups + 1) if i not in named]
    for key, index in sorted(keys, key=lambda k: k[1], reverse=True) + [(0, 0)]:
        value = m.group(index)
        if value is not None:
            table[key] = value
    return table


def compare(op: str, left: Any, right: Any, session: Any = None) -> Any:
    """A comparison operator; with an array on the left it filters (returns a list)."""
    name, case = _split_op(op)
    if name in _CONTAINMENT:
        if name in ("in", "notin"):
            left, right = right, left
            name = "contains" if name == "in" else "notcontains"
        found = any(equals(item, right, case) for item in _items(left))
        return found if name == "contains" else not found
    items = collection_items(left)
    if items is not None:
        if name in ("match", "notmatch"):
            return [x for x in items if (regex_match(x, right, case) is not None) == (name == "match")]
        return [x for x in items if _scalar_compare(name, case, x, right, None)]
    return _scalar_compare(name, case, left, right, session)


def _arith_type(value: Any) -> Any:
    if isinstance(value, list | tuple | str | bytes | bytearray) or value is None:
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, enum.Enum):
        return int(value.value)
    return value


def add(left: Any, right: Any) -> Any:
    if left is None:
        if isinstance(right, list | tuple):
            return list(right)
        return right if not isinstance(right, str) else right
    items = collection_items(left)
    if items is not None:
        more = collection_items(right)
        return items + (more if more is not None else [right])
    if isinstance(left, str):
        return left + to_string(right)
    from pwshim.runtime.objects import Hashtable

    if isinstance(left, Hashtable):
        if not isinstance(right, Hashtable):
            raise OperatorError("A hash table can only be added to another hash table.")
        result = left.Clone()
        for k, v in right.items():
            if k in result:
                raise ArgumentException(
                    f"Item has already been added. Key in dictionary: '{k}'  Key being added: '{k}'"
                )
            result[k] = v
        return result
    return _numeric("+", left, right)


def _datetime_arith(op: str, left: Any, right: Any) -> Any:
    """[datetime] - [datetime] -> [timespan]; [datetime] +/- [timespan]."""
    import datetime as _dt

    if op == "-" and isinstance(right, _dt.datetime):
        a, b = left, right
        if (a.tzinfo is None) != (b.tzinfo is None):
            a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
        return a - b
    if isinstance(right, _dt.timedelta):
        return left + right if op == "+" else left - right
    raise OperatorError(f'Method invocation failed because [System.DateTime] does not contain a method named \'op_{"Addition" if op == "+" else "Subtraction"}\'.')


def _numeric(op: str, left: Any, right: Any) -> Any:
    import datetime as _dt

    if isinstance(left, _dt.datetime) and op in ("+", "-"):
        return _datetime_arith(op, left, right)
    if isinstance(left, _dt.timedelta) and isinstance(right, _dt.timedelta) and op in ("+", "-"):
        return left + right if op == "+" else left - right
    a = to_number(_arith_type(left))
    try:
        b = to_number(_arith_type(right))
    except DotNetException:
        raise
    if isinstance(a, decimal.Decimal) or isinstance(b, decimal.Decimal):
        a, b = decimal.Decimal(str(a)), decimal.Decimal(str(b))
    elif isinstance(a, float) or isinstance(b, float):
        a, b = float(a), float(b)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op in ("/", "%"):
        if b == 0:  # pwsh: a RuntimeException around .NET's DivideByZeroException
            raise OperatorError("Attempted to divide by zero.", DivideByZeroException("Attempted to divide by zero."))
        if op == "%":
            if isinstance(a, int) and isinstance(b, int):
                return int(__import__("math").fmod(a, b))
            return __import__("math").fmod(a, b)
        if isinstance(a, int) and isinstance(b, int):
            return a // b if a % b == 0 else a / b
        return a / b
    raise OperatorError(op)


def multiply(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        return left * int(to_number(right))
    items = collection_items(left)
    if items is not None:
        return items * int(to_number(right))
    return _numeric("*", left, right)


def format_operator(fmt: Any, args: Any) -> str:
    """`'{0} {1:N2}' -f a, b` with .NET composite formatting."""
    from pwshim.runtime.dotnet_format import composite_format

    return composite_format(to_string(fmt), _items(args))


def replace(value: Any, right: Any, case: bool) -> Any:
    """-replace: .NET's Regex.Replace (case-insensitive unless -creplace); a script block
    replacement runs with `$_` as the Match."""
    if isinstance(right, list | tuple):
        if len(right) > 2:
            raise OperatorError("The -replace operator allows only two elements to follow it, not "
                                f"{len(right)}.")
        pattern = right[0] if right else ""
        replacement = right[1] if len(right) > 1 else ""
    else:
        pattern, replacement = right, ""
    from pwshim.dotnet.regex import Regex, match_for
    from pwshim.dotnet.regex_syntax import IGNORE_CASE, expand
    from pwshim.runtime.scriptblock import ScriptBlock

    compiled = compile_operator_regex(pattern, 0 if case else IGNORE_CASE)
    regex = Regex.from_compiled(compiled)
    if isinstance(replacement, ScriptBlock):
        sb = replacement

        def repl(m: re.Match[str]) -> str:
            return to_string(_unwrap(sb.invoke(dollar_under=match_for(regex, m))))
    else:
        repl_text = to_string(replacement)

        def repl(m: re.Match[str]) -> str:
            return expand(compiled, m, repl_text)

    def one(v: Any) -> str:
        return compiled.rx.sub(repl, to_string(v))

    items = collection_items(value)
    if items is not None:
        return [one(v) for v in items]
    return one(value)


def _unwrap(out: list[Any]) -> Any:
    return out[0] if len(out) == 1 else out


def split(value: Any, right: Any, case: bool) -> list[str]:
    if isinstance(right, list | tuple):
        pattern = right[0] if right else " "
        limit = int(to_number(right[1])) if len(right) > 1 else 0
    else:
        pattern, limit = right, 0
    rx = compile_regex(pattern, case)
    items = _items(value)
    out: list[str] = []
    for item in items:
        out.extend(p for p in rx.split(to_string(item), maxsplit=max(limit - 1, 0)) if p is not None)
    return out


def join(value: Any, sep: Any) -> str:
    return to_string(sep).join(to_string(v) for v in _items(value))


def range_op(left: Any, right: Any) -> list[Any]:
    if isinstance(left, str) and len(left) == 1 and isinstance(right, str) and len(right) == 1:
        a, b = ord(left), ord(right)
        step = 1 if b >= a else -1
        return [chr(c) for c in range(a, b + step, step)]
    a, b = int(to_number(left)), int(to_number(right))
    step = 1 if b >= a else -1
    if abs(b - a) > 50_000_000:
        raise OperatorError("The range operator cannot produce more than 50,000,000 elements.")
    return list(range(a, b + step, step))


def _bitwise(op: str, left: Any, right: Any) -> Any:
    if isinstance(left, enum.Flag) and isinstance(right, enum.Flag | int | str):
        from pwshim.runtime.types import convert_to

        r = right if isinstance(right, type(left)) else convert_to(right, type(left))
        return {"band": left & r, "bor": left | r, "bxor": left ^ r}[op]
    a, b = int(to_number(left)), int(to_number(right))
    return {"band": a & b, "bor": a | b, "bxor": a ^ b, "shl": a << b, "shr": a >> b}[op]


def type_test(op: str, left: Any, right: Any) -> Any:
    from pwshim.runtime.types import RuntimeType, convert_to, is_instance, lookup_type

    rtype = right if isinstance(right, RuntimeType) else lookup_type(to_string(right))
    if rtype is None:
        raise OperatorError(f"Unable to find type [{to_string(right)}].")
    if op == "is":
        return is_instance(left, rtype)
    if op == "isnot":
        return not is_instance(left, rtype)
    try:
        return convert_to(left, rtype)
    except DotNetException:
        return None


def binary(op: str, left: Any, right: Any, session: Any = None) -> Any:
    """Evaluate a binary operator (both operands already evaluated; -and/-or short-circuit is
    the interpreter's job)."""
    if op in ("+",):
        return add(left, right)
    if op == "-":
        return _numeric("-", left, right)
    if op == "*":
        return multiply(left, right)
    if op in ("/", "%"):
        return _numeric(op, left, right)
    if op == "..":
        return range_op(left, right)
    if op == "-f":
        return format_operator(left, right)
    if op == "??":
        return right if left is None else left
    name, case = _split_op(op)
    if name in _COMPARISONS or name in _CONTAINMENT:
        return compare(op, left, right, session)
    if name == "replace":
        return replace(left, right, case)
    if name == "split":
        return split(left, right, case)
    if name == "join":
        return join(left, right)
    if name in ("and", "or", "xor"):
        a, b = to_bool(left), to_bool(right)
        return {"and": a and b, "or": a or b, "xor": a != b}[name]
    if name in ("band", "bor", "bxor", "shl", "shr"):
        return _bitwise(name, left, right)
    if name in ("is", "isnot", "as"):
        return type_test(name, left, right)
    raise InvalidOperationException(f"The operator '{op}' is not supported.")


def unary(op: str, value: Any) -> Any:
    if op in ("-not", "!"):
        return not to_bool(value)
    if op == "-bnot":
        return ~int(to_number(value))
    if op == "-":
        n = to_number(value)
        return -n
    if op == "+":
        return to_number(value)
    if op == ",":
        return [value]
    if op in ("-split", "-isplit", "-csplit"):
        out: list[str] = []
        for item in _items(value):
            out.extend(s for s in re.split(r"\s+", to_string(item).strip()) if s)
        return out
    if op == "-join":
        return "".join(to_string(v) for v in _items(value))
    raise InvalidOperationException(f"The operator '{op}' is not supported.")


def sort_key(value: Any) -> Callable[[Any], Any]:  # pragma: no cover - convenience
    return lambda v: (v is None, to_string(v).lower() if isinstance(v, str) else v)
