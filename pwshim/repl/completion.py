"""Tab completion candidates, terminal-free (pwsh's CommandCompletion, reduced to what the
Azure sign-in docs need). `complete(text_before_cursor, session)` returns `Candidate`s, each
replacing the last `-start_offset` characters of the text:

- command names (cmdlets, aliases, functions) in command position, prefix, case-insensitive;
- `-` after a command: its parameters and their aliases, then the common parameters;
- the argument of a parameter whose values are enumerable: ValidateSet values, enum members
  (`-Scope`, `-IdentityType`), ActionPreference names for -ErrorAction and friends, and the
  values of Az's argument completers (`-ResourceTypeName`, `-AuthScope`, `-Environment`:
  completion_values);
- `$` variables (session scopes, automatic variables) and `$env:` names;
- `.` after a variable: the members of its value, from the runtime object model (Get-Member's,
  and the .NET members the runtime bridges on DateTime, arrays and hashtables), a hashtable's
  keys first; methods are inserted with `(` (or `()` when they take no argument), as pwsh does;
- `[`: .NET type names (full names, names without `System.`, short names, accelerators);
  `]::`: static members;
- anything else in argument position: file paths relative to the session's location, and
  `Cert:\\` paths (pwshim.certdrive).
"""

from __future__ import annotations

import enum
import inspect
import os
import re
from dataclasses import dataclass
from typing import Any

from pwshim.repl.completion_paths import path_candidates

__all__ = ["Candidate", "complete"]


@dataclass(frozen=True)
class Candidate:
    text: str  # what replaces the word
    start_offset: int  # <= 0: how many characters before the cursor are replaced
    display: str = ""
    meta: str = ""


_ACTION_PREFERENCE = ("Break", "Continue", "Ignore", "Inquire", "SilentlyContinue", "Stop", "Suspend")
_ACTION_PARAMETERS = {"erroraction", "warningaction", "informationaction", "progressaction"}
# Statics of builtin types that pwshim implements in dotnet.primitives' tables (their keys are
# lower-case there; pwsh's spelling here). tests/repl check each one resolves.
BUILTIN_STATICS: dict[str, tuple[str, ...]] = {
    "System.String": ("Compare", "Concat", "Empty", "Equals", "Format", "IsNullOrEmpty",
                      "IsNullOrWhiteSpace", "Join", "new"),
    "System.Int32": ("MaxValue", "MinValue", "Parse", "TryParse"),
    "System.Int64": ("MaxValue", "MinValue", "Parse", "TryParse"),
    "System.DateTime": ("Now", "Parse", "ParseExact", "Today", "UtcNow"),
}
_BUILTIN_STATIC_PROPERTIES = {"Empty", "MaxValue", "MinValue", "Now", "Today", "UtcNow"}
# The token that ends the previous command element: after it comes a command name.
_COMMAND_START = {"PIPE", "_SEMI", "_NEWLINE", "LBRACE", "LPAREN", "SUBEXPR_OPEN", "ARRAY_OPEN",
                  "ASSIGN", "ANDAND", "OROR", "AMP_CALL", "DOTSOURCE"}
_WORD = re.compile(r"[^\s|;{}()=,&]*$")
_TYPE_OPEN = re.compile(r"(?:^|[\s(,=;{|!+\-*/])\[(?P<prefix>[\w.`]*)$")
_STATIC = re.compile(r"\[(?P<type>[\w.`\[\]]+?)\]::(?P<prefix>\w*)$")
_MEMBER = re.compile(r"\$(?P<var>[\w:]+)(?P<chain>(?:\.\w+)*)\.(?P<prefix>\w*)$")
_VARIABLE = re.compile(r"\$(?P<prefix>(?:(?:global|script|local|env):)?\w*)$", re.IGNORECASE)
_PARAM_COLON = re.compile(r"^-(?P<name>\w+):(?P<prefix>.*)$")


def complete(text: str, session: Any) -> list[Candidate]:
    """Candidates for the end of `text` (the text before the cursor)."""
    for rule in (_static_members, _types, _members, _variables):
        found = rule(text, session)
        if found is not None:
            return found
    return _command_line(text, session)


def _starts(name: str, prefix: str) -> bool:
    return name.lower().startswith(prefix.lower())


# --- commands, parameters, values -------------------------------------------------------------
def _command_line(text: str, session: Any) -> list[Candidate]:
    word = _WORD.search(text).group(0)  # type: ignore[union-attr]
    before = text[: len(text) - len(word)]
    command, args = _current_command(before)
    if command is None and args is None:
        return path_candidates(word, session)
    if command is None:
        if word.startswith(("./", "../", "/", "~", ".\\")):
            return path_candidates(word, session)
        return command_names(word, session)
    cls = _find_command(command)
    if cls is None and word.startswith("-"):
        return _function_parameters(session, command, word[1:])
    colon = _PARAM_COLON.match(word)
    if colon:
        values = _parameter_values(cls, colon.group("name"), session)
        return _value_candidates(values, colon.group("prefix"))
    if word.startswith("-"):
        return parameter_names(cls, word[1:]) if cls is not None else []
    if args and args[-1].startswith("-") and cls is not None:
        values = _parameter_values(cls, args[-1][1:], session)
        if values is not None:
            return _value_candidates(values, word)
    return path_candidates(word, session)


def _current_command(before: str) -> tuple[str | None, list[str] | None]:
    """(command name, argument words so far) of the element the cursor is in. (None, []) in
    command position; (None, None) when the text cannot be tokenized (inside a string...)."""
    from pwshim.lexer import LexError, tokenize

    try:
        tokens = tokenize(before)
    except LexError:
        return None, None
    start = 0
    for i, tok in enumerate(tokens):
        if tok.type in _COMMAND_START or tok.type.startswith("KW_"):
            start = i + 1
    element = tokens[start:]
    if not element:
        return None, []
    first = element[0]
    if first.type != "GENERIC":
        return None, None
    return str(first.value), [str(t.value) for t in element[1:]]


def _find_command(name: str) -> Any:
    from pwshim.runtime.cmdlet import find_cmdlet

    return find_cmdlet(name)


def command_names(prefix: str, session: Any) -> list[Candidate]:
    """Cmdlets, functions and aliases starting with `prefix` (case-insensitive)."""
    from pwshim.runtime.cmdlet import all_aliases, all_cmdlets

    found: dict[str, Candidate] = {}
    for cls in all_cmdlets():
        if _starts(cls.name, prefix):
            found.setdefault(cls.name.lower(), Candidate(cls.name, -len(prefix), cls.name, "Cmdlet"))
    for name, info in sorted(getattr(session, "functions", {}).items()):
        display = getattr(info, "Name", None) or name
        if _starts(display, prefix):
            found.setdefault(display.lower(), Candidate(display, -len(prefix), display, "Function"))
    aliases = dict(all_aliases())
    aliases.update(getattr(session, "aliases", {}) or {})
    for alias, target in sorted(aliases.items()):
        if prefix and _starts(alias, prefix):
            found.setdefault(alias.lower(), Candidate(alias, -len(prefix), f"{alias} -> {target}", "Alias"))
    return sorted(found.values(), key=lambda c: (c.meta == "Alias", c.text.lower()))


def parameter_names(cls: Any, prefix: str) -> list[Candidate]:
    """`-Name` for every parameter (own first, then common) whose name or alias matches."""
    out: list[Candidate] = []
    for name, param in cls.all_parameters().items():
        if _starts(name, prefix):
            out.append(Candidate("-" + name, -len(prefix) - 1, "-" + name, param.type_name()))
        for alias in param.aliases:
            if prefix and _starts(alias, prefix) and not _starts(name, prefix):
                out.append(Candidate("-" + alias, -len(prefix) - 1, f"-{alias} ({name})", param.type_name()))
    return out


def _function_parameters(session: Any, name: str, prefix: str) -> list[Candidate]:
    """`-Name` for the parameters of a function defined in the session."""
    info = getattr(session, "functions", {}).get(name.lower())
    block = getattr(getattr(info, "body", None), "param_block", None)
    params = tuple(getattr(info, "params", ()) or ()) + tuple(block.parameters if block else ())
    names = list(dict.fromkeys(p.name for p in params))
    return [Candidate("-" + n, -len(prefix) - 1, "-" + n, "Parameter") for n in names if _starts(n, prefix)]


def _parameter(cls: Any, name: str) -> Any:
    params = cls.all_parameters()
    key = name.lower()
    for pname, param in params.items():
        if pname.lower() == key or key in (a.lower() for a in param.aliases):
            return param
    matches = [p for n, p in params.items() if n.lower().startswith(key)]
    return matches[0] if len(matches) == 1 else None


def _parameter_values(cls: Any, name: str, session: Any = None) -> list[str] | None:
    """The enumerable values of a parameter (ValidateSet, enum type, an Az argument completer),
    None when open-ended."""
    if cls is None:
        return None
    if name.lower() in _ACTION_PARAMETERS:
        return list(_ACTION_PREFERENCE)
    param = _parameter(cls, name)
    if param is None or param.is_switch:
        return None
    from pwshim.repl.completion_values import argument_completer_values

    values = argument_completer_values(cls, param, session)
    if values is not None:
        return values
    if param.validate_set:
        return list(param.validate_set)
    typ = param.type[0] if isinstance(param.type, list | tuple) and param.type else param.type
    if isinstance(typ, type) and issubclass(typ, enum.Enum):
        return list(typ.__members__)
    return None


def _value_candidates(values: list[str] | None, prefix: str) -> list[Candidate]:
    if values is None:
        return []
    bare = prefix.strip("'\"")
    return [Candidate(v, -len(prefix), v, "Value") for v in values if _starts(v, bare)]


# --- variables and members ---------------------------------------------------------------------
def _variables(text: str, session: Any) -> list[Candidate] | None:
    m = _VARIABLE.search(text)
    if m is None:
        return None
    prefix = m.group("prefix")
    scope, _, name = prefix.rpartition(":")
    if scope.lower() == "env":
        names = sorted(getattr(session, "environ", os.environ))
        return [Candidate(f"$env:{n}", -len(prefix) - 1, n, "Environment") for n in names if _starts(n, name)]
    found: dict[str, str] = {}
    s = getattr(session, "scope", None)
    while s is not None:
        for key, entry in s.vars.items():
            found.setdefault(key, entry[0])
        s = s.parent
    head = f"{scope}:" if scope else ""
    return [Candidate(f"${head}{display}", -len(prefix) - 1, f"${display}", "Variable")
            for _, display in sorted(found.items()) if _starts(display, name)]


def _members(text: str, session: Any) -> list[Candidate] | None:
    m = _MEMBER.search(text)
    if m is None:
        return None
    from pwshim.runtime.objects import get_property

    from pwshim.repl.completion_members import assigned_value

    # a variable assigned earlier on this line (`$d = Get-Date; $d.<Tab>`), else its value now
    found, value = assigned_value(text[: m.start()], m.group("var"))
    if not found:
        value = session.get_variable(m.group("var")) if session is not None else None
    for prop in filter(None, m.group("chain").split(".")):
        if value is None:
            return []
        try:
            value = get_property(value, prop, None)
        except Exception:  # noqa: BLE001 - a property that fails just yields no completions
            return []
    if value is None:
        return []
    return _member_candidates(value, m.group("prefix"))


def _member_candidates(value: Any, prefix: str) -> list[Candidate]:
    """Keys (of a hashtable), properties and methods of `value` starting with `prefix`
    (pwshim.repl.completion_members); a method is inserted with `(`, or `()` without arguments."""
    from pwshim.repl.completion_members import member_entries

    out = []
    for name, kind, no_args in member_entries(value):
        if not _starts(name, prefix):
            continue
        text = name + (("()" if no_args else "(") if "Method" in kind else "")
        out.append(Candidate(text, -len(prefix), name, kind))
    return sorted(out, key=lambda c: (c.meta != "Key", c.display.lower()))


# --- types and static members ------------------------------------------------------------------
def type_names() -> dict[str, str]:
    """lower-case name -> the spelling to insert, for every name a type literal accepts."""
    from pwshim.runtime import dotnet, types

    full_names, keys = dotnet.registered_names()
    names: dict[str, str] = {}
    for full in full_names:
        names.setdefault(full.lower(), full)
    for key in keys + list(types.ACCELERATORS):
        if key not in names and not key.startswith("system."):
            names[key] = key  # an accelerator: pwsh lists them in lower case
    return names


def _types(text: str, session: Any) -> list[Candidate] | None:
    m = _TYPE_OPEN.search(text)
    if m is None:
        return None
    prefix = m.group("prefix")
    low = prefix.lower()
    out: dict[str, Candidate] = {}
    for key, spelling in type_names().items():
        short = key.rsplit(".", 1)[-1]
        if key.startswith((low, "system." + low)) or short.startswith(low):
            out.setdefault(spelling, Candidate(spelling + "]", -len(prefix), spelling, "Type"))
    return sorted(out.values(), key=lambda c: (c.display.rsplit(".", 1)[-1].lower(), c.display.lower()))


def _static_members(text: str, session: Any) -> list[Candidate] | None:
    m = _STATIC.search(text)
    if m is None:
        return None
    from pwshim.runtime.dotnet import member_names
    from pwshim.runtime.types import lookup_type

    prefix = m.group("prefix")
    rtype = lookup_type(m.group("type"))
    if rtype is None:
        return []
    cls = rtype.cls
    names: dict[str, str] = {}
    for name in BUILTIN_STATICS.get(rtype.FullName, ()):
        names[name] = "Property" if name in _BUILTIN_STATIC_PROPERTIES else "Method"
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        for name in cls.__members__:
            names[name] = "Property"
    elif isinstance(cls, type) and cls.__module__.startswith("pwshim"):
        names.setdefault("new", "Method")
        for name in member_names(cls):
            if name.startswith("PS_"):
                continue
            attr = inspect.getattr_static(cls, name, None)
            if isinstance(attr, staticmethod | classmethod):
                names[name] = "Method"
            elif not callable(attr) and not isinstance(attr, property):
                names[name] = "Property"
    out = []
    for name, kind in sorted(names.items(), key=lambda kv: kv[0].lower()):
        if _starts(name, prefix):
            out.append(Candidate(name + ("(" if kind == "Method" else ""), -len(prefix), name, kind))
    return out
