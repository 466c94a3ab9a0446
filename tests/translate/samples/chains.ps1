$greeting = 'hi'
Get-Variable -Name greeting -ValueOnly && Write-Host 'found'
Get-Variable -Name greeting -ValueOnly || Write-Host 'not printed'
