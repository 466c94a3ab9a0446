# Functions with param blocks, pipeline input, try/catch and a typed catch.
function Get-Square {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipeline)][int]$Number)
    process { $Number * $Number }
}
1..4 | Get-Square
try {
    [int]'not a number'
} catch [System.Management.Automation.RuntimeException] {
    "caught: $($_.Exception.GetType().Name)"
} finally {
    'finally ran'
}
$table = [ordered]@{ first = 1; second = 2 }
$table
switch -Wildcard ('azure-vm', 'aws-ec2') {
    'azure*' { "$_ is Azure" }
    default { "$_ is elsewhere" }
}
