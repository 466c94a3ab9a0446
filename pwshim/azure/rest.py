"""ARM and Microsoft Graph over azure-core pipelines, with Az's error shapes.

`RestClient(credential, base_url, scope)` builds one azure-core `PipelineClient` whose policies
are what the Az SDK clients run: a bearer token for the service's scope, retries that honour
`Retry-After` (bounded in count and total time), a user agent, and redirects off. `poll()`
follows a long-running operation (201/202 with `Azure-AsyncOperation` or `Location`) to its end,
as Microsoft.Rest.ClientRuntime.Azure's `GetLongRunningOperationResultAsync` does.

Failures raise `RestError` carrying what Az's exception types print (status, reason phrase,
error code/message/target from the ARM or Graph error JSON, and the request id); the cmdlet
modules turn it into their own Az text (compute.py: ComputeCloudException; msi.py and graph.py:
the AutoRest PowerShell `[Code] : Message` records).

`JsonModel` is the base of the objects the cmdlets return: a typed view over the service JSON
whose .NET members are PascalCase properties (so `$identity.ClientId` resolves) and whose
ToString() is PowerShell's `{Name1, Name2}` for a nested object.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, ClassVar
from urllib.parse import urljoin

from azure.core import PipelineClient
from azure.core.exceptions import AzureError, ClientAuthenticationError
from azure.core.pipeline.policies import (
    BearerTokenCredentialPolicy,
    ContentDecodePolicy,
    HeadersPolicy,
    ProxyPolicy,
    RetryPolicy,
    UserAgentPolicy,
)
from azure.core.rest import HttpRequest, HttpResponse

from pwshim.runtime.errors import (
    AuthenticationFailedException,
    Category,
    DotNetException,
    ErrorRecord,
    PSError,
)

# Az SDK clients use 3 retries with exponential back-off (Microsoft.Rest RetryDelegatingHandler;
# azure-core's default is 10). Retry-After is honoured but capped so a hostile or huge value can
# not stall a script; the whole request (all attempts and sleeps) is bounded in time.
DEFAULT_RETRY_TOTAL = 3
DEFAULT_RETRY_TIMEOUT = 60.0  # seconds for all attempts of one request
DEFAULT_MAX_RETRY_AFTER = 10.0  # seconds, cap on one Retry-After sleep
DEFAULT_LRO_TIMEOUT = 300.0  # seconds to wait for a long-running operation
DEFAULT_LRO_INTERVAL = 1.0  # seconds between polls when the service sends no Retry-After
DEFAULT_REQUEST_TIMEOUT = 100.0  # seconds per attempt: .NET HttpClient.Timeout's default
USER_AGENT = "pwshim/0.1 AzurePowershell/v13.0.0"

_TERMINAL_OK = {"succeeded"}
_TERMINAL_FAILED = {"failed", "canceled", "cancelled"}


@dataclass
class RestError(Exception):
    """A failed ARM/Graph call: what Az's CloudException / RestException carries."""

    status: int
    reason: str
    code: str | None = None
    message: str | None = None
    target: str | None = None
    request_id: str | None = None
    method: str = "GET"
    url: str = ""
    body: Any = None
    lro_status: str | None = None  # set when a long-running operation ended Failed/Canceled
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.message or self.reason)

    def __str__(self) -> str:
        # Microsoft.Rest: "Operation returned an invalid status code '{HttpStatusCode}'"
        return self.message or f"Operation returned an invalid status code '{dotnet_status_name(self.status)}'"


class TransportError(Exception):
    """The service could not be reached, or the token could not be obtained."""

    def __init__(self, message: str, auth: bool = False) -> None:
        super().__init__(message)
        self.auth = auth


@dataclass
class Response:
    """A finished call: status, headers (case-insensitive reads via .header()) and JSON body."""

    status: int
    reason: str
    headers: dict[str, str]
    body: Any
    url: str

    def header(self, name: str) -> str | None:
        low = name.lower()
        for key, value in self.headers.items():
            if key.lower() == low:
                return value
        return None

    @property
    def request_id(self) -> str | None:
        # ARM answers with x-ms-request-id, Microsoft Graph with request-id.
        return self.header("x-ms-request-id") or self.header("request-id")


class _BoundedRetryPolicy(RetryPolicy):
    """azure-core's RetryPolicy with each Retry-After sleep capped (total time is `timeout`)."""

    def __init__(self, max_retry_after: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._max_retry_after = max_retry_after

    def get_retry_after(self, response: Any) -> float | None:
        value = super().get_retry_after(response)
        if value is None:
            return None
        return max(0.0, min(float(value), self._max_retry_after))


def scope_for(resource: str) -> str:
    """The v2 scope of a v1 resource id, as Az builds it: resource + '/.default'.

    ARM's resource `https://management.core.windows.net/` gives the double slash Az sends
    (`https://management.core.windows.net//.default`, az-accounts-files.md §5.3).
    """
    return resource + "/.default" if not resource.endswith("/.default") else resource


class RestClient:
    """One service endpoint (ARM or Graph) with the signed-in credential."""

    def __init__(
        self,
        credential: Any,
        base_url: str,
        scope: str,
        *,
        ca_bundle: str | None = None,
        retry_total: int = DEFAULT_RETRY_TOTAL,
        retry_timeout: float = DEFAULT_RETRY_TIMEOUT,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        retry_backoff: float = 0.8,
        lro_timeout: float = DEFAULT_LRO_TIMEOUT,
        lro_interval: float = DEFAULT_LRO_INTERVAL,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        user_agent: str = USER_AGENT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self.scope = scope
        self.lro_timeout = lro_timeout
        self.lro_interval = lro_interval
        self.max_retry_after = max_retry_after
        self.request_timeout = request_timeout
        self._sleep = sleep
        policies = [
            HeadersPolicy(),
            UserAgentPolicy(base_user_agent=user_agent, user_agent_use_env=False),
            ProxyPolicy(),
            ContentDecodePolicy(),
            _BoundedRetryPolicy(
                max_retry_after,
                retry_total=retry_total,
                timeout=retry_timeout,
                retry_backoff_factor=retry_backoff,
                retry_backoff_max=max_retry_after,
            ),
            # No network-trace logging: it would print Authorization headers and secrets
            # (addPassword answers) when enabled.
            BearerTokenCredentialPolicy(credential, scope),
        ]
        kwargs: dict[str, Any] = {"policies": policies}
        if ca_bundle:
            kwargs["connection_verify"] = ca_bundle
        self._client = PipelineClient(self.base_url, **kwargs)

    # --- plain calls ---------------------------------------------------------------------
    def url(self, path: str) -> str:
        """An absolute URL: `path` relative to the service root, or already absolute."""
        if path.startswith(("https://", "http://")):
            return path
        return urljoin(self.base_url, path.lstrip("/"))

    def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Any = None,
        ok: Iterable[int] = (200, 201, 202, 204),
    ) -> Response:
        """One call (with retries); a status outside `ok` raises RestError."""
        url = self.url(path)
        request = HttpRequest(method, url, params=dict(params or {}), json=body)
        try:
            http = self._client.send_request(
                request, connection_timeout=self.request_timeout, read_timeout=self.request_timeout
            )
        except ClientAuthenticationError as exc:
            raise TransportError(_auth_message(exc), auth=True) from None
        except AzureError as exc:
            raise TransportError(_transport_message(exc, url, self.request_timeout)) from None
        response = _to_response(http)
        if response.status not in set(ok):
            raise error_from(response, method, url)
        return response

    def get(self, path: str, params: Mapping[str, str] | None = None) -> Any:
        return self.send("GET", path, params=params, ok=(200,)).body

    def list(self, path: str, params: Mapping[str, str] | None = None) -> list[Any]:
        """A paged collection: ARM `value`/`nextLink`, Graph `value`/`@odata.nextLink`."""
        items: list[Any] = []
        response = self.send("GET", path, params=params, ok=(200,))
        while True:
            body = response.body or {}
            items.extend(body.get("value", []))
            nxt = body.get("nextLink") or body.get("@odata.nextLink")
            if not nxt:
                return items
            response = self.send("GET", nxt, ok=(200,))

    # --- long-running operations --------------------------------------------------------------
    def begin(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> Response:
        """Start an operation and poll it to the end; returns the final response."""
        initial = self.send(method, path, params=params, body=body)
        return self.poll(initial, method, self.url(path), params)

    def poll(
        self, initial: Response, method: str, url: str, params: Mapping[str, str] | None = None
    ) -> Response:
        """Follow a long-running operation as Microsoft.Rest.ClientRuntime.Azure does.

        - `Azure-AsyncOperation` (on a 200, 201 or 202): GET it until `status` is terminal;
          Failed/Canceled raise with the operation's `error`. Then PUT/PATCH read the resource
          again (final GET on the original URI), POST/DELETE read `Location` when given.
        - `Location` only: GET it until it stops answering 202; its last body is the result.
        - 201 with a non-terminal `provisioningState` and no header: GET the resource until it is.
        """
        # Compute answers a PUT on an existing VM with 200 + Azure-AsyncOperation and a
        # provisioningState of Updating: that is a long-running operation too (the SDK's
        # GetPutOrPatchOperationResultAsync polls any non-terminal state).
        async_url = initial.header("Azure-AsyncOperation")
        location = initial.header("Location") if initial.status in (201, 202) else None
        if not (async_url or location or _pending(initial.body)):
            return initial
        deadline = time.monotonic() + self.lro_timeout
        last = initial
        if async_url:
            while True:
                self._wait(last, deadline)
                last = self.send("GET", async_url, ok=(200, 201, 202))
                status = str((last.body or {}).get("status", "")).lower()
                if status in _TERMINAL_OK:
                    break
                if status in _TERMINAL_FAILED:
                    raise _lro_failure(last, method, url)
            if method.upper() in ("PUT", "PATCH"):
                return self.send("GET", url, params=params, ok=(200,))
            if location:
                return self.send("GET", location, ok=(200, 204))
            return last
        if location:
            while True:
                self._wait(last, deadline)
                last = self.send("GET", location, ok=(200, 201, 202, 204))
                if last.status != 202:
                    if method.upper() in ("PUT", "PATCH") and last.body is None:
                        return self.send("GET", url, params=params, ok=(200,))
                    return last
        while _pending(last.body):
            self._wait(last, deadline)
            last = self.send("GET", url, params=params, ok=(200, 201))
        status = _provisioning_state(last.body)
        if status in _TERMINAL_FAILED:
            raise _lro_failure(last, method, url)
        return last

    def _wait(self, response: Response, deadline: float) -> None:
        delay = self.lro_interval
        retry_after = response.header("Retry-After")
        if retry_after:
            try:
                delay = float(retry_after)
            except ValueError:
                pass
        delay = max(0.0, min(delay, self.max_retry_after))
        if time.monotonic() + delay > deadline:
            raise RestError(
                408,
                "Request Timeout",
                "OperationTimeout",
                "Long running operation did not complete in the time allowed.",
            )
        if delay:
            self._sleep(delay)


def _to_response(http: HttpResponse) -> Response:
    text = http.text() if http.content else ""
    body: Any = None
    if text:
        try:
            body = json.loads(text)
        except ValueError:
            body = text
    reason = http.reason or _reason(http.status_code)
    return Response(http.status_code, reason, dict(http.headers), body, http.request.url)


def dotnet_status_name(status: int) -> str:
    """System.Net.HttpStatusCode's member name: 404 -> 'NotFound'."""
    try:
        return "".join(part.capitalize() for part in HTTPStatus(status).name.split("_"))
    except ValueError:
        return str(status)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def error_from(response: Response, method: str, url: str) -> RestError:
    """ARM `{"error": {code, message, target}}` or Graph `{"error": {code, message}}` -> RestError."""
    code = message = target = None
    body = response.body
    if isinstance(body, dict):
        err = body.get("error") if isinstance(body.get("error"), dict) else body
        code = err.get("code")
        message = err.get("message")
        target = err.get("target")
    return RestError(
        response.status,
        response.reason,
        code,
        message,
        target,
        response.request_id,
        method,
        url,
        body,
        headers=dict(response.headers),
    )


def _lro_failure(response: Response, method: str, url: str) -> RestError:
    # Microsoft.Rest.ClientRuntime.Azure: "Long running operation failed with status '{0}'."
    # (LongRunningOperationFailed), with the operation's error as the CloudException body.
    body = response.body if isinstance(response.body, dict) else {}
    status = body.get("status") or _provisioning_state(body) or "Failed"
    err = body.get("error") or {}
    message = f"Long running operation failed with status '{status}'."
    if err.get("message"):
        message += f" Additional Info:'{err['message']}'"
    return RestError(
        response.status,
        response.reason,
        err.get("code"),
        message,
        err.get("target"),
        response.request_id,
        method,
        url,
        body,
        lro_status=str(status),
        headers=dict(response.headers),
    )


def _provisioning_state(body: Any) -> str | None:
    if isinstance(body, dict):
        props = body.get("properties")
        if isinstance(props, dict) and props.get("provisioningState"):
            return str(props["provisioningState"]).lower()
    return None


def _pending(body: Any) -> bool:
    state = _provisioning_state(body)
    return state is not None and state not in _TERMINAL_OK and state not in _TERMINAL_FAILED


def _auth_message(exc: BaseException) -> str:
    return getattr(exc, "message", None) or str(exc)


def _transport_message(exc: BaseException, url: str, timeout: float) -> str:
    """.NET's HttpClient texts for what went wrong on the wire (what Az prints)."""
    from urllib.parse import urlsplit

    chain: list[BaseException] = []
    node: BaseException | None = exc
    while node is not None and node not in chain:
        chain.append(node)
        node = node.__cause__ or node.__context__ or getattr(node, "inner_exception", None)
    text = " ".join(str(e) for e in chain)
    parts = urlsplit(url)
    endpoint = f"{parts.hostname}:{parts.port or 443}"
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "Connection refused" in text:
        return f"Connection refused ({endpoint})"
    if "timed out" in text.lower() or "timeout" in type(exc).__name__.lower():
        # TaskCanceledException from HttpClient.SendAsync
        return (
            f"The request was canceled due to the configured HttpClient.Timeout of {timeout:g} seconds elapsing."
        )
    if "CERTIFICATE_VERIFY_FAILED" in text or "SSLError" in text:
        return "The SSL connection could not be established, see inner exception."
    return "An error occurred while sending the request."


# --- objects the cmdlets return ----------------------------------------------------------------
_MISSING = object()


class JsonModel:
    """A .NET-like object over service JSON.

    Subclasses list `json_fields` as (PascalName, json path, converter or None); each becomes a
    read/write @property, so the interpreter's member lookup (class attributes starting with a
    capital) finds them. Paths are dotted ("properties.clientId").
    """

    json_fields: ClassVar[tuple[tuple[str, str, Callable[[Any], Any] | None], ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, _path, _conv in cls.json_fields:
            if name not in vars(cls):
                setattr(cls, name, _field_property(name))

    def __init__(self, data: Mapping[str, Any] | None = None, **overrides: Any) -> None:
        self._json: dict[str, Any] = dict(data or {})
        self._values: dict[str, Any] = {}
        for name, path, conv in self.json_fields:
            raw = _dig(self._json, path)
            value = None if raw is None else (conv(raw) if conv else raw)
            self._values[name] = value
        self._values.update(overrides)

    def ToString(self) -> str:
        """PowerShell shows a nested object in a list as the names of its set properties."""
        names = [n for n, _p, _c in self.json_fields if self._values.get(n) is not None]
        return "{" + ", ".join(names) + "}"

    def __str__(self) -> str:
        return self.ToString()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.ToString()}>"

    @property
    def raw(self) -> dict[str, Any]:
        """The JSON the object was built from."""
        return self._json

    def to_json(self) -> dict[str, Any]:
        """The JSON with the object's current values written back (a script may have set
        `$vm.HardwareProfile.VmSize = ...` before Update-AzVM); fields the model does not
        know are kept as the service sent them, None values are left out (as the SDK's
        serializer does)."""
        out = json.loads(json.dumps(self._json, default=str))
        for name, path, _conv in self.json_fields:
            value = _to_wire(self._values.get(name))
            if value is None:
                _drop(out, path)
            else:
                _put(out, path, value)
        return out


def _field_property(name: str) -> property:
    def getter(self: JsonModel) -> Any:
        return self._values.get(name)

    def setter(self: JsonModel, value: Any) -> None:
        self._values[name] = value

    return property(getter, setter)


def _dig(data: Mapping[str, Any], path: str) -> Any:
    node: Any = data
    for part in path.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part, _MISSING)
        if node is _MISSING:
            return None
    return node


def _to_wire(value: Any) -> Any:
    import datetime as dt
    import enum

    if isinstance(value, JsonModel):
        return value.to_json()
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _to_wire(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_to_wire(v) for v in value]
    return value


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    node = data
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[leaf] = value


def _drop(data: dict[str, Any], path: str) -> None:
    *parents, leaf = path.split(".")
    node: Any = data
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            return
    if isinstance(node, dict):
        node.pop(leaf, None)


def model_list(cls: type[JsonModel]) -> Callable[[Any], list[JsonModel]]:
    """A converter for a JSON array of objects."""
    return lambda items: [cls(item) for item in items or []]


def model(cls: type[JsonModel]) -> Callable[[Any], JsonModel]:
    """A converter for a nested JSON object."""
    return lambda item: cls(item)


# --- Az's error records ---------------------------------------------------------------------
class AutoRestException(DotNetException):
    """The System.Exception AutoRest PowerShell modules (Az.ManagedServiceIdentity, Az.Resources'
    MSGraph) raise for an error response: `.Message` is "[Code] : Message" while the record's
    ErrorDetails (what ConciseView prints) is the service message alone."""

    type_name = "System.Exception"

    def __init__(self, code: str | None, message: str) -> None:
        super().__init__(f"[{code}] : {message}" if code else message)
        self.details = message

    def __str__(self) -> str:
        return self.details


def autorest_error(err: RestError, internal_name: str, namespace: str, target: str) -> ErrorRecord:
    """The ErrorRecord a generated AutoRest cmdlet writes from its `onDefault` handler.

    Error id = the service's error code, category InvalidOperation, target = the anonymous
    object of the call's parameters, command = the internal variant (`Get-AzUserAssignedIdentity_Get`)
    that ConciseView shows as the prefix.
    """
    message = str(err)
    record = ErrorRecord(
        AutoRestException(err.code, message),
        err.code or "RestException",
        Category.InvalidOperation,
        target,
        command=internal_name,
        fully_qualified_suffix=f"{namespace}.Cmdlets.{internal_name.replace('-', '')}",
    )
    record.extra["ErrorDetails"] = message
    return record


def anonymous_target(**values: Any) -> str:
    """C#'s anonymous-type ToString: `{ ResourceGroupName = rg, Name = x }`."""
    inner = ", ".join(f"{k} = {'' if v is None else v}" for k, v in values.items())
    return "{ " + inner + " }"


class HttpRequestException(DotNetException):
    type_name = "System.Net.Http.HttpRequestException"


def transport_error(exc: TransportError, command: str | None = None) -> PSError:
    """A token or connection failure, as the Az client surfaces it (terminating)."""
    exc_type = AuthenticationFailedException if exc.auth else HttpRequestException
    category = Category.AuthenticationError if exc.auth else Category.ConnectionError
    record = ErrorRecord(exc_type(str(exc)), exc_type.__name__, category, command=command)
    return PSError(record)


# --- clients for the signed-in context --------------------------------------------------------
# session.extensions["azure.rest.options"] may hold RestClient keyword overrides (retry_total,
# retry_timeout, max_retry_after, lro_interval, lro_timeout) for the whole session.
OPTIONS_KEY = "azure.rest.options"


def _client_for(session: Any, context: Any, base_url: str, scope: str) -> RestClient:
    from pwshim.azure.context import credential_for

    credential = credential_for(session, context)
    cache: dict[tuple[Any, ...], RestClient] = session.extensions.setdefault("azure.rest.clients", {})
    options = dict(session.extensions.get(OPTIONS_KEY) or {})
    # PWSHIM_HTTP_TIMEOUT (credentials.http_timeout) bounds ARM/Graph calls as it bounds tokens.
    from pwshim.azure.credentials import http_timeout

    options.setdefault("request_timeout", http_timeout())
    options.setdefault("retry_timeout", min(DEFAULT_RETRY_TIMEOUT, http_timeout()))
    key = (id(credential), base_url, scope, tuple(sorted(options.items())))
    client = cache.get(key)
    if client is None:
        # No CA bundle of its own: requests reads REQUESTS_CA_BUNDLE, then CURL_CA_BUNDLE, from the
        # environment for every request, exactly as it does for the credential's token requests.
        client = RestClient(credential, base_url, scope, **options)
        cache[key] = client
    return client


def context_for(session: Any, default_profile: Any = None) -> Any:
    """The AzureContext a cmdlet runs with: -DefaultProfile (a PSAzureContext from
    Get-AzContext, or the PSAzureProfile Connect-AzAccount returns) or the default context."""
    from pwshim.azure.context import require_context
    from pwshim.azure.models import AzureContext

    candidate = default_profile
    for _ in range(3):  # PSAzureProfile -> .Context (PSAzureContext) -> .context (AzureContext)
        if isinstance(candidate, AzureContext):
            if candidate.Account is not None and candidate.Account.Id:
                return candidate
            break
        candidate = getattr(candidate, "context", None) or getattr(candidate, "Context", None)
    return require_context(session)


def arm_client(session: Any, default_profile: Any = None) -> tuple[RestClient, Any]:
    """(ARM client, context): ResourceManagerUrl of the context's environment, token for its
    ActiveDirectoryServiceEndpointResourceId (az-accounts-files.md §1.5, §5.3)."""
    from pwshim.azure.arm import arm_scope
    from pwshim.azure.context import arm_url

    context = context_for(session, default_profile)
    return _client_for(session, context, arm_url(context), arm_scope(context.Environment)), context


def graph_client(session: Any, default_profile: Any = None) -> tuple[RestClient, Any]:
    """(Microsoft Graph client, context): the environment's MicrosoftGraphUrl, token for its
    MicrosoftGraphEndpointResourceId (`https://graph.microsoft.com/.default` on AzureCloud)."""
    from pwshim.azure.context import graph_resource, graph_url

    context = context_for(session, default_profile)
    resource = graph_resource(context)
    scope = resource + ".default" if resource.endswith("/") else resource + "/.default"
    return _client_for(session, context, graph_url(context) + "/", scope), context


def subscription_of(context: Any) -> str:
    """The context's subscription id, or Az's error when the context has none."""
    sub = context.Subscription.Id if context.Subscription is not None else None
    if not sub:
        from pwshim.runtime.errors import PSInvalidOperationException
        from pwshim.runtime.errors import error as make_error

        raise make_error(
            PSInvalidOperationException,
            "No subscription found in the context.  Please ensure that the credentials you provided "
            "are authorized to access an Azure subscription, then run Connect-AzAccount to login.",
            "",
            Category.CloseError,
        )
    return sub
