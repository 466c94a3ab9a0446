$numbers = 1..10
$even = $numbers | Where-Object { $_ % 2 -eq 0 }
$even -join ','
$numbers | Where-Object { $_ -gt 7 } | ForEach-Object { $_ * 10 }
$table = @(
    [pscustomobject]@{ Name = 'alpha'; Size = 3 },
    [pscustomobject]@{ Name = 'beta'; Size = 1 },
    [pscustomobject]@{ Name = 'gamma'; Size = 2 }
)
$table | Sort-Object -Property Size | Select-Object -Property Name, Size
$table | Where-Object Size -gt 1 | ForEach-Object Name
($table | Measure-Object -Property Size -Sum).Sum
$table | Sort-Object { $_.Name.Length }, Name | Select-Object Name, @{ Name = 'Twice'; Expression = { $_.Size * 2 } }
