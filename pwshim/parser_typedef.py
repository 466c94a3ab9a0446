"""`class` and `enum` definitions and `data` sections (pwsh's Parser.ClassDefinitionRule,
EnumDefinitionRule, DataStatementRule).

The tokenizer hands a definition to `scan_typedef` when a statement starts with `class Name`,
`enum Name` (optionally after `[Flags()]`) or `data` followed by `{`, `$name` or
`-SupportedCommand`. The member headers (`[type] $name = value`,
`[type] Name(params) { body }`, `Name(params) : base(args) { body }`, `Name = value`) are read
here; every piece of PowerShell inside them (initial values, parameter lists, method bodies,
base() arguments) is parsed by the main parser on a copy of the text in which everything else
is blanked (newlines kept), so every node keeps its true line and column.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from pwshim import nodes as N
from pwshim.lexer_text import LexError, scan_type_name
from pwshim.typename import TypeName

if TYPE_CHECKING:
    from pwshim.lexer import Lexer

_IDENT = re.compile(r"[A-Za-z_][\w]*")
# attributes written before the keyword: `[Flags()] enum`, `[DscResource()] class` (one line or several)
_ATTRS = re.compile(r"(?:\[\s*[\w.]+\s*\([^()\]]*\)\s*\]\s*)+(?=(?:class|enum)[ \t]+[A-Za-z_])", re.IGNORECASE)
_ATTR = re.compile(r"\[\s*([\w.]+)\s*\(", re.IGNORECASE)
_KEYWORD = re.compile(r"(class|enum)[ \t]+[A-Za-z_]", re.IGNORECASE)
_DATA = re.compile(r"data[ \t]*(\{|\$|-supportedcommand\b)", re.IGNORECASE)
_MODIFIER = re.compile(r"(hidden|static)(?![\w-])", re.IGNORECASE)


def typedef_at(text: str, pos: int, end: int) -> bool:
    """Whether a class or enum definition (`class X`, `enum X`, `[Flags()] enum X`) or a data
    section (`data {`, `data $name {`, `data -SupportedCommand ...`) starts at `pos`."""
    if text[pos] == "[":
        return _ATTRS.match(text, pos, end) is not None
    return _KEYWORD.match(text, pos, end) is not None or _DATA.match(text, pos, end) is not None


def scan_typedef(lx: Lexer, pos: int) -> tuple[int, N.StatementAst]:
    """Read the definition or data section at `pos`; returns the offset after its `}` and the node."""
    reader = _TypeDefReader(lx, pos)
    if _DATA.match(lx.text, pos, lx.end):
        return reader.read_data()
    return reader.read()


class _TypeDefReader:
    def __init__(self, lx: Lexer, pos: int) -> None:
        self.lx = lx
        self.text = lx.text
        self.end = lx.end
        self.pos = pos
        self.start = pos

    # ------------------------------------------------------------------ characters
    def error(self, error_id: str, message: str, at: int | None = None, incomplete: bool = False) -> LexError:
        at = self.pos if at is None else at
        return LexError(error_id, message, at, min(at + 1, self.end), incomplete)

    def skip_blanks(self, newlines: bool = True) -> None:
        """Skip whitespace and comments (and newlines and `;` when `newlines`)."""
        text = self.text
        while self.pos < self.end:
            c = text[self.pos]
            if c in " \t\f\v\u00a0" or (newlines and c in "\r\n;"):
                self.pos += 1
            elif c == "#":
                while self.pos < self.end and text[self.pos] not in "\r\n":
                    self.pos += 1
            elif text.startswith("<#", self.pos):
                close = text.find("#>", self.pos + 2, self.end)
                if close < 0:
                    raise self.error("MissingTerminatorMultiLineComment",
                                     "The terminator '#>' is missing from the multiline comment.",
                                     incomplete=True)
                self.pos = close + 2
            elif c == "`" and text.startswith(("`\n", "`\r"), self.pos):
                self.pos += 2
            else:
                return

    def word(self, pattern: re.Pattern[str] = _IDENT) -> str | None:
        m = pattern.match(self.text, self.pos, self.end)
        if m is None:
            return None
        self.pos = m.end()
        return m.group()

    def expect(self, char: str, error_id: str, message: str) -> None:
        self.skip_blanks(newlines=True)
        if self.pos >= self.end:
            raise self.error(error_id, message, incomplete=True)
        if self.text[self.pos] != char:
            raise self.error(error_id, message)
        self.pos += 1

    def bracket(self) -> tuple[int, int]:
        """The extent of the `[...]` at pos (nested brackets and quotes respected)."""
        start, depth, i, text = self.pos, 0, self.pos, self.text
        while i < self.end:
            c = text[i]
            if c in "'\"":
                close = text.find(c, i + 1, self.end)
                if close < 0:
                    break
                i = close
            elif c in "[(":
                depth += 1
            elif c in "])":
                depth -= 1
                if depth == 0:
                    self.pos = i + 1
                    return start, i + 1
            i += 1
        raise self.error("EndSquareBracketExpectedAtEndOfAttribute", "Missing ] at end of attribute or type literal.",
                         start, incomplete=True)

    def balanced(self) -> tuple[int, int]:
        """The extent of the `{...}` or `(...)` at pos, found with the tokenizer (strings,
        comments, here-strings and nested brackets respected)."""
        from pwshim.lexer import Lexer

        start = self.pos
        sub = Lexer(self.text, self.lx.file, start=start, end=self.end, line_starts=self.lx.line_starts)
        while True:
            tok = sub.next()
            if tok is None:
                closer = "}" if self.text[start] == "{" else ")"
                raise LexError("MissingEndCurlyBrace" if closer == "}" else "MissingEndParenthesisInExpression",
                               f"Missing closing '{closer}' in statement block or type definition."
                               if closer == "}" else "Missing closing ')' in expression.",
                               start, start + 1, True)
            if len(sub.stack) == 1:
                self.pos = sub.pos
                return start, sub.pos

    def statement_end(self) -> int:
        """Where the statement starting at pos ends (a newline or `;` outside brackets, or the
        `}` closing the type), found with the tokenizer."""
        from pwshim.lexer import Lexer

        sub = Lexer(self.text, self.lx.file, start=self.pos, end=self.end, line_starts=self.lx.line_starts)
        last = self.pos
        while True:
            before, depth = sub.pos, len(sub.stack)
            tok = sub.next()
            if tok is None:
                return last
            if len(sub.stack) == 1 and tok.type in ("_NEWLINE", "_SEMI"):
                return before if tok.type == "_SEMI" else tok.start_pos
            if depth == 1 and tok.type == "RBRACE":  # not one closing `@{`/`{` of the value
                return tok.start_pos
            last = tok.end_pos

    # ------------------------------------------------------------------ sub-parses
    def parse_region(self, start: int, end: int, prefix: str = "") -> N.ScriptBlockAst:
        """Parse text[start:end] with everything else blanked, so positions stay true. `prefix`
        is written just before `start` (e.g. `param` before a parameter list)."""
        from pwshim.parser import parse
        from pwshim.runtime.errors import ParseError

        text = self.text
        head = "".join(ch if ch in "\r\n" else " " for ch in text[:start])
        line_start = max(head.rfind("\n"), head.rfind("\r")) + 1
        if prefix and start - line_start >= len(prefix):
            head = head[:start - len(prefix)] + prefix
        elif prefix:
            head = head + prefix  # too little room on the line: this line's columns shift
        padded = head + text[start:end]
        try:
            return parse(padded, self.lx.file)
        except ParseError as exc:
            record = exc.errors[0]
            span = record.span
            at = start
            if span is not None:
                ls = self.lx.line_starts
                at = min(max(ls[span.line - 1] + span.column - 1 - (len(head) - start), start), end)
            raise LexError(record.error_id, str(record.exception), at, at + 1, exc.incomplete) from None

    def expression(self, start: int, end: int) -> N.StatementAst:
        ast = self.parse_region(start, end)
        statements = ast.statements
        if len(statements) != 1:
            raise self.error("ExpectedValueExpression", "You must provide a value expression following the '=' operator.", start)
        return statements[0]

    # ------------------------------------------------------------------ definitions
    def read(self) -> tuple[int, N.TypeDefinitionAst]:
        attributes: list[N.AttributeBaseAst] = []
        written = _ATTRS.match(self.text, self.pos, self.end)
        if written:
            for name in _ATTR.findall(written.group()):
                attributes.append(N.AttributeAst(TypeName(name), (), ()))
            self.pos = written.end()  # at the keyword
        keyword = (self.word() or "").lower()
        self.skip_blanks(newlines=False)
        name = self.word()
        if name is None:
            raise self.error("MissingNameAfterKeyword", f"Missing name after {keyword} keyword.", incomplete=self.pos >= self.end)
        bases: list[TypeName] = []
        self.skip_blanks()
        if self.pos < self.end and self.text[self.pos] == ":":
            self.pos += 1
            while True:
                self.skip_blanks()
                scanned = scan_type_name(self.text, self.pos, self.end)
                if scanned is None:
                    raise self.error("TypeNameExpected", "Type name expected.", incomplete=self.pos >= self.end)
                self.pos = scanned[0] - (1 if scanned[2] in "](" and scanned[2] else 0)
                bases.append(scanned[1])
                self.skip_blanks()
                if self.pos < self.end and self.text[self.pos] == ",":
                    self.pos += 1
                    continue
                break
        self.expect("{", "MissingTypeBody", f"Missing '{{' in {keyword} definition.")
        members = self.enum_members() if keyword == "enum" else self.class_members(name)
        node = N.TypeDefinitionAst(name, keyword == "enum", tuple(bases), tuple(members), tuple(attributes),
                                   span=self.lx.span(self.start, self.pos))
        return self.pos, node

    def read_data(self) -> tuple[int, N.DataStatementAst]:
        """`data [$name] [-SupportedCommand a, b] { body }` (Parser.DataStatementRule)."""
        self.pos += 4
        self.skip_blanks(newlines=False)
        variable = None
        if self.pos < self.end and self.text[self.pos] == "$":
            self.pos += 1
            variable = self.word(re.compile(r"[\w:]+"))
            self.skip_blanks(newlines=False)
        commands: list[N.ExpressionAst] = []
        if self.text.startswith(("-", "\u2013", "\u2014"), self.pos):
            self.pos += 1
            if (self.word() or "").lower() != "supportedcommand":
                raise self.error("InvalidParameterForDataSectionStatement",
                                 "The data section parameter is not valid. The valid parameter is SupportedCommand.")
            self.skip_blanks(newlines=False)
            while True:
                start = self.pos
                name = self.word(re.compile(r"[\w-]+"))
                if name is None:
                    raise self.error("MissingValueForSupportedCommandParameter",
                                     "Missing value for SupportedCommand parameter.", incomplete=self.pos >= self.end)
                commands.append(N.StringConstantExpressionAst(name, "bareword", span=self.lx.span(start, self.pos)))
                self.skip_blanks(newlines=False)
                if self.pos < self.end and self.text[self.pos] == ",":
                    self.pos += 1
                    self.skip_blanks()
                    continue
                break
        self.skip_blanks()
        if self.pos >= self.end or self.text[self.pos] != "{":
            raise self.error("MissingStatementBlockForDataSection", "Missing statement block in data section.",
                             incomplete=self.pos >= self.end)
        bs, be = self.balanced()
        block = self.parse_region(bs, be).statements[0].elements[0].expression.script_block  # type: ignore[attr-defined]
        body = block.end.body if block.end is not None else N.StatementBlockAst()
        return self.pos, N.DataStatementAst(variable, tuple(commands), body, span=self.lx.span(self.start, self.pos))

    def _closing(self) -> bool:
        self.skip_blanks()
        if self.pos >= self.end:
            raise self.error("MissingEndCurlyBrace", "Missing closing '}' in statement block or type definition.",
                             incomplete=True)
        if self.text[self.pos] == "}":
            self.pos += 1
            return True
        return False

    def enum_members(self) -> list[N.PropertyMemberAst]:
        members: list[N.PropertyMemberAst] = []
        while not self._closing():
            start = self.pos
            name = self.word()
            if name is None:
                raise self.error("MissingEnumMemberName", "Missing enum member name.")
            value = None
            self.skip_blanks(newlines=False)
            if self.pos < self.end and self.text[self.pos] == "=":
                self.pos += 1
                self.skip_blanks(newlines=False)
                end = self.statement_end()
                value = self.expression(self.pos, end)
                self.pos = end
            members.append(N.PropertyMemberAst(name, None, value, span=self.lx.span(start, self.pos)))
        return members

    def class_members(self, class_name: str) -> list[N.Ast]:
        members: list[N.Ast] = []
        while not self._closing():
            members.append(self.class_member(class_name))
        return members

    def class_member(self, class_name: str) -> N.Ast:
        start = self.pos
        attributes: list[N.AttributeBaseAst] = []
        type_name: TypeName | None = None
        is_static = is_hidden = False
        while True:
            self.skip_blanks()
            if self.pos < self.end and self.text[self.pos] == "[":
                s, e = self.bracket()
                scanned = scan_type_name(self.text, s + 1, e)
                if scanned is None:
                    raise self.error("TypeNameExpected", "Type name expected.", s + 1)
                if scanned[2] == "(":  # an attribute, e.g. [ValidateNotNull()]
                    attributes.append(N.AttributeAst(scanned[1], (), ()))
                else:
                    type_name = scanned[1]
                continue
            m = _MODIFIER.match(self.text, self.pos, self.end)
            if m:
                is_static = is_static or m.group(1).lower() == "static"
                is_hidden = is_hidden or m.group(1).lower() == "hidden"
                self.pos = m.end()
                continue
            break
        if self.pos < self.end and self.text[self.pos] == "$":
            return self.property_member(start, type_name, is_static, is_hidden, attributes)
        name = self.word()
        if name is None:
            raise self.error("UnexpectedToken", f"Unexpected token '{self.text[self.pos:self.pos + 1]}' in class definition.",
                             incomplete=self.pos >= self.end)
        self.skip_blanks(newlines=False)
        if self.pos >= self.end or self.text[self.pos] != "(":
            raise self.error("MissingFunctionBody" if self.pos < self.end else "IncompleteInput",
                             f"Missing '(' after method name '{name}'.", incomplete=self.pos >= self.end)
        ps, pe = self.balanced()
        params = self.parse_region(ps, pe, "param").param_block
        is_ctor = name.lower() == class_name.lower()
        base_args = None
        self.skip_blanks()
        if is_ctor and self.pos < self.end and self.text[self.pos] == ":":
            self.pos += 1
            self.skip_blanks()
            if (self.word() or "").lower() != "base":
                raise self.error("MissingBaseCtorCall", "Missing base() call after ':'.")
            self.skip_blanks()
            if self.pos >= self.end or self.text[self.pos] != "(":
                raise self.error("MissingBaseCtorCall", "Missing '(' after 'base'.")
            bs, be = self.balanced()
            base_args = self._arguments(bs, be)
            self.skip_blanks()
        if self.pos >= self.end or self.text[self.pos] != "{":
            raise self.error("MissingFunctionBody", "Function declaration not valid: missing '{' for the method body.",
                             incomplete=self.pos >= self.end)
        bs, be = self.balanced()
        body = self.parse_region(bs, be).statements[0].elements[0].expression.script_block  # type: ignore[attr-defined]
        parameters = params.parameters if params is not None else ()
        return N.FunctionMemberAst(name, tuple(parameters), body, None if is_ctor else type_name, is_static,
                                   is_hidden, is_ctor, base_args, span=self.lx.span(start, self.pos))

    def _arguments(self, start: int, end: int) -> tuple[N.ExpressionAst, ...]:
        if not self.text[start + 1:end - 1].strip():
            return ()
        stmt = self.parse_region(start, end).statements[0]
        expr = stmt.elements[0].expression.pipeline.elements[0].expression  # type: ignore[attr-defined]
        if isinstance(expr, N.ArrayLiteralAst):
            return tuple(expr.elements)
        return (expr,)

    def property_member(self, start: int, type_name: TypeName | None, is_static: bool, is_hidden: bool,
                        attributes: list[N.AttributeBaseAst]) -> N.PropertyMemberAst:
        self.pos += 1
        if self.text.startswith("{", self.pos):  # `${config-file}`
            close = self.text.find("}", self.pos + 1, self.end)
            name = self.text[self.pos + 1:close] if close > self.pos + 1 else None
            self.pos = close + 1 if name else self.pos
        else:
            name = self.word(re.compile(r"[\w]+"))
        if name is None:
            raise self.error("InvalidVariableReference", "Variable reference is not valid.")
        value = None
        self.skip_blanks(newlines=False)
        if self.pos < self.end and self.text[self.pos] == "=":
            self.pos += 1
            self.skip_blanks()  # the value may start on the next line
            end = self.statement_end()
            value = self.expression(self.pos, end)
            self.pos = end
        return N.PropertyMemberAst(name, type_name, value, is_static, is_hidden, tuple(attributes),
                                   span=self.lx.span(start, self.pos))
