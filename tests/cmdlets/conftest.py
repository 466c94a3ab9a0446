"""Helpers for cmdlet tests: a session with a BufferHost and a `run` that goes through the
real parameter binder (pwshim.runtime.cmdlet.invoke) and collects non-terminating errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pwshim.cmdlets.filesystem
import pwshim.cmdlets.utility  # noqa: F401
from pwshim.runtime.cmdlet import find_cmdlet, invoke
from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session


class Runner:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.errors: list[Any] = []

    def __call__(self, name: str, *pipeline: Any, **params: Any) -> list[Any]:
        cls = find_cmdlet(name)
        assert cls is not None, name
        self.session.last_errors.clear()
        out = invoke(cls, self.session, pipeline_input=list(pipeline) if pipeline else None, **params)
        self.errors = list(self.session.last_errors)
        return out


@pytest.fixture
def session(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Session:
    env = {"HOME": str(tmp_path_factory.mktemp("home")), "PATH": "/usr/bin"}
    s = Session(host=BufferHost(), environ=env, cwd=str(tmp_path))
    s.set_variable("ErrorActionPreference", "SilentlyContinue")
    return s


@pytest.fixture
def run(session: Session) -> Callable[..., list[Any]]:
    return Runner(session)
