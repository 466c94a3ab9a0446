$sp = New-AzADServicePrincipal -DisplayName ServicePrincipalName
