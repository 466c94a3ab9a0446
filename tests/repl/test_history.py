"""The REPL history: PSReadLine's sensitive-line filter (MemoryOnly lines never reach the file),
its file format, and a private file (0600 in a 0700 folder)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from pwshim.repl.history import (
    MEMORY_AND_FILE,
    MEMORY_ONLY,
    SKIP_ADDING,
    History,
    history_path,
    read_history_file,
)


@pytest.fixture
def path(home: Path) -> Path:
    return home / ".local" / "share" / "pwshim" / "history.txt"


def test_location_follows_xdg_then_home() -> None:
    assert history_path({"XDG_DATA_HOME": "/x", "HOME": "/h"}) == Path("/x/pwshim/history.txt")
    assert history_path({"XDG_DATA_HOME": "", "HOME": "/h"}) == Path("/h/.local/share/pwshim/history.txt")
    assert history_path({}) is None


def test_lines_are_appended_to_a_private_file(path: Path) -> None:
    history = History(path)
    assert history.add("Get-ChildItem") == MEMORY_AND_FILE
    assert history.add("Get-AzContext") == MEMORY_AND_FILE
    assert path.read_text(encoding="utf-8") == "Get-ChildItem\nGet-AzContext\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_an_existing_file_is_made_private(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("old\n")
    path.chmod(0o644)
    History(path).add("new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == "old\nnew\n"


@pytest.mark.parametrize(
    "line",
    [
        "$token = 'abcd'",
        "$password = 'P@ssw0rd!'",
        "ConvertTo-SecureString 'p4ss' -AsPlainText -Force",
        "Connect-AzAccount -ServicePrincipal -Tenant t -ApplicationId a -Secret 'xyz'",
        "Invoke-WebRequest -Token xxx",
        "$clientSecret = 'abc",  # does not parse: kept out of the file
    ],
)
def test_sensitive_lines_stay_in_memory_only(path: Path, line: str) -> None:
    history = History(path)
    history.add("Get-Date")
    assert history.add(line) == MEMORY_ONLY
    assert history.entries[-1] == line  # Up-arrow in this session still shows it
    assert path.read_text() == "Get-Date\n"  # ... but it never reaches the file
    assert History(path).entries == ["Get-Date"]  # nor the next session


@pytest.mark.parametrize(
    "line",
    [
        "$token = Get-AzAccessToken -ResourceUrl https://graph.microsoft.com/",
        "Get-AzAccessToken",
        "$secret = Get-Secret -Name github-token -Vault MySecret",
        "$cred.Password",
    ],
)
def test_safe_lines_that_mention_secrets_are_saved(path: Path, line: str) -> None:
    assert History(path).add(line) == MEMORY_AND_FILE
    assert path.read_text() == line + "\n"


def test_blank_lines_and_repeats_are_skipped(path: Path) -> None:
    history = History(path)
    assert history.add("   ") == SKIP_ADDING
    history.add("Get-Date")
    assert history.add("Get-Date") == SKIP_ADDING
    history.add("Get-Location")
    history.add("Get-Date")
    assert history.entries == ["Get-Date", "Get-Location", "Get-Date"]
    assert path.read_text() == "Get-Date\nGet-Location\nGet-Date\n"


def test_multi_line_commands_round_trip(path: Path) -> None:
    command = "if ($true) {\n  'yes'\n}"
    History(path).add(command)
    assert path.read_text() == "if ($true) {`\n  'yes'`\n}\n"  # PSReadLine's format
    assert read_history_file(path) == [command]
    assert History(path).entries == [command]


def test_loading_keeps_the_newest_entries(path: Path) -> None:
    history = History(path, max_count=3)
    for i in range(5):
        history.add(f"'{i}'")
    assert History(path, max_count=3).entries == ["'2'", "'3'", "'4'"]


def test_no_home_means_no_file(tmp_path: Path) -> None:
    history = History(None)
    assert history.add("Get-Date") == MEMORY_AND_FILE
    assert history.entries == ["Get-Date"]
    assert list(tmp_path.iterdir()) == []
