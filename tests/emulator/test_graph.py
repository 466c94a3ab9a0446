"""Microsoft Graph: apps and service principals created at runtime sign in at once."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
from azure.identity import CertificateCredential, ClientSecretCredential
from cryptography.hazmat.primitives import serialization

from pwshim.emulator.core import Emulator
from pwshim.emulator.seed import _app_certificate
from tests.emulator.conftest import ARM_SCOPE, GRAPH_SCOPE, entra_kwargs, write_pem


class Graph:
    """A tiny Graph client: requests + a bearer token from a real credential."""

    def __init__(self, emu: Emulator, token: str) -> None:
        self.base = f"{emu.url}/graph/v1.0"
        self.headers = {"Authorization": f"Bearer {token}"}

    def __call__(self, method: str, path: str, body: Any = None,
                 params: dict[str, str] | None = None) -> requests.Response:
        return requests.request(method, self.base + path, json=body, params=params,
                                headers=self.headers)


@pytest.fixture
def graph(emulator_state: Emulator, secret_credential: Callable[..., Any]) -> Graph:
    return Graph(emulator_state, secret_credential().get_token(GRAPH_SCOPE).token)


def new_service_principal(graph: Graph, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    app = graph("POST", "/applications", {"displayName": name})
    assert app.status_code == 201, app.text
    sp = graph("POST", "/servicePrincipals", {"appId": app.json()["appId"]})
    assert sp.status_code == 201, sp.text
    return app.json(), sp.json()


def test_add_password_secret_signs_in_at_once(graph: Graph, emulator_state: Emulator) -> None:
    app, sp = new_service_principal(graph, "ServicePrincipalName")
    assert sp["servicePrincipalType"] == "Application" and sp["appId"] == app["appId"]
    cred = graph("POST", f"/applications/{app['id']}/addPassword",
                 {"passwordCredential": {"displayName": "rbac"}}).json()
    assert cred["hint"] == cred["secretText"][:3] and len(cred["secretText"]) == 40
    tok = ClientSecretCredential(emulator_state.seed["tenant_id"], app["appId"],
                                 cred["secretText"], **entra_kwargs(emulator_state))
    assert tok.get_token(ARM_SCOPE).token
    listed = graph("GET", f"/applications/{app['id']}").json()
    assert listed["passwordCredentials"][0]["secretText"] is None
    assert listed["passwordCredentials"][0]["keyId"] == cred["keyId"]


def test_service_principal_add_password_works_too(graph: Graph, emulator_state: Emulator) -> None:
    app, sp = new_service_principal(graph, "sp-secret")
    cred = graph("POST", f"/servicePrincipals/{sp['id']}/addPassword", {}).json()
    tok = ClientSecretCredential(emulator_state.seed["tenant_id"], app["appId"],
                                 cred["secretText"], **entra_kwargs(emulator_state))
    assert tok.get_token(ARM_SCOPE).token


def test_app_without_service_principal_cannot_sign_in(graph: Graph,
                                                      emulator_state: Emulator) -> None:
    app = graph("POST", "/applications", {"displayName": "lonely"}).json()
    secret = graph("POST", f"/applications/{app['id']}/addPassword", {}).json()["secretText"]
    cred = ClientSecretCredential(emulator_state.seed["tenant_id"], app["appId"], secret,
                                  **entra_kwargs(emulator_state))
    with pytest.raises(Exception, match="AADSTS7000229"):
        cred.get_token(ARM_SCOPE)


def test_key_credentials_register_a_certificate(graph: Graph, emulator_state: Emulator,
                                                tmp_path: Path) -> None:
    app, _ = new_service_principal(graph, "cert-app")
    cert, key = _app_certificate("CN=cert-app", 30)
    der = cert.public_bytes(serialization.Encoding.DER)
    resp = graph("PATCH", f"/applications/{app['id']}", {"keyCredentials": [{
        "type": "AsymmetricX509Cert", "usage": "Verify",
        "key": base64.b64encode(der).decode()}]})
    assert resp.status_code == 204
    kc = graph("GET", f"/applications/{app['id']}").json()["keyCredentials"]
    from pwshim.emulator.tokens import thumbprints
    assert kc[0]["customKeyIdentifier"] == thumbprints(cert)[0] and kc[0]["key"] is None
    pem = write_pem(tmp_path / "cert-app.pem", cert, key)
    cred = CertificateCredential(emulator_state.seed["tenant_id"], app["appId"],
                                 certificate_path=str(pem), **entra_kwargs(emulator_state))
    assert cred.get_token(ARM_SCOPE).token


def test_filters_and_lookups(graph: Graph, emulator_state: Emulator) -> None:
    seed_app = emulator_state.seed["app"]
    by_name = graph("GET", "/applications",
                    params={"$filter": f"displayName eq '{seed_app['display_name']}'"}).json()
    assert [a["appId"] for a in by_name["value"]] == [seed_app["app_id"]]
    assert by_name["@odata.context"].endswith("/graph/v1.0/$metadata#applications")
    sps = graph("GET", "/servicePrincipals",
                params={"$filter": f"appId eq '{seed_app['app_id']}'",
                        "$select": "id,appId"}).json()["value"]
    assert sps == [{"id": seed_app["service_principal_id"], "appId": seed_app["app_id"]}]
    starts = graph("GET", "/servicePrincipals",
                   params={"$filter": "startswith(displayName,'pwshim')"}).json()["value"]
    assert len(starts) == 1
    alt = graph("GET", f"/applications(appId='{seed_app['app_id']}')").json()
    assert alt["id"] == seed_app["object_id"]
    new_service_principal(graph, "second-app")
    page = graph("GET", "/applications", params={"$count": "true", "$top": "1"}).json()
    assert page["@odata.count"] == 2 and len(page["value"]) == 1


def test_graph_errors(graph: Graph, emulator_state: Emulator) -> None:
    missing = graph("GET", "/servicePrincipals/00000000-0000-0000-0000-000000000001")
    err = missing.json()["error"]
    assert missing.status_code == 404 and err["code"] == "Request_ResourceNotFound"
    assert err["message"].startswith("Resource '00000000-0000-0000-0000-000000000001' does not "
                                     "exist")
    bad = graph("GET", "/applications", params={"$filter": "displayName gt 'a'"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "Request_UnsupportedQuery"
    noauth = requests.get(graph.base + "/applications")
    assert noauth.status_code == 401
    assert noauth.json()["error"]["code"] == "InvalidAuthenticationToken"


def test_arm_token_is_not_a_graph_token(emulator_state: Emulator, arm_token: str) -> None:
    resp = Graph(emulator_state, arm_token)("GET", "/applications")
    assert resp.status_code == 401
    assert resp.json()["error"]["message"] == "Access token validation failure. Invalid audience."


def test_delete_service_principal_and_application(graph: Graph) -> None:
    app, sp = new_service_principal(graph, "short-lived")
    assert graph("DELETE", f"/servicePrincipals/{sp['id']}").status_code == 204
    assert graph("GET", f"/servicePrincipals/{sp['id']}").status_code == 404
    assert graph("DELETE", f"/applications/{app['id']}").status_code == 204
    assert graph("GET", f"/applications/{app['id']}").status_code == 404


def test_federated_identity_credentials(graph: Graph, emulator_state: Emulator) -> None:
    app, _ = new_service_principal(graph, "federated-app")
    path = f"/applications/{app['id']}/federatedIdentityCredentials"
    made = graph("POST", path, {"name": "ci", "issuer": "https://ci.example",
                                "subject": "pipeline:1", "audiences": ["api://AzureADTokenExchange"]})
    assert made.status_code == 201 and made.json()["subject"] == "pipeline:1"
    token = emulator_state.federated_token(subject="pipeline:1", issuer="https://ci.example")
    resp = requests.post(f"{emulator_state.url}/{emulator_state.seed['tenant_id']}/oauth2/v2.0/"
                         "token", data={
                             "grant_type": "client_credentials", "client_id": app["appId"],
                             "scope": ARM_SCOPE, "client_assertion": token,
                             "client_assertion_type":
                                 "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"})
    assert resp.status_code == 200, resp.text
    assert [f["name"] for f in graph("GET", path).json()["value"]] == ["ci"]
    assert graph("DELETE", f"{path}/ci").status_code == 204
    assert graph("GET", path).json()["value"] == []


@pytest.mark.parametrize("text, obj, expected", [
    ("displayName eq 'Tom and Jerry'", {"displayName": "tom and jerry"}, True),
    ("displayName eq 'O''Brien'", {"displayName": "O'Brien"}, True),
    ("appId eq 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d and startswith(displayName,'pw')",
     {"appId": "1A2B3C4D-5E6F-4A7B-8C9D-0E1F2A3B4C5D", "displayName": "pwshim"}, True),
    ("servicePrincipalNames/any(c:c eq 'api://x')", {"servicePrincipalNames": ["api://y"]}, False),
    ("accountEnabled eq true", {"accountEnabled": True}, True),
])
def test_filter_subset(text: str, obj: dict[str, Any], expected: bool) -> None:
    from pwshim.emulator.graph import parse_filter
    assert parse_filter(text)(obj) is expected


@pytest.mark.parametrize("text", ["displayName gt 'a'", "displayName eq 'a' or appId eq 'b'",
                                  "displayName eq 'a' and", "contains(displayName,'a')"])
def test_filter_outside_the_subset_is_unsupported(text: str) -> None:
    from pwshim.emulator.graph import parse_filter
    from pwshim.emulator.http import HttpError
    with pytest.raises(HttpError) as info:
        parse_filter(text)
    assert info.value.response.status == 400
