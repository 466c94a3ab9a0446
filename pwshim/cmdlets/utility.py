"""Microsoft.PowerShell.Utility (and the Core pipeline cmdlets): importing this module
registers Select/Where/ForEach/Sort/Measure/Group/Compare/Tee-Object, Format-*/Out-*,
Get-Member, ConvertTo/From-Json, Get-Date and friends (one submodule per concern):

- utility_select: Select-Object, Where-Object, ForEach-Object
- utility_collect: Sort/Measure/Group/Compare/Tee-Object
- utility_format: Format-Table/List, Out-String/Null/File/Host/Default
- utility_members: Get-Member
- utility_json: ConvertTo-Json, ConvertFrom-Json
- utility_date: Get-Date, New-TimeSpan, Get-Random, Write-Progress
"""

from __future__ import annotations

from pwshim.cmdlets import (  # noqa: F401 - registration
    utility_collect,
    utility_date,
    utility_format,
    utility_json,
    utility_members,
    utility_select,
)
