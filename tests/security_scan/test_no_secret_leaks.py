"""No secret leaks: run the doc page (every samples/doc-*.ps1) plus a script handling KNOWN
secrets on a real pty, with umask 000, then search every produced byte for every secret.

Secrets: the seed app's client secret, the PFX password (typed at Get-Credential prompts), the
new service principal's secret (doc-09 prints it on purpose: allowed on the terminal only), a
SecureString's text, a wrong client secret (in an error path), and every token the sign-ins
obtained (read back from the MSAL token cache, which legitimately holds them).
Searched: the terminal output, the emulator request log, every file under HOME (history file,
AzureRmContext.json, AzureRmContextSettings.json, ...) except the legitimate holders
(keystore.cache, the MSAL caches, the emulator's own server-side state), and files that appeared
in /tmp during the run. Permissions: every file holding a secret or key is 0600 in a 0700
folder although the process ran with umask 000.
"""

from __future__ import annotations

import json
import os
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
    "doc-02-managed-identity-user.ps1",  # after doc-03 attached the identity to the VM
]
SECURE_TEXT = "SecureStringText-7f3a9c1e-known"
WRONG_SECRET = "WrongSecret~Known.0123456789abcdefXYZ"

# Known secrets handled without printing them: a SecureString shown, put in a credential, the
# credential shown; a sign-in with a wrong secret whose error is shown; a token fetched, not shown.
EXTRA = f"""
$known = ConvertTo-SecureString '{SECURE_TEXT}' -AsPlainText -Force
$known
$kc = New-Object System.Management.Automation.PSCredential -ArgumentList 'someone', $known
$kc | Format-List *
$bad = New-Object System.Management.Automation.PSCredential -ArgumentList $appId, (ConvertTo-SecureString '{WRONG_SECRET}' -AsPlainText -Force)
try {{ Connect-AzAccount -ServicePrincipal -Credential $bad -Tenant $tenantId -ErrorAction Stop }} catch {{ $_ | Out-String }}
$tok = Get-AzAccessToken
'TOKEN TYPE ' + $tok.Token.GetType().Name
'DONE'
"""

LEGIT_HOLDERS = ("keystore.cache", "msal.cache.cae", "msal.cache.nocae")


def _env(home: Path) -> dict[str, str]:
    return child_env()


def _tmp_snapshot(exclude: Path) -> dict[str, float]:
    out = {}
    for dirpath, dirnames, filenames in os.walk("/tmp"):
        if dirpath.startswith(str(exclude)) or "/pytest-of-" in dirpath + "/" or "pwshim-fuzz-" in dirpath:
            dirnames[:] = []
            continue
        for name in filenames:
            p = os.path.join(dirpath, name)
            try:
                out[p] = os.stat(p).st_mtime
            except OSError:
                pass
    return out


def _tokens(home: Path) -> set[str]:
    found: set[str] = set()
    for cache in home.rglob("msal.cache*"):
        try:
            doc = json.loads(cache.read_text("utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        for section in ("AccessToken", "RefreshToken", "IdToken"):
            for entry in (doc.get(section) or {}).values():
                if entry.get("secret"):
                    found.add(entry["secret"])
    return found


def _forms(secret: str) -> list[bytes]:
    return [secret.encode("utf-8"), secret.encode("utf-16-le")]


@pytest.fixture
def page_home(tmp_path: Path) -> tuple[Path, dict]:
    home = tmp_path / "profile"
    r = subprocess.run([sys.executable, "-m", "pwshim", "--emulate-home", str(home), "-c", "'ready'"],
                       capture_output=True, text=True, env=_env(home), timeout=120)
    assert r.stdout.strip() == "ready", r.stderr
    creds = json.loads((home / ".pwshim-emulator" / "credentials.json").read_text())
    app_id, app = next(iter(creds["applications"].items()))
    return home, {"app_id": app_id, **app}


def test_doc_page_and_known_secrets_leak_nowhere(page_home: tuple[Path, dict], tmp_path: Path) -> None:
    home, app = page_home
    script = tmp_path / "page.ps1"
    script.write_text("\n".join((SAMPLES / name).read_text() for name in ORDER) + EXTRA)
    client_id = SEED["userAssignedIdentities"][0]["clientId"]
    argv = [sys.executable, "-m", "pwshim", "--emulate-home", str(home),
            "--set", f"path to certificate={app['cert_pfx_path']}",
            "--set", f"thumbprint={app['cert_thumbprint']}",
            "--set", f"user-assigned-identity-clientId-or-resourceId={client_id}",
            "--var", f"tenantId={TENANT}", "--var", f"appId={app['app_id']}",
            "--var", f"servicePrincipalId={app['app_id']}", str(script)]
    before_tmp = _tmp_snapshot(tmp_path)
    old_umask = os.umask(0)  # the child (pty.fork) inherits it
    try:
        proc = PtyProcess(argv, _env(home))
    finally:
        os.umask(old_umask)
    secret = proc.expect(r"^([A-Za-z0-9~._-]{30,})\s*$").group(1)  # doc-09 prints it on purpose
    proc.expect(r"Password for user [0-9a-f-]{36}: ")
    proc.send_line(secret)
    for _ in range(2):
        proc.expect(r"User: ")
        proc.send_line("pfx")
        proc.expect(r"Password for user pfx: ")
        proc.send_line(app["cert_pfx_password"])
    proc.expect(r"^DONE", timeout=120)
    proc.wait()
    screen = proc.buffer
    assert "Traceback" not in screen
    assert "TOKEN TYPE SecureString" in screen
    assert "System.Security.SecureString" in screen

    tokens = _tokens(home)
    assert tokens, "no token in the MSAL cache: the scan would prove nothing"
    everywhere = {"client secret": app["secret"], "PFX password": app["cert_pfx_password"],
                  "SecureString text": SECURE_TEXT, "wrong secret": WRONG_SECRET}
    everywhere.update({f"token #{i}": t for i, t in enumerate(sorted(tokens))})
    off_terminal = {**everywhere, "new service principal secret": secret}

    leaks: list[str] = []
    # 1. The terminal: the new SP's secret appears exactly where doc-09 prints it.
    printed = screen.encode("utf-8")
    for name, value in everywhere.items():
        if any(form in printed for form in _forms(value)):
            leaks.append(f"terminal: {name}")
    after_prompt = screen.split("Password for user", 1)[1]
    assert secret not in after_prompt.split("\n", 1)[0], "the typed secret was echoed"

    # 2. Every file under HOME except the legitimate holders and the emulator's server side.
    emulator_dir = home / ".pwshim-emulator"
    scanned = 0
    for path in home.rglob("*"):
        if not path.is_file():
            continue
        if path.name in LEGIT_HOLDERS:
            continue
        if emulator_dir in path.parents and path.name != "requests.jsonl":
            continue
        if path.suffix == ".pfx":
            continue  # PKCS#12 key material (checked for 0600 below); the password is not in it
        data = path.read_bytes()
        scanned += 1
        for name, value in off_terminal.items():
            if any(form in data for form in _forms(value)):
                leaks.append(f"{path.relative_to(home)}: {name}")
    assert scanned >= 3
    assert (emulator_dir / "requests.jsonl").exists()

    # 3. Files that appeared in /tmp during the run.
    after_tmp = _tmp_snapshot(tmp_path)
    for p, mtime in after_tmp.items():
        if before_tmp.get(p) == mtime:
            continue
        try:
            data = Path(p).read_bytes()
        except OSError:
            continue
        for name, value in off_terminal.items():
            if any(form in data for form in _forms(value)):
                leaks.append(f"{p}: {name}")
    assert not leaks, leaks

    # 4. Permissions under umask 000: secrets and keys 0600 in 0700 folders.
    holders = [home / ".Azure" / "keystore.cache", home / ".Azure" / "AzureRmContext.json"]
    holders += list(home.rglob("msal.cache*"))
    holders += list((home / ".dotnet" / "corefx" / "cryptography" / "x509stores").rglob("*.pfx"))
    bad = []
    for f in holders:
        assert f.exists(), f
        if stat.S_IMODE(f.stat().st_mode) != 0o600:
            bad.append(f"{f.relative_to(home)} {oct(stat.S_IMODE(f.stat().st_mode))}")
        if stat.S_IMODE(f.parent.stat().st_mode) != 0o700:
            bad.append(f"{f.parent.relative_to(home)}/ {oct(stat.S_IMODE(f.parent.stat().st_mode))}")
    assert not bad, sorted(set(bad))
    for f in holders:
        if f.name in LEGIT_HOLDERS and f.name == "keystore.cache":
            assert secret in f.read_text("utf-8")  # the holder really holds it: the scan is meaningful


# .NET creates the store folders 0777 & ~umask; pwshim makes them 0700 so umask 000 cannot expose
# the folder that holds private keys.
def test_certificate_store_folder_is_private(page_home: tuple[Path, dict], tmp_path: Path) -> None:
    home, app = page_home
    env = _env(home)
    old = os.umask(0)
    try:
        r = subprocess.run([sys.executable, "-m", "pwshim", "--emulate-home", str(home), "-c",
                            "$p = ConvertTo-SecureString $env:PFX_PW -AsPlainText -Force; "
                            "Import-PfxCertificate -FilePath $env:PFX_PATH -CertStoreLocation Cert:\\CurrentUser\\My "
                            "-Password $p | Out-Null"],
                           capture_output=True, text=True, timeout=120,
                           env={**env, "PFX_PW": app["cert_pfx_password"], "PFX_PATH": app["cert_pfx_path"]})
    finally:
        os.umask(old)
    assert r.returncode == 0, r.stderr
    store = home / ".dotnet" / "corefx" / "cryptography" / "x509stores" / "my"
    assert stat.S_IMODE((store / f"{app['cert_thumbprint']}.pfx").stat().st_mode) == 0o600
    assert stat.S_IMODE(store.stat().st_mode) == 0o700
