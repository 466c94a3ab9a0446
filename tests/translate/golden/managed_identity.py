"""Translated from managed_identity.ps1 by pwshim convert."""

from pwshim.api import (
    connect_az_account,
    get_az_user_assigned_identity,
    get_az_vm,
    update_az_vm,
)
from pwshim.translate import rt

identity = get_az_user_assigned_identity(resource_group_name="myResourceGroup", name="myUserAssignedIdentity")
rt.emit(update_az_vm(pipeline_input=get_az_vm(resource_group_name="contoso", name="testvm"), identity_type="UserAssigned", identity_id=identity.id))
rt.emit(connect_az_account(identity=True, account_id=identity.client_id))  # Run on the virtual machine
