"""Project-wide fixtures: the loopback guard, the Azure emulator, a temporary HOME.

- ``loopback_guard`` (session, autouse): HTTPS_PROXY/HTTP_PROXY (both spellings) point at a
  loopback proxy that refuses and records every request, NO_PROXY=127.0.0.1,localhost,::1. A
  test that sends anything off loopback fails at teardown (unless it ``clear()``s the guard).
- ``_watchdog`` (autouse): a test still running after TEST_WATCHDOG_SECONDS dumps every
  thread's stack and ends the run (faulthandler), so a hang fails CI at once instead of at its
  time limit.
- ``emulator`` (session): one Emulator with a fresh state folder for the whole run.
- ``emulator_state`` (function): the session emulator, its ARM/Graph state restored afterwards.
- ``home``: a temporary HOME (os.environ via monkeypatch); returns its Path.
- ``az_env``: ``home`` + the emulator's env vars in os.environ, variables that would redirect
  azure-identity removed; returns the home Path.
"""

from __future__ import annotations

import faulthandler
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pwshim.emulator.core import Emulator
from pwshim.emulator.emulate import UNSET_VARS, LoopbackGuard


TEST_WATCHDOG_SECONDS = float(os.environ.get("PWSHIM_TEST_WATCHDOG", "240"))


@pytest.fixture(autouse=True)
def _watchdog() -> Iterator[None]:
    faulthandler.dump_traceback_later(TEST_WATCHDOG_SECONDS, exit=True, file=sys.__stderr__)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="session", autouse=True)
def loopback_guard() -> Iterator[LoopbackGuard]:
    with LoopbackGuard() as guard, pytest.MonkeyPatch.context() as mp:
        for key, value in guard.env.items():
            mp.setenv(key, value)
        for key in UNSET_VARS:
            mp.delenv(key, raising=False)
        yield guard


@pytest.fixture(autouse=True)
def _no_stray_requests(request: pytest.FixtureRequest,
                       loopback_guard: LoopbackGuard) -> Iterator[None]:
    loopback_guard.clear()
    yield
    crashed: list[str] = []
    if "emulator" in request.fixturenames:
        emu = request.getfixturevalue("emulator")
        emu.clear_faults()
        crashed, emu.errors[:] = list(emu.errors), []
    stray = loopback_guard.clear()
    if crashed:
        pytest.fail("the emulator failed (answered 500):\n" + "\n".join(crashed), pytrace=False)
    if stray:
        pytest.fail(f"request(s) tried to leave 127.0.0.1: {stray}", pytrace=False)


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    with Emulator(tmp_path_factory.mktemp("emulator-state")) as emu:
        yield emu


@pytest.fixture
def emulator_state(emulator: Emulator) -> Iterator[Emulator]:
    snap = emulator.snapshot()
    yield emulator
    emulator.restore(snap)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("HOME", str(path))
    return path


@pytest.fixture
def az_env(home: Path, emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in emulator.env.items():
        monkeypatch.setenv(key, value)
    for key in UNSET_VARS:
        monkeypatch.delenv(key, raising=False)
    return home
