Get-Variable -Name nope -ErrorAction SilentlyContinue && Write-Host "found" || Write-Host "missing"
Get-Variable -Name HOME && Write-Host yes
