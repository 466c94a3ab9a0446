"""[ref] (System.Management.Automation.PSReference): `f ([ref]$x)` lets f set the caller's $x.

`[ref]$var` refers to the variable itself (its scope entry), so `$r.Value = 2` changes `$var`;
`[ref]<any other value>` boxes the value."""

from __future__ import annotations

from typing import Any

from pwshim.runtime.dotnet import dotnet_type


@dotnet_type("System.Management.Automation.PSReference", accelerators=("ref",))
class PSReference:
    PS_DEFAULT_PROPERTIES = ("Value",)

    def __init__(self, value: Any = None) -> None:
        self._entry: list[Any] = ["", value, None]  # a variable's entry: [name, value, options]

    @classmethod
    def to_variable(cls, entry: list[Any]) -> PSReference:
        ref = cls()
        ref._entry = entry
        return ref

    @property
    def Value(self) -> Any:  # noqa: N802 - .NET member
        return self._entry[1]

    @Value.setter
    def Value(self, value: Any) -> None:  # noqa: N802
        self._entry[1] = value

    @classmethod
    def PS_CONVERT_FROM(cls, value: Any) -> PSReference:  # noqa: N802
        return value if isinstance(value, PSReference) else cls(value)

    def ToString(self) -> str:  # noqa: N802
        return "System.Management.Automation.PSReference"
