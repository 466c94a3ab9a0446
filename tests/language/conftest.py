"""Helpers for language tests: run PowerShell text in a fresh in-process session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session


@dataclass
class Ran:
    output: list[Any]
    errors: list[Any]
    exit_code: int
    host: BufferHost

    @property
    def error_ids(self) -> list[str]:
        return [e.error_id for e in self.errors]

    @property
    def text(self) -> str:
        from pwshim.formatting import format_objects

        return format_objects(self.output)


def run_ps(text: str, answers: tuple[str, ...] = (), environ: dict[str, str] | None = None,
           file: str | None = None) -> Ran:
    from pwshim.interpreter import Interpreter

    host = BufferHost(answers)
    session = Session(host=host, environ=dict(environ) if environ is not None else None)
    interp = Interpreter(session)
    result = interp.run_text(text, file)
    return Ran(result.output, result.errors, result.exit_code, host)


@pytest.fixture
def ps():
    return run_ps
