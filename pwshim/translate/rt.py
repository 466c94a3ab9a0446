"""The small runtime that translated scripts import (`from pwshim.translate import rt`).

Generated code stays readable Python and calls these helpers only where PowerShell's
semantics differ from Python's: operators (delegated to pwshim.runtime.operators), string
conversion, truthiness, member access on values of unknown type, .NET types, and output.

Output works as the pwshim runner's does (pwshim.cli.BufferedConsoleHost): objects written to
the pipeline at top level (`emit`) are buffered and formatted by pwshim.formatting as one
stream, flushed before any host output (Write-Host, prompts, errors) and at exit, so the .ps1
run by pwshim and its translation print the same text.
"""

from __future__ import annotations

import atexit
import enum
import sys
from typing import Any

from pwshim import api, api_objects
from pwshim.api_objects import PSList, py_object, unwrap
from pwshim.runtime import operators
from pwshim.runtime.conversions import enum_to_string, to_bool, to_string
from pwshim.runtime.errors import (
    Category,
    DotNetException,
    ErrorRecord,
    PSError,
    RuntimeException,
)
from pwshim.translate.rt_classes import ScriptObject, convert_value, field, no_overload
from pwshim.translate.rt_script import (
    keep,
    new,
    pipe_items,
    script_parameters,
    switch_case,
)

__all__ = [
    "ScriptObject",
    "add",
    "array",
    "as_",
    "binary",
    "call",
    "contains",
    "convert",
    "custom_object",
    "div",
    "dotnet_type",
    "emit",
    "eq",
    "error_record",
    "field",
    "format",
    "ge",
    "gt",
    "hashtable",
    "in_",
    "index",
    "input_items",
    "is_",
    "items",
    "join",
    "le",
    "like",
    "lt",
    "match",
    "member",
    "mod",
    "mul",
    "ne",
    "new",
    "no_overload",
    "notcontains",
    "notin",
    "notlike",
    "notmatch",
    "ordered",
    "pipe_items",
    "process_items",
    "range",
    "replace",
    "result",
    "script_parameters",
    "set_variable",
    "splat",
    "split",
    "sub",
    "succeeded",
    "switch_case",
    "text",
    "throw",
    "true",
    "unpack",
    "untranslated",
    "variable",
]

# --------------------------------------------------------------------------- session and output

_HOST: Any = None


def _setup() -> Any:
    """Install the API session with the runner's buffered console host (once)."""
    global _HOST
    if _HOST is not None:
        return _HOST
    from pwshim.cli import BufferedConsoleHost
    from pwshim.formatting import format_error
    from pwshim.runtime.host import ConsoleHost
    from pwshim.runtime.session import Session

    api_objects.LENIENT = True  # a missing member reads as $null, as in the script
    api_objects.METHOD_CALLER = lambda obj, name, args: _invoke(obj, name, args)
    session_ref: list[Any] = []
    host = BufferedConsoleHost(ConsoleHost(), session_ref)
    session = Session(host=host)  # type: ignore[arg-type]
    session_ref.append(session)
    session.extensions["error_reporter"] = lambda record: host.write_error_line(format_error(record))
    api.session(session)
    _HOST = host
    _interpreter()  # the session's interpreter: automatic variables ($HOME, $PSVersionTable...)
    atexit.register(_finish)
    sys.excepthook = _excepthook
    return host


def _finish() -> None:
    """At exit, close the output stream as the runner does at the end of a script (the open
    table or list is finished)."""
    host = _HOST
    if host is None:
        return
    try:
        host.flush(final=True)
    except TypeError:  # a host without the final flush
        host.flush()


def _excepthook(exc_type: type, exc: BaseException, tb: Any) -> None:
    """An uncaught PowerShell error prints as the pwshim runner prints it (ConciseView)."""
    host = _setup()
    host.flush()
    if isinstance(exc, PSError | DotNetException | api.PowerShellError):
        from pwshim.formatting import format_error

        host.write_error_line(format_error(_record(exc)))
        return
    sys.__excepthook__(exc_type, exc, tb)


def _interpreter() -> Any:
    """The interpreter of the API session: member access, casts and method calls go through
    it, so a translated script and the .ps1 share one implementation of each."""
    from pwshim.interpreter import Interpreter

    session = api.session()
    return session.extensions.get("interpreter") or Interpreter(session)


def _invoke(target: Any, name: str, args: tuple[Any, ...] | list[Any], static: bool = False) -> Any:
    """A .NET method call exactly as the interpreter makes it (argument conversion, overloads,
    'Exception calling "X" with "N" argument(s)' errors)."""
    try:
        return keep(_interpreter().invoke_method(unwrap(target), name, [unwrap(a) for a in args], static, None))
    except PSError as exc:
        raise api.powershell_error(exc.record) from None


def emit(value: Any) -> None:
    """Write `value` to the output (a list is written item by item, as pwsh unrolls it)."""
    host = _setup()
    for item in _enumerate(value):
        host.emit(unwrap(item))


def succeeded() -> bool:
    """`$?` after a command: whether the last pwshim.api call wrote no error."""
    return not api.last_errors()


def result(output: list[Any]) -> Any:
    """A function's collected output as PowerShell returns it: None, the one object, or a list."""
    if not output:
        return None
    return output[0] if len(output) == 1 else PSList(output)


def untranslated(source: str) -> Any:
    """Stands for a construct pwshim convert could not translate: fails when reached."""
    raise NotImplementedError(f"pwshim convert could not translate: {source}")


# --------------------------------------------------------------------------- values


def _enumerate(value: Any) -> list[Any]:
    value = unwrap(value)
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


NO_INPUT = api.NO_INPUT


def process_items(pipeline_input: Any, default: Any = None) -> PSList:
    """What a function's process block runs for: each piped object, or once (with `default`,
    the ValueFromPipeline parameter as given) when the function was not piped into."""
    if pipeline_input is NO_INPUT:
        return PSList([py_object(default)])
    return items(pipeline_input)


def input_items(pipeline_input: Any) -> PSList:
    """`$input` in a function: every piped object (none when it was not piped into)."""
    return PSList() if pipeline_input is NO_INPUT else items(pipeline_input)


def unpack(value: Any, count: int) -> list[Any]:
    """`$a, $b = value`: one item per variable, the last variable taking the rest (a list when
    more than one is left, $null when nothing is)."""
    values = [py_object(v) for v in _enumerate(value)]
    head = values[: count - 1] + [None] * max(0, count - 1 - len(values))
    rest = values[count - 1 :]
    return [*head, None if not rest else rest[0] if len(rest) == 1 else PSList(rest)]


def _py(value: Any) -> Any:
    """py_object, except for an instance of a translated class (its own attributes serve)."""
    return value if isinstance(value, ScriptObject) else keep(value)


def items(value: Any) -> PSList:
    """What `foreach` and a pipeline enumerate: a list item by item, $null as nothing."""
    return PSList(_py(v) for v in _enumerate(value))


def array(value: Any) -> PSList:
    """`@(...)`: always a list."""
    return items(value)


def text(value: Any) -> str:
    """`"$x"` / [string]$x: PowerShell's string conversion ($null -> '', lists space-joined)."""
    value = unwrap(value)
    if isinstance(value, enum.Enum):
        return enum_to_string(value)  # before int: an IntEnum shows its name ("My", not 5)
    return to_string(value)


def true(value: Any) -> bool:
    """PowerShell truthiness (an empty string, 0, $null, an empty or [0] array are false)."""
    return to_bool(unwrap(value))


def member(obj: Any, name: str) -> Any:
    """`$obj.Name`: case-insensitive, $null for a missing member or a $null object, member
    enumeration over lists."""
    target = unwrap(obj)
    if target is None:
        return 0 if name.lower() in ("count", "length") else None  # $null.Count is 0
    try:
        return keep(_interpreter().get_member(target, name))
    except PSError as exc:
        raise api.powershell_error(exc.record) from None


def call(obj: Any, name: str, *args: Any) -> Any:
    """`$obj.Method(args)` on a value whose type the translator did not know; a collection's
    `.Where({...})` / `.ForEach({...})` run the translated script block (a Python function)."""
    from pwshim.runtime.types import collection_items

    listed = collection_items(unwrap(obj))
    if name.lower() in ("where", "foreach") and args and callable(args[0]) and listed is not None:
        fn = args[0]
        if name.lower() == "where":
            return PSList(_py(v) for v in listed if true(fn(_py(v))))
        return PSList(_py(r) for v in listed for r in _enumerate(fn(_py(v))))
    return _invoke(obj, name, args)


def index(obj: Any, key: Any) -> Any:
    """`$obj[key]` with PowerShell's rules (out of range and missing keys give $null)."""
    from pwshim.interp_expressions import index_value

    return py_object(index_value(unwrap(obj), unwrap(key)))


def splat(table: Any, names: dict[str, str] | None = None) -> dict[str, Any]:
    """`@params` in a command: a hashtable as keyword arguments (pwshim.api functions take the
    PowerShell parameter names as they are; for a script function, `names` maps each lower-case
    PowerShell name to its Python one). An array splats its items to the parameters in order."""
    value = unwrap(table)
    if isinstance(value, list | tuple):
        if names is None:
            raise api.powershell_error(ErrorRecord(
                RuntimeException("Splatting an array into a cmdlet is not supported by translated scripts."),
                "ArraySplatNotSupported", Category.NotImplemented))
        return dict(zip(names.values(), (py_object(v) for v in value), strict=False))
    if names is None:
        return {str(k): v for k, v in value.items()}
    return {names.get(str(k).lower(), str(k)): py_object(v) for k, v in value.items()}


def hashtable(pairs: dict[Any, Any] | None = None) -> Any:
    """`@{...}`: a case-insensitive Hashtable."""
    from pwshim.runtime.objects import Hashtable

    return py_object(Hashtable(list((pairs or {}).items())))


def ordered(pairs: dict[Any, Any] | None = None) -> Any:
    """`[ordered]@{...}`."""
    from pwshim.runtime.objects import OrderedHashtable

    return py_object(OrderedHashtable(list((pairs or {}).items())))


def custom_object(pairs: dict[str, Any]) -> Any:
    """`[pscustomobject]@{...}`."""
    from pwshim.runtime.objects import PSObject

    return py_object(PSObject([(k, unwrap(v)) for k, v in pairs.items()]))


def _runtime_type(name: str) -> Any:
    from pwshim.runtime.types import lookup_type

    rtype = lookup_type(name)
    if rtype is None:
        raise api.powershell_error(
            ErrorRecord(RuntimeException(f"Unable to find type [{name}]."), "TypeNotFound", Category.InvalidOperation)
        )
    return rtype


def convert(value: Any, type_name: Any) -> Any:
    """`[T]$value` (a failed cast is PowerShell's PSInvalidCastException); `type_name` may also
    be a Python type (str, int, a translated class or enum)."""
    if isinstance(type_name, type):
        return _py(convert_value(value, type_name))
    try:
        return py_object(_interpreter()._convert(unwrap(value), _runtime_type(type_name), None))
    except PSError as exc:
        raise api.powershell_error(exc.record) from None


def is_(value: Any, type_name: str) -> bool:
    """`$value -is [T]`."""
    return bool(operators.type_test("is", unwrap(value), _runtime_type(type_name)))


def as_(value: Any, type_name: str) -> Any:
    """`$value -as [T]` ($null when the conversion fails)."""
    return py_object(operators.type_test("as", unwrap(value), _runtime_type(type_name)))


class DotNetType:
    """A .NET type used from Python: call it to construct, read static members by name
    (case-insensitive, like `[T]::Member`)."""

    def __init__(self, full_name: str) -> None:
        self.full_name = full_name
        self._rtype: Any = None

    @property
    def rtype(self) -> Any:
        if self._rtype is None:
            self._rtype = _runtime_type(self.full_name)
        return self._rtype

    @property
    def cls(self) -> Any:
        return self.rtype.cls

    def __call__(self, *args: Any) -> Any:
        """`[T]::new(args)` (a .NET collection stays the one object, not a Python copy)."""
        return new(self.full_name, *args)

    def new(self, *args: Any) -> Any:
        return self(*args)

    def __getattr__(self, name: str) -> Any:
        from pwshim.runtime.dotnet import find_member

        if name.startswith("_"):
            raise AttributeError(name)
        attr = find_member(self.cls, name)
        if attr is not None:
            value = getattr(self.cls, attr)
            if callable(value) and not isinstance(value, type):
                return lambda *args: _invoke(self.rtype, attr, args, static=True)
            return py_object(_interpreter().static_member(self.rtype, attr, None))
        from pwshim.dotnet.primitives import builtin_static

        found, value = builtin_static(self.rtype, name)
        if found:  # [int]::MaxValue, [math]::PI...
            return py_object(value)
        # a static method the interpreter provides ([string]::IsNullOrEmpty...)
        return lambda *args: _invoke(self.rtype, name, args, static=True)

    def __repr__(self) -> str:
        return f"[{self.full_name}]"


def dotnet_type(full_name: str) -> DotNetType:
    """`[System.Security.Cryptography.X509Certificates.X509Store]` as a Python value."""
    return DotNetType(full_name)


# --------------------------------------------------------------------------- operators


def _compare(op: str, left: Any, right: Any) -> Any:
    # With the session, -match sets $Matches as in the script.
    return py_object(operators.compare(op, unwrap(left), unwrap(right), api.session()))


def eq(left: Any, right: Any) -> Any:
    """`-eq` (case-insensitive for strings; right converted to the left's type)."""
    return _compare("-eq", left, right)


def ne(left: Any, right: Any) -> Any:
    return _compare("-ne", left, right)


def gt(left: Any, right: Any) -> Any:
    return _compare("-gt", left, right)


def ge(left: Any, right: Any) -> Any:
    return _compare("-ge", left, right)


def lt(left: Any, right: Any) -> Any:
    return _compare("-lt", left, right)


def le(left: Any, right: Any) -> Any:
    return _compare("-le", left, right)


def like(left: Any, right: Any) -> Any:
    return _compare("-like", left, right)


def notlike(left: Any, right: Any) -> Any:
    return _compare("-notlike", left, right)


def match(left: Any, right: Any) -> Any:
    return _compare("-match", left, right)


def notmatch(left: Any, right: Any) -> Any:
    return _compare("-notmatch", left, right)


def contains(left: Any, right: Any) -> bool:
    return bool(_compare("-contains", left, right))


def notcontains(left: Any, right: Any) -> bool:
    return bool(_compare("-notcontains", left, right))


def in_(left: Any, right: Any) -> bool:
    return bool(_compare("-in", left, right))


def notin(left: Any, right: Any) -> bool:
    return bool(_compare("-notin", left, right))


def compare(op: str, left: Any, right: Any) -> Any:
    """Any other comparison operator by name ('-ceq', '-ilike', ...)."""
    return _compare(op, left, right)


def _binary(op: str, left: Any, right: Any) -> Any:
    try:
        return py_object(operators.binary(op, unwrap(left), unwrap(right)))
    except DotNetException as exc:
        raise api.powershell_error(ErrorRecord(exc, type(exc).__name__, Category.InvalidOperation)) from None


def binary(op: str, left: Any, right: Any) -> Any:
    """Any other binary operator by name ('-xor', '-band', '-shl'...)."""
    return _binary(op, left, right)


def add(left: Any, right: Any) -> Any:
    """`+`: numbers add, strings concatenate, arrays append (the left operand decides)."""
    return _binary("+", left, right)


def sub(left: Any, right: Any) -> Any:
    return _binary("-", left, right)


def mul(left: Any, right: Any) -> Any:
    return _binary("*", left, right)


def div(left: Any, right: Any) -> Any:
    """`/`: integer division gives a double unless exact, as in PowerShell."""
    return _binary("/", left, right)


def mod(left: Any, right: Any) -> Any:
    return _binary("%", left, right)


def format(template: Any, *args: Any) -> str:
    """`"{0} {1:N2}" -f $a, $b`: .NET composite formatting."""
    return operators.format_operator(unwrap(template), [unwrap(a) for a in args])


def replace(value: Any, pattern: Any, replacement: Any = "") -> Any:
    """`-replace` (regex, case-insensitive)."""
    return _binary("-replace", value, [pattern, replacement])


def split(value: Any, separator: Any = None) -> Any:
    """`-split` (regex); without a separator, the unary form (split on whitespace)."""
    if separator is None:
        return py_object(operators.unary("-split", unwrap(value)))
    return _binary("-split", value, separator)


def join(value: Any, separator: Any = "") -> str:
    """`-join`."""
    return operators.join(unwrap(value), unwrap(separator))


def range(first: Any, last: Any) -> PSList:
    """`first..last` (inclusive, counting down when first > last)."""
    return PSList(operators.range_op(unwrap(first), unwrap(last)))


# --------------------------------------------------------------------------- errors and variables


def error_record(exc: BaseException) -> Any:
    """`$_` in a catch block: the ErrorRecord of the exception caught."""
    return py_object(_record(exc))


def _record(exc: BaseException) -> ErrorRecord:
    if isinstance(exc, api.PowerShellError | PSError):
        return exc.record
    if isinstance(exc, DotNetException):
        return ErrorRecord(exc, type(exc).__name__, Category.NotSpecified)
    return ErrorRecord(RuntimeException(str(exc)), type(exc).__name__, Category.NotSpecified)


def throw(value: Any = None) -> BaseException:
    """`throw value`: a terminating error (raise what this returns)."""
    value = unwrap(value)
    if isinstance(value, ErrorRecord):
        return api.powershell_error(value)
    if isinstance(value, BaseException):
        return value
    message = to_string(value) if value is not None else "ScriptHalted"
    record = ErrorRecord(RuntimeException(message), message, Category.OperationStopped, target=value, from_throw=True)
    return api.powershell_error(record)


def variable(name: str) -> Any:
    """A PowerShell session variable ($ErrorActionPreference, $PSVersionTable...)."""
    _setup()
    return py_object(api.session().get_variable(name))


def set_variable(name: str, value: Any) -> None:
    """Set a PowerShell session variable (preferences such as $ErrorActionPreference)."""
    _setup()
    api.session().set_variable(name, unwrap(value))


_setup()
