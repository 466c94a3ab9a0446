"""A mode-aware PowerShell tokenizer, modelled on pwsh's tokenizer.cs (reference §2-3).

pwsh lexes the same text differently in expression and command (argument) mode (`-eq`, `2+2`,
`cert:\\CurrentUser\\My`, `a#b`, `$a.b` vs `$a .b`). The pwsh parser switches the tokenizer's mode
as it goes; here the tokenizer tracks the parser's position itself with a small state machine:
a mode (statement start, expression operand/operator, command argument...) plus a stack of open
brackets (`{`, `(`, `$(`, `@{`, method-call `(`, index `[`, `param(`...). Whitespace is encoded in
the token kinds (MEMBER_DOT only when `.` touches its target, CALL_OPEN only when `(` touches the
member name, ...), so the LALR grammar never sees whitespace. Newlines are tokens except where
pwsh continues the line (after operators, `,`, `|`, `=`, inside `(...)`, before `else`/`catch`/
`finally`, before a leading `|` (pwsh 7)...).
"""

from __future__ import annotations

import bisect
import re
from typing import Callable, Iterator

from pwshim import nodes as N
from pwshim.lexer_expr import ExpressionScanning
from pwshim.lexer_modes import StatementModes
from pwshim.lexer_text import (
    ARG, ARGPOST, BLOCKEXP, CATCH, CMDSTART, DASHES, DQUOTES, FORCE_NEW, FUNCAFTER, FUNCNAME, KEY,
    KEYWORDS, KWPAREN, LABELARG, MEMBER, OPERAND, OPERATOR, PARAMEXP, SQUOTES, START,
    TYPEAFTER, LexError, escape_char, is_ident_char, is_var_char, is_ws, scan_number,
)

__all__ = ["Lexer", "LexError", "Tok", "tokenize", "KEYWORDS"]

# tokens after which a newline does not end the statement (pwsh "Line continuation", reference §3.1)
_CONTINUE = {
    "OP_LOGICAL", "OP_BITWISE", "OP_CMP", "OP_COALESCE", "PLUS", "MINUS", "OP_MUL", "OP_FORMAT",
    "DOTDOT", "COMMA", "ARG_SEP", "PIPE", "ANDAND", "OROR", "ASSIGN", "UNARY_NOT", "UNARY_BNOT",
    "UNARY_SPLITJOIN", "MEMBER_DOT", "STATIC_DOT", "NULL_DOT", "LPAREN", "CALL_OPEN",
    "SUBEXPR_OPEN", "ARRAY_OPEN", "HASH_OPEN", "INDEX_OPEN", "NULL_INDEX", "LBRACE", "CALL_BRACE", "LABEL",
    "KW_IN", "QUESTION", "COLON", "AMP_CALL", "DOTSOURCE", "ATTR_OPEN",
}
_BLANKS = re.compile(r"[ \t\v\f\u00a0\u0085]*")  # is_ws's common characters, at C speed
_BLANK_LINES = re.compile(r"[\r\n \t\v\f\u00a0\u0085]*")
_TO_EOL = re.compile(r"[^\r\n]*")
_VAR_CHARS = re.compile(r"[\w?]*")  # is_var_char: str.isalnum() characters, `_` and `?`
_NL_FREE_CTX = {"call", "index", "params", "attr", "attr_br", "foreach", "switch"}


class Tok:
    """A token. Attribute names follow lark's Token so lark's LALR parser accepts it."""

    __slots__ = ("type", "value", "start_pos", "end_pos", "data", "ws_before", "_ls")

    def __init__(self, type_: str, value: str, start: int, end: int, data: object = None,
                 line_starts: list[int] | None = None) -> None:
        self.type = type_
        self.value = value
        self.start_pos = start
        self.end_pos = end
        self.data = data
        self.ws_before = False
        self._ls = line_starts  # line/column are computed on demand (most tokens never need them)

    def _linecol(self, offset: int) -> tuple[int, int]:
        ls = self._ls or [0]
        i = bisect.bisect_right(ls, offset) - 1
        return i + 1, offset - ls[i] + 1

    @property
    def line(self) -> int:
        return self._linecol(self.start_pos)[0]

    @property
    def column(self) -> int:
        return self._linecol(self.start_pos)[1]

    @property
    def end_line(self) -> int:
        return self._linecol(self.end_pos)[0]

    @property
    def end_column(self) -> int:
        return self._linecol(self.end_pos)[1]

    @classmethod
    def new_borrow_pos(cls, type_: str, value: str, borrow: "Tok") -> "Tok":  # lark's $END
        return cls(type_, value, borrow.end_pos, borrow.end_pos, line_starts=borrow._ls)

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Tok({self.type}, {self.value!r}, {self.line}:{self.column})"


class _Ctx:
    """An open bracket: kind (root block paren subexpr hash call index params attr attr_br switch
    foreach), the mode restored when it closes, its opening token, and the keyword owning it
    (if, while, foreach, dowhile, switch...)."""

    __slots__ = ("kind", "resume", "open_tok", "owner")

    def __init__(self, kind: str, resume: str, open_tok: Tok | None = None, owner: str | None = None) -> None:
        self.kind = kind
        self.resume = resume
        self.open_tok = open_tok
        self.owner = owner


class Lexer(ExpressionScanning, StatementModes):
    """Tokenizes `text[start:end]`. With `until_close`, stops after the `)` matching an already
    consumed `$(` (used for `$(...)` inside strings); `self.pos` is then just after it.

    `subparse(lexer) -> StatementBlockAst` parses the statements of a nested `$(...)` in a string
    (the parser supplies it; without it string sub-expressions are tokenized and dropped).
    """

    def __init__(self, text: str, file: str | None = None, start: int = 0, end: int | None = None,
                 until_close: bool = False, subparse: Callable[["Lexer"], object] | None = None,
                 line_starts: list[int] | None = None) -> None:
        # U+0000 is the scanner's end-of-text sentinel; a NUL inside a script separates tokens
        # like whitespace (pwsh's CharTraits gives it ForceStartNewToken) and must not stall it.
        self.text = text.replace("\x00", " ") if "\x00" in text else text
        self.file = file
        # a UTF-8 byte-order mark is not part of the script (pwsh's file reader drops it)
        self.pos = start + 1 if start == 0 and text.startswith("\ufeff") else start
        self.end = len(text) if end is None else end
        self.subparse = subparse
        self.line_starts = line_starts if line_starts is not None else _line_starts(text)
        root = _Ctx("subexpr" if until_close else "root", START)
        self.stack: list[_Ctx] = [root]
        self.until_close = until_close
        self.mode = START
        self.need_more = False  # last token wants a continuation: newlines are insignificant
        self.prev: Tok | None = None
        self.after_do = False
        self.pending_switch = -1  # stack depth at which the next `{` opens a switch body
        self.pending_foreach = False
        self.params_ended = False  # `--` seen in this command
        self.errors: list[LexError] = []  # non-fatal errors (pwsh reports and goes on)
        self.done = False
        self.closed = False  # until_close: the matching `)` was found
        self.eof_error: LexError | None = None  # until_close: raised when the text ends first
        self.member_cmd = False  # the pending member access is in a command argument
        self.member_end = -1  # where the last `$var`/'name'/(expr) member name ended (`$x.$m()`)
        self._line_text: dict[int, str] = {}  # line index -> its text (spans name it)

    # ------------------------------------------------------------------ positions
    def linecol(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def span(self, start: int, end: int) -> N.Span:
        ls = self.line_starts
        line = bisect.bisect_right(ls, start) - 1
        eline = bisect.bisect_right(ls, end) - 1
        text = self._line_text.get(line)
        if text is None:
            stop = ls[line + 1] - 1 if line + 1 < len(ls) else len(self.text)
            text = self._line_text[line] = self.text[ls[line]:stop].rstrip("\r")
        return N.Span(self.file, line + 1, start - ls[line] + 1, eline + 1, end - ls[eline] + 1, text, start, end)

    def _tok(self, type_: str, start: int, end: int, data: object = None, ws: bool = False) -> Tok:
        t = Tok(type_, self.text[start:end], start, end, data, self.line_starts)
        t.ws_before = ws
        self.pos = end
        self.prev = t
        self.need_more = type_ in _CONTINUE
        return t

    def error(self, error_id: str, message: str, start: int, end: int | None = None,
              incomplete: bool = False) -> LexError:
        return LexError(error_id, message, start, start + 1 if end is None else end, incomplete)

    # ------------------------------------------------------------------ driver
    def __iter__(self) -> Iterator[Tok]:
        while not self.done:
            tok = self.next()
            if tok is None:
                return
            yield tok

    def next(self) -> Tok | None:
        """The next token, or None at the end."""
        while True:
            ws, nl_at = self._skip()
            if nl_at is not None:
                tok = self._newline(nl_at)
                if tok is not None:
                    return tok
                continue
            if self.pos >= self.end:
                if self.until_close and self.eof_error is not None:
                    raise self.eof_error
                self.done = True
                return None
            if ws and self.mode == ARGPOST:
                self.mode = ARG
            return self._scan(ws)

    def _skip(self) -> tuple[bool, int | None]:
        """Skip whitespace, comments and line continuations. Returns (saw_ws, newline_offset)."""
        text, end = self.text, self.end
        ws = False
        while self.pos < end:
            c = text[self.pos]
            if c == "\n" or c == "\r":
                return ws, self.pos
            if c == " " or c == "\t":
                self.pos = _BLANKS.match(text, self.pos, end).end()
                ws = True
            elif is_ws(c):
                self.pos += 1
                ws = True
            elif c == "#":
                self.pos = _TO_EOL.match(text, self.pos, end).end()
                ws = True
            elif c == "<" and text.startswith("<#", self.pos):
                close = text.find("#>", self.pos + 2, end)
                if close < 0:
                    raise self.error("MissingTerminatorMultiLineComment",
                                     "The terminator '#>' is missing from the multiline comment.",
                                     self.pos, end, incomplete=True)
                self.pos = close + 2
                ws = True
            elif c == "`" and self.pos + 1 < end and text[self.pos + 1] in "\r\n":
                self.pos += 3 if text.startswith("\r\n", self.pos + 1) else 2
                ws = True
            elif c == "`" and self.pos + 1 < end and is_ws(text[self.pos + 1]):
                self.pos += 2  # "` " is whitespace, so "` " + newline ends the line (reference §3.1)
                ws = True
            elif c == "`" and self.pos + 1 >= end:
                raise self.error("IncompleteInput", "Incomplete line continuation.", self.pos,
                                 incomplete=True)
            else:
                return ws, None
        return ws, None

    def _newline(self, at: int) -> Tok | None:
        """Consume a run of newlines (and the blanks/comments between); return a NEWLINE token
        unless pwsh would continue the statement here."""
        text = self.text
        pos = at
        while True:
            pos = _BLANK_LINES.match(text, pos, self.end).end()
            while pos < self.end and (text[pos] in "\r\n" or is_ws(text[pos])):
                pos += 1  # other Unicode blanks (Zs, Zl, Zp)
            if pos < self.end and text[pos] == "#":
                pos = _TO_EOL.match(text, pos, self.end).end()
                continue
            if text.startswith("<#", pos):
                close = text.find("#>", pos + 2, self.end)
                if close < 0:
                    break
                pos = close + 2
                continue
            break
        if self._newline_insignificant(pos):
            self.pos = pos
            return None
        tok = self._tok("_NEWLINE", at, at + 1)
        self.pos = pos
        if self.mode in (ARG, ARGPOST, OPERATOR, TYPEAFTER, LABELARG):
            self.mode = KEY if self.stack[-1].kind == "hash" else START
        self.params_ended = False
        return tok

    def _newline_insignificant(self, nxt: int) -> bool:
        ctx = self.stack[-1]
        if ctx.kind in _NL_FREE_CTX or self.need_more:
            return True
        if self.mode in (BLOCKEXP, KWPAREN, CATCH, PARAMEXP, FUNCAFTER, FUNCNAME, MEMBER):
            return True
        if self.pending_switch == len(self.stack):
            return True  # `switch (...)` newline `{`
        if nxt >= self.end:
            return False
        c = self.text[nxt]
        if c in ")]" and ctx.kind in ("paren", "subexpr", "index"):
            return True
        if c == "|" and not self.text.startswith("||", nxt) and self.mode not in (START, CMDSTART, KEY):
            return True  # pwsh 7: a line may start with `|` (Tokenizer.IsPipeContinuation)
        if c.isalpha() and self.prev is not None and self.prev.type == "RBRACE":
            word = self._word_at(nxt).lower()
            if word in ("else", "elseif", "catch", "finally"):
                return True
            if word in ("while", "until") and self.after_do:
                return True
        if self.prev is not None and self.prev.type == "RBRACKET" and getattr(self.prev.data, "kind", "") == "attr_br":
            return True  # `[CmdletBinding()]` newline `param(`
        return False

    def _word_at(self, pos: int) -> str:
        end = pos
        while end < self.end and (self.text[end].isalnum() or self.text[end] == "_"):
            end += 1
        if end < self.end and self.text[end] not in FORCE_NEW and not is_ws(self.text[end]):
            return ""
        return self.text[pos:end]

    # ------------------------------------------------------------------ contexts
    def _push(self, kind: str, resume: str, open_tok: Tok, owner: str | None = None) -> None:
        self.stack.append(_Ctx(kind, resume, open_tok, owner))

    def _close(self, c: str, ws: bool) -> Tok:
        start = self.pos
        ctx = self.stack[-1]
        expected = {"block": "}", "hash": "}", "switch": "}", "index": "]", "attr_br": "]"}.get(ctx.kind, ")")
        if ctx.kind == "root" or c != expected:
            # unbalanced: let the grammar report "Unexpected token"
            self.mode = OPERATOR
            return self._tok({"}": "RBRACE", ")": "RPAREN", "]": "RBRACKET"}[c], start, start + 1, ws=ws)
        self.stack.pop()
        if ctx.kind == "subexpr" and self.until_close and not self.stack:
            self.pos = start + 1
            self.done = self.closed = True
            return None  # type: ignore[return-value]
        self.mode = ctx.resume
        if ctx.owner == "do":
            self.after_do = True
        elif ctx.owner in ("if", "elseif", "while", "for", "foreach"):
            self.mode = BLOCKEXP
        if ctx.owner == "switchkw":
            self.mode = ctx.resume
        elif ctx.owner == "member":
            self.member_end = start + 1  # `$x.($name)(...)`
        type_ = {"}": "RBRACE", ")": "RPAREN", "]": "RBRACKET"}[c]
        tok = self._tok(type_, start, start + 1, ctx, ws=ws)
        if ctx.kind == "attr_br":
            self.need_more = True  # an attribute always precedes something
        return tok

    # ------------------------------------------------------------------ scanning
    def _scan(self, ws: bool) -> Tok:
        text, pos = self.text, self.pos
        c = text[pos]
        mode = self.mode
        nxt = text[pos + 1] if pos + 1 < self.end else "\x00"
        if mode != ARGPOST or c not in ".[":
            self.after_do = self.after_do and c.isalpha()
        # structural characters common to every mode
        if c in ")]}":
            if c == "]" and self.stack[-1].kind not in ("index", "attr_br"):
                pass  # a stray `]` in command mode is part of a bareword
            else:
                return self._close(c, ws)
        if c == ";":
            if self.stack[-1].kind == "switch":  # clauses need no separators
                self.pos += 1
                return self.next()  # type: ignore[return-value]
            tok = self._tok("_SEMI", pos, pos + 1, ws=ws)
            self.mode = KEY if self.stack[-1].kind == "hash" else START
            self.params_ended = False
            return tok
        if c == "|" and mode not in (MEMBER,):
            if nxt == "|":
                tok = self._tok("OROR", pos, pos + 2, ws=ws)
                self.mode = CMDSTART
                return tok
            tok = self._tok("PIPE", pos, pos + 1, ws=ws)
            self.mode = CMDSTART
            self.params_ended = False
            return tok
        if c == "&" and mode not in (START, CMDSTART):
            if nxt == "&":
                tok = self._tok("ANDAND", pos, pos + 2, ws=ws)
                self.mode = CMDSTART
                return tok
            tok = self._tok("AMP_BG", pos, pos + 1, ws=ws)
            self.mode = START
            return tok
        handler = _DISPATCH[mode]
        return handler(self, c, nxt, ws)

    # --- statement start -------------------------------------------------
    def _scan_start(self, c: str, nxt: str, ws: bool) -> Tok:
        pos = self.pos
        keywords = self.mode == START
        if keywords and c in "cCeEdD[":
            from pwshim.parser_typedef import scan_typedef, typedef_at

            if typedef_at(self.text, pos, self.end):
                end, node = scan_typedef(self, pos)
                tok = self._tok("TYPEDEF", pos, end, node, ws=ws)
                self.mode = START
                return tok
        if c == "&":
            if nxt == "&":
                return self._tok("ANDAND", pos, pos + 2, ws=ws)
            tok = self._tok("AMP_CALL", pos, pos + 1, ws=ws)
            self.mode = ARG
            return tok
        if c == "." and (nxt == "\x00" or is_ws(nxt) or nxt in "$'\"{(&" or nxt in DQUOTES or nxt in SQUOTES):
            tok = self._tok("DOTSOURCE", pos, pos + 1, ws=ws)
            self.mode = ARG
            return tok
        if c == ":" and nxt and (nxt.isalnum() or nxt == "_"):
            end = pos + 1
            while end < self.end and is_ident_char(self.text[end]):
                end += 1
            tok = self._tok("LABEL", pos, end, self.text[pos + 1:end], ws=ws)
            self.mode = START
            return tok
        if c == "<" and nxt != "#":
            # pwsh: a redirection operator in command-name position becomes the command name
            # (Parser.cs "For backwards compatibility..."; reference §5 point 3)
            tok = self._tok("GENERIC", pos, pos + 1, N.StringConstantExpressionAst("<", "bareword", span=self.span(pos, pos + 1)), ws=ws)
            self.mode = ARG
            return tok
        if self._expression_start(c, nxt):
            self.mode = OPERAND
            return self._scan_operand(c, nxt, ws)
        if (c.isascii() and c.isdecimal()):
            num = scan_number(self.text, pos, self.end)
            if num is not None and self._number_ends_here(num[0], command=False):
                self.mode = OPERAND
                return self._scan_operand(c, nxt, ws)
        # a command name (or a keyword)
        if keywords and (c.isalpha() or c == "_"):
            word = self._word_at(pos)
            low = word.lower()
            if low in KEYWORDS and word:
                kw = self._keyword(low, pos, pos + len(word), ws)
                if kw is not None:
                    return kw
        tok = self._generic(pos, ws)
        self.mode = ARG
        self.params_ended = False
        return tok

    def _expression_start(self, c: str, nxt: str) -> bool:
        """pwsh tries an expression first at a pipeline element (reference §2): these start one."""
        if c in "$([{'\"," or c in SQUOTES or c in DQUOTES or c == "!":
            return True
        if c == "@":
            return nxt in "({'\"" or nxt in SQUOTES or nxt in DQUOTES or is_var_char(nxt)
        if c == "." and (nxt.isascii() and nxt.isdecimal()):
            return True
        if c in DASHES or c == "+":
            if (nxt.isascii() and nxt.isdecimal()) or nxt in "$(.[" or (nxt in DASHES and c in DASHES) or (c == "+" and nxt == "+"):
                return True
            if c in DASHES and nxt.isalpha():
                word = self._dash_word(self.pos)
                return word.lower() in ("not", "bnot", "split", "join", "csplit", "isplit", "cjoin", "ijoin")
        return False

    # --- expression operand ------------------------------------------------
    def _primary(self, c: str, nxt: str, ws: bool, command: bool) -> Tok | None:
        """Tokens that open a primary expression, as an operand (command=False) or as a
        command argument (GetCommandArgument, Parser.cs:6295); None for anything else."""
        pos = self.pos
        after = ARGPOST if command else OPERATOR
        if c == "$":
            return self._dollar(pos, ws, command)
        if c == "@" and (not command or nxt in "({'\"" or nxt in SQUOTES or nxt in DQUOTES or is_var_char(nxt)):
            return self._at(pos, nxt, ws, command)
        if c in SQUOTES or c in DQUOTES:
            tok = self._string(pos, ws)
            self.mode = after
            return tok
        if c == "(":
            owner = "switch" if self.pending_switch == len(self.stack) else None
            return self._open("LPAREN", "paren", START, after, pos, ws, owner=owner)
        if c == "{":
            return self._open_brace(pos, ws, after)
        return None

    # --- expression operator -----------------------------------------------
    def _scan_argpost(self, c: str, nxt: str, ws: bool) -> Tok:
        """Right after a command argument primary (no whitespace): `.member`, `[index]`, `::`,
        `.Method(` continue it (GetCommandArgument with member access, Parser.cs:6351)."""
        pos = self.pos
        prev = self.prev
        if c == "." and nxt != "." and (is_ident_char(nxt) or nxt in "$'\"(" or nxt in SQUOTES or nxt in DQUOTES):
            tok = self._tok("MEMBER_DOT", pos, pos + 1, ws=ws)
            self.mode = MEMBER
            self.member_cmd = True
            return tok
        if c == ":" and nxt == ":":
            tok = self._tok("STATIC_DOT", pos, pos + 2, ws=ws)
            self.mode = MEMBER
            self.member_cmd = True
            return tok
        if c == "[" and prev is not None and prev.type != "GENERIC":
            return self._open("INDEX_OPEN", "index", OPERAND, ARGPOST, pos, ws)
        if c == "(" and prev is not None and self.ends_member(prev):
            return self._open("CALL_OPEN", "call", OPERAND, ARGPOST, pos, ws)
        if c == "{" and prev is not None and self.ends_member(prev):
            return self._open("CALL_BRACE", "block", START, ARGPOST, pos, ws)  # `$x.ForEach{ ... }`
        self.mode = ARG
        return self._scan_arg(c, nxt, ws)

    # --- hashtable key -------------------------------------------------------
    def _scan_key(self, c: str, nxt: str, ws: bool) -> Tok:
        self.mode = OPERAND
        return self._scan_operand(c, nxt, ws)

    # --- command arguments ---------------------------------------------------
    def _scan_arg(self, c: str, nxt: str, ws: bool) -> Tok:
        pos = self.pos
        if c in DASHES and not self.params_ended and (nxt.isalpha() or nxt in "_?" or nxt in DASHES):
            if nxt in DASHES:
                after = self.text[pos + 2] if pos + 2 < self.end else "\x00"
                if after == "%":
                    # `--%` (stop-parsing): pwsh passes the rest of the line verbatim; documented
                    # for Windows only, and pwshim does not implement it: an error, not a guess
                    self.errors.append(self.error(
                        "StopParsingNotSupported",
                        "pwshim does not implement the stop-parsing token '--%'; quote the arguments instead.",
                        pos, pos + 3))
                if after == "\x00" or is_ws(after) or after in FORCE_NEW:
                    self.pos = pos + 2  # `--`: end of parameters (Parser.cs CommandRule MinusMinus)
                    self.params_ended = True
                    return self.next()  # type: ignore[return-value]
            else:
                param = self._parameter(pos, ws)
                if param is not None:
                    return param
        tok = self._primary(c, nxt, ws, command=True)
        if tok is not None:
            return tok
        if c == ",":
            tok = self._tok("COMMA", pos, pos + 1, "arg", ws=ws)  # data: a command-argument comma
            self.mode = ARG
            return tok
        if c == "<" and nxt != "#":
            tok = self._tok("REDIR_IN", pos, pos + 1, ws=ws)
            self.mode = ARG
            return tok
        redir = self._redirection(pos, ws)
        if redir is not None:
            return redir
        if (c.isascii() and c.isdecimal()) or (c in DASHES and (nxt.isascii() and nxt.isdecimal())) or (c == "." and (nxt.isascii() and nxt.isdecimal())):
            start = pos + 1 if c in DASHES else pos
            num = scan_number(self.text, start, self.end)
            if num is not None and self._number_ends_here(num[0], command=True):
                end, value, hint = num
                if c in DASHES:
                    value = -value
                tok = self._tok("NUMBER", pos, end, N.ConstantExpressionAst(value, hint, span=self.span(pos, end)), ws=ws)
                self.mode = ARGPOST
                return tok
        if self.stack[-1].kind == "switch" and (c in "dD") and self._word_at(pos).lower() == "default":
            tok = self._tok("KW_DEFAULT", pos, pos + 7, "default", ws=ws)
            self.mode = ARG
            return tok
        tok = self._generic(pos, ws)
        self.mode = ARG
        return tok

    def _parameter(self, pos: int, ws: bool) -> Tok | None:
        """`-Name` / `-Name:` (ScanParameter, tokenizer.cs). Quotes inside make it an argument."""
        end = pos + 1
        text = self.text
        while end < self.end:
            ch = text[end]
            if is_ws(ch) or ch in FORCE_NEW or ch in ".[:":
                break
            if ch in SQUOTES or ch in DQUOTES or ch == "$" and False:
                return None
            end += 1
        name = text[pos + 1:end]
        colon = end < self.end and text[end] == ":"
        tok_end = end + 1 if colon else end
        tok = self._tok("PARAMETER_COLON" if colon else "PARAMETER", pos, tok_end, (name, colon), ws=ws)
        self.mode = ARG
        self.need_more = colon
        return tok

    def _redirection(self, pos: int, ws: bool) -> Tok | None:
        text = self.text
        c = text[pos]
        stream = "1"
        i = pos
        if c in "123456*" and pos + 1 < self.end and text[pos + 1] == ">":
            stream = c
            i = pos + 1
        elif c != ">":
            return None
        i += 1
        if i < self.end and text[i] == "&" and i + 1 < self.end and text[i + 1] in "123456":
            tok = self._tok("REDIR_MERGE", pos, i + 2, (stream, text[i + 1]), ws=ws)
            self.mode = ARGPOST if self.mode in (ARG, ARGPOST) else OPERATOR
            return tok
        append = i < self.end and text[i] == ">"
        if append:
            i += 1
        tok = self._tok("REDIR_FILE", pos, i, (stream, append), ws=ws)
        self.mode = ARG
        self.need_more = False
        return tok

    def _generic(self, pos: int, ws: bool) -> Tok:
        end, node = self.scan_generic(pos)
        return self._tok("GENERIC", pos, end, node, ws=ws)

    # --- other modes ---------------------------------------------------------
    # ------------------------------------------------------------------ brackets
    def _open(self, type_: str, kind: str, inner: str, resume: str, pos: int, ws: bool,
              owner: str | None = None, start: int | None = None) -> Tok:
        s = pos if start is None else start
        tok = self._tok(type_, s, pos + 1, ws=ws)
        self._push(kind, resume, tok, owner)
        tok.data = self.stack[-1]
        self.mode = inner
        self.params_ended = False if kind != "paren" else self.params_ended
        return tok

    def _open_brace(self, pos: int, ws: bool, resume: str, stmt: bool = False) -> Tok:
        """`{`: a switch body, a do body, a statement's block (stmt: after `}` a new statement
        may follow on the same line) or a script block literal."""
        if self.pending_switch == len(self.stack):
            self.pending_switch = -1
            return self._open("LBRACE", "switch", ARG, OPERATOR, pos, ws, owner="switchbody")
        owner = "stmt" if stmt else None
        if self.pending_switch == -2:
            self.pending_switch = -1
            owner = "do"
        return self._open("LBRACE", "block", START, resume, pos, ws, owner=owner)

    # ------------------------------------------------------------------ variables
    def _dollar(self, pos: int, ws: bool, command: bool) -> Tok:
        text = self.text
        nxt = text[pos + 1] if pos + 1 < self.end else "\x00"
        after = ARGPOST if command else OPERATOR
        if nxt == "(":
            return self._open("SUBEXPR_OPEN", "subexpr", START, after, pos + 1, ws, start=pos)
        var = self.scan_variable(pos, in_string=False)
        if var is None:
            if command:
                tok = self._generic(pos, ws)
                self.mode = ARG
                return tok
            raise self.error("InvalidVariableReference",
                             "Variable reference is not valid. '$' was not followed by a valid variable name character. Consider using ${} to delimit the name.",
                             pos, pos + 1)
        end, node = var
        if command and end < self.end:
            ch = text[end]
            if not (is_ws(ch) or ch in FORCE_NEW or ch in ".[" or (ch == ":" and text.startswith("::", end))):
                # `$dir\file.txt`: re-scanned as one expandable bareword (tokenizer.cs:3137)
                tok = self._generic(pos, ws)
                self.mode = ARG
                return tok
        tok = self._tok("VARIABLE", pos, end, node, ws=ws)
        self.mode = after
        return tok

    def _at(self, pos: int, nxt: str, ws: bool, command: bool) -> Tok:
        after = ARGPOST if command else OPERATOR
        if nxt == "(":
            return self._open("ARRAY_OPEN", "subexpr", START, after, pos + 1, ws, start=pos)
        if nxt == "{":
            return self._open("HASH_OPEN", "hash", KEY, after, pos + 1, ws, start=pos)
        if nxt in SQUOTES or nxt in DQUOTES:
            tok = self._string(pos, ws)
            self.mode = after
            return tok
        var = self.scan_variable(pos, in_string=False)
        if var is None:
            return self._junk(pos, ws)
        end, node = var
        node = N.VariableExpressionAst(node.name, node.scope, True, node.braced, span=node.span)
        tok = self._tok("SPLAT", pos, end, node, ws=ws)
        self.mode = after
        return tok

    def scan_variable(self, pos: int, in_string: bool) -> tuple[int, N.VariableExpressionAst] | None:
        """Scan `$name`, `$scope:name`, `${...}`, `$$ $? $^` at `pos` (ScanVariable, tokenizer.cs)."""
        text, end_lim = self.text, self.end
        i = pos + 1
        if i >= end_lim:
            return None
        c = text[i]
        if c == "{":
            j = i + 1
            buf: list[str] = []
            while j < end_lim and text[j] != "}":
                if text[j] == "`" and j + 1 < end_lim:
                    ch, j = escape_char(text, j, end_lim)  # `${a`u{2195}}` is named 'a↕'
                    buf.append(ch)
                    continue
                buf.append(text[j])
                j += 1
            if j >= end_lim:
                raise self.error("IncompleteDollarVariableReference",
                                 "${variable} reference starting is missing the closing '}'.",
                                 pos, end_lim, incomplete=True)
            raw = "".join(buf)
            if not raw:
                raise self.error("EmptyVariableReference",
                                 "An empty ${} variable reference was found. A name is required inside the braces.",
                                 pos, j + 1)
            scope, name = None, raw
            head, sep, tail = raw.partition(":")
            if sep and head and all(is_var_char(ch) for ch in head) and tail:
                scope, name = head.lower(), tail
            return j + 1, N.VariableExpressionAst(name, scope, False, True, span=self.span(pos, j + 1))
        if c in "$^?":  # `$$`, `$?` and `$^` are single-character names (`$???$x` is `$? ?? $x`)
            return i + 1, N.VariableExpressionAst(c, None, span=self.span(pos, i + 1))
        if not is_var_char(c):
            return None
        j = i
        scope = None
        while True:
            j = _VAR_CHARS.match(text, j, end_lim).end()
            if j >= end_lim:
                break
            if text[j] == ":" and scope is None:
                if j + 1 < end_lim and text[j + 1] == ":":
                    break  # `$x::Member`
                if j + 1 < end_lim and is_var_char(text[j + 1]):
                    scope = text[i:j].lower()
                    i = j + 1
                    j += 1
                    continue
                # `"$name: text"`: pwsh InvalidVariableReferenceWithDrive (reference §3.4)
                self.errors.append(self.error(
                    "InvalidVariableReferenceWithDrive",
                    "Variable reference is not valid. ':' was not followed by a valid variable name character. Consider using ${} to delimit the name.",
                    pos, j + 1))
                break
            break
        return j, N.VariableExpressionAst(text[i:j], scope, span=self.span(pos, j))

    # ------------------------------------------------------------------ strings
    def _string(self, pos: int, ws: bool) -> Tok:
        from pwshim.lexer_strings import scan_string
        end, node = scan_string(self, pos)
        type_ = "EXPSTRING" if isinstance(node, N.ExpandableStringExpressionAst) else "STRING"
        return self._tok(type_, pos, end, node, ws=ws)

    def scan_generic(self, pos: int) -> tuple[int, N.ExpressionAst]:
        from pwshim.lexer_strings import scan_generic
        return scan_generic(self, pos)



def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


_DISPATCH: dict[str, Callable[[Lexer, str, str, bool], Tok]] = {
    START: Lexer._scan_start,
    CMDSTART: Lexer._scan_start,
    OPERAND: Lexer._scan_operand,
    OPERATOR: Lexer._scan_operator,
    ARG: Lexer._scan_arg,
    ARGPOST: Lexer._scan_argpost,
    TYPEAFTER: Lexer._scan_typeafter,
    MEMBER: Lexer._scan_member,
    KEY: Lexer._scan_key,
    LABELARG: Lexer._scan_labelarg,
    FUNCNAME: Lexer._scan_funcname,
    FUNCAFTER: Lexer._scan_funcafter,
    BLOCKEXP: Lexer._scan_blockexp,
    KWPAREN: Lexer._scan_kwparen,
    CATCH: Lexer._scan_catch,
    PARAMEXP: Lexer._scan_paramexp,
}


def tokenize(text: str, file: str | None = None, partial: bool = False) -> list[Tok]:
    """All tokens of `text` (for the REPL: highlighting, completion). Raises LexError, or with
    `partial` returns the tokens before the first lexical error (unfinished input)."""
    lexer = Lexer(text, file)
    tokens: list[Tok] = []
    try:
        for tok in lexer:
            tokens.append(tok)
    except LexError:
        if not partial:
            raise
    return tokens
