"""Azure sign-in and context: Az.Accounts re-implemented on azure-identity and azure-core.

Modules (this area):
  environments  clouds: AzureEnvironment, built-ins, ARM_CLOUD_METADATA_URL discovery
  models        the AzureRmContext.json object graph (Account/Tenant/Subscription/Context/Profile)
  jsonio        Newtonsoft-compatible JSON text (indented with BOM, compact)
  filelock      .lockfile + flock locking, write-beside-and-rename
  profile       the session's Az state, AzureRmContext.json / AzureRmContextSettings.json, modify()
  keystore      ~/.Azure/keystore.cache (service-principal secrets, certificate passwords)
  credentials   azure-identity credentials per sign-in kind, certificate lookup, MSAL caches
  arm           tenants/subscriptions through an azure-core pipeline
  login         Connect-AzAccount's flow and Az's error texts
  context       helpers for other cmdlets: require_context, context_from, credential_for,
                arm_url, graph_url, graph_resource
  tokens        Get-AzAccessToken; tokencache: clearing the MSAL caches
  psmodels      the PS* objects the cmdlets output
  pwsh_shim     `pwshim install-pwsh DIR` and the parent watchdog
  sdk           importing the Azure SDK on first use (collector paused; frozen in the CLI)
  httppool      one requests.Session (connection pool) under every azure-core pipeline
Nothing here imports azure-identity at import time (it costs ~0.15-0.2 s).
"""

# The Az.Accounts version pwshim reproduces (Get-Module / Import-Module -PassThru report it;
# AzurePowerShellCredential's script checks >= 2.2.0 and, for >= 5.0.0, expects a SecureString).
MODULE_VERSION = "5.3.0"
MODULE_NAME = "Az.Accounts"
