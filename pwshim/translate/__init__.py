"""PowerShell -> Python: `translate(text)` turns a script into readable Python that calls
pwshim.api (the same cmdlets) and the small runtime `pwshim.translate.rt`.

    from pwshim.translate import translate
    result = translate(open("login.ps1").read(), file="login.ps1")
    result.code            # the Python module text
    result.untranslated    # [Untranslated(file, line, column, text, reason), ...]

Stages: pwshim.parser.parse -> typed tree (pwshim.nodes) -> Generator (visit_<Node> dispatch,
with the unsupported channel under an ErrorLevel) -> Python text. The CLI front is
`convert_main(argv)` (`pwshim convert SCRIPT.ps1 [-o OUT.py]`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pwshim.translate.code import (
    ErrorLevel,
    TranslationError,
    TranslationWarning,
    Untranslated,
)

__all__ = [
    "ErrorLevel",
    "Translation",
    "TranslationError",
    "TranslationWarning",
    "Untranslated",
    "convert_main",
    "translate",
]


@dataclass
class Translation:
    """The generated Python module and the constructs left as untranslated markers."""

    code: str
    untranslated: list[Untranslated] = field(default_factory=list)


def translate(text: str, file: str | None = None, error_level: ErrorLevel | str = ErrorLevel.IGNORE) -> Translation:
    """Translate PowerShell `text` to Python. Raises pwshim.runtime.errors.ParseError when the
    script does not parse; under ErrorLevel.RAISE, TranslationError at the first construct it
    cannot translate (WARN issues TranslationWarning; IGNORE only records them)."""
    from pwshim.parser import parse
    from pwshim.translate.generator import Generator

    ast = parse(text, file)
    generator = Generator(text, file, ErrorLevel(error_level))
    code = generator.generate(ast)
    return Translation(code, generator.untranslated)


def convert_main(argv: list[str]) -> int:
    """`pwshim convert SCRIPT.ps1 [-o OUT.py]` (argv without the `convert` word)."""
    from pwshim.translate.cli import main

    return main(argv)
