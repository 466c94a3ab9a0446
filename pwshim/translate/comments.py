"""Comments recovered from the source text (the AST does not keep them).

A small scanner that knows just enough PowerShell lexing to tell a comment from a `#` inside a
string: quoted strings ('' and `" escapes), here-strings (@' '@ / @" "@, closed at the start
of a line), `<# ... #>` block comments and `#` line comments (a `#` starts a comment only at
the start of a token: pwsh's tokenizer treats `a#b` as one bareword).
"""

from __future__ import annotations

from dataclasses import dataclass

# Characters after which a `#` starts a comment (token boundaries).
_BOUNDARY = set(" \t\r\n;(){}|&,=")


@dataclass(frozen=True)
class Comment:
    """One comment: 1-based start line/column; `text` without the `#`/`<# #>` markers (one
    entry per source line for block comments); `trailing` when code precedes it on its line."""

    line: int
    column: int
    end_line: int
    lines: tuple[str, ...]
    trailing: bool


def scan_comments(text: str) -> list[Comment]:
    """All comments of `text`, in source order."""
    comments: list[Comment] = []
    i, n = 0, len(text)
    line, line_start = 1, 0
    code_on_line = False

    def advance_to(j: int) -> None:
        nonlocal i, line, line_start
        while i < j:
            if text[i] == "\n":
                line += 1
                line_start = i + 1
            i += 1

    while i < n:
        c = text[i]
        if c == "\n":
            advance_to(i + 1)
            code_on_line = False
            continue
        if c in " \t\r":
            i += 1
            continue
        prev = text[i - 1] if i > 0 else "\n"
        at_boundary = prev in _BOUNDARY
        if c == "<" and text.startswith("<#", i):
            end = text.find("#>", i + 2)
            end = n if end < 0 else end + 2
            body = text[i + 2 : end - 2 if end <= n and text.startswith("#>", end - 2) else end]
            start_line, column = line, i - line_start + 1
            trailing = code_on_line
            advance_to(end)
            parts = [p.strip() for p in body.strip("\n").splitlines()] or [""]
            comments.append(Comment(start_line, column, line, tuple(parts), trailing))
            code_on_line = True
            continue
        if c == "#" and at_boundary:
            end = text.find("\n", i)
            end = n if end < 0 else end
            body = text[i + 1 : end].rstrip("\r")
            comments.append(Comment(line, i - line_start + 1, line, (body.strip(),), code_on_line))
            i = end
            continue
        if c == "@" and text.startswith(("@'", '@"'), i) and text[i + 2 : i + 3] in ("\n", "\r"):
            quote = text[i + 1]
            close = "\n" + quote + "@"
            end = text.find(close, i + 2)
            end = n if end < 0 else end + len(close)
            advance_to(end)
            code_on_line = True
            continue
        if c in "'\u2018\u2019":
            j = i + 1
            while j < n:
                if text[j] in "'\u2018\u2019":
                    if j + 1 < n and text[j + 1] in "'\u2018\u2019":
                        j += 2
                        continue
                    break
                j += 1
            advance_to(min(j + 1, n))
            code_on_line = True
            continue
        if c in '"\u201c\u201d':
            j = i + 1
            while j < n:
                if text[j] == "`":
                    j += 2
                    continue
                if text[j] in '"\u201c\u201d':
                    if j + 1 < n and text[j + 1] in '"\u201c\u201d':
                        j += 2
                        continue
                    break
                j += 1
            advance_to(min(j + 1, n))
            code_on_line = True
            continue
        if c == "`":
            advance_to(min(i + 2, n))
            code_on_line = True
            continue
        code_on_line = True
        i += 1
    return comments


class CommentQueue:
    """Comments not yet emitted, handed out by line as the generator walks the statements."""

    def __init__(self, comments: list[Comment]) -> None:
        self.pending = list(comments)

    def before(self, line: int) -> list[Comment]:
        """Take every comment that starts before `line`."""
        taken = [c for c in self.pending if c.line < line]
        self.pending = [c for c in self.pending if c.line >= line]
        return taken

    def trailing_on(self, line: int) -> list[Comment]:
        """Take the comments that follow code on `line`."""
        taken = [c for c in self.pending if c.line == line and c.trailing]
        self.pending = [c for c in self.pending if not (c.line == line and c.trailing)]
        return taken

    def drop_through(self, line: int) -> None:
        """Forget comments up to and including `line` (they are inside an untranslated statement
        whose text is quoted in full)."""
        self.pending = [c for c in self.pending if c.line > line]

    def rest(self) -> list[Comment]:
        taken, self.pending = self.pending, []
        return taken
