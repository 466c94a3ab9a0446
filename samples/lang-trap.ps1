# trap: a scope's handler for terminating errors (the statement after the failing one runs next).
function Get-Ratio([int]$a, [int]$b) { $a / $b }

trap [DivideByZeroException] { "trapped: $($_.Exception.Message)"; continue }
trap { "other error: $_"; continue }

"before"
Get-Ratio 6 3
Get-Ratio 1 0
[int]::Parse('twelve')
nosuchcommand
"after"
