"""Binding a script block's / function's parameters (param blocks, `function f($a)`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pwshim import nodes as N
from pwshim.runtime.binding import NO_VALUE, NamedArg
from pwshim.runtime.binding_errors import (
    already_bound,
    ambiguous_parameter,
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
                sp.mandatory = to_bool(_attr_arg(interp, attr, "Mandatory"))
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
        return True if value is NO_VALUE else to_bool(value)
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
    A binding error names the function as pwsh's does: reason and activity `f`, id `Id,f`."""
    try:
        return _bind_script_parameters(interp, ast, params, positional, named, command_name)
    except PSError as error:
        if command_name:
            claim_binding_error(error, command_name, command_name)
        raise


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
    if ast.param_block is not None and any(
        str(a.type_name).lower() == "cmdletbinding" for a in ast.param_block.attributes
    ):
        advanced = True
    bound: dict[str, Any] = {}
    leftover: list[Any] = []
    queue = list(positional)
    pending_named = list(named)
    i = 0
    while i < len(pending_named):
        arg = pending_named[i]
        sp = _match(described, arg.name, advanced, arg.span)
        if sp is None:
            common = next((c for c in COMMON_PARAMETERS if c.lower().startswith(arg.name.lower())), None)
            if advanced and common is not None:
                if common == "ErrorAction" and arg.value is not NO_VALUE:
                    session.set_variable("ErrorActionPreference", to_string(arg.value), "local")
                i += 1
                continue
            if advanced:
                raise parameter_not_found(arg.name, arg.span)
            leftover.append(arg.text or "-" + arg.name)
            if arg.value is not NO_VALUE:
                leftover.append(arg.value)
            i += 1
            continue
        if sp.name in bound:
            raise already_bound(sp.name, arg.span)
        value = arg.value
        if value is NO_VALUE and not sp.is_switch:
            if queue:
                value = queue.pop(0)
            else:
                raise missing_argument(sp.name, sp.type.FullName if sp.type is not None else "System.Object", arg.span)
        bound[sp.name] = _convert(interp, sp, value, arg.span)
        i += 1
    # positional: explicit Position first, else declaration order (pwsh's default PositionalBinding)
    explicit = any(sp.position is not None for sp in described)
    order = sorted((sp for sp in described if sp.position is not None), key=lambda s: s.position) if explicit \
        else [sp for sp in described if not sp.is_switch]
    for sp in order:
        if not queue:
            break
        if sp.name in bound or sp.is_switch:
            continue
        bound[sp.name] = _convert(interp, sp, queue.pop(0), None)
    if queue:
        if advanced:
            raise positional_not_found(queue[0], None)
        leftover.extend(queue)
    missing = [sp for sp in described if sp.mandatory and sp.name not in bound and not (sp.from_pipeline or sp.by_property)]
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
            value = False
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
    session.set_variable("PSBoundParameters", table, "local")
    session.scope.vars["__described__"] = ["__described__", described, None]
    session.scope.vars["__command__"] = ["__command__", command_name, None]
    return leftover


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
