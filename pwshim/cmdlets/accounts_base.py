"""Shared plumbing for the Az.Accounts cmdlets: errors in Az's shape, parameter helpers.

Az cmdlets report failures as ErrorRecord(exception, "", CloseError): the FullyQualifiedErrorId
is the cmdlet's class name (e.g. Microsoft.Azure.Commands.Profile.ConnectAzureRmAccountCommand)
and CategoryInfo reads "CloseError: (:) [Connect-AzAccount], ArgumentException".
"""

from __future__ import annotations

from typing import Any

from pwshim.runtime.cmdlet import Cmdlet, Parameter
from pwshim.runtime.errors import Category, DotNetException, ErrorRecord, PSError

PROFILE_NS = "Microsoft.Azure.Commands.Profile."
MODULE = "Az.Accounts"
_CORRUPT_WARNED = "azure.corrupt_profile_warned"


def param(typ: Any, optional: tuple[str, ...] = (), mandatory: tuple[str, ...] = (), **kw: Any) -> Parameter:
    """A parameter present in `optional` + `mandatory` sets, mandatory in the latter."""
    sets = tuple(optional) + tuple(mandatory)
    return Parameter(typ, sets=sets or None, per_set={s: {"mandatory": True} for s in mandatory}, **kw)


class AzCmdlet(Cmdlet):
    """Base of the Az.Accounts cmdlets: `run()` does the work; exceptions become Az errors."""

    module = MODULE

    def run(self) -> None:
        raise NotImplementedError

    def process(self) -> None:
        self._warn_corrupt_profile()
        try:
            self.run()
        except PSError as err:
            rec = err.record
            if rec.error_id == "":
                rec.error_id = self.noun_verb_class
                rec.fully_qualified_suffix = ""
                rec.command = rec.command or self.invocation_name or self.name
            raise
        except DotNetException as exc:
            raise self.az_error(exc) from exc
        except Exception as exc:  # azure-core / azure-identity errors, never a traceback
            if type(exc).__module__.startswith(("azure.", "msal", "pwshim.azure")):
                from pwshim.azure.login import to_dotnet

                raise self.az_error(to_dotnet(exc)) from None
            raise

    def _warn_corrupt_profile(self) -> None:
        """An unreadable AzureRmContext.json is reported on read too, once per session, as a
        warning naming the file (Az warns when it cannot load the profile and goes on with an
        empty one); the file is left as it is, and a cmdlet that writes it fails as before."""
        from pwshim.azure.profile import state

        st = state(self.session)
        if st.corrupt is not None and not self.session.extensions.get(_CORRUPT_WARNED):
            self.session.extensions[_CORRUPT_WARNED] = True
            self.write_warning(st.corrupt.record.message)

    def az_error(self, exc: DotNetException, category: str = Category.CloseError) -> PSError:
        record = ErrorRecord(exc, self.noun_verb_class, category, fully_qualified_suffix="")
        record.command = self.invocation_name or self.name
        record.span = self.current_span
        return PSError(record)

    # --- shared helpers -------------------------------------------------------------------------
    def scope(self) -> str | None:
        """-Scope, or Process when -DefaultProfile was passed (Az turns autosave off then)."""
        if self.bound.get("DefaultProfile") is not None:
            return "Process"
        value = self.bound.get("Scope")
        return str(value) if value else None
