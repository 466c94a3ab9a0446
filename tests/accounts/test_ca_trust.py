"""ARM calls (rest.py) and token requests (azure-core's requests transport) trust the same CA
bundle: requests' own rules, REQUESTS_CA_BUNDLE then CURL_CA_BUNDLE; SSL_CERT_FILE is not one of
them, for either."""

from __future__ import annotations

from pathlib import Path

import certifi
import pytest

from .conftest import new_session, run


def test_arm_calls_follow_curl_ca_bundle_like_tokens(az_env: Path, emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.setenv("CURL_CA_BUNDLE", str(emulator.ca_path))
    monkeypatch.setenv("SSL_CERT_FILE", certifi.where())  # public roots only: not the emulator's CA
    session = new_session()
    run(session, "Connect-AzAccount", Identity=True)  # token requests through CURL_CA_BUNDLE
    names = [g.ResourceGroupName for g in run(session, "Get-AzResourceGroup")]  # ARM through rest.py
    assert "myResourceGroup" in names
    listed = [e for e in emulator.request_log() if e["path"].startswith("/subscriptions/") and "resourcegroups" in e["path"].lower()]
    assert listed  # the listing reached the emulator
