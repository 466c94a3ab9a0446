"""The doc page end to end, as a user would run it, against the loopback emulator.

Every code block of ../shared/reference/seed-doc-authenticate-noninteractive.txt lives in
samples/doc-*.ps1 exactly as written (placeholders included). Here they run in the page's
order in one pwshim session on a real pseudo-terminal, with the placeholders filled by --set,
the variables the page assumes ($tenantId, $appId, $servicePrincipalId) given with --var, and
the Get-Credential prompts answered on the terminal.
"""

from __future__ import annotations

import json
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.ptydrive import PtyProcess

from tests.docpage import SAMPLES, SEED, TENANT, child_env

ORDER = [
    "doc-01-managed-identity-system.ps1",
    "doc-08-new-service-principal.ps1",
    "doc-09-service-principal-get-credential.ps1",
    "doc-10-service-principal-automation.ps1",
    "doc-06-import-pfx-pwsh7.ps1",
    "doc-07-import-pfx-windows-powershell.ps1",
    "doc-04-certificate-app.ps1",
    "doc-05-certificate-service-principal.ps1",
    "doc-03-attach-user-assigned-identity.ps1",
    # doc-02 (the user-assigned identity by client id) needs the identity attached by doc-03
    "doc-02-managed-identity-user.ps1",
]


def _env(home: Path) -> dict[str, str]:
    return child_env()


@pytest.fixture
def emulate_home(tmp_path: Path) -> tuple[Path, dict]:
    """A sandbox profile whose emulator state exists (so the seed app's PFX can be named)."""
    home = tmp_path / "profile"
    r = subprocess.run([sys.executable, "-m", "pwshim", "--emulate-home", str(home), "-c", "'ready'"],
                       capture_output=True, text=True, env=_env(home), timeout=120)
    assert r.stdout.strip() == "ready", r.stderr
    creds = json.loads((home / ".pwshim-emulator" / "credentials.json").read_text())
    app_id, app = next(iter(creds["applications"].items()))
    return home, {"app_id": app_id, **app}


def test_page_end_to_end(emulate_home: tuple[Path, dict], tmp_path: Path) -> None:
    home, app = emulate_home
    script = tmp_path / "page.ps1"
    script.write_text("\n".join((SAMPLES / name).read_text() for name in ORDER)
                      + "\nGet-AzContext -ListAvailable | ForEach-Object { 'CTX ' + $_.Account.Id }\n")
    argv = [sys.executable, "-m", "pwshim", "--emulate-home", str(home),
            "--set", f"path to certificate={app['cert_pfx_path']}",
            "--set", f"thumbprint={app['cert_thumbprint']}",
            "--set", f"user-assigned-identity-clientId-or-resourceId={SEED['userAssignedIdentities'][0]['clientId']}",
            "--var", f"tenantId={TENANT}", "--var", f"appId={app['app_id']}",
            "--var", f"servicePrincipalId={app['app_id']}", str(script)]
    proc = PtyProcess(argv, _env(home))
    # doc-01: the system-assigned identity of the emulated VM
    proc.expect(r"MSI@50342\s+My Subscription\s+" + TENANT)
    # doc-09: the secret is printed, then Get-Credential asks for it
    secret = proc.expect(r"^([A-Za-z0-9~._-]{30,})\s*$").group(1)
    proc.expect(r"Password for user [0-9a-f-]{36}: ")
    proc.send_line(secret)
    # One Out-Default for the whole script, as pwsh: later rows keep the first table's widths,
    # so the service principal's app id shows truncated (`4c0916da…`) in the Account column.
    sp_prefix = proc.expect(r"^([0-9a-f]{8})\S*\s+My Subscription\s+" + TENANT).group(1)
    # doc-10: the automation form signs in again as the same service principal
    proc.expect(r"^" + sp_prefix + r"\S*\s+My Subscription")
    # doc-06 and doc-07: the PFX password through Get-Credential
    for _ in range(2):
        proc.expect(r"Provide PFX private key password")
        proc.expect(r"User: ")
        proc.send_line("pfx")
        proc.expect(r"Password for user pfx: ")
        proc.send_line(app["cert_pfx_password"])
    # Import-PfxCertificate's certificate (shown as a list: one Out-Default for the whole
    # script, and another type after the first table is listed, as pwsh does)
    proc.expect(r"Thumbprint\s+: " + app["cert_thumbprint"])
    # doc-03: Update-AzVM's response
    proc.expect(r"IsSuccessStatusCode\s+: True")
    client_id = SEED["userAssignedIdentities"][0]["clientId"]
    code = proc.wait()
    screen = proc.buffer
    assert code == 0, screen[-3000:]
    assert "Traceback" not in screen
    assert secret not in screen.split("Password for user")[1]  # never echoed
    assert app["cert_pfx_password"] not in screen
    accounts = set(re.findall(r"^CTX (\S+)", screen, re.MULTILINE))
    sp_app = next(a for a in accounts if a.startswith(sp_prefix))
    assert accounts == {"MSI@50342", sp_app, app["app_id"], client_id}

    azure = home / ".Azure"
    raw = (azure / "AzureRmContext.json").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and not raw.endswith(b"\n")
    profile = json.loads(raw[3:])
    assert {c["Account"]["Id"] for c in profile["Contexts"].values()} == accounts
    assert secret.encode() not in raw and app["cert_pfx_password"].encode() not in raw
    assert secret in (azure / "keystore.cache").read_text()
    store = home / ".dotnet" / "corefx" / "cryptography" / "x509stores" / "my"
    pfx = store / f"{app['cert_thumbprint']}.pfx"
    assert stat.S_IMODE(pfx.stat().st_mode) == 0o600
    for f in azure.iterdir():
        if f.name.endswith((".json", ".cache")):
            assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
