<#
    A tour of the language features the translator handles.
#>
function Get-Greeting {
    param(
        [Parameter(Mandatory)][string]$Name,
        [int]$Times = 1,
        [switch]$Loud
    )
    $text = "Hello, $Name"
    if ($Loud) {
        $text = $text.ToUpper()
    }
    return $text * $Times
}

function Get-Squares($Limit) {
    for ($i = 1; $i -le $Limit; $i++) {
        $i * $i   # each square is written to the output
    }
}

$people = @(
    [pscustomobject]@{ Name = 'Ada'; Age = 36 }
    [pscustomobject]@{ Name = 'Linus'; Age = 28 }
    [pscustomobject]@{ Name = 'Grace'; Age = 45 }
)
$settings = @{ Region = 'westeurope'; Retries = 3 }

foreach ($person in $people) {
    if ($person.Age -gt 40) {
        Write-Host "$($person.Name) is over 40"
    } elseif ($person.Age -lt 30) {
        Write-Host "$($person.Name) is under 30"
    } else {
        Write-Host ("{0} is {1}" -f $person.Name, $person.Age)
    }
}

$older = $people | Where-Object { $_.Age -ge 36 } | Select-Object -Property Name
$older
Get-Greeting -Name 'World' -Loud
Get-Squares 4
"Region: $($settings.Region), retries: $($settings['Retries'])"
$count = 0
while ($count -lt 3) {
    $count++
}
try {
    throw "Count is $count"
} catch {
    Write-Host "Caught: $($_.Exception.Message)"
} finally {
    Write-Host 'done'
}
