"""Get-Credential and the doc's automation block through the `pwshim` command line."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("pwshim.parser")

from .terminal import Terminal  # noqa: E402

CLI = "import sys\nfrom pwshim.cli import main\nsys.exit(main(sys.argv[1:]))"


def test_get_credential_on_a_pty_through_the_cli():
    script = (
        "$c = Get-Credential -Message 'Provide PFX private key password'\n"
        "'USER=' + $c.UserName\n"
        "'LEN=' + $c.GetNetworkCredential().Password.Length"
    )
    term = Terminal([CLI, "-NoProfile", "-Command", script])
    try:
        term.expect(b"User: ")
        term.send(b"alice\r")
        term.expect(b"Password for user alice: ")
        term.send(b"pfx-Secret-7\r")
        term.expect(b"LEN=")
        code = term.finish()
    finally:
        term.close()
    out = term.transcript.decode("utf-8", "replace").replace("\r", "")
    assert code == 0, out
    assert "pfx-Secret-7" not in out
    assert "PowerShell credential request\nProvide PFX private key password\nUser: alice\n" in out
    assert "USER=alice" in out and "LEN=12" in out


def test_noninteractive_get_credential_fails_with_pwsh_text():
    proc = subprocess.run(
        [sys.executable, "-c", CLI, "-NoProfile", "-NonInteractive", "-Command", "Get-Credential"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode != 0
    assert "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available." in (
        proc.stdout + proc.stderr
    )
    assert "Traceback" not in proc.stderr


def test_doc_automation_block_through_the_cli():
    script = (
        "$sp = [pscustomobject]@{ AppId = 'app-1'; PasswordCredentials = [pscustomobject]@{ SecretText = 's3cr3t~X' } }\n"
        "$SecureStringPwd = $sp.PasswordCredentials.SecretText | ConvertTo-SecureString -AsPlainText -Force\n"
        "$pscredential = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList $sp.AppId, $SecureStringPwd\n"
        "$pscredential"
    )
    proc = subprocess.run(
        [sys.executable, "-c", CLI, "-NoProfile", "-Command", script],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        "\nUserName                     Password\n"
        "--------                     --------\n"
        "app-1    System.Security.SecureString\n\n"
    )
    assert "s3cr3t~X" not in proc.stdout + proc.stderr
