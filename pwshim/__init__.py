"""pwshim: a PowerShell-compatible cmdlet shim written in Python.

`pwshim.run(text, variables={...})` runs PowerShell text and returns its output objects and
errors; `pwshim.api` has every cmdlet as a Python function. Both are imported on first use so
`pwshim -c '...'` starts fast.
"""

from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "run":
        from pwshim.api import run

        return run
    raise AttributeError(f"module 'pwshim' has no attribute {name!r}")
