"""Values of Az's argument completers (PSArgumentCompleter / EnvironmentCompleter attributes),
which are not ValidateSets (Az also takes other text, e.g. a resource URL), offered by Tab:

- Get-AzAccessToken -ResourceTypeName: the names pwshim resolves (azure.tokens.RESOURCE_TYPE_NAMES);
- Connect-AzAccount -AuthScope: the names it takes (cmdlets.accounts.AUTH_SCOPES);
- -Environment of an Az.Accounts cmdlet: the environments of the session's profile (public
  clouds, discovered ones such as PwshimEmulator under --emulate, and Add-AzEnvironment's).
"""

from __future__ import annotations

from typing import Any


def _resource_type_names(session: Any) -> list[str]:
    from pwshim.azure.tokens import RESOURCE_TYPE_NAMES

    return list(RESOURCE_TYPE_NAMES)


def _auth_scopes(session: Any) -> list[str]:
    from pwshim.cmdlets.accounts import AUTH_SCOPES

    return list(AUTH_SCOPES)


def environment_names(session: Any) -> list[str]:
    """The environment names Get-AzEnvironment lists. The Az state is read as the toolbar reads
    it: only when this session loaded it or a saved context exists (Tab never writes Az's files);
    otherwise the public clouds (with discovery, as Az's import does)."""
    try:
        from pwshim.azure.environments import public_environments
        from pwshim.azure.profile import CONTEXT_FILE, SESSION_KEY, azure_dir, state

        if session is not None and (SESSION_KEY in session.extensions or (azure_dir(session) / CONTEXT_FILE).exists()):
            names = list(state(session).environments())
        else:
            import os

            names = list(public_environments(getattr(session, "environ", None) or os.environ))
    except Exception:  # noqa: BLE001 - completion never fails the prompt
        return []
    return sorted((n for n in names if n), key=str.lower)


# (cmdlet name, parameter name) -> values; None for the cmdlet: any Az.Accounts cmdlet
_COMPLETERS = {
    ("get-azaccesstoken", "resourcetypename"): _resource_type_names,
    ("connect-azaccount", "authscope"): _auth_scopes,
    (None, "environment"): environment_names,
}


def argument_completer_values(cls: Any, param: Any, session: Any) -> list[str] | None:
    """The completer's values for this cmdlet's parameter, None when it has none."""
    pname = str(getattr(param, "name", "") or "").lower()
    fn = _COMPLETERS.get((str(getattr(cls, "name", "")).lower(), pname))
    if fn is None and getattr(cls, "module", "") == "Az.Accounts":
        fn = _COMPLETERS.get((None, pname))
    return fn(session) if fn is not None else None
