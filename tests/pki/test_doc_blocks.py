"""The doc's certificate-import blocks, run as PowerShell text through the interpreter."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12 as crypto_p12

pytest.importorskip("pwshim.parser")

from pwshim.interpreter import run_script
from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session

from .conftest import openssl, pfx_cryptography, store_dir

SEED = Path("/work/shared/reference/seed-doc-authenticate-noninteractive.txt")
PASSWORD = "P@ssw0rd!"


def _doc_blocks() -> tuple[str, str]:
    """(PowerShell 7 block, Windows PowerShell 5.1 block), verbatim from the doc."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    first = lines.index("# Import a PFX")
    end = next(i for i in range(first, len(lines)) if lines[i].strip() == "$store.Close()")
    second = lines.index("# Import a PFX", end)
    return "\n".join(lines[first : end + 1]), "\n".join(lines[second : second + 3])


def _run(text: str, answers: list[str], cwd: Path):
    session = Session(host=BufferHost(answers), cwd=str(cwd))
    return session, run_script(text, session)


def _assert_store_file(home: Path, thumbprint: str, cert) -> None:
    target = store_dir(home) / f"{thumbprint}.pfx"
    assert [p.name for p in store_dir(home).iterdir()] == [target.name]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    key, loaded, _ = crypto_p12.load_key_and_certificates(target.read_bytes(), None)
    assert key is not None and loaded == cert
    proc = openssl("pkcs12", "-in", str(target), "-passin", "pass:", "-nodes")
    assert proc.returncode == 0 and "BEGIN PRIVATE KEY" in proc.stdout


def test_powershell7_block(tmp_path, certs, pki_home):
    pfx = pfx_cryptography(certs.test, tmp_path / "cert.pfx", PASSWORD.encode())
    block, _ = _doc_blocks()
    assert "<path to certificate>" in block
    script = block.replace("<path to certificate>", f"'{pfx}'")
    session, result = _run(script, ["pfxuser", PASSWORD], tmp_path)
    assert [e.message for e in result.errors] == []
    assert session.host.prompts[-1] == "Password for user pfxuser: "
    assert PASSWORD not in session.host.text
    _assert_store_file(pki_home, certs.test.thumbprint, certs.test.cert)


def test_windows_powershell51_block(tmp_path, certs, pki_home):
    pfx = pfx_cryptography(certs.test, tmp_path / "cert.pfx", PASSWORD.encode())
    _, block = _doc_blocks()
    assert "Import-PfxCertificate" in block
    script = block.replace("<path to certificate>", f"'{pfx}'")
    session, result = _run(script, ["pfxuser", PASSWORD], tmp_path)
    assert [e.message for e in result.errors] == []
    assert [c.Thumbprint for c in result.output] == [certs.test.thumbprint]
    assert PASSWORD not in session.host.text
    _assert_store_file(pki_home, certs.test.thumbprint, certs.test.cert)


def test_local_machine_open_error_surfaces_as_method_exception(tmp_path, pki_home):
    script = (
        "$s = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'LocalMachine')\n"
        "try { $s.Open('ReadWrite') } catch { $_.Exception.Message }"
    )
    _, result = _run(script, [], tmp_path)
    assert result.output == [
        'Exception calling "Open" with "1" argument(s): "Unix LocalMachine X509Stores are read-only for all users."'
    ]


def test_store_and_certificate_members_from_script(tmp_path, certs, pki_home):
    pfx = pfx_cryptography(certs.test, tmp_path / "cert.pfx", b"pw")
    script = (
        f"$c = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new('{pfx}', 'pw')\n"
        "$s = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser')\n"
        "$s.Open('ReadWrite'); $s.Add($c)\n"
        "$found = $s.Certificates.Find('FindByThumbprint', $c.Thumbprint.ToLower(), $false)\n"
        "$found.Count; $found[0].Subject; $found[0].HasPrivateKey; $s.Close()"
    )
    _, result = _run(script, [], tmp_path)
    assert [e.message for e in result.errors] == []
    assert result.output == [1, "CN=test, O=Org, C=US", True]
