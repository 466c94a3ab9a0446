"""System.Security.SecureString and PSCredential (skeleton; the secure-strings issue fills it).

Internal API other modules rely on (keep it stable):
- SecureString.from_plain(text) -> SecureString
- secure.reveal() -> str   (the only way to read the text; never call it for display)
- PSCredential(user_name: str, password: SecureString); .UserName, .Password,
  .GetNetworkCredential().Password
"""

from __future__ import annotations

from pwshim.runtime.dotnet import dotnet_type


@dotnet_type("System.Security.SecureString", accelerators=("securestring",))
class SecureString:
    """A string whose text is never shown: str() and ToString() give the type name."""

    PS_TO_STRING = "System.Security.SecureString"
    __slots__ = ("_chars", "_readonly")

    def __init__(self) -> None:
        self._chars: list[str] = []
        self._readonly = False

    @classmethod
    def from_plain(cls, text: str) -> "SecureString":
        s = cls()
        s._chars = list(text)
        return s

    def reveal(self) -> str:
        return "".join(self._chars)

    @property
    def Length(self) -> int:  # noqa: N802
        return len(self._chars)

    def AppendChar(self, c: str) -> None:  # noqa: N802
        self._chars.append(str(c))

    def MakeReadOnly(self) -> None:  # noqa: N802
        self._readonly = True

    def ToString(self) -> str:  # noqa: N802
        return "System.Security.SecureString"

    def __str__(self) -> str:
        return "System.Security.SecureString"

    def __repr__(self) -> str:
        return "<SecureString>"
