"""What keeps `pwshim -c 'Connect-AzAccount -Identity'` cheap (issue 10), checked on real runs
against the emulator with real azure-identity credentials:

- the sign-in's requests (cloud metadata, IMDS token, tenants, subscriptions) share one
  connection (httppool.py), as .NET's shared HttpClient handler does;
- the managed-identity path loads neither the MSAL persistence package nor the emulator;
- the command-line process ends without module teardown (cli.end_process) but with every
  observable effect of Python's own exit: exit code, all output, atexit handlers, threads;
- the SDK's objects are frozen out of the collector only in the command-line process
  (sdk.freeze_after_load), never in a library caller's.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.accounts.conftest import new_session, run

ROOT = Path(__file__).resolve().parents[2]


def _child(code: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=str(ROOT))


# The child signs in as `python -m pwshim` does (runpy, sys altered: pwshim's __main__ is the
# process's) and reports, from an atexit handler (end_process runs them), what it observed.
_SIGN_IN_CHILD = r"""
import atexit, gc, json, logging, sys

class Count(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.new = []
    def emit(self, record):
        if record.getMessage().startswith("Starting new HTTP"):
            self.new.append(record.getMessage())

counter = Count()
log = logging.getLogger("urllib3.connectionpool")
log.setLevel(logging.DEBUG)
log.addHandler(counter)

def report():
    sys.stderr.write("REPORT " + json.dumps({
        "connections": counter.new,
        "msal_extensions": "msal_extensions" in sys.modules,
        "emulator": any(m == "pwshim.emulator" or m.startswith("pwshim.emulator.") for m in sys.modules),
        "frozen": gc.get_freeze_count(),
        "threshold0": gc.get_threshold()[0],
    }) + "\n")

atexit.register(report)
import runpy
sys.argv = ["pwshim", "-NoProfile", "-c", "Connect-AzAccount -Identity"]
runpy.run_module("pwshim", run_name="__main__", alter_sys=True)  # as `python -m pwshim`
"""


def _report(stderr: str) -> dict[str, object]:
    line = next(line for line in stderr.splitlines() if line.startswith("REPORT "))
    return json.loads(line[len("REPORT "):])


def test_identity_sign_in_uses_one_connection_and_only_what_it_needs(az_env: Path, emulator) -> None:
    before = len(emulator.request_log())
    proc = _child(_SIGN_IN_CHILD)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "MSI@50342" in proc.stdout and "My Subscription" in proc.stdout
    paths = [e["path"].split("?", 1)[0] for e in emulator.request_log()[before:]]
    assert paths == ["/metadata/endpoints", "/metadata/identity/oauth2/token", "/tenants", "/subscriptions"]
    report = _report(proc.stderr)
    # four requests to one host:port, one TCP+TLS connection
    assert len(report["connections"]) == 1, report["connections"]
    assert report["msal_extensions"] is False  # managed identity tokens are not persisted
    assert report["emulator"] is False
    # the command-line process: Python 3.13's gen-0 threshold, the SDK frozen out of collections
    assert report["threshold0"] >= 2000
    assert report["frozen"] > 10_000


def test_library_callers_keep_normal_garbage_collection(session, az_env: Path) -> None:
    threshold = gc.get_threshold()
    frozen = gc.get_freeze_count()
    out = run(session, "Connect-AzAccount", Identity=True)
    assert out and out[0].Context.Account.Id == "MSI@50342"
    assert gc.get_freeze_count() == frozen == 0
    assert gc.get_threshold() == threshold
    assert gc.isenabled()


def test_a_second_sign_in_reuses_the_pooled_connection(az_env: Path, emulator) -> None:
    """Two sign-ins in one session: the second makes no new connection (the pool keeps it)."""
    import logging

    records: list[str] = []

    class Count(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.getMessage().startswith("Starting new HTTP"):
                records.append(record.getMessage())

    handler = Count(logging.DEBUG)
    log = logging.getLogger("urllib3.connectionpool")
    old_level = log.level
    log.setLevel(logging.DEBUG)
    log.addHandler(handler)
    try:
        run(new_session(), "Connect-AzAccount", Identity=True)
        first = len(records)
        before = len(emulator.request_log())
        run(new_session(), "Connect-AzAccount", Identity=True)
        assert len(emulator.request_log()) > before  # it did call the emulator again
        assert len(records) == first
    finally:
        log.removeHandler(handler)
        log.setLevel(old_level)


# --- the command-line process's exit ------------------------------------------------------------
_EXIT_CHILD = r"""
import atexit, sys, threading, time

class Teardown:
    def __del__(self):
        sys.stderr.write("module teardown ran\n")

keep = Teardown()  # finalized only if the interpreter tears its modules down
atexit.register(lambda: print("atexit ran", flush=False))
if sys.argv[2] == "thread":
    threading.Thread(target=lambda: (time.sleep(0.3), print("thread finished", flush=False))).start()
import runpy
sys.argv = ["pwshim", "-NoProfile", "-c", sys.argv[1]]
runpy.run_module("pwshim", run_name="__main__", alter_sys=True)  # as `python -m pwshim`
"""


def test_exit_keeps_exit_code_output_and_atexit_but_skips_teardown() -> None:
    proc = _child(_EXIT_CHILD, "1..20000 | ForEach-Object { \"line $_\" }; exit 3", "plain")
    assert proc.returncode == 3, proc.stderr[-2000:]
    lines = proc.stdout.splitlines()
    assert lines[:2] == ["line 1", "line 2"] and lines[19999] == "line 20000"
    assert lines[20000:] == ["atexit ran"]
    assert "module teardown ran" not in proc.stderr


def test_exit_codes_wrap_as_pythons_exit_does() -> None:
    for script, code in (("exit 300", 300 & 0xFF), ("exit -1", 255), ("throw 'x'", 1), ("'ok'", 0)):
        proc = _child(_EXIT_CHILD, script, "plain")
        assert proc.returncode == code, (script, proc.stderr[-1000:])
        assert proc.stdout.splitlines()[-1] == "atexit ran"


def test_a_running_thread_gets_pythons_own_exit() -> None:
    """A non-daemon thread still running: main() returns, Python waits for the thread and
    tears down as usual (the fast exit is only taken when nothing is left to wait for)."""
    proc = _child(_EXIT_CHILD, "'x'; exit 4", "thread")
    assert proc.returncode == 4, proc.stderr[-2000:]
    assert proc.stdout.splitlines() == ["x", "thread finished", "atexit ran"]
    assert "module teardown ran" in proc.stderr


def test_main_called_by_a_library_returns() -> None:
    """main() from code that goes on afterwards, with argv or reading sys.argv (a script that
    is not the `pwshim` launcher), returns its code and ends nothing."""
    code = ("import sys\nfrom pwshim.cli import main\nrc = main(['-NoProfile', '-c', 'exit 6'])\n"
            "sys.argv = ['pwshim', '-NoProfile', '-c', 'exit 7']\nrc2 = main()\n"
            "print('still here', rc, rc2)\n")
    proc = _child(code)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "still here 6 7"


def test_the_pwshim_launcher_ends_the_process_itself(tmp_path: Path) -> None:
    """The console script pip writes (bin/pwshim: `sys.exit(main())`): main() is the entry."""
    launcher = tmp_path / "pwshim"
    launcher.write_text("import atexit, re, sys\n"
                        "class Teardown:\n    def __del__(self):\n        sys.stderr.write('module teardown ran\\n')\n"
                        "keep = Teardown()\n"
                        "atexit.register(lambda: print('atexit ran'))\n"
                        "from pwshim.cli import main\n"
                        "if __name__ == '__main__':\n"
                        "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
                        "    sys.exit(main())\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, str(launcher), "-NoProfile", "-c", "'out'; exit 9"], env=env,
                          capture_output=True, text=True, timeout=120, cwd=str(ROOT))
    assert proc.returncode == 9, proc.stderr[-2000:]
    assert proc.stdout.splitlines() == ["out", "atexit ran"]
    assert "module teardown ran" not in proc.stderr


def test_the_shared_connection_pool_keeps_no_cookies() -> None:
    """A real loopback server sets a cookie; the next request through another pipeline's
    transport (the same pooled session) does not send it back."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from azure.core import PipelineClient
    from azure.core.rest import HttpRequest

    from pwshim.azure.httppool import transport

    seen: list[str | None] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            seen.append(self.headers.get("Cookie"))
            self.send_response(200)
            self.send_header("Set-Cookie", "affinity=abc; Path=/")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        for _ in range(2):
            with PipelineClient(base_url=url, policies=[], transport=transport()) as client:
                response = client.send_request(HttpRequest("GET", url), connection_timeout=10, read_timeout=10)
                assert response.status_code == 200
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    assert seen == [None, None]
