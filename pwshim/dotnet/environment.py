"""[System.Environment] as .NET 8 answers on Linux, and the types it returns (OperatingSystem,
PlatformID, EnvironmentVariableTarget, Environment+SpecialFolder).

Static properties are computed on each read. Environment variables are the calling session's
(`$env:X` and `[Environment]::GetEnvironmentVariable('X')` see one block, as in pwsh); the User
and Machine targets hold nothing on Unix, where .NET ignores writes to them.
"""

from __future__ import annotations

import enum
import os
import time
from typing import Any

from pwshim.dotnet.version import Version
from pwshim.runtime.dotnet import dotnet_type, session_environ, static_property
from pwshim.runtime.errors import ArgumentException, ArgumentNullException


@dotnet_type("System.PlatformID")
class PlatformID(enum.IntEnum):
    Win32S = 0
    Win32Windows = 1
    Win32NT = 2
    WinCE = 3
    Unix = 4
    Xbox = 5
    MacOSX = 6
    Other = 7


@dotnet_type("System.EnvironmentVariableTarget")
class EnvironmentVariableTarget(enum.IntEnum):
    Process = 0
    User = 1
    Machine = 2


@dotnet_type("System.Environment+SpecialFolder")
class SpecialFolder(enum.IntEnum):
    Desktop = 0
    Programs = 2
    MyDocuments = 5
    Personal = 5
    Favorites = 6
    Startup = 7
    Recent = 8
    SendTo = 9
    StartMenu = 11
    MyMusic = 13
    MyVideos = 14
    DesktopDirectory = 16
    MyComputer = 17
    NetworkShortcuts = 19
    Fonts = 20
    Templates = 21
    CommonStartMenu = 22
    CommonPrograms = 23
    CommonStartup = 24
    CommonDesktopDirectory = 25
    ApplicationData = 26
    PrinterShortcuts = 27
    LocalApplicationData = 28
    InternetCache = 32
    Cookies = 33
    History = 34
    CommonApplicationData = 35
    Windows = 36
    System = 37
    ProgramFiles = 38
    MyPictures = 39
    UserProfile = 40
    SystemX86 = 41
    ProgramFilesX86 = 42
    CommonProgramFiles = 43
    CommonProgramFilesX86 = 44
    CommonTemplates = 45
    CommonDocuments = 46
    CommonAdminTools = 47
    AdminTools = 48
    CommonMusic = 53
    CommonPictures = 54
    CommonVideos = 55
    Resources = 56
    LocalizedResources = 57
    CommonOemLinks = 58
    CDBurning = 59


@dotnet_type("System.OperatingSystem")
class OperatingSystem:
    """What `[Environment]::OSVersion` returns: Unix and the kernel release's first four numbers."""

    PS_DEFAULT_PROPERTIES = ("Platform", "ServicePack", "Version", "VersionString")

    def __init__(self, platform: Any, version: Version) -> None:
        self.Platform = PlatformID(int(platform))
        self.ServicePack = ""
        self.Version = version

    @property
    def VersionString(self) -> str:  # noqa: N802
        return f"{self.Platform.name} {self.Version}"

    def ToString(self) -> str:  # noqa: N802
        return self.VersionString


def _release_version(release: str) -> Version:
    """.NET's GetOperatingSystem: the first four numbers found in uname's release."""
    numbers: list[int] = []
    digits = ""
    for ch in release + " ":
        if ch.isdigit():
            digits += ch
        elif digits:
            numbers.append(int(digits))
            digits = ""
        if len(numbers) == 4:
            break
    numbers += [0] * (4 - len(numbers))
    return Version(*numbers)


def _target(value: Any) -> EnvironmentVariableTarget:
    if value is None:
        return EnvironmentVariableTarget.Process
    from pwshim.runtime.types import convert_to

    target = convert_to(value, EnvironmentVariableTarget)
    if int(target) not in (0, 1, 2):
        raise ArgumentException(f"Value {int(target)} is not a valid enum value. (Parameter 'target')")
    return target


def _name(value: Any, param: str = "variable") -> str:
    if value is None:
        raise ArgumentNullException(f"Value cannot be null. (Parameter '{param}')")
    return str(value)


def _user_name() -> str:
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (KeyError, ImportError):
        return session_environ().get("USER") or os.environ.get("USER", "")


def _home() -> str:
    env = session_environ()
    if env.get("HOME"):
        return str(env["HOME"])
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_dir
    except (KeyError, ImportError):
        return ""


def _xdg(var: str, default: str) -> str:
    value = session_environ().get(var)
    return value if value and os.path.isabs(value) else os.path.join(_home(), default)


@dotnet_type("System.Environment")
class Environment:
    """System.Environment: static members only."""

    NewLine = "\n"
    MachineName = static_property(lambda: os.uname().nodename.split(".", 1)[0])
    UserDomainName = MachineName
    UserName = static_property(_user_name)
    OSVersion = static_property(lambda: OperatingSystem(PlatformID.Unix, _release_version(os.uname().release)))
    CurrentDirectory = static_property(os.getcwd)
    ProcessorCount = static_property(lambda: len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                     else os.cpu_count() or 1)
    ProcessId = static_property(os.getpid)
    Is64BitProcess = True
    Is64BitOperatingSystem = True
    IsPrivilegedProcess = static_property(lambda: os.geteuid() == 0)
    UserInteractive = True
    HasShutdownStarted = False
    SystemDirectory = ""
    SystemPageSize = static_property(lambda: os.sysconf("SC_PAGE_SIZE"))
    TickCount64 = static_property(lambda: int(time.monotonic() * 1000))
    TickCount = static_property(lambda: int(time.monotonic() * 1000) & 0x7FFFFFFF)
    Version = static_property(lambda: Version(8, 0, 10))
    WorkingSet = static_property(lambda: _working_set())

    @staticmethod
    def GetEnvironmentVariable(variable: Any, *target: Any) -> Any:  # noqa: N802
        name = _name(variable)
        if len(target) > 1:
            from pwshim.runtime.dotnet import OverloadError

            raise OverloadError()
        if target and _target(target[0]) != EnvironmentVariableTarget.Process:
            return None
        return session_environ().get(name)

    @staticmethod
    def SetEnvironmentVariable(variable: Any, value: Any, *target: Any) -> None:  # noqa: N802
        name = _name(variable)
        if not name or "=" in name or "\0" in name:
            raise ArgumentException("Environment variable name cannot contain equal character. (Parameter 'variable')"
                                    if "=" in name else "String cannot be of zero length. (Parameter 'variable')")
        if target and _target(target[0]) != EnvironmentVariableTarget.Process:
            return  # .NET on Unix: User and Machine variables are not persisted
        env = session_environ()
        if value is None or value == "":
            env.pop(name, None)
        else:
            env[name] = str(value)

    @staticmethod
    def GetEnvironmentVariables(*target: Any) -> Any:  # noqa: N802
        from pwshim.runtime.objects import Hashtable

        if target and _target(target[0]) != EnvironmentVariableTarget.Process:
            return Hashtable()
        return Hashtable(list(session_environ().items()))

    @staticmethod
    def ExpandEnvironmentVariables(name: Any) -> str:  # noqa: N802
        import re

        env = session_environ()
        text = _name(name, "name")
        return re.sub(r"%([^%]+)%", lambda m: env.get(m.group(1), m.group(0)), text)

    @staticmethod
    def GetFolderPath(folder: Any, *option: Any) -> str:  # noqa: N802
        from pwshim.runtime.types import convert_to

        which = convert_to(folder, SpecialFolder)
        home = _home()
        table = {
            SpecialFolder.UserProfile: home,
            SpecialFolder.Personal: home,
            SpecialFolder.ApplicationData: _xdg("XDG_CONFIG_HOME", ".config"),
            SpecialFolder.LocalApplicationData: _xdg("XDG_DATA_HOME", ".local/share"),
            SpecialFolder.CommonApplicationData: "/usr/share",
            SpecialFolder.Desktop: os.path.join(home, "Desktop"),
            SpecialFolder.DesktopDirectory: os.path.join(home, "Desktop"),
            SpecialFolder.MyMusic: os.path.join(home, "Music"),
            SpecialFolder.MyPictures: os.path.join(home, "Pictures"),
            SpecialFolder.MyVideos: os.path.join(home, "Videos"),
            SpecialFolder.Templates: os.path.join(home, "Templates"),
            SpecialFolder.Fonts: os.path.join(home, ".fonts"),
            SpecialFolder.CommonTemplates: "/usr/share/templates",
        }
        return table.get(which, "")

    @staticmethod
    def GetCommandLineArgs() -> list[str]:  # noqa: N802
        import sys

        return list(sys.argv)

    @staticmethod
    def GetLogicalDrives() -> list[str]:  # noqa: N802
        return ["/"]

    @staticmethod
    def Exit(code: Any) -> None:  # noqa: N802
        from pwshim.interpreter import ExitSignal

        raise ExitSignal(int(code))


def _working_set() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0

