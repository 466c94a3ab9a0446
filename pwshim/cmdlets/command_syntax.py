"""Syntax lines of commands, as Get-Help's SYNTAX section and `Get-Command -Syntax` show them
(pwsh's CommandParameterSetInfo.ToString(): positional parameters by position, then named
mandatory ones, then the others; `[<CommonParameters>]` for cmdlets and advanced functions;
type names as ToStringCodeMethods.Type(type, dropNamespaces) gives them: accelerators such as
`string` and `int`, else the short type name)."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from pwshim import nodes as N

# .NET full names (lower case) -> the builtin accelerator pwsh prints
_ACCELERATORS: dict[str, str] = {
    "system.string": "string", "system.int32": "int", "system.int64": "long", "system.boolean": "bool",
    "system.double": "double", "system.single": "float", "system.decimal": "decimal",
    "system.byte": "byte", "system.char": "char", "system.datetime": "datetime",
    "system.object": "Object", "system.collections.hashtable": "hashtable",
    "system.management.automation.scriptblock": "scriptblock",
    "system.management.automation.pscredential": "pscredential",
    "system.management.automation.psobject": "psobject",
    "system.security.securestring": "securestring", "system.version": "version",
    "system.guid": "guid", "system.uri": "uri", "system.timespan": "timespan",
    "system.text.regularexpressions.regex": "regex", "system.xml.xmldocument": "xml",
    "system.management.automation.switchparameter": "switch",
    "system.security.cryptography.x509certificates.x509certificate": "X509Certificate",
}
# what an accelerator or short name written in a script stands for (lower case)
_WRITTEN: dict[str, str] = {
    **{v.lower(): v for v in _ACCELERATORS.values()},
    "int32": "int", "int64": "long", "boolean": "bool", "single": "float", "object": "Object",
}
_PYTHON: dict[type, str] = {
    str: "string", int: "int", bool: "bool", float: "double", object: "Object", dict: "hashtable",
    _dt.datetime: "datetime", _dt.timedelta: "timespan",
}


def _python_type_name(tp: Any) -> str:
    if isinstance(tp, list | tuple):
        return _python_type_name(tp[0] if tp else object) + "[]"
    if tp in _PYTHON:
        return _PYTHON[tp]
    from pwshim.runtime.dotnet import type_full_name

    full = type_full_name(tp) if isinstance(tp, type) else "System.Object"
    return _ACCELERATORS.get(full.lower(), full.rsplit(".", 1)[-1])


def written_type_name(type_name: Any) -> str:
    """A parameter type as written in a script (`[string[]]`, `[System.Int32]`) as pwsh shows it."""
    element = str(getattr(type_name, "element", None) or type_name).split("[", 1)[0]
    rank = getattr(type_name, "array_rank", 0) or 0
    key = element.lower().removeprefix("system.") if "." in element else element.lower()
    full = "system." + key
    name = _ACCELERATORS.get(full) or _WRITTEN.get(key) or element.rsplit(".", 1)[-1]
    return name + ("[" + "," * (rank - 1) + "]" if rank else "")


def _format(name: str, type_text: str, switch: bool, mandatory: bool, positional: bool) -> str:
    if switch:
        return f"-{name}" if mandatory else f"[-{name}]"
    if mandatory:
        return f"[-{name}] <{type_text}>" if positional else f"-{name} <{type_text}>"
    return f"[[-{name}] <{type_text}>]" if positional else f"[-{name} <{type_text}>]"


def _display_order(params: list[tuple[str, str, bool, bool, int | None]]) -> list[str]:
    """(name, type, switch, mandatory, position) in pwsh's display order, formatted."""
    positional = sorted((p for p in params if p[4] is not None), key=lambda p: p[4])
    named = [p for p in params if p[4] is None]
    ordered = positional + [p for p in named if p[3]] + [p for p in named if not p[3]]
    return [_format(n, t, s, m, pos is not None) for n, t, s, m, pos in ordered]


def syntax_lines(cls: Any) -> list[str]:
    """A cmdlet's syntax lines from its metadata, one per parameter set."""
    lines = []
    for set_name in cls.parameter_sets():
        params = [
            (p.name, _python_type_name(p.type), p.is_switch, bool(p.is_mandatory(set_name)), p.position_in(set_name))
            for p in cls.parameters.values() if p.in_set(set_name)
        ]
        lines.append(" ".join([cls.name, *_display_order(params), "[<CommonParameters>]"]))
    return lines


def _attribute_named(attr: N.AttributeAst, name: str) -> Any:
    for arg in attr.named:
        if arg.name.lower() == name:
            value = arg.value
            return getattr(value, "value", True)
    return None


def function_syntax_lines(name: str, params: list[N.ParameterAst], advanced: bool) -> list[str]:
    """A script function's syntax line (one parameter set): parameters are positional in the
    order declared unless some declare a Position."""
    rows = []
    explicit = False
    for param in params:
        mandatory, position = False, None
        for attr in param.attributes:
            if isinstance(attr, N.AttributeAst) and str(attr.type_name).lower() in ("parameter", "system.management.automation.parameterattribute"):
                mandatory = mandatory or bool(_attribute_named(attr, "mandatory"))
                pos = _attribute_named(attr, "position")
                if isinstance(pos, int) and not isinstance(pos, bool):
                    position, explicit = pos, True
        type_text = written_type_name(param.type) if param.type is not None else "Object"
        rows.append([param.name, type_text, type_text == "switch", mandatory, position])
    if not explicit:
        index = 0
        for row in rows:
            if not row[2]:
                row[4], index = index, index + 1
    parts = [name, *_display_order([tuple(r) for r in rows])]  # type: ignore[misc]
    if advanced:
        parts.append("[<CommonParameters>]")
    return [" ".join(parts)]


def is_advanced(body: N.ScriptBlockAst, params: list[N.ParameterAst]) -> bool:
    """A function with [CmdletBinding()] or a [Parameter()] attribute (it gets the common parameters)."""
    attrs = list(body.param_block.attributes) if body.param_block is not None else []
    attrs += [a for p in params for a in p.attributes]
    return any(
        isinstance(a, N.AttributeAst) and str(a.type_name).lower() in ("cmdletbinding", "parameter") for a in attrs
    )


def syntax_text(lines: list[str]) -> str:
    """CommandInfo.Syntax: each line preceded by a newline and followed by one."""
    return "".join(f"\n{line}\n" for line in lines)
