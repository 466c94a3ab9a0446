"""Loading the Azure SDK (azure-core, requests, azure-identity, msal, cryptography) on first use.

Importing azure.identity loads ~450 modules and leaves ~30,000 objects that live as long as
the process. While they load, Python's cyclic garbage collector runs again and again over
them (~10 ms of a ~270 ms `Connect-AzAccount -Identity`) and finds nothing to free. `load()`
imports with the collector paused; in the command-line process (the CLI's process entry turns
`freeze_after_load` on) it then moves every object alive at that point into the collector's
permanent generation (`gc.freeze()`), so later collections skip them. A library caller's
process keeps Python's normal collection: `load()` then only pauses it during the import.
"""

from __future__ import annotations

import gc
import importlib
import sys

#: azure-core with its requests transport (requests, urllib3); azure-identity (msal, cryptography).
CORE = "azure.core.pipeline.transport._requests_basic"
IDENTITY = "azure.identity"

_freeze = False


def freeze_after_load(on: bool = True) -> None:
    """Freeze (gc.freeze) what is alive after each SDK import: for a short-lived process only."""
    global _freeze
    _freeze = on


def load(*modules: str) -> None:
    """Import `modules` (dotted names) that are not imported yet, with the collector paused."""
    missing = [name for name in modules if name not in sys.modules]
    if not missing:
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        for name in missing:
            importlib.import_module(name)
    finally:
        if enabled:
            if _freeze:
                gc.freeze()
            gc.enable()
