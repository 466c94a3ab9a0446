"""PowerShell parser: pwshim.lexer tokens -> lark LALR (grammar/powershell.lark) -> pwshim.nodes.

Public API:
    parse(text, file=None) -> ScriptBlockAst          raises ParseError (all errors, .incomplete)
    parse_errors(text, file=None) -> list[ErrorRecord] for `--check`
    tokenize(text) -> list[Tok]                       for the REPL

lark (parser="lalr") computes the LALR(1) tables from grammar/powershell.lark once; they are
flattened to plain data and pickled next to the grammar (or, when that directory is not writable,
under the user's cache dir). At run time a small driver (_Lalr) runs those tables over the
tokens of pwshim.lexer and calls pwshim.parser_build.Builder on each reduction, so a cold start
neither imports lark nor analyses the grammar. Errors carry pwsh's
ParserStrings ids and texts; after an error the parser resumes at the next top-level statement
so one run reports every error, as pwsh does. `ParseError.incomplete` is true exactly when the
first error is at the end of the text (an unclosed `{`, `(`, string, trailing `|`/operator...),
which drives the REPL's `>>` prompt (pwsh's IncompleteParseException).
"""

from __future__ import annotations

import os
import pickle
import threading
import zlib
from pathlib import Path
from typing import Any

from pwshim import nodes as N
from pwshim.lexer import Lexer, LexError, Tok, _line_starts, tokenize
from pwshim.parser_build import Builder, Source
from pwshim.runtime.errors import ErrorRecord, ParseError

__all__ = ["parse", "parse_errors", "tokenize", "ParseError"]

_GRAMMAR = Path(__file__).resolve().parent.parent / "grammar" / "powershell.lark"
_MAX_ERRORS = 30
_lock = threading.RLock()
_parser: Any = None
_builder = Builder()


def _grammar_path() -> Path:
    """grammar/powershell.lark: beside the package in a checkout, pwshim/grammar/ when installed."""
    for path in (_GRAMMAR, Path(__file__).resolve().parent / "grammar" / "powershell.lark"):
        if path.exists():
            return path
    import importlib.resources

    return Path(str(importlib.resources.files("pwshim.grammar") / "powershell.lark"))


def _cache_paths(digest: str) -> list[Path]:
    name = f"powershell-{digest}.lalr.pickle"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return [_grammar_path().parent / name, Path(base) / "pwshim" / name]


def _build_tables(grammar: str) -> dict:
    """Run lark's LALR analysis and flatten the result into plain data (no lark objects), so
    loading it later needs neither lark nor the grammar."""
    from lark import Lark

    lark = Lark(grammar, parser="lalr", lexer="basic", start=["start", "substmts"])
    table = lark.parser.parser.parser.parse_table
    rules: list = []
    rule_index: dict = {}
    states: dict = {}
    for sid, actions in table.states.items():
        row = {}
        for sym, (action, arg) in actions.items():
            if action.name == "Shift":
                row[str(sym)] = (1, arg)
            else:
                if arg not in rule_index:
                    rule_index[arg] = len(rules)
                    rules.append(_rule_spec(arg))
                row[str(sym)] = (0, rule_index[arg])
        states[sid] = row
    return {"states": states, "rules": rules, "start": dict(table.start_states),
            "end": dict(table.end_states)}


def _rule_spec(rule: Any) -> tuple:
    """(origin, size, method name, kept child indices or None, inlined child indices, expand1),
    reproducing lark's tree shaping: `_`-terminals dropped, `_rule` children spliced, `?rule`
    collapsed when it has one child (but not for aliased alternatives)."""
    name = str(rule.alias or rule.origin.name)  # plain str: the tables must unpickle without lark
    exp = rule.expansion
    keep = tuple(i for i, sym in enumerate(exp) if not (sym.is_term and (sym.filter_out or sym.name.startswith("_"))))
    inline = tuple(i for i, sym in enumerate(exp) if not sym.is_term and sym.name.startswith("_"))
    return (str(rule.origin.name), len(exp), name, None if len(keep) == len(exp) else keep, inline,
            bool(rule.options.expand1) and not rule.alias)


def _load_tables() -> dict:
    grammar = _grammar_path().read_bytes()
    digest = f"{zlib.crc32(grammar):08x}{len(grammar):x}"
    paths = _cache_paths(digest)
    for path in paths:
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.PickleError, EOFError, ValueError):
            continue
    tables = _build_tables(grammar.decode("utf-8"))
    for path in paths:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                pickle.dump(tables, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
            for old in path.parent.glob("powershell-*.lalr.pickle"):
                if old != path:  # tables of an earlier grammar
                    old.unlink(missing_ok=True)
            break
        except OSError:
            continue
    return tables


class _Unexpected(Exception):
    """The LALR driver met a token no action allows (like lark's UnexpectedToken). `prev` is the
    token before it (at the end of the text: the last token)."""

    def __init__(self, token: Tok | None, expected: set[str], prev: Tok | None = None) -> None:
        super().__init__(token)
        self.token = token
        self.expected = expected
        self.prev = prev


class _Lalr:
    """A minimal LALR(1) driver over lark's tables; calls Builder methods on reductions.

    Two thirds of the reductions in real scripts are `?rule` chains with one child (expression
    -> ternary -> logical -> ... -> primary): those only change state, so the driver does them
    without building a child list or calling anything."""

    def __init__(self, tables: dict) -> None:
        self.states = tables["states"]
        self.start = tables["start"]
        self.end = tables["end"]
        # per rule: (origin, size, reducer or None for a one-child pass-through)
        self.rules = [self._reducer(spec) for spec in tables["rules"]]
        # (state below, state, lookahead) -> the state after the whole chain of one-child
        # reductions from there (the state below stays the same along the chain)
        self.chains: dict[int, dict[tuple, int]] = {}  # per end state (start symbol)

    def _chain(self, below: int, origin: str, ttype: str, end_state: int) -> int:
        states, rules = self.states, self.rules
        top = states[below][origin][1]
        while top != end_state:
            action = states[top].get(ttype)
            if action is None or action[0] or rules[action[1]][2] is not None:
                break
            top = states[below][rules[action[1]][0]][1]
        return top

    @staticmethod
    def _reducer(spec: tuple) -> tuple:
        origin, size, name, keep, inline, expand1 = spec
        method = None if name.startswith("_") else getattr(_builder, name, None)
        if size == 1 and expand1 and keep is None and not inline:
            return origin, size, None

        def reduce(children: list) -> Any:
            if inline:
                kids: list = []
                for i, ch in enumerate(children):
                    if i in inline:
                        kids.extend(ch)
                    elif keep is None or i in keep:
                        kids.append(ch)
            elif keep is not None:
                kids = [children[i] for i in keep]
            else:
                kids = children
            if expand1 and len(kids) == 1:
                return kids[0]
            return kids if method is None else method(kids)

        return origin, size, reduce

    def parse(self, lexer: Lexer, start: str) -> Any:
        states, rules = self.states, self.rules
        end_state = self.end[start]
        state_stack = [self.start[start]]
        value_stack: list = []
        before = last = None
        next_token = lexer.next
        chains = self.chains.setdefault(end_state, {})
        ended = False
        while True:
            tok = None if lexer.done else next_token()
            if tok is None:
                if ended:  # $END was shifted, yet the start rule never completed
                    raise _Unexpected(None, set(), last)
                ended = True
                ttype = "$END"
            else:
                ttype = tok.type
                before, last = last, tok
            while True:
                action = states[state_stack[-1]].get(ttype)
                if action is None:
                    expected = {k for k in states[state_stack[-1]] if k.isupper() or k == "$END"}
                    raise _Unexpected(tok, expected, last if tok is None else before)
                if action[0]:
                    state_stack.append(action[1])
                    value_stack.append(tok)
                    break
                origin, size, reduce = rules[action[1]]
                if reduce is None:  # one child passed through: only the state changes
                    below = state_stack[-2]
                    key = (below, state_stack[-1], ttype)
                    top = chains.get(key)
                    if top is None:
                        top = chains[key] = self._chain(below, origin, ttype, end_state)
                    state_stack[-1] = top
                    if tok is None and top == end_state:
                        return value_stack[-1]
                    continue
                if size:
                    children = value_stack[-size:]
                    del value_stack[-size:]
                    del state_stack[-size:]
                else:
                    children = []
                value_stack.append(reduce(children))
                state_stack.append(states[state_stack[-1]][origin][1])
                if tok is None and state_stack[-1] == end_state:
                    return value_stack[-1]


def _get_parser() -> _Lalr:
    """The parser, from the pickled tables when possible (cold start: no grammar analysis)."""
    global _parser
    if _parser is None:
        with _lock:
            if _parser is None:
                _parser = _Lalr(_load_tables())
    return _parser


def _subparse(lexer: Lexer) -> N.StatementBlockAst:
    return _get_parser().parse(lexer, "substmts")


def _parse(text: str, file: str | None) -> tuple[N.ScriptBlockAst | None, list[ErrorRecord], bool]:
    parser = _get_parser()
    line_starts = _line_starts(text)
    src = Source(text, file, line_starts)
    errors: list[ErrorRecord] = []
    incomplete = False
    result: N.ScriptBlockAst | None = None
    offset = 0
    with _lock:
        saved = (_builder.src, _builder.errors, _builder._param_vars)
        _builder.src, _builder.errors, _builder._param_vars = src, errors, {}
        try:
            while len(errors) < _MAX_ERRORS:
                lexer = Lexer(text, file, start=offset, subparse=_subparse, line_starts=line_starts)
                try:
                    tree = parser.parse(lexer, "start")
                    if offset == 0:
                        result = tree
                    errors.extend(_lex_records(src, lexer.errors))
                    break
                except LexError as exc:
                    errors.extend(_lex_records(src, lexer.errors))
                    errors.append(src.record(exc.error_id, exc.message, exc.start, exc.end))
                    if exc.incomplete and len(errors) == 1:
                        incomplete = True
                    break
                except _Unexpected as exc:
                    from pwshim.parser_errors import describe  # only needed when parsing fails

                    errors.extend(_lex_records(src, lexer.errors))
                    tok = exc.token
                    eof = tok is None
                    error_id, message, start, end = describe(tok, exc.prev, exc.expected, lexer)
                    errors.append(src.record(error_id, message, start, end))
                    if eof:
                        incomplete = incomplete or len(errors) == 1
                        break
                    offset = _resync(lexer, tok)
                    if offset is None:
                        break
        finally:
            _builder.src, _builder.errors, _builder._param_vars = saved
    if errors and not incomplete and errors[0].span is not None:
        # an error reported at the very end of the text (e.g. `try { }` awaiting its catch) is
        # one more input could fix: pwsh's ReportIncompleteInput
        first = src.offsets(errors[0].span)[0]
        incomplete = len(errors) == 1 and not text[first:].strip()
    return result, errors, incomplete


def _lex_records(src: Source, errs: list[LexError]) -> list[ErrorRecord]:
    out = [src.record(e.error_id, e.message, e.start, e.end) for e in errs]
    errs.clear()
    return out


def _resync(lexer: Lexer, tok: Tok) -> int | None:
    """After an error at `tok`, the offset of the next top-level statement (pwsh resumes there)."""
    if tok.type in ("_NEWLINE", "_SEMI") and len(lexer.stack) == 1:
        return lexer.pos
    try:
        for t in lexer:
            if t.type in ("_NEWLINE", "_SEMI") and len(lexer.stack) == 1:
                return lexer.pos
    except (LexError, _Unexpected):
        return None
    return None


def parse(text: str, file: str | None = None) -> N.ScriptBlockAst:
    """Parse a script; raises ParseError listing every error (pwsh ParserStrings ids/texts)."""
    result, errors, incomplete = _parse(text, file)
    if errors or result is None:
        raise ParseError(errors, incomplete)
    return result


def parse_errors(text: str, file: str | None = None) -> list[ErrorRecord]:
    """Every parse error of `text` (empty when it parses): for `pwshim --check`."""
    return _parse(text, file)[1]
