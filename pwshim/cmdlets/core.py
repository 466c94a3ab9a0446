"""Core cmdlets: the Write-* family, variables, New-Object, commands and help, modules,
Invoke-Expression, Read-Host, Start-Sleep."""

from __future__ import annotations

import time
from typing import Any

from pwshim.cmdlets.command_syntax import (
    function_syntax_lines,
    is_advanced,
    syntax_lines,
    syntax_text,
)
from pwshim.runtime.cmdlet import Cmdlet, Parameter, Switch, cmdlet
from pwshim.runtime.conversions import to_string
from pwshim.runtime.errors import (
    Category,
    DotNetException,
    ErrorRecord,
    ItemNotFoundException,
    MethodInvocationException,
    PSArgumentException,
    RuntimeException,
    type_name_of,
)

UTILITY = "Microsoft.PowerShell.Utility"
CORE = "Microsoft.PowerShell.Core"


@cmdlet("Write-Output", aliases=("echo", "write"), module=UTILITY)
class WriteOutput(Cmdlet):
    """Writes the specified objects to the pipeline."""

    InputObject = Parameter(object, position=0, mandatory=True, pipeline=True, remaining=True, allow_null=True)
    NoEnumerate = Parameter(Switch)

    def process(self) -> None:
        value = self.InputObject
        if isinstance(value, list) and not self.NoEnumerate:
            for item in value:
                self.write_object(item)
        else:
            self.write_object(value)


@cmdlet("Write-Host", module=UTILITY)
class WriteHost(Cmdlet):
    """Writes customized output to a host."""

    Object = Parameter(object, position=0, pipeline=True, remaining=True, allow_null=True)
    NoNewline = Parameter(Switch)
    Separator = Parameter(object, default=" ")
    ForegroundColor = Parameter(str)
    BackgroundColor = Parameter(str)

    def process(self) -> None:
        value = self.Object
        items = value if isinstance(value, list) else ([] if value is None else [value])
        text = to_string(self.Separator).join(to_string(v) for v in items)
        host = self.session.host
        if self.NoNewline:
            host.write(text)
        else:
            host.write_line(text)


@cmdlet("Write-Error", module=UTILITY, default_set="NoException")
class WriteError(Cmdlet):
    """Writes an object to the error stream."""

    Message = Parameter(str, position=0, mandatory=True, pipeline=True, sets=("NoException",))
    Exception = Parameter(object, mandatory=True, sets=("WithException",))
    ErrorRecord = Parameter(object, mandatory=True, sets=("ErrorRecord",))
    Category = Parameter(str)
    ErrorId = Parameter(str)
    TargetObject = Parameter(object)

    def process(self) -> None:
        if self.ErrorRecord is not None:
            record = self.ErrorRecord
        else:
            exc = self.Exception if isinstance(self.Exception, BaseException) else RuntimeException(
                to_string(self.Exception) if self.Exception is not None else to_string(self.Message))
            if self.Exception is None:
                exc = _WriteErrorException(to_string(self.Message))
            record = ErrorRecord(exc, self.ErrorId or "Microsoft.PowerShell.Commands.WriteErrorException",
                                 self.Category or Category.NotSpecified, self.TargetObject)
        record.command = None
        record.span = self.current_span
        record.fully_qualified_suffix = None
        self.write_error(record)


class _WriteErrorException(RuntimeException):
    type_name = "Microsoft.PowerShell.Commands.WriteErrorException"




def _stream_cmdlet(name: str, kind: str, pref: str, prefix: str) -> type[Cmdlet]:
    class StreamCmdlet(Cmdlet):
        Message = Parameter(str, position=0, mandatory=True, pipeline=True, allow_null=True)

        def process(self) -> None:
            explicit = self.bound.get(kind.capitalize()) or self.bound.get("Verbose" if kind == "verbose" else "")
            preference = str(self.session.get_variable(pref, "SilentlyContinue")).lower()
            if kind == "warning":
                action = str(self.bound.get("WarningAction", preference)).lower()
                if action in ("silentlycontinue", "ignore"):
                    return
                if action == "stop":
                    raise self.throw(RuntimeException(
                        "The running command stopped because the preference variable \"WarningPreference\" or "
                        f"common parameter is set to Stop: {self.Message}"), "ActionPreferenceStop")
            elif not explicit and preference in ("silentlycontinue", "ignore"):
                return
            self.session.host.write_line(f"{prefix}{'' if self.Message is None else self.Message}")

    StreamCmdlet.__name__ = name.replace("-", "")
    StreamCmdlet.__doc__ = f"Writes text to the {kind} stream."
    return cmdlet(name, module=UTILITY)(StreamCmdlet)


_stream_cmdlet("Write-Warning", "warning", "WarningPreference", "WARNING: ")
_stream_cmdlet("Write-Verbose", "verbose", "VerbosePreference", "VERBOSE: ")
_stream_cmdlet("Write-Debug", "debug", "DebugPreference", "DEBUG: ")


@cmdlet("Write-Information", module=UTILITY)
class WriteInformation(Cmdlet):
    """Writes to the information stream (shown when InformationAction is Continue)."""

    MessageData = Parameter(object, position=0, mandatory=True, aliases=("Msg", "Message"))
    Tags = Parameter([str], position=1)

    def process(self) -> None:
        action = str(self.bound.get("InformationAction",
                                    self.session.get_variable("InformationPreference", "SilentlyContinue"))).lower()
        if action not in ("silentlycontinue", "ignore"):
            self.session.host.write_line(to_string(self.MessageData))


# --- variables ------------------------------------------------------------------------------------


class PSVariable:
    PS_DEFAULT_PROPERTIES = ("Name", "Value")
    # the "Variable" table view (PowerShellCore_format_ps1xml.cs): Name 30 wide, then Value
    PS_TABLE_COLUMNS = (("Name", "Name", 30, None), ("Value", "Value", None, None))

    def __init__(self, name: str, value: Any) -> None:
        self.Name = name
        self.Value = value


@cmdlet("Get-Variable", aliases=("gv",), module=UTILITY)
class GetVariable(Cmdlet):
    """Gets the variables in the current console."""

    Name = Parameter([str], position=0, pipeline=True)
    ValueOnly = Parameter(Switch)
    Scope = Parameter(str)

    def process(self) -> None:
        from pwshim.runtime.operators import like

        entries: dict[str, list[Any]] = {}
        scope = self.session.scope
        while scope is not None:
            for key, entry in scope.vars.items():
                if key.startswith("__"):
                    continue
                entries.setdefault(key, entry)
            scope = scope.parent
        for pattern in self.Name or ["*"]:
            found = [e for k, e in sorted(entries.items()) if like(e[0], pattern)]
            if not found and not any(c in pattern for c in "*?["):
                self.write_error(ItemNotFoundException(f"Cannot find a variable with the name '{pattern}'."),
                                 "VariableNotFound", Category.ObjectNotFound, pattern)
            for e in found:
                self.write_object(e[1] if self.ValueOnly else PSVariable(e[0], e[1]))


@cmdlet("Set-Variable", aliases=("set",), module=UTILITY)
class SetVariable(Cmdlet):
    """Sets the value of a variable."""

    Name = Parameter([str], position=0, mandatory=True, pipeline_by_name=True)
    Value = Parameter(object, position=1, pipeline=True, allow_null=True)
    Scope = Parameter(str)
    PassThru = Parameter(Switch)
    Option = Parameter(str)

    def process(self) -> None:
        for name in self.Name:
            self.session.set_variable(name, self.Value, self.Scope)
            if self.PassThru:
                self.write_object(PSVariable(name, self.Value))


@cmdlet("New-Variable", aliases=("nv",), module=UTILITY)
class NewVariable(SetVariable):
    """Creates a new variable."""


@cmdlet("Remove-Variable", aliases=("rv",), module=UTILITY)
class RemoveVariable(Cmdlet):
    """Deletes a variable and its value."""

    Name = Parameter([str], position=0, mandatory=True, pipeline_by_name=True)
    Scope = Parameter(str)

    def process(self) -> None:
        for name in self.Name:
            scope = self.session.scope
            while scope is not None:
                if scope.vars.pop(name.lower(), None) is not None:
                    break
                scope = scope.parent
            else:
                self.write_error(ItemNotFoundException(f"Cannot find a variable with the name '{name}'."),
                                 "VariableNotFound", Category.ObjectNotFound, name)


@cmdlet("Clear-Variable", aliases=("clv",), module=UTILITY)
class ClearVariable(Cmdlet):
    """Deletes the value of a variable."""

    Name = Parameter([str], position=0, mandatory=True, pipeline_by_name=True)

    def process(self) -> None:
        for name in self.Name:
            self.session.set_variable(name, None)


@cmdlet("Set-Alias", aliases=("sal",), module=UTILITY)
class SetAlias(Cmdlet):
    """Creates or changes an alias for a cmdlet or other command."""

    Name = Parameter(str, position=0, mandatory=True)
    Value = Parameter(str, position=1, mandatory=True)

    def process(self) -> None:
        self.session.aliases[self.Name.lower()] = self.Value


# --- objects ------------------------------------------------------------------------------------------


@cmdlet("New-Object", module=UTILITY, default_set="Net")
class NewObject(Cmdlet):
    """Creates an instance of a .NET type known to pwshim."""

    TypeName = Parameter(str, position=0, mandatory=True, sets=("Net",))
    ArgumentList = Parameter([object], position=1, aliases=("Args",), sets=("Net",))
    Property = Parameter(object)
    ComObject = Parameter(str, mandatory=True, sets=("Com",))

    def process(self) -> None:
        from pwshim.dotnet.primitives import builtin_constructor
        from pwshim.runtime.objects import Hashtable, PSObject, set_property
        from pwshim.runtime.types import lookup_type

        if self.ComObject:
            raise self.throw(PSArgumentException("COM objects are not supported on this platform."),
                             "NoCOMClassIdentified", Category.ResourceUnavailable)
        rtype = lookup_type(self.TypeName)
        if rtype is None:
            raise self.throw(
                PSArgumentException(f"Cannot find type [{self.TypeName}]: verify that the assembly containing "
                                    "this type is loaded."),
                "TypeNotFound", Category.InvalidType, self.TypeName)
        args = list(self.ArgumentList or [])
        ctor = builtin_constructor(rtype) or rtype.cls
        if rtype.cls is PSObject and not args:
            obj: Any = PSObject()
        else:
            try:
                obj = ctor(*args)
            except DotNetException as exc:
                raise self.throw(
                    MethodInvocationException(
                        f'Exception calling ".ctor" with "{len(args)}" argument(s): "{exc}"', exc),
                    "ConstructorInvokedThrowException", Category.InvalidOperation) from None
            except TypeError:
                raise self.throw(
                    MethodInvocationException(
                        f'Cannot find an overload for "{rtype.Name}" and the argument count: "{len(args)}".'),
                    "ConstructorInvokedThrowException", Category.InvalidOperation) from None
        if isinstance(self.Property, dict | Hashtable):
            for k, v in self.Property.items():
                try:
                    set_property(obj, to_string(k), v)
                except KeyError:
                    if isinstance(obj, PSObject):
                        obj.set(to_string(k), v)
        self.write_object(obj)


# --- commands and help ---------------------------------------------------------------------------


class CommandInfo:
    PS_DEFAULT_PROPERTIES = ("CommandType", "Name", "Version", "Source")
    # the "CommandInfo" table view of AliasInfo/CmdletInfo/FunctionInfo... (PowerShellCore_format_ps1xml.cs):
    # CommandType 15, Name 50 (an alias's DisplayName), Version 10, Source
    PS_TABLE_COLUMNS = (
        ("CommandType", "CommandType", 15, None),
        ("Name", lambda o: o.DisplayName, 50, None),
        ("Version", "Version", 10, None),
        ("Source", "Source", None, None),
    )

    def __init__(self, name: str, command_type: str, source: str, cls: Any = None, definition: str = "",
                 function: Any = None) -> None:
        self.Name = name
        self.CommandType = command_type
        self.Source = source
        self.Version = _module_version(source) if command_type == "Cmdlet" else ""
        self.Definition = definition
        self._cls = cls
        self._function = function

    @property
    def DisplayName(self) -> str:
        """An alias shows as `gv -> Get-Variable`; other commands as their name."""
        return self.Definition if self.CommandType == "Alias" else self.Name

    def syntax_lines(self) -> list[str]:
        """The command's syntax lines (an alias: those of the command it stands for)."""
        if self._function is not None:
            fn = self._function
            params = list(getattr(fn, "params", ()) or ())
            body = getattr(fn, "body", None)
            if body is not None and body.param_block is not None:
                params += list(body.param_block.parameters)
            advanced = body is not None and is_advanced(body, params)
            return function_syntax_lines(self.Name, params, advanced)
        return syntax_lines(self._cls) if self._cls is not None else []

    @property
    def ModuleName(self) -> str:
        return self.Source

    @property
    def Parameters(self) -> Any:
        from pwshim.runtime.objects import Hashtable

        table = Hashtable()
        if self._cls is not None:
            for name, p in self._cls.all_parameters().items():
                table[name] = p.type_name()
        return table

    @property
    def ParameterSets(self) -> list[str]:
        return self._cls.parameter_sets() if self._cls is not None else []


def _module_version(module: str) -> Any:
    from pwshim.dotnet.version import Version

    return Version(MODULES.get(module.lower(), ("", "7.0.0.0"))[1])


@cmdlet("Get-Command", aliases=("gcm",), module=CORE)
class GetCommand(Cmdlet):
    """Gets all commands, or the commands matching a name."""

    Name = Parameter([str], position=0, pipeline=True)
    Module = Parameter([str])
    CommandType = Parameter(str)
    Noun = Parameter([str])
    Verb = Parameter([str])
    Syntax = Parameter(Switch)
    All = Parameter(Switch)

    def process(self) -> None:
        from pwshim.runtime.cmdlet import all_aliases, all_cmdlets, find_cmdlet
        from pwshim.runtime.operators import like

        infos: list[CommandInfo] = []
        for cls in all_cmdlets():
            infos.append(CommandInfo(cls.name, "Cmdlet", cls.module, cls))
        for alias, target in all_aliases().items():
            infos.append(CommandInfo(alias, "Alias", "", find_cmdlet(target), f"{alias} -> {target}"))
        for fn in self.session.functions.values():
            infos.append(CommandInfo(fn.Name, fn.CommandType, "", None, fn.Definition, fn))
        patterns = self.Name or ["*"]
        for pattern in patterns:
            matched = [i for i in infos if like(i.Name, pattern)
                       and (not self.Module or any(like(i.Source, m) for m in self.Module))
                       and (not self.Verb or any(like(i.Name.split("-")[0], v) for v in self.Verb))
                       and (not self.Noun or any(like(i.Name.split("-", 1)[-1], n) for n in self.Noun))]
            if not matched and not any(c in pattern for c in "*?["):
                from pwshim.interp_commands import NOT_RECOGNIZED
                from pwshim.runtime.errors import CommandNotFoundException

                self.write_error(CommandNotFoundException(NOT_RECOGNIZED.format(pattern)),
                                 "CommandNotFoundException", Category.ObjectNotFound, pattern)
            if matched and not self.All and not any(c in pattern for c in "*?["):
                # the command the name runs (CommandDiscovery's order: alias, function, cmdlet)
                rank = {"Alias": 0, "Function": 1, "Filter": 1}
                matched = [min(matched, key=lambda i: rank.get(i.CommandType, 2))]
            for info in sorted(matched, key=lambda i: i.Name.lower()):
                self.write_object(self._syntax(info) if self.Syntax else info)

    def _syntax(self, info: CommandInfo) -> str:
        """GetSyntaxObject: an alias asked for by name is shown as `gv (alias) -> Get-Variable`
        followed by the syntax written with the alias's name."""
        text = syntax_text(info.syntax_lines())
        if info.CommandType != "Alias" or info._cls is None:
            return text
        target = info._cls.name
        return f"{info.Name} (alias) -> {target}\n" + text.replace(target, info.Name)


@cmdlet("Get-Help", aliases=("help",), module=CORE)
class GetHelp(Cmdlet):
    """Displays information about commands, from their own metadata."""

    Name = Parameter(str, position=0)
    Full = Parameter(Switch)
    Detailed = Parameter(Switch)
    Examples = Parameter(Switch)
    Parameter = Parameter(str)

    def process(self) -> None:
        from pwshim.runtime.cmdlet import find_cmdlet

        if not self.Name:
            self.session.host.write_line("\nTOPIC\n    pwshim help\n\n    Get-Help <command-name> shows the synopsis and syntax of a pwshim cmdlet.\n")
            return
        cls = find_cmdlet(self.Name)
        if cls is None:
            raise self.throw(
                ItemNotFoundException(
                    f"Get-Help could not find {self.Name} in a help file in this session."),
                "HelpNotFound", Category.ResourceUnavailable, self.Name)
        lines = ["", "NAME", f"    {cls.name}", "", "SYNOPSIS", f"    {cls.synopsis()}", "", "SYNTAX"]
        for line in syntax_lines(cls):
            lines.append(f"    {line}")
            lines.append("")
        if self.Full or self.Detailed:
            lines.append("PARAMETERS")
            for p in cls.parameters.values():
                lines.append(f"    -{p.name} <{p.type_name().rsplit('.', 1)[-1]}>")
                if p.help:
                    lines.append(f"        {p.help}")
                if p.aliases:
                    lines.append(f"        Aliases: {', '.join(p.aliases)}")
                lines.append("")
        aliases = [a for a in cls.aliases]
        if aliases:
            lines += ["ALIASES", *[f"    {a}" for a in aliases], ""]
        self.write_object("\n".join(lines))


# --- modules ------------------------------------------------------------------------------------------

# name -> (module name as shown, version). The Az versions are those pwshim's cmdlets follow.
MODULES: dict[str, tuple[str, str]] = {
    "microsoft.powershell.core": ("Microsoft.PowerShell.Core", "7.0.0.0"),
    "microsoft.powershell.utility": ("Microsoft.PowerShell.Utility", "7.0.0.0"),
    "microsoft.powershell.management": ("Microsoft.PowerShell.Management", "7.0.0.0"),
    "microsoft.powershell.security": ("Microsoft.PowerShell.Security", "7.0.0.0"),
    "pki": ("PKI", "1.0.0.0"),
    "az.accounts": ("Az.Accounts", "5.3.0"),
    "az.resources": ("Az.Resources", "8.1.0"),
    "az.compute": ("Az.Compute", "10.3.0"),
    "az.managedserviceidentity": ("Az.ManagedServiceIdentity", "1.4.0"),
    "az": ("Az", "14.5.0"),
}


class PSModuleInfo:
    PS_DEFAULT_PROPERTIES = ("ModuleType", "Version", "Name", "ExportedCommands")

    def __init__(self, key: str) -> None:
        from pwshim.dotnet.version import Version

        name, version = MODULES[key]
        self.Name = name
        self.Version = Version(version)
        self.ModuleType = "Script" if name.startswith("Az") else "Manifest"
        self.Path = f"pwshim://{name}"

    @property
    def ExportedCommands(self) -> list[str]:
        from pwshim.runtime.cmdlet import all_cmdlets

        return [c.name for c in all_cmdlets() if c.module.lower() == self.Name.lower()]


@cmdlet("Import-Module", aliases=("ipmo",), module=CORE)
class ImportModule(Cmdlet):
    """Adds modules to the current session (the modules pwshim implements)."""

    Name = Parameter([str], position=0, mandatory=True, pipeline=True)
    MinimumVersion = Parameter(object, aliases=("Version",))
    RequiredVersion = Parameter(str)
    MaximumVersion = Parameter(str)
    PassThru = Parameter(Switch)
    Force = Parameter(Switch)
    Global = Parameter(Switch)
    Prefix = Parameter(str)

    def process(self) -> None:
        from pwshim.dotnet.version import Version

        for name in self.Name:
            key = name.lower()
            info = PSModuleInfo(key) if key in MODULES else None
            if info is not None:
                v = info.Version
                if (self.MinimumVersion and v < Version(self.MinimumVersion)) or (
                    self.RequiredVersion and v != Version(self.RequiredVersion)) or (
                    self.MaximumVersion and v > Version(self.MaximumVersion)):
                    info = None
            if info is None:
                self.write_error(
                    ItemNotFoundException(
                        f"The specified module '{name}' was not loaded because no valid module file was "
                        "found in any module directory."),
                    "Modules_ModuleNotFound", Category.ResourceUnavailable, name)
                continue
            self.session.modules[key] = info
            if self.PassThru:
                self.write_object(info)


@cmdlet("Get-Module", aliases=("gmo",), module=CORE)
class GetModule(Cmdlet):
    """Gets the modules imported (or, with -ListAvailable, available) in the session."""

    Name = Parameter([str], position=0, pipeline=True)
    ListAvailable = Parameter(Switch)

    def process(self) -> None:
        from pwshim.runtime.operators import like

        keys = list(MODULES) if self.ListAvailable else list(self.session.modules)
        for key in keys:
            if self.Name and not any(like(MODULES[key][0], n) for n in self.Name):
                continue
            self.write_object(PSModuleInfo(key))


@cmdlet("Invoke-Expression", aliases=("iex",), module=UTILITY)
class InvokeExpression(Cmdlet):
    """Runs a string as PowerShell in the current scope."""

    Command = Parameter(str, position=0, mandatory=True, pipeline=True)

    def process(self) -> None:
        from pwshim.parser import parse
        from pwshim.runtime.errors import ParseError, PSError

        interp = self.session.extensions["interpreter"]
        try:
            ast = parse(self.Command, None)
        except ParseError as exc:
            raise PSError(exc.errors[0]) from None
        from pwshim.runtime.scriptblock import ScriptBlock

        interp.run_blocks(ScriptBlock(ast, self.session), [], self.write_object, None, new_scope=False)


@cmdlet("Invoke-Command", aliases=("icm",), module=CORE)
class InvokeCommand(Cmdlet):
    """Runs a script block locally."""

    ScriptBlock = Parameter(object, position=0, mandatory=True)
    ArgumentList = Parameter([object], aliases=("Args",))
    NoNewScope = Parameter(Switch)

    def process(self) -> None:
        for item in self.ScriptBlock.invoke(*(self.ArgumentList or []), dot_source=bool(self.NoNewScope)):
            self.write_object(item)


@cmdlet("Read-Host", module=UTILITY, default_set="AsString")
class ReadHost(Cmdlet):
    """Reads a line of input from the console (masked with -AsSecureString)."""

    Prompt = Parameter(object, position=0, pipeline=True, allow_null=True)
    AsSecureString = Parameter(Switch, sets=("AsSecureString",))
    MaskInput = Parameter(Switch, sets=("AsString",))

    def process(self) -> None:
        prompt = "" if self.Prompt is None else f"{to_string(self.Prompt)}: "
        host = self.session.host
        if self.AsSecureString:
            from pwshim.dotnet.securestring import SecureString

            self.write_object(SecureString.from_plain(host.read_secret(prompt)))
        elif self.MaskInput:
            self.write_object(host.read_secret(prompt))
        else:
            self.write_object(host.read_line(prompt))


@cmdlet("Start-Sleep", aliases=("sleep",), module=UTILITY, default_set="Seconds")
class StartSleep(Cmdlet):
    """Suspends the activity for a time."""

    Seconds = Parameter(float, position=0, sets=("Seconds",))
    Milliseconds = Parameter(int, mandatory=True, sets=("Milliseconds",), aliases=("ms",))
    Duration = Parameter(object, mandatory=True, sets=("FromTimeSpan",))

    def process(self) -> None:
        seconds = self.Seconds or 0.0
        if self.Milliseconds:
            seconds = self.Milliseconds / 1000
        time.sleep(max(0.0, float(seconds)))




@cmdlet("Get-History", aliases=("h", "history", "ghy"), module=CORE)
class GetHistory(Cmdlet):
    """Gets the commands entered during the current session."""

    def process(self) -> None:
        for i, line in enumerate(self.session.extensions.get("history", []), 1):
            from pwshim.runtime.objects import PSObject

            self.write_object(PSObject([("Id", i), ("CommandLine", line)]))


@cmdlet("Exit-PSSession", module=CORE)
class ExitPSSession(Cmdlet):
    """Ends an interactive session (pwshim: no remote sessions; a no-op)."""


def _error_type(exc: BaseException) -> str:
    return type_name_of(exc)
