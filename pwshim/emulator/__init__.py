"""pwshim's loopback Azure emulator (IMDS, Entra, ARM, Graph on one HTTPS port).

Public API (notes/common.md, "The emulator contract")::

    from pwshim.emulator import Emulator, sandbox, serve_main
    with Emulator(state_dir) as emu:
        emu.url, emu.env, emu.ca_path, emu.seed

Names are imported lazily so ``import pwshim.emulator`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pwshim.emulator.core import Emulator
    from pwshim.emulator.emulate import LoopbackGuard, sandbox
    from pwshim.emulator.serve import serve_main

__all__ = ["Emulator", "LoopbackGuard", "sandbox", "serve_main"]

_WHERE = {"Emulator": "core", "LoopbackGuard": "emulate", "sandbox": "emulate",
          "serve_main": "serve"}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib
        return getattr(importlib.import_module(f"pwshim.emulator.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'pwshim.emulator' has no attribute {name!r}")
