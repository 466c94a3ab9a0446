# Errors, casts, regex and hashtable walks.
function Get-Parity([int]$Number) {
    if ($Number % 2 -eq 0) { return 'even' }
    'odd'
}

function Split-Pair {
    param([string]$Text)
    $parts = $Text -split '='
    [pscustomobject]@{ Key = $parts[0].Trim(); Value = $parts[1].Trim() }
}

Get-Parity -Number 4
Get-Parity 7
$pair = Split-Pair -Text ' region = westeurope '
"$($pair.Key) -> $($pair.Value)"
$n = [int]'42'
$n + 1
$n -is [int]
'abc' -replace 'b', 'X'
'a,b;c' -split '[,;]' -join '|'
if ('tenant-1234' -match '(\d+)$') {
    "number: $($Matches[1])"
}
$limits = @{ cpu = 4 }
$limits['memory'] = 16
foreach ($key in $limits.Keys) {
    "$key = $($limits[$key])"
}
try {
    [System.Security.Cryptography.X509Certificates.X509Certificate2]::new('/nonexistent/file.pfx')
} catch [System.Security.Cryptography.CryptographicException] {
    'crypto error'
} catch {
    "other error: $($_.Exception.GetType().Name)"
}
$label = ($n -gt 40) ? 'big' : 'small'
$label
$words = @('pear', 'apple', 'fig') | Sort-Object
$words -join ' '
$words | ForEach-Object {
    $upper = $_.ToUpper()
    "$upper has $($_.Length) letters"
}
