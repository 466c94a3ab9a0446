"""Binding a script block's / function's parameters (param blocks, `function f($a)`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pwshim import nodes as N
from pwshim.runtime.binding import NO_VALUE, NamedArg, PositionalArg
from pwshim.runtime.binding_errors import (
    already_bound,
    ambiguous_parameter,
    ambiguous_parameter_set,
    check_null_or_empty,
    claim_binding_error,
    missing_argument,
    missing_mandatory,
    not_in_set,
    null_validation_failure,
    parameter_not_found,
    positional_not_found,
    transformation_failed,
    validation_failed,
)
from pwshim.runtime.cmdlet import COMMON_PARAMETERS
from pwshim.runtime.conversions import to_bool, to_string
from pwshim.runtime.errors import DotNetException, PSError
from pwshim.runtime.objects import Hashtable
from pwshim.runtime.scriptblock import ScriptCmdlet, SwitchParameter

ALL_SETS = "__AllParameterSets"
# Common parameters that set a preference variable in the function's scope (pwsh's
# CommonParameters): name -> (variable, value when the switch is present, value when :$false).
_PREFERENCE_OF = {
    "ErrorAction": "ErrorActionPreference",
    "WarningAction": "WarningPreference",
    "InformationAction": "InformationPreference",
    "ProgressAction": "ProgressPreference",
}
_SWITCH_PREFERENCE = {
    "Verbose": ("VerbosePreference", "Continue", "SilentlyContinue"),
    "Debug": ("DebugPreference", "Continue", "SilentlyContinue"),
    "WhatIf": ("WhatIfPreference", True, False),
    "Confirm": ("ConfirmPreference", "Low", "None"),
}


@dataclass
class ScriptParam:
    name: str
    node: N.ParameterAst
    type: Any = None  # RuntimeType
    is_switch: bool = False
    mandatory: bool = False
    position: int | None = None
    from_pipeline: bool = False
    by_property: bool = False
    aliases: list[str] = field(default_factory=list)
    validate_set: list[str] | None = None
    allow_null: bool = False  # [AllowNull()]
    allow_empty_string: bool = False  # [AllowEmptyString()]
    allow_empty_collection: bool = False  # [AllowEmptyCollection()]
    null_checks: list[str] = field(default_factory=list)  # [ValidateNotNull()] and friends, lower case
    sets: dict[str, bool] = field(default_factory=dict)  # ParameterSetName -> Mandatory there ({} = all sets)


def _attr_arg(interp: Any, attr: N.AttributeAst, name: str) -> Any:
    for named in attr.named:
        if named.name.lower() == name.lower():
            return True if named.expression_omitted else interp.eval(named.value)
    return None


_NULL_CHECKS = ("validatenotnull", "validatenotnullorempty", "validatenotnullorwhitespace")


def _attribute_name(attr: N.AttributeAst) -> str:
    """`[System.Management.Automation.AllowNullAttribute()]` -> 'allownull'."""
    name = str(attr.type_name).lower()
    name = name.removeprefix("system.management.automation.")
    return name.removesuffix("attribute")


def describe(interp: Any, params: list[N.ParameterAst]) -> tuple[list[ScriptParam], bool]:
    """ScriptParam metadata for each parameter, and whether the block is 'advanced'."""
    result: list[ScriptParam] = []
    advanced = False
    for p in params:
        sp = ScriptParam(p.name, p)
        if p.type is not None:
            tname = str(p.type).lower()
            if tname in ("switch", "system.management.automation.switchparameter"):
                sp.is_switch = True
            else:
                sp.type = interp.resolve_type_name(p.type, p.span)
        for attr in p.attributes:
            if not isinstance(attr, N.AttributeAst):
                continue
            aname = _attribute_name(attr)
            if aname == "parameter":
                advanced = True
                mandatory = to_bool(_attr_arg(interp, attr, "Mandatory"))
                set_name = _attr_arg(interp, attr, "ParameterSetName")
                if set_name is not None and to_string(set_name) != ALL_SETS:
                    sp.sets[to_string(set_name)] = mandatory
                else:
                    sp.mandatory = sp.mandatory or mandatory
                pos = _attr_arg(interp, attr, "Position")
                sp.position = int(pos) if pos is not None else None
                sp.from_pipeline = to_bool(_attr_arg(interp, attr, "ValueFromPipeline"))
                sp.by_property = to_bool(_attr_arg(interp, attr, "ValueFromPipelineByPropertyName"))
            elif aname == "alias":
                sp.aliases.extend(to_string(interp.eval(a)) for a in attr.positional)
            elif aname == "validateset":
                sp.validate_set = [to_string(interp.eval(a)) for a in attr.positional]
            elif aname == "allownull":
                sp.allow_null = True
            elif aname == "allowemptystring":
                sp.allow_empty_string = True
            elif aname == "allowemptycollection":
                sp.allow_empty_collection = True
            elif aname in _NULL_CHECKS:
                sp.null_checks.append(aname)
        result.append(sp)
    return result, advanced


def _match(params: list[ScriptParam], name: str, advanced: bool, span: Any) -> ScriptParam | None:
    key = name.lower()
    for sp in params:
        if sp.name.lower() == key or any(a.lower() == key for a in sp.aliases):
            return sp
    matches = [sp for sp in params if sp.name.lower().startswith(key) or any(a.lower().startswith(key) for a in sp.aliases)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise ambiguous_parameter(name, [m.name for m in matches], span)
    return None


def _convert(interp: Any, sp: ScriptParam, value: Any, span: Any, is_default: bool = False) -> Any:
    """ParameterBinderBase.BindParameter for a script parameter: the type conversion (an argument
    transformation, ParameterArgumentTransformationError), the validation attributes, then, for a
    mandatory parameter, the null / empty checks. A default value is converted, never validated."""
    if sp.is_switch:
        return SwitchParameter(True if value is NO_VALUE else to_bool(value))
    if sp.type is not None:
        value = _transform(sp, value, span)
    if is_default:
        return value
    if sp.validate_set is not None and value is not None:
        allowed = [s.lower() for s in sp.validate_set]
        for v in value if isinstance(value, list) else [value]:
            if to_string(v).lower() not in allowed:
                raise not_in_set(sp.name, to_string(v), sp.validate_set, span)
    for check in sp.null_checks:
        reason = null_validation_failure(check, value)
        if reason is not None:
            raise validation_failed(sp.name, reason, span)
    if sp.mandatory:
        full_name = sp.type.FullName if sp.type is not None else "System.Object"
        check_null_or_empty(
            sp.name,
            value,
            full_name in ("System.String", "System.String[]"),
            bool(sp.type is not None and sp.type.is_array),
            span,
            allow_null=sp.allow_null,
            allow_empty_string=sp.allow_empty_string,
            allow_empty_collection=sp.allow_empty_collection,
        )
    return value


def _transform(sp: ScriptParam, value: Any, span: Any) -> Any:
    """ArgumentTypeConverterAttribute: LanguagePrimitives.ConvertTo to the declared type, where
    $null becomes '' for [string] and 0 for numbers but stays $null for reference types."""
    from pwshim.runtime.types import convert_to

    if sp.type.FullName == "System.Boolean":
        if isinstance(value, SwitchParameter):  # CheckBoolValue takes a SwitchParameter too
            return value.IsPresent
        _check_bool(sp, value, span)
    if value is None:
        if sp.type.FullName == "System.String":
            return ""
        if sp.type.is_array:
            return None
    try:
        return convert_to(value, sp.type)
    except DotNetException as exc:
        raise transformation_failed(sp.name, str(exc), span) from None


def _check_bool(sp: ScriptParam, value: Any, span: Any) -> None:
    """CheckBoolValue: a [bool] parameter takes only Booleans and numbers (not $null, not text)."""
    from pwshim.runtime.types import full_name_of_class

    base = getattr(value, "base_object", value)
    if isinstance(base, bool | int | float | Decimal):
        return
    shown = "" if base is None else full_name_of_class(type(base))
    raise transformation_failed(
        sp.name,
        f'Cannot convert value "{shown}" to type "System.Boolean". Boolean parameters accept only Boolean '
        "values and numbers, such as $True, $False, 1 or 0.",
        span,
    )


def bind_script_parameters(
    interp: Any,
    ast: N.ScriptBlockAst,
    params: list[N.ParameterAst],
    positional: list[Any],
    named: list[NamedArg],
    command_name: str,
) -> list[Any]:
    """Bind and set the parameter variables in the current scope; returns what goes to $args.
    `positional` holds the values, or PositionalArg items (then an error about a value points at it).
    A binding error names the function as pwsh's does: reason and activity `f`, id `Id,f`."""
    try:
        return _bind_script_parameters(interp, ast, params, positional, named, command_name)
    except PSError as error:
        if command_name:
            claim_binding_error(error, command_name, command_name)
        raise


_ACTIONS = ("SilentlyContinue", "Stop", "Continue", "Inquire", "Ignore", "Suspend", "Break")


def _action_preference(name: str, value: Any, span: Any) -> str:
    """An ActionPreference argument (`-ea 0`, `-ErrorAction SilentlyContinue`) as its name."""
    base = getattr(value, "base_object", value)
    if isinstance(base, int) and not isinstance(base, bool) and 0 <= base < len(_ACTIONS):
        return _ACTIONS[base]
    text = to_string(base)
    for action in _ACTIONS:
        if action.lower() == text.strip().lower():
            return action
    raise transformation_failed(
        name,
        f'Cannot convert value "{text}" to type "System.Management.Automation.ActionPreference". Error: '
        f'"Unable to match the identifier name {text} to a valid enumerator name. Specify one of the '
        f'following enumerator names and try again:\n{", ".join(_ACTIONS)}"',
        span,
    )


def _cmdlet_binding(interp: Any, ast: N.ScriptBlockAst) -> tuple[bool, str | None, bool]:
    """(has [CmdletBinding()], DefaultParameterSetName, SupportsShouldProcess)."""
    if ast.param_block is None:
        return False, None, False
    for attr in ast.param_block.attributes:
        if isinstance(attr, N.AttributeAst) and _attribute_name(attr) == "cmdletbinding":
            default = _attr_arg(interp, attr, "DefaultParameterSetName")
            should = to_bool(_attr_arg(interp, attr, "SupportsShouldProcess"))
            return True, (to_string(default) if default is not None else None), should
    return False, None, False


def _match_common(name: str, should_process: bool, span: Any) -> str | None:
    """The common parameter `-name` names (full name, alias, or unique prefix), if any."""
    from pwshim.runtime.cmdlet import SHOULD_PROCESS_PARAMETERS

    table = dict(COMMON_PARAMETERS)
    if should_process:
        table.update(SHOULD_PROCESS_PARAMETERS)
    key = name.lower()
    for pname, p in table.items():
        if pname.lower() == key or any(a.lower() == key for a in p.aliases):
            return pname
    found = [pname for pname in table if pname.lower().startswith(key)]
    if len(found) > 1:
        raise ambiguous_parameter(name, found, span)
    return found[0] if found else None


def _bind_common(interp: Any, common: str, value: Any, span: Any) -> Any:
    """Bind one common parameter: its preference variable in the function's scope; the value
    that $PSBoundParameters shows."""
    session = interp.session
    if common in _SWITCH_PREFERENCE:
        switch = SwitchParameter(True if value is NO_VALUE else to_bool(value))
        variable, on, off = _SWITCH_PREFERENCE[common]
        session.set_variable(variable, on if switch.IsPresent else off, "local")
        return switch
    if common in _PREFERENCE_OF:
        action = _action_preference(common, value, span)
        session.set_variable(_PREFERENCE_OF[common], action, "local")
        return action
    if common == "OutBuffer":
        return value
    return to_string(value)


def _resolve_set(described: list[ScriptParam], bound: dict[str, Any], default_set: str | None) -> str:
    """The parameter set the bound parameters select (pwsh's parameter-set resolution)."""
    declared: list[str] = []
    for sp in described:
        declared.extend(n for n in sp.sets if n not in declared)
    if not declared:
        return default_set or ALL_SETS
    candidates = list(declared)
    for sp in described:
        if sp.name in bound and sp.sets:
            candidates = [c for c in candidates if c in sp.sets]
    if not candidates:
        raise ambiguous_parameter_set()
    if len(candidates) == 1:
        return candidates[0]
    if default_set in candidates:
        return default_set
    satisfied = [c for c in candidates if all(sp.name in bound for sp in described if sp.sets.get(c))]
    with_mandatory = [c for c in satisfied if any(sp.sets.get(c) for sp in described)]
    if len(with_mandatory) == 1:
        return with_mandatory[0]
    if len(satisfied) == 1:
        return satisfied[0]
    raise ambiguous_parameter_set()


def _mandatory_in(sp: ScriptParam, set_name: str) -> bool:
    return sp.mandatory or bool(sp.sets.get(set_name))


def _in_set(sp: ScriptParam, set_name: str) -> bool:
    return not sp.sets or set_name in sp.sets or set_name == ALL_SETS


def _bind_script_parameters(
    interp: Any,
    ast: N.ScriptBlockAst,
    params: list[N.ParameterAst],
    positional: list[Any],
    named: list[NamedArg],
    command_name: str,
) -> list[Any]:
    session = interp.session
    described, advanced = describe(interp, params)
    has_binding, default_set, should_process = _cmdlet_binding(interp, ast)
    advanced = advanced or has_binding
    bound: dict[str, Any] = {}
    commons: dict[str, Any] = {}
    leftover: list[Any] = []
    # PositionalArg items carry their span, so an error about a value points at it
    queue = [a.value for a in positional] if any(isinstance(a, PositionalArg) for a in positional) \
        else list(positional)
    spans = [a.span if isinstance(a, PositionalArg) else None for a in positional]

    def take() -> tuple[Any, Any]:
        return queue.pop(0), (spans.pop(0) if spans else None)

    for arg in named:
        sp = _match(described, arg.name, advanced, arg.span)
        if sp is None:
            common = _match_common(arg.name, should_process, arg.span) if advanced else None
            if common is not None:
                value = arg.value
                if value is NO_VALUE and COMMON_PARAMETERS.get(common) is not None \
                        and not COMMON_PARAMETERS[common].is_switch:
                    if not queue:
                        raise missing_argument(common, COMMON_PARAMETERS[common].type_name(), arg.span)
                    value, _ = take()
                if common in commons:
                    raise already_bound(common, arg.span)
                commons[common] = _bind_common(interp, common, value, arg.span)
                continue
            if advanced:
                raise parameter_not_found(arg.name, arg.span)
            leftover.append(arg.text or "-" + arg.name)
            if arg.value is not NO_VALUE:
                leftover.append(arg.value)
            continue
        if sp.name in bound:
            raise already_bound(sp.name, arg.span)
        value, span = arg.value, arg.span
        if value is NO_VALUE and not sp.is_switch:
            if queue:
                value, value_span = take()
                span = value_span or span
            else:
                raise missing_argument(sp.name, sp.type.FullName if sp.type is not None else "System.Object", arg.span)
        bound[sp.name] = _convert(interp, sp, value, span)
    # the set the named arguments leave possible decides which parameters take positions
    named_set = None
    if queue:
        try:
            named_set = _resolve_set(described, bound, default_set)
        except PSError:
            named_set = None  # undecided (or contradictory: reported below) until the positions bind
    # positional: explicit Position first, else declaration order (pwsh's default PositionalBinding)
    explicit = any(sp.position is not None for sp in described)
    order = sorted((sp for sp in described if sp.position is not None), key=lambda s: s.position) if explicit \
        else [sp for sp in described if not sp.is_switch]
    for sp in order:
        if not queue:
            break
        if sp.name in bound or sp.is_switch or (named_set is not None and not _in_set(sp, named_set)):
            continue
        value, span = take()
        bound[sp.name] = _convert(interp, sp, value, span)
    if queue:
        if advanced:
            raise positional_not_found(queue[0], spans[0] if spans else None)
        leftover.extend(queue)
    set_name = _resolve_set(described, bound, default_set)
    missing = [sp for sp in described if _in_set(sp, set_name) and _mandatory_in(sp, set_name)
               and sp.name not in bound and not (sp.from_pipeline or sp.by_property)]
    if missing:
        host = session.host
        from pwshim.runtime.binding import _host_is_interactive

        if host.noninteractive or not _host_is_interactive(host):
            raise missing_mandatory([sp.name for sp in missing])
        host.write_line(f"\ncmdlet {command_name or 'Invoke-Command'} at command pipeline position 1")
        host.write_line("Supply values for the following parameters:")
        for sp in missing:
            bound[sp.name] = _convert(interp, sp, host.read_line(f"{sp.name}: "), None)
    for sp in described:
        if sp.name in bound:
            value = bound[sp.name]
        elif sp.is_switch:
            value = SwitchParameter(False)
        elif sp.node.default is not None:
            value = interp.eval(sp.node.default)
            if sp.type is not None and value is not None:
                value = _convert(interp, sp, value, None, is_default=True)
        else:
            value = None
            if sp.type is not None and sp.type.FullName in ("System.Int32", "System.Double", "System.Int64"):
                value = 0
            elif sp.type is not None and sp.type.FullName == "System.String":
                value = ""
            elif sp.type is not None and sp.type.FullName == "System.Boolean":
                value = False
        session.set_variable(sp.name, value, "local")
    table = Hashtable()
    for k, v in bound.items():
        table[k] = v
    for k, v in commons.items():
        table[k] = v
    session.set_variable("PSBoundParameters", table, "local")
    if advanced:
        session.set_variable("PSCmdlet", ScriptCmdlet(session, set_name, command_name, table), "local")
        _stream_variables(session, commons)
    session.scope.vars["__described__"] = ["__described__", described, None]
    session.scope.vars["__command__"] = ["__command__", command_name, None]
    return leftover


def _caller_scope(session: Any) -> Any:
    """The scope that called the function (past the scope that holds only its $MyInvocation)."""
    scope = session.scope.parent
    if scope is not None and set(scope.vars) == {"myinvocation"} and scope.parent is not None:
        scope = scope.parent
    return scope or session.scope


def _stream_variables(session: Any, commons: dict[str, Any]) -> None:
    """-ErrorVariable / -OutVariable: the caller's variable holds a fresh list (`+name` keeps and
    extends what it holds); the function's scope keeps the lists for `note_function_error` and
    `out_variable_list`."""
    lists: dict[str, list[Any]] = {}
    caller = _caller_scope(session)
    for common in ("ErrorVariable", "OutVariable", "WarningVariable", "InformationVariable"):
        name = commons.get(common)
        if not name:
            continue
        append = name.startswith("+")
        name = name.lstrip("+")
        entry = caller.lookup(name) if append else None
        old = entry[1] if entry is not None else None
        items: list[Any] = list(old) if isinstance(old, list) else ([] if old is None else [old])
        key = name.lower()
        if key in caller.vars:
            caller.vars[key][1] = items
        else:
            caller.vars[key] = [name, items, None]
        lists[common] = items
    if lists:
        session.scope.vars["__streamvars__"] = ["__streamvars__", lists, None]


def note_function_error(session: Any, record: Any) -> None:
    """Hook for the error policy: a non-terminating error written while an advanced function
    called with -ErrorVariable runs (in it or in what it calls) goes to that variable too."""
    scope = session.scope
    while scope is not None:
        entry = scope.vars.get("__streamvars__")
        if entry is not None and "ErrorVariable" in entry[1]:
            errors = entry[1]["ErrorVariable"]
            if not any(r is record for r in errors):
                errors.append(record)
        scope = scope.parent


def out_variable_list(session: Any) -> list[Any] | None:
    """Hook for the function's output: the list -OutVariable fills (the current function's)."""
    entry = session.scope.vars.get("__streamvars__")
    return entry[1].get("OutVariable") if entry is not None else None


def bind_pipeline_parameter(interp: Any, params: list[N.ParameterAst], item: Any, all_items: list[Any] | None) -> None:
    """Set the ValueFromPipeline / ByPropertyName parameters for one pipeline object."""
    entry = interp.session.scope.vars.get("__described__")
    if entry is None:
        return
    try:
        _bind_pipeline_parameter(interp, entry[1], item, all_items)
    except PSError as error:
        command = interp.session.scope.vars.get("__command__", [None, ""])[1]
        if command:
            claim_binding_error(error, command, command)
        raise


def _bind_pipeline_parameter(interp: Any, described: list[ScriptParam], item: Any, all_items: list[Any] | None) -> None:
    from pwshim.runtime.objects import get_property

    for sp in described:
        if sp.from_pipeline:
            value = item if all_items is None or sp.type is None or not sp.type.is_array else all_items
            try:
                interp.session.set_variable(sp.name, _convert(interp, sp, value, None), "local")
            except PSError:
                if not sp.by_property:
                    raise
            else:
                continue
        if sp.by_property:
            for pname in [sp.name, *sp.aliases]:
                try:
                    value = get_property(item, pname)
                except KeyError:
                    continue
                interp.session.set_variable(sp.name, _convert(interp, sp, value, None), "local")
                break
