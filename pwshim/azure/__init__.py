"""Azure sign-in and context: Az.Accounts re-implemented on azure-identity and azure-core.

Modules: environments (clouds), models (the AzureRmContext.json object graph), jsonio
(Newtonsoft-compatible JSON), profile (the files and the per-session profile), keystore
(secrets), login (credentials, ARM tenant/subscription listing), context (helpers other
cmdlets use), tokens (Get-AzAccessToken), pwsh_shim (`pwsh` for AzurePowerShellCredential).
Nothing here imports azure-identity at import time (it costs ~0.2 s).
"""

# The Az.Accounts version pwshim reproduces (Get-Module / Import-Module -PassThru report it;
# AzurePowerShellCredential's script checks >= 2.2.0 and, for >= 5.0.0, expects a SecureString).
MODULE_VERSION = "5.3.0"
MODULE_NAME = "Az.Accounts"
