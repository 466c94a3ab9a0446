"""`pwshim install-pwsh DIR`, the parent watchdog, and azure-identity's AzurePowerShellCredential
borrowing a pwshim sign-in through that `pwsh`."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pwshim.azure.pwsh_shim import MARKER, install_pwsh

from .conftest import run, sp_credential


def test_install_pwsh(tmp_path: Path) -> None:
    path = Path(install_pwsh(tmp_path / "bin"))
    assert path == tmp_path / "bin" / "pwsh"
    assert stat.S_IMODE(path.stat().st_mode) == 0o755
    text = path.read_text()
    assert text.startswith("#!/bin/sh\n") and MARKER in text
    assert f"exec {sys.executable} -m pwshim \"$@\"" in text
    assert install_pwsh(tmp_path / "bin") == str(path)  # re-installing over our own is fine


def test_install_pwsh_never_shadows_a_real_pwsh(tmp_path: Path) -> None:
    real = tmp_path / "pwsh"
    real.write_text("#!/bin/sh\necho real\n")
    with pytest.raises(FileExistsError):
        install_pwsh(tmp_path)
    assert real.read_text() == "#!/bin/sh\necho real\n"


def _state(pid: int) -> str:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("State:"):
                return line.split()[1]
    except FileNotFoundError:
        return "gone"
    return "?"


def test_watchdog_exits_when_parent_dies() -> None:
    code = ("import os, time; from pwshim.azure.pwsh_shim import start_parent_watchdog as w; "
            "w(0.05); print(os.getpid(), flush=True); time.sleep(30)")
    # `; true` keeps /bin/sh as the parent (as dash does for AzurePowerShellCredential)
    shell = subprocess.Popen(["/bin/sh", "-c", f"{sys.executable} -c '{code}'; true"], stdout=subprocess.PIPE, text=True)
    child = int(shell.stdout.readline())
    assert _state(child) in ("S", "R")
    shell.send_signal(signal.SIGKILL)
    shell.wait()
    deadline = time.monotonic() + 5
    while _state(child) not in ("gone", "Z") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _state(child) in ("gone", "Z")


def _cli_runs(pwsh: str) -> bool:
    try:
        proc = subprocess.run([pwsh, "-NoProfile", "-NonInteractive", "-Command", "exit 0"],
                              check=False, capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return False
    return proc.returncode == 0


def test_azure_powershell_credential_round_trip(session, az_env: Path, emulator, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from azure.identity import AzurePowerShellCredential

    pwsh = install_pwsh(tmp_path / "bin")
    if not _cli_runs(pwsh):
        pytest.skip("the pwshim command line cannot run scripts yet (interpreter not landed)")
    seed = emulator.seed
    run(session, "Connect-AzAccount", ServicePrincipal=True, Tenant=seed["tenant_id"],
        Credential=sp_credential(seed["app"]["app_id"], seed["app"]["secret"]))
    ours = run(session, "Get-AzAccessToken")[0]
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    token = AzurePowerShellCredential(process_timeout=30).get_token("https://management.core.windows.net//.default")
    assert token.token == ours.Token.reveal()
    assert token.expires_on == ours.ExpiresOn.ToUnixTimeSeconds()


def test_azure_powershell_credential_not_signed_in(az_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from azure.identity import AzurePowerShellCredential, CredentialUnavailableError

    pwsh = install_pwsh(tmp_path / "bin")
    if not _cli_runs(pwsh):
        pytest.skip("the pwshim command line cannot run scripts yet (interpreter not landed)")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    with pytest.raises(CredentialUnavailableError) as info:
        AzurePowerShellCredential(process_timeout=30).get_token("https://management.core.windows.net//.default")
    assert 'Please run "Connect-AzAccount" to set up account' in str(info.value)


def _credential_script(tenant: str = "") -> str:
    """The script AzurePowerShellCredential renders (read from azure-identity, not copied)."""
    import base64

    from azure.identity._credentials.azure_powershell import get_command_line

    command = get_command_line(("https://management.core.windows.net//.default",), tenant)[-1]
    return base64.b64decode(command.split()[-1].strip('"')).decode("utf-16-le")


def test_credential_script_through_the_interpreter(session, az_env: Path, emulator) -> None:
    pytest.importorskip("pwshim.parser")
    from azure.identity._credentials.azure_powershell import parse_token

    from pwshim.interpreter import run_script

    from .conftest import new_session

    script = _credential_script()
    result = run_script(script, new_session())
    assert [str(e) for e in result.errors] == ["Run Connect-AzAccount to login."]
    seed = emulator.seed
    run(session, "Connect-AzAccount", ServicePrincipal=True, Tenant=seed["tenant_id"],
        Credential=sp_credential(seed["app"]["app_id"], seed["app"]["secret"]))
    ours = run(session, "Get-AzAccessToken")[0]
    result = run_script(script, new_session())
    assert result.errors == []
    token = parse_token("".join(str(o) for o in result.output))
    assert token.token == ours.Token.reveal() and token.expires_on == ours.ExpiresOn.ToUnixTimeSeconds()
    result = run_script(_credential_script(seed["tenant_id"]), new_session())
    assert parse_token("".join(str(o) for o in result.output)).token == ours.Token.reveal()
