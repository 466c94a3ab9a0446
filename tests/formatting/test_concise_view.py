"""ConciseView error text (powershell-language.md §6.7; Get-ConciseViewPositionMessage)."""

from __future__ import annotations

import pytest

from pwshim.formatting import format_error, format_objects
from pwshim.formatting_errors import position_lines
from pwshim.runtime.errors import (
    Category,
    CommandNotFoundException,
    ErrorRecord,
    ItemNotFoundException,
    ParameterBindingException,
    RuntimeException,
    Span,
)

NOT_RECOGNIZED = (
    "The term 'foo' is not recognized as a name of a cmdlet, function, script file, or executable program.\n"
    "Check the spelling of the name, or if a path was included, verify that the path is correct and try again."
)


def span(line_text: str, col: int, end_col: int, line: int = 1, file: str | None = None) -> Span:
    return Span(file, line, col, line, end_col, line_text)


def test_single_line_cmdlet_error() -> None:
    rec = ErrorRecord(
        ItemNotFoundException("Cannot find path '/NotReal' because it does not exist."),
        "PathNotFound",
        Category.ObjectNotFound,
        command="Get-ChildItem",
        span=span("Get-ChildItem /NotReal", 1, 23),
    )
    assert format_error(rec) == "Get-ChildItem: Cannot find path '/NotReal' because it does not exist."


def test_single_line_keeps_newlines_of_the_message() -> None:
    rec = ErrorRecord(CommandNotFoundException(NOT_RECOGNIZED), "CommandNotFoundException", Category.ObjectNotFound, command="foo")
    assert format_error(rec) == "foo: " + NOT_RECOGNIZED


def test_parse_error_interactive_issue_19392() -> None:
    line = "./psql -h localhost -p 5432 -U postgres -d siamweb < C:\\Users\\isaque.x\\dump.sql"
    rec = ErrorRecord(
        RuntimeException("The '<' operator is reserved for future use."),
        "RedirectionNotSupported",
        Category.ParserError,
        span=span(line, 52, 53),
    )
    assert format_error(rec) == (
        "ParserError: \n"
        "Line |\n"
        "   1 |  ./psql -h localhost -p 5432 -U postgres -d siamweb < C:\\Users\\isaque. \u2026\n"
        "     |                                                     ~\n"
        "     | The '<' operator is reserved for future use.\n"
    )


def test_script_file_error_with_header_and_wrapped_command_not_found() -> None:
    rec = ErrorRecord(
        CommandNotFoundException(NOT_RECOGNIZED.replace("'foo'", "'<'")),
        "CommandNotFoundException",
        Category.ObjectNotFound,
        command="<",
        span=span("$certPath = <path to certificate>", 13, 14, line=12, file="/tmp/doc.ps1"),
    )
    text = format_error(rec)
    lines = text.split("\n")
    assert lines[0] == "<: /tmp/doc.ps1:12"
    assert lines[1] == "Line |"
    assert lines[2] == "  12 |  $certPath = <path to certificate>"
    assert lines[3] == "     |              ~"
    # newlines become spaces, then the message wraps at 120 columns under the `     | ` prefix
    assert lines[4].startswith("     | The term '<' is not recognized")
    assert all(len(x) <= 120 for x in lines)
    assert len(lines) == 7 and lines[-1] == ""
    joined = " ".join(x[7:] for x in lines[4:6])
    assert joined == NOT_RECOGNIZED.replace("'foo'", "'<'").replace("\n", " ")


def test_throw_reason_is_exception_and_extent_underlined() -> None:
    rec = ErrorRecord(RuntimeException("boom"), "boom", Category.OperationStopped, from_throw=True,
                      span=span("  throw 'boom'", 3, 15, line=2, file="/s.ps1"))
    assert format_error(rec) == "Exception: /s.ps1:2\nLine |\n   2 |    throw 'boom'\n     |    ~~~~~~~~~~~~\n     | boom\n"


def test_line_gt_1_without_file_has_block_but_no_wrapping() -> None:
    rec = ErrorRecord(RuntimeException("You cannot call a method on a null-valued expression."),
                      "InvokeMethodOnNull", Category.InvalidOperation, span=span("$x.Foo()", 1, 9, line=3))
    assert format_error(rec) == (
        "InvalidOperation: \nLine |\n   3 |  $x.Foo()\n     |  ~~~~~~~~\n     | You cannot call a method on a null-valued expression."
    )


def test_binding_error_uses_command_name() -> None:
    rec = ErrorRecord(ParameterBindingException("A parameter cannot be found that matches parameter name 'Foo'."),
                      "NamedParameterNotFound", Category.InvalidArgument, command="Connect-AzAccount",
                      span=span("Connect-AzAccount -Foo", 19, 23, file="/a.ps1"))
    assert format_error(rec).split("\n")[:4] == [
        "Connect-AzAccount: /a.ps1:1", "Line |", "   1 |  Connect-AzAccount -Foo", "     |                    ~~~~",
    ]


@pytest.mark.parametrize(
    ("text", "col", "end", "line", "marks"),
    [
        ("abc", 4, 4, "abc", "   ~"),  # EOF: zero length still shows one ~
        ("a\tb", 3, 4, "a    b", "     ~"),  # tabs expanded before measuring
        ("x" * 100 + "<" + "y" * 5, 101, 102, "\u2026 " + "x" * 63 + "<" + "y" * 5, " " * 65 + "~"),
    ],
)
def test_position_lines(text: str, col: int, end: int, line: str, marks: str) -> None:
    assert position_lines(Span(None, 1, col, 1, end, text)) == (line, marks)


def test_error_record_in_output_stream_uses_concise_view() -> None:
    rec = ErrorRecord(RuntimeException("bad"), "X", Category.InvalidOperation, command="Write-Error")
    assert format_objects(["a", rec]) == "a\nWrite-Error: bad\n"


def test_color_only_on_request() -> None:
    rec = ErrorRecord(RuntimeException("bad"), "X", Category.InvalidOperation, command="Write-Error")
    assert format_error(rec, color=True) == "\x1b[31;1mWrite-Error: \x1b[31;1mbad\x1b[0m"


from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(max_size=150),
    col=st.integers(min_value=0, max_value=200),
    length=st.integers(min_value=-5, max_value=200),
    line=st.integers(min_value=1, max_value=123456),
    file=st.one_of(st.none(), st.just("/x.ps1")),
    message=st.text(max_size=400),
    width=st.integers(min_value=0, max_value=130),
)
def test_format_error_never_raises(text, col, length, line, file, message, width) -> None:
    rec = ErrorRecord(RuntimeException(message), "Id", Category.ParserError, span=Span(file, line, col, line, col + length, text))
    out = format_error(rec, width=width)
    assert out.startswith("ParserError: ")
