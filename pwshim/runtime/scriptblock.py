"""The runtime value of `{ ... }`: a ScriptBlock bound to the session that created it.

    sb.invoke(*args, dollar_under=value) -> list       # & { } semantics: new scope
    sb.invoke_with_input(objects) -> list              # begin/process/end with $input/$_

Cmdlets such as Where-Object and ForEach-Object call these; the interpreter does the work.
"""

from __future__ import annotations

from typing import Any, Iterable

from pwshim.runtime.dotnet import dotnet_type

_UNSET = object()


@dotnet_type("System.Management.Automation.ScriptBlock", accelerators=("scriptblock",))
class ScriptBlock:
    __slots__ = ("ast", "session", "file", "module_scope")

    def __init__(self, ast: Any, session: Any = None, file: str | None = None) -> None:
        self.ast = ast
        self.session = session
        self.file = file
        self.module_scope = None

    def _interp(self) -> Any:
        interp = self.session.extensions.get("interpreter") if self.session is not None else None
        if interp is None:
            from pwshim.interpreter import Interpreter

            interp = Interpreter(self.session)
        return interp

    def invoke(self, *args: Any, dollar_under: Any = _UNSET, dot_source: bool = False) -> list[Any]:
        """Run it like `& { }` (or `. { }`), with `$_` set when given; returns the output list."""
        return self._interp().invoke_scriptblock(
            self, list(args), dollar_under=None if dollar_under is _UNSET else dollar_under,
            has_dollar_under=dollar_under is not _UNSET, dot_source=dot_source,
        )

    def invoke_with_input(self, objects: Iterable[Any], *args: Any) -> list[Any]:
        """Run its begin/process/end blocks over `objects` (a pipeline into the block)."""
        return self._interp().invoke_scriptblock_pipeline(self, list(objects), list(args))

    # .NET members
    def Invoke(self, *args: Any) -> list[Any]:  # noqa: N802
        return self.invoke(*args)

    def InvokeReturnAsIs(self, *args: Any) -> Any:  # noqa: N802
        out = self.invoke(*args)
        return out[0] if len(out) == 1 else out

    @property
    def Ast(self) -> Any:  # noqa: N802
        return self.ast

    @property
    def File(self) -> str | None:  # noqa: N802
        return self.file

    def ToString(self) -> str:  # noqa: N802
        return getattr(self.ast, "text", "")

    @staticmethod
    def Create(text: str) -> "ScriptBlock":  # noqa: N802
        from pwshim.parser import parse

        return ScriptBlock(parse(text), None)

    PS_TO_STRING = None


class SwitchParameter:
    """System.Management.Automation.SwitchParameter: a [switch] parameter's bound value
    (IsPresent, ToBool(), truthy when present, equal to $true/$false as its state)."""

    __slots__ = ("IsPresent",)
    __dotnet_name__ = "System.Management.Automation.SwitchParameter"

    def __init__(self, present: bool = False) -> None:
        self.IsPresent = bool(present)

    def ToBool(self) -> bool:  # noqa: N802
        return self.IsPresent

    def ToString(self) -> str:  # noqa: N802
        return "True" if self.IsPresent else "False"

    def __bool__(self) -> bool:
        return self.IsPresent

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SwitchParameter):
            return self.IsPresent == other.IsPresent
        if isinstance(other, bool):
            return self.IsPresent is other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.IsPresent)

    def __repr__(self) -> str:
        return f"SwitchParameter({self.IsPresent})"

    def __str__(self) -> str:
        return self.ToString()


def _register_switch() -> None:
    from pwshim.runtime import dotnet

    dotnet._NAME_OF[SwitchParameter] = SwitchParameter.__dotnet_name__


_register_switch()


class ScriptCmdlet:
    """$PSCmdlet in an advanced function: the resolved parameter set, $MyInvocation,
    ShouldProcess (-WhatIf / -Confirm), the Write* methods and ThrowTerminatingError."""

    __dotnet_name__ = "System.Management.Automation.PSScriptCmdlet"

    def __init__(self, session: Any, parameter_set: str, command: str, bound: Any) -> None:
        self._session = session
        self.ParameterSetName = parameter_set
        self._command = command
        self._bound = bound

    @property
    def MyInvocation(self) -> Any:  # noqa: N802
        return self._session.get_variable("MyInvocation")

    @property
    def SessionState(self) -> Any:  # noqa: N802
        return _SessionState(self._session)

    @property
    def CommandRuntime(self) -> Any:  # noqa: N802
        return self

    def ShouldProcess(self, target: Any, action: Any = None, *_rest: Any) -> bool:  # noqa: N802
        """-WhatIf: 'What if: Performing the operation "<action>" on target "<target>".', then $false."""
        from pwshim.runtime.conversions import to_bool, to_string

        if to_bool(self._session.get_variable("WhatIfPreference", False)):
            operation = to_string(action) if action is not None else self._command
            text = (f'Performing the operation "{operation}" on target "{to_string(target)}".'
                    if action is not None or _rest == () else to_string(target))
            self._session.host.write_line(f"What if: {text}")
            return False
        if str(self._session.get_variable("ConfirmPreference", "High")).lower() == "low":
            operation = to_string(action) if action is not None else self._command
            host = self._session.host
            host.write_line("\nConfirm\nAre you sure you want to perform this action?")
            host.write_line(f'Performing the operation "{operation}" on target "{to_string(target)}".')
            answer = host.read_line('[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): ')
            return (answer or "y").strip().lower() in ("y", "a")
        return True

    def ShouldContinue(self, query: Any, caption: Any = None, *_rest: Any) -> bool:  # noqa: N802
        return True

    def _stream(self, preference: str, prefix: str, message: Any) -> None:
        from pwshim.runtime.conversions import to_string

        if str(self._session.get_variable(preference, "SilentlyContinue")).lower() in ("continue", "inquire", "stop"):
            self._session.host.write_line(prefix + to_string(message))

    def WriteVerbose(self, message: Any) -> None:  # noqa: N802
        self._stream("VerbosePreference", "VERBOSE: ", message)

    def WriteDebug(self, message: Any) -> None:  # noqa: N802
        self._stream("DebugPreference", "DEBUG: ", message)

    def WriteWarning(self, message: Any) -> None:  # noqa: N802
        self._stream("WarningPreference", "WARNING: ", message)

    def WriteObject(self, value: Any, enumerate_collection: Any = False) -> Any:  # noqa: N802
        """The value goes to the function's output (the method call's value is written)."""
        return value

    def WriteError(self, record: Any) -> None:  # noqa: N802
        from pwshim.runtime.pipeline import ErrorPolicy

        ErrorPolicy(self._session)(record)

    def ThrowTerminatingError(self, record: Any) -> None:  # noqa: N802
        from pwshim.runtime.errors import PSError

        raise PSError(record)

    def GetVariableValue(self, name: Any, default: Any = None) -> Any:  # noqa: N802
        return self._session.get_variable(str(name), default)

    def ToString(self) -> str:  # noqa: N802
        return self._command


class _SessionState:
    """$PSCmdlet.SessionState: PSVariable.GetValue / Set and the current path."""

    def __init__(self, session: Any) -> None:
        self.PSVariable = _PSVariableIntrinsics(session)
        self._session = session

    @property
    def Path(self) -> Any:  # noqa: N802
        return self._session.get_variable("PWD")


class _PSVariableIntrinsics:
    def __init__(self, session: Any) -> None:
        self._session = session

    def GetValue(self, name: Any, default: Any = None) -> Any:  # noqa: N802
        return self._session.get_variable(str(name), default)

    def Set(self, name: Any, value: Any) -> None:  # noqa: N802
        self._session.set_variable(str(name), value)
