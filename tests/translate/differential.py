"""Run the language table of tests/language (script -> expected output objects) through the
translator, in one process: prints a JSON report of what differs. Used by
test_translate.test_language_table_through_the_translator (run as a subprocess, because
importing rt installs the translated-script runtime)."""

from __future__ import annotations

import json
import sys
from typing import Any

from pwshim.api_objects import unwrap
from pwshim.translate import rt, translate


def plain(value: Any) -> Any:
    value = unwrap(value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def main() -> int:
    from tests.language.test_interpreter import CASES

    report: dict[str, list[Any]] = {"untranslated": [], "different": [], "failed": [], "same": []}
    for script, expected in CASES:
        result = translate(script)
        if result.untranslated:
            report["untranslated"].append([script, result.untranslated[0].reason])
            continue
        got: list[Any] = []
        rt.emit = lambda value, got=got: got.extend(plain(v) for v in rt.items(value))  # type: ignore[assignment]
        try:
            # the translation of a test table entry, run as the translated script would run
            exec(compile(result.code, "<translated>", "exec"), {"__name__": "translated", "__file__": "x.py"})  # noqa: S102
        except BaseException as exc:  # noqa: BLE001 - reported, the table goes on
            report["failed"].append([script, f"{type(exc).__name__}: {exc}"])
            continue
        if got == plain(list(expected)):
            report["same"].append(script)
        else:
            report["different"].append([script, repr(expected), repr(got)])
    json.dump(report, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
