"""Parameter binding as pwsh does it (ParameterBinderController / CmdletParameterBinderController).

Phases: named -> positional -> parameter-set resolution -> mandatory check (prompt or error)
-> per pipeline object: ByValue without coercion, ByPropertyName without coercion, ByValue
with coercion, ByPropertyName with coercion. Error ids and texts are ParameterBinderStrings'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from pwshim.runtime.binding_errors import (
    _bind_error,
    already_bound,
    ambiguous_parameter,
    ambiguous_parameter_set,
    check_null_or_empty,
    claim_binding_error,
    missing_argument,
    missing_mandatory,
    not_in_set,
    parameter_not_found,
    positional_not_found,
)
from pwshim.runtime.cmdlet import Cmdlet, Parameter, Switch, snake
from pwshim.runtime.errors import (
    Category,
    DotNetException,
    ErrorRecord,
    ParameterBindingException,
    PSError,
    Span,
)

NO_VALUE = object()


@dataclass
class NamedArg:
    """`-Name`, `-Name:value`, or a splatted key. `value` is NO_VALUE for a bare `-Name`."""

    name: str
    value: Any = NO_VALUE
    used_colon: bool = False
    span: Span | None = None
    text: str = ""  # the original token text, e.g. '-Name' (for "-foo" taken as a value)


@dataclass
class PositionalArg:
    value: Any
    span: Span | None = None


# pwsh's [AllowNull()], [AllowEmptyString()] and [AllowEmptyCollection()] on the mandatory
# parameters of the cmdlets pwshim implements (their C# sources), for the Parameter
# declarations that do not say so themselves (Parameter(allow_empty_string=True) ...):
# (cmdlet, parameter) -> what is allowed.
PWSH_ALLOWS: dict[tuple[str, str], frozenset[str]] = {
    key: frozenset(allowed.split())
    for key, allowed in {
        ("Write-Debug", "Message"): "empty_string",
        ("Write-Verbose", "Message"): "empty_string",
        ("Write-Warning", "Message"): "empty_string",
        ("Write-Error", "Message"): "null empty_string",
        ("Write-Information", "MessageData"): "null",
        ("Write-Output", "InputObject"): "null empty_collection",
        ("Compare-Object", "ReferenceObject"): "empty_collection",
        ("Compare-Object", "DifferenceObject"): "empty_collection",
        ("ConvertFrom-Json", "InputObject"): "empty_string",
        ("ConvertFrom-StringData", "StringData"): "empty_string",
        ("ConvertTo-Json", "InputObject"): "null",
        ("ForEach-Object", "Process"): "null empty_collection",
        ("Get-Random", "InputObject"): "null",
        ("New-Item", "Name"): "null empty_string",
        ("Test-Path", "Path"): "null empty_string empty_collection",
        ("Test-Path", "LiteralPath"): "null empty_string empty_collection",
    }.items()
}


def _allows(cls: type[Cmdlet], p: Parameter, what: str) -> bool:
    """Whether the parameter carries pwsh's Allow<what> attribute (declared or known)."""
    declared = {"null": p.allow_null, "empty_string": p.allow_empty_string,
                "empty_collection": p.allow_empty_collection}[what]
    return declared or what in PWSH_ALLOWS.get((cls.name, p.name), ())


def mandatory_somewhere(p: Parameter) -> bool:
    """pwsh's IsMandatoryInSomeParameterSet: the null / empty checks apply in every set then."""
    return bool(p.mandatory or any(o.get("mandatory") for o in p.per_set.values()))


def parameter_type_name(p: Parameter) -> str:
    """The .NET name of a cmdlet parameter's type, as MissingArgument names it ('System.String[]')."""
    from pwshim.runtime.types import full_name_of_class

    if p.is_switch:
        return "System.Management.Automation.SwitchParameter"
    if isinstance(p.type, list | tuple):
        element = p.type[0] if p.type else object
        return ("System.Object" if element is object else full_name_of_class(element)) + "[]"
    return "System.Object" if p.type is object else full_name_of_class(p.type)


def resolve_parameter(cls: type[Cmdlet], name: str, span: Span | None = None) -> Parameter:
    """Match a parameter name: exact name/alias first, then unique prefix; own params beat
    common ones (MergedCommandParameterMetadata.GetMatchingParameter)."""
    params = cls.all_parameters()
    key = name.lower()
    for p in params.values():
        if p.name.lower() == key or any(a.lower() == key for a in p.aliases):
            return p
    matches: list[Parameter] = []
    for p in params.values():
        if p.name.lower().startswith(key) or any(a.lower().startswith(key) for a in p.aliases):
            if p not in matches:
                matches.append(p)
    if len(matches) > 1:
        own = [p for p in matches if p.name in cls.parameters]
        if len(own) == 1:
            return own[0]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise parameter_not_found(name, span)
    raise ambiguous_parameter(name, [p.name for p in matches], span)


def convert_argument(cmd: type[Cmdlet], p: Parameter, value: Any, span: Span | None = None) -> Any:
    """Coerce an argument to the parameter's type and validate it, with pwsh's errors
    (ParameterBinderBase.BindParameter: coercion, validation attributes, then the null /
    empty checks of a parameter mandatory in some set)."""
    from pwshim.runtime.types import convert_to

    if p.is_switch:
        from pwshim.runtime.conversions import to_bool

        return to_bool(value) if value is not NO_VALUE else True
    mandatory = mandatory_somewhere(p)
    if value is None:
        if mandatory:
            check_null_or_empty(p.name, None, False, False, span, allow_null=_allows(cmd, p, "null"))
        elif p.type is bool:
            # HandleNullParameterForSpecialTypes: a [bool] parameter never takes $null
            raise _bind_error(
                "ParameterArgumentValidationErrorNullNotAllowed",
                f"Cannot bind argument to parameter '{p.name}' because it is null.",
                span,
                parameter=p.name,
            )
        return None
    if p.type is not object:
        try:
            value = convert_to(value, p.type)
        except DotNetException as exc:
            raise _bind_error(
                "CannotConvertArgumentNoMessage",
                f"Cannot bind parameter '{p.name}'. {exc}",
                span,
                parameter=p.name,
            ) from None
    if p.validate_set is not None:
        values = value if isinstance(value, list) else [value]
        allowed = {s.lower(): s for s in p.validate_set}
        checked = []
        for v in values:
            text = str(v)
            if text.lower() not in allowed:
                raise not_in_set(p.name, text, p.validate_set, span)
            checked.append(allowed[text.lower()] if isinstance(v, str) else v)
        value = checked if isinstance(value, list) else checked[0]
    if mandatory:
        is_array = isinstance(p.type, list | tuple)
        element = p.type[0] if is_array else p.type
        check_null_or_empty(
            p.name,
            value,
            element is str,
            is_array,
            span,
            allow_null=_allows(cmd, p, "null"),
            allow_empty_string=_allows(cmd, p, "empty_string"),
            allow_empty_collection=_allows(cmd, p, "empty_collection"),
        )
    return value


class Binder:
    """Binds one command invocation's arguments to a cmdlet instance."""

    def __init__(self, cmdlet: Cmdlet, expects_input: bool = False) -> None:
        self.cmdlet = cmdlet
        self.cls = type(cmdlet)
        self.expects_input = expects_input
        sets = self.cls.parameter_sets()
        self.valid_sets: list[str] = list(sets)
        self.command_line_bound: dict[str, Any] = {}

    def _claim(self, error: PSError) -> None:
        claim_binding_error(error, self.cls.name, self.cls.noun_verb_class)

    # --- command line ---------------------------------------------------------------------
    def bind_command_line(self, args: list[NamedArg | PositionalArg]) -> None:
        """Named, then positional arguments (errors carry the command, as pwsh's do)."""
        try:
            self._bind_command_line(args)
        except PSError as error:
            self._claim(error)
            raise

    def _bind_command_line(self, args: list[NamedArg | PositionalArg]) -> None:
        positional: list[PositionalArg] = []
        i = 0
        while i < len(args):
            arg = args[i]
            if isinstance(arg, PositionalArg):
                positional.append(arg)
                i += 1
                continue
            p = resolve_parameter(self.cls, arg.name, arg.span)
            value = arg.value
            value_span = arg.span
            if value is NO_VALUE and not p.is_switch:
                nxt = args[i + 1] if i + 1 < len(args) else None
                if isinstance(nxt, PositionalArg):
                    value = nxt.value
                    # value errors point at the argument, as pwsh's GetErrorExtent does
                    value_span = nxt.span or arg.span
                    i += 1
                elif isinstance(nxt, NamedArg) and not nxt.used_colon and not self._is_parameter(nxt.name):
                    value = nxt.text or ("-" + nxt.name)
                    i += 1
                else:
                    raise missing_argument(p.name, parameter_type_name(p), arg.span)
            self._bind(p, value, arg.span, value_span)
            i += 1
        self._bind_positional(positional)

    def _is_parameter(self, name: str) -> bool:
        try:
            resolve_parameter(self.cls, name)
            return True
        except PSError:
            return False

    def _bind(self, p: Parameter, value: Any, span: Span | None, value_span: Span | None = None) -> None:
        if p.name in self.cmdlet.bound:
            raise already_bound(p.name, span)
        converted = convert_argument(self.cls, p, value, value_span or span)
        self._set(p, converted)
        self._narrow(p)

    def _set(self, p: Parameter, value: Any) -> None:
        self.cmdlet.bound[p.name] = value
        if p.name in self.cls.parameters:
            setattr(self.cmdlet, p.name, value)

    def _narrow(self, p: Parameter) -> None:
        if p.sets is None or p.name not in self.cls.parameters:
            return
        narrowed = [s for s in self.valid_sets if p.in_set(s)]
        if not narrowed:
            raise ambiguous_parameter_set()
        self.valid_sets = narrowed

    def _bind_positional(self, positional: list[PositionalArg]) -> None:
        if not positional:
            return
        remaining_param = next(
            (p for p in self.cls.parameters.values() if p.remaining and p.name not in self.cmdlet.bound),
            None,
        )
        ordered_sets = sorted(self.valid_sets, key=lambda s: s != self.cls.default_set)
        leftovers: list[PositionalArg] = []
        for arg in positional:
            target = self._next_positional(ordered_sets)
            if target is None:
                leftovers.append(arg)
                continue
            self._bind(target, arg.value, arg.span)
            ordered_sets = [s for s in ordered_sets if s in self.valid_sets]
        if leftovers:
            if remaining_param is not None:
                # pwsh binds a single remaining argument as itself, several as an array
                values = leftovers[0].value if len(leftovers) == 1 else [a.value for a in leftovers]
                self._set(remaining_param, values)
                return
            raise positional_not_found(leftovers[0].value, leftovers[0].span)

    def _next_positional(self, ordered_sets: list[str]) -> Parameter | None:
        best: tuple[int, int, Parameter] | None = None
        for rank, set_name in enumerate(ordered_sets):
            for p in self.cls.parameters.values():
                if p.name in self.cmdlet.bound or p.remaining or not p.in_set(set_name):
                    continue
                pos = p.position_in(set_name)
                if pos is None:
                    continue
                key = (pos, rank, p)
                if best is None or key[:2] < best[:2]:
                    best = key
            if best is not None:
                return best[2]
        return None

    # --- parameter set and mandatory --------------------------------------------------------
    def resolve_set(self) -> None:
        """Choose the parameter set and handle missing mandatory parameters."""
        try:
            self._resolve_set()
        except PSError as error:
            self._claim(error)
            raise

    def _resolve_set(self) -> None:
        cls = self.cls
        sets = self.valid_sets
        if self.expects_input and len(sets) > 1:
            # With pipeline input to come, pwsh keeps every set the input could still complete
            # and resolves it per object (CmdletParameterBinderController).
            viable = [s for s in sets if all(p.pipeline or p.pipeline_by_name for p in self._missing(s))]
            if len(viable) > 1:
                self.valid_sets = viable
                self.cmdlet.parameter_set = cls.default_set if cls.default_set in viable else viable[0]
                return
        if len(sets) > 1:
            satisfied = [s for s in sets if not self._missing(s)]
            if len(satisfied) == 1:
                sets = satisfied
            elif cls.default_set in (satisfied or sets):
                sets = [cls.default_set]
            elif satisfied:
                # pwsh prefers a set whose parameters were all given explicitly; fall back to first
                sets = [satisfied[0]] if len(satisfied) == len(sets) or self.expects_input else satisfied
                if len(sets) > 1:
                    raise ambiguous_parameter_set()
            else:
                sets = [sets[0]]
        self.valid_sets = sets
        self.cmdlet.parameter_set = sets[0] if sets else cls.default_set
        missing = self._missing(self.cmdlet.parameter_set)
        if self.expects_input:
            missing = [p for p in missing if not (p.pipeline or p.pipeline_by_name)]
        if missing:
            self._prompt_or_fail(missing)

    def _missing(self, set_name: str) -> list[Parameter]:
        return [
            p
            for p in self.cls.parameters.values()
            if p.in_set(set_name) and p.is_mandatory(set_name) and p.name not in self.cmdlet.bound
        ]

    def _prompt_or_fail(self, missing: list[Parameter]) -> None:
        session = self.cmdlet.session
        host = session.host
        can_prompt = not host.noninteractive and _host_is_interactive(host)
        if not can_prompt:
            raise missing_mandatory([p.name for p in missing])
        host.write_line(f"\ncmdlet {self.cls.name} at command pipeline position 1")
        host.write_line("Supply values for the following parameters:")
        from pwshim.dotnet.securestring import SecureString

        for p in missing:
            if p.type is SecureString:
                value: Any = SecureString.from_plain(host.read_secret(f"{p.name}: "))
            else:
                value = host.read_line(f"{p.name}: ")
            self._bind(p, value, None)

    # --- pipeline ---------------------------------------------------------------------------------
    def bind_pipeline_object(self, obj: Any) -> bool:
        """Bind one pipeline object; returns False when nothing could take it."""
        try:
            return self._bind_pipeline_object(obj)
        except PSError as error:
            self._claim(error)
            raise

    def _bind_pipeline_object(self, obj: Any) -> bool:
        from pwshim.runtime.objects import get_property

        candidates = [
            p
            for p in self.cls.parameters.values()
            if (p.pipeline or p.pipeline_by_name)
            and p.name not in self.command_line_bound
            and any(p.in_set(s) for s in self.valid_sets)
        ]
        bound_any = False
        for coerce in (False, True):
            for p in candidates:
                if p.name in self.cmdlet.bound and p.name not in self.command_line_bound:
                    continue
                if p.pipeline and self._try(p, obj, coerce):
                    bound_any = True
                    continue
                if p.pipeline_by_name:
                    for pname in (p.name, *p.aliases):
                        try:
                            value = get_property(obj, pname)
                        except KeyError:
                            continue
                        if self._try(p, value, coerce):
                            bound_any = True
                            break
            if bound_any:
                break
        return bound_any

    def _try(self, p: Parameter, value: Any, coerce: bool) -> bool:
        from pwshim.runtime.types import RuntimeType, is_instance

        if not coerce:
            if p.type is object or p.is_switch:
                ok = True
            elif isinstance(p.type, list | tuple):
                ok = isinstance(value, list) or is_instance(value, RuntimeType(p.type[0]))
            else:
                ok = is_instance(value, RuntimeType(p.type))
            if not ok:
                return False
        try:
            converted = convert_argument(self.cls, p, value)
        except PSError:
            if coerce:
                raise
            return False
        self.cmdlet.bound[p.name] = converted
        setattr(self.cmdlet, p.name, converted)
        if p.sets is not None and len(self.valid_sets) > 1:
            narrowed = [s for s in self.valid_sets if p.in_set(s)]
            if narrowed:
                self.valid_sets = narrowed
                self.cmdlet.parameter_set = (
                    self.cls.default_set if self.cls.default_set in narrowed else narrowed[0]
                )
        return True

    def snapshot(self) -> None:
        self.command_line_bound = dict(self.cmdlet.bound)
        self._sets_before_input = (list(self.valid_sets), self.cmdlet.parameter_set)

    def restore(self) -> None:
        """Drop pipeline-bound values before the next object (pwsh restores defaults)."""
        for name in list(self.cmdlet.bound):
            if name not in self.command_line_bound:
                del self.cmdlet.bound[name]
                self.cmdlet.__dict__.pop(name, None)
        sets, chosen = self._sets_before_input
        self.valid_sets = list(sets)
        self.cmdlet.parameter_set = chosen


def _host_is_interactive(host: Any) -> bool:
    can_prompt = getattr(host, "can_prompt", None)
    return bool(can_prompt()) if callable(can_prompt) else False


def input_not_bound(obj: Any, cls: type[Cmdlet] | None = None) -> ErrorRecord:
    """InputObjectNotBound (non-terminating); `cls` gives it the command, as pwsh's has."""
    record = ErrorRecord(
        ParameterBindingException(
            "The input object cannot be bound to any parameters for the command either because the "
            "command does not take pipeline input or the input and its properties do not match any "
            "of the parameters that take pipeline input.",
            error_id="InputObjectNotBound",
        ),
        "InputObjectNotBound",
        Category.InvalidArgument,
        target=obj,
    )
    if cls is not None:
        claim_binding_error(PSError(record), cls.name, cls.noun_verb_class)
    return record


def python_kwargs_to_args(cls: type[Cmdlet], params: dict[str, Any]) -> list[NamedArg]:
    """Python API keyword arguments (snake_case or PowerShell casing) to named arguments."""
    by_snake = {snake(n): n for n in cls.all_parameters()}
    args: list[NamedArg] = []
    for key, value in params.items():
        name = by_snake.get(key.lower(), key)
        if value is False and name in cls.all_parameters() and cls.all_parameters()[name].type is Switch:
            continue
        args.append(NamedArg(name, True if value is True and cls.all_parameters().get(name, Parameter()).type is Switch else value))
    return args


def invoke_with_arguments(
    cls: type[Cmdlet],
    session: Any,
    params: dict[str, Any],
    pipeline_input: Iterable[Any] | None = None,
) -> list[Any]:
    """Run a cmdlet from Python: bind `params`, stream `pipeline_input`, return the output."""
    from pwshim.runtime.pipeline import run_cmdlet

    args: list[NamedArg | PositionalArg] = list(python_kwargs_to_args(cls, params))
    return run_cmdlet(cls, session, args, pipeline_input)
