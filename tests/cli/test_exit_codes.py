"""Exit codes and `$?` from a real `python -m pwshim` process.

pwshim's rule (README, Deliberate differences): exit 1 when a script reported an error it did
not handle. An error that was suppressed (SilentlyContinue, Ignore), redirected (`2>$null`,
`2>&1`), caught (try/catch) or trapped with `continue` was handled: the exit code is 0, as pwsh's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def pwshim(*args: str, cwd: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pwshim", "-NoProfile", "-NonInteractive", *args],
                          capture_output=True, text=True, env=dict(os.environ), cwd=cwd, timeout=60, check=False)


HANDLED = [
    ("Get-Item /no/such/path 2>$null; 'ok'", "ok\n"),
    ("Get-Item /no/such/path -ErrorAction SilentlyContinue; 'ok'", "ok\n"),
    ("Get-Item /no/such/path -ErrorAction Ignore; 'ok'", "ok\n"),
    ("Get-Item /no/such/path 2>&1 | Out-Null; 'ok'", "ok\n"),
    ("$ErrorActionPreference = 'SilentlyContinue'; Get-Item /no/such/path; Write-Error 'w'; 'ok'", "ok\n"),
    # a statement-terminating error (an unknown command) under SilentlyContinue: kept in $Error only
    ("$ErrorActionPreference = 'SilentlyContinue'; nosuchcommand-xyz; \"ok $($Error.Count)\"", "ok 1\n"),
    ("try { Get-Item /no/such/path -ErrorAction Stop } catch { 'caught' }", "caught\n"),
    ("try { throw 'boom' } catch { 'caught' }", "caught\n"),
    ("trap { continue }; nosuchcommand-xyz; 'after'", "after\n"),
    ("trap { 'trapped'; continue }; throw 'boom'; 'after'", "trapped\nafter\n"),
    ("function f { Write-Error 'bad' }; f 2>$null; 'ok'", "ok\n"),
    ("1, 2 | ForEach-Object { Write-Error \"e$_\" } 2>$null; 'ok'", "ok\n"),
    ("$e = Get-Item /no/such/path 2>&1; \"got $($e.Exception.GetType().Name)\"", "got ItemNotFoundException\n"),
]


@pytest.mark.parametrize("script,stdout", HANDLED)
def test_handled_errors_do_not_set_the_exit_code(script: str, stdout: str) -> None:
    r = pwshim("-c", script)
    assert r.stdout == stdout
    assert r.stderr == ""
    assert r.returncode == 0


UNHANDLED = [
    "Get-Item /no/such/path; 'ok'",
    "nosuchcommand-xyz; 'ok'",
    "Write-Error 'bad'; 'ok'",
    # a non-terminating error inside try is not caught: it is reported
    "try { Write-Error 'bad' } catch { 'never' }; 'ok'",
    "trap { 'trapped' }; throw 'boom'; 'ok'",
]


@pytest.mark.parametrize("script", UNHANDLED)
def test_reported_errors_still_exit_1(script: str) -> None:
    r = pwshim("-c", script)
    assert r.stdout.endswith("ok\n")
    assert r.stderr != ""
    assert r.returncode == 1


def test_script_file_with_suppressed_errors_exits_0(tmp_path: Path) -> None:
    script = tmp_path / "quiet.ps1"
    script.write_text(
        "$ErrorActionPreference = 'SilentlyContinue'\n"
        "Get-Item ./missing.txt\n"
        "Remove-Item ./missing.txt 2>$null\n"
        "Write-Output 'done'\n",
        encoding="utf-8",
    )
    r = pwshim("-File", str(script), cwd=str(tmp_path))
    assert (r.stdout, r.stderr, r.returncode) == ("done\n", "", 0)


def test_script_file_with_an_unhandled_error_exits_1(tmp_path: Path) -> None:
    script = tmp_path / "loud.ps1"
    script.write_text("Get-Item ./missing.txt\nWrite-Output 'done'\n", encoding="utf-8")
    r = pwshim("-File", str(script), cwd=str(tmp_path))
    assert r.stdout == "done\n"
    assert "missing.txt" in r.stderr
    assert r.returncode == 1


# --- native programs: $? and $LASTEXITCODE (pwsh 7.2+) -------------------------------------------

needs_sh = pytest.mark.skipif(shutil.which("sh") is None, reason="needs sh")


@needs_sh
def test_native_program_exiting_non_zero_sets_dollar_question_false() -> None:
    r = pwshim("-c", 'sh -c "exit 3"; $?; $LASTEXITCODE')
    assert r.stdout == "False\n3\n"
    assert r.returncode == 0  # no error was reported (pwsh -File exits 0 too)


@needs_sh
def test_native_program_exiting_zero_sets_dollar_question_true() -> None:
    r = pwshim("-c", 'sh -c "exit 3"; sh -c "exit 0"; $?; $LASTEXITCODE')
    assert r.stdout == "True\n0\n"


@needs_sh
def test_pipeline_chain_operators_follow_the_native_exit_code() -> None:
    r = pwshim("-c", 'sh -c "exit 3" || "fallback"; sh -c "exit 3" && "never"; sh -c "exit 0" && "next"')
    assert r.stdout == "fallback\nnext\n"


@needs_sh
def test_native_output_is_kept_when_it_fails() -> None:
    r = pwshim("-c", '$out = sh -c "echo hi; exit 2"; "$out $LASTEXITCODE"')
    assert r.stdout == "hi 2\n"


@needs_sh
def test_exit_with_lastexitcode_passes_the_native_code_on() -> None:
    r = pwshim("-c", 'sh -c "exit 5"; exit $LASTEXITCODE')
    assert r.returncode == 5


@needs_sh
def test_a_native_failure_inside_a_function_does_not_fail_the_call() -> None:
    # the native program's own pipeline fails; the function call wrote no error
    r = pwshim("-c", 'function f { sh -c "exit 1"; "in f $?" }; f; "after f $?"')
    assert r.stdout == "in f False\nafter f True\n"


@needs_sh
def test_a_native_program_in_the_middle_of_a_pipeline_fails_it() -> None:
    r = pwshim("-c", 'sh -c "echo x; exit 2" | Out-Null; $?')
    assert r.stdout == "False\n"


# --- exit in a script file called from another script --------------------------------------------

def test_exit_in_a_called_script_ends_that_script_only(tmp_path: Path) -> None:
    child = tmp_path / "child.ps1"
    child.write_text("'in child'\nexit 3\n'never'\n", encoding="utf-8")
    zero = tmp_path / "zero.ps1"
    zero.write_text("exit 0\n", encoding="utf-8")
    parent = tmp_path / "parent.ps1"
    parent.write_text(
        f"& '{child}'\n\"after $LASTEXITCODE $?\"\n"
        f". '{child}'\n\"dot $?\"\n"
        f"& '{zero}'\n\"zero $LASTEXITCODE $?\"\n",
        encoding="utf-8",
    )
    r = pwshim("-File", str(parent))
    assert r.stdout == "in child\nafter 3 False\nin child\ndot False\nzero 0 True\n"
    assert r.returncode == 0


def test_exit_in_the_script_run_by_file_is_the_process_exit_code(tmp_path: Path) -> None:
    script = tmp_path / "top.ps1"
    script.write_text("'top'\nexit 4\n'never'\n", encoding="utf-8")
    r = pwshim("-File", str(script))
    assert (r.stdout, r.returncode) == ("top\n", 4)


# --- a native program's stderr under redirection ---------------------------------------------------

@needs_sh
def test_native_stderr_redirected_to_null_is_dropped() -> None:
    r = pwshim("-c", 'sh -c "echo oops >&2; exit 1" 2>$null; "rc $LASTEXITCODE"')
    assert (r.stdout, r.stderr, r.returncode) == ("rc 1\n", "", 0)


@needs_sh
def test_native_stderr_merged_with_2_to_1_is_output() -> None:
    r = pwshim("-c", '$x = sh -c "echo err >&2; echo out" 2>&1; $x.Count; $x -contains "err"; $x -contains "out"')
    assert (r.stdout, r.stderr) == ("2\nTrue\nTrue\n", "")


@needs_sh
def test_native_stderr_inside_a_redirected_function_follows_the_function(tmp_path: Path) -> None:
    log = tmp_path / "err.txt"
    r = pwshim("-c", f'function f {{ sh -c "echo inner >&2"; "f" }}; f 2>$null; f 2>\'{log}\'')
    assert (r.stdout, r.stderr) == ("f\nf\n", "")
    assert log.read_text(encoding="utf-8").split() == ["inner"]


@needs_sh
def test_native_stderr_without_redirection_reaches_stderr() -> None:
    r = pwshim("-c", 'sh -c "echo shown >&2"; "after"')
    assert r.stdout == "after\n"
    assert r.stderr == "shown\n"
