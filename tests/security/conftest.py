"""Shared helpers for the secure-strings tests."""

from __future__ import annotations

from typing import Any

import pytest

from pwshim.runtime.errors import ErrorRecord
from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session


class Run:
    """A session with a BufferHost whose non-terminating errors are collected, not printed."""

    def __init__(self, answers: list[str] | None = None, noninteractive: bool = False) -> None:
        self.host = BufferHost(answers or [], noninteractive=noninteractive)
        self.session = Session(host=self.host, environ={"HOME": "/nonexistent"})
        self.errors: list[ErrorRecord] = []
        self.session.extensions["error_reporter"] = self.errors.append

    def invoke(self, cls: Any, pipeline_input: Any = None, **params: Any) -> list[Any]:
        from pwshim.runtime.cmdlet import invoke

        return invoke(cls, self.session, pipeline_input=pipeline_input, **params)


@pytest.fixture
def run() -> Run:
    return Run()


@pytest.fixture
def make_run():
    return Run
