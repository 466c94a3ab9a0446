"""``pwshim emulator serve [--port N] [--state DIR]``: run the emulator in the foreground."""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
import threading
from pathlib import Path
from typing import TextIO

DEFAULT_STATE = "~/.pwshim/emulator"


def export_lines(env: dict[str, str]) -> list[str]:
    """POSIX shell lines that set env."""
    return [f"export {k}={shlex.quote(v)}" for k, v in env.items()]


def banner(emu: object) -> str:
    """What `serve` prints: export lines for pwsh, Azure CLI and azure-identity, plus ids."""
    from pwshim.emulator.core import Emulator
    assert isinstance(emu, Emulator)
    s = emu.seed
    lines = [
        f"# pwshim Azure emulator on {emu.url} (state: {emu.state_dir})",
        "# Point azure-identity, Azure CLI and pwshim/Az PowerShell at it:",
        *export_lines(emu.env),
        "# The cloud it describes is named PwshimEmulator: select it in tools that keep their",
        "# own default (az cloud set --name PwshimEmulator; Connect-AzAccount -Environment ...).",
        "# For real pwsh/.NET also trust the emulator's CA (OpenSSL reads this):",
        f"#   export SSL_CERT_FILE={shlex.quote(str(emu.ca_path))}",
        (f"# With azure-identity credentials pass authority={shlex.quote(emu.url)} and "
         "disable_instance_discovery=True."),
        (f"# Tenant {s['tenant_id']} ({s['tenant_domain']}), subscription "
         f"{s['subscription_id']} ({s['subscription_name']})"),
        (f"# App {s['app']['app_id']}: secret and PFX password in "
         f"{Path(emu.state_dir) / 'credentials.json'}"),
        "# Press Ctrl+C to stop.",
    ]
    return "\n".join(lines)


def serve_main(argv: list[str] | None = None, out: TextIO | None = None,
               stop: threading.Event | None = None) -> int:
    """Entry point of `pwshim emulator serve`; blocks until Ctrl+C/SIGTERM (or ``stop``)."""
    from pwshim.emulator.core import Emulator
    from pwshim.emulator.state import StateError
    out = out or sys.stdout
    parser = argparse.ArgumentParser(prog="pwshim emulator serve",
                                     description="Run the loopback Azure emulator.")
    parser.add_argument("--port", type=int, default=0, help="TCP port (default: a free one)")
    parser.add_argument("--state", default=DEFAULT_STATE,
                        help=f"state folder (default: {DEFAULT_STATE})")
    args = parser.parse_args(argv)
    stop = stop or threading.Event()
    emu = Emulator(Path(args.state).expanduser(), args.port)
    try:
        emu.start()
    except StateError as exc:
        print(f"pwshim emulator: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"pwshim emulator: cannot use 127.0.0.1:{args.port} or {args.state}: "
              f"{exc.strerror}", file=sys.stderr)
        return 1
    print(banner(emu), file=out, flush=True)
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        emu.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 0
