"""The page's Connect-AzAccount blocks, run unchanged as PowerShell text through the interpreter
(skipped until the parser lands). Placeholders (<thumbprint>, $appId...) are set as variables
or substituted the way a reader would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("pwshim.parser")

from pwshim.interpreter import run_script

from .conftest import context_file, new_session

IMPORT_PFX_BLOCK = """\
# Import a PFX
$storeName = [System.Security.Cryptography.X509Certificates.StoreName]::My
$storeLocation = [System.Security.Cryptography.X509Certificates.StoreLocation]::CurrentUser
$store = [System.Security.Cryptography.X509Certificates.X509Store]::new($storeName, $storeLocation)
$certPath = <path to certificate>
$credentials = Get-Credential -Message "Provide PFX private key password"
$flag = [System.Security.Cryptography.X509Certificates.X509KeyStorageFlags]::Exportable
$certificate = [System.Security.Cryptography.X509Certificates.X509Certificate2]::new($certPath, $credentials.Password, $flag)
$store.Open([System.Security.Cryptography.X509Certificates.OpenFlags]::ReadWrite)
$store.Add($Certificate)
$store.Close()
"""


def _table_row(output_text: str) -> list[str]:
    lines = [line for line in output_text.splitlines() if line.strip()]
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["Account", "SubscriptionName"])
    assert lines[header + 1].split() == ["-------", "----------------", "--------", "-----------"]
    return lines[header + 2].split()


def test_system_assigned_block(az_env: Path, emulator) -> None:
    session = new_session()
    result = run_script("Connect-AzAccount -Identity\n", session)
    assert result.errors == []
    assert context_file(az_env).exists()
    from pwshim.formatting import format_objects

    row = _table_row(format_objects(result.output, session))
    assert row[0] == "MSI@50342" and row[-2] == emulator.seed["tenant_id"]


def test_service_principal_secret_block(az_env: Path, emulator) -> None:
    seed = emulator.seed
    session = new_session()
    script = (
        f'$secret = "{seed["app"]["secret"]}"\n'
        f'$appId = "{seed["app"]["app_id"]}"\n'
        f'$tenantId = "{seed["tenant_id"]}"\n'
        "$SecureStringPwd = $secret | ConvertTo-SecureString -AsPlainText -Force\n"
        "$pscredential = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList $appId, $SecureStringPwd\n"
        "Connect-AzAccount -ServicePrincipal -Credential $pscredential -Tenant $tenantId\n"
    )
    result = run_script(script, session)
    assert result.errors == []
    doc = json.loads(context_file(az_env).read_bytes()[3:])
    assert doc["Contexts"][doc["DefaultContextKey"]]["Account"]["Id"] == seed["app"]["app_id"]
    assert seed["app"]["secret"] not in context_file(az_env).read_text("utf-8-sig")


def test_certificate_blocks(az_env: Path, emulator) -> None:
    seed = emulator.seed
    app = seed["app"]
    session = new_session(noninteractive=False, answers=("pfx", app["cert_pfx_password"]))  # User:, Password:
    block = IMPORT_PFX_BLOCK.replace("<path to certificate>", f'"{app["cert_pfx_path"]}"')
    result = run_script(block, session)
    assert result.errors == []
    connect = (
        f'$appId = "{app["app_id"]}"\n$tenantId = "{seed["tenant_id"]}"\n'
        f"Connect-AzAccount -ApplicationId $appId -Tenant $tenantId -CertificateThumbprint {app['cert_thumbprint']}\n"
        f"Connect-AzAccount -ServicePrincipal -ApplicationId $appId -Tenant $tenantId -CertificateThumbprint {app['cert_thumbprint']}\n"
    )
    result = run_script(connect, session)
    assert result.errors == []
    assert [p.Context.Account.Id for p in result.output] == [app["app_id"]] * 2
