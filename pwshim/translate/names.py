"""PowerShell names -> Python names.

PowerShell variable names are case-insensitive (`$certificate` and `$Certificate` are one
variable), so each is mapped once, from its first spelling in the source, to a snake_case
Python name; keywords, the names the generated code itself uses, and ruff's ambiguous names
(E741: l, O, I) get a trailing underscore, and clashes get a numeric suffix.
"""

from __future__ import annotations

import builtins
import keyword

from pwshim.runtime.cmdlet import snake

# Names the generated code relies on: never shadow them.
RESERVED = frozenset(
    {
        "rt", "api", "os", "sys", "len", "range", "str", "int", "float", "bool", "list", "dict",
        "print", "isinstance", "Exception", "super", "type", "object", "iter", "next",
        "l", "O", "I",
    }
)


def python_name(ps_name: str) -> str:
    """The snake_case form of a PowerShell name, made a valid identifier."""
    text = snake(ps_name.replace(".", "_").replace(":", "_"))
    text = "".join(ch if ch.isalnum() or ch == "_" else "_" for ch in text).strip("_") or "var"
    if text[0].isdigit():
        text = "v" + text
    return text


class NameTable:
    """Allocates Python names: one per PowerShell variable/function (case-insensitive)."""

    def __init__(self) -> None:
        self.used: set[str] = set(RESERVED)
        self.variables: dict[str, str] = {}
        self.functions: dict[str, str] = {}
        self._helpers: set[str] = set()

    def _unique(self, base: str) -> str:
        if keyword.iskeyword(base) or keyword.issoftkeyword(base) or base in RESERVED:
            base += "_"  # `$class` -> class_, `$l` -> l_ (E741)
        name, n = base, 2
        while name in self.used:
            name = f"{base}_{n}"  # `$certPath` after `$cert_path` -> cert_path_2
            n += 1
        self.used.add(name)
        return name

    def reserve(self, name: str) -> None:
        self.used.add(name)

    def function(self, ps_name: str) -> str:
        key = ps_name.lower()
        if key not in self.functions:
            self.functions[key] = self._unique(python_name(ps_name))
        return self.functions[key]

    def variable(self, ps_name: str) -> str:
        key = ps_name.lower()
        if key not in self.variables:
            base = python_name(ps_name)
            if hasattr(builtins, base) and base not in self.used:
                base = base + "_"  # keep builtins callable (`$input`, `$id`, `$list`...)
            self.variables[key] = self._unique(base)
        return self.variables[key]

    def fresh(self, base: str, busy: tuple[str, ...] = ()) -> str:
        """A helper name (comprehension variable, switch subject, output list...) that no
        script variable or function uses; helpers in different scopes may share a name, so
        only `busy` (the helpers live at this point) is avoided besides the script's names."""
        taken = set(self.variables.values()) | set(self.functions.values()) | set(busy) | RESERVED
        name, n = base, 2
        while name in taken or keyword.iskeyword(name) or (name in self.used and name not in self._helpers):
            name = f"{base}{n}"
            n += 1
        self._helpers.add(name)
        self.used.add(name)
        return name

    def type_alias(self, short: str) -> str:
        return self._unique(short)
