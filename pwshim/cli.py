"""The pwsh-compatible command line.

    pwshim [options] [FILE [args...]]
    pwshim -Command TEXT | -Command - | -EncodedCommand B64
    pwshim --check FILE...          parse only, report every error (exit 1 if any)
    pwshim --emulate [--emulate-home DIR] ...   run against the loopback Azure emulator
    pwshim --set 'name=value' ...    fill documentation placeholders such as <thumbprint>
    pwshim --var 'name=value' ...    set a variable ($name) before the script runs
    pwshim emulator serve [--port N] [--state DIR]
    pwshim convert SCRIPT.ps1 [-o OUT.py]
    pwshim install-pwsh DIR

Options are matched like pwsh's: case-insensitive, `-` or `--`, unique prefixes (-c, -nop, -noni).
"""

from __future__ import annotations

import base64
import os
import sys
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any, ContextManager

USAGE = __doc__ or ""

# pwsh's parameters (name, takes a value); prefixes are accepted as in pwsh.
_PWSH_OPTIONS: list[tuple[str, bool]] = [
    ("File", True), ("Command", True), ("EncodedCommand", True), ("NoProfile", False),
    ("NonInteractive", False), ("NoLogo", False), ("Version", False), ("Help", False),
    ("NoExit", False), ("ExecutionPolicy", True), ("InputFormat", True), ("OutputFormat", True),
    ("WorkingDirectory", True), ("Interactive", False), ("Login", False), ("MTA", False),
    ("STA", False), ("WindowStyle", True), ("ConfigurationName", True), ("SettingsFile", True),
    ("NoProfileLoadTime", False), ("CustomPipeName", True),
]
_ALIASES = {"f": "File", "c": "Command", "e": "EncodedCommand", "ec": "EncodedCommand",
            "nop": "NoProfile", "noni": "NonInteractive", "v": "Version", "h": "Help", "?": "Help",
            "ex": "ExecutionPolicy", "ep": "ExecutionPolicy", "wd": "WorkingDirectory", "i": "Interactive",
            "l": "Login", "w": "WindowStyle"}
_PWSHIM_OPTIONS = {"emulate": False, "emulate-home": True, "set": True, "var": True, "check": False}


@dataclass
class Options:
    file: str | None = None
    command: str | None = None
    args: list[str] = field(default_factory=list)
    noninteractive: bool = False
    nologo: bool = False
    version: bool = False
    help: bool = False
    check: bool = False
    check_files: list[str] = field(default_factory=list)
    emulate: bool = False
    emulate_home: str | None = None
    sets: dict[str, str] = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)
    working_directory: str | None = None


class UsageError(Exception):
    pass


def _match_option(word: str) -> tuple[str, bool] | None:
    key = word.lstrip("-").lower()
    if word.startswith("--") and key in _PWSHIM_OPTIONS:
        return key, _PWSHIM_OPTIONS[key]
    if key in _PWSHIM_OPTIONS and key in ("emulate", "check"):
        return key, _PWSHIM_OPTIONS[key]
    if key in _ALIASES:
        name = _ALIASES[key]
        return name, dict(_PWSHIM_OPTIONS_PWSH())[name]
    matches = [(n, v) for n, v in _PWSH_OPTIONS if n.lower().startswith(key)]
    exact = [(n, v) for n, v in matches if n.lower() == key]
    if exact:
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    return None


def _PWSHIM_OPTIONS_PWSH() -> list[tuple[str, bool]]:  # noqa: N802
    return _PWSH_OPTIONS


def parse_args(argv: list[str]) -> Options:
    opts = Options()
    i = 0
    while i < len(argv):
        word = argv[i]
        if opts.check and not word.startswith("-"):
            opts.check_files.append(word)
            i += 1
            continue
        if not word.startswith("-") or word == "-":
            if word == "-":
                opts.command = "-"
                i += 1
                continue
            opts.file = word
            opts.args = argv[i + 1 :]
            return opts
        found = _match_option(word)
        if found is None:
            raise UsageError(f"The argument '{word}' is not recognized as the name of a script file. "
                             "Check the spelling of the name, or if a path was included, verify that the "
                             "path is correct and try again.")
        name, takes_value = found
        value = None
        if takes_value:
            if i + 1 >= len(argv):
                raise UsageError(f"Missing the argument for the {name} parameter.")
            value = argv[i + 1]
            i += 1
        i += 1
        if name == "File":
            opts.file = value
            opts.args = argv[i:]
            return opts
        if name == "Command":
            opts.command = value if value == "-" else " ".join([value or "", *argv[i:]]).strip()
            return opts
        if name == "EncodedCommand":
            try:
                opts.command = base64.b64decode(value or "", validate=True).decode("utf-16-le")
            except (ValueError, UnicodeDecodeError):
                raise UsageError("Cannot process the command because the value specified with "
                                 "-EncodedCommand is not properly encoded. The value must be Base64 encoded.") from None
            opts.args = argv[i:]
            return opts
        if name == "NonInteractive":
            opts.noninteractive = True
        elif name == "NoLogo":
            opts.nologo = True
        elif name == "Version":
            opts.version = True
        elif name == "Help":
            opts.help = True
        elif name == "WorkingDirectory":
            opts.working_directory = value
        elif name == "emulate":
            opts.emulate = True
        elif name == "emulate-home":
            opts.emulate = True
            opts.emulate_home = value
        elif name == "check":
            opts.check = True
        elif name == "set":
            if value is None or "=" not in value:
                raise UsageError("--set takes 'placeholder=value', e.g. --set 'thumbprint=ABC123'.")
            k, v = value.split("=", 1)
            opts.sets[k.strip().strip("<>").lower()] = v
        elif name == "var":
            if value is None or "=" not in value:
                raise UsageError("--var takes 'name=value', e.g. --var 'tenantId=contoso.onmicrosoft.com'.")
            k, v = value.split("=", 1)
            opts.variables[k.strip().lstrip("$")] = v
    return opts


class BufferedConsoleHost:
    """Wraps the console host: pipeline output is buffered and formatted as one stream (so a
    table's header is printed once), and flushed before anything else reaches the terminal."""

    def __init__(self, inner: Any, session_ref: list[Any]) -> None:
        self._inner = inner
        self._pending: list[Any] = []
        self._session_ref = session_ref
        self._writer: Any = None  # formatting.OutDefaultWriter: one Out-Default for the run

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._inner, name, value)

    def emit(self, obj: Any) -> None:
        self._pending.append(obj)
        self.flush(force=False)  # stream: write what Out-Default can write already

    def flush(self, final: bool = False, force: bool = True) -> None:
        if not self._pending and self._writer is None:
            return
        from pwshim.formatting import OutDefaultWriter

        if self._writer is None:
            self._writer = OutDefaultWriter(self._session_ref[0] if self._session_ref else None)
        pending, self._pending = self._pending, []
        self._writer.write(pending)
        text = self._writer.close() if final else self._writer.flush(force)
        if text:
            self._inner.write(text)

    def write(self, text: str) -> None:
        self.flush()
        self._inner.write(text)

    def write_line(self, text: str = "") -> None:
        self.flush()
        self._inner.write_line(text)

    def write_error_line(self, text: str) -> None:
        self.flush()
        self._inner.write_error_line(text)

    def read_line(self, prompt: str = "") -> str:
        self.flush()
        return self._inner.read_line(prompt)

    def read_secret(self, prompt: str = "") -> str:
        self.flush()
        return self._inner.read_secret(prompt)


def _emulation(opts: Options) -> ContextManager[Any]:
    if not opts.emulate:
        return nullcontext(None)
    from pwshim.emulator import sandbox

    return sandbox(opts.emulate_home)


def enter_emulation(emulated: Any) -> str | None:
    """Point this process at the emulator (the sandbox environment replaces os.environ, so
    nothing like IDENTITY_ENDPOINT can redirect a credential elsewhere) and say so on stderr.
    Returns the emulator's URL, or None when not emulating."""
    if emulated is None:
        return None
    from pwshim.emulator.emulate import emulated_environ

    emu, env = emulated
    full = emulated_environ(env)
    os.environ.clear()
    os.environ.update(full)
    # Never silent: say where Azure and the profile are for this run.
    sys.stderr.write(f"pwshim: --emulate: Azure is the loopback emulator at {emu.url}; "
                     f"sign-ins and certificate stores go to {env.get('HOME')}\n")
    return emu.url


def leave_emulation(emulated: Any) -> bool:
    """After the run: True (and a message on stderr) when a request tried to leave loopback."""
    if emulated is None:
        return False
    blocked = emulated[0].guard.summary()
    if blocked:
        sys.stderr.write(blocked + "\n")
    return bool(blocked)


def _load_text(opts: Options) -> tuple[str, str | None]:
    if opts.file is not None:
        path = opts.file
        if not os.path.exists(path) and os.path.exists(path + ".ps1"):
            path += ".ps1"
        with open(path, encoding="utf-8-sig") as fh:
            return fh.read(), os.path.abspath(path)
    if opts.command == "-":
        return sys.stdin.read(), None
    return opts.command or "", None


def _placeholder_gate(text: str, file: str | None, opts: Options, report: Any) -> str | None:
    """Substitute --set values; report every remaining placeholder. None means: do not run."""
    from pwshim import placeholders

    if opts.sets:
        text = placeholders.substitute(text, opts.sets)
    errors = placeholders.placeholder_errors(text, file)
    if errors:
        for record in errors:
            report(record)
        return None
    return text


def run(opts: Options) -> int:
    from pwshim.runtime.host import ConsoleHost
    from pwshim.runtime.session import Session

    if opts.working_directory:
        os.chdir(opts.working_directory)
    try:
        text, file = _load_text(opts)
    except OSError:
        name = opts.file or ""
        sys.stderr.write(
            f"The argument '{name}' is not recognized as the name of a script file. Check the spelling of "
            "the name, or if a path was included, verify that the path is correct and try again.\n")
        return 64
    session_ref: list[Any] = []
    host = BufferedConsoleHost(ConsoleHost(noninteractive=opts.noninteractive), session_ref)

    def report(record: Any) -> None:
        from pwshim.formatting import format_error  # only when there is an error to show

        host.write_error_line(format_error(record))

    text_or_none = _placeholder_gate(text, file, opts, report)
    if text_or_none is None:
        return 1
    with _emulation(opts) as emulated:
        enter_emulation(emulated)
        session = Session(host=host, noninteractive=opts.noninteractive)  # type: ignore[arg-type]
        session.emulated = emulated is not None
        session_ref.append(session)
        session.extensions["error_reporter"] = report
        for name, value in opts.variables.items():
            session.set_variable(name, value)
        from pwshim.interpreter import Interpreter

        interp = Interpreter(session)
        try:
            result = interp.run_text(text_or_none, file, args=list(opts.args), emit=host.emit)
        except KeyboardInterrupt:
            # pwsh: the pipeline is Stopped, nothing is reported, and $? is False: exit code 1
            host.flush(final=True)
            return 1
        host.flush(final=True)
        if leave_emulation(emulated):
            return result.exit_code or 1
        return result.exit_code


def check(files: list[str]) -> int:
    from pwshim import placeholders
    from pwshim.formatting import format_error
    from pwshim.parser import parse_errors

    failed = 0
    for path in files:
        try:
            with open(path, encoding="utf-8-sig") as fh:
                text = fh.read()
        except OSError as exc:
            sys.stderr.write(f"{path}: {exc.strerror}\n")
            failed += 1
            continue
        errors = placeholders.placeholder_errors(text, os.path.abspath(path)) + parse_errors(text, os.path.abspath(path))
        for record in errors:
            sys.stderr.write(format_error(record) + "\n")
        failed += bool(errors)
    return 1 if failed else 0


def _subcommand(argv: list[str]) -> int | None:
    if not argv:
        return None
    head = argv[0]
    if head == "emulator" and argv[1:2] == ["serve"]:
        from pwshim.emulator import serve_main

        return serve_main(argv[2:])
    if head == "convert":
        from pwshim.translate import convert_main

        return convert_main(argv[1:])
    if head == "install-pwsh":
        from pwshim.azure.pwsh_shim import install_pwsh

        if len(argv) != 2:
            sys.stderr.write("usage: pwshim install-pwsh DIR\n")
            return 2
        print(install_pwsh(argv[1]))
        return 0
    return None


def main(argv: list[str] | None = None) -> int:
    """Run pwshim with `argv` (default: sys.argv) and return its exit code. Called by the
    `pwshim` launcher pip writes (bin/pwshim: `sys.exit(main())`), it is the process's entry
    point and ends the process when done (`entry`)."""
    if argv is None and _called_by_launcher():
        return entry()
    return _main(list(sys.argv[1:] if argv is None else argv))


def entry() -> int:
    """The process's entry point (`python -m pwshim`, the `pwshim` launcher): run pwshim with
    sys.argv, then end the process (`end_process`) with a collector tuned for a short run."""
    tune_gc()
    return end_process(_main(list(sys.argv[1:])))


def _called_by_launcher() -> bool:
    """Whether main()'s caller is the top level of the `pwshim` console script, the process's
    __main__ (so nothing but the exit follows); not a library caller, nor a script of another name."""
    main_module = sys.modules.get("__main__")
    caller = sys._getframe(2)  # this function <- main() <- the caller
    return (main_module is not None and caller.f_globals is vars(main_module)
            and caller.f_code.co_name == "<module>" and os.path.basename(caller.f_code.co_filename) == "pwshim")


#: Python 3.13's first-generation threshold (3.11 and 3.12 collect every 700 allocations). A
#: sign-in imports ~650 modules (~45,000 long-lived objects); at 700 the collector runs ~110
#: times while they load, ~30 ms of a ~300 ms `Connect-AzAccount -Identity`.
GC_THRESHOLD0 = 2000


def tune_gc() -> None:
    """For this short-lived process: collect garbage as Python 3.13 does (gen-0 threshold 2000,
    unless already higher or off), and keep the Azure SDK's ~30,000 long-lived objects out of
    later collections once loaded (sdk.freeze_after_load)."""
    import gc

    from pwshim.azure import sdk

    t0, t1, t2 = gc.get_threshold()
    if 0 < t0 < GC_THRESHOLD0:
        gc.set_threshold(GC_THRESHOLD0, t1, t2)
    sdk.freeze_after_load()


def end_process(code: int) -> int:
    """End the process with `code` the way Python's own exit does -- standard streams flushed,
    non-daemon threads finished, atexit handlers run -- but without tearing down the ~650
    modules a sign-in loads (~30 ms that nothing observes). Returns `code` (the caller then
    exits normally) when a stream cannot be flushed or a non-daemon thread is still running."""
    import atexit
    import threading

    if not isinstance(code, int) or not -(2**31) <= code < 2**31:
        return code
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        return code
    if not _flush_std_streams():
        return code
    atexit._run_exitfuncs()
    if not _flush_std_streams():
        return code
    os._exit(code & 0xFF)


def _flush_std_streams() -> bool:
    try:
        for stream in {id(s): s for s in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__) if s is not None}.values():
            if not stream.closed:
                stream.flush()
    except (OSError, ValueError):
        return False
    return True


def _main(argv: list[str]) -> int:
    sub = _subcommand(argv)
    if sub is not None:
        return sub
    try:
        opts = parse_args(argv)
    except UsageError as exc:
        sys.stderr.write(str(exc) + "\n")
        return 64
    if opts.help:
        sys.stdout.write(USAGE)
        return 0
    if opts.version:
        from pwshim import __version__
        from pwshim.runtime.automatic import PS_VERSION

        sys.stdout.write(f"PowerShell {PS_VERSION} (pwshim {__version__})\n")
        return 0
    if opts.check:
        return check(opts.check_files)
    _start_watchdog()
    if opts.file is None and opts.command is None:
        if sys.stdin.isatty():
            try:
                from pwshim.repl import main as repl_main
            except ImportError:
                sys.stderr.write("pwshim: the interactive prompt is not available in this build; "
                                 "run a script (pwshim FILE) or a command (pwshim -c TEXT).\n")
                return 1
            return repl_main(opts)
        opts.command = "-"
    try:
        return run(opts)
    except BrokenPipeError:
        return 0


def _start_watchdog() -> None:
    """Exit by ourselves when the parent shell goes away (AzurePowerShellCredential kills only
    /bin/sh on timeout)."""
    try:
        from pwshim.azure.pwsh_shim import start_parent_watchdog
    except ImportError:
        return
    start_parent_watchdog()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
