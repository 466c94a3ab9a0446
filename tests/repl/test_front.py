"""The prompt-toolkit front driven through a real pipe (create_pipe_input) and DummyOutput:
Enter and the parser, continuation lines, Tab, paste, history, Ctrl+C / Ctrl+D, masked host
prompts, placeholders, colours, the toolbar."""

from __future__ import annotations

from pathlib import Path

from pwshim.repl.core import ReplCore
from pwshim.repl.front import TerminalHost
from tests.repl.conftest import drive_front, make_core

UP = "\x1b[A"
DOWN = "\x1b[B"
F8, SHIFT_F8 = "\x1b[19~", "\x1b[19;2~"
CTRL_C = "\x03"
CTRL_D = "\x04"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


def test_a_command_runs_and_ctrl_d_leaves(terminal_core: ReplCore) -> None:
    run = drive_front(terminal_core, ["1 + 1\r", "'hello'\r", CTRL_D])
    assert run.code == 0
    assert run.out == "2\nhello\n"
    assert terminal_core.history.entries == ["1 + 1", "'hello'"]


def test_exit_code(terminal_core: ReplCore) -> None:
    run = drive_front(terminal_core, ["exit 7\r"])
    assert run.code == 7


def test_enter_continues_while_the_parser_says_incomplete(terminal_core: ReplCore) -> None:
    run = drive_front(terminal_core, ["if ($true) {\r", "  'inside'\r", "}\r", CTRL_D])
    assert run.out == "inside\n"
    assert terminal_core.history.entries == ["if ($true) {\n  'inside'\n}"]


def test_tab_completes_a_cmdlet_name(terminal_core: ReplCore) -> None:
    run = drive_front(terminal_core, ["Get-AzAcc", "\t", "\r", CTRL_D])
    assert terminal_core.history.entries == ["Get-AzAccessToken"]
    assert run.err.startswith("Get-AzAccessToken: Run Connect-AzAccount to login.")


def test_tab_completes_a_member_of_a_variable_assigned_on_the_line(terminal_core: ReplCore) -> None:
    run = drive_front(terminal_core, ["$d = Get-Date; $d.ToUniv", "\t", ".Kind\r", CTRL_D])
    assert terminal_core.history.entries == ["$d = Get-Date; $d.ToUniversalTime().Kind"]
    assert run.out == "Utc\n"


def test_tab_completes_an_az_argument_value(terminal_core: ReplCore) -> None:
    drive_front(terminal_core, ["Get-AzAccessToken -ResourceTypeName OperationalIn", "\t", "\r", CTRL_D])
    assert terminal_core.history.entries == ["Get-AzAccessToken -ResourceTypeName OperationalInsights"]


def test_tab_menu_then_enter_picks_without_running(terminal_core: ReplCore) -> None:
    # two candidates: Tab inserts the common part, Tab again selects the first; Enter takes the
    # selection (the menu closes), the next Enter runs the line.
    run = drive_front(terminal_core, ["Test-Path / -PathType ", "\t", "\t", "\r", "\r", CTRL_D])
    assert terminal_core.history.entries == ["Test-Path / -PathType Any"]
    assert run.out == "True\n"


def test_up_arrow_is_the_previous_entry_whatever_was_typed(terminal_core: ReplCore) -> None:
    # PSReadLine's UpArrow is PreviousHistory: no prefix search (that is F8)
    run = drive_front(terminal_core, ["'alpha'\r", "'beta'\r", "'al", UP, "\r", CTRL_D])
    assert run.out == "alpha\nbeta\nbeta\n"


def test_up_up_down_walk_the_history_entry_by_entry(terminal_core: ReplCore) -> None:
    run = drive_front(terminal_core, ["'one'\r", "'two'\r", "'three'\r", UP, UP, UP, DOWN, "\r", CTRL_D])
    assert run.out == "one\ntwo\nthree\ntwo\n"


def test_f8_searches_the_history_by_the_text_before_the_cursor(terminal_core: ReplCore) -> None:
    # HistorySearchBackward: entries starting with `'al`, newest first; Shift+F8 goes forward
    run = drive_front(terminal_core, ["'alpha1'\r", "'beta'\r", "'alpha2'\r", "'al", F8, F8, "\r", CTRL_D])
    assert run.out == "alpha1\nbeta\nalpha2\nalpha1\n"
    run = drive_front(terminal_core, ["'al", F8, F8, F8, SHIFT_F8, "\r", CTRL_D])
    assert run.out == "alpha2\n"


def test_ctrl_r_searches_the_history(terminal_core: ReplCore) -> None:
    run = drive_front(terminal_core, ["'hello'\r", "'world'\r", "\x12", "hel", "\r", "\r", CTRL_D])
    assert run.out == "hello\nworld\nhello\n"


def test_history_from_an_earlier_session_is_recalled(home: Path) -> None:
    first = make_core(home, host=TerminalHost())
    drive_front(first, ["'from before'\r", CTRL_D])
    second = make_core(home, host=TerminalHost())
    run = drive_front(second, [UP, "\r", CTRL_D])
    assert run.out == "from before\n"


def test_ctrl_c_drops_the_line_being_typed(terminal_core: ReplCore) -> None:
    run = drive_front(terminal_core, ["'never run'", CTRL_C, "'after'\r", CTRL_D])
    assert run.out == "after\n"
    assert terminal_core.history.entries == ["'after'"]


def test_a_pasted_snippet_runs_as_one(terminal_core: ReplCore) -> None:
    snippet = "$a = 1\r\n$b = 2\r\n$a + $b\r\n"
    run = drive_front(terminal_core, [PASTE_START + snippet + PASTE_END, CTRL_D])
    assert run.out == "3\n"
    assert terminal_core.history.entries == ["$a = 1\n$b = 2\n$a + $b"]


def test_a_paste_without_final_newline_waits_for_enter(terminal_core: ReplCore) -> None:
    run = drive_front(terminal_core, [PASTE_START + "'a'\n'b'" + PASTE_END, "\r", CTRL_D])
    assert run.out == "a\nb\n"


def test_get_credential_reads_the_password_masked(terminal_core: ReplCore) -> None:
    run = drive_front(terminal_core, ["$c = Get-Credential\r", "bob\r", "hunter2\r", "$c.UserName\r", CTRL_D])
    assert "PowerShell credential request\nEnter your credentials.\n" in run.out
    assert run.out.endswith("bob\n")
    assert "hunter2" not in run.out + run.err
    assert terminal_core.execute("$c.GetNetworkCredential().Password").output == "hunter2\n"
    # neither answer went into the command history
    assert terminal_core.history.entries == ["$c = Get-Credential", "$c.UserName"]


def test_ctrl_d_at_a_host_prompt_stops_the_command(terminal_core: ReplCore) -> None:
    run = drive_front(terminal_core, ["Read-Host 'Name'; 'not reached'\r", CTRL_D, "'next'\r", CTRL_D])
    assert run.out == "next\n"
    assert run.err == ""  # a stopped pipeline is not reported (pwsh's Executor)


def test_placeholders_are_asked_one_by_one(terminal_core: ReplCore) -> None:
    run = drive_front(terminal_core, ["Write-Output <tenant id> <app id>\r", "contoso\r", "1234\r", CTRL_D])
    assert "documentation placeholders" in run.out
    assert run.out.endswith("contoso\n1234\n")
    assert terminal_core.history.entries == ["Write-Output <tenant id> <app id>"]


def test_sensitive_line_is_recalled_but_not_saved(terminal_core: ReplCore) -> None:
    run = drive_front(terminal_core, ["$token = 'abc'; $token\r", UP, "\r", "'x'\r", CTRL_D])
    assert run.out == "abc\nabc\nx\n"
    path = terminal_core.history.path
    assert path is not None and path.read_text() == "'x'\n"


def test_errors_are_red_on_a_colour_terminal(terminal_core: ReplCore) -> None:
    run = drive_front(terminal_core, ["Get-Item /no/such\r", CTRL_D], color=True)
    assert run.err.startswith("\x1b[31;1mGet-Item: ")
    assert "Cannot find path '/no/such' because it does not exist." in run.err


def test_table_headers_are_coloured_on_a_colour_terminal(terminal_core: ReplCore) -> None:
    run = drive_front(terminal_core, ["[pscustomobject]@{ Name = 'x'; Id = 1 }\r", CTRL_D], color=True)
    assert "\x1b[32;1mName Id\x1b[0m" in run.out
    plain = drive_front(terminal_core, ["[pscustomobject]@{ Name = 'x'; Id = 1 }\r", CTRL_D])
    assert "\x1b[" not in plain.out and "Name Id" in plain.out


def test_input_is_highlighted_as_powershell(home: Path) -> None:
    from prompt_toolkit.document import Document

    from pwshim.repl.front import ReplFront

    front = ReplFront(make_core(home, host=TerminalHost()), input=None, output=_dummy())
    lexer = front.prompt_session.lexer
    assert lexer is not None
    line = lexer.lex_document(Document("Get-Item -Path 'x' # note"))(0)
    styles = {text: style for style, text in line}
    assert styles["Get-Item"] == "class:pygments.name.builtin"
    assert styles["'x'"] == "class:pygments.literal.string.single"
    assert styles["# note"] == "class:pygments.comment"


def test_toolbar_marks_the_emulator(home: Path) -> None:
    from pwshim.repl.front import ReplFront

    core = make_core(home, host=TerminalHost(), emulator_url="https://127.0.0.1:4443")
    front = ReplFront(core, input=None, output=_dummy())
    fragments = list(front.toolbar())
    assert fragments[0] == ("class:bottom-toolbar.emulator", " EMULATOR https://127.0.0.1:4443 ")
    assert "Azure: not connected" in fragments[1][1]


def _dummy() -> object:
    from prompt_toolkit.output import DummyOutput

    return DummyOutput()
