"""One HTTP connection pool for a process's Azure calls.

Az.Accounts sends a sign-in's requests (cloud metadata, the token, tenants, subscriptions)
through .NET's shared HttpClient handler, which keeps connections alive between them. pwshim
does the same: every azure-core pipeline built here (environment discovery, ARM listing, the
managed identity credential) gets its own `RequestsTransport` over ONE `requests.Session`,
so a connection (TCP + TLS handshake, CA bundle load) is made once per host, not per call.

The session is set up as azure-core sets up the sessions it owns (environment settings on:
proxies, REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE and .netrc read per request; urllib3's own retries
off, azure-core's RetryPolicy does them), except that it keeps no cookies: a shared jar would
carry one credential's cookies into another's requests. Closing a pipeline closes its
transport, never the shared session.
"""

from __future__ import annotations

import threading
from typing import Any

from pwshim.azure import sdk

_lock = threading.Lock()
_session: Any = None


def shared_session() -> Any:
    """The process's requests.Session, created on first use."""
    global _session
    with _lock:
        if _session is None:
            sdk.load(sdk.CORE)
            from http.cookiejar import DefaultCookiePolicy

            from azure.core.pipeline.transport import RequestsTransport

            owner = RequestsTransport()
            owner.open()  # azure-core's own session set-up (trust_env, adapters without retries)
            session = owner.session
            # No cookie jar across pipelines: one credential's cookies (Entra's fpc,
            # x-ms-gateway-slice) must not ride along on another's requests.
            session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
            _session = session
        return _session


def transport(**connection: Any) -> Any:
    """A RequestsTransport over the shared session. `connection` takes azure-core's connection
    settings (connection_timeout, read_timeout, connection_verify, ...)."""
    session = shared_session()
    from azure.core.pipeline.transport import RequestsTransport

    return RequestsTransport(session=session, session_owner=False, **connection)
