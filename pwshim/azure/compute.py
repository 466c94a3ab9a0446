"""Microsoft.Compute virtual machines over ARM, shaped as Az.Compute shows them.

- Get-AzVM returns `PSVirtualMachine` (one VM) or `PSVirtualMachineList` (the list forms, whose
  table is `ResourceGroupName Name Location VmSize OsType NIC ProvisioningState Zone`).
- Update-AzVM sends what UpdateAzureVMCommand builds: a PUT (VirtualMachines.CreateOrUpdate) of
  the VM's writable parts with the identity replaced when -IdentityType/-IdentityId are bound,
  waits for the long-running operation, and outputs `PSAzureOperationResponse`.
- Failures are `ComputeCloudException`, whose text is Az.Compute's
  GetErrorMessageWithRequestIdInfo (message, ErrorCode/ErrorMessage/ErrorTarget, StatusCode,
  ReasonPhrase, `OperationID : <x-ms-request-id>`).
"""

from __future__ import annotations

import enum
from typing import Any
from urllib.parse import quote

from pwshim.azure.msi import resource_group_of, tags
from pwshim.azure.rest import (
    JsonModel,
    Response,
    RestClient,
    RestError,
    model,
    model_list,
)
from pwshim.runtime.dotnet import dotnet_type
from pwshim.runtime.errors import DotNetException
from pwshim.runtime.objects import Hashtable

API_VERSION = "2024-07-01"
MODELS = "Microsoft.Azure.Management.Compute.Models"
PS_MODELS = "Microsoft.Azure.Commands.Compute.Models"


class ComputeCloudException(DotNetException):
    type_name = "Microsoft.Azure.Commands.Compute.Common.ComputeCloudException"


ResourceIdentityType = enum.IntEnum(  # type: ignore[misc]
    "ResourceIdentityType",
    [("SystemAssigned", 0), ("UserAssigned", 1), ("SystemAssignedUserAssigned", 2), ("None", 3)],
)
dotnet_type(f"{MODELS}.ResourceIdentityType")(ResourceIdentityType)
# The wire names ([EnumMember] values) of ResourceIdentityType.
IDENTITY_WIRE = {
    "SystemAssigned": "SystemAssigned",
    "UserAssigned": "UserAssigned",
    "SystemAssignedUserAssigned": "SystemAssigned, UserAssigned",
    "None": "None",
}


def identity_type_from_wire(text: str) -> Any:
    key = str(text).replace(",", "").replace(" ", "").lower()
    for member in ResourceIdentityType:
        if member.name.lower() == key:
            return member
    return text


@dotnet_type("System.Net.HttpStatusCode")
class HttpStatusCode(enum.IntEnum):
    Continue = 100
    OK = 200
    Created = 201
    Accepted = 202
    NoContent = 204
    BadRequest = 400
    Unauthorized = 401
    Forbidden = 403
    NotFound = 404
    Conflict = 409
    TooManyRequests = 429
    InternalServerError = 500
    ServiceUnavailable = 503


# --- nested models (Microsoft.Azure.Management.Compute.Models) --------------------------------
@dotnet_type(f"{MODELS}.HardwareProfile")
class HardwareProfile(JsonModel):
    json_fields = (("VmSize", "vmSize", None), ("VmSizeProperties", "vmSizeProperties", None))


@dotnet_type(f"{MODELS}.NetworkInterfaceReference")
class NetworkInterfaceReference(JsonModel):
    json_fields = (
        ("Primary", "properties.primary", None),
        ("DeleteOption", "properties.deleteOption", None),
        ("Id", "id", None),
    )


@dotnet_type(f"{MODELS}.NetworkProfile")
class NetworkProfile(JsonModel):
    json_fields = (
        ("NetworkInterfaces", "networkInterfaces", model_list(NetworkInterfaceReference)),
        ("NetworkApiVersion", "networkApiVersion", None),
        ("NetworkInterfaceConfigurations", "networkInterfaceConfigurations", None),
    )


@dotnet_type(f"{MODELS}.LinuxConfiguration")
class LinuxConfiguration(JsonModel):
    json_fields = (
        ("DisablePasswordAuthentication", "disablePasswordAuthentication", None),
        ("Ssh", "ssh", None),
        ("ProvisionVMAgent", "provisionVMAgent", None),
        ("PatchSettings", "patchSettings", None),
        ("EnableVMAgentPlatformUpdates", "enableVMAgentPlatformUpdates", None),
    )


@dotnet_type(f"{MODELS}.WindowsConfiguration")
class WindowsConfiguration(JsonModel):
    json_fields = (
        ("ProvisionVMAgent", "provisionVMAgent", None),
        ("EnableAutomaticUpdates", "enableAutomaticUpdates", None),
        ("TimeZone", "timeZone", None),
        ("PatchSettings", "patchSettings", None),
    )


@dotnet_type(f"{MODELS}.OSProfile")
class OSProfile(JsonModel):
    json_fields = (
        ("ComputerName", "computerName", None),
        ("AdminUsername", "adminUsername", None),
        ("AdminPassword", "adminPassword", None),
        ("CustomData", "customData", None),
        ("WindowsConfiguration", "windowsConfiguration", model(WindowsConfiguration)),
        ("LinuxConfiguration", "linuxConfiguration", model(LinuxConfiguration)),
        ("Secrets", "secrets", list),
        ("AllowExtensionOperations", "allowExtensionOperations", None),
        ("RequireGuestProvisionSignal", "requireGuestProvisionSignal", None),
    )


@dotnet_type(f"{MODELS}.ImageReference")
class ImageReference(JsonModel):
    json_fields = (
        ("Publisher", "publisher", None),
        ("Offer", "offer", None),
        ("Sku", "sku", None),
        ("Version", "version", None),
        ("ExactVersion", "exactVersion", None),
        ("Id", "id", None),
    )


@dotnet_type(f"{MODELS}.ManagedDiskParameters")
class ManagedDisk(JsonModel):
    json_fields = (("StorageAccountType", "storageAccountType", None), ("Id", "id", None))


@dotnet_type(f"{MODELS}.OSDisk")
class OSDisk(JsonModel):
    json_fields = (
        ("OsType", "osType", None),
        ("Name", "name", None),
        ("Caching", "caching", None),
        ("WriteAcceleratorEnabled", "writeAcceleratorEnabled", None),
        ("CreateOption", "createOption", None),
        ("DiskSizeGB", "diskSizeGB", None),
        ("ManagedDisk", "managedDisk", model(ManagedDisk)),
        ("DeleteOption", "deleteOption", None),
    )


@dotnet_type(f"{MODELS}.StorageProfile")
class StorageProfile(JsonModel):
    json_fields = (
        ("ImageReference", "imageReference", model(ImageReference)),
        ("OsDisk", "osDisk", model(OSDisk)),
        ("DataDisks", "dataDisks", list),
        ("DiskControllerType", "diskControllerType", None),
    )


@dotnet_type(f"{PS_MODELS}.PSVirtualMachineIdentityUserAssignedIdentitiesValue")
class UserAssignedIdentityValue(JsonModel):
    json_fields = (("PrincipalId", "principalId", None), ("ClientId", "clientId", None))


def _user_assigned(value: Any) -> Hashtable:
    return Hashtable((k, UserAssignedIdentityValue(v or {})) for k, v in (value or {}).items())


@dotnet_type(f"{PS_MODELS}.PSVirtualMachineIdentity")
class VirtualMachineIdentity(JsonModel):
    json_fields = (
        ("PrincipalId", "principalId", None),
        ("TenantId", "tenantId", None),
        ("Type", "type", identity_type_from_wire),
        ("UserAssignedIdentities", "userAssignedIdentities", _user_assigned),
    )


# --- the VM ---------------------------------------------------------------------------------
@dotnet_type(f"{PS_MODELS}.PSVirtualMachine")
class PSVirtualMachine(JsonModel):
    """Get-AzVM -ResourceGroupName -Name's object (list view of its set properties)."""

    json_fields = (
        ("Id", "id", None),
        ("VmId", "properties.vmId", None),
        ("Name", "name", None),
        ("Type", "type", None),
        ("Location", "location", None),
        ("ExtendedLocation", "extendedLocation", None),
        ("LicenseType", "properties.licenseType", None),
        ("Tags", "tags", tags),
        ("AvailabilitySetReference", "properties.availabilitySet", None),
        ("DiagnosticsProfile", "properties.diagnosticsProfile", None),
        ("Extensions", "resources", list),
        ("HardwareProfile", "properties.hardwareProfile", model(HardwareProfile)),
        ("InstanceView", "properties.instanceView", None),
        ("NetworkProfile", "properties.networkProfile", model(NetworkProfile)),
        ("OSProfile", "properties.osProfile", model(OSProfile)),
        ("Plan", "plan", None),
        ("ProvisioningState", "properties.provisioningState", None),
        ("StorageProfile", "properties.storageProfile", model(StorageProfile)),
        ("Identity", "identity", model(VirtualMachineIdentity)),
        ("Zones", "zones", list),
        ("TimeCreated", "properties.timeCreated", None),
    )
    PS_DEFAULT_PROPERTIES = (
        "ResourceGroupName",
        "Id",
        "VmId",
        "Name",
        "Type",
        "Location",
        "Tags",
        "HardwareProfile",
        "NetworkProfile",
        "OSProfile",
        "ProvisioningState",
        "StorageProfile",
        "Identity",
    )

    def __init__(self, data: Any = None, request_id: str | None = None, status: int = 200) -> None:
        super().__init__(data)
        self._request_id = request_id
        self._status = status

    @property
    def ResourceGroupName(self) -> str | None:
        return resource_group_of(self.Id)

    @property
    def RequestId(self) -> str | None:
        return self._request_id

    @property
    def StatusCode(self) -> Any:
        return _status_enum(self._status)

    def ToString(self) -> str:
        return f"{PS_MODELS}.PSVirtualMachine"


@dotnet_type(f"{PS_MODELS}.PSVirtualMachineList")
class PSVirtualMachineList(PSVirtualMachine):
    """The list forms' object; the table is Az.Compute's PSVirtualMachineList view."""

    PS_FORMAT = "table"  # Az.Compute's format.ps1xml has a table view for it
    PS_DEFAULT_PROPERTIES = (
        "ResourceGroupName",
        "Name",
        "Location",
        "VmSize",
        "OsType",
        "NIC",
        "ProvisioningState",
        "Zone",
    )

    @property
    def VmSize(self) -> str | None:
        hw = self.HardwareProfile
        return hw.VmSize if hw is not None else None

    @property
    def OsType(self) -> str | None:
        sp = self.StorageProfile
        return sp.OsDisk.OsType if sp is not None and sp.OsDisk is not None else None

    @property
    def NIC(self) -> str | None:
        net = self.NetworkProfile
        if net is None or not net.NetworkInterfaces:
            return None
        nic_id = net.NetworkInterfaces[0].Id or ""
        return nic_id.rstrip("/").rsplit("/", 1)[-1] or None

    @property
    def Zone(self) -> str | None:
        return ",".join(self.Zones) if self.Zones else None

    def ToString(self) -> str:
        return f"{PS_MODELS}.PSVirtualMachineList"


@dotnet_type("Microsoft.Azure.Commands.Compute.Models.PSAzureOperationResponse")
class PSAzureOperationResponse:
    """What Update-AzVM (and other Az.Compute writes) output: the final response's status."""

    PS_DEFAULT_PROPERTIES = ("RequestId", "IsSuccessStatusCode", "StatusCode", "ReasonPhrase")

    def __init__(self, response: Response, polled: bool = True) -> None:
        # Microsoft.Rest.ClientRuntime.Azure's long-running-operation result carries no
        # RequestId, so Update-AzVM/New-AzVM print it blank (every Az doc sample); only a
        # -NoWait call (BeginCreateOrUpdate) has the response's x-ms-request-id.
        self._request_id = None if polled else response.request_id
        self._status = response.status
        self._reason = response.reason

    @property
    def RequestId(self) -> str | None:
        return self._request_id

    @property
    def IsSuccessStatusCode(self) -> bool:
        return 200 <= self._status <= 299

    @property
    def StatusCode(self) -> Any:
        return _status_enum(self._status)

    @property
    def ReasonPhrase(self) -> str:
        return self._reason

    def __repr__(self) -> str:
        return f"<PSAzureOperationResponse {self._status} {self._reason}>"


def _status_enum(status: int) -> Any:
    try:
        return HttpStatusCode(status)
    except ValueError:
        return status


# --- REST ------------------------------------------------------------------------------------
def vm_path(subscription_id: str, resource_group: str, name: str) -> str:
    return (
        f"subscriptions/{quote(subscription_id)}/resourceGroups/{quote(resource_group)}"
        f"/providers/Microsoft.Compute/virtualMachines/{quote(name)}"
    )


def get_vm(arm: RestClient, subscription_id: str, resource_group: str, name: str) -> PSVirtualMachine:
    response = arm.send(
        "GET", vm_path(subscription_id, resource_group, name), params={"api-version": API_VERSION}, ok=(200,)
    )
    return PSVirtualMachine(response.body, response.request_id, response.status)


def list_vms(arm: RestClient, subscription_id: str, resource_group: str | None = None) -> list[PSVirtualMachineList]:
    scope = f"subscriptions/{quote(subscription_id)}"
    if resource_group:
        scope += f"/resourceGroups/{quote(resource_group)}"
    items = arm.list(f"{scope}/providers/Microsoft.Compute/virtualMachines", {"api-version": API_VERSION})
    return [PSVirtualMachineList(item) for item in items]


# The VirtualMachine properties UpdateAzureVMCommand copies from -VM into the PUT body.
_WRITABLE_PROPERTIES = (
    "diagnosticsProfile",
    "hardwareProfile",
    "storageProfile",
    "networkProfile",
    "osProfile",
    "billingProfile",
    "securityProfile",
    "availabilitySet",
    "licenseType",
    "proximityPlacementGroup",
    "host",
    "virtualMachineScaleSet",
    "additionalCapabilities",
    "evictionPolicy",
    "priority",
    "capacityReservation",
    "applicationProfile",
    "userData",
)


def identity_body(identity_type: Any, identity_ids: list[str] | None, type_bound: bool, ids_bound: bool,
                  current: VirtualMachineIdentity | None) -> dict[str, Any] | None:
    """The `identity` block UpdateAzureVMCommand sends.

    -IdentityType replaces the identity with `{type}`; -IdentityId then sets
    `userAssignedIdentities` to `{id: {}}` for each id. Unbound, the VM's own identity is
    sent back (type and the user-assigned ids).
    """
    body: dict[str, Any] | None = None
    if current is not None and current.Type is not None:
        ctype = current.Type
        body = {"type": IDENTITY_WIRE.get(getattr(ctype, "name", ""), str(ctype))}
        if current.UserAssignedIdentities:
            body["userAssignedIdentities"] = {k: {} for k in current.UserAssignedIdentities}
    if type_bound:
        name = getattr(identity_type, "name", str(identity_type))
        body = {"type": IDENTITY_WIRE.get(name, name)}
    if ids_bound:
        body = body if body is not None else {}
        body["userAssignedIdentities"] = {str(i): {} for i in identity_ids or []}
    return body


def update_body(vm: PSVirtualMachine, identity: dict[str, Any] | None, tag: Any = None) -> dict[str, Any]:
    """The VirtualMachine UpdateAzureVMCommand PUTs, from the VM object as Get-AzVM returned it."""
    raw = vm.to_json()  # the VM as the script has it now
    props = raw.get("properties") or {}
    body: dict[str, Any] = {"location": vm.Location}
    if raw.get("extendedLocation"):
        body["extendedLocation"] = raw["extendedLocation"]
    tags_value = tag if tag is not None else vm.Tags
    if tags_value is not None:
        body["tags"] = {str(k): str(v) for k, v in dict(tags_value.items()).items()}
    if identity is not None:
        body["identity"] = identity
    if vm.Zones:
        body["zones"] = list(vm.Zones)
    if raw.get("plan"):
        body["plan"] = raw["plan"]
    out_props = {k: props[k] for k in _WRITABLE_PROPERTIES if props.get(k) is not None}
    image = (out_props.get("storageProfile") or {}).get("imageReference")
    if isinstance(image, dict) and image.get("id") is not None:
        image.pop("id")  # Az nulls a gallery image id before the PUT
    body["properties"] = out_props
    return body


def put_vm(arm: RestClient, subscription_id: str, resource_group: str, name: str, body: dict[str, Any]) -> Response:
    """VirtualMachines.CreateOrUpdate, polled to the end (Az without -NoWait)."""
    return arm.begin(
        "PUT", vm_path(subscription_id, resource_group, name), params={"api-version": API_VERSION}, body=body
    )


def compute_error_message(err: RestError) -> str:
    """ComputeCloudException.GetErrorMessageWithRequestIdInfo over a failed call."""
    lines: list[str] = []
    lines.append(str(err))
    body = err.body if isinstance(err.body, dict) else None
    if body is not None:
        error = body.get("error") if isinstance(body.get("error"), dict) else None
        if error is not None:
            lines.append(f"ErrorCode: {error.get('code') or ''}")
            lines.append(f"ErrorMessage: {error.get('message') or ''}")
            lines.append(f"ErrorTarget: {error.get('target') or ''}")
        if body.get("startTime") is not None:
            lines.append(f"StartTime: {body['startTime']}")
        if body.get("endTime") is not None:
            lines.append(f"EndTime: {body['endTime']}")
        op_id = body.get("operationId") or body.get("name")
        if op_id:
            lines.append(f"OperationID: {op_id}")
        if body.get("status"):
            lines.append(f"Status: {body['status']}")
    if err.status != 200:
        lines.append(f"StatusCode: {err.status}")
        lines.append(f"ReasonPhrase: {err.reason}")
        if err.request_id is not None:
            lines.append(f"OperationID : {err.request_id}")
    return "\n".join(lines)
