"""`pwshim.repl.main(opts)`: the command line's options applied to the interactive session
(--emulate, --set, --var, the banner), driven through a pipe."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.output import DummyOutput

from pwshim import repl
from pwshim.cli import parse_args
from tests.repl.conftest import feeding


@pytest.fixture
def restore_environ() -> Iterator[None]:
    """main() replaces os.environ under --emulate, as the script runner does."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


def test_banner_variables_and_placeholder_values(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    opts = parse_args(["--var", "tenantId=contoso", "--set", "app id=1234"])
    with feeding(["$tenantId\r", "Write-Output <app id>\r", "exit 4\r"]) as inp:
        code = repl.main(opts, input=inp, output=DummyOutput())
    out = capsys.readouterr().out
    assert code == 4
    assert out == repl.banner() + "contoso\n1234\n"
    assert repl.banner() == "PowerShell 7.4.6\n"


def test_nologo(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    opts = parse_args([])
    opts.nologo = True  # type: ignore[attr-defined]
    with feeding(["'x'\r", "\x04"]) as inp:
        assert repl.main(opts, input=inp, output=DummyOutput()) == 0
    assert capsys.readouterr().out == "x\n"


def test_emulate_starts_the_session_against_the_emulator(
    tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str], restore_environ: None
) -> None:
    sandbox = tmp_path / "sandbox"
    opts = parse_args(["--emulate-home", str(sandbox)])
    chunks = [
        "Connect-AzAccount -Identity | Out-Null\r",
        "(Get-AzContext).Subscription.Name\r",
        "$HOME\r",
        "exit\r",
    ]
    with feeding(chunks, pause=0.3) as inp:
        code = repl.main(opts, input=inp, output=DummyOutput())
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "pwshim: --emulate: Azure is the loopback emulator at https://127.0.0.1:" in captured.err
    assert captured.out.endswith(f"My Subscription\n{sandbox.resolve()}\n")
    assert (sandbox.resolve() / ".Azure" / "AzureRmContext.json").exists()
    # the history stays with the real user, not in the sandbox
    history = home / ".local" / "share" / "pwshim" / "history.txt"
    assert history.read_text().startswith("Connect-AzAccount -Identity | Out-Null\n")
