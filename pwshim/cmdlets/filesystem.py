"""Microsoft.PowerShell.Management's provider cmdlets over the FileSystem provider (and
pwshim's Cert: drive, pwshim.certdrive, imported only for Cert: paths). Importing this module
registers them; one submodule per concern:

- filesystem_paths: provider dispatch, wildcards, PathNotFound / DriveNotFound errors
- filesystem_items: FileInfo / DirectoryInfo / PathInfo and the Linux directory view
- filesystem_location: Test/Join/Split/Resolve-Path, Get/Set/Push/Pop-Location
- filesystem_items_cmdlets: Get-ChildItem, Get-Item, New/Remove/Copy/Move/Rename-Item
- filesystem_content: Get/Set/Add/Clear-Content
"""

from __future__ import annotations

from pwshim.cmdlets import (  # noqa: F401 - registration
    filesystem_content,
    filesystem_items_cmdlets,
    filesystem_location,
)
