Connect-AzAccount -Identity -AccountId <user-assigned-identity-clientId-or-resourceId>
