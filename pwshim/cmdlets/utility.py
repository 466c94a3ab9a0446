"""Microsoft.PowerShell.Utility (and the Core pipeline cmdlets): importing this module
registers Select/Where/ForEach/Sort/Measure/Group/Compare/Tee-Object, Format-*/Out-*,
Get-Member, ConvertTo/From-Json, Get-Date and friends (one submodule per concern)."""

from __future__ import annotations

from pwshim.cmdlets import utility_collect, utility_select  # noqa: F401 - registration

