"""Translated from service_principal.ps1 by pwshim convert."""

import sys

from pwshim.api import (
    connect_az_account,
    convert_to_secure_string,
    new_az_ad_service_principal,
)
from pwshim.translate import rt

PSCredential = rt.dotnet_type("System.Management.Automation.PSCredential")

# Sign in as a service principal with its secret (automation scenario).
arguments = rt.script_parameters(sys.argv[1:], {"TenantId": "", "DisplayName": "ServicePrincipalName"}, mandatory=["TenantId"])
tenant_id = arguments["TenantId"]
display_name = arguments["DisplayName"]

sp = new_az_ad_service_principal(display_name=display_name)
secure_string_pwd = convert_to_secure_string(pipeline_input=rt.pipe_items(sp.password_credentials.secret_text), as_plain_text=True, force=True)
pscredential = PSCredential(sp.app_id, secure_string_pwd)
rt.emit(connect_az_account(service_principal=True, credential=pscredential, tenant=tenant_id))
