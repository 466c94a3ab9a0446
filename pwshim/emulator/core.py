"""The Emulator object: one loopback HTTPS port serving IMDS, Entra, ARM and Graph.

See notes/common.md "The emulator contract" for the public API.
"""

from __future__ import annotations

import copy
import sys
import threading
import time
import traceback
import uuid
from pathlib import Path
from typing import Any

from pwshim.emulator import admin, arm, arm_resources, entra, graph, imds, tls
from pwshim.emulator import seed as seedmod
from pwshim.emulator.faults import Fault, Faults, RequestLog
from pwshim.emulator.http import (
    HttpError,
    Request,
    Response,
    Router,
    TlsServer,
    json_response,
)
from pwshim.emulator.state import State
from pwshim.emulator.tokens import TokenIssuer, sign_jwt

#: ARM metadata api-version the env points Az.Accounts / Azure CLI at.
METADATA_API_VERSION = "2022-09-01"
#: The port a state folder was last served on (reused when free).
PORT_FILE = "last-port"


class Emulator:
    """A loopback Azure: ``Emulator(state_dir).start()``, or use it as a context manager."""

    def __init__(self, state_dir: str | Path, port: int = 0,
                 seed_path: str | Path | None = None) -> None:
        self.state_dir = Path(state_dir)
        self.port = port
        self._seed_path = Path(seed_path) if seed_path else None
        self.ca_path = self.state_dir / tls.CA_FILE
        self.faults = Faults()
        #: Status polls answered InProgress before an ARM long-running operation succeeds.
        self.lro_polls = 1
        #: Retry-After (seconds) sent with ARM long-running operations.
        self.lro_retry_after = 1
        #: Unexpected handler exceptions (each also answered with a 500).
        self.errors: list[str] = []
        self.operations: dict[str, dict[str, Any]] = {}
        #: The sandbox's LoopbackGuard when started by sandbox() (else None).
        self.guard: Any = None
        self._server: TlsServer | None = None
        self._thread: threading.Thread | None = None
        self._seed_info: dict[str, Any] | None = None

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> Emulator:
        """Create or load the state folder and serve on 127.0.0.1 in a background thread."""
        if self._server is not None:
            return self
        self.state_dir.mkdir(parents=True, exist_ok=True)
        files = tls.ensure_tls(self.state_dir)
        self.ca_path = files.ca_path
        self.issuer = TokenIssuer(self.state_dir)
        seed = seedmod.load_seed(self._seed_path)
        self.state = State.load(self.state_dir) or seedmod.create_state(self.state_dir, seed)
        self._seed_info = seedmod.seed_info(self.state_dir, seed)
        self.log = RequestLog(self.state_dir)
        self.router = Router()
        for module in (imds, entra, arm, arm_resources, graph, admin):
            module.register(self.router, self)
        self._server = self._listen(tls.server_context(files))
        self.port = self._server.server_address[1]
        (self.state_dir / PORT_FILE).write_text(str(self.port), encoding="ascii")
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        name=f"pwshim-emulator-{self.port}", daemon=True)
        self._thread.start()
        return self

    def _listen(self, context: Any) -> TlsServer:
        """Bind the given port; with port 0, first try the port this state folder used last
        time, so saved contexts (AzureRmContext.json keeps endpoint URLs) stay valid."""
        if self.port == 0:
            try:
                last = int((self.state_dir / PORT_FILE).read_text(encoding="ascii"))
                return TlsServer(last, context, self.dispatch, self.log.write)
            except (OSError, ValueError):
                pass
        return TlsServer(self.port, context, self.dispatch, self.log.write)

    def stop(self) -> None:
        """Stop serving (the state folder stays)."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._server.close_connections()
        if self._thread:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._server is not None

    # -- what clients need ---------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/metadata/endpoints?api-version={METADATA_API_VERSION}"

    @property
    def env(self) -> dict[str, str]:
        """Environment variables that point Az.Accounts, Azure CLI and azure-identity here."""
        return {
            "ARM_CLOUD_METADATA_URL": self.metadata_url,
            "REQUESTS_CA_BUNDLE": str(self.ca_path),
            "AZURE_POD_IDENTITY_AUTHORITY_HOST": self.url,
        }

    @property
    def seed(self) -> dict[str, Any]:
        """Ids and credentials of the seeded tenant, subscription, app, VM and identity."""
        if self._seed_info is None:
            raise RuntimeError("the emulator is not started")
        return self._seed_info

    @property
    def graph_url(self) -> str:
        return f"{self.url}/graph/"

    def federated_token(self, subject: str | None = None, issuer: str | None = None,
                        audience: str = "api://AzureADTokenExchange",
                        lifetime: int = 600) -> str:
        """A workload-identity token (what GitHub Actions and other OIDC providers hand out)
        that the emulator's Entra accepts as a federated client assertion; defaults match
        the seed app's federated credential."""
        app = self.seed["app"]
        now = int(time.time())
        claims = {"iss": issuer or app["federated_issuer"],
                  "sub": subject or app["federated_subject"], "aud": audience,
                  "iat": now, "nbf": now, "exp": now + lifetime, "jti": str(uuid.uuid4())}
        return sign_jwt(claims, self.issuer.key, {"kid": self.issuer.kid})

    # -- fault injection -----------------------------------------------------------------
    def inject_fault(self, path: str, status: int | None = None, times: int = 1,
                     retry_after: float | None = None, latency: float = 0.0,
                     invalid_client: bool = False, method: str | None = None) -> Fault:
        """Answer the next ``times`` requests whose path starts with (or globs) ``path``
        with ``status`` (and Retry-After), after ``latency`` seconds, or with invalid_client."""
        return self.faults.add(Fault(path, status, times, retry_after, latency,
                                     invalid_client, method))

    def clear_faults(self) -> None:
        self.faults.clear()

    def snapshot(self) -> dict[str, Any]:
        """A deep copy of the ARM/Graph state, for ``restore`` (test isolation)."""
        with self.state.lock:
            return copy.deepcopy(self.state.data)

    def restore(self, snap: dict[str, Any]) -> None:
        """Put back a ``snapshot`` (and persist it)."""
        with self.state.lock:
            self.state.data = copy.deepcopy(snap)
            self.state.save()

    def request_log(self) -> list[dict[str, Any]]:
        """The request log entries so far (redacted; see faults.RequestLog)."""
        return self.log.entries()

    # -- dispatch ------------------------------------------------------------------------
    def dispatch(self, req: Request) -> Response:
        resp = self._dispatch(req)
        # Services stamp every answer with request ids (Az shows them in -Debug output).
        rid = str(uuid.uuid4())
        resp.headers.setdefault("x-ms-request-id", rid)
        resp.headers.setdefault("x-ms-correlation-request-id",
                                req.header("x-ms-correlation-request-id") or rid)
        if req.header("x-ms-client-request-id"):
            resp.headers.setdefault("x-ms-client-request-id",
                                    req.header("x-ms-client-request-id") or "")
        return resp

    def _dispatch(self, req: Request) -> Response:
        route, known = self.router.match(req)
        area = route.area if route else area_of(req.path)
        fault = self.faults.take(req) if not req.path.startswith("/_emulator") else None
        if fault is not None:
            if fault.latency > 0:
                time.sleep(fault.latency)
            injected = self._fault_response(fault, area, req)
            if injected is not None:
                return injected
        if route is None:
            return not_found(self, req, area, known)
        try:
            return route.handler(req)
        except HttpError as exc:
            return exc.response
        except Exception:  # noqa: BLE001 - answer 500 like a failing service; keep the detail
            self.errors.append(traceback.format_exc())
            print(f"pwshim emulator: internal error on {req.method} {req.path}",
                  file=sys.stderr)
            return json_response(500, {"error": {"code": "InternalServerError",
                                                 "message": "The emulator failed."}},
                                 error="InternalServerError")

    def _fault_response(self, fault: Fault, area: str, req: Request) -> Response | None:
        if fault.invalid_client:
            client_id = req.form().get("client_id") if req.method == "POST" else None
            return entra.invalid_client_secret(self, client_id or req.q("client_id") or "")
        if fault.status is None:
            return None
        headers = {}
        if fault.retry_after is not None:
            ra = fault.retry_after
            headers["Retry-After"] = str(int(ra)) if float(ra).is_integer() else str(ra)
        code = {429: "TooManyRequests", 503: "ServiceUnavailable"}.get(fault.status, "Injected")
        msg = f"pwshim emulator: injected {fault.status}."
        if area in ("entra", "imds"):
            body: Any = {"error": "temporarily_unavailable", "error_description": msg}
        else:
            body = {"error": {"code": code, "message": msg}}
        return json_response(fault.status, body, headers, error=f"injected-{fault.status}")


def area_of(path: str) -> str:
    low = path.lower()
    if low.startswith("/graph/"):
        return "graph"
    if low.startswith(("/metadata/identity", "/metadata/instance")):
        return "imds"
    if low.startswith(("/subscriptions", "/tenants", "/metadata", "/providers")):
        return "arm"
    if low.startswith("/_emulator"):
        return "admin"
    return "entra"


def not_found(emu: Emulator, req: Request, area: str, known: bool) -> Response:
    """Unknown path or method, answered in the dialect of the service it would belong to."""
    if area == "graph":
        return graph.error(405 if known else 400, "Request_BadRequest",
                           "Specified HTTP method is not allowed for the request uri."
                           if known else f"Resource not found for the segment "
                           f"'{req.path.rstrip('/').rsplit('/', 1)[-1]}'.")
    if area == "arm":
        return arm.unknown_path(req, known)
    if area == "imds":
        return json_response(404, {"error": "not_found",
                                   "error_description": "The requested path was not found."})
    return json_response(404, {"error": "not_found",
                               "error_description": f"No endpoint at {req.path}."})
