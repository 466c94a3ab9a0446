"""Statement-level tokenizer modes: keywords and what follows them (`if (`, `foreach (... in`,
`function name`, `param(`, `catch [T]`, `break label`...). A mixin of pwshim.lexer.Lexer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pwshim import nodes as N
from pwshim.lexer_text import (
    ARG, BLOCK_KEYWORDS, BLOCKEXP, CATCH, DASHES, FUNCAFTER, FUNCNAME, KWPAREN, LABELARG,
    OPERAND, OPERATOR, PARAMEXP, START, escape_char, is_ws,
)

if TYPE_CHECKING:
    from pwshim.lexer import Tok


class StatementModes:
    """Lexer methods for keywords and the modes they start (mixed into pwshim.lexer.Lexer)."""

    def _keyword(self, kw: str, start: int, end: int, ws: bool) -> Tok | None:
        if kw == "until":
            return None
        tok = self._tok("KW_" + kw.upper(), start, end, kw, ws=ws)
        if kw in ("if", "elseif", "while", "for"):
            self.mode = KWPAREN
        elif kw == "foreach":
            self.mode = KWPAREN
            self.pending_foreach = True
        elif kw == "switch":
            self.mode = ARG
            self.pending_switch = len(self.stack)
        elif kw in BLOCK_KEYWORDS:
            self.mode = BLOCKEXP
            if kw == "do":
                self.pending_switch = -2  # marker: next block is a do body
        elif kw in ("catch", "trap"):
            self.mode = CATCH
        elif kw in ("function", "filter"):
            self.mode = FUNCNAME
        elif kw == "param":
            self.mode = PARAMEXP
        elif kw in ("return", "throw", "exit"):
            self.mode = START
            self.need_more = False
        elif kw in ("break", "continue"):
            self.mode = LABELARG
        elif kw == "using":
            self.mode = ARG
        return tok

    def _scan_labelarg(self, c: str, nxt: str, ws: bool) -> Tok:
        if c.isalpha() or c == "_":
            tok = self._generic(self.pos, ws)
            self.mode = OPERATOR
            return tok
        self.mode = OPERATOR if c == "$" else START
        if c == "$":
            return self._scan_operand(c, nxt, ws)
        return self._scan(ws)

    def _scan_funcname(self, c: str, nxt: str, ws: bool) -> Tok:
        pos = self.pos
        end = pos
        text = self.text
        name: list[str] = []
        while end < self.end and not is_ws(text[end]) and text[end] not in "(){};|\r\n":
            if text[end] == "`":  # `function xyzzy`u{2195}` is named 'xyzzy↕' (Parser.Tests.ps1)
                ch, end = escape_char(text, end, self.end)
                name.append(ch)
                continue
            name.append(text[end])
            end += 1
        if end == pos:
            self.mode = FUNCAFTER
            return self._scan(ws)
        tok = self._tok("GENERIC", pos, end, N.StringConstantExpressionAst("".join(name), "bareword", span=self.span(pos, end)), ws=ws)
        self.mode = FUNCAFTER
        return tok

    def _scan_funcafter(self, c: str, nxt: str, ws: bool) -> Tok:
        if c == "(":
            return self._open("LPAREN", "params", OPERAND, FUNCAFTER, self.pos, ws)
        if c == "{":
            return self._open_brace(self.pos, ws, OPERATOR, stmt=True)
        self.mode = OPERATOR
        return self._scan_operator(c, nxt, ws)

    def _scan_paramexp(self, c: str, nxt: str, ws: bool) -> Tok:
        if c == "(":
            return self._open("LPAREN", "params", OPERAND, START, self.pos, ws)
        self.mode = OPERATOR
        return self._scan_operator(c, nxt, ws)

    def _scan_kwparen(self, c: str, nxt: str, ws: bool) -> Tok:
        pos = self.pos
        if c == "(":
            owner = self.prev.value.lower() if self.prev is not None else None
            if self.pending_switch == -3:
                owner, self.pending_switch = "do" + (owner or "while"), -1  # dowhile / dountil
            if self.pending_foreach:
                self.pending_foreach = False
                return self._open("LPAREN", "foreach", OPERAND, BLOCKEXP, pos, ws, owner="foreach")
            return self._open("LPAREN", "paren", START, OPERATOR if owner in ("dowhile", "dountil") else BLOCKEXP, pos, ws, owner=owner)
        if c in DASHES and nxt.isalpha():  # foreach -parallel
            param = self._parameter(pos, ws)
            if param is not None:
                self.mode = KWPAREN
                return param
        self.mode = OPERATOR
        return self._scan_operator(c, nxt, ws)

    def _scan_blockexp(self, c: str, nxt: str, ws: bool) -> Tok:
        if c == "{":
            return self._open_brace(self.pos, ws, OPERATOR, stmt=True)
        self.mode = START
        return self._scan_start(c, nxt, ws)

    def _scan_catch(self, c: str, nxt: str, ws: bool) -> Tok:
        pos = self.pos
        if c == "[":
            tok = self._type_or_attribute(pos, ws)
            self.mode = CATCH
            self.need_more = False
            return tok
        if c == ",":
            tok = self._tok("COMMA", pos, pos + 1, ws=ws)
            self.mode = CATCH
            return tok
        if c == "{":
            return self._open_brace(pos, ws, OPERATOR, stmt=True)
        self.mode = OPERATOR
        return self._scan_operator(c, nxt, ws)
