"""Error handlers: which `catch` clause or `trap` takes an error, and how traps run.

pwsh (Compiler.cs, CompileStatementListWithTraps): a statement block holding traps runs each of
its statements under a handler. A terminating error raised by a statement, or by anything it
calls that has no handler of its own, runs the best matching trap of that block with `$_` set to
the ErrorRecord, in a new scope (`$_.Exception` is the exception that matched: the inner one
when the trap's type names it); then
- the trap ended with `continue`: the error is dropped (it stays in $Error) and the block goes on
  with its next statement;
- the trap ended with `break`: the error goes on up as a terminating error;
- otherwise: $ErrorActionPreference decides: Continue (the default) writes the error to the
  error stream and the block goes on; Stop acts as `break`; SilentlyContinue as `continue`.
Traps apply to the whole block, also to the statements before them. While such a block runs,
statement-terminating errors propagate to it as they do to a `try` (pwsh's
PropagateExceptionsToEnclosingStatementBlock).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable

from pwshim import nodes as N
from pwshim.runtime.errors import ErrorRecord, PSError

if TYPE_CHECKING:
    from pwshim.interpreter import Interpreter

Emit = Callable[[Any], None]


class _Handler:
    """A catch/trap type: its .NET full name (lower case) and Python class when pwshim knows it;
    None for a catch-all (pwsh's ExceptionHandlingOps.CatchAll)."""

    def __init__(self, type_name: Any) -> None:
        from pwshim.runtime.types import lookup_type

        self.text = str(type_name).lower()
        rtype = lookup_type(str(type_name))
        self.cls = rtype.cls if rtype is not None and getattr(rtype.cls, "type_name", None) else None
        self.name = self.cls.type_name.lower() if self.cls is not None else self.text

    def names(self, cls: type) -> bool:
        """Whether this handler's type is .NET type `cls` itself."""
        full = getattr(cls, "type_name", "").lower()
        if not full:
            return False
        if full == self.name or full == "system." + self.name:
            return True
        return self.cls is None and "." not in self.name and full.rsplit(".", 1)[-1] == self.name


def _by_type(exc: BaseException, handlers: list[_Handler | None]) -> int:
    """FindMatchingHandlerByType: an exact match, else the first base-type match, else the
    first catch-all; -1 when none."""
    own = type(exc)
    for i, h in enumerate(handlers):
        if h is not None and h.names(own):
            return i
    bases = [k for k in own.__mro__[1:] if getattr(k, "type_name", "")]
    for i, h in enumerate(handlers):
        if h is None:
            continue
        if any(h.names(k) for k in bases) or h.name in ("system.exception", "exception"):
            return i
    for i, h in enumerate(handlers):
        if h is None:
            return i
    return -1


def _ranks(handlers: list[_Handler | None]) -> list[int]:
    """RankExceptionTypes: how many other handler types derive from each (0: most specific)."""
    ranks = [0] * len(handlers)
    n = len(handlers)
    if handlers and handlers[-1] is None:
        ranks[-1] = n - 1
        n -= 1
    for i in range(n - 1):
        for j in range(i + 1, n):
            hi, hj = handlers[i], handlers[j]
            if hi is not None and hj is not None and hi.cls is not None and hj.cls is not None \
                    and hi.cls is not hj.cls and issubclass(hi.cls, hj.cls):
                ranks[j] += 1
    return ranks


def find_catch(record: ErrorRecord, types: list[Any]) -> tuple[int, ErrorRecord] | None:
    """pwsh's FindMatchingHandler for the catch clauses of a try (`types`: each clause's type
    names, None for a catch-all): the clause index and the `$_` it gets. The inner exception is
    tried first (`catch [FormatException]` catches `[int]::Parse('x')`'s MethodInvocationException),
    and `$_.Exception` is the exception that matched."""
    handlers = [None if t is None else _Handler(t) for t in types]
    if len(handlers) == 1 and handlers[0] is None:
        return 0, record  # a lone catch-all gets the error as it is
    ranks = _ranks(handlers)
    best, best_rank, best_exc = -1, None, None
    candidates = [getattr(record.exception, "inner", None), record.exception]
    for exc in candidates:
        if exc is None or (best_rank is not None and best_rank == 0):
            continue
        h = _by_type(exc, handlers)
        if h == -1:
            continue
        if best_rank is None or ranks[h] < best_rank or (ranks[h] == best_rank and handlers[best] is None):
            best, best_rank, best_exc = h, ranks[h], exc
    if best == -1:
        return None
    return best, _with_exception(record, best_exc)


def find_trap(record: ErrorRecord, traps: tuple[N.TrapStatementAst, ...]) -> tuple[N.TrapStatementAst, ErrorRecord] | None:
    """pwsh's ProcessTraps: the inner exception first; the outer one when that found nothing or
    only a catch-all trap."""
    handlers = [None if t.type is None else _Handler(t.type) for t in traps]
    h, exc = -1, None
    inner = getattr(record.exception, "inner", None)
    if inner is not None:
        h, exc = _by_type(inner, handlers), inner
    if h == -1 or handlers[h] is None:
        outer = _by_type(record.exception, handlers)
        if outer != h:
            h, exc = outer, record.exception
    if h == -1:
        return None
    return traps[h], _with_exception(record, exc)


def _with_exception(record: ErrorRecord, exc: BaseException | None) -> ErrorRecord:
    """`new ErrorRecord(record, exception)`: the same record around the matched exception."""
    if exc is None or exc is record.exception:
        return record
    return replace(record, exception=exc)


def exec_block_with_traps(interp: Interpreter, block: N.StatementBlockAst, out: Emit) -> None:
    """Run a statement block that holds traps (see the module docstring)."""
    interp.trap_depth += 1
    try:
        for stmt in block.statements:
            try:
                interp.exec_statement(stmt, out)
            except PSError as exc:
                found = find_trap(exc.record, block.traps)
                if found is None:
                    raise
                if _run_trap(interp, found[0], exc.record, found[1], out) == "break":
                    raise
    finally:
        interp.trap_depth -= 1


def _run_trap(interp: Interpreter, trap: N.TrapStatementAst, record: ErrorRecord, underbar: ErrorRecord,
              out: Emit) -> str:
    """Run a trap's body for `record` (`$_` is `underbar`): 'continue', 'break' or '' (it fell off
    its end: then $ErrorActionPreference decides, as pwsh's QueryForAction)."""
    from pwshim.interpreter import BreakSignal, ContinueSignal
    from pwshim.runtime.session import Scope

    session = interp.session
    if record.span is None:
        record.span = trap.span
    saved_scope = session.scope
    session.scope = Scope(saved_scope)
    session.set_variable("_", underbar, "local")
    session.set_variable("PSItem", underbar, "local")
    action = ""
    interp.trap_depth -= 1  # an error in the trap's own body is not handled by its block
    try:
        interp.exec_block(trap.body, out)
    except ContinueSignal:
        action = "continue"
    except BreakSignal:
        action = "break"
    finally:
        interp.trap_depth += 1
        session.scope = saved_scope
    if action == "":
        preference = str(session.get_variable("ErrorActionPreference", "Continue")).lower()
        if preference == "stop":
            action = "break"
        elif preference in ("silentlycontinue", "ignore"):
            action = "continue"
    if action == "continue":
        session.error_list.insert(0, record)
    elif action == "":
        interp.report(record)
    session.set_variable("?", False)
    return action
