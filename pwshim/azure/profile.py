"""The Az profile of a session and its files: ~/.Azure/AzureRmContext.json and
AzureRmContextSettings.json (az-accounts-files.md §1, §2, §7).

`state(session)` gives the per-session AzState (loaded once: settings, autosave mode, the
profile from disk when autosave is on). Context-changing cmdlets go through `modify()`, which
under CurrentUser scope does a locked read-modify-write of the file on disk (Az's
AzureRmAutosaveProfile), and under Process scope changes only the in-memory profile.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pwshim.azure import filelock
from pwshim.azure.environments import AzureEnvironment, is_public, public_environments
from pwshim.azure.jsonio import BOM, dumps_compact, dumps_indented, json_text
from pwshim.azure.keystore import KEYSTORE_FILE, KeyStore
from pwshim.azure.models import AzureRmProfile
from pwshim.runtime.errors import (
    Category,
    ErrorRecord,
    PSError,
    PSInvalidOperationException,
)

CONTEXT_FILE = "AzureRmContext.json"
SETTINGS_FILE = "AzureRmContextSettings.json"
CACHE_FILE = "msal.cache.cae"
CURRENT_USER = "CurrentUser"
PROCESS = "Process"
AUTOSAVE_ENV = "AzContextAutoSave"  # AzureRmProfileConstants.ProfileAutoSaveVariable
IMPORT_AUTOSAVE_ENV = "Azure_Profile_Autosave"  # AzureProfileConstants.AzureAutosaveVariable
SESSION_KEY = "azure"

T = TypeVar("T")


def azure_dir(session: Any) -> Path:
    """Path.Combine(UserProfile, ".Azure") -- capital A on Linux too."""
    return Path(session.home) / ".Azure"


def identity_cache_dir(session: Any) -> Path:
    """LocalApplicationData/.IdentityService: $XDG_DATA_HOME or ~/.local/share (§0)."""
    xdg = session.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path(session.home) / ".local" / "share"
    return base / ".IdentityService"


class CorruptProfileError(Exception):
    pass


def corrupt_error(path: Path, detail: str) -> PSError:
    message = (
        f"The Azure PowerShell context file '{path}' is not valid JSON ({detail}). "
        "It was left unchanged. Repair it, or move it away to start with an empty context."
    )
    return PSError(
        ErrorRecord(PSInvalidOperationException(message), "InvalidProfileFile", Category.ReadError, str(path))
    )


def parse_profile(raw: bytes | None, path: Path) -> AzureRmProfile:
    """Bytes of AzureRmContext.json -> profile; empty file = new profile; else CorruptProfileError."""
    if raw is None:
        return AzureRmProfile()
    try:
        text = json_text(raw)
    except UnicodeDecodeError as exc:
        raise CorruptProfileError(f"not UTF-8: {exc.reason}") from None
    if text is None:
        return AzureRmProfile()
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("the document is not a JSON object")  # noqa: TRY004
        return AzureRmProfile.from_json(data)
    except json.JSONDecodeError as exc:
        raise CorruptProfileError(f"{exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except (ValueError, TypeError, AttributeError) as exc:
        raise CorruptProfileError(str(exc)) from None


def render_profile(profile: AzureRmProfile, environ: Any) -> bytes:
    """The exact bytes Az writes: BOM + Newtonsoft indented JSON, no trailing newline (§7)."""
    doc = profile.to_json(is_public=lambda name: is_public(name, environ))
    return BOM + dumps_indented(doc).encode("utf-8")


# --- settings file -------------------------------------------------------------------------------
def _installation_id(session: Any) -> str:
    """Azure CLI's installationId from ~/.azure/azureProfile.json, or a new GUID (§2)."""
    try:
        raw = (Path(session.home) / ".azure" / "azureProfile.json").read_bytes()
        value = json.loads(raw.decode("utf-8-sig")).get("installationId")
        if value:
            return str(value)
    except (OSError, ValueError, AttributeError):
        pass
    return str(uuid.uuid4())


def settings_document(session: Any, mode: str, settings: dict[str, str]) -> dict[str, Any]:
    """ContextAutosaveSettings in declaration order; Process mode nulls the locations."""
    if mode == PROCESS:
        return {
            "Mode": PROCESS,
            "ContextDirectory": None,
            "ContextFile": None,
            "CacheDirectory": None,
            "CacheFile": None,
            "KeyStoreFile": None,
            "Settings": settings,
        }
    return {
        "Mode": CURRENT_USER,
        "ContextDirectory": str(azure_dir(session)),
        "ContextFile": CONTEXT_FILE,
        "CacheDirectory": str(identity_cache_dir(session)),
        "CacheFile": CACHE_FILE,
        "KeyStoreFile": KEYSTORE_FILE,
        "Settings": settings,
    }


_UNREADABLE: dict[str, Any] = {}


def read_settings(session: Any) -> dict[str, Any] | None:
    """The settings document; None when the file is missing; `_UNREADABLE` when it exists but
    is not a JSON object (it is then left alone and the defaults are used in memory)."""
    raw = filelock.read_shared(azure_dir(session) / SETTINGS_FILE)
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8-sig") or "null")
    except (ValueError, UnicodeDecodeError):
        return _UNREADABLE
    return data if isinstance(data, dict) else _UNREADABLE


def write_settings(session: Any, doc: dict[str, Any]) -> None:
    """File.WriteAllText(JsonConvert.SerializeObject(settings)): compact, UTF-8, no BOM."""
    path = azure_dir(session) / SETTINGS_FILE
    data = dumps_compact(doc).encode("utf-8")
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    filelock.replace_file(path, data, 0o600)


# --- the session state --------------------------------------------------------------------------
@dataclass
class AzState:
    session: Any
    mode: str = CURRENT_USER
    profile: AzureRmProfile = field(default_factory=AzureRmProfile)
    settings: dict[str, str] = field(default_factory=dict)
    corrupt: PSError | None = None
    _public: dict[str, AzureEnvironment] | None = None
    _keystores: dict[bool, KeyStore] = field(default_factory=dict)

    @property
    def context_path(self) -> Path:
        return azure_dir(self.session) / CONTEXT_FILE

    def keystore(self, persist: bool | None = None) -> KeyStore:
        persist = self.mode == CURRENT_USER if persist is None else persist
        if persist not in self._keystores:
            self._keystores[persist] = KeyStore(azure_dir(self.session), persist)
        return self._keystores[persist]

    def secret(self, app_id: str, tenant: str | None, name: str) -> str | None:
        """A keystore secret: this session's in-memory store (Process-scope sign-ins) first,
        then ~/.Azure/keystore.cache."""
        return self.keystore(persist=False).get(app_id, tenant, name) or self.keystore(persist=True).get(
            app_id, tenant, name
        )

    # --- environments --------------------------------------------------------------------------
    def public_environments(self) -> dict[str, AzureEnvironment]:
        if self._public is None:
            self._public = public_environments(self.session.environ)
        return self._public

    def environments(self) -> dict[str, AzureEnvironment]:
        """Public (built-in/discovered) clouds then the profile's custom ones."""
        envs = dict(self.public_environments())
        for name, env in self.profile.EnvironmentTable.items():
            if env is not None:
                envs[name] = env
        return envs

    def find_environment(self, name: str) -> AzureEnvironment | None:
        for key, env in self.environments().items():
            if key.lower() == name.lower():
                return env
        return None

    # --- autosave --------------------------------------------------------------------------------
    def autosave(self, scope: str | None) -> bool:
        if scope:
            return scope.lower() == CURRENT_USER.lower()
        return self.mode == CURRENT_USER

    def load_disk_profile(self, strict: bool) -> AzureRmProfile:
        raw = filelock.read_shared(self.context_path)
        try:
            return parse_profile(raw, self.context_path)
        except CorruptProfileError as exc:
            err = corrupt_error(self.context_path, str(exc))
            if strict:
                raise err from None
            self.corrupt = err
            return AzureRmProfile()


def _mode_from(session: Any, settings: dict[str, Any] | None) -> str:
    mode = (settings or {}).get("Mode") or CURRENT_USER
    mode = PROCESS if str(mode).lower() == PROCESS.lower() else CURRENT_USER
    # Azure_Profile_Autosave (checked at module import), then AzContextAutoSave, win over the file.
    for variable in (IMPORT_AUTOSAVE_ENV, AUTOSAVE_ENV):
        override = (session.environ.get(variable) or "").strip().lower()
        if override == "true":
            mode = CURRENT_USER
        elif override == "false":
            mode = PROCESS
    return mode


def state(session: Any) -> AzState:
    """The session's Az state, initialised on first use (AzureSessionInitializer)."""
    st = session.extensions.get(SESSION_KEY)
    if st is not None:
        return st
    st = AzState(session)
    settings = read_settings(session)
    try:
        st.settings = dict((settings or {}).get("Settings") or {})
    except (TypeError, ValueError):
        st.settings = {}
    st.mode = _mode_from(session, settings)
    # First use writes the defaults (autosave on) and adds a missing InstallationId (§2);
    # an unreadable file is kept as it is.
    if settings is not _UNREADABLE and (settings is None or "InstallationId" not in st.settings):
        st.settings["InstallationId"] = _installation_id(session)
        file_mode = PROCESS if settings and str(settings.get("Mode")).lower() == "process" else CURRENT_USER
        try:
            write_settings(session, settings_document(session, file_mode, st.settings))
        except OSError:
            pass  # a read-only home: Az carries on in memory
    if st.mode == CURRENT_USER:
        st.profile = st.load_disk_profile(strict=False)
    session.extensions[SESSION_KEY] = st
    if st.mode == CURRENT_USER and _plaintext_secrets(st.profile):
        modify(session, lambda profile: migrate_secrets(st, profile))
    return st


_LEGACY_SECRETS = ("ServicePrincipalSecret", "CertificatePassword")


def _plaintext_secrets(profile: AzureRmProfile) -> bool:
    return any(
        ctx is not None and ctx.Account is not None and any(k in ctx.Account.ExtendedProperties for k in _LEGACY_SECRETS)
        for ctx in profile.Contexts.values()
    )


def migrate_secrets(st: AzState, profile: AzureRmProfile, persist: bool = True) -> None:
    """AzureRmProfile.MigrateSecretToKeyStore: secrets a <= 2.10.3 file kept in the account's
    ExtendedProperties move to the keystore and out of the JSON (§3)."""
    store = st.keystore(persist=persist)
    for ctx in profile.Contexts.values():
        acct = ctx.Account if ctx is not None else None
        if acct is None:
            continue
        tenant = (ctx.Tenant.Id if ctx.Tenant else None) or ""
        for key in _LEGACY_SECRETS:
            secret = acct.ExtendedProperties.get(key)
            if secret:
                store.set(acct.Id or "", tenant, key, secret)
            if key in acct.ExtendedProperties:
                del acct.ExtendedProperties[key]


def save_profile(st: AzState, profile: AzureRmProfile) -> bool:
    """Write the profile unless the file already has that text (Save's write-skip). Returns
    whether it wrote. The caller holds the lock."""
    data = render_profile(profile, st.session.environ)
    try:
        current = st.context_path.read_bytes()
        if current.decode("utf-8-sig") == data.decode("utf-8-sig"):
            return False
    except (OSError, UnicodeDecodeError):
        pass
    filelock.replace_file(st.context_path, data, 0o600)
    return True


def modify(session: Any, action: Callable[[AzureRmProfile], T], scope: str | None = None) -> T:
    """Run `action` on the profile: on disk under lock (CurrentUser) or in memory (Process).

    A corrupt file on disk is reported (terminating error) and left as it is."""
    st = state(session)
    if not st.autosave(scope):
        return action(st.profile)
    with filelock.locked(st.context_path):
        disk = st.load_disk_profile(strict=True)
        result = action(disk)
        save_profile(st, disk)
    st.profile = disk
    st.corrupt = None
    return result


def reload(session: Any) -> AzState:
    """Forget the session state (tests, Import-Module -Force)."""
    session.extensions.pop(SESSION_KEY, None)
    return state(session)
