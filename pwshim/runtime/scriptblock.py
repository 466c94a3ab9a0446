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
