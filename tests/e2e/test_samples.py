"""Golden samples: samples/*.ps1 run by the pwshim command line, beside their expected output.

`samples/<name>.out` is stdout and stderr as one stream. Doc samples (samples/doc-*.ps1, the
page's code blocks exactly as written) run under --emulate in one sandbox profile, in an order
where each finds what it needs (the certificate imported before the thumbprint sign-in); the
parts that differ between runs (ports, temporary paths, generated secrets and ids) are replaced
by markers. Regenerate on purpose with PWSHIM_REGENERATE_SAMPLES=1.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.docpage import ROOT, SAMPLES, TENANT, child_env
REGENERATE = os.environ.get("PWSHIM_REGENERATE_SAMPLES") == "1"


def _run(args: list[str], stdin: str = "", cwd: Path = ROOT) -> tuple[int, str]:
    env = child_env()
    r = subprocess.run([sys.executable, "-m", "pwshim", *args], input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, env=env, cwd=cwd, timeout=180)
    return r.returncode, r.stdout


def _compare(name: str, text: str) -> None:
    text = text.replace(str(ROOT), "<ROOT>")  # error headers name the script by its full path
    expected = SAMPLES / f"{name}.out"
    if REGENERATE or not expected.exists():
        expected.write_text(text)
    assert text == expected.read_text(), f"{name}: output differs from samples/{name}.out"


@pytest.mark.parametrize("script", sorted(p.name for p in SAMPLES.glob("lang-*.ps1")))
def test_language_sample(script: str) -> None:
    code, text = _run([f"samples/{script}"])
    assert code == 0, text
    assert "Traceback" not in text
    _compare(script[:-4], text)


def test_doc_samples(tmp_path: Path) -> None:
    home = tmp_path / "profile"
    code, text = _run(["--emulate-home", str(home), "-c", "'ready'"])
    assert code == 0, text
    app_id, app = next(iter(json.loads((home / ".pwshim-emulator" / "credentials.json").read_text())
                            ["applications"].items()))
    markers = {str(home): "<HOME>", app["cert_pfx_password"]: "<PFX-PASSWORD>",
               app["cert_thumbprint"]: "<THUMBPRINT>"}

    def normalize(out: str) -> str:
        for value, marker in markers.items():
            out = out.replace(value, marker)
        out = re.sub(r"https://127\.0\.0\.1:\d+", "https://127.0.0.1:<PORT>", out)
        out = re.sub(r"^[A-Za-z0-9~._-]{36,44}$", "<SECRET>", out, flags=re.MULTILINE)
        return re.sub(r"Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ", "Timestamp: <TIME>", out)

    base = ["--emulate-home", str(home)]
    pfx = ["--set", f"path to certificate={app['cert_pfx_path']}"]
    ids = ["--var", f"appId={app_id}", "--var", f"servicePrincipalId={app_id}", "--var", f"tenantId={TENANT}",
           "--set", f"thumbprint={app['cert_thumbprint']}"]
    answers = f"pfx\n{app['cert_pfx_password']}\n"
    new_sp = "$sp = New-AzADServicePrincipal -DisplayName ServicePrincipalName"
    runs = [
        ("doc-01-managed-identity-system", base, "", 0),
        ("doc-02-managed-identity-user", base, "", 1),  # the placeholder, reported before running
        ("doc-03-attach-user-assigned-identity", base, "", 0),
        ("doc-06-import-pfx-pwsh7", base + pfx, answers, 0),
        ("doc-07-import-pfx-windows-powershell", base + pfx, answers, 0),
        ("doc-04-certificate-app", base + ids, "", 0),
        ("doc-05-certificate-service-principal", base + ids, "", 0),
        ("doc-08-new-service-principal", base, "", 0),
    ]
    for name, args, stdin, want in runs:
        code, out = _run([*args, f"samples/{name}.ps1"], stdin)
        assert code == want, out
        assert "Traceback" not in out
        _compare(name, normalize(out))
    # doc-09 and doc-10 use the $sp of doc-08: run them after creating one in the same process.
    for name, stdin, want in (("doc-09-service-principal-get-credential", "not-the-secret\n", 1),
                              ("doc-10-service-principal-automation", "", 0)):
        code, out = _run([*base, "--var", f"tenantId={TENANT}", "-c", f"{new_sp}; . ./samples/{name}.ps1"], stdin)
        assert code == want, out
        out = re.sub(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b(?<!" + TENANT + ")",
                     "<NEW-APP-ID>", out)
        _compare(name, normalize(out))
