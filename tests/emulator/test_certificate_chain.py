"""The x5c header of certificate client assertions (Connect-AzAccount -SendCertificateChain):
the emulator's request log records, without secrets, whether an assertion carried a chain
and whether the chain's first certificate is the one its x5t names."""

from __future__ import annotations

import base64
import datetime as dt
import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from pwshim.emulator.core import Emulator
from pwshim.emulator.seed import _app_certificate
from pwshim.interpreter import run_script
from pwshim.runtime.host import BufferHost
from pwshim.runtime.session import Session
from tests.emulator.conftest import (
    GRAPH_SCOPE,
    post_assertion,
    rs256_assertion,
    seed_app_key,
    x5c_of,
    x5t_of,
)

TOKEN_PATH_END = "/oauth2/v2.0/token"


def _assertion(emu: Emulator, header: dict[str, Any]) -> str:
    key, _ = seed_app_key(emu)
    app, now = emu.seed["app"], int(time.time())
    return rs256_assertion(key, {
        "aud": f"{emu.url}/{emu.seed['tenant_id']}{TOKEN_PATH_END}", "iss": app["app_id"],
        "sub": app["app_id"], "jti": str(uuid.uuid4()), "nbf": now, "exp": now + 600}, header)


def _assertion_facts(emu: Emulator, since: int) -> list[dict[str, Any]]:
    """The 'assertion' facts of the token requests logged after entry ``since``."""
    return [e["assertion"] for e in emu.request_log()[since:]
            if e["path"].endswith(TOKEN_PATH_END) and "assertion" in e]


def _sha256_x5t(cert: x509.Certificate) -> str:
    return base64.urlsafe_b64encode(cert.fingerprint(hashes.SHA256())).rstrip(b"=").decode()


def test_log_records_the_chain_of_a_posted_assertion(emulator: Emulator) -> None:
    _, cert = seed_app_key(emulator)
    other, _ = _app_certificate("CN=someone-else", 30)
    cases: list[tuple[dict[str, Any], dict[str, Any], int]] = [
        ({"x5t": x5t_of(cert)}, {"x5t": True, "x5c": 0}, 200),
        ({"x5t": x5t_of(cert), "x5c": x5c_of(cert)},
         {"x5t": True, "x5c": 1, "x5c_matches_x5t": True}, 200),
        ({"x5t#S256": _sha256_x5t(cert), "x5c": x5c_of(cert, other)},
         {"x5t": True, "x5c": 2, "x5c_matches_x5t": True}, 200),
        ({"x5t": x5t_of(cert), "x5t#S256": _sha256_x5t(cert), "x5c": x5c_of(cert)},
         {"x5t": True, "x5c": 1, "x5c_matches_x5t": True}, 200),
        ({"x5t": x5t_of(cert), "x5c": x5c_of(other, cert)},   # the leaf must come first
         {"x5t": True, "x5c": 2, "x5c_matches_x5t": False}, 200),
        ({"x5t": x5t_of(cert), "x5c": ["not base64 DER!"]},
         {"x5t": True, "x5c": 1, "x5c_matches_x5t": False}, 200),
        # x5t#S256 picks the key (another, unregistered one): refused, and the leaf (the
        # seed certificate) matches only one of the two thumbprints
        ({"x5t": x5t_of(cert), "x5t#S256": _sha256_x5t(other), "x5c": x5c_of(cert)},
         {"x5t": True, "x5c": 1, "x5c_matches_x5t": False}, 401),
    ]
    for header, facts, status in cases:
        before = len(emulator.request_log())
        resp = post_assertion(emulator, _assertion(emulator, header))
        # The key is chosen by the thumbprint; the chain is recorded, not used.
        assert resp.status_code == status, resp.text
        assert _assertion_facts(emulator, before) == [facts], header
    log = (emulator.state_dir / "requests.jsonl").read_text()
    assert x5c_of(cert)[0][:64] not in log  # facts only, never the certificates themselves


def test_log_records_a_chain_even_when_the_assertion_is_refused(emulator: Emulator) -> None:
    other, _ = _app_certificate("CN=not-registered", 30)
    before = len(emulator.request_log())
    resp = post_assertion(emulator, _assertion(emulator, {"x5t": x5t_of(other),
                                                          "x5c": x5c_of(other)}))
    assert resp.status_code == 401 and resp.json()["error_codes"] == [700027]
    assert _assertion_facts(emulator, before) == [
        {"x5t": True, "x5c": 1, "x5c_matches_x5t": True}]


def _session(**variables: Any) -> Session:
    session = Session(host=BufferHost(noninteractive=True), environ=os.environ,
                      noninteractive=True)
    for name, value in variables.items():
        session.set_variable(name, value)
    return session


CONNECT_WITH_PFX = """\
$password = ConvertTo-SecureString $pfxPassword -AsPlainText -Force
Connect-AzAccount -ServicePrincipal -ApplicationId $appId -Tenant $tenantId `
    -CertificatePath $pfxPath -CertificatePassword $password{chain}
"""


def _connect(emu: Emulator, pfx_path: str, password: str, chain: bool) -> list[dict[str, Any]]:
    """Run Connect-AzAccount (pwshim's cmdlet, real azure-identity) and return the
    assertion facts the emulator logged for the sign-in."""
    s = emu.seed
    session = _session(appId=s["app"]["app_id"], tenantId=s["tenant_id"], pfxPath=pfx_path,
                       pfxPassword=password)
    before = len(emu.request_log())
    script = CONNECT_WITH_PFX.format(chain=" -SendCertificateChain" if chain else "")
    result = run_script(script, session)
    assert result.errors == [], [str(e) for e in result.errors]
    assert [p.Context.Account.Id for p in result.output] == [s["app"]["app_id"]]
    assert password not in session.host.text
    facts = _assertion_facts(emu, before)
    assert facts, "Connect-AzAccount sent no client assertion"
    return facts


def test_connect_with_send_certificate_chain_sends_x5c(az_env: Path, emulator: Emulator) -> None:
    app = emulator.seed["app"]
    facts = _connect(emulator, app["cert_pfx_path"], app["cert_pfx_password"], chain=True)
    # the seed certificate is self-signed: its chain is itself
    assert facts == [{"x5t": True, "x5c": 1, "x5c_matches_x5t": True}] * len(facts)


def test_connect_without_send_certificate_chain_sends_none(az_env: Path,
                                                           emulator: Emulator) -> None:
    app = emulator.seed["app"]
    facts = _connect(emulator, app["cert_pfx_path"], app["cert_pfx_password"], chain=False)
    assert facts == [{"x5t": True, "x5c": 0}] * len(facts)


def _ca_issued_pfx(path: Path, password: str) -> x509.Certificate:
    """A PFX holding a client certificate issued by its own CA, with that CA certificate."""
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)

    def build(subject: str, issuer: x509.Name | None, pub: Any, signer: Any,
              ca: bool) -> x509.Certificate:
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
        builder = (x509.CertificateBuilder().subject_name(name).issuer_name(issuer or name)
                   .public_key(pub).serial_number(x509.random_serial_number())
                   .not_valid_before(now).not_valid_after(now + dt.timedelta(days=30))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), True))
        if not ca:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), False)
        return builder.sign(signer, hashes.SHA256())

    ca_key = rsa.generate_private_key(65537, 2048)
    ca = build("pwshim test issuing CA", None, ca_key.public_key(), ca_key, True)
    leaf_key = rsa.generate_private_key(65537, 2048)
    leaf = build("chained-client", ca.subject, leaf_key.public_key(), ca_key, False)
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"chained", leaf_key, leaf, [ca],
        serialization.BestAvailableEncryption(password.encode())))
    return leaf


def test_connect_sends_a_ca_issued_chain_leaf_first(
        az_env: Path, emulator_state: Emulator, secret_credential: Callable[..., Any],
        monkeypatch: pytest.MonkeyPatch) -> None:
    emu, password = emulator_state, "chain-pfx-" + uuid.uuid4().hex[:8]
    leaf = _ca_issued_pfx(az_env / "chained.pfx", password)
    # register the issued certificate on the seed app, keeping its own (Graph PATCH semantics)
    graph = f"{emu.url}/graph/v1.0/applications/{emu.seed['app']['object_id']}"
    headers = {"Authorization": f"Bearer {secret_credential().get_token(GRAPH_SCOPE).token}"}
    kept = [{"keyId": kc["keyId"]}
            for kc in requests.get(graph, headers=headers).json()["keyCredentials"]]
    der = leaf.public_bytes(serialization.Encoding.DER)
    resp = requests.patch(graph, headers=headers, json={"keyCredentials": kept + [{
        "type": "AsymmetricX509Cert", "usage": "Verify", "key": base64.b64encode(der).decode()}]})
    assert resp.status_code == 204, resp.text

    facts = _connect(emu, str(az_env / "chained.pfx"), password, chain=True)
    assert facts == [{"x5t": True, "x5c": 2, "x5c_matches_x5t": True}] * len(facts)
    # a second profile (the first one's token cache would answer without asking Entra)
    other_home = az_env.parent / "home2"
    other_home.mkdir()
    monkeypatch.setenv("HOME", str(other_home))
    facts = _connect(emu, str(az_env / "chained.pfx"), password, chain=False)
    assert facts == [{"x5t": True, "x5c": 0}] * len(facts)
