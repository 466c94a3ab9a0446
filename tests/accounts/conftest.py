"""Fixtures for the Az.Accounts tests: a session on the project emulator, cmdlet runner, helpers.

Uses the project-wide fixtures of tests/conftest.py (`emulator`, `home`, `az_env`, the
loopback guard)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from pwshim.runtime.cmdlet import find_cmdlet, invoke
from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session

DATA = Path(__file__).parent / "data"


def new_session(noninteractive: bool = True, answers: tuple[str, ...] = ()) -> Session:
    return Session(host=BufferHost(answers=answers, noninteractive=noninteractive), environ=os.environ, noninteractive=noninteractive)


@pytest.fixture
def session(az_env: Path) -> Session:
    return new_session()


@pytest.fixture
def offline(home: Path, monkeypatch: pytest.MonkeyPatch) -> Session:
    """A session with a temporary HOME and no cloud discovery (the file-layer tests)."""
    monkeypatch.setenv("ARM_CLOUD_METADATA_URL", "DISABLED")
    monkeypatch.delenv("AzContextAutoSave", raising=False)
    monkeypatch.delenv("Azure_Profile_Autosave", raising=False)
    return new_session()


def run(session: Session, name: str, pipeline_input: Any = None, **params: Any) -> list[Any]:
    """Invoke a cmdlet through the real binder."""
    cls = find_cmdlet(name)
    assert cls is not None, name
    return invoke(cls, session, pipeline_input=pipeline_input, **params)


def sp_credential(app_id: str, secret: str) -> Any:
    from pwshim.dotnet.credential import PSCredential
    from pwshim.dotnet.securestring import SecureString

    return PSCredential(app_id, SecureString.from_plain(secret))


def context_file(home: Path) -> Path:
    return home / ".Azure" / "AzureRmContext.json"


def warnings_of(session: Session) -> list[str]:
    return [line[len("WARNING: "):] for line in session.host.text.splitlines() if line.startswith("WARNING: ")]
