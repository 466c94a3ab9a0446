"""Bad input: hypothesis and mutations of samples/*.ps1 and tests/parser/corpus/*.ps1.

- Parser: any text either parses or raises ParseError (nothing else escapes).
- Interpreter: `Interpreter.run_text` always returns a RunResult (errors as ErrorRecords),
  in-process with a BufferHost that has no answers, each case bounded by SIGALRM. Scripts
  are taken from the corpora with the lines that would reach the network or sleep removed
  (see _runnable); a case that can legitimately run forever (a loop construct) may hit the
  bound, any other case must finish within it.
- Command line: a few dozen `pwshim -c TEXT` runs of mutated text: never a Python traceback;
  text that does not parse exits non-zero with pwsh's ParserError block.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pwshim.parser import parse
from pwshim.runtime.errors import ParseError
from tests.reliability.helpers import PARSER_CORPUS, ROOT, SAMPLES

TEXTS = [p.read_text(encoding="utf-8-sig") for p in sorted(SAMPLES.glob("*.ps1"))]
TEXTS += [p.read_text(encoding="utf-8-sig") for p in sorted(PARSER_CORPUS.glob("*.ps1"))]
PUNCT = "{}()[]$@\"'`|;&,.=-+*/%<>#!?:\n\t @'\"@ -f -eq -and ${ $( @{ @( [int] ::"

# Lines that would leave the process (network, sign-in, prompts for a real terminal) or wait.
_NETWORK = re.compile(r"Connect-Az|Invoke-WebRequest|Invoke-RestMethod|New-AzAD|Start-Sleep|Wait-|"
                      r"Start-Process|Start-Job|Invoke-Expression|iex\b|Read-Host|Get-Credential|"
                      r"Remove-Item|\brm\b|\bdel\b|Test-Connection|Resolve-DnsName|curl|wget|Az\w*Account",
                      re.IGNORECASE)
_LOOPS = re.compile(r"\b(while|for|foreach|do|until|ForEach-Object|%)\b|\.\.|%", re.IGNORECASE)


def _runnable(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not _NETWORK.search(line))


@st.composite
def mutated(draw: st.DrawFn, texts: list[str] = TEXTS) -> str:
    """A corpus text with a few random edits: deletions, duplications, insertions, truncation."""
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 4))):
        n = len(text)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 80)))
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "truncate", "replace"]))
        if op == "delete":
            text = text[:i] + text[j:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(st.text(st.sampled_from(list(PUNCT)), max_size=6)) + text[i:]
        elif op == "truncate":
            text = text[:i]
        else:
            text = text[:i] + draw(st.text(max_size=5)) + text[j:]
    return text


def _snippet_texts() -> st.SearchStrategy[str]:
    atoms = st.sampled_from(["$x", "1", "'a'", '"$x b"', "@()", "@{a=1}", "[int]'3'", "$null", "$true",
                             "(1,2,3)", "Get-Date", "Write-Output 1", "$x.Length", "$a[0]", "-not 1",
                             "1 -eq 1", "'x' -match 'y'", "{ 1 }", "&{ $args }", "$(2)", "@'\nq\n'@",
                             "if (1) { 2 } else { 3 }", "switch (1) { 1 { 'one' } }", "try { throw 'e' } catch { $_ }",
                             "function f { param($p) $p }", "f 1", "| Select-Object -First 1", "2>&1", "`n"])
    return st.lists(st.one_of(atoms, st.text(st.sampled_from(list(PUNCT)), max_size=4)), max_size=12).map(" ".join)


class _Timeout(BaseException):
    """Raised by SIGALRM inside a case that exceeded its bound."""


class _Bound:
    """SIGALRM raises _Timeout after `seconds`, then again every 0.2 s until the bound is left.

    The alarm repeats because one _Timeout can be swallowed: raised while the garbage collector
    runs a finalizer (a generator's close, a __del__), it is printed as "Exception ignored" and
    the loop it was meant to stop goes on; a one-shot alarm then never fires again (this hung CI).
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.fired = False
        self.armed = False

    def _on_alarm(self, signum: int, frame: object) -> None:
        if self.armed:
            self.fired = True
            raise _Timeout

    def __enter__(self) -> _Bound:
        self._old = signal.signal(signal.SIGALRM, self._on_alarm)
        self.armed = True
        signal.setitimer(signal.ITIMER_REAL, self.seconds, 0.2)
        return self

    def __exit__(self, *exc: object) -> None:
        self.armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._old)


def _parse_only_parse_error(text: str, seconds: float = 5) -> None:
    try:
        with _Bound(seconds):
            parse(text)
    except ParseError:
        pass
    except _Timeout:
        pytest.fail(f"the parser did not finish in {seconds} s on {text[:300]!r}")


@settings(max_examples=300, deadline=2000, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_parser_mutated_samples(text: str) -> None:
    _parse_only_parse_error(text)


@settings(max_examples=300, deadline=2000, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), _snippet_texts()))
def test_parser_random_text(text: str) -> None:
    _parse_only_parse_error(text)


# --- interpreter ------------------------------------------------------------------------------
CASE_SECONDS = 3


def _run_bounded(text: str, home: str, seconds: float = CASE_SECONDS) -> tuple[object, bool]:
    from pwshim.interpreter import Interpreter, RunResult
    from pwshim.runtime.host import BufferHost
    from pwshim.runtime.session import Session

    environ = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE_", "IDENTITY_", "MSI_"))}
    environ.update({"HOME": home, "ARM_CLOUD_METADATA_URL": "DISABLED", "AzContextAutoSave": "false"})
    session = Session(host=BufferHost(answers=[], noninteractive=True), environ=environ, noninteractive=True)
    bound = _Bound(seconds)
    try:
        with bound:
            result = Interpreter(session).run_text(text)
    except _Timeout:
        return None, True
    assert isinstance(result, RunResult)
    return result, bound.fired


_WORK = tempfile.mkdtemp(prefix="pwshim-fuzz-")
atexit.register(shutil.rmtree, _WORK, True)


@pytest.fixture(autouse=True)
def _in_scratch_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_WORK)


RUNNABLE = [_runnable(t) for t in TEXTS]


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.one_of(mutated(RUNNABLE), _snippet_texts()))
def test_interpreter_never_raises(text: str) -> None:
    text = _runnable(text)
    result, timed_out = _run_bounded(text, _WORK)
    if timed_out:
        assert _LOOPS.search(text), f"no loop, yet not done in {CASE_SECONDS} s:\n{text[:2000]}"
        return
    assert isinstance(result.exit_code, int)
    for record in result.errors:
        from pwshim.formatting import format_error

        assert "Traceback" not in format_error(record)


@pytest.mark.parametrize("index", range(len(RUNNABLE)))
def test_interpreter_runs_each_sample(index: int) -> None:
    """Every corpus script (network lines removed) runs to a RunResult, unmutated."""
    text = RUNNABLE[index]
    result, timed_out = _run_bounded(text, _WORK)
    assert not timed_out or _LOOPS.search(text)


@pytest.mark.parametrize("text", ["while ($true) { }", "for (;;) { $i++ }", "do { } until ($false)"])
def test_interpreter_infinite_loop_is_interruptible(text: str) -> None:
    """The bound works: an endless loop stops at the alarm and run_text does not swallow it."""
    result, timed_out = _run_bounded(text, _WORK, seconds=1)
    assert timed_out


# --- command line -----------------------------------------------------------------------------
def _cli_cases() -> list[str]:
    """A few dozen fixed mutations (seeded), half of them text that does not parse."""
    import random

    rng = random.Random(10)
    out: list[str] = []
    while len(out) < 36:
        text = rng.choice(RUNNABLE)
        i = rng.randrange(len(text) + 1)
        j = min(len(text), i + rng.randrange(60))
        text = text[:i] + rng.choice(["{", "(", "\"", "@'", "$(", "", "|", "}"]) + text[j:]
        if _LOOPS.search(text):
            text = "\n".join(line for line in text.splitlines() if not _LOOPS.search(line))
        out.append(text[:4000])
    return out


def test_command_line_mutations(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AZURE_", "IDENTITY_", "MSI_"))}
    env.update({"HOME": str(tmp_path), "PYTHONPATH": str(ROOT), "ARM_CLOUD_METADATA_URL": "DISABLED",
                "AzContextAutoSave": "false"})
    failures = []
    for text in _cli_cases():
        try:
            parse(text)
            parses = True
        except ParseError:
            parses = False
        proc = subprocess.run([sys.executable, "-m", "pwshim", "-NonInteractive", "-c", text], env=env,
                              cwd=str(tmp_path), capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        if "Traceback" in proc.stderr or "Traceback" in proc.stdout:
            failures.append(("traceback", text, proc.stderr[-1500:]))
        if not parses and (proc.returncode == 0 or "ParserError" not in proc.stderr):
            failures.append(("parse error not reported", text, proc.returncode, proc.stderr[-500:]))
    assert not failures, failures[:3]


# -EncodedCommand that is not base64: pwsh's "not properly encoded" message, exit 64
_BAD_BASE64 = pytest.param(["-EncodedCommand", "%%%"], id="encoded-not-base64")


@pytest.mark.parametrize("argv", [["-NoSuchOption"], ["-Command"], _BAD_BASE64,
                                  ["-File", "/no/such/file.ps1"], ["--set", "novalue", "-c", "1"],
                                  ["--var", "x", "-c", "1"]])
def test_command_line_bad_arguments(argv: list[str], tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "pwshim", *argv], env=env, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and proc.stderr.strip()


# Regressions found by this suite (fixed): U+0000 made the lexer loop forever; a non-ASCII
# digit ('²') escaped parse() as ValueError; -EncodedCommand accepted text that is not base64.
@pytest.mark.parametrize("text", ["a\x00"])
def test_nul_character_does_not_hang_the_parser(text: str, tmp_path: Path) -> None:
    script = tmp_path / "nul.ps1"
    script.write_text(text, encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    try:
        proc = subprocess.run([sys.executable, "-m", "pwshim", str(script)], env=env, capture_output=True,
                              text=True, timeout=8, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail("pwshim did not finish in 8 s on a script holding U+0000")
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("text", ["$x = ²", "Write-Output 1²"])
def test_non_ascii_digit_is_a_parse_error(text: str, tmp_path: Path) -> None:
    try:
        parse(text)
    except ParseError:
        pass
    env = {**os.environ, "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "pwshim", "-c", text], env=env, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert "Traceback" not in proc.stderr
