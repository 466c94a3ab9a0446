"""The emulator as a server: TLS and its CA, persistence, fault injection, the request log,
the loopback guard, the --emulate sandbox and `pwshim emulator serve`."""

from __future__ import annotations

import io
import json
import os
import re
import threading
import time
from pathlib import Path

import pytest
import requests
from azure.identity import ClientSecretCredential, ManagedIdentityCredential
from cryptography import x509

from pwshim.emulator import Emulator, LoopbackGuard, sandbox, serve_main
from pwshim.emulator.emulate import UNSET_VARS, emulated_environ
from tests.emulator.conftest import ARM_SCOPE, GRAPH_SCOPE, entra_kwargs


def test_ca_is_reused_and_server_cert_names_loopback(tmp_path: Path) -> None:
    with Emulator(tmp_path) as first:
        ca = first.ca_path.read_bytes()
        health = requests.get(f"https://localhost:{first.port}/_emulator/health",
                              verify=str(first.ca_path))
        assert health.json()["status"] == "ok"
    start = time.monotonic()
    with Emulator(tmp_path) as second:
        elapsed = time.monotonic() - start
        assert second.ca_path.read_bytes() == ca
        assert requests.get(second.url + "/_emulator/health",
                            verify=str(second.ca_path)).status_code == 200
    assert elapsed < 0.5, f"restart on an existing state folder took {elapsed:.2f}s"
    cert = x509.load_pem_x509_certificate((tmp_path / "server.pem").read_bytes())
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "localhost" in san.get_values_for_type(x509.DNSName)
    assert [str(ip) for ip in san.get_values_for_type(x509.IPAddress)][0] == "127.0.0.1"


def test_untrusted_client_is_refused(emulator: Emulator) -> None:
    """Nothing disables verification: without the CA bundle TLS fails."""
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(emulator.url + "/_emulator/health", verify=True)


def test_state_survives_a_restart(keyed_dir: Path) -> None:
    with Emulator(keyed_dir) as emu:
        secret = emu.seed["app"]["secret"]
        token = ClientSecretCredential(emu.seed["tenant_id"], emu.seed["app"]["app_id"], secret,
                                       connection_verify=str(emu.ca_path),
                                       **entra_kwargs(emu)).get_token(ARM_SCOPE).token
        rid = (f"{emu.url}/subscriptions/{emu.seed['subscription_id']}/resourceGroups/contoso/"
               "providers/Microsoft.ManagedIdentity/userAssignedIdentities/kept"
               "?api-version=2023-01-31")
        made = requests.put(rid, json={"location": "eastus"}, verify=str(emu.ca_path),
                            headers={"Authorization": f"Bearer {token}"}).json()
        port = emu.port
    with Emulator(keyed_dir) as again:
        assert again.port == port  # saved contexts keep their endpoint URLs
        assert again.seed["app"]["secret"] == secret
        kept = again.state.identity(client_id=made["properties"]["clientId"])
        assert kept is not None and kept["name"] == "kept"


def test_log_and_state_never_hold_secrets(keyed_dir: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    with Emulator(keyed_dir) as emu:
        for key, value in emu.env.items():
            monkeypatch.setenv(key, value)
        s = emu.seed
        cred = ClientSecretCredential(s["tenant_id"], s["app"]["app_id"], s["app"]["secret"],
                                      **entra_kwargs(emu))
        arm_token = cred.get_token(ARM_SCOPE).token
        graph_token = cred.get_token(GRAPH_SCOPE).token
        mi_token = ManagedIdentityCredential().get_token(ARM_SCOPE).token
        headers = {"Authorization": f"Bearer {graph_token}"}
        added = requests.post(f"{emu.url}/graph/v1.0/applications/{s['app']['object_id']}"
                              "/addPassword", json={}, headers=headers).json()["secretText"]
        requests.get(f"{emu.url}/subscriptions", headers=headers,
                     params={"api-version": "2021-01-01", "client_secret": "leak-me",
                             "access_token": arm_token})
        log = (keyed_dir / "requests.jsonl").read_text()
        state = (keyed_dir / "state.json").read_text()
        entries = emu.request_log()
    for secret in (s["app"]["secret"], s["app"]["cert_pfx_password"], arm_token, graph_token,
                   mi_token, added, "leak-me"):
        assert secret not in log and secret not in state
    assert any("client_secret=REDACTED" in e["path"] for e in entries)
    assert {"time", "method", "path", "status", "duration_ms"} <= set(entries[0])


def test_admin_endpoint_injects_and_clears_faults(az_env: Path, emulator: Emulator) -> None:
    admin = f"{emulator.url}/_emulator/faults"
    made = requests.post(admin, json={"path": "/tenants", "status": 503, "times": 2,
                                      "retry_after": 7})
    assert made.status_code == 201 and made.json()["times"] == 2
    first = requests.get(f"{emulator.url}/tenants?api-version=2021-01-01")
    assert first.status_code == 503 and first.headers["Retry-After"] == "7"
    assert first.json()["error"]["code"] == "ServiceUnavailable"
    assert requests.get(admin).json()[0]["times"] == 1
    assert requests.delete(admin).status_code == 204
    assert requests.get(admin).json() == []
    assert requests.get(f"{emulator.url}/tenants?api-version=2021-01-01").status_code == 401
    bad = requests.post(admin, json={"path": "/x", "colour": "red"})
    assert bad.status_code == 400
    wrong = requests.post(admin, json={"path": "/x", "status": "429"})
    assert wrong.status_code == 400 and "'status'" in wrong.json()["error"]["message"]


def test_latency_fault(az_env: Path, emulator: Emulator) -> None:
    emulator.inject_fault("/metadata/endpoints", latency=0.3)  # latency only: answers normally
    start = time.monotonic()
    assert requests.get(emulator.metadata_url).status_code == 200
    assert time.monotonic() - start >= 0.3


def test_request_leaving_loopback_fails_at_the_guard(loopback_guard: LoopbackGuard) -> None:
    with pytest.raises(requests.exceptions.ProxyError) as info:
        requests.get("https://example.invalid/", timeout=5)
    assert "Blocked by pwshim loopback guard" in str(info.value)
    plain = requests.get("http://203.0.113.1/metadata", timeout=5)
    assert plain.status_code == 403
    assert loopback_guard.clear() == ["CONNECT example.invalid:443",
                                      "GET http://203.0.113.1/metadata"]


def test_sandbox_for_emulate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_REGIONAL_AUTHORITY_NAME", "westus")
    with sandbox() as (emu, env):
        home = Path(env["HOME"])
        assert emu.state_dir == home / ".pwshim-emulator" and emu.running
        assert env["NO_PROXY"] == "127.0.0.1,localhost,::1"
        assert env["HTTPS_PROXY"] == env["https_proxy"] == emu.guard.url
        full = emulated_environ(env)
        assert "AZURE_REGIONAL_AUTHORITY_NAME" not in full
        assert not set(UNSET_VARS) & set(full)
        for key in list(os.environ):
            monkeypatch.delenv(key)
        for key, value in full.items():
            monkeypatch.setenv(key, value)
        token = ManagedIdentityCredential().get_token(ARM_SCOPE)
        assert token.token
        import urllib.request  # the stdlib client trusts the emulator through SSL_CERT_FILE
        with urllib.request.urlopen(emu.url + "/_emulator/health") as answer:
            assert json.loads(answer.read())["status"] == "ok"
        with pytest.raises(requests.exceptions.ProxyError):
            requests.get("https://login.microsoftonline.com/common/discovery/instance", timeout=5)
        assert emu.guard.attempts == ["CONNECT login.microsoftonline.com:443"]
        assert emu.guard.summary() == ("pwshim: --emulate blocked 1 request(s) that would have "
                                       "left 127.0.0.1: login.microsoftonline.com:443")
    assert not home.exists() and not emu.running


def test_sandbox_keeps_a_given_home(tmp_path: Path) -> None:
    with sandbox(str(tmp_path / "profile")) as (emu, env):
        assert env["HOME"] == str(tmp_path / "profile")
    assert (tmp_path / "profile" / ".pwshim-emulator" / "state.json").exists()


def test_serve_main_prints_exports_and_stops(tmp_path: Path) -> None:
    out, stop = io.StringIO(), threading.Event()
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(
        serve_main(["--state", str(tmp_path / "st")], out=out, stop=stop)))
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while "Ctrl+C" not in out.getvalue() and time.monotonic() < deadline:
            time.sleep(0.02)
        text = out.getvalue()
        url = re.search(r"export AZURE_POD_IDENTITY_AUTHORITY_HOST=(\S+)", text)[1]
        ca = re.search(r"export REQUESTS_CA_BUNDLE=(\S+)", text)[1]
        assert f"export ARM_CLOUD_METADATA_URL='{url}/metadata/endpoints?api-version=" in text
        assert requests.get(url + "/_emulator/health", verify=ca).status_code == 200
        creds = json.loads((tmp_path / "st" / "credentials.json").read_text())
        for app in creds["applications"].values():
            assert app["secret"] not in text and app["cert_pfx_password"] not in text
    finally:
        stop.set()
        thread.join(10)
    assert result == [0]


def test_stopped_emulator_drops_kept_alive_connections(keyed_dir: Path) -> None:
    emu = Emulator(keyed_dir).start()
    with requests.Session() as session:
        url = emu.url + "/_emulator/health"
        assert session.get(url, verify=str(emu.ca_path)).status_code == 200
        emu.stop()
        with pytest.raises(requests.exceptions.ConnectionError):
            session.get(url, verify=str(emu.ca_path), timeout=5)


def test_serve_reports_a_damaged_state_folder(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "state.json").write_text("{not json")
    assert serve_main(["--state", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("pwshim emulator: The emulator state file ") and "damaged" in err
    assert "Traceback" not in err


def test_concurrent_requests(az_env: Path, emulator: Emulator) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def one(_: int) -> int:
        return requests.get(f"{emulator.url}/metadata/identity/oauth2/token",
                            params={"api-version": "2018-02-01",
                                    "resource": "https://management.azure.com/"},
                            headers={"Metadata": "true"}).status_code

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(one, range(24))) == {200}
    assert emulator.errors == []
