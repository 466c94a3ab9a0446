"""Fixtures for the REPL tests: a core on a temporary HOME, and a driver for the prompt-toolkit
front that feeds keys through a real pipe (create_pipe_input) from a second thread."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pwshim.repl.core import ReplCore, ReplHost
from pwshim.repl.history import History, history_path
from pwshim.runtime.session import Session


def make_core(home: Path, answers: list[str] | None = None, host: ReplHost | None = None,
              **kwargs: object) -> ReplCore:
    import os

    session = Session(host=host or ReplHost(answers=answers), environ=os.environ, cwd=str(home))
    return ReplCore(session, History(history_path(os.environ)), **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def core(home: Path) -> ReplCore:
    return make_core(home)


@dataclass
class Drive:
    code: int
    out: str
    err: str


@contextmanager
def feeding(chunks: list[str], pause: float = 0.15, limit: float = 30.0) -> Iterator[Any]:
    """A pipe input fed from a second thread: each chunk is written after `pause` seconds (so a
    Tab's completion is applied before the next key, as with a person typing). A watchdog sends
    Ctrl+C Ctrl+D after `limit` seconds and fails the test, so a broken front cannot hang it."""
    from prompt_toolkit.input import create_pipe_input

    done = threading.Event()
    fired = threading.Event()
    with create_pipe_input() as inp:
        def feed() -> None:
            for chunk in chunks:
                time.sleep(pause)
                if done.is_set():
                    return
                inp.send_text(chunk)
            deadline = time.monotonic() + limit
            while not done.wait(0.5):
                if time.monotonic() > deadline:
                    fired.set()
                    inp.send_text("\x03\x04")

        sender = threading.Thread(target=feed, daemon=True)
        sender.start()
        try:
            yield inp
        finally:
            done.set()
            sender.join(5)
    assert not fired.is_set(), "the front did not finish: the watchdog sent Ctrl+C Ctrl+D"


def drive_front(core: ReplCore, chunks: list[str], pause: float = 0.15, color: bool = False) -> Drive:
    """Run ReplFront.run() on a fed pipe with DummyOutput; returns the exit code and streams."""
    from prompt_toolkit.output import DummyOutput

    from pwshim.repl.front import ReplFront

    out, err = io.StringIO(), io.StringIO()
    with feeding(chunks, pause) as inp:
        code = ReplFront(core, input=inp, output=DummyOutput(), stdout=out, stderr=err, color=color).run()
    return Drive(code, out.getvalue(), err.getvalue())


@pytest.fixture
def terminal_core(home: Path) -> Iterator[ReplCore]:
    from pwshim.repl.front import TerminalHost

    yield make_core(home, host=TerminalHost())


@pytest.fixture(autouse=True)
def _private_data_home(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never let a test's history reach the real $XDG_DATA_HOME."""
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
