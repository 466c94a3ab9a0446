"""Run tests/language/test_classes.py's tables (class and enum scripts -> pwsh's output) through
the translator in one process and print a JSON report: which cases were left untranslated, gave
other objects, or failed. Used by test_classes.test_class_table_through_the_translator (run as
a subprocess: importing rt installs the translated-script runtime)."""

from __future__ import annotations

import json
import sys
from typing import Any

from pwshim.api_objects import unwrap
from pwshim.runtime.conversions import to_string
from pwshim.translate import rt, translate


def plain(value: Any) -> Any:
    """Compared as tests/language/test_classes.py compares: ints and bools as they are, the rest
    as PowerShell's string of it (enum names, objects' ToString)."""
    value = unwrap(value)
    if type(value) in (int, bool):
        return value
    return to_string(value)


def main() -> int:
    from tests.language.test_classes import CLASS_CASES, ENUM_CASES, PERSON

    report: dict[str, list[Any]] = {"untranslated": [], "different": [], "failed": [], "same": []}
    cases = [(PERSON + script, expected) for script, expected in CLASS_CASES] + list(ENUM_CASES)
    for script, expected in cases:
        result = translate(script)
        if result.untranslated:
            report["untranslated"].append([script, [u.reason for u in result.untranslated]])
            continue
        got: list[Any] = []
        rt.emit = lambda value, got=got: got.extend(plain(v) for v in rt.items(value))  # type: ignore[assignment]
        try:
            exec(compile(result.code, "<translated>", "exec"), {"__name__": "translated", "__file__": "x.py"})  # noqa: S102
        except BaseException as exc:  # noqa: BLE001 - reported, the table goes on
            report["failed"].append([script, f"{type(exc).__name__}: {exc}", result.code])
            continue
        want = [v if type(v) in (int, bool) else to_string(v) for v in expected]
        if got == want:
            report["same"].append(script)
        else:
            report["different"].append([script, repr(want), repr(got), result.code])
    json.dump(report, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
