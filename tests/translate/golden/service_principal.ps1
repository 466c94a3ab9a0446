# Sign in as a service principal with its secret (automation scenario).
param(
    [Parameter(Mandatory)][string]$TenantId,
    [string]$DisplayName = 'ServicePrincipalName'
)

$sp = New-AzADServicePrincipal -DisplayName $DisplayName
$SecureStringPwd = $sp.PasswordCredentials.SecretText | ConvertTo-SecureString -AsPlainText -Force
$pscredential = New-Object -TypeName System.Management.Automation.PSCredential -ArgumentList $sp.AppId, $SecureStringPwd
Connect-AzAccount -ServicePrincipal -Credential $pscredential -Tenant $tenantId
