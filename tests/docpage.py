"""What the doc-page tests share: the repository's samples, the emulator seed, and a child
environment that cannot be redirected away from the emulator by the caller's Azure variables."""

from __future__ import annotations

import json
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEED = json.loads((ROOT / "pwshim" / "emulator" / "seed.json").read_text())
TENANT = SEED["tenants"][0]["tenantId"]


def child_env() -> dict[str, str]:
    """os.environ without AZURE_*/IDENTITY_*/MSI_* variables, with this checkout importable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE_", "IDENTITY_", "MSI_"))}
    env["PYTHONPATH"] = str(ROOT)
    return env
