"""PSReadLine's default AddToHistoryHandler: which command lines stay out of the history file.

Source: `psrl:PSReadLine/History.cs` (PSReadLine 2.3.x/2.4.x, shipped with pwsh 7.4+; reference
§6). A line that matches `password|asplaintext|token|apikey|secret` (case-insensitive substring)
is analysed on its syntax tree; if any match is judged sensitive the line is `MemoryOnly`: kept in
the session's up-arrow history but never written to `ConsoleHost_history.txt`. Rules per match
(innermost node containing it):

- a variable (`$token`) is fine unless it is the left side of an assignment whose right side is
  not a pipeline, member access or method call (`$token = 'abc'` is sensitive);
- a string constant is sensitive, except the name of an allow-listed SecretManagement command or
  `Get-AzAccessToken` (the whole command is skipped), `gcloud auth print-access-token`,
  `az account get-access-token`, `kubectl get|describe secret(s)`, and a property name
  (`$a.Secret`) not assigned from something other than a pipeline or a variable;
- a parameter: `-AsPlainText` (case-sensitive compare, as PSReadLine) is sensitive; otherwise its
  argument decides: none (a switch) or a variable or a `(command)` is fine, anything else is not;
- anything else, and any line that does not parse, is sensitive.

When pwshim's parser is unavailable the pure-regex rule of PSReadLine 2.0/2.1 applies (a match is
sensitive), which errs on the side of not saving.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

SENSITIVE_PATTERN = re.compile("password|asplaintext|token|apikey|secret", re.IGNORECASE)

SECRET_MANAGEMENT_COMMANDS = frozenset(
    name.lower()
    for name in (
        "Get-Secret",
        "Get-SecretInfo",
        "Get-SecretVault",
        "Register-SecretVault",
        "Remove-Secret",
        "Set-SecretInfo",
        "Set-SecretVaultDefault",
        "Test-SecretVault",
        "Unlock-SecretVault",
        "Unregister-SecretVault",
        "Get-AzAccessToken",
    )
)

# AddToHistoryOption
SKIP_ADDING = "SkipAdding"
MEMORY_ONLY = "MemoryOnly"
MEMORY_AND_FILE = "MemoryAndFile"


def is_sensitive(line: str) -> bool:
    """True when PSReadLine would keep `line` out of the history file."""
    return default_add_to_history_option(line) == MEMORY_ONLY


def default_add_to_history_option(line: str) -> str:
    """PSReadLine.GetDefaultAddToHistoryOption."""
    if not line:
        return SKIP_ADDING
    match = SENSITIVE_PATTERN.search(line)
    if match is None:
        return MEMORY_AND_FILE
    try:
        from pwshim.parser import parse
    except ImportError:
        return MEMORY_ONLY
    try:
        tree = parse(line)
    except Exception:  # noqa: BLE001 - any parse error: "cannot reliably analyze"
        return MEMORY_ONLY
    try:
        return MEMORY_ONLY if _Analysis(line, tree).sensitive(match) else MEMORY_AND_FILE
    except Exception:  # noqa: BLE001 - an unexpected tree shape: stay on the safe side
        return MEMORY_ONLY


class _Analysis:
    """The AST walk of GetDefaultAddToHistoryOption over pwshim.nodes."""

    def __init__(self, line: str, tree: Any) -> None:
        from pwshim import nodes

        self.n = nodes
        self.line = line
        self.starts = [0]
        for m in re.finditer("\n", line):
            self.starts.append(m.end())
        self.parent: dict[int, Any] = {}
        self.order: list[Any] = []
        for node in nodes.walk(tree):
            self.order.append(node)
            for child in nodes.iter_children(node):
                self.parent[id(child)] = node

    # --- extents --------------------------------------------------------------------------------
    def _offset(self, line: int, column: int) -> int:
        return self.starts[min(line, len(self.starts)) - 1] + column - 1

    def extent(self, node: Any) -> tuple[int, int] | None:
        span = getattr(node, "span", None)
        if span is None:
            return None
        return self._offset(span.line, span.column), self._offset(span.end_line, span.end_column)

    def end_of(self, node: Any) -> int:
        ext = self.extent(node)
        return ext[1] if ext else len(self.line)

    def innermost(self, start: int, end: int) -> Any:
        found = None
        for node in self.order:  # pre-order, like Ast.FindAll; the last hit is the innermost
            ext = self.extent(node)
            if ext and ext[0] <= start and ext[1] >= end:
                found = node
        return found

    # --- the rules ------------------------------------------------------------------------------
    def sensitive(self, match: re.Match[str] | None) -> bool:
        n = self.n
        while match is not None:
            inner = self.innermost(match.start(), match.end())
            if isinstance(inner, n.VariableExpressionAst):
                rhs = self.assigned_from(inner)
                if rhs is not None and not self.rhs_safe(rhs):
                    return True
                match = SENSITIVE_PATTERN.search(self.line, match.end())
            elif isinstance(inner, n.StringConstantExpressionAst):
                command = self.secret_command(inner) or self.cloud_token_command(inner)
                if command is not None:
                    match = SENSITIVE_PATTERN.search(self.line, self.end_of(command))
                elif self.safe_property(inner):
                    match = SENSITIVE_PATTERN.search(self.line, match.end())
                else:
                    return True
            elif isinstance(inner, n.CommandParameterAst):
                if inner.name == "AsPlainText":  # string.Equals: ordinal, case-sensitive
                    return True
                arg = self.argument_of(inner)
                if arg is None:
                    match = SENSITIVE_PATTERN.search(self.line, match.end())
                elif isinstance(arg, n.VariableExpressionAst):
                    match = SENSITIVE_PATTERN.search(self.line, self.end_of(arg))
                elif self.is_command_in_parens(arg):
                    match = SENSITIVE_PATTERN.search(self.line, match.end())
                else:
                    return True
            else:
                return True
        return False

    def assigned_from(self, node: Any) -> Any | None:
        """IsOnLeftSideOfAnAssignment: the right side when `node` is the assignment's left side."""
        n = self.n
        current = node
        while True:
            parent = self.parent.get(id(current))
            if parent is None:
                return None
            if isinstance(parent, n.AssignmentStatementAst):
                return self.unwrap(parent.right) if parent.left is current else None
            current = parent

    def unwrap(self, rhs: Any) -> Any:
        """pwsh's parser gives `$x = 'abc'` a CommandExpressionAst right side, not a pipeline."""
        n = self.n
        if isinstance(rhs, n.PipelineAst) and len(rhs.elements) == 1 and isinstance(rhs.elements[0], n.CommandExpressionAst):
            return rhs.elements[0]
        return rhs

    def rhs_safe(self, rhs: Any) -> bool:
        n = self.n
        if isinstance(rhs, n.PipelineAst):
            return True
        return isinstance(rhs, n.CommandExpressionAst) and isinstance(
            rhs.expression, n.MemberExpressionAst | n.InvokeMemberExpressionAst
        )

    def secret_command(self, const: Any) -> Any | None:
        parent = self.parent.get(id(const))
        if (
            isinstance(parent, self.n.CommandAst)
            and parent.elements
            and parent.elements[0] is const
            and const.value.lower() in SECRET_MANAGEMENT_COMMANDS
        ):
            return parent
        return None

    def cloud_token_command(self, arg2: Any) -> Any | None:
        n = self.n
        command = self.parent.get(id(arg2))
        if not isinstance(command, n.CommandAst) or len(command.elements) < 3:
            return None
        name, arg1, third = command.elements[:3]
        if third is not arg2 or not all(isinstance(e, n.StringConstantExpressionAst) for e in (name, arg1)):
            return None
        name_v, a1, a2 = name.value.lower(), arg1.value.lower(), arg2.value.lower()
        ok = (
            (name_v == "gcloud" and a1 == "auth" and a2 == "print-access-token")
            or (name_v == "az" and a1 == "account" and a2 == "get-access-token")
            or (name_v == "kubectl" and a1 in ("get", "describe") and a2 in ("secrets", "secret"))
        )
        return command if ok else None

    def safe_property(self, const: Any) -> bool:
        n = self.n
        member = self.parent.get(id(const))
        if not isinstance(member, n.MemberExpressionAst):
            return False
        rhs = self.assigned_from(member)
        if rhs is None:
            return True
        return isinstance(rhs, n.PipelineAst) or (
            isinstance(rhs, n.CommandExpressionAst) and isinstance(rhs.expression, n.VariableExpressionAst)
        )

    def argument_of(self, param: Any) -> Any | None:
        """GetArgumentForParameter: `-P:value`, else the next element when it is an expression."""
        n = self.n
        if param.argument is not None:
            return param.argument
        command = self.parent.get(id(param))
        if not isinstance(command, n.CommandAst):
            return None
        elements = list(command.elements)
        for i, element in enumerate(elements[1:], start=1):
            if element is param:
                if i + 1 < len(elements) and isinstance(elements[i + 1], n.ExpressionAst):
                    return elements[i + 1]
                return None
        return None

    def is_command_in_parens(self, arg: Any) -> bool:
        n = self.n
        if not isinstance(arg, n.ParenExpressionAst):
            return False
        pipeline = arg.pipeline
        return (
            isinstance(pipeline, n.PipelineAst)
            and bool(pipeline.elements)
            and not isinstance(pipeline.elements[0], n.CommandExpressionAst)
        )


# --- the history file (reference §6.3) -------------------------------------------------------------
def history_file_path(environ: Mapping[str, str] | None = None, host_name: str = "ConsoleHost") -> Path:
    """`$XDG_DATA_HOME/powershell/PSReadLine/<host>_history.txt`, else under
    `$HOME/.local/share`, else /dev/null (PSReadLine Cmdlets.cs on Linux)."""
    env = os.environ if environ is None else environ
    name = f"{host_name}_history.txt"
    xdg = env.get("XDG_DATA_HOME")
    if xdg:
        return Path(xdg) / "powershell" / "PSReadLine" / name
    home = env.get("HOME")
    if home:
        return Path(home) / ".local" / "share" / "powershell" / "PSReadLine" / name
    return Path(os.devnull)


def history_file_entry(line: str) -> str:
    """One history record as written: embedded newlines become backtick + newline."""
    return line.replace("\n", "`\n") + "\n"


def append_to_history_file(path: Path, line: str, previous: str | None = None) -> bool:
    """Append `line` unless it is blank, a repeat of `previous` (HistoryNoDuplicates) or
    sensitive. UTF-8 without BOM; the directory is created on the first write. Returns whether
    the line was written."""
    if not line.strip() or line == previous or default_add_to_history_option(line) != MEMORY_AND_FILE:
        return False
    if str(path) == os.devnull:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8", newline="\n") as fh:
        fh.write(history_file_entry(line))
    return True
