"""Microsoft Graph cmdlets of Az.Resources 6+: service principals, their credentials, applications.

New-AzADServicePrincipal -DisplayName does what Az.Resources' custom script
(MSGraph.Autorest/custom/New-AzADServicePrincipal.ps1) does: New-AzADApplication -DisplayName
-StartDate (UtcNow) -EndDate (+1 year), which creates the application and adds a password to
it (New-AzADAppCredential: applications/{id}/addPassword), then creates the service principal
for its AppId and sets `$sp.PasswordCredentials = $app.PasswordCredentials`, so
`$sp.PasswordCredentials.SecretText` reads the new secret. No role is assigned unless -Role.

Error responses are AutoRest records (`[Request_ResourceNotFound] : Resource '...' does not
exist ...`), shown with the service message alone.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from pwshim.azure import graph as g
from pwshim.azure.rest import (
    RestClient,
    RestError,
    TransportError,
    anonymous_target,
    autorest_error,
    graph_client,
    transport_error,
)
from pwshim.runtime.cmdlet import Cmdlet, Parameter, Switch, cmdlet
from pwshim.runtime.errors import Category

MODULE = "Az.Resources"
_CMDLETS = f"{g.MODULE_NAMESPACE}.Cmdlets"


class _GraphCmdlet(Cmdlet):
    DefaultProfile = Parameter(object, aliases=("AzContext", "AzureRmContext", "AzureCredential"))

    def graph(self) -> RestClient:
        client, _context = graph_client(self.session, self.DefaultProfile)
        return client

    def call(self, fn: Callable[[], Any], variant: str, **target: Any) -> Any:
        """Run Graph calls; an error response becomes AutoRest's non-terminating record and
        returns None; a token/connection failure is terminating."""
        try:
            return fn()
        except TransportError as exc:
            raise transport_error(exc, self.invocation_name or self.name) from None
        except RestError as err:
            self.write_error(autorest_error(err, f"{self.name}_{variant}", g.MODULE_NAMESPACE, anonymous_target(**target)))
            return None


def _date(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.astimezone()
    return dt.datetime.fromisoformat(str(value))


def _default_name() -> str:
    # Az.Resources: "azure-powershell-" + (Get-Date -Format "MM-dd-yyyy-HH-mm-ss")
    return "azure-powershell-" + dt.datetime.now().strftime("%m-%d-%Y-%H-%M-%S")


@cmdlet(
    "New-AzADServicePrincipal",
    default_set="SimpleParameterSet",
    should_process=True,
    module=MODULE,
    noun_verb_class=f"{_CMDLETS}.NewAzADServicePrincipal_CreateExpanded",
)
class NewAzADServicePrincipal(_GraphCmdlet):
    """Adds new entity to servicePrincipals."""

    DisplayName = Parameter(str)
    ApplicationId = Parameter(str, aliases=("AppId",), pipeline_by_name=True)
    StartDate = Parameter(object)
    EndDate = Parameter(object)

    def process(self) -> None:
        graph = self.graph()
        if not self.should_process(self.DisplayName or str(self.ApplicationId or ""), "New-AzADServicePrincipal"):
            return
        app_id = self.ApplicationId
        password: list[g.PasswordCredential] | None = None
        if not app_id:
            name = self.DisplayName or _default_name()
            app = self.call(lambda: g.create_application(graph, name), "CreateExpanded", DisplayName=name)
            if app is None:
                return
            start = _date(self.StartDate) or dt.datetime.now(dt.UTC)
            end = _date(self.EndDate) or g.one_year_after(start)
            cred = self.call(
                lambda: g.add_password(graph, "applications", app.Id, start, end),
                "AddExpanded",
                ApplicationId=app.Id,
            )
            password = [cred] if cred is not None else []
            app_id = app.AppId
        sp = self.call(lambda: g.create_service_principal(graph, app_id), "CreateExpanded", AppId=app_id)
        if sp is None:
            return
        if password is not None:
            sp.PasswordCredentials = password
        self.write_object(sp)


def _sp_lookup(cmd: _GraphCmdlet, graph: RestClient, variant: str) -> list[g.ServicePrincipal]:
    """Resolve -ObjectId / -ApplicationId / -DisplayName / -ServicePrincipalName / -InputObject."""
    value = lambda name: getattr(cmd, name, None)
    if value("InputObject") is not None:
        return [value("InputObject")]
    object_id = value("ObjectId")
    if object_id:
        sp = cmd.call(lambda: g.get_service_principal(graph, object_id), variant, ServicePrincipalId=object_id)
        return [sp] if sp is not None else []
    found = cmd.call(
        lambda: g.find_service_principals(
            graph, display_name=value("DisplayName"), app_id=value("ApplicationId"), spn=value("ServicePrincipalName")
        ),
        "List",
    )
    return list(found or [])


@cmdlet(
    "Get-AzADServicePrincipal",
    default_set="EmptyParameterSet",
    module=MODULE,
    noun_verb_class=f"{_CMDLETS}.GetAzADServicePrincipal_List",
)
class GetAzADServicePrincipal(_GraphCmdlet):
    """Lists entities from servicePrincipals or get entity from servicePrincipals by key."""

    ObjectId = Parameter(str, mandatory=True, sets=("ObjectIdParameterSet",), aliases=("Id",), pipeline_by_name=True)
    ApplicationId = Parameter(str, mandatory=True, sets=("ApplicationIdParameterSet",), aliases=("AppId",), pipeline_by_name=True)
    DisplayName = Parameter(str, mandatory=True, sets=("DisplayNameParameterSet",))
    ServicePrincipalName = Parameter(str, mandatory=True, sets=("SPNParameterSet",), aliases=("SPN",))

    def process(self) -> None:
        graph = self.graph()
        variant = "Get" if self.parameter_set == "ObjectIdParameterSet" else "List"
        for sp in _sp_lookup(self, graph, variant):
            self.write_object(sp)


@cmdlet(
    "Remove-AzADServicePrincipal",
    default_set="ObjectIdParameterSet",
    should_process=True,
    module=MODULE,
    noun_verb_class=f"{_CMDLETS}.RemoveAzADServicePrincipal_Delete",
)
class RemoveAzADServicePrincipal(_GraphCmdlet):
    """Deletes entity from service principal."""

    ObjectId = Parameter(str, mandatory=True, sets=("ObjectIdParameterSet",), aliases=("Id",), pipeline_by_name=True)
    ServicePrincipalName = Parameter(str, mandatory=True, sets=("SPNParameterSet",), aliases=("SPN",))
    InputObject = Parameter(g.ServicePrincipal, mandatory=True, pipeline=True, sets=("InputObjectParameterSet",))
    ApplicationId = Parameter(str, mandatory=True, sets=("ApplicationIdParameterSet",), aliases=("AppId",))
    DisplayName = Parameter(str, mandatory=True, sets=("DisplayNameParameterSet",))
    PassThru = Parameter(Switch)

    def process(self) -> None:
        graph = self.graph()
        for sp in _sp_lookup(self, graph, "Get"):
            if not self.should_process(str(sp.Id), "Remove service principal"):
                continue
            done = self.call(
                lambda sp=sp: (g.delete_service_principal(graph, sp.Id), True)[1], "Delete", ServicePrincipalId=sp.Id
            )
            if done and self.PassThru:
                self.write_object(True)


@cmdlet(
    "New-AzADSpCredential",
    default_set="SpObjectIdWithPasswordParameterSet",
    should_process=True,
    module=MODULE,
    noun_verb_class=f"{_CMDLETS}.AddAzADServicePrincipalPassword_AddExpanded",
)
class NewAzADSpCredential(_GraphCmdlet):
    """Creates key credentials or password credentials for an service principal."""

    ObjectId = Parameter(str, mandatory=True, sets=("SpObjectIdWithPasswordParameterSet",), aliases=("ServicePrincipalId", "Id", "ServicePrincipalObjectId"), pipeline_by_name=True)
    ServicePrincipalName = Parameter(str, mandatory=True, sets=("SPNWithPasswordParameterSet",), aliases=("SPN",))
    ServicePrincipalObject = Parameter(g.ServicePrincipal, mandatory=True, pipeline=True, sets=("ServicePrincipalObjectWithPasswordParameterSet",))
    StartDate = Parameter(object)
    EndDate = Parameter(object)

    def process(self) -> None:
        graph = self.graph()
        if self.ServicePrincipalObject is not None:
            sp_id = self.ServicePrincipalObject.Id
        elif self.ServicePrincipalName:
            found = self.call(lambda: g.find_service_principals(graph, spn=self.ServicePrincipalName), "List") or []
            if not found:
                # New-AzADSpCredential.ps1's own Write-Error
                self.write_error(
                    f"service principal with name '{self.ServicePrincipalName}' does not exist.",
                    "Microsoft.PowerShell.Commands.WriteErrorException",
                    Category.NotSpecified,
                )
                return
            sp_id = found[0].Id
        else:
            sp_id = self.ObjectId
        if not self.should_process(str(sp_id), "Add password credential"):
            return
        # The script builds the credential with a client-side KeyId (New-Guid) and only the
        # dates given; Graph defaults the rest (addPassword).
        key_id = str(uuid.uuid4())
        cred = self.call(
            lambda: g.add_password(graph, "servicePrincipals", sp_id, _date(self.StartDate), _date(self.EndDate), key_id=key_id),
            "AddExpanded",
            ServicePrincipalId=sp_id,
        )
        if cred is not None:
            self.write_object(cred)


@cmdlet(
    "Get-AzADApplication",
    default_set="EmptyParameterSet",
    module=MODULE,
    noun_verb_class=f"{_CMDLETS}.GetAzADApplication_List",
)
class GetAzADApplication(_GraphCmdlet):
    """Lists entities from applications or get entity from applications by key."""

    ObjectId = Parameter(str, mandatory=True, sets=("ObjectIdParameterSet",), aliases=("Id",), pipeline_by_name=True)
    ApplicationId = Parameter(str, mandatory=True, sets=("ApplicationIdParameterSet",), aliases=("AppId",), pipeline_by_name=True)
    DisplayName = Parameter(str, mandatory=True, sets=("ApplicationDisplayNameParameterSet",))

    def process(self) -> None:
        graph = self.graph()
        if self.ObjectId:
            app = self.call(lambda: g.get_application(graph, self.ObjectId), "Get", ApplicationId=self.ObjectId)
            apps = [app] if app is not None else []
        else:
            apps = self.call(
                lambda: g.find_applications(graph, display_name=self.DisplayName, app_id=self.ApplicationId), "List"
            ) or []
        for app in apps:
            self.write_object(app)


@cmdlet(
    "New-AzADApplication",
    default_set="ApplicationWithoutCredentialParameterSet",
    should_process=True,
    module=MODULE,
    noun_verb_class=f"{_CMDLETS}.NewAzADApplication_CreateExpanded",
)
class NewAzADApplication(_GraphCmdlet):
    """Adds new entity to applications."""

    DisplayName = Parameter(str, mandatory=True)
    StartDate = Parameter(object, sets=("ApplicationWithPasswordPlainParameterSet",))
    EndDate = Parameter(object, sets=("ApplicationWithPasswordPlainParameterSet",))

    def process(self) -> None:
        graph = self.graph()
        if not self.should_process(self.DisplayName, "New-AzADApplication"):
            return
        app = self.call(lambda: g.create_application(graph, self.DisplayName), "CreateExpanded", DisplayName=self.DisplayName)
        if app is None:
            return
        if "StartDate" in self.bound or "EndDate" in self.bound:
            # New-AzADApplication's ApplicationWithPasswordPlainParameterSet: New-AzADAppCredential
            cred = self.call(
                lambda: g.add_password(graph, "applications", app.Id, _date(self.StartDate), _date(self.EndDate)),
                "AddExpanded",
                ApplicationId=app.Id,
            )
            app.PasswordCredentials = [cred] if cred is not None else []
        self.write_object(app)
