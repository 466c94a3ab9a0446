ConvertTo-SecureString 'x' -AsPlainText -Force | Out-Null && Write-Host 'converted'
ConvertTo-SecureString 'y' -AsPlainText -Force | Out-Null || Write-Host 'not printed'
