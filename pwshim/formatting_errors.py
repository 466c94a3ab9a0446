"""pwsh 7's ConciseView of an ErrorRecord (reference powershell-language.md §6.7).

Reproduces `Get-ConciseViewPositionMessage` (PowerShellCore_format_ps1xml.cs) and the
position message it reads (`PositionUtilities.VerboseMessage`, engine/parser/Position.cs):

    {reason}: {message}                              no script position
    {reason}: {file}:{line}                          from a script file (or `{reason}: `)
    Line |
    {n:>4} |  {source line, cut to 69 chars with `… `/` …`}
         |  {spaces}{~ under the extent, at least one}
         | {message, newlines -> spaces, wrapped at the window width}

reason: `Exception` for `throw`; else the command (cmdlet errors); else the category
(`ParserError`, `InvalidOperation`, ...), except NotSpecified (0, false in the view's test): then
the exception's type name (`MethodInvocationException`, `RuntimeException`).
"""

from __future__ import annotations

import re
from typing import Any

from pwshim.runtime.errors import Category, ErrorRecord, Span

ERROR_COLOR = "\x1b[31;1m"  # $PSStyle.Formatting.Error
ACCENT_COLOR = "\x1b[36;1m"  # $PSStyle.Formatting.ErrorAccent
WARNING_COLOR = "\x1b[33;1m"  # $PSStyle.Formatting.Warning
RESET = "\x1b[0m"
MAX_LINE_LENGTH = 69  # Position.cs: "Max width is 69 because ..."


def position_lines(span: Span) -> tuple[str, str] | None:
    """The source line and the `~` line of PositionMessage (without their leading '+')."""
    source = (span.text or "").split("\n")[0].rstrip("\r").rstrip()
    if not source:
        return None
    spaces = max(span.column - 1, 0)
    if span.line == span.end_line and span.end_column <= len(source) + 1:
        length = span.end_column - span.column
    else:
        length = len(source) - span.column + 1
    length = max(length, 0)
    if "\t" in source:
        before = source[:spaces].replace("\t", "    ")
        error = source[spaces : spaces + length].replace("\t", "    ")
        source = before + error + source[spaces + length :].replace("\t", "    ")
        spaces, length = len(before), len(error)
    prefix_dots = suffix_dots = False
    if len(source) > MAX_LINE_LENGTH:
        total_prefix = spaces
        prefix = min(total_prefix, 12)
        total_suffix = len(source) - length - spaces
        suffix = min(total_suffix, 8)
        candidate = prefix + length + suffix
        if candidate >= MAX_LINE_LENGTH:
            if prefix + length >= MAX_LINE_LENGTH:
                length = MAX_LINE_LENGTH - prefix
            suffix_dots = True
        else:
            available = total_prefix - prefix
            if available > 0:
                prefix += min(available, MAX_LINE_LENGTH - candidate)
                candidate = prefix + length + suffix
            if candidate < MAX_LINE_LENGTH and total_suffix > 0:
                suffix += min(total_suffix, MAX_LINE_LENGTH - candidate)
            suffix_dots = suffix < total_suffix
        prefix_dots = prefix < total_prefix
        start = max(spaces - prefix, 0)
        source = source[start : start + MAX_LINE_LENGTH]
        spaces = min(spaces, prefix)
        length = min(length, MAX_LINE_LENGTH - spaces)
    line = ("\u2026 " if prefix_dots else "") + source + (" \u2026" if suffix_dots else "")
    highlight = " " * (spaces + (2 if prefix_dots else 0)) + "~" * (length if length > 0 else 1)
    return line, highlight


def error_reason(record: ErrorRecord) -> str:
    """ConciseView's reason: Exception (throw) > command > activity > category."""
    if record.from_throw:
        return "Exception"
    if record.command:
        return str(record.command)
    activity = record.extra.get("activity") if record.extra else None
    if activity:
        return str(activity)
    if record.category and record.category != Category.NotSpecified:
        return str(record.category)
    # ErrorCategory.NotSpecified is 0, which `elseif ($err.CategoryInfo.Category)` takes as false:
    # the view falls through to CategoryInfo.Reason, the exception's type name
    return _exception_type_name(record.exception) or "Error"


def _exception_type_name(exc: BaseException) -> str:
    from pwshim.runtime.errors import type_name_of

    return type_name_of(exc).rsplit(".", 1)[-1]


def _message(record: ErrorRecord) -> str:
    details = record.extra.get("error_details") if record.extra else None
    if details:
        return str(details)
    return record.message


def _truncated(text: str, length: int) -> str:
    """Get-TruncatedString: cut at `length`, then back to the last whitespace."""
    if len(text) <= length:
        return text
    return re.split(r"\s(?=\S*$)", text[:length], maxsplit=1)[0] if re.search(r"\s", text[:length]) else text[:length]


def _wrap_message(message: str, prefix: str, width: int) -> str:
    """The line-breaking loop of Get-ConciseViewPositionMessage (message starts with prefix)."""
    if width <= 0 or len(message) <= width:
        return message
    parts: list[str] = []
    first = _truncated(message, width)
    parts.append(first)
    remaining = message[len(first) :].strip()
    while len(remaining) + len(prefix) > width:
        sub = _truncated(prefix + remaining, width)
        if len(sub) - len(prefix) > 0:
            parts.append(sub)
            remaining = remaining[len(sub) - len(prefix) :].strip()
        else:
            break
    parts.append(prefix + remaining.strip())
    return "\n".join(parts)


def format_error(record: ErrorRecord, color: bool = False, width: int = 120) -> str:
    """An ErrorRecord as pwsh 7 prints it with $ErrorView = 'ConciseView'."""
    err_c, acc_c, reset = (ERROR_COLOR, ACCENT_COLOR, RESET) if color else ("", "", "")
    span = record.span
    is_parse = record.category == Category.ParserError
    message = _message(record)
    posmsg = ""
    prefix = ""
    with_position = span is not None and bool(span.file or span.line > 1 or is_parse)
    lines = position_lines(span) if with_position and span is not None else None
    if with_position and span is not None and lines is not None:
        posmsg = f"{reset}{span.file}:{span.line}\n" if span.file else "\n"
        number = str(span.line)
        header_ws = " " * (len(number) - 4) if len(number) > 4 else ""
        line_ws = " " * (4 - len(number)) if len(number) < 4 else ""
        posmsg += f"{acc_c}{header_ws}Line |\n"
        source, highlight = lines
        line = " " + source
        hl = " " + highlight
        offset = hl.index("~")
        length = len(hl.strip())
        if color and length < len(line):
            line = line[: offset + length] + reset + line[offset + length :]
            line = line[:offset] + acc_c + line[offset:]
        posmsg += f"{acc_c}{line_ws}{number} | {reset}{line}\n"
        prefix = f"{acc_c}{header_ws}     | {err_c}"
        posmsg += f"{prefix}{hl}\n"
        message = prefix + message
        if span.file or is_parse:
            visible_prefix = f"{header_ws}     | "
            vt = len(prefix) - len(visible_prefix)
            message = message.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
            if width > 0 and len(message) - vt > width:
                message = _wrap_message(message, prefix, width + vt)
            message += "\n"
    posmsg += err_c + message
    return f"{err_c}{error_reason(record)}: {posmsg}{reset}"


def format_warning(message: Any, color: bool = False) -> str:
    """`WARNING: text` as the host writes the warning stream."""
    text = f"WARNING: {message}"
    return f"{WARNING_COLOR}{text}{RESET}" if color else text
