"""Tenant and subscription listing through an azure-core pipeline (RMProfileClient, §5.3).

GET {ResourceManagerUrl}tenants / subscriptions / subscriptions/{id} with api-version
2021-01-01, following `nextLink`; on ARM's InvalidApiVersionParameter the 2016-06-01 client
is used instead (SubscriptionClientProxy). Tokens come from a BearerTokenCredentialPolicy for
the environment's ActiveDirectoryServiceEndpointResourceId + "/.default"; retries from
azure-core's RetryPolicy; CA trust and proxies from the environment (requests transport).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

from pwshim.azure.environments import AzureEnvironment

API_VERSION = "2021-01-01"
FALLBACK_API_VERSION = "2016-06-01"


def scope_for(resource: str) -> str:
    """AuthenticationHelpers.GetScope: resource + "/.default" (a given scope is kept)."""
    return resource if resource.endswith("/.default") else resource + "/.default"


def arm_scope(env: AzureEnvironment) -> str:
    """Az asks for the ActiveDirectoryServiceEndpointResourceId: ".../" + "/.default"."""
    resource = env.ActiveDirectoryServiceEndpointResourceId or "https://management.core.windows.net/"
    return scope_for(resource)


class ArmError(Exception):
    """An ARM error response: code and message as ARM sent them."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


class ArmClient:
    """A minimal ARM client over azure-core (one per credential)."""

    def __init__(self, env: AzureEnvironment, credential: Any) -> None:
        from pwshim.azure import sdk

        sdk.load(sdk.CORE)
        from azure.core import PipelineClient
        from azure.core.pipeline.policies import (
            BearerTokenCredentialPolicy,
            HeadersPolicy,
            NetworkTraceLoggingPolicy,
            RetryPolicy,
            UserAgentPolicy,
        )

        from pwshim.azure.credentials import http_timeout, quiet_sdk_logging
        from pwshim.azure.httppool import transport

        quiet_sdk_logging()
        # Each call (retries included) is bounded like .NET HttpClient.Timeout (credentials.http_timeout).
        self._timeout = http_timeout()
        self.base = (env.ResourceManagerUrl or "https://management.azure.com/").rstrip("/") + "/"
        self.api_version = API_VERSION
        self._client = PipelineClient(
            base_url=self.base,
            policies=[
                HeadersPolicy({"Accept": "application/json"}),
                UserAgentPolicy(base_user_agent="pwshim AzurePowershell/Az.Accounts"),
                RetryPolicy(timeout=self._timeout),
                BearerTokenCredentialPolicy(credential, arm_scope(env)),
                NetworkTraceLoggingPolicy(),
            ],
            transport=transport(),
        )

    def close(self) -> None:
        self._client.close()

    def _get(self, url: str) -> dict[str, Any]:
        from azure.core.rest import HttpRequest

        response = self._client.send_request(
            HttpRequest("GET", url), connection_timeout=self._timeout, read_timeout=self._timeout
        )
        try:
            body = response.json() if response.content else {}
        except ValueError:
            body = {}
        if response.status_code >= 400:
            err = (body or {}).get("error") or {}
            raise ArmError(response.status_code, err.get("code") or str(response.status_code), err.get("message") or response.text())
        return body

    def _paged(self, path: str) -> Iterator[dict[str, Any]]:
        url: str | None = f"{urljoin(self.base, path)}?api-version={self.api_version}"
        while url:
            try:
                page = self._get(url)
            except ArmError as exc:
                if exc.code == "InvalidApiVersionParameter" and self.api_version != FALLBACK_API_VERSION:
                    self.api_version = FALLBACK_API_VERSION
                    url = f"{urljoin(self.base, path)}?api-version={self.api_version}"
                    continue
                raise
            yield from page.get("value") or []
            url = page.get("nextLink")

    def tenants(self) -> list[dict[str, Any]]:
        return list(self._paged("tenants"))

    def subscriptions(self) -> list[dict[str, Any]]:
        return list(self._paged("subscriptions"))

    def subscription(self, subscription_id: str) -> dict[str, Any] | None:
        url = f"{urljoin(self.base, 'subscriptions/' + subscription_id)}?api-version={self.api_version}"
        try:
            return self._get(url)
        except ArmError as exc:
            if exc.status == 404 or exc.code in ("SubscriptionNotFound", "InvalidSubscriptionId"):
                return None
            raise

    def __enter__(self) -> ArmClient:  # noqa: PYI034
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
