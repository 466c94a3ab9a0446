"""Faults on the wire: throttling and outages are retried; silence and untrusted servers fail
clearly and in bounded time.

- 429 and 503 with Retry-After on the Entra token endpoint, IMDS and ARM: Connect-AzAccount
  succeeds, the request log shows the fault then the success, and the Retry-After was waited.
- An endpoint that accepts the request and never answers: Connect-AzAccount fails within the
  documented bound (see NEVER_ANSWERS_BOUND) with a PowerShell error, not a hang.
- A server certificate that REQUESTS_CA_BUNDLE does not trust: refused, with the TLS reason.
"""

from __future__ import annotations

import datetime as dt
import re
import os
import time
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from pwshim.formatting import format_error
from pwshim.interpreter import Interpreter
from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session

TOKEN = "/*/oauth2/v2.0/token"
IMDS = "/metadata/identity/oauth2/token"
ARM = "/subscriptions"


def _session() -> Session:
    return Session(host=BufferHost(noninteractive=True), environ=os.environ, noninteractive=True)


def _sp_script(emulator: Any) -> str:
    app = emulator.seed["app"]
    return ("$c = New-Object System.Management.Automation.PSCredential -ArgumentList "
            f"'{app['app_id']}', (ConvertTo-SecureString $env:FAULT_SECRET -AsPlainText -Force); "
            f"Connect-AzAccount -ServicePrincipal -Credential $c -Tenant {emulator.seed['tenant_id']}")


def _connect(emulator: Any, how: str) -> tuple[Any, float]:
    script = "Connect-AzAccount -Identity" if how == "identity" else _sp_script(emulator)
    session = _session()
    start = time.monotonic()
    result = Interpreter(session).run_text(script)
    return (session, result), time.monotonic() - start


def _matching(emulator: Any, pattern: str) -> list[dict[str, Any]]:
    import fnmatch

    out = []
    for e in emulator.request_log():
        path = e["path"].split("?", 1)[0].lower()
        if fnmatch.fnmatchcase(path, pattern.lower()) or path.startswith(pattern.lower()):
            out.append(e)
    return out


@pytest.mark.parametrize("status", [429, 503])
@pytest.mark.parametrize(("endpoint", "how"), [(TOKEN, "sp"), (IMDS, "identity"), (ARM, "identity")],
                         ids=["token", "imds", "arm"])
def test_throttled_and_unavailable_are_retried(az_env: Path, emulator, monkeypatch: pytest.MonkeyPatch,
                                               endpoint: str, how: str, status: int) -> None:
    monkeypatch.setenv("FAULT_SECRET", emulator.seed["app"]["secret"])
    before = len(_matching(emulator, endpoint))
    emulator.inject_fault(endpoint, status=status, times=2, retry_after=1)
    (session, result), elapsed = _connect(emulator, how)
    assert not result.errors, [format_error(e) for e in result.errors]
    assert result.output and result.output[0].Context.Subscription.Name == "My Subscription"
    seen = _matching(emulator, endpoint)[before:]
    statuses = [e["status"] for e in seen]
    assert statuses[:3] == [status, status, 200], statuses
    assert elapsed >= 2.0, "Retry-After: 1 was not waited twice"
    assert elapsed < 30


# --- an endpoint that never answers --------------------------------------------------------------
# pwshim bounds every Azure call, retries included, by PWSHIM_HTTP_TIMEOUT seconds (default 100,
# .NET HttpClient.Timeout's default; pwshim.azure.credentials.http_timeout). Here 2 s; each
# case must fail within BOUND_FACTOR times that plus process overhead.
SILENT_TIMEOUT = 2.0
BOUND = 3 * SILENT_TIMEOUT + 4


@pytest.mark.parametrize(("endpoint", "how"),
                         [(TOKEN, "sp"), (IMDS, "identity"), (ARM, "identity"), ("/tenants", "identity")],
                         ids=["token", "imds", "arm-subscriptions", "arm-tenants"])
def test_endpoint_that_never_answers_fails_in_bounded_time(az_env: Path, emulator, monkeypatch: pytest.MonkeyPatch,
                                                           endpoint: str, how: str) -> None:
    monkeypatch.setenv("FAULT_SECRET", emulator.seed["app"]["secret"])
    monkeypatch.setenv("PWSHIM_HTTP_TIMEOUT", str(SILENT_TIMEOUT))
    emulator.inject_fault(endpoint, latency=120, times=-1)  # accepts, reads, then says nothing
    (session, result), elapsed = _connect(emulator, how)
    emulator.clear_faults()
    assert result.errors, "Connect-AzAccount succeeded against a silent endpoint"
    text = "\n".join(format_error(e) for e in result.errors)
    assert "Traceback" not in text
    if endpoint == TOKEN or endpoint == IMDS:
        assert re.search(r"time(d)? ?out|no response|timeout", text, re.IGNORECASE), text
    else:
        # Az lists tenants/subscriptions best-effort and then reports what it could not find.
        assert "Connect-AzAccount" in text, text
    assert elapsed < BOUND, f"{elapsed:.1f} s"


def test_default_http_timeout_is_dotnet_httpclient_default(monkeypatch: pytest.MonkeyPatch) -> None:
    from pwshim.azure.credentials import http_timeout, transport_kwargs

    monkeypatch.delenv("PWSHIM_HTTP_TIMEOUT", raising=False)
    assert http_timeout() == 100.0
    assert transport_kwargs() == {"connection_timeout": 100.0, "read_timeout": 100.0, "timeout": 100.0}
    monkeypatch.setenv("PWSHIM_HTTP_TIMEOUT", "nonsense")
    assert http_timeout() == 100.0


# --- a server certificate that is not trusted ----------------------------------------------------
def _other_ca(path: Path) -> Path:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Some Other CA")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


@pytest.mark.parametrize("how", ["identity", "sp"])
def test_untrusted_server_certificate_is_refused(az_env: Path, emulator, monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path, how: str) -> None:
    monkeypatch.setenv("FAULT_SECRET", emulator.seed["app"]["secret"])
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(_other_ca(tmp_path / "other-ca.pem")))
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.setenv("PWSHIM_HTTP_TIMEOUT", "10")
    before = len(emulator.request_log())
    (session, result), elapsed = _connect(emulator, how)
    assert result.errors, "signed in through a server whose certificate is not trusted"
    text = "\n".join(format_error(e) for e in result.errors)
    assert "Traceback" not in text
    assert re.search(r"certificate verify failed", text, re.IGNORECASE), text
    # The TLS handshake failed: the emulator never saw a request.
    assert len(emulator.request_log()) == before
    assert not (az_env / ".Azure" / "AzureRmContext.json").exists() or "Contexts" in (
        az_env / ".Azure" / "AzureRmContext.json").read_text("utf-8-sig")
    assert elapsed < 30


def test_untrusted_imds_certificate_is_named(az_env: Path, emulator, monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path) -> None:
    """azure-identity says only "no response from the IMDS endpoint"; the TLS cause is added."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(_other_ca(tmp_path / "other-ca.pem")))
    monkeypatch.setenv("PWSHIM_HTTP_TIMEOUT", "10")
    (session, result), _ = _connect(emulator, "identity")
    text = "\n".join(format_error(e) for e in result.errors)
    assert "no response from the IMDS endpoint. The SSL connection could not be established: " in text, text
    assert "CERTIFICATE_VERIFY_FAILED" in text
