"""pwshim from Python: every cmdlet as a function, and PowerShell scripts run in-process.

    from pwshim import api
    secure = api.convert_to_secure_string(string="s3cret", as_plain_text=True, force=True)
    cred = api.new_object(type_name="System.Management.Automation.PSCredential",
                          argument_list=["app-id", secure])
    ctx = api.connect_az_account(service_principal=True, credential=cred, tenant=tenant_id)
    ctx.account.id            # snake_case ...
    ctx.Account.Id            # ... or PowerShell casing

- Each registered cmdlet `Verb-Noun` is the function `verb_noun` (generated lazily from the
  cmdlet metadata at first access, so new cmdlets appear without code here). Parameters are
  keyword-only, in snake_case (aliases too); `help(api.connect_az_account)` shows the
  parameter sets. The function runs the same cmdlet class the interpreter runs.
- Return value: None when the cmdlet wrote nothing, the object when it wrote one, else a list.
  Objects are wrapped by `py_object` (PowerShell members in snake_case or PowerShell casing);
  wrapped objects passed back to API calls are unwrapped, keeping their identity.
- Terminating errors raise `PowerShellError` (also an instance of the .NET exception class,
  e.g. `CryptographicException`); non-terminating ones are issued as `PowerShellWarning`
  warnings and kept on `last_errors()`.
- All calls share one Session (`session()`), with a ConsoleHost: prompts (Get-Credential)
  read the terminal, as in pwsh. `session(Session(...))` replaces it.
- `run(script_text, variables={...})` runs PowerShell text and returns a `Result`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pwshim.api_functions import NO_INPUT, function_name, make_function
from pwshim.api_objects import PSList, PSProxy, PSStr, py_object, unwrap
from pwshim.runtime.errors import DotNetException, ErrorRecord, PSError

__all__ = [
    "NO_INPUT",
    "PSList",
    "PSProxy",
    "PSStr",
    "PowerShellError",
    "PowerShellWarning",
    "Result",
    "last_errors",
    "py_object",
    "run",
    "script_block",
    "session",
    "unwrap",
]


# --------------------------------------------------------------------------- errors


class PowerShellError(Exception):
    """A terminating PowerShell error raised from a Python API call.

    `record` is the ErrorRecord; `error_id` its FullyQualifiedErrorId, `category` its
    ErrorCategory name, `message` the exception text, `exception` the .NET exception.
    Instances also derive from the .NET exception's Python class, so
    `except CryptographicException:` catches them too.
    """

    record: ErrorRecord

    def __init__(self, record: ErrorRecord) -> None:
        Exception.__init__(self, record.message)
        self.record = record
        # The .NET exception attributes (DotNetException.__init__ is not run).
        self.message = record.message
        self.inner = getattr(record.exception, "inner", None)

    @property
    def error_id(self) -> str:
        return self.record.FullyQualifiedErrorId

    @property
    def category(self) -> str:
        return self.record.category

    @property
    def exception(self) -> BaseException:
        return self.record.exception

    def __str__(self) -> str:
        return self.record.message

    def __reduce__(self) -> Any:
        return (_rebuild_error, (self.record,))


_ERROR_CLASSES: dict[type, type[PowerShellError]] = {}


def _error_class(exc_type: type) -> type[PowerShellError]:
    """PowerShellError mixed with the .NET exception class (cached per class)."""
    if not (isinstance(exc_type, type) and issubclass(exc_type, DotNetException)):
        return PowerShellError
    cls = _ERROR_CLASSES.get(exc_type)
    if cls is None:
        cls = type("PowerShellError", (PowerShellError, exc_type), {"__module__": __name__})
        _ERROR_CLASSES[exc_type] = cls
    return cls


def _rebuild_error(record: ErrorRecord) -> PowerShellError:
    return powershell_error(record)


def powershell_error(record: ErrorRecord) -> PowerShellError:
    """The PowerShellError for an ErrorRecord (typed after its .NET exception)."""
    return _error_class(type(record.exception))(record)


class PowerShellWarning(UserWarning):
    """A non-terminating PowerShell error from an API call (see last_errors())."""


# --------------------------------------------------------------------------- the session

_SESSION: Any = None
_LAST_ERRORS: list[ErrorRecord] = []


def _collect_only(record: ErrorRecord) -> None:
    """The API session's error reporter: errors are kept (session.last_errors) and issued as
    warnings at the caller's line once the call returns (see _call)."""


def session(new: Any = None) -> Any:
    """The Session every API call runs in (created on first use, with a ConsoleHost).

    `session(s)` installs `s` instead and returns it."""
    global _SESSION
    if new is not None:
        _SESSION = new
    elif _SESSION is None:
        from pwshim.runtime.host import ConsoleHost
        from pwshim.runtime.session import Session

        from pwshim.runtime.automatic import install_automatic_variables

        _SESSION = Session(host=ConsoleHost())
        install_automatic_variables(_SESSION)  # $HOME, $PSVersionTable... as a script sees them
    _SESSION.extensions.setdefault("error_reporter", _collect_only)
    return _SESSION


def last_errors() -> list[ErrorRecord]:
    """The non-terminating errors written by the most recent API call (or run())."""
    return list(_LAST_ERRORS)


def script_block(fn: Callable[..., Any]) -> Any:
    """A Python callable as a PowerShell script block, for parameters that take one
    (Where-Object -FilterScript, ForEach-Object -Process...). The callable receives `$_` (the
    pipeline object, wrapped by py_object) as its one argument, or the block's arguments.
    API functions convert callables passed as arguments with this automatically:

        api.where_object(pipeline_input=certs, filter_script=lambda c: c.subject.startswith("CN=app"))
    """
    from pwshim.runtime.scriptblock import ScriptBlock

    class PythonScriptBlock(ScriptBlock):
        __slots__ = ()

        def invoke(self, *args: Any, dollar_under: Any = _UNSET, dot_source: bool = False) -> list[Any]:
            value = fn(py_object(dollar_under)) if dollar_under is not _UNSET else fn(*(py_object(a) for a in args))
            value = unwrap(value)
            if value is None:
                return []
            return list(value) if isinstance(value, list | tuple) else [value]

        def invoke_with_input(self, objects: Any, *args: Any) -> list[Any]:
            out: list[Any] = []
            for obj in objects:
                out.extend(self.invoke(dollar_under=obj))
            return out

        def ToString(self) -> str:  # the .NET member
            return getattr(fn, "__name__", "<python>")

    return PythonScriptBlock(None, session())


_UNSET = object()


def _argument(value: Any) -> Any:
    """An API argument as the binder takes it: proxies unwrapped, Python functions as script blocks."""
    import functools
    import inspect

    from pwshim.runtime.objects import Hashtable

    if inspect.isroutine(value) or isinstance(value, functools.partial):
        return script_block(value)
    value = unwrap(value)
    if isinstance(value, list):
        return [_argument(v) for v in value] if any(_has_routine(v) for v in value) else value
    if isinstance(value, Hashtable | dict) and _has_routine(value):
        # a calculated property: @{ Name = 'Size'; Expression = { $_.Length } }
        return type(value)([(k, _argument(v)) for k, v in value.items()])
    return value


def _has_routine(value: Any) -> bool:
    import functools
    import inspect

    from pwshim.runtime.objects import Hashtable

    value = unwrap(value)
    if inspect.isroutine(value) or isinstance(value, functools.partial):
        return True
    if isinstance(value, Hashtable | dict):
        return any(_has_routine(v) for v in value.values())
    return False


def _pipeline_items(pipeline_input: Any) -> list[Any] | None:
    if pipeline_input is NO_INPUT:
        return None
    if pipeline_input is None:
        return []
    value = unwrap(pipeline_input)
    if isinstance(value, list | tuple):
        return list(value)
    if hasattr(value, "__next__"):
        return [unwrap(v) for v in value]
    return [value]


def _result(objects: list[Any]) -> Any:
    if not objects:
        return None
    if len(objects) == 1:
        return py_object(objects[0])
    return py_object(list(objects))


def _call(cls: Any, pipeline_input: Any, params: dict[str, Any]) -> Any:
    from pwshim.runtime.cmdlet import invoke

    sess = session()
    start = len(sess.last_errors)
    try:
        out = invoke(cls, sess, pipeline_input=_pipeline_items(pipeline_input), **{k: _argument(v) for k, v in params.items()})
    except PSError as exc:
        raise powershell_error(exc.record) from None
    finally:
        _LAST_ERRORS[:] = sess.last_errors[start:]
        del sess.last_errors[start:]
    if sess.extensions.get("error_reporter") is _collect_only:
        for record in _LAST_ERRORS:
            # stacklevel 3: the line that called the generated cmdlet function.
            warnings.warn(f"{record.FullyQualifiedErrorId}: {record.message}", PowerShellWarning, stacklevel=3)
    return _result(out)


# --------------------------------------------------------------------------- cmdlet functions

_FUNCTIONS: dict[str, Callable[..., Any]] = {}


def _index() -> dict[str, Any]:
    """Function name -> cmdlet class, for every registered cmdlet and Verb-Noun alias."""
    from pwshim.runtime.cmdlet import all_aliases, all_cmdlets, find_cmdlet

    names: dict[str, Any] = {}
    for cls in all_cmdlets():
        names[function_name(cls.name)] = cls
    for alias, target in all_aliases().items():
        if "-" in alias:
            cls = find_cmdlet(target)
            if cls is not None:
                names.setdefault(function_name(alias), cls)
    return names


def function_for(cls: Any) -> Callable[..., Any]:
    """The API function of a cmdlet class (built once)."""
    fn = _FUNCTIONS.get(cls.name)
    if fn is None or fn.cmdlet is not cls:  # type: ignore[attr-defined]
        fn = make_function(cls, _call)
        _FUNCTIONS[cls.name] = fn
    return fn


def __getattr__(name: str) -> Any:
    if name.startswith("_"):
        raise AttributeError(name)
    cls = _index().get(name)
    if cls is None:
        raise AttributeError(f"module 'pwshim.api' has no attribute '{name}' (no cmdlet of that name)")
    return function_for(cls)


def __dir__() -> list[str]:
    return sorted({*__all__, *_index()})  # the API, not the names this module imports


# --------------------------------------------------------------------------- run PowerShell


@dataclass
class Result:
    """What `run()` returns: the output objects, the error records, and the exit code."""

    output: list[Any] = field(default_factory=list)
    errors: list[ErrorRecord] = field(default_factory=list)
    exit_code: int = 0

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.errors


def run(script_text: str, variables: dict[str, Any] | None = None, *, file: str | None = None, session: Any = None) -> Result:
    """Run PowerShell `script_text` in the API session (or `session`) and return a Result.

    `variables` are set as PowerShell variables first (`{"tenantId": "..."}` -> `$tenantId`).
    Output objects are wrapped by `py_object`. Errors (parse errors, errors the script did not
    handle) are returned in `errors`, not printed; `exit_code` is what pwshim would exit with.
    """
    from pwshim.interpreter import run_script
    from pwshim.runtime.errors import ParseError

    sess = session if session is not None else globals()["session"]()
    for name, value in (variables or {}).items():
        sess.set_variable(name, unwrap(value))
    saved = sess.extensions.get("error_reporter")
    sess.extensions["error_reporter"] = _collect_only  # errors are returned, not printed
    try:
        outcome = run_script(script_text, sess, file=file)
    except ParseError as exc:
        raise powershell_error(exc.errors[0]) from None
    except PSError as exc:
        raise powershell_error(exc.record) from None
    finally:
        sess.extensions["error_reporter"] = saved
    errors = list(getattr(outcome, "errors", []) or [])
    _LAST_ERRORS[:] = errors
    return Result([py_object(o) for o in outcome.output], errors, int(getattr(outcome, "exit_code", 0) or 0))
