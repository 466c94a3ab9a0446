"""pwsh's parameter-binding errors (ParameterBinderStrings ids and texts), with the exception
types ParameterBinderBase throws: ParameterBindingException (names, positions, sets, conversion),
ParameterBindingValidationException (validation, null / empty checks) and
ParameterBindingArgumentTransformationException (a script parameter's type conversion).

The binder raises them without a command; `claim_binding_error` then gives them the command
(ConciseView's reason, CategoryInfo's activity, the FullyQualifiedErrorId suffix).
"""

from __future__ import annotations

from typing import Any

from pwshim.runtime.errors import (
    Category,
    ErrorRecord,
    ParameterBindingArgumentTransformationException,
    ParameterBindingException,
    ParameterBindingValidationException,
    PSError,
    Span,
)


def _bind_error(
    error_id: str,
    message: str,
    span: Span | None = None,
    category: str = Category.InvalidArgument,
    exc_type: type[ParameterBindingException] = ParameterBindingException,
    parameter: str = "",
) -> PSError:
    exc = exc_type(message, None, parameter, error_id)
    return PSError(ErrorRecord(exc, error_id, category, span=span))


def claim_binding_error(error: PSError, command: str, type_name: str) -> None:
    """Give a binder error its command, as pwsh's ErrorRecord takes it from InvocationInfo.MyCommand:
    the reason ConciseView shows and CategoryInfo's activity (`command`), and the FullyQualifiedErrorId
    suffix (`type_name`: a cmdlet's implementing type, a function's or script's name)."""
    record = error.record
    if not isinstance(record.exception, ParameterBindingException) or record.command is not None:
        return
    if command:
        record.command = command
    if type_name and record.fully_qualified_suffix is None:
        record.fully_qualified_suffix = type_name


# ParameterBinderStrings' texts, shared by cmdlet and script-function binding.
def ambiguous_parameter(name: str, candidates: list[str], span: Span | None) -> PSError:
    listing = "".join(f" -{c}" for c in candidates)
    return _bind_error(
        "AmbiguousParameter",
        f"Parameter cannot be processed because the parameter name '{name}' is ambiguous. "
        f"Possible matches include:{listing}.",
        span,
        parameter=name,
    )


def parameter_not_found(name: str, span: Span | None) -> PSError:
    return _bind_error(
        "NamedParameterNotFound",
        f"A parameter cannot be found that matches parameter name '{name}'.",
        span,
        parameter=name,
    )


def missing_argument(name: str, type_name: str, span: Span | None) -> PSError:
    return _bind_error(
        "MissingArgument",
        f"Missing an argument for parameter '{name}'. Specify a parameter of type '{type_name}' and try again.",
        span,
        parameter=name,
    )


def already_bound(name: str, span: Span | None) -> PSError:
    return _bind_error(
        "ParameterAlreadyBound",
        f"Cannot bind parameter because parameter '{name}' is specified more than once. "
        "To provide multiple values to parameters that can accept multiple values, use the "
        'array syntax. For example, "-parameter value1,value2,value3".',
        span,
        parameter=name,
    )


def ambiguous_parameter_set() -> PSError:
    return _bind_error(
        "AmbiguousParameterSet",
        "Parameter set cannot be resolved using the specified named parameters. One or more "
        "parameters issued cannot be used together or an insufficient number of parameters "
        "were provided.",
    )


def positional_not_found(value: Any, span: Span | None) -> PSError:
    from pwshim.runtime.conversions import to_string

    return _bind_error(
        "PositionalParameterNotFound",
        f"A positional parameter cannot be found that accepts argument '{to_string(value)}'.",
        span,
    )


def missing_mandatory(names: list[str]) -> PSError:
    listing = "".join(f" {n}" for n in names)
    return _bind_error(
        "MissingMandatoryParameter",
        f"Cannot process command because of one or more missing mandatory parameters:{listing}.",
        parameter=listing,
    )


def not_in_set(name: str, value: str, allowed: tuple[str, ...] | list[str], span: Span | None) -> PSError:
    return _bind_error(
        "ParameterArgumentValidationError",
        f"Cannot validate argument on parameter '{name}'. The argument \"{value}\" does not belong "
        f"to the set \"{','.join(allowed)}\" specified by the ValidateSet attribute. Supply an argument "
        "that is in the set and then try the command again.",
        span,
        Category.InvalidData,
        ParameterBindingValidationException,
        parameter=name,
    )


def null_not_allowed(name: str, span: Span | None) -> PSError:
    return _bind_error(
        "ParameterArgumentValidationErrorNullNotAllowed",
        f"Cannot bind argument to parameter '{name}' because it is null.",
        span,
        Category.InvalidData,
        ParameterBindingValidationException,
        parameter=name,
    )


def empty_string_not_allowed(name: str, span: Span | None) -> PSError:
    return _bind_error(
        "ParameterArgumentValidationErrorEmptyStringNotAllowed",
        f"Cannot bind argument to parameter '{name}' because it is an empty string.",
        span,
        Category.InvalidData,
        ParameterBindingValidationException,
        parameter=name,
    )


def empty_array_not_allowed(name: str, span: Span | None) -> PSError:
    return _bind_error(
        "ParameterArgumentValidationErrorEmptyArrayNotAllowed",
        f"Cannot bind argument to parameter '{name}' because it is an empty array.",
        span,
        Category.InvalidData,
        ParameterBindingValidationException,
        parameter=name,
    )


def validation_failed(name: str, reason: str, span: Span | None) -> PSError:
    """A validation attribute ([ValidateNotNull()], [ValidateNotNullOrEmpty()], ...) refused the value."""
    return _bind_error(
        "ParameterArgumentValidationError",
        f"Cannot validate argument on parameter '{name}'. {reason}",
        span,
        Category.InvalidData,
        ParameterBindingValidationException,
        parameter=name,
    )


def transformation_failed(name: str, reason: str, span: Span | None) -> PSError:
    """An argument transformation (a script parameter's type conversion) failed."""
    return _bind_error(
        "ParameterArgumentTransformationError",
        f"Cannot process argument transformation on parameter '{name}'. {reason}",
        span,
        Category.InvalidData,
        ParameterBindingArgumentTransformationException,
        parameter=name,
    )


_NOT_NULL_TEXTS = {
    # Metadata.resx: (scalar failure, collection failure) per attribute
    "validatenotnull": (
        "The argument is null. Provide a valid value for the argument, and then try running the command again.",
        ("The argument has a null value, or an element of the argument collection contains a null value. "
        "Provide a collection that does not contain any null values, and then try the command again."),
    ),
    "validatenotnullorempty": (
        ("The argument is null or empty. Provide an argument that is not null or empty, and then try the "
        "command again."),
        ("The argument is null, empty, or an element of the argument collection contains a null value. "
        "Supply a collection that does not contain any null values and then try the command again."),
    ),
    "validatenotnullorwhitespace": (
        ("The argument is null, empty, or consists of only white-space characters. Provide an argument "
        "that contains non white-space characters, and then try the command again."),
        ("An element of the argument collection is null, empty, or consists of only white-space characters. "
        "Supply a collection that does not contain any those values and then try the command again."),
    ),
}


def null_validation_failure(attribute: str, value: Any) -> str | None:
    """What [ValidateNotNull()], [ValidateNotNullOrEmpty()] or [ValidateNotNullOrWhiteSpace()]
    (`attribute`, lower case, no `Attribute` suffix) says of `value`; None when it passes
    (NullValidationAttributeBase and its subclasses in Attributes.cs)."""
    scalar, collection = _NOT_NULL_TEXTS[attribute]
    if attribute == "validatenotnull":
        if value is None:
            return scalar
        if isinstance(value, list | tuple) and any(v is None for v in value):
            return collection
        return None
    or_empty, or_empty_collection = _NOT_NULL_TEXTS["validatenotnullorempty"]
    white = attribute == "validatenotnullorwhitespace"
    if value is None:
        return or_empty
    if isinstance(value, str):
        if white and not value.strip():
            return scalar
        return or_empty if not value else None
    if isinstance(value, list | tuple):
        if not value:
            return or_empty_collection
        for v in value:
            if v is None:
                return or_empty_collection
            if isinstance(v, str) and (not v.strip() if white else not v):
                return collection
        return None
    from collections.abc import Mapping

    if isinstance(value, Mapping) and not value:
        return or_empty_collection
    return None


def check_null_or_empty(
    name: str,
    value: Any,
    is_string: bool,
    is_array: bool,
    span: Span | None,
    allow_null: bool = False,
    allow_empty_string: bool = False,
    allow_empty_collection: bool = False,
) -> None:
    """ParameterBinderBase.ValidateNullOrEmptyArgument, for a parameter mandatory in some set:
    null, an empty string (string parameters) or an empty array, and the same for each element."""
    if value is None:
        if not allow_null:
            raise null_not_allowed(name, span)
        return
    if is_string and not is_array:
        if value == "" and not allow_empty_string:
            raise empty_string_not_allowed(name, span)
        return
    if not is_array or not isinstance(value, list | tuple):
        return
    for item in value:
        if item is None and not allow_null:
            raise null_not_allowed(name, span)
        if is_string and item == "" and not allow_empty_string:
            raise empty_string_not_allowed(name, span)
    if not value and not allow_empty_collection:
        raise empty_array_not_allowed(name, span)
