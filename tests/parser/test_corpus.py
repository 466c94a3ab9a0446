"""Real scripts from Azure/azure-docs-powershell-samples (MIT; see corpus/SOURCES.md) parse, at
thousands of lines per second; the LALR tables load from the cache without lark."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from pwshim import nodes as N
from pwshim.parser import parse

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.ps1"))


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


def test_corpus_is_big_enough() -> None:
    assert len(CORPUS) >= 10
    sources = (Path(__file__).parent / "corpus" / "SOURCES.md").read_text()
    for path in CORPUS:
        assert path.name in sources


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_corpus_file_parses(path: Path) -> None:
    tree = parse(read(path), str(path))
    nodes = list(N.walk(tree))
    assert len(nodes) > 20
    assert all(n.span is not None for n in nodes)


def test_parse_speed() -> None:
    texts = [read(p) for p in CORPUS]
    lines = sum(t.count("\n") + 1 for t in texts)
    for t in texts:  # warm up (tables, caches)
        parse(t)
    start = time.perf_counter()
    for t in texts:
        parse(t)
    rate = lines / (time.perf_counter() - start)
    assert rate > 1500, f"{rate:.0f} lines/s"


def test_cold_start_does_not_import_lark() -> None:
    parse("$x = 1")  # makes sure the tables are cached
    code = "import sys, pwshim.parser as p; p.parse('$x = 1'); print('lark' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
