"""`pwshim install-pwsh DIR`: a `pwsh` that runs pwshim, for azure-identity's
AzurePowerShellCredential (and so DefaultAzureCredential), plus the parent watchdog.

AzurePowerShellCredential runs `/bin/sh -c "pwsh -NoProfile -NonInteractive -EncodedCommand
<b64>"` with a 10 s timeout and, on timeout, kills only /bin/sh (dash does not exec its child;
azure-identity-offline.md). So pwshim watches its parent and exits when it goes away.
"""

from __future__ import annotations

import os
import shlex
import sys
import threading
import time
from pathlib import Path

MARKER = "# pwsh -> pwshim (written by `pwshim install-pwsh`)"


def shim_text() -> str:
    """The script: exec (so signals reach pwshim) this Python with `-m pwshim` and pwsh's args."""
    package_root = Path(__file__).resolve().parents[2]
    return (
        "#!/bin/sh\n"
        f"{MARKER}\n"
        f"PYTHONPATH={shlex.quote(str(package_root))}${{PYTHONPATH:+:$PYTHONPATH}}\n"
        "export PYTHONPATH\n"
        f'exec {shlex.quote(sys.executable)} -m pwshim "$@"\n'
    )


def install_pwsh(directory: str | os.PathLike[str]) -> str:
    """Write DIR/pwsh (0755) and return its path. An existing `pwsh` that pwshim did not
    write is never replaced (a real PowerShell must not be shadowed by accident)."""
    target_dir = Path(directory).expanduser()
    target_dir.mkdir(parents=True, exist_ok=True)
    path = target_dir / "pwsh"
    if path.exists() or path.is_symlink():
        try:
            ours = MARKER in path.read_text(errors="replace")
        except OSError:
            ours = False
        if not ours:
            raise FileExistsError(f"{path} exists and was not written by pwshim; not replacing it")
    tmp = target_dir / ".pwsh.pwshim.tmp"
    tmp.write_text(shim_text())
    tmp.chmod(0o755)
    os.replace(tmp, path)
    return str(path)


_started = False


def start_parent_watchdog(interval: float = 0.5, exit_code: int = 1) -> None:
    """Exit this process (os._exit) as soon as its parent process changes, i.e. the parent died
    and we were re-parented. Call once at start-up; a no-op when already started."""
    global _started
    if _started:
        return
    _started = True
    original = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != original:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                except Exception:  # noqa: BLE001,S110 - best effort: the reader is likely gone
                    pass
                os._exit(exit_code)

    threading.Thread(target=watch, name="pwshim-parent-watchdog", daemon=True).start()
