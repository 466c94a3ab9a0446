"""Ctrl+C (SIGINT) while a script runs: the running command stops, `finally` blocks still run
(about_Try_Catch_Finally), and no Python traceback is shown."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ctrl_c_runs_finally_blocks(tmp_path: Path) -> None:
    marker, begun = tmp_path / "finally.txt", tmp_path / "begun.txt"
    script = (f"try {{ Set-Content -Path '{begun}' -Value x; Start-Sleep -Seconds 30 }} "
              f"finally {{ Set-Content -Path '{marker}' -Value 'cleaned up' }}")
    env = {**os.environ, "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    # a background job inherits SIGINT ignored (as CI's runner may start us); a terminal's
    # foreground process has the default disposition, which is what this test is about
    proc = subprocess.Popen([sys.executable, "-m", "pwshim", "-NoProfile", "-c", script], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 20
        while not begun.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert begun.exists()
        time.sleep(0.3)
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert time.monotonic() - started < 10  # the sleep was stopped, not waited out
    assert marker.read_text().strip() == "cleaned up"
    assert "Traceback" not in err
    assert proc.returncode != 0
