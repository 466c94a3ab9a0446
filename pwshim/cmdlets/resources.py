"""ARM resource cmdlets of the doc page: user-assigned identities, VMs, resource groups.

- Az.ManagedServiceIdentity (AutoRest): Get-/New-/Remove-AzUserAssignedIdentity. Error
  responses become non-terminating records `[Code] : Message` shown as the service message
  with the internal variant name (`Get-AzUserAssignedIdentity_Get: The Resource ...`).
- Az.Compute: Get-AzVM, Update-AzVM. Failures are terminating ComputeCloudException records
  (category CloseError) with Az.Compute's multi-line text.
- Az.Resources: Get-/New-AzResourceGroup.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from typing import Any

from pwshim.azure import compute, msi
from pwshim.azure.rest import (
    JsonModel,
    RestClient,
    RestError,
    TransportError,
    anonymous_target,
    arm_client,
    autorest_error,
    subscription_of,
    transport_error,
)
from pwshim.runtime.cmdlet import Cmdlet, Parameter, Switch, cmdlet
from pwshim.runtime.dotnet import dotnet_type
from pwshim.runtime.errors import ArgumentException, Category, ErrorRecord, PSError
from pwshim.runtime.objects import Hashtable

MSI_MODULE = "Az.ManagedServiceIdentity"
COMPUTE_MODULE = "Az.Compute"
RESOURCES_MODULE = "Az.Resources"
_MSI_CMDLETS = f"{msi.MODULE_NAMESPACE}.Cmdlets"


def _call(cmdlet_obj: Cmdlet, fn: Callable[[], Any]) -> Any:
    """Run a REST call; a connection or token failure is a terminating error."""
    try:
        return fn()
    except TransportError as exc:
        raise transport_error(exc, cmdlet_obj.invocation_name or cmdlet_obj.name) from None


class _ArmCmdlet(Cmdlet):
    """Shared plumbing: the ARM client and subscription of the signed-in context."""

    DefaultProfile = Parameter(object, aliases=("AzContext", "AzureRmContext", "AzureCredential"))

    def arm(self) -> tuple[RestClient, str]:
        client, context = arm_client(self.session, self.DefaultProfile)
        return client, subscription_of(context)


def _subscription_in(resource_id: str | None) -> str | None:
    """The subscription id segment of an ARM resource id."""
    parts = str(resource_id or "").strip("/").split("/")
    return parts[1] if len(parts) > 1 and parts[0].lower() == "subscriptions" else None


# --- Az.ManagedServiceIdentity ---------------------------------------------------------------
class _MsiCmdlet(_ArmCmdlet):
    SubscriptionId = Parameter([str])

    def subscriptions(self, default: str) -> list[str]:
        return [str(s) for s in self.SubscriptionId] if self.SubscriptionId else [default]

    def rest_error(self, err: RestError, variant: str, **target: Any) -> None:
        """AutoRest's onDefault: a non-terminating record from the error response."""
        self.write_error(autorest_error(err, f"{self.name}_{variant}", msi.MODULE_NAMESPACE, anonymous_target(**target)))


@cmdlet(
    "Get-AzUserAssignedIdentity",
    default_set="List",
    module=MSI_MODULE,
    noun_verb_class=f"{_MSI_CMDLETS}.GetAzUserAssignedIdentity_List",
)
class GetAzUserAssignedIdentity(_MsiCmdlet):
    """Gets the identity."""

    Name = Parameter(str, mandatory=True, sets=("Get",), aliases=("ResourceName",))
    ResourceGroupName = Parameter(str, mandatory=True, sets=("Get", "List1"))
    InputObject = Parameter(object, mandatory=True, pipeline=True, sets=("GetViaIdentity",))

    def process(self) -> None:
        arm, default_sub = self.arm()
        if self.InputObject is not None:  # the binder may keep the default set for piped input
            rid = str(getattr(self.InputObject, "Id", "") or "")
            rg, name = msi.resource_group_of(rid), getattr(self.InputObject, "Name", None)
            subs = [_subscription_in(rid) or default_sub]
            variant = "GetViaIdentity"
        else:
            rg, name, subs = self.ResourceGroupName, self.Name, self.subscriptions(default_sub)
            variant = self.parameter_set
        for sub in subs:
            try:
                if name is not None:
                    self.write_object(_call(self, lambda sub=sub: msi.get_identity(arm, sub, rg, name)))
                else:
                    for item in _call(self, lambda sub=sub: msi.list_identities(arm, sub, rg)):
                        self.write_object(item)
            except RestError as err:
                target = {"ResourceGroupName": rg, "Name": name, "SubscriptionId": sub} if name else (
                    {"ResourceGroupName": rg, "SubscriptionId": sub} if rg else {"SubscriptionId": sub}
                )
                self.rest_error(err, variant, **target)


@cmdlet(
    "New-AzUserAssignedIdentity",
    default_set="CreateExpanded",
    should_process=True,
    module=MSI_MODULE,
    noun_verb_class=f"{_MSI_CMDLETS}.NewAzUserAssignedIdentity_CreateExpanded",
)
class NewAzUserAssignedIdentity(_MsiCmdlet):
    """Creates or updates an identity in the specified subscription and resource group."""

    Name = Parameter(str, mandatory=True, aliases=("ResourceName",))
    ResourceGroupName = Parameter(str, mandatory=True)
    Location = Parameter(str, mandatory=True)
    Tag = Parameter(Hashtable)

    def process(self) -> None:
        arm, default_sub = self.arm()
        sub = self.subscriptions(default_sub)[0]
        if not self.should_process(f"{self.Name}", "Create or update identity"):
            return
        try:
            tags = dict(self.Tag.items()) if self.Tag else None
            created = _call(
                self, lambda: msi.create_identity(arm, sub, self.ResourceGroupName, self.Name, self.Location, tags)
            )
            self.write_object(created)
        except RestError as err:
            self.rest_error(
                err, "CreateExpanded", ResourceGroupName=self.ResourceGroupName, Name=self.Name, SubscriptionId=sub
            )


@cmdlet(
    "Remove-AzUserAssignedIdentity",
    default_set="Delete",
    should_process=True,
    module=MSI_MODULE,
    noun_verb_class=f"{_MSI_CMDLETS}.RemoveAzUserAssignedIdentity_Delete",
)
class RemoveAzUserAssignedIdentity(_MsiCmdlet):
    """Deletes the identity."""

    Name = Parameter(str, mandatory=True, sets=("Delete",), aliases=("ResourceName",))
    ResourceGroupName = Parameter(str, mandatory=True, sets=("Delete",))
    InputObject = Parameter(object, mandatory=True, pipeline=True, sets=("DeleteViaIdentity",))
    PassThru = Parameter(Switch)

    def process(self) -> None:
        arm, default_sub = self.arm()
        if self.InputObject is not None:
            rid = str(getattr(self.InputObject, "Id", "") or "")
            sub = _subscription_in(rid) or default_sub
            rg, name = msi.resource_group_of(rid), getattr(self.InputObject, "Name", None)
        else:
            sub, rg, name = self.subscriptions(default_sub)[0], self.ResourceGroupName, self.Name
        if not self.should_process(str(name), "Delete identity"):
            return
        try:
            _call(self, lambda: msi.delete_identity(arm, sub, rg, name))
        except RestError as err:
            self.rest_error(err, self.parameter_set, ResourceGroupName=rg, Name=name, SubscriptionId=sub)
            return
        if self.PassThru:
            self.write_object(True)


# --- Az.Compute --------------------------------------------------------------------------------
def _compute_error(cmd: Cmdlet, err: RestError) -> PSError:
    """ComputeClientBaseCmdlet.ExecuteClientAction: CloudException -> ComputeCloudException,
    thrown (terminating), shown as `CloseError: (:) [Get-AzVM], ComputeCloudException`."""
    exc = compute.ComputeCloudException(compute.compute_error_message(err))
    return cmd.throw(ErrorRecord(exc, compute.ComputeCloudException.type_name, Category.CloseError))


def _wildcard(pattern: str | None, value: str | None) -> bool:
    if pattern is None:
        return True
    return fnmatch.fnmatchcase(str(value or "").lower(), pattern.lower())


@cmdlet(
    "Get-AzVM",
    default_set="DefaultParamSet",
    module=COMPUTE_MODULE,
    noun_verb_class="Microsoft.Azure.Commands.Compute.GetAzureVMCommand",
)
class GetAzVM(_ArmCmdlet):
    """Gets the properties of a virtual machine in Azure."""

    ResourceGroupName = Parameter(str, position=0, pipeline_by_name=True, sets=("DefaultParamSet",))
    Name = Parameter(str, position=1, pipeline_by_name=True, sets=("DefaultParamSet",), aliases=("ResourceName", "VMName"))
    Id = Parameter(str, mandatory=True, position=0, pipeline_by_name=True, sets=("GetVirtualMachineById",))
    Location = Parameter(str, sets=("DefaultParamSet",))

    def process(self) -> None:
        arm, sub = self.arm()
        rg, name = self.ResourceGroupName, self.Name
        if self.parameter_set == "GetVirtualMachineById":
            parts = str(self.Id).strip("/").split("/")
            if len(parts) < 8:
                raise self.throw(ArgumentException(f"Invalid format of the resource identifier: {self.Id}"), "ArgumentException", Category.CloseError)
            sub, rg, name = parts[1], parts[3], parts[7]
        try:
            if rg and name and not any(c in name for c in "*?["):
                self.write_object(_call(self, lambda: compute.get_vm(arm, sub, rg, name)))
                return
            vms = _call(self, lambda: compute.list_vms(arm, sub, rg if rg and "*" not in rg else None))
        except RestError as err:
            raise _compute_error(self, err) from None
        for vm in vms:
            if _wildcard(name, vm.Name) and _wildcard(rg, vm.ResourceGroupName) and (
                not self.Location or str(vm.Location).lower() == self.Location.lower()
            ):
                self.write_object(vm)


_RG_SETS = ("ResourceGroupNameParameterSetName", "ExplicitIdentityParameterSet")


@cmdlet(
    "Update-AzVM",
    default_set="ResourceGroupNameParameterSetName",
    should_process=True,
    module=COMPUTE_MODULE,
    noun_verb_class="Microsoft.Azure.Commands.Compute.UpdateAzureVMCommand",
)
class UpdateAzVM(_ArmCmdlet):
    """Updates the state of an Azure virtual machine."""

    ResourceGroupName = Parameter(str, mandatory=True, position=0, pipeline_by_name=True, sets=_RG_SETS)
    Id = Parameter(str, mandatory=True, position=0, pipeline_by_name=True, sets=("IdParameterSetName",))
    VM = Parameter(compute.PSVirtualMachine, mandatory=True, pipeline=True, pipeline_by_name=True, aliases=("VMProfile",))
    Tag = Parameter(Hashtable)
    IdentityType = Parameter(compute.ResourceIdentityType, mandatory=True, sets=("ExplicitIdentityParameterSet",))
    IdentityId = Parameter([str], sets=("ExplicitIdentityParameterSet",))
    NoWait = Parameter(Switch)

    def process(self) -> None:
        vm = self.VM
        if vm is None:
            return
        rg = self.ResourceGroupName
        if self.parameter_set == "IdParameterSetName":
            rg = msi.resource_group_of(self.Id)
        if not self.should_process(str(vm.Name), "Update"):
            return
        arm, sub = self.arm()
        vm_sub = _subscription_in(vm.Id) or sub
        identity = compute.identity_body(
            self.IdentityType, self.IdentityId, "IdentityType" in self.bound, "IdentityId" in self.bound, vm.Identity
        )
        body = compute.update_body(vm, identity, self.Tag)
        try:
            if self.NoWait:
                response = _call(
                    self,
                    lambda: arm.send(
                        "PUT", compute.vm_path(vm_sub, rg, vm.Name), params={"api-version": compute.API_VERSION}, body=body
                    ),
                )
            else:
                response = _call(self, lambda: compute.put_vm(arm, vm_sub, rg, vm.Name, body))
        except RestError as err:
            raise _compute_error(self, err) from None
        self.write_object(compute.PSAzureOperationResponse(response, polled=not self.NoWait))


# --- Az.Resources resource groups ----------------------------------------------------------------
RG_API_VERSION = "2021-04-01"


@dotnet_type("Microsoft.Azure.Commands.ResourceManager.Cmdlets.SdkModels.PSResourceGroup")
class PSResourceGroup(JsonModel):
    json_fields = (
        ("ResourceGroupName", "name", None),
        ("Location", "location", None),
        ("ProvisioningState", "properties.provisioningState", None),
        ("Tags", "tags", msi.tags),
        ("ResourceId", "id", None),
        ("ManagedBy", "managedBy", None),
    )
    PS_DEFAULT_PROPERTIES = ("ResourceGroupName", "Location", "ProvisioningState", "Tags", "ResourceId")

    def ToString(self) -> str:
        return "Microsoft.Azure.Commands.ResourceManager.Cmdlets.SdkModels.PSResourceGroup"


def _rg_path(sub: str, name: str | None = None) -> str:
    return f"subscriptions/{sub}/resourcegroups" + (f"/{name}" if name else "")


@cmdlet(
    "Get-AzResourceGroup",
    default_set="GetByResourceGroupName",
    module=RESOURCES_MODULE,
    noun_verb_class="Microsoft.Azure.Commands.ResourceManager.Cmdlets.Implementation.GetAzureResourceGroupCmdlet",
)
class GetAzResourceGroup(_ArmCmdlet):
    """Gets resource groups."""

    Name = Parameter(str, position=0, pipeline_by_name=True, sets=("GetByResourceGroupName",), aliases=("ResourceGroupName",))
    Location = Parameter(str, position=1, pipeline_by_name=True, sets=("GetByResourceGroupName",))
    Id = Parameter(str, pipeline_by_name=True, sets=("GetByResourceGroupId",), aliases=("ResourceGroupId", "ResourceId"))
    Tag = Parameter(Hashtable)

    def process(self) -> None:
        arm, sub = self.arm()
        name = self.Name
        if self.parameter_set == "GetByResourceGroupId":
            parts = str(self.Id).strip("/").split("/")
            sub, name = parts[1], parts[3] if len(parts) > 3 else None
        try:
            items = _call(self, lambda: arm.list(_rg_path(sub), {"api-version": RG_API_VERSION}))
        except RestError as err:
            raise self.throw(ErrorRecord(_cloud_exc(err), "", Category.CloseError)) from None
        groups = [PSResourceGroup(i) for i in items]
        matched = [g for g in groups if _wildcard(name, g.ResourceGroupName)]
        if self.Location:
            matched = [g for g in matched if str(g.Location).lower() == self.Location.lower()]
        if name and not any(c in name for c in "*?[") and not matched:
            # GetAzureResourceGroupCmdlet: ProjectResources.ResourceGroupDoesntExists
            raise self.throw(
                ArgumentException("Provided resource group does not exist."), "", Category.CloseError
            )
        for group in matched:
            self.write_object(group)


def _cloud_exc(err: RestError) -> Exception:
    from pwshim.runtime.errors import AzPSCloudException

    return AzPSCloudException(str(err))


@cmdlet(
    "New-AzResourceGroup",
    should_process=True,
    module=RESOURCES_MODULE,
    noun_verb_class="Microsoft.Azure.Commands.ResourceManager.Cmdlets.Implementation.NewAzureResourceGroupCmdlet",
)
class NewAzResourceGroup(_ArmCmdlet):
    """Creates an Azure resource group."""

    Name = Parameter(str, mandatory=True, pipeline_by_name=True, aliases=("ResourceGroupName",))
    Location = Parameter(str, mandatory=True, pipeline_by_name=True)
    Tag = Parameter(Hashtable)
    Force = Parameter(Switch)

    def process(self) -> None:
        if not self.should_process(self.Name, "Create"):
            return
        arm, sub = self.arm()
        body: dict[str, Any] = {"location": self.Location}
        if self.Tag:
            body["tags"] = {str(k): str(v) for k, v in self.Tag.items()}
        try:
            response = _call(
                self, lambda: arm.send("PUT", _rg_path(sub, self.Name), params={"api-version": RG_API_VERSION}, body=body, ok=(200, 201))
            )
        except RestError as err:
            raise self.throw(ErrorRecord(_cloud_exc(err), "", Category.CloseError)) from None
        self.write_object(PSResourceGroup(response.body))
