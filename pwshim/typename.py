"""TypeName: a type as written in `[...]` (a value class used by the AST, not a node)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TypeName:
    """A type as written in `[...]` (not a node: it carries no span of its own).

    name: the dotted name without generic args or array suffix ('System.Collections.Generic.List',
          'string', 'Security.Cryptography.X509Certificates.StoreName', 'Outer+Inner').
    generic_args: the generic arguments, e.g. (TypeName('string'),) for List[string].
    array_rank: 0 for a scalar, 1 for `T[]`, 2 for `T[,]`, ...
    element: for an array type, the element TypeName (may itself be generic); else None.

    str(t) is the type as PowerShell would print it in `[...]` (without the brackets).
    """

    name: str
    generic_args: tuple["TypeName", ...] = ()
    array_rank: int = 0
    element: "TypeName | None" = None

    @property
    def is_array(self) -> bool:
        return self.array_rank > 0

    @property
    def is_generic(self) -> bool:
        return bool(self.generic_args)

    def __str__(self) -> str:
        if self.element is not None:
            return f"{self.element}[{',' * (self.array_rank - 1)}]"
        if self.generic_args:
            return f"{self.name}[{','.join(str(a) for a in self.generic_args)}]"
        return self.name
