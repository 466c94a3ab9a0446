"""Build a Python function from a cmdlet's metadata (used by pwshim.api).

The function is generated, not written: its keyword-only parameters, type annotations,
`inspect.Signature` and docstring all come from the cmdlet's `Parameter` declarations, so a
cmdlet added to pwshim/cmdlets appears in `pwshim.api` with no extra code. Calling it runs the
same cmdlet class the interpreter runs, through `pwshim.runtime.cmdlet.invoke` (the real
parameter binder: validation, conversion, parameter sets).
"""

from __future__ import annotations

import inspect
import keyword
from collections.abc import Callable
from typing import Any

from pwshim.runtime.cmdlet import (
    COMMON_PARAMETERS,
    SHOULD_PROCESS_PARAMETERS,
    Cmdlet,
    Parameter,
    Switch,
    snake,
)

# Common parameters that mean something to a Python caller (the *Variable ones name
# PowerShell variables and are accepted but not advertised).
_ADVERTISED_COMMON = ("Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction")


class _NoInput:
    """Default of `pipeline_input`: the cmdlet is not fed by a pipeline."""

    _instance: _NoInput | None = None

    def __new__(cls) -> _NoInput:  # noqa: PYI034 - a singleton: always the one instance
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NO_INPUT"

    def __bool__(self) -> bool:
        return False


NO_INPUT = _NoInput()


def function_name(cmdlet_name: str) -> str:
    """'Connect-AzAccount' -> 'connect_az_account'."""
    return python_identifier(snake(cmdlet_name))


def python_identifier(name: str) -> str:
    """A snake name made safe as a Python identifier (`as` -> `as_`)."""
    name = "".join(c if c.isalnum() or c == "_" else "_" for c in name)
    if not name or name[0].isdigit():
        name = "_" + name
    return name + "_" if keyword.iskeyword(name) or keyword.issoftkeyword(name) else name


def annotation(p: Parameter) -> Any:
    """The Python type of a parameter, for `__signature__` and the docstring."""
    if p.is_switch:
        return bool
    if p.type is object:
        return Any
    if isinstance(p.type, list | tuple):
        return list[p.type[0]]  # type: ignore[index]
    return p.type


def _type_text(p: Parameter) -> str:
    ann = annotation(p)
    if ann is Any:
        return "Any"
    if isinstance(ann, type):
        return ann.__name__
    return str(ann).replace("typing.", "")


class FunctionSpec:
    """The Python names of one cmdlet's parameters, and how they map back to PowerShell names."""

    def __init__(self, cls: type[Cmdlet]) -> None:
        self.cls = cls
        self.by_keyword: dict[str, str] = {}  # python keyword (or lower PS name/alias) -> PS name
        self.signature_params: list[inspect.Parameter] = [
            inspect.Parameter("pipeline_input", inspect.Parameter.KEYWORD_ONLY, default=NO_INPUT, annotation=Any)
        ]
        used = {"pipeline_input"}
        own = list(cls.parameters.values())
        extra = list(SHOULD_PROCESS_PARAMETERS.values()) if cls.supports_should_process else []
        extra += [COMMON_PARAMETERS[n] for n in _ADVERTISED_COMMON]
        for p in own + extra:
            self._add(p, p.name, used)
        for p in own:
            for alias in p.aliases:
                self._add(p, alias, used)
        for p in cls.all_parameters().values():
            for name in (p.name, *p.aliases):
                self.by_keyword.setdefault(name.lower(), p.name)
                self.by_keyword.setdefault(python_identifier(snake(name)), p.name)

    def _add(self, p: Parameter, name: str, used: set[str]) -> None:
        py = python_identifier(snake(name))
        if py in used:
            return
        used.add(py)
        self.by_keyword[py] = p.name
        ann = annotation(p)
        if not p.is_switch and ann is not Any:
            ann = ann | None  # None = not given
        default = False if p.is_switch else None
        self.signature_params.append(inspect.Parameter(py, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=ann))

    def signature(self) -> inspect.Signature:
        return inspect.Signature(self.signature_params, return_annotation=Any)

    def to_powershell(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """Map Python keyword arguments to PowerShell parameter names.

        None (and False for a switch) means "not given", so optional arguments can be passed
        through from the caller's own defaults."""
        params: dict[str, Any] = {}
        for key, value in kwargs.items():
            name = self.by_keyword.get(key) or self.by_keyword.get(key.lower())
            if name is None:
                raise TypeError(f"{function_name(self.cls.name)}() got an unexpected keyword argument '{key}'")
            p = self.cls.all_parameters()[name]
            if value is None or (p.type is Switch and value is False):
                continue
            if name in params:
                raise TypeError(f"{function_name(self.cls.name)}() got parameter '{name}' twice (alias)")
            params[name] = value
        return params


def docstring(cls: type[Cmdlet], spec: FunctionSpec) -> str:
    """Synopsis, parameter sets (in pwsh's syntax form) and the parameter list."""
    lines = [cls.synopsis() or f"The {cls.name} cmdlet.", ""]
    lines.append(f"Python form of the PowerShell cmdlet {cls.name}. Returns None when the cmdlet")
    lines.append("writes no output, the object when it writes exactly one, else a list.")
    lines.append("Terminating errors raise pwshim.api.PowerShellError; non-terminating ones are")
    lines.append("issued as warnings and kept on pwshim.api.last_errors().")
    lines.append("")
    lines.append("Parameter sets:")
    for set_name in cls.parameter_sets():
        parts = []
        for p in cls.parameters.values():
            if not p.in_set(set_name):
                continue
            word = python_identifier(snake(p.name))
            part = f"{word}=True" if p.is_switch else f"{word}: {_type_text(p)}"
            parts.append(part if p.is_mandatory(set_name) else f"[{part}]")
        label = "" if set_name == "__AllParameterSets" else f"  {set_name}:"
        if label:
            lines.append(label)
        lines.append("    " + function_name(cls.name) + "(" + ", ".join(parts) + ")")
    lines.append("")
    lines.append("Parameters:")
    lines.append("    pipeline_input: objects to pipe in (omitted: no pipeline; None: an empty one;")
    lines.append("        a list/tuple/iterator: each item; anything else: one object).")
    for p in cls.parameters.values():
        word = python_identifier(snake(p.name))
        flags = []
        if p.mandatory or any(v.get("mandatory") for v in p.per_set.values()):
            flags.append("mandatory")
        if p.pipeline:
            flags.append("from pipeline")
        if p.pipeline_by_name:
            flags.append("from pipeline by property name")
        if p.validate_set:
            flags.append("one of " + ", ".join(p.validate_set))
        if p.sets:
            flags.append("sets: " + ", ".join(p.sets))
        head = f"    {word} ({_type_text(p)}) [-{p.name}]"
        if p.aliases:
            head += " aliases: " + ", ".join(python_identifier(snake(a)) for a in p.aliases)
        lines.append(head)
        detail = "; ".join(flags)
        if p.help:
            detail = p.help + (f" ({detail})" if detail else "")
        if detail:
            lines.append("        " + detail)
    return "\n".join(lines)


def make_function(cls: type[Cmdlet], call: Callable[[type[Cmdlet], Any, dict[str, Any]], Any]) -> Callable[..., Any]:
    """The Python function for `cls`; `call(cls, pipeline_input, ps_params)` runs it."""
    spec = FunctionSpec(cls)

    def cmdlet_function(*, pipeline_input: Any = NO_INPUT, **kwargs: Any) -> Any:
        return call(cls, pipeline_input, spec.to_powershell(kwargs))

    name = function_name(cls.name)
    cmdlet_function.__name__ = name
    cmdlet_function.__qualname__ = name
    cmdlet_function.__module__ = "pwshim.api"
    cmdlet_function.__doc__ = docstring(cls, spec)
    cmdlet_function.__signature__ = spec.signature()  # type: ignore[attr-defined]
    cmdlet_function.__annotations__ = {p.name: p.annotation for p in spec.signature_params}
    cmdlet_function.cmdlet = cls  # type: ignore[attr-defined]
    return cmdlet_function
