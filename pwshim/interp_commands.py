"""Commands (mixed into the Interpreter): resolving names, evaluating arguments, running
functions, script blocks, script files and native programs."""

from __future__ import annotations

import os
import shutil
from typing import Any, Callable

from pwshim import nodes as N
from pwshim.runtime.binding import NO_VALUE, NamedArg, PositionalArg
from pwshim.runtime.conversions import to_bool, to_string
from pwshim.runtime.errors import (
    Category,
    CommandNotFoundException,
    ErrorRecord,
    ParameterBindingException,
    PSError,
)
from pwshim.runtime.objects import Hashtable

Emit = Callable[[Any], None]

NOT_RECOGNIZED = (
    "The term '{0}' is not recognized as a name of a cmdlet, function, script file, or executable "
    "program.\nCheck the spelling of the name, or if a path was included, verify that the path is "
    "correct and try again."
)


def command_not_found(name: str, span: Any) -> PSError:
    return PSError(
        ErrorRecord(
            CommandNotFoundException(NOT_RECOGNIZED.format(name)),
            "CommandNotFoundException",
            Category.ObjectNotFound,
            target=name,
            span=span,
            command=name,
        )
    )


class FunctionInfo:
    """A user-defined function or filter."""

    def __init__(self, name: str, body: N.ScriptBlockAst, is_filter: bool, params: tuple[N.ParameterAst, ...],
                 file: str | None) -> None:
        self.Name = name
        self.body = body
        self.is_filter = is_filter
        self.params = params
        self.file = file

    @property
    def CommandType(self) -> str:  # noqa: N802
        return "Filter" if self.is_filter else "Function"

    @property
    def Definition(self) -> str:  # noqa: N802
        return self.body.text

    PS_DEFAULT_PROPERTIES = ("CommandType", "Name")


_SAME: Any = object()


class BlockRun:
    """One invocation of a script block's named blocks, as pwsh's script command processor runs
    them: `begin` once, `process` for each pipeline object as it arrives, `end` once. `return`
    ends the block it is in. The invocation keeps its own scope and interpreter state from its
    begin to its end; each entry installs them and puts the caller's back, since other pipeline
    stages run in between. `$input` is the current object in `process`; in `end` it is all the
    input when there is no `process` block (and empty otherwise)."""

    def __init__(self, interp: Any, sb: Any, args: list[Any], out: Emit, expects_input: bool, *,
                 new_scope: bool = True, dollar_under: Any = None, has_dollar_under: bool = False,
                 named: list[NamedArg] | None = None, extra_params: tuple[N.ParameterAst, ...] = (),
                 is_filter: bool = False, command_name: str = "", invocation: Any = None,
                 file: Any = _SAME) -> None:
        from pwshim.interp_params import bind_script_parameters
        from pwshim.runtime.session import Scope

        self.interp = interp
        self.out = out
        self.expects_input = expects_input
        self.dollar_under = dollar_under
        self.has_dollar_under = has_dollar_under
        self.command_name = command_name
        ast: N.ScriptBlockAst = sb.ast
        self.ast = ast
        process, end = ast.process, ast.end
        if is_filter and process is None and end is not None:
            process, end = end, None  # a filter's body is its process block
        self.process_block, self.end_block = process, end
        self.params = list(extra_params) + (list(ast.param_block.parameters) if ast.param_block else [])
        self.buffer: list[Any] = []  # the input of a block without `process` ($input in end)
        self.cleaned = False
        self.file = interp.file if file is _SAME else file
        self.depths = (interp.try_depth, interp.trap_depth)
        session = interp.session
        # where its errors go: the caller's redirection (`f 2>$null` sets its own)
        self.error_redirect = session.extensions.get("error_redirect")
        scope = session.scope
        if invocation is not None:  # a function's own scope holds $MyInvocation
            scope = Scope(scope)
            scope.vars["myinvocation"] = ["MyInvocation", invocation, None]
        self.scope = Scope(scope) if new_scope else scope
        saved = self._enter()
        try:
            remaining = bind_script_parameters(interp, ast, self.params, list(args), named or [], command_name)
            session.set_variable("args", remaining, "local")
            from pwshim.interp_params import out_variable_list

            outs = out_variable_list(session)  # -OutVariable: the function's output goes there too
            if outs is not None:
                emit = self.out
                self.out = lambda value: (outs.append(value), emit(value))[1]
            if has_dollar_under:
                session.set_variable("_", dollar_under, "local")
                session.set_variable("PSItem", dollar_under, "local")
        finally:
            self._leave(saved)

    def _enter(self) -> tuple[Any, ...]:
        interp = self.interp
        session = interp.session
        extensions = session.extensions
        saved = (session.scope, interp.in_class_method, interp.file, interp.try_depth, interp.trap_depth,
                 extensions.get("error_redirect"))
        extensions["error_redirect"] = self.error_redirect
        session.scope = self.scope
        interp.in_class_method = False  # `return x` in a function writes x (only a method returns it)
        interp.file = self.file
        interp.try_depth, interp.trap_depth = self.depths
        return saved

    def _leave(self, saved: tuple[Any, ...]) -> None:
        interp = self.interp
        session = interp.session
        session.scope, interp.in_class_method, interp.file, interp.try_depth, interp.trap_depth, redirect = saved
        session.extensions["error_redirect"] = redirect

    def _run(self, block: N.NamedBlockAst) -> None:
        from pwshim.interpreter import ReturnSignal

        try:
            self.interp.exec_block(block.body, self.out)
        except ReturnSignal:
            pass  # `return` ends this block only

    def _set_item(self, item: Any, current: list[Any]) -> None:
        session = self.interp.session
        session.set_variable("_", item, "local")
        session.set_variable("PSItem", item, "local")
        session.set_variable("input", current, "local")

    def begin(self) -> None:
        block = self.ast.begin
        if block is None:
            return
        saved = self._enter()
        try:
            self._run(block)
        finally:
            self._leave(saved)

    def process(self, item: Any) -> None:
        """One pipeline object (kept for `end` when there is no process block)."""
        if self.process_block is None:
            self.buffer.append(item)
            return
        saved = self._enter()
        try:
            self._set_item(item, [item])
            try:
                self.interp._bind_pipeline_param(self.ast, self.params, item, self.command_name)
            except PSError as exc:
                # an object that does not bind is that object's (non-terminating) error; the
                # pipeline goes on with the next one
                from pwshim.runtime.pipeline import ErrorPolicy

                if exc.record.command is None and self.command_name:
                    exc.record.command = self.command_name
                ErrorPolicy(self.interp.session)(exc.record)
                return
            self._run(self.process_block)
        finally:
            self._leave(saved)

    def clean(self) -> None:
        """pwsh 7.3's `clean` block: runs once after end, also when the pipeline failed or was
        stopped; what it writes to the output is discarded."""
        block = self.ast.clean
        if block is None or self.cleaned:
            return
        self.cleaned = True
        saved = self._enter()
        out, self.out = self.out, lambda obj: None
        try:
            self._run(block)
        finally:
            self.out = out
            self._leave(saved)

    def end(self) -> None:
        saved = self._enter()
        try:
            session = self.interp.session
            if self.process_block is not None and not self.expects_input:
                # no pipeline: process runs once and parameters keep their command-line values
                self._set_item(self.dollar_under if self.has_dollar_under else None, [])
                self._run(self.process_block)
            if self.end_block is not None:
                session.set_variable("input", list(self.buffer), "local")
                if self.expects_input and self.process_block is None:
                    items = self.buffer
                    self.interp._bind_pipeline_param(self.ast, self.params, items[-1] if items else None,
                                                     self.command_name, all_items=items)
                self._run(self.end_block)
        finally:
            self._leave(saved)


class CommandMixin:
    session: Any

    # --- arguments ------------------------------------------------------------------------------------
    def command_arguments(self, elements: tuple[N.CommandElementAst, ...]) -> list[NamedArg | PositionalArg]:
        """Evaluate a command's arguments; splats are appended after the others (pwsh's rule)."""
        args: list[NamedArg | PositionalArg] = []
        splats: list[NamedArg | PositionalArg] = []
        for el in elements:
            if isinstance(el, N.CommandParameterAst):
                if el.argument is not None:
                    args.append(NamedArg(el.name, self.eval(el.argument), True, el.span, el.text))  # type: ignore[attr-defined]
                else:
                    args.append(NamedArg(el.name, NO_VALUE, el.used_colon, el.span, el.text or "-" + el.name))
            elif isinstance(el, N.VariableExpressionAst) and el.splatted:
                value = self.get_var(el)  # type: ignore[attr-defined]
                if isinstance(value, dict | Hashtable):
                    for k, v in value.items():
                        splats.append(NamedArg(to_string(k), v, True, el.span, "-" + to_string(k)))
                elif isinstance(value, list | tuple):
                    splats.extend(PositionalArg(v, el.span) for v in value)
                elif value is not None:
                    splats.append(PositionalArg(value, el.span))
            else:
                args.append(PositionalArg(self.eval(el), el.span))  # type: ignore[attr-defined]
        # pwsh 7.1+: an explicit parameter overrides the same one from a splat.
        explicit = {a.name.lower() for a in args if isinstance(a, NamedArg)}
        args.extend(s for s in splats if not (isinstance(s, NamedArg) and s.name.lower() in explicit))
        return args

    # --- resolution ------------------------------------------------------------------------------------
    def resolve_command(self, name: str, span: Any) -> tuple[str, Any]:
        """('function'|'cmdlet'|'script'|'native', target) for a command name."""
        from pwshim.runtime.cmdlet import find_cmdlet

        key = name.lower()
        fn = self.session.functions.get(key)
        if fn is not None:
            return "function", fn
        alias = self.session.aliases.get(key)
        if alias is not None:
            return self.resolve_command(alias, span)
        cls = find_cmdlet(name)
        if cls is not None:
            return "cmdlet", cls
        if name.lower().endswith(".ps1") or "/" in name or "\\" in name:
            path = self.session.resolve_path(name)
            if path.is_file() and path.suffix.lower() == ".ps1":
                return "script", str(path)
            if path.is_file() and os.access(path, os.X_OK):
                return "native", str(path)
        native = shutil.which(name, path=self.session.environ.get("PATH"))
        if native and not name.startswith("<"):
            return "native", native
        raise command_not_found(name, span)

    # --- functions -------------------------------------------------------------------------------------
    def define_function(self, node: N.FunctionDefinitionAst) -> None:
        name = node.name
        scope = None
        if ":" in name:
            scope, name = name.split(":", 1)
        info = FunctionInfo(name, node.body, node.is_filter, node.parameters, getattr(self, "file", None))
        self.session.functions[name.lower()] = info

    def run_blocks(self, sb: Any, args: list[Any], out: Emit, pipeline_input: list[Any] | None,
                   new_scope: bool = True, dollar_under: Any = None, has_dollar_under: bool = False,
                   named: list[NamedArg] | None = None, extra_params: tuple[N.ParameterAst, ...] = (),
                   is_filter: bool = False, command_name: str = "") -> None:
        """Run a script block's begin/process/end with parameters bound (functions, `& {}`, scripts)."""
        run = BlockRun(self, sb, args, out, pipeline_input is not None, new_scope=new_scope,
                       dollar_under=dollar_under, has_dollar_under=has_dollar_under, named=named,
                       extra_params=extra_params, is_filter=is_filter, command_name=command_name)
        try:
            run.begin()
            for item in pipeline_input or ():
                run.process(item)
            run.end()
        finally:
            run.clean()

    def _bind_pipeline_param(self, ast: N.ScriptBlockAst, params: list[N.ParameterAst], item: Any,
                             command_name: str, all_items: list[Any] | None = None) -> None:
        from pwshim.interp_params import bind_pipeline_parameter

        bind_pipeline_parameter(self, params, item, all_items)

    def invoke_scriptblock(self, sb: Any, args: list[Any], dollar_under: Any = None,
                           has_dollar_under: bool = False, dot_source: bool = False,
                           out: Emit | None = None) -> list[Any]:
        """`& { }` / `. { }` with `$_`: the output list, or [] when each object goes to `out` as
        it is written (a cmdlet streaming a block's output downstream)."""
        collected: list[Any] = []
        saved: dict[str, Any] = {}
        if dot_source and has_dollar_under:
            # a dot-sourced block (ForEach-Object's) sets $_ in the caller's scope; put it back after
            saved = {k: (list(e) if (e := self.session.scope.vars.get(k)) else None) for k in ("_", "psitem")}
        try:
            self.run_blocks(sb, args, out or collected.append, None, new_scope=not dot_source,
                            dollar_under=dollar_under, has_dollar_under=has_dollar_under)
        finally:
            for key, entry in saved.items():
                if entry is None:
                    self.session.scope.vars.pop(key, None)
                else:
                    self.session.scope.vars[key] = entry
        return collected

    def invoke_scriptblock_pipeline(self, sb: Any, objects: list[Any], args: list[Any]) -> list[Any]:
        collected: list[Any] = []
        self.run_blocks(sb, args, collected.append, objects)
        return collected

    def function_run(self, info: FunctionInfo, args: list[NamedArg | PositionalArg], out: Emit,
                     expects_input: bool) -> BlockRun:
        """An invocation of a function, its parameters bound (begin/process/end are run by the caller)."""
        from pwshim.interpreter import invocation_info
        from pwshim.runtime.scriptblock import ScriptBlock

        positional = [a for a in args if isinstance(a, PositionalArg)]  # value errors point at the value
        named = [a for a in args if isinstance(a, NamedArg)]
        return BlockRun(self, ScriptBlock(info.body, self.session, info.file), positional, out, expects_input,
                        named=named, extra_params=info.params, is_filter=info.is_filter, command_name=info.Name,
                        invocation=invocation_info(info.Name, info.file or ""), file=info.file)

    def call_function(self, info: FunctionInfo, args: list[NamedArg | PositionalArg], out: Emit,
                      pipeline_input: list[Any] | None) -> None:
        run = self.function_run(info, args, out, pipeline_input is not None)
        try:
            run.begin()
            for item in pipeline_input or ():
                run.process(item)
            run.end()
        finally:
            run.clean()

    def call_script_file(self, path: str, args: list[NamedArg | PositionalArg], out: Emit,
                         dot_source: bool) -> int | None:
        """Run a .ps1 file (pwsh's script command processor): `exit N` in it ends that script
        only, sets $LASTEXITCODE and is returned (a non-zero code fails the caller's pipeline)."""
        from pwshim.interpreter import ExitSignal
        from pwshim.parser import parse
        from pwshim.runtime.errors import ParseError

        try:
            with open(path, encoding="utf-8-sig") as fh:
                text = fh.read()
        except OSError as exc:
            raise command_not_found(path, None) from exc
        try:
            ast = parse(text, path)
        except ParseError as exc:
            raise PSError(exc.errors[0]) from None
        positional = [a.value for a in args if isinstance(a, PositionalArg)]
        try:
            self.run_script_ast(ast, path, positional, out, new_scope=not dot_source)  # type: ignore[attr-defined]
        except ExitSignal as sig:
            return sig.code
        return None

    # --- native programs --------------------------------------------------------------------------------
    def call_native(self, path: str, args: list[NamedArg | PositionalArg], out: Emit,
                    pipeline_input: list[Any] | None) -> int:
        """Run a native program; returns its exit code."""
        import subprocess

        argv = [path]
        for a in args:
            if isinstance(a, NamedArg):
                text = a.text or "-" + a.name
                argv.append(text if a.value is NO_VALUE else text.rstrip(":") + ":" + to_string(a.value))
            else:
                vals = a.value if isinstance(a.value, list) else [a.value]
                argv.extend(to_string(v) for v in vals)
        stdin_text = None
        if pipeline_input is not None:
            stdin_text = "".join(to_string(v) + "\n" for v in pipeline_input)
        proc = subprocess.run(argv, input=stdin_text, capture_output=True, text=True,
                              cwd=self.session.cwd if os.path.isdir(self.session.cwd) else None,
                              env=dict(self.session.environ), check=False)
        if proc.stderr:
            redirect = self.session.extensions.get("error_redirect")
            if redirect is None:
                self.session.host.write_error_line(proc.stderr.rstrip("\n"))
            else:  # `2>$null` drops the lines, `2>&1` makes them output, `2>file` writes them
                for line in proc.stderr.splitlines():
                    redirect(line)
        for line in proc.stdout.splitlines():
            out(line)
        self.session.set_variable("LASTEXITCODE", proc.returncode, "global")
        self.session.set_variable("?", proc.returncode == 0)
        return proc.returncode


def bad_param(message: str, error_id: str, span: Any) -> PSError:
    return PSError(ErrorRecord(ParameterBindingException(message), error_id, Category.InvalidArgument, span=span))


__all__ = ["CommandMixin", "FunctionInfo", "command_not_found", "bad_param", "to_bool"]
