"""Out-Default streams: each object's lines are written as soon as they can be (pwsh writes
scalars and list entries as they come; a table waits for its first rows to size its columns,
OutputGroupQueue's 300 ms grouping cache). The text written is the same as before streaming."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from pwshim.formatting import TABLE_GROUPING_SECONDS, OutDefaultWriter, format_objects
from pwshim.runtime.objects import Hashtable, PSObject

ROOT = Path(__file__).resolve().parents[2]


def row(name: str, size: int) -> PSObject:
    return PSObject([("Name", name), ("Size", size)])


def wide(i: int) -> PSObject:
    """An object of five properties: Out-Default shows it as a list."""
    return PSObject([(k, f"{k}{i}") for k in "ABCDE"])


def test_scalars_are_written_as_they_come() -> None:
    writer = OutDefaultWriter(width=80)
    writer.write(["one"], now=0.0)
    assert writer.flush(force=False) == "one\n"
    writer.write([2], now=5.0)
    assert writer.flush(force=False) == "2\n"
    assert writer.close() == ""


def test_list_entries_are_written_as_they_come_and_match_the_whole_output() -> None:
    objects = [wide(1), wide(2)]
    writer = OutDefaultWriter(width=80)
    parts = []
    for i, obj in enumerate(objects):
        writer.write([obj], now=float(i))
        parts.append(writer.flush(force=False))
    assert parts[0].startswith("\nA : A1\n") and "A2" not in parts[0]
    assert "A2" in parts[1]
    parts.append(writer.close())
    assert "".join(parts) == format_objects(objects, width=80)


def test_a_table_waits_for_its_first_rows_then_streams() -> None:
    writer = OutDefaultWriter(width=80)
    writer.write([row("a", 1)], now=0.0)
    assert writer.flush(force=False) == ""  # the first rows size the columns: held
    writer.write([row("bbbbbbbb", 22)], now=0.1)
    assert writer.flush(force=False) == ""  # still inside the grouping window
    writer.write([row("c", 3)], now=0.1 + TABLE_GROUPING_SECONDS)
    text = writer.flush(force=False)  # this row came after the window: the table is laid out
    assert text == ("\nName     Size\n----     ----\na           1\nbbbbbbbb   22\nc           3\n")
    # later rows are written at once, in the widths of the first rows (pwsh's: cut with …)
    writer.write([row("a-much-longer-name", 4)], now=10.0)
    assert writer.flush(force=False) == "a-much-…    4\n"
    assert writer.close() == "\n"


def test_a_view_with_fixed_widths_streams_at_once_with_the_same_text() -> None:
    # DictionaryEntry's view (Name 30, Value left-aligned): pwsh has no grouping cache for it
    first, later = Hashtable({"short": 1}), Hashtable({"longer-name": "a value much longer than the first one"})
    writer = OutDefaultWriter(width=80)
    writer.write([first], now=0.0)
    head = writer.flush(force=False)
    assert head == "\nName                           Value\n----                           -----\nshort                          1\n"
    writer.write([later], now=0.01)
    rest = writer.flush(force=False) + writer.close()
    assert head + rest == format_objects([first, later], width=80)  # the later, wider value is not cut
    assert "longer-name                    a value much longer than the first one\n" in rest


def test_a_forced_flush_lays_the_table_out_at_once() -> None:
    writer = OutDefaultWriter(width=80)
    writer.write([row("a", 1)], now=0.0)
    assert writer.flush(force=False) == ""
    assert writer.flush() == "\nName Size\n---- ----\na       1\n"  # e.g. before Write-Host
    writer.write([row("b", 2)], now=0.01)
    assert writer.flush(force=False) == "b       2\n"


def test_scalars_inside_a_buffered_table_keep_their_place() -> None:
    writer = OutDefaultWriter(width=80)
    writer.write([row("a", 1)], now=0.0)
    writer.write(["between"], now=0.05)
    assert writer.flush(force=False) == ""
    writer.write([row("b", 2)], now=1.0)
    assert writer.flush(force=False) == "\nName Size\n---- ----\na       1\nbetween\nb       2\n"


def test_fast_output_is_the_text_of_one_out_default_call() -> None:
    objects = ["x", row("a", 1), row("bb", 10), "y", wide(1), 3]
    writer = OutDefaultWriter(width=80)
    parts = []
    for obj in objects:
        writer.write([obj])
        parts.append(writer.flush(force=False))
    parts.append(writer.close())
    assert "".join(parts) == format_objects(objects, width=80)


def _arrivals(argv: list[str], timeout: float = 30.0) -> tuple[list[tuple[float, str]], float, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "pwshim", *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=env)
    lines = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append((time.monotonic(), line.rstrip("\n")))
            if time.monotonic() - start > timeout:
                break
        proc.wait(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return lines, time.monotonic(), proc.returncode


def test_the_script_runner_writes_each_object_when_it_comes() -> None:
    lines, ended, code = _arrivals(["-NoProfile", "-c", "1..3 | ForEach-Object { $_; Start-Sleep -Milliseconds 400 }"])
    assert code == 0
    assert [text for _, text in lines] == ["1", "2", "3"]
    # the first line arrives well before the command ends (~1.2 s of sleeping after it; held
    # to the end, all three would come within milliseconds of each other and of the exit)
    assert ended - lines[0][0] > 0.6
    assert lines[1][0] - lines[0][0] > 0.2 and lines[2][0] - lines[1][0] > 0.2


def test_the_script_runner_streams_a_table_after_its_grouping_window() -> None:
    script = ("1..4 | ForEach-Object { [pscustomobject]@{ N = $_; Name = 'item' + $_ }; "
              "Start-Sleep -Milliseconds 350 }")
    lines, ended, code = _arrivals(["-NoProfile", "-c", script])
    assert code == 0
    texts = [text for _, text in lines]
    assert texts == ["", "N Name", "- ----", "1 item1", "2 item2", "3 item3", "4 item4", ""]
    # the header and the first rows come when the second row comes (350 ms > 300 ms), not at
    # the end; the last rows one by one
    header_at = lines[1][0]
    assert ended - header_at > 0.6
    assert lines[5][0] - header_at > 0.25


def test_ctrl_c_in_the_script_runner_writes_nothing_more_and_exits_1() -> None:
    # pwsh -c: Ctrl+C stops the pipeline (PipelineState.Stopped): Executor reports only Failed
    # pipelines, and the exit code is 1 because $? is False (ConsoleHost.DoRunspaceLoop)
    import signal

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "pwshim", "-NoProfile", "-c", "'first'; Start-Sleep -Seconds 30; 'never'"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                            env=env, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "first\n"  # streamed: the command is still running
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert (out, err) == ("", "")
    assert proc.returncode == 1
