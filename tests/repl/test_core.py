"""The terminal-free REPL core, driven directly: prompt, incomplete input, execution,
errors, exit, host prompts, placeholders, Ctrl+C, the Az toolbar text."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pwshim.formatting import format_objects
from pwshim.interpreter import run_script
from pwshim.repl.core import ReplCore, ReplHost
from pwshim.runtime.session import Session
from tests.repl.conftest import make_core


def test_prompt_is_the_full_location(core: ReplCore, home: Path) -> None:
    # pwsh's default prompt function: the whole path, the home folder not abbreviated.
    assert core.prompt_text() == f"PS {home}> "
    core.execute("Set-Location /")
    assert core.prompt_text() == "PS /> "


def test_prompt_in_the_cert_drive(core: ReplCore) -> None:
    core.execute("Set-Location Cert:\\CurrentUser")
    assert core.prompt_text() == "PS Cert:\\CurrentUser> "


def test_user_prompt_function(core: ReplCore) -> None:
    core.execute('function prompt { "PWSHIM " + (1 + 1) + "> " }')
    assert core.prompt_text() == "PWSHIM 2> "
    core.execute("function prompt { throw 'bad' }")
    assert core.prompt_text() == "PS>"  # pwsh's fallback when the prompt function fails
    core.execute("function prompt { }")
    assert core.prompt_text() == "PS>"


@pytest.mark.parametrize(
    ("text", "more"),
    [
        ("Get-Date", False),
        ("if ($true) {", True),
        ("if ($true) { 'a' }", False),
        ("if ($x) {\n  'a'\n} else {", True),
        ("foreach ($i in 1..3) {\n$i", True),
        ('"an open string', True),
        ("'an open string", True),
        ("@'\nhere-string", True),
        ("@'\nhere-string\n'@", False),
        ("Get-ChildItem |", True),
        ("Get-ChildItem | Where-Object Name", False),
        ("Connect-AzAccount `", True),
        ("$a = @(", True),
        ("$h = @{ a = 1", True),
        ("1 +", True),
        ("}", False),  # an error, not incomplete: Enter runs it and shows the error
        ("", False),
        ("   ", False),
    ],
)
def test_needs_more_is_the_parsers_incomplete_flag(text: str, more: bool) -> None:
    assert ReplCore.needs_more(text) is more


def test_output_is_formatted_as_the_script_runner_does(core: ReplCore) -> None:
    text = "[pscustomobject]@{ Name = 'a'; Value = 1 }; [pscustomobject]@{ Name = 'bb'; Value = 22 }; 'tail'"
    expected = format_objects(run_script(text, Session(host=ReplHost())).output)
    result = core.execute(text)
    assert result.output == expected
    assert "Name Value" in result.output and result.error == ""


def test_host_writes_keep_their_place_between_objects(core: ReplCore) -> None:
    result = core.execute("'one'; Write-Host 'two'; 'three'")
    assert result.output == "one\ntwo\nthree\n"


class _TimingHost(ReplHost):
    """Records when each piece of output reached the screen."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[tuple[float, str]] = []

    def show(self, text: str) -> None:
        self.shown.append((time.monotonic(), text))


def test_output_is_shown_as_each_object_comes(home: Path) -> None:
    host = _TimingHost()
    core = make_core(home, host=host)
    result = core.execute("1..3 | ForEach-Object { $_; Start-Sleep -Milliseconds 300 }")
    ended = time.monotonic()
    assert result.output == "1\n2\n3\n"
    assert [text for _, text in host.shown] == ["1\n", "2\n", "3\n"]
    # the first line is on the screen long before the command line ends (not held to the end)
    assert ended - host.shown[0][0] > 0.5
    assert host.shown[1][0] - host.shown[0][0] > 0.2 and host.shown[2][0] - host.shown[1][0] > 0.2


def test_a_table_is_one_out_default_per_command_line(home: Path) -> None:
    host = _TimingHost()
    core = make_core(home, host=host)
    result = core.execute("[pscustomobject]@{ A = 1 }; Write-Host 'mid'; [pscustomobject]@{ A = 2 }")
    # Write-Host writes the table's first rows out first; the table goes on after it, one header
    assert result.output == "\nA\n-\n1\nmid\n2\n\n"
    assert "".join(text for _, text in host.shown) == result.output


def test_errors_in_concise_view_without_colour(core: ReplCore) -> None:
    result = core.execute("Get-Item /no/such/file")
    assert result.error == "Get-Item: Cannot find path '/no/such/file' because it does not exist.\n"
    assert "\x1b[" not in result.error
    assert not result.exit_requested
    # the session goes on, and $? / $Error saw the failure
    assert core.execute("$?").output == "False\n"
    assert core.execute("$Error.Count").output == "1\n"


def test_parse_error_shows_the_position(core: ReplCore) -> None:
    result = core.execute("1 +* 2")
    assert result.error.startswith("ParserError: \nLine |\n   1 |  1 +* 2\n")
    assert "You must provide a value expression following the '+' operator." in result.error


def test_throw_is_reported_and_the_session_goes_on(core: ReplCore) -> None:
    result = core.execute("throw 'boom'; 'never'")
    assert result.error == "Exception: boom\n" and result.output == ""
    assert core.execute("'still here'").output == "still here\n"


def test_variables_persist_in_the_global_scope(core: ReplCore) -> None:
    core.execute("$x = 40")
    core.execute("function Add-Two($n) { $n + 2 }")
    assert core.execute("Add-Two $x").output == "42\n"
    assert core.execute("$global:x").output == "40\n"


@pytest.mark.parametrize(("text", "code"), [("exit", 0), ("exit 3", 3), ("if ($true) { exit 5 }", 5)])
def test_exit_ends_the_session(core: ReplCore, text: str, code: int) -> None:
    result = core.execute(text)
    assert result.exit_requested and result.exit_code == code


def test_get_credential_prompts_through_the_host_and_hides_the_password(home: Path) -> None:
    host = ReplHost(answers=["bob", "hunter2"])
    core = make_core(home, host=host)
    result = core.execute("$c = Get-Credential")
    assert host.prompts == ["User: ", "Password for user bob: "]
    assert "User: bob" in result.output and "Password for user bob: \n" in result.output
    assert "hunter2" not in result.output + result.error
    assert core.execute("$c.UserName").output == "bob\n"
    assert core.execute("$c.GetNetworkCredential().Password").output == "hunter2\n"


def test_read_host_as_secure_string(home: Path) -> None:
    core = make_core(home, answers=["s3cret"])
    result = core.execute("$s = Read-Host -Prompt 'Secret' -AsSecureString; $s.Length")
    assert result.output.endswith("6\n") and "s3cret" not in result.output


def test_noninteractive_prompt_fails_as_pwsh(home: Path) -> None:
    host = ReplHost(noninteractive=True)
    core = make_core(home, host=host)
    result = core.execute("Read-Host 'Name'")
    assert "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available." in result.error


def test_placeholders_are_asked_once_each_in_order(core: ReplCore) -> None:
    asked: list[str] = []
    answers = {"first value": "A'1", "second": "B 2"}

    def ask(ph: object) -> str:
        asked.append(ph.name)  # type: ignore[attr-defined]
        return answers[ph.name]  # type: ignore[attr-defined]

    result = core.execute("Write-Output <first value> <second> <First Value>", ask=ask)
    assert asked == ["first value", "second"]
    assert result.output == "A'1\nB 2\nA'1\n"  # quotes in a value are literal text


def test_presets_fill_placeholders_without_asking(home: Path) -> None:
    core = make_core(home, presets={"<thumbprint>": "ABC123"})
    result = core.execute("$t = <thumbprint>; $t", ask=lambda ph: pytest.fail("asked"))
    assert result.output == "ABC123\n"


def test_placeholders_without_a_way_to_ask_are_errors(home: Path) -> None:
    core = make_core(home, presets={"known": "x"})
    result = core.execute("Write-Output <known>; Get-Item -Path <path to file>")
    assert result.error.count("documentation placeholder") == 1
    assert "documentation placeholder <path to file>" in result.error
    assert result.output == ""  # nothing ran


class _InterruptingHost(ReplHost):
    def ask_line(self, prompt: str, secret: bool) -> str:
        raise KeyboardInterrupt


def test_ctrl_c_stops_the_command_and_keeps_the_session(home: Path) -> None:
    core = make_core(home, host=_InterruptingHost())
    result = core.execute("'before'; Read-Host 'Name'; 'after'")
    assert result.interrupted and not result.exit_requested
    assert result.output == "before\n"
    # pwsh writes nothing: its Executor reports only Failed pipelines, Ctrl+C leaves it Stopped
    assert result.error == ""
    assert core.execute("$?").output == "False\n"  # the stopped command did not succeed
    assert core.execute("'next'").output == "next\n"


def test_toolbar_without_a_sign_in_writes_nothing(core: ReplCore, home: Path) -> None:
    assert core.context_summary() == "Azure: not connected"
    assert not (home / ".Azure").exists()


def test_toolbar_shows_the_context_and_the_emulator(az_env: Path, emulator: object) -> None:
    core = make_core(az_env, emulator_url=emulator.url)  # type: ignore[attr-defined]
    core.session.emulated = True
    result = core.execute("Connect-AzAccount -Identity | Out-Null")
    assert result.error == ""
    seed = emulator.seed  # type: ignore[attr-defined]
    text = core.context_summary()
    assert text.startswith(f"EMULATOR {emulator.url}  |  Azure: ")  # type: ignore[attr-defined]
    assert f" · subscription {seed['subscription_name']} · " in text
    assert f"tenant {seed['tenant_id']}" in text
    # a new session on the same HOME reads the saved context
    assert "subscription" in make_core(az_env).context_summary()
