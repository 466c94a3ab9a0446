"""Connection failures read as .NET's HttpRequestException reads, without Python reprs: a proxy's
refusal (here the loopback guard's 403) keeps its own words, a closed port is "Connection refused
(host:port)". Real sign-ins through real azure-identity credentials."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pwshim.azure.login import connection_failure_text
from pwshim.runtime.errors import PSError

from .conftest import new_session, run, sp_credential

_REPRS = ("OSError(", "('", "HTTPSConnection(", "urllib3", "[Errno", "object at 0x")


def _connect_error(session, emulator, environment: str) -> str:
    seed = emulator.seed
    with pytest.raises(PSError) as info:
        run(session, "Connect-AzAccount", ServicePrincipal=True, Tenant=seed["tenant_id"], Environment=environment,
            Credential=sp_credential(seed["app"]["app_id"], seed["app"]["secret"]))
    message = str(info.value)
    assert not any(r in message for r in _REPRS), message
    assert seed["app"]["secret"] not in message
    return message


def test_proxy_refusal(az_env: Path, emulator, loopback_guard, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PWSHIM_HTTP_TIMEOUT", "5")
    start = time.monotonic()
    message = _connect_error(new_session(), emulator, "AzureCloud")
    assert message == ("ClientSecretCredential authentication failed: Unable to connect to the proxy: Tunnel connection "
                       "failed: 403 Blocked by pwshim loopback guard: login.microsoftonline.com:443 is unreachable; "
                       "requests may not leave 127.0.0.1")
    assert time.monotonic() - start < 30
    assert loopback_guard.clear()  # the guard did refuse (and the refusal is this test's point)


def test_connection_refused(az_env: Path, emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PWSHIM_HTTP_TIMEOUT", "5")
    session = new_session()
    run(session, "Add-AzEnvironment", Name="Closed", ActiveDirectoryAuthority="https://127.0.0.1:9/",
        ResourceManagerEndpoint="https://127.0.0.1:9/")
    message = _connect_error(session, emulator, "Closed")
    assert message == "ClientSecretCredential authentication failed: Connection refused (127.0.0.1:9)"


@pytest.mark.parametrize(("text", "expected"), [
    # urllib3 2.x's words for a failed name lookup and for a refused TLS handshake
    ("HTTPSConnectionPool(host='login.example', port=443): Max retries exceeded with url: /x (Caused by "
     "NameResolutionError(\"<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to resolve 'login.example' "
     "([Errno -2] Name or service not known)\"))",
     "Name or service not known (login.example:443)"),
    ("HTTPSConnectionPool(host='127.0.0.1', port=8443): Max retries exceeded with url: / (Caused by SSLError("
     "SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed "
     "certificate in certificate chain (_ssl.c:1006)')))",
     "The SSL connection could not be established, see inner exception. [SSL: CERTIFICATE_VERIFY_FAILED] "
     "certificate verify failed: self-signed certificate in certificate chain"),
    ("AADSTS7000215: Invalid client secret provided.", None),
])
def test_connection_failure_text(text: str, expected: str | None) -> None:
    assert connection_failure_text(text) == expected
