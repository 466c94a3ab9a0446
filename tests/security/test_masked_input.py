"""pwsh's masked read on a real terminal: `*` per character, Backspace, ignored control keys,
Ctrl+C stops the pipeline (ConsoleHostUserInterface.ReadLineSafe, Unix branch)."""

from __future__ import annotations

import textwrap

from .terminal import Terminal

CHILD = textwrap.dedent(
    """
    import sys
    from pwshim.masked_input import read_masked
    from pwshim.runtime.errors import PSError

    def write(text):
        sys.stdout.write(text)
        sys.stdout.flush()

    try:
        value = read_masked(sys.stdin.fileno(), write, "Secret: ")
    except PSError as exc:
        print("STOPPED", exc.record.message, exc.record.exception.type_name, flush=True)
    else:
        print("RESULT", value.encode("utf-8").hex(), flush=True)
    """
)


def run_keys(keys: bytes) -> tuple[str, str]:
    term = Terminal([CHILD])
    try:
        term.expect(b"Secret: ")
        term.send(keys)
        term.expect(b"\n", timeout=20)
        term.finish()
    finally:
        term.close()
    out = term.transcript.decode("utf-8", "replace").replace("\r", "")
    return out, out.split("Secret: ", 1)[1]


def test_stars_and_result():
    out, after = run_keys(b"hunter2\r")
    assert "hunter2" not in out
    assert after.startswith("*******\n")
    assert f"RESULT {b'hunter2'.hex()}" in after


def test_backspace_and_control_keys():
    # a, b, Backspace, Tab (ignored), Left arrow (ignored), c, é (multi-byte) then Enter
    _, after = run_keys(b"ab\x7f\t\x1b[Dc\xc3\xa9\r")
    assert after.startswith("**\b \b**\n")
    assert f"RESULT {'acé'.encode().hex()}" in after


def test_ctrl_c_stops_the_pipeline():
    out, after = run_keys(b"abc\x03")
    assert "STOPPED The pipeline has been stopped. System.Management.Automation.PipelineStoppedException" in after
    assert "abc" not in out
