"""Fixtures for the resources/graph cmdlet tests: the shared emulator (tests/conftest.py) with its
state restored after each test, and a signed-in session in a temporary HOME."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pwshim.emulator.core import Emulator
from pwshim.runtime.cmdlet import find_cmdlet, invoke
from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session


@pytest.fixture
def emu(emulator_state: Emulator) -> Iterator[Emulator]:
    """The shared emulator, its ARM/Graph state restored after the test; LRO polls at once
    (tests that want the real Retry-After set it back)."""
    emulator_state.lro_retry_after = 0
    yield emulator_state
    emulator_state.lro_retry_after = 1


@pytest.fixture
def session(az_env: Path) -> Session:
    s = Session(host=BufferHost(), environ=os.environ, noninteractive=True)
    # Keep retries quick in tests; the bounds themselves are tested in test_rest.py.
    s.extensions["azure.rest.options"] = {"max_retry_after": 0.2, "retry_backoff": 0.01}
    return s


def run(session: Session, name: str, pipeline_input: Any = None, **params: Any) -> list[Any]:
    """Invoke a cmdlet through the real binder."""
    cls = find_cmdlet(name)
    assert cls is not None, name
    return invoke(cls, session, pipeline_input=pipeline_input, **params)


def sp_credential(app_id: str, secret: str) -> Any:
    from pwshim.dotnet.credential import PSCredential
    from pwshim.dotnet.securestring import SecureString

    return PSCredential(app_id, SecureString.from_plain(secret))


@pytest.fixture
def signed_in(session: Session, emu: Emulator) -> Session:
    """Connect-AzAccount -ServicePrincipal -Credential (seed app) -Tenant, as the page does."""
    seed = emu.seed
    run(
        session,
        "Connect-AzAccount",
        ServicePrincipal=True,
        Credential=sp_credential(seed["app"]["app_id"], seed["app"]["secret"]),
        Tenant=seed["tenant_id"],
    )
    return session
