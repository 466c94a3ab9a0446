"""pwshim benchmarks, one command: `python bench/run.py` (figures as ratios taken in the same run).

1. Parse throughput (lines/s) over a corpus of real scripts, beside tree-sitter-pwsh parsing the
   same text in the same process (target: pwshim >= 0.1x tree-sitter's lines/s).
2. Cold start of `pwshim -c '$x = 1'` beside `python -c pass` (target: < 0.1 s over Python's own
   start-up, i.e. the lark grammar is not compiled at every start).
3. `Connect-AzAccount -Identity` against the loopback emulator, end to end in a fresh process.
4. A second process's `Get-AzAccessToken` from the saved context (no token request).

tree-sitter-pwsh is a baseline only: `pip install ".[bench]"` installs it; without it, step 1
prints pwshim's own figure and says the baseline is missing.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIRS = [ROOT / "tests" / "parser" / "corpus", ROOT / "samples"]


def corpus() -> list[tuple[str, str]]:
    files: list[tuple[str, str]] = []
    for d in CORPUS_DIRS:
        if d.is_dir():
            for p in sorted(d.rglob("*.ps1")):
                files.append((str(p), p.read_text(encoding="utf-8-sig")))
    return files


def bench_parse(rounds: int = 5) -> dict[str, float | str]:
    from pwshim import placeholders
    from pwshim.parser import parse
    from pwshim.runtime.errors import ParseError

    texts = []
    for _, text in corpus():
        if placeholders.find_placeholders(text):
            text = placeholders.substitute(text, {p.name.lower(): "x" for p in placeholders.find_placeholders(text)})
        texts.append(text)
    lines = sum(t.count("\n") + 1 for t in texts)
    ok_texts = []
    for t in texts:
        try:
            parse(t)
            ok_texts.append(t)
        except ParseError:
            pass
    lines_ok = sum(t.count("\n") + 1 for t in ok_texts)

    def run_pwshim() -> float:
        start = time.perf_counter()
        for t in ok_texts:
            parse(t)
        return time.perf_counter() - start

    ours = min(run_pwshim() for _ in range(rounds))
    result: dict[str, float | str] = {
        "files": len(texts), "lines": lines, "lines_parsed": lines_ok,
        "pwshim_lines_per_s": round(lines_ok / ours),
    }
    try:
        import tree_sitter
        import tree_sitter_pwsh

        ts_parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_pwsh.language()))
        encoded = [t.encode() for t in ok_texts]

        def run_ts() -> float:
            start = time.perf_counter()
            for t in encoded:
                ts_parser.parse(t)
            return time.perf_counter() - start

        theirs = min(run_ts() for _ in range(rounds))
        result["tree_sitter_lines_per_s"] = round(lines_ok / theirs)
        result["ratio_vs_tree_sitter"] = round((lines_ok / ours) / (lines_ok / theirs), 3)
    except ImportError:
        result["tree_sitter_lines_per_s"] = "not installed (pip install '.[bench]')"
    return result


def _time_cmd(cmd: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_cold_start(runs: int = 15) -> dict[str, float]:
    python = _time_cmd([sys.executable, "-c", "pass"], runs)
    ours = _time_cmd([sys.executable, "-m", "pwshim", "-NoProfile", "-c", "$x = 1"], runs)
    return {"python_s": round(python, 4), "pwshim_s": round(ours, 4), "overhead_s": round(ours - python, 4),
            "ratio": round(ours / python, 2)}


def bench_sign_in(runs: int = 5) -> dict[str, float]:
    from pwshim.emulator import sandbox

    with tempfile.TemporaryDirectory() as home, sandbox(home) as (emu, env):
        full_env = {**os.environ, **env}
        connect = _time_cmd([sys.executable, "-m", "pwshim", "-c", "Connect-AzAccount -Identity"], runs, full_env)
        before = _token_requests(Path(home))
        token = _time_cmd([sys.executable, "-m", "pwshim", "-c", "$null = Get-AzAccessToken"], runs, full_env)
        after = _token_requests(Path(home))
        python = _time_cmd([sys.executable, "-c", "pass"], runs)
    return {"connect_identity_s": round(connect, 4), "second_process_token_s": round(token, 4),
            "token_requests_during_second_process_runs": after - before, "python_s": round(python, 4)}


def _token_requests(home: Path) -> int:
    count = 0
    for log in home.rglob("requests.jsonl"):
        for line in log.read_text().splitlines():
            entry = json.loads(line)
            if "token" in entry.get("path", ""):
                count += 1
    return count


def main() -> int:
    sys.path.insert(0, str(ROOT))
    report = {"parse": bench_parse(), "cold_start": bench_cold_start()}
    try:
        report["sign_in"] = bench_sign_in()
    except Exception as exc:  # noqa: BLE001 - report, don't hide
        report["sign_in"] = {"error": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
