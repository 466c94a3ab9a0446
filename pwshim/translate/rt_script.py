"""Runtime helpers of translated scripts for pipelines, switch, .NET collections and the
script's own parameters (re-exported by `pwshim.translate.rt`; use them as `rt.<name>`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pwshim.api_objects import PSList, PSProxy, py_object, unwrap


def keep(value: Any) -> Any:
    """py_object, except that a .NET collection (List[T], ArrayList...) stays the one object:
    py_object would copy it into a Python list, and `$list.Add(x)` would change the copy."""
    if isinstance(value, list) and type(value) not in (list, PSList):
        return PSProxy(value)
    return py_object(value)


def new(type_name: str, *args: Any) -> Any:
    """`[T]::new(args)` / `New-Object T -ArgumentList args`, as the interpreter constructs it."""
    from pwshim import api
    from pwshim.runtime.errors import PSError
    from pwshim.translate import rt

    try:
        made = rt._interpreter().invoke_method(rt._runtime_type(type_name), "new", [unwrap(a) for a in args], True, None)
    except PSError as exc:
        raise api.powershell_error(exc.record) from None
    return PSProxy(made) if isinstance(made, list) else keep(made)


def pipe_items(value: Any) -> PSList:
    """What a pipeline's leading expression sends: its items, or one $null for $null
    (`$null | ForEach-Object {...}` runs once; `@()` sends nothing)."""
    from pwshim.translate import rt

    return PSList([None]) if unwrap(value) is None else rt.items(value)


def switch_case(value: Any, test: Any, mode: str = "", case_sensitive: bool = False) -> bool:
    """Whether a switch clause's value `test` matches the current value: -regex (sets
    $Matches), -wildcard, or (the default) a string comparison when either side is a string,
    else PowerShell's equality."""
    from pwshim import api
    from pwshim.runtime import operators
    from pwshim.runtime.conversions import to_string

    item, cond = unwrap(value), unwrap(test)
    if mode == "regex":
        found = operators.regex_match(item, cond, case_sensitive)
        if found is not None:
            api.session().set_variable("Matches", operators.match_table(found))
        return found is not None
    if mode == "wildcard":
        return bool(operators.like(item, cond, case_sensitive))
    if isinstance(item, str) or isinstance(cond, str):
        a, b = to_string(item), to_string(cond)
        return a == b if case_sensitive else a.lower() == b.lower()
    return bool(operators.equals(item, cond, case_sensitive))


def script_parameters(
    argv: Iterable[str], defaults: dict[str, Any], mandatory: Iterable[str] = (),
    sets: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """A script's `param(...)` block from the command line: `-Name value`, `-Switch`, or
    positional values in declaration order. `defaults` maps each parameter name to its default
    (False for a switch); `mandatory` names the [Parameter(Mandatory)] ones and `sets` the
    [ValidateSet(...)] values of a parameter: a missing or invalid one is pwsh's error."""
    from pwshim import api
    from pwshim.runtime.binding_errors import (
        check_null_or_empty,
        missing_mandatory,
        not_in_set,
    )
    from pwshim.runtime.conversions import to_string

    values = dict(defaults)
    names = {n.lower(): n for n in defaults}
    positional = [n for n in defaults if defaults[n] is not False]
    given: set[str] = set()
    args = list(argv)
    i = 0
    while i < len(args):
        word = args[i]
        if word.startswith("-") and len(word) > 1:
            key = word[1:].rstrip(":").lower()
            matches = [n for k, n in names.items() if k == key] or [n for k, n in names.items() if k.startswith(key)]
            if len(matches) == 1:
                name = matches[0]
                if defaults[name] is False:
                    values[name] = True
                else:
                    i += 1
                    values[name] = args[i] if i < len(args) else None
                given.add(name)
                if name in positional:
                    positional.remove(name)
                i += 1
                continue
        if positional:
            name = positional.pop(0)
            values[name] = word
            given.add(name)
        i += 1
    try:
        missing = [n for n in mandatory if n not in given]
        if missing:
            raise missing_mandatory(missing)
        for name, allowed in (sets or {}).items():
            if name in given and values[name] is not None and to_string(values[name]).lower() not in [a.lower() for a in allowed]:
                raise not_in_set(name, to_string(values[name]), allowed, None)
        for name in mandatory:
            check_null_or_empty(name, values[name], isinstance(defaults[name], str), False, None)
    except Exception as exc:
        record = getattr(exc, "record", None)
        if record is None:
            raise
        raise api.powershell_error(record) from None
    return values
