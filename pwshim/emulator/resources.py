"""JSON shapes of the ARM objects the emulator serves, as the real resource providers return them."""

from __future__ import annotations

import uuid
from typing import Any

MSI_TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities"
VM_TYPE = "Microsoft.Compute/virtualMachines"
RG_TYPE = "Microsoft.Resources/resourceGroups"


def rg_id(sub: str, rg: str) -> str:
    return f"/subscriptions/{sub}/resourceGroups/{rg}"


def resource_id(sub: str, rg: str, rtype: str, name: str) -> str:
    return f"{rg_id(sub, rg)}/providers/{rtype}/{name}"


def identity_id(sub: str, rg: str, name: str) -> str:
    # The Microsoft.ManagedIdentity RP answers with a lower-case 'resourcegroups' segment
    # (az identity show / Get-AzUserAssignedIdentity output); ARM ids are case-insensitive.
    return f"/subscriptions/{sub}/resourcegroups/{rg}/providers/{MSI_TYPE}/{name}"


def tenant_json(t: dict[str, Any]) -> dict[str, Any]:
    """Tenant as GET /tenants?api-version=2021-01-01 lists it."""
    return {
        "id": f"/tenants/{t['tenantId']}",
        "tenantId": t["tenantId"],
        "countryCode": t.get("countryCode", "US"),
        "displayName": t["displayName"],
        "domains": list(t.get("domains", [])),
        "tenantCategory": "Home",
        "defaultDomain": t.get("defaultDomain"),
        "tenantType": "AAD",
        "tenantBrandingLogoUrl": None,
    }


def subscription_json(s: dict[str, Any]) -> dict[str, Any]:
    """Subscription as GET /subscriptions?api-version=2021-01-01 lists it."""
    return {
        "id": f"/subscriptions/{s['subscriptionId']}",
        "authorizationSource": "RoleBased",
        "managedByTenants": [],
        "subscriptionId": s["subscriptionId"],
        "tenantId": s["tenantId"],
        "displayName": s["displayName"],
        "state": s.get("state", "Enabled"),
        "subscriptionPolicies": {
            "locationPlacementId": "Public_2014-09-01",
            "quotaId": "PayAsYouGo_2014-09-01",
            "spendingLimit": "Off",
        },
    }


def rg_json(sub: str, name: str, location: str, tags: dict | None = None) -> dict[str, Any]:
    return {
        "id": rg_id(sub, name),
        "name": name,
        "type": RG_TYPE,
        "location": location,
        "tags": dict(tags or {}),
        "properties": {"provisioningState": "Succeeded"},
    }


def identity_json(sub: str, rg: str, name: str, location: str, tenant_id: str,
                  principal_id: str | None = None, client_id: str | None = None,
                  tags: dict | None = None) -> dict[str, Any]:
    """A user-assigned identity (Microsoft.ManagedIdentity 2023-01-31 shape)."""
    return {
        "id": identity_id(sub, rg, name),
        "name": name,
        "type": MSI_TYPE,
        "location": location,
        "tags": dict(tags or {}),
        "properties": {
            "isolationScope": "None",
            "tenantId": tenant_id,
            "principalId": principal_id or str(uuid.uuid4()),
            "clientId": client_id or str(uuid.uuid4()),
        },
    }


def vm_json(sub: str, rg: str, name: str, location: str, vm_id: str | None = None,
            vm_size: str = "Standard_B2s", admin: str = "azureuser") -> dict[str, Any]:
    """A Linux VM (Microsoft.Compute 2024-07-01 shape) without identity."""
    rid = resource_id(sub, rg, VM_TYPE, name)
    disk = f"{name}_OsDisk_1_{uuid.uuid5(uuid.NAMESPACE_URL, rid).hex}"
    return {
        "name": name,
        "id": rid,
        "type": VM_TYPE,
        "location": location,
        "tags": {},
        "properties": {
            "vmId": vm_id or str(uuid.uuid4()),
            "hardwareProfile": {"vmSize": vm_size},
            "storageProfile": {
                "imageReference": {
                    "publisher": "Canonical",
                    "offer": "0001-com-ubuntu-server-jammy",
                    "sku": "22_04-lts-gen2",
                    "version": "latest",
                    "exactVersion": "22.04.202411010",
                },
                "osDisk": {
                    "osType": "Linux",
                    "name": disk,
                    "createOption": "FromImage",
                    "caching": "ReadWrite",
                    "managedDisk": {
                        "storageAccountType": "Premium_LRS",
                        "id": resource_id(sub, rg.upper(), "Microsoft.Compute/disks", disk),
                    },
                    "deleteOption": "Delete",
                    "diskSizeGB": 30,
                },
                "dataDisks": [],
                "diskControllerType": "SCSI",
            },
            "osProfile": {
                "computerName": name,
                "adminUsername": admin,
                "linuxConfiguration": {
                    "disablePasswordAuthentication": True,
                    "provisionVMAgent": True,
                    "patchSettings": {"patchMode": "ImageDefault",
                                      "assessmentMode": "ImageDefault"},
                },
                "secrets": [],
                "allowExtensionOperations": True,
                "requireGuestProvisionSignal": True,
            },
            "networkProfile": {"networkInterfaces": [{
                "id": resource_id(sub, rg, "Microsoft.Network/networkInterfaces", f"{name}-nic"),
                "properties": {"deleteOption": "Detach"}}]},
            "provisioningState": "Succeeded",
            "timeCreated": "2024-11-01T09:00:00.0000000+00:00",
        },
    }
