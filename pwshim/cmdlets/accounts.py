"""Az.Accounts: Connect-AzAccount here; the context, subscription, token, autosave and
environment cmdlets in accounts_context.py and accounts_misc.py (imported below so the
registry's lazy import of this module registers them all).

Facts: /work/shared/reference/az-accounts-files.md §5 (parameter sets, aliases, texts).
This module stays cheap to import: azure-identity is imported only when a sign-in runs.
"""

from __future__ import annotations

from pwshim.cmdlets.accounts_base import PROFILE_NS, AzCmdlet, param
from pwshim.dotnet.credential import PSCredential
from pwshim.dotnet.securestring import SecureString
from pwshim.runtime.cmdlet import Parameter, Switch, cmdlet

U = "UserWithSubscriptionId"
SP = "ServicePrincipalWithSubscriptionId"
UC = "UserWithCredential"
SPC = "ServicePrincipalCertificateWithSubscriptionId"
SPCF = "ServicePrincipalCertificateFileWithSubscriptionId"
CA = "ClientAssertionParameterSet"
AT = "AccessTokenWithSubscriptionId"
MSI = "ManagedServiceLogin"
AUTH_SCOPES = (
    "AadGraph", "AnalysisServices", "Attestation", "Batch", "DataLake", "KeyVault", "ManagedHsm",
    "OperationalInsights", "Storage", "Synapse",
)  # Az also takes a resource URL, so this is not a ValidateSet

SERVICE_PRINCIPAL_WARNING = (
    "The provided service principal secret or certifcate password will be included in the '{0}' file found "
    "in the user profile ( {1} ). Please ensure that this directory has appropriate protections."
)
FEDERATED_PREVIEW = "The feature related to parameter name 'FederatedToken' is under preview."
SKIP_VALIDATION_ERROR = "Must supply Subscription Id and Tenant Id when using -SkipValidation"
NO_INTERACTIVE = (
    "Interactive authentication is not supported in this session, please run cmdlet "
    "'Connect-AzAccount -UseDeviceAuthentication'."
)
NO_DEVICE_CODE = (
    "Device code authentication is not available in pwshim: it signs in without a browser or a user "
    "(managed identity, service principal secret or certificate, federated token, access token)."
)


@cmdlet(
    "Connect-AzAccount",
    aliases=("Add-AzAccount", "Login-AzAccount", "Login-AzureRmAccount"),
    default_set=U,
    should_process=True,
    module="Az.Accounts",
    noun_verb_class=PROFILE_NS + "ConnectAzureRmAccountCommand",
)
class ConnectAzAccount(AzCmdlet):
    """Connect to Azure with an authenticated account for use with cmdlets from the Az PowerShell modules."""

    Environment = Parameter(str, aliases=("EnvironmentName",))
    Tenant = param(str, (U, UC, AT, MSI), (SP, SPC, SPCF, CA), aliases=("Domain", "TenantId"))
    AccountId = param(str, (U, MSI), (AT,))
    ApplicationId = param(str, (), (SPC, SPCF, CA))
    Credential = param(PSCredential, (), (SP, UC))
    ServicePrincipal = param(Switch, (SPC, SPCF, CA), (SP,))
    CertificateThumbprint = param(str, (), (SPC,))
    CertificatePath = param(str, (), (SPCF,))
    CertificatePassword = param(SecureString, (SPCF,))
    SendCertificateChain = param(Switch, (SPC, SPCF))
    FederatedToken = param(str, (), (CA,), aliases=("ClientAssertion",))
    AccessToken = param(str, (), (AT,))
    GraphAccessToken = param(str, (AT,))
    MicrosoftGraphAccessToken = param(str, (AT,))
    KeyVaultAccessToken = param(str, (AT,))
    SkipValidation = param(Switch, (AT,))
    Identity = param(Switch, (), (MSI,), aliases=("MSI", "ManagedService"))
    UseDeviceAuthentication = param(Switch, (U,), aliases=("DeviceCode", "DeviceAuth", "Device"))
    ClaimsChallenge = param(str, (U,))
    AuthScope = param(str, (U, SP, UC, SPC, MSI), aliases=("AuthScopeTypeName",))
    Subscription = Parameter(str, pipeline=True, aliases=("SubscriptionName", "SubscriptionId"))
    ContextName = Parameter(str)
    SkipContextPopulation = Parameter(Switch)
    MaxContextPopulation = Parameter(int, default=25)
    Force = Parameter(Switch)
    Scope = Parameter(str, validate_set=("Process", "CurrentUser"))
    DefaultProfile = Parameter(object, aliases=("AzContext", "AzureRmContext", "AzureCredential"))

    def run(self) -> None:
        from pwshim.cmdlets.accounts_connect import connect

        connect(self)


# Registering the other Az.Accounts cmdlets (the registry imports only this module).
from pwshim.cmdlets import accounts_context, accounts_misc  # noqa: F401
