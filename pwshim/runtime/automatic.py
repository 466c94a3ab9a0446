"""Automatic and preference variables ($PSVersionTable, $IsLinux, $HOME, $Error, ...)."""

from __future__ import annotations

import os
from typing import Any

from pwshim.runtime.dotnet import dotnet_type

# The pwsh release pwshim reports itself as (scripts test $PSVersionTable.PSVersion.Major).
PS_VERSION = "7.4.6"


@dotnet_type("System.Management.Automation.PathInfo")
class PathInfo:
    PS_DEFAULT_PROPERTIES = ("Path",)

    def __init__(self, path: str) -> None:
        self.Path = path

    @property
    def ProviderPath(self) -> str:  # noqa: N802
        return self.Path

    @property
    def Drive(self) -> str:  # noqa: N802
        return "Cert" if self.Path.lower().startswith("cert:") else "/"

    def ToString(self) -> str:  # noqa: N802
        return self.Path


class HostInfo:
    """$Host: enough for scripts that read $Host.Name / $Host.Version / $Host.UI."""

    PS_DEFAULT_PROPERTIES = ("Name", "Version", "InstanceId", "UI", "CurrentCulture")

    def __init__(self, session: Any) -> None:
        from pwshim.dotnet.version import Version

        self._session = session
        self.Name = "ConsoleHost"
        self.Version = Version(PS_VERSION)
        self.InstanceId = "00000000-0000-0000-0000-000000000000"
        self.CurrentCulture = "en-US"
        self.CurrentUICulture = "en-US"

    @property
    def UI(self) -> Any:  # noqa: N802
        return HostUI(self._session)


class HostUI:
    def __init__(self, session: Any) -> None:
        self._session = session

    def WriteLine(self, text: str = "") -> None:  # noqa: N802
        self._session.host.write_line(str(text))

    def Write(self, text: str = "") -> None:  # noqa: N802
        self._session.host.write(str(text))

    def ReadLine(self) -> str:  # noqa: N802
        return self._session.host.read_line("")

    @property
    def SupportsVirtualTerminal(self) -> bool:  # noqa: N802
        return False


def install_automatic_variables(session: Any) -> None:
    from pwshim.dotnet.version import Version
    from pwshim.runtime.objects import OrderedHashtable

    if session.has_variable("PSVersionTable"):
        return
    table = OrderedHashtable()
    table["PSVersion"] = Version(PS_VERSION)
    table["PSEdition"] = "Core"
    table["GitCommitId"] = PS_VERSION
    uname = os.uname()
    table["OS"] = f"{uname.sysname} {uname.release}"
    table["Platform"] = "Unix"
    table["PSCompatibleVersions"] = [Version(v) for v in ("1.0", "2.0", "3.0", "4.0", "5.0", "5.1", PS_VERSION)]
    table["PSRemotingProtocolVersion"] = Version("2.3")
    table["SerializationVersion"] = Version("1.1.0.1")
    table["WSManStackVersion"] = Version("3.0")
    values: dict[str, Any] = {
        "PSVersionTable": table,
        "IsLinux": uname.sysname == "Linux",
        "IsMacOS": uname.sysname == "Darwin",
        "IsWindows": False,
        "IsCoreCLR": True,
        "HOME": str(session.home),
        "PID": os.getpid(),
        "PSHOME": os.path.dirname(os.path.abspath(__file__)),
        "ShellId": "Microsoft.PowerShell",
        "PSCulture": "en-US",
        "PSUICulture": "en-US",
        "NestedPromptLevel": 0,
        "ErrorActionPreference": "Continue",
        "WarningPreference": "Continue",
        "VerbosePreference": "SilentlyContinue",
        "DebugPreference": "SilentlyContinue",
        "InformationPreference": "SilentlyContinue",
        "ProgressPreference": "Continue",
        "ConfirmPreference": "High",
        "WhatIfPreference": False,
        "MaximumHistoryCount": 4096,
        "ErrorView": "ConciseView",
        "FormatEnumerationLimit": 4,
        "Error": session.error_list,
        "?": True,
        "Host": HostInfo(session),
        "null": None,
        "true": True,
        "false": False,
    }
    for name, value in values.items():
        session.set_variable(name, value, "global")
