# Classes and enums: a small inventory of sign-in methods.
enum AuthKind { ManagedIdentity; Secret; Certificate }

class SignIn {
    [string]$Name
    [AuthKind]$Kind
    hidden [string]$Note = 'internal'
    static [int]$Created = 0

    SignIn([string]$name, [AuthKind]$kind) {
        $this.Name = $name
        $this.Kind = $kind
        [SignIn]::Created++
    }

    [bool] NeedsSecret() { return $this.Kind -ne [AuthKind]::ManagedIdentity }
    [string] ToString() { return "$($this.Name) ($($this.Kind))" }
}

$all = @(
    [SignIn]::new('vm-identity', 'ManagedIdentity')
    [SignIn]::new('ci-app', [AuthKind]::Secret)
    [SignIn]::new('batch', 2)
)
$all
"Created: $([SignIn]::Created)"
$all | Where-Object { $_.NeedsSecret() } | ForEach-Object { "needs a secret: $_" }
[enum]::GetNames([AuthKind]) -join ', '
