"""One family of errors, shaped like PowerShell's ErrorRecord.

Every error pwshim shows carries a stable id (PowerShell's FullyQualifiedErrorId where one
exists), a category (System.Management.Automation.ErrorCategory) and, when it comes from a
script, a source span. Python exceptions never reach the user: the interpreter wraps them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """A source extent: 1-based line and column of the start, and the end (exclusive)."""

    file: str | None
    line: int
    column: int
    end_line: int
    end_column: int
    text: str = ""  # the source text of the start line (for the `Line |` block)
    # offsets of the start and end in the parsed text (-1: unknown), kept by the parser so that
    # a node's extent is found without going back through line numbers
    start: int = field(default=-1, compare=False, repr=False)
    end: int = field(default=-1, compare=False, repr=False)


class DotNetException(Exception):
    """A .NET exception raised by a Python-implemented .NET type or cmdlet.

    `type_name` is the full .NET name (shown by `$_.Exception.GetType().FullName`, matched by
    typed `catch [T]`); the message is .NET's text.
    """

    type_name = "System.Exception"

    def __init__(self, message: str, inner: BaseException | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.inner = inner

    @property
    def Message(self) -> str:  # noqa: N802 - .NET member
        return self.message

    @property
    def InnerException(self) -> BaseException | None:  # noqa: N802
        return self.inner

    def __str__(self) -> str:
        return self.message


def _exc(name: str, base: type[DotNetException] = DotNetException) -> type[DotNetException]:
    short = name.rsplit(".", 1)[1]
    return type(short, (base,), {"type_name": name})


SystemException = _exc("System.SystemException")
ArgumentException = _exc("System.ArgumentException", SystemException)
ArgumentNullException = _exc("System.ArgumentNullException", ArgumentException)
ArgumentOutOfRangeException = _exc("System.ArgumentOutOfRangeException", ArgumentException)
InvalidOperationException = _exc("System.InvalidOperationException", SystemException)
FormatException = _exc("System.FormatException", SystemException)
NotSupportedException = _exc("System.NotSupportedException", SystemException)
PlatformNotSupportedException = _exc("System.PlatformNotSupportedException", NotSupportedException)
InvalidCastException = _exc("System.InvalidCastException", SystemException)
ArithmeticException = _exc("System.ArithmeticException", SystemException)
DivideByZeroException = _exc("System.DivideByZeroException", ArithmeticException)
IOException = _exc("System.IO.IOException", SystemException)
FileNotFoundException = _exc("System.IO.FileNotFoundException", IOException)
DirectoryNotFoundException = _exc("System.IO.DirectoryNotFoundException", IOException)
UnauthorizedAccessException = _exc("System.UnauthorizedAccessException", SystemException)
CryptographicException = _exc("System.Security.Cryptography.CryptographicException", SystemException)
AuthenticationFailedException = _exc("Azure.Identity.AuthenticationFailedException")
CredentialUnavailableException = _exc(
    "Azure.Identity.CredentialUnavailableException", AuthenticationFailedException
)
PSInvalidOperationException = _exc(
    "System.Management.Automation.PSInvalidOperationException", InvalidOperationException
)
PSArgumentException = _exc("System.Management.Automation.PSArgumentException", ArgumentException)
RuntimeException = _exc("System.Management.Automation.RuntimeException", SystemException)
PSInvalidCastException = _exc("System.Management.Automation.PSInvalidCastException", RuntimeException)
MethodException = _exc("System.Management.Automation.MethodException", RuntimeException)
MethodInvocationException = _exc(
    "System.Management.Automation.MethodInvocationException", MethodException
)


class ParameterBindingException(RuntimeException):  # type: ignore[misc,valid-type]
    """The binder's exception: the message, and which parameter and error id it is about."""

    type_name = "System.Management.Automation.ParameterBindingException"

    def __init__(
        self, message: str, inner: BaseException | None = None, parameter_name: str = "", error_id: str = ""
    ) -> None:
        super().__init__(message, inner)
        self.parameter_name = parameter_name
        self.error_id = error_id

    @property
    def ParameterName(self) -> str:  # noqa: N802 - .NET member
        return self.parameter_name

    @property
    def ErrorId(self) -> str:  # noqa: N802
        return self.error_id


ParameterBindingValidationException = _exc(
    "System.Management.Automation.ParameterBindingValidationException", ParameterBindingException
)
ParameterBindingArgumentTransformationException = _exc(
    "System.Management.Automation.ParameterBindingArgumentTransformationException", ParameterBindingException
)
CommandNotFoundException = _exc(
    "System.Management.Automation.CommandNotFoundException", RuntimeException
)
ItemNotFoundException = _exc("System.Management.Automation.ItemNotFoundException", RuntimeException)
DriveNotFoundException = _exc("System.Management.Automation.DriveNotFoundException", RuntimeException)
PSNotSupportedException = _exc("System.Management.Automation.PSNotSupportedException", NotSupportedException)
HostException = _exc("System.Management.Automation.Host.HostException", RuntimeException)
PipelineStoppedException = _exc("System.Management.Automation.PipelineStoppedException", RuntimeException)
AzPSArgumentException = _exc("Microsoft.Azure.Commands.Common.Exceptions.AzPSArgumentException", PSArgumentException)
AzPSInvalidOperationException = _exc(
    "Microsoft.Azure.Commands.Common.Exceptions.AzPSInvalidOperationException", PSInvalidOperationException
)
AzPSCloudException = _exc("Microsoft.Azure.Commands.Common.Exceptions.AzPSCloudException", SystemException)


# ErrorCategory names (System.Management.Automation.ErrorCategory)
class Category:
    NotSpecified = "NotSpecified"
    OpenError = "OpenError"
    CloseError = "CloseError"
    DeviceError = "DeviceError"
    DeadlockDetected = "DeadlockDetected"
    InvalidArgument = "InvalidArgument"
    InvalidData = "InvalidData"
    InvalidOperation = "InvalidOperation"
    InvalidResult = "InvalidResult"
    InvalidType = "InvalidType"
    MetadataError = "MetadataError"
    NotImplemented = "NotImplemented"
    NotInstalled = "NotInstalled"
    ObjectNotFound = "ObjectNotFound"
    OperationStopped = "OperationStopped"
    OperationTimeout = "OperationTimeout"
    SyntaxError = "SyntaxError"
    ParserError = "ParserError"
    PermissionDenied = "PermissionDenied"
    ResourceBusy = "ResourceBusy"
    ResourceExists = "ResourceExists"
    ResourceUnavailable = "ResourceUnavailable"
    ReadError = "ReadError"
    WriteError = "WriteError"
    FromStdErr = "FromStdErr"
    SecurityError = "SecurityError"
    ProtocolError = "ProtocolError"
    ConnectionError = "ConnectionError"
    AuthenticationError = "AuthenticationError"
    LimitsExceeded = "LimitsExceeded"
    QuotaExceeded = "QuotaExceeded"
    NotEnabled = "NotEnabled"


def drop_frames(exc: BaseException | None) -> None:
    """Forget the Python tracebacks of an exception and of its causes/contexts. A record in
    $Error lives as long as the session; a traceback would keep every frame it passed through
    alive, and with them their locals (a sign-in's credential, its secret, tokens). pwshim never
    shows Python tracebacks, so nothing is lost."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        item.__traceback__ = None
        todo += [item.__cause__, item.__context__]


@dataclass
class ErrorRecord:
    """PowerShell's ErrorRecord: what `$Error[0]`, `$_` in catch and ConciseView read."""

    exception: BaseException
    error_id: str
    category: str = Category.NotSpecified
    target: Any = None
    span: Span | None = None
    command: str | None = None  # the command name ConciseView shows as the reason
    recommended_action: str | None = None
    from_throw: bool = False
    fully_qualified_suffix: str | None = None  # e.g. "Microsoft.PowerShell.Commands.GetItemCommand"
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        drop_frames(self.exception)

    @property
    def message(self) -> str:
        return str(self.exception)

    # .NET members, for scripts that read $_.Exception.Message and friends
    @property
    def Exception(self) -> BaseException:  # noqa: N802
        return self.exception

    @property
    def FullyQualifiedErrorId(self) -> str:  # noqa: N802
        if self.fully_qualified_suffix:
            if not self.error_id:
                return self.fully_qualified_suffix
            return f"{self.error_id},{self.fully_qualified_suffix}"
        return self.error_id

    @property
    def TargetObject(self) -> Any:  # noqa: N802
        return self.target

    @property
    def CategoryInfo(self) -> ErrorCategoryInfo:  # noqa: N802
        activity = (self.extra.get("activity") if self.extra else None) or self.command or ""
        return ErrorCategoryInfo(self.category, str(activity), self.target, self.exception)

    @property
    def InvocationInfo(self) -> Any:  # noqa: N802
        """Where the error happened: the members scripts read (ScriptLineNumber, OffsetInLine,
        Line, ScriptName, MyCommand.Name, InvocationName, PositionMessage)."""
        from pwshim.runtime.objects import PSObject

        span = self.span
        command = self.command or ""
        position = ""
        if span is not None:
            where = span.file or ""
            position = f"At {where or 'line'}:{span.line} char:{span.column}\n+ {span.text}" if where else \
                f"At line:{span.line} char:{span.column}\n+ {span.text}"
        return PSObject([
            ("MyCommand", PSObject([("Name", command)]) if command else None),
            ("ScriptLineNumber", span.line if span else 0),
            ("OffsetInLine", span.column if span else 0),
            ("ScriptName", (span.file or "") if span else ""),
            ("Line", span.text if span else ""),
            ("PositionMessage", position),
            ("InvocationName", command),
            ("PSCommandPath", (span.file or "") if span else ""),
        ])

    @property
    def ScriptStackTrace(self) -> str:  # noqa: N802
        if self.span is None:
            return ""
        return f"at <ScriptBlock>, {self.span.file or '<No file>'}: line {self.span.line}"

    def __str__(self) -> str:
        return self.message

    def ToString(self) -> str:  # noqa: N802 - "$_" in a catch block is the message
        return self.message


ErrorRecord.__dotnet_name__ = "System.Management.Automation.ErrorRecord"  # type: ignore[attr-defined]


def _ellipsize(text: str) -> str:
    """ErrorCategoryInfo.Ellipsize: more than 40 characters -> first 19 + '…' + last 19."""
    return text if len(text) <= 40 else f"{text[:19]}\u2026{text[-19:]}"


class ErrorCategoryInfo:
    """ErrorRecord.CategoryInfo (System.Management.Automation.ErrorCategoryInfo): the parts as
    .NET properties; ToString() is `Category: (TargetName:TargetType) [Activity], Reason`
    (ErrorCategoryStrings, each part but the reason cut to 40 characters)."""

    __dotnet_name__ = "System.Management.Automation.ErrorCategoryInfo"
    __ps_properties__ = ("Category", "Activity", "Reason", "TargetName", "TargetType")  # .NET's order
    __slots__ = __ps_properties__

    def __init__(self, category: str, activity: str, target: Any, exception: BaseException) -> None:
        if target is None:
            target_name = target_type = ""
        else:
            from pwshim.runtime.conversions import to_string
            from pwshim.runtime.types import full_name_of_class

            base = getattr(target, "base_object", target)
            target_name = to_string(target)
            target_type = full_name_of_class(type(base)).rsplit(".", 1)[-1]
        self.Category = category
        self.Activity = activity
        self.Reason = type_name_of(exception).rsplit(".", 1)[-1]
        self.TargetName = target_name
        self.TargetType = target_type

    def GetMessage(self) -> str:  # noqa: N802
        label = "Deadlock detected" if self.Category == "DeadlockDetected" else self.Category
        return (
            f"{label}: ({_ellipsize(self.TargetName)}:{_ellipsize(self.TargetType)}) "
            f"[{_ellipsize(self.Activity)}], {self.Reason}"
        )

    def ToString(self) -> str:  # noqa: N802
        return self.GetMessage()

    def __str__(self) -> str:
        return self.GetMessage()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return self.GetMessage() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def type_name_of(exc: BaseException) -> str:
    """The .NET full name of an exception (Python ones map to System.Exception)."""
    return getattr(exc, "type_name", "System.Exception")


class PSError(Exception):
    """A terminating error travelling up the interpreter: wraps an ErrorRecord."""

    def __init__(self, record: ErrorRecord) -> None:
        super().__init__(record.message)
        self.record = record


class ParseError(Exception):
    """One or more parse errors. `incomplete` is true when more input could complete the text
    (drives the REPL's `>>` prompt)."""

    def __init__(self, errors: list[ErrorRecord], incomplete: bool = False) -> None:
        super().__init__(errors[0].message if errors else "parse error")
        self.errors = errors
        self.incomplete = incomplete


def error(
    exc_type: type[DotNetException],
    message: str,
    error_id: str,
    category: str = Category.NotSpecified,
    target: Any = None,
    **kw: Any,
) -> PSError:
    """Build a terminating PSError in one call: `raise error(ArgumentException, msg, 'Id')`."""
    return PSError(ErrorRecord(exc_type(message), error_id, category, target, **kw))
