"""Expression-mode scanning for the tokenizer: operands, operators, member access, type
literals and casts (tokenizer.cs expression mode; reference §3.9, §3.11). A mixin of Lexer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pwshim import nodes as N
from pwshim.lexer_text import (
    ARGPOST, ASSIGN_CHARS, CATCH, CMP_OPERATORS, DASHES, DQUOTES, FORCE_NEW, KWPAREN, MEMBER,
    NAMED_BLOCKS, OPERAND, OPERATOR, SQUOTES, START, TYPEAFTER, is_ident_char, is_ws, scan_number, scan_type_name,
)

if TYPE_CHECKING:
    from pwshim.lexer import Tok


class ExpressionScanning:
    """Lexer methods for expression mode (mixed into pwshim.lexer.Lexer)."""

    def _scan_operand(self, c: str, nxt: str, ws: bool) -> Tok:
        pos = self.pos
        tok = self._primary(c, nxt, ws, command=False)
        if tok is not None:
            return tok
        if c == "[":
            return self._type_or_attribute(pos, ws)
        if c == ",":
            tok = self._tok(self._comma_type(), pos, pos + 1, ws=ws)
            return tok
        if c == "!":
            tok = self._tok("UNARY_NOT", pos, pos + 1, "!", ws=ws)
            return tok
        if (c.isascii() and c.isdecimal()) or (c == "." and (nxt.isascii() and nxt.isdecimal())):
            num = scan_number(self.text, pos, self.end)
            if num is not None:
                end, value, hint = num
                if self._number_ends_here(end, command=False):
                    tok = self._tok("NUMBER", pos, end, N.ConstantExpressionAst(value, hint, span=self.span(pos, end)), ws=ws)
                    self.mode = OPERATOR
                    return tok
                if isinstance(value, int) and end < self.end and self.text[end] == ".":
                    pass
            raise self.error("BadNumericConstant", f"The numeric constant {self._word_to_ws(pos)} is not valid.", pos, pos + len(self._word_to_ws(pos)))
        if c in DASHES or c == "+":
            if c == "+" and nxt == "+" or c in DASHES and nxt in DASHES:
                return self._tok("INC" if c == "+" else "DEC", pos, pos + 2, ws=ws)
            if c in DASHES and nxt.isalpha():
                word = self._dash_word(pos)
                low = word.lower()
                if low == "not":
                    return self._tok("UNARY_NOT", pos, pos + 1 + len(word), "-not", ws=ws)
                if low == "bnot":
                    return self._tok("UNARY_BNOT", pos, pos + 1 + len(word), "-bnot", ws=ws)
                if low in ("split", "join", "csplit", "isplit", "cjoin", "ijoin"):
                    return self._tok("UNARY_SPLITJOIN", pos, pos + 1 + len(word), "-" + low, ws=ws)
            return self._tok("PLUS" if c == "+" else "MINUS", pos, pos + 1, "+" if c == "+" else "-", ws=ws)
        # anything else is not an expression: a bareword the grammar will reject (pwsh:
        # "Unexpected token"), except hashtable keys and attribute named arguments
        if c.isalpha() or c == "_":
            end = pos
            while end < self.end and is_ident_char(self.text[end]):
                end += 1
            word = self.text[pos:end]
            if word.lower() == "param" and self.prev is not None and self.prev.type == "RBRACKET" \
                    and getattr(self.prev.data, "kind", "") == "attr_br":
                return self._keyword("param", pos, end, ws)  # type: ignore[return-value]
            if self.stack[-1].kind == "foreach" and word.lower() == "in":
                tok = self._tok("KW_IN", pos, end, "in", ws=ws)
                self.mode = START
                return tok
            tok = self._tok("GENERIC", pos, end, N.StringConstantExpressionAst(word, "bareword", span=self.span(pos, end)), ws=ws)
            self.mode = OPERATOR
            return tok
        return self._junk(pos, ws)

    def _comma_type(self) -> str:
        # pwsh disables the comma operator in method arguments, param lists and attribute
        # arguments (Parser.cs _disableCommaOperator): there a comma separates arguments.
        return "ARG_SEP" if self.stack[-1].kind in ("call", "params", "attr") else "COMMA"

    def _junk(self, pos: int, ws: bool) -> Tok:
        end = pos + 1
        while end < self.end and not is_ws(self.text[end]) and self.text[end] not in FORCE_NEW:
            end += 1
        tok = self._tok("GENERIC", pos, end, N.StringConstantExpressionAst(self.text[pos:end], "bareword", span=self.span(pos, end)), ws=ws)
        self.mode = OPERATOR
        return tok

    def _word_to_ws(self, pos: int) -> str:
        end = pos
        while end < self.end and not is_ws(self.text[end]) and self.text[end] not in FORCE_NEW:
            end += 1
        return self.text[pos:end]

    def _number_ends_here(self, end: int, command: bool) -> bool:
        if end >= self.end:
            return True
        c = self.text[end]
        if is_ws(c) or c in FORCE_NEW:
            return True
        if command:
            return False
        # ForceStartNewTokenAfterNumber (CharTraits.cs): operators may follow a number
        return c in "+-*/%=<>!.]:?" or c in DASHES

    def _dash_word(self, pos: int) -> str:
        end = pos + 1
        while end < self.end and (self.text[end].isalpha()):
            end += 1
        return self.text[pos + 1:end]

    def _scan_operator(self, c: str, nxt: str, ws: bool) -> Tok:
        pos = self.pos
        prev = self.prev
        if not ws and prev is not None:
            if c == "." and nxt != ".":  # `$Matches.1`, `6.3.7600` (a member named 7600)
                tok = self._tok("MEMBER_DOT", pos, pos + 1, ws=ws)
                self.mode = MEMBER
                self.member_cmd = False
                return tok
            if c == "[":
                return self._open("INDEX_OPEN", "index", OPERAND, OPERATOR, pos, ws)
        if c == ":" and nxt == ":":
            tok = self._tok("STATIC_DOT", pos, pos + 2, ws=ws)
            self.mode = MEMBER
            self.member_cmd = False
            return tok
        if c == "(" and not ws and prev is not None and self.ends_member(prev):
            return self._open("CALL_OPEN", "call", OPERAND, OPERATOR, pos, ws)
        if c == "{" and not ws and prev is not None and self.ends_member(prev):
            # `$x.ForEach{ ... }` is `$x.ForEach({ ... })` (Parser.cs MemberInvokeRule)
            return self._open("CALL_BRACE", "block", START, OPERATOR, pos, ws)
        if c == "?":
            if nxt == "." and not ws:
                tok = self._tok("NULL_DOT", pos, pos + 2, ws=ws)
                self.mode = MEMBER
                self.member_cmd = False
                return tok
            if nxt == "[" and not ws:
                return self._open("NULL_INDEX", "index", OPERAND, OPERATOR, pos + 1, ws, start=pos)
            if self.text.startswith("??=", pos):
                tok = self._tok("ASSIGN", pos, pos + 3, "??=", ws=ws)
                self.mode = START
                return tok
            if nxt == "?":
                tok = self._tok("OP_COALESCE", pos, pos + 2, "??", ws=ws)
                self.mode = OPERAND
                return tok
            tok = self._tok("QUESTION", pos, pos + 1, ws=ws)
            self.mode = OPERAND
            return tok
        if c == ":":
            tok = self._tok("COLON", pos, pos + 1, ws=ws)
            self.mode = OPERAND
            return tok
        if c == "=":
            if nxt == "=":
                return self._junk(pos, ws)
            tok = self._tok("ASSIGN", pos, pos + 1, "=", ws=ws)
            self.mode = START
            return tok
        if c in ASSIGN_CHARS and nxt == "=":
            tok = self._tok("ASSIGN", pos, pos + 2, c + "=", ws=ws)
            self.mode = START
            return tok
        if c in DASHES and nxt == "=":
            tok = self._tok("ASSIGN", pos, pos + 2, "-=", ws=ws)
            self.mode = START
            return tok
        if (c == "+" and nxt == "+") or (c in DASHES and nxt in DASHES):
            return self._tok("INC" if c == "+" else "DEC", pos, pos + 2, ws=ws)
        if c == "," :
            tok = self._tok(self._comma_type(), pos, pos + 1, ws=ws)
            self.mode = OPERAND
            return tok
        if c == "." and nxt == ".":
            tok = self._tok("DOTDOT", pos, pos + 2, "..", ws=ws)
            self.mode = OPERAND
            return tok
        if c in "*/%":
            tok = self._tok("OP_MUL", pos, pos + 1, c, ws=ws)
            self.mode = OPERAND
            return tok
        if c == "+":
            tok = self._tok("PLUS", pos, pos + 1, "+", ws=ws)
            self.mode = OPERAND
            return tok
        if c in DASHES:
            if nxt.isalpha():
                word = self._dash_word(pos)
                kind = _binary_op(word)
                if kind is not None:
                    tok = self._tok(kind, pos, pos + 1 + len(word), "-" + word.lower(), ws=ws)
                    self.mode = OPERAND
                    return tok
                return self._junk(pos, ws)
            tok = self._tok("MINUS", pos, pos + 1, "-", ws=ws)
            self.mode = OPERAND
            return tok
        redir = self._redirection(pos, ws)
        if redir is not None:
            return redir
        if self.stack[-1].kind == "foreach" and self._word_at(pos).lower() == "in":
            tok = self._tok("KW_IN", pos, pos + 2, "in", ws=ws)
            self.mode = START
            return tok
        if c.isalpha() and prev is not None and prev.type == "RBRACE":
            word = self._word_at(pos)
            low = word.lower()
            if low in NAMED_BLOCKS:
                tok = self._keyword(low, pos, pos + len(word), ws)
                if tok is not None:
                    return tok
            if low in ("else", "elseif", "catch", "finally") or (low in ("while", "until") and self.after_do):
                self.after_do = False
                if low in ("while", "until"):
                    tok = self._tok("KW_" + low.upper(), pos, pos + len(word), low, ws=ws)
                    self.mode = KWPAREN
                    self.pending_switch = -3  # marker: next paren is a do-condition
                    return tok
                tok = self._keyword(low, pos, pos + len(word), ws)
                if tok is not None:
                    return tok
        if prev is not None and prev.type == "RBRACE" and getattr(prev.data, "owner", None) in ("stmt", "switchbody"):
            # a statement ending in `}` needs no separator before the next one (Parser.cs
            # StatementListRule): `trap { } "hello"`, `if ($x) { 1 } 2`
            self.mode = START
            return self._scan_start(c, nxt, ws)
        if c in "({$'\"@[" or c in SQUOTES or c in DQUOTES or (c.isascii() and c.isdecimal()) or c == "!":
            # an operand where an operator was expected: lex it so the grammar reports it
            self.mode = OPERAND
            return self._scan_operand(c, nxt, ws)
        return self._junk(pos, ws)

    def _scan_typeafter(self, c: str, nxt: str, ws: bool) -> Tok:
        """After `[T]`: `::`/`.` member access, or the operand of a cast."""
        pos = self.pos
        if c == ":" and nxt == ":" or (c == "." and not ws and is_ident_char(nxt)):
            self.mode = OPERATOR
            return self._scan_operator(c, nxt, ws)
        if c in DASHES and nxt.isalpha():
            word = self._dash_word(pos).lower()
            if word not in ("not", "bnot", "split", "join") and _binary_op(word) is not None:
                self.mode = OPERATOR
                return self._scan_operator(c, nxt, ws)
        if c in "=,)]}|;?" or (c in ASSIGN_CHARS and nxt == "=") or c in "*/%" or (c == "." and nxt == "."):
            self.mode = OPERATOR
            return self._scan_operator(c, nxt, ws)
        self.mode = OPERAND
        return self._scan_operand(c, nxt, ws)

    def _scan_member(self, c: str, nxt: str, ws: bool) -> Tok:
        """After `.`, `::` or `?.`: a member name, quoted name, `$var` or `(expr)`."""
        pos = self.pos
        after = ARGPOST if self.member_cmd else OPERATOR
        if c.isascii() and c.isdecimal():
            # `$Matches.1`: a number names the member (Parser.cs MemberNameRule: a value)
            num = scan_number(self.text, pos, self.end)
            if num is not None and not (num[0] < self.end and is_ident_char(self.text[num[0]])):
                end, value, hint = num
                self.mode = after
                return self._tok("NUMBER", pos, end, N.ConstantExpressionAst(value, hint, span=self.span(pos, end)), ws=ws)
        if is_ident_char(c):
            end = pos
            while end < self.end and is_ident_char(self.text[end]):
                end += 1
            tok = self._tok("MEMBER_NAME", pos, end, N.StringConstantExpressionAst(self.text[pos:end], "bareword", span=self.span(pos, end)), ws=ws)
            self.mode = after
            return tok
        if c == "(":
            return self._open("LPAREN", "paren", START, after, pos, ws, owner="member")
        self.mode = OPERAND
        tok = self._scan_operand(c, nxt, ws)
        if self.mode == OPERATOR:
            self.mode = after
        if tok.type in ("VARIABLE", "STRING", "EXPSTRING"):
            self.member_end = tok.end_pos  # `$x.$name()`, `$x.'Name'()`
        return tok

    def ends_member(self, prev: Tok) -> bool:
        """Whether `prev` is the member name of a member access (a `(` or `{` touching it
        calls the method: Parser.cs MemberAccessRule / NextInvokeMemberToken)."""
        return prev.type == "MEMBER_NAME" or prev.end_pos == self.member_end

    def _type_or_attribute(self, pos: int, ws: bool) -> Tok:
        """`[T]`, `[a.b.C[]]`, `[List[string]]` (one TYPE token) or `[Name(` (ATTR_OPEN)."""
        res = scan_type_name(self.text, pos + 1, self.end)
        if res is None:
            if pos + 1 >= self.end or self.text[pos + 1] in "\r\n":
                raise self.error("MissingTypename", "Missing type name after '['.", pos, pos + 1,
                                 incomplete=pos + 1 >= self.end)
            raise self.error("MissingTypename", "Missing type name after '['.", pos + 1, pos + 2)
        end, tname, closer = res
        if closer == "(":
            tok = self._tok("ATTR_OPEN", pos, end, tname, ws=ws)
            self._push("attr_br", OPERAND, tok)
            self._push("attr", OPERAND, tok)
            self.mode = OPERAND
            return tok
        if closer != "]":
            incomplete = end >= self.end
            raise self.error("EndSquareBracketExpectedAtEndOfAttribute",
                             "Missing ] at end of attribute or type literal.", end, end + 1,
                             incomplete=incomplete)
        cast = self.mode != CATCH and self._cast_follows(end)
        tok = self._tok("CAST_TYPE" if cast else "TYPE", pos, end, tname, ws=ws)
        self.mode = OPERAND if cast else TYPEAFTER
        return tok

    def _cast_follows(self, i: int) -> bool:
        """Whether `[T]` ending at `i` is a cast (an operand follows) or a type value."""
        text = self.text
        while i < self.end and is_ws(text[i]):
            i += 1
        if i >= self.end:
            return False
        c = text[i]
        nxt = text[i + 1] if i + 1 < self.end else "\x00"
        if c in "$@([!'\"{" or c in SQUOTES or c in DQUOTES or (c.isascii() and c.isdecimal()):
            return not (c == "[" and self.stack[-1].kind == "catch")
        if c == "." and (nxt.isascii() and nxt.isdecimal()):
            return True
        if c in DASHES or c == "+":
            if nxt.isalpha() and c in DASHES:
                j = i + 1
                while j < self.end and text[j].isalpha():
                    j += 1
                return text[i + 1:j].lower() in ("not", "bnot", "split", "join")
            if c == "+" and nxt == "+" or c in DASHES and nxt in DASHES:
                return True
            return not (nxt == "\x00" or is_ws(nxt) or nxt == "=")
        return False

def _binary_op(word: str) -> str | None:
    w = word.lower()
    if w in ("and", "or", "xor"):
        return "OP_LOGICAL"
    if w in ("band", "bor", "bxor"):
        return "OP_BITWISE"
    if w == "f":
        return "OP_FORMAT"
    if w in ("is", "isnot", "as", "shl", "shr") or w in CMP_OPERATORS:
        return "OP_CMP"
    if len(w) > 1 and w[0] in "ic" and w[1:] in CMP_OPERATORS:
        return "OP_CMP"
    return None
