"""Out-Default text: scalars, tables, lists, groups, hashtables, values (exact strings)."""

from __future__ import annotations

import datetime as dt
import enum

import pytest

from pwshim.formatting import FormatRequest, format_list, format_objects, format_table
from pwshim.formatting_values import cell_text
from pwshim.runtime.objects import DictionaryEntry, Hashtable, PSObject


class Bare:
    """An object with no properties: pwsh writes its ToString()."""

    def ToString(self) -> str:
        return "tests.Bare"


class Color(enum.IntEnum):
    Red = 1
    Blue = 2


class Flags(enum.IntFlag):
    A = 1
    B = 2


def obj(**props: object) -> PSObject:
    return PSObject(list(props.items()))


class Cred:
    """A PSCredential-shaped object: no view, two properties (dotnet reference §7.2)."""

    PS_DEFAULT_PROPERTIES = ("UserName", "Password")

    def __init__(self, user: str) -> None:
        from pwshim.dotnet.securestring import SecureString

        self.UserName = user
        self.Password = SecureString.from_plain("s3cret!")


def test_doc_profile_table_exact() -> None:
    # seed-doc-authenticate-noninteractive.txt: widths = max(header, values), ONE space apart
    zero = "00000000-0000-0000-0000-000000000000"
    text = format_objects([obj(Account=zero, SubscriptionName="My Subscription", TenantId=zero, Environment="AzureCloud")])
    assert text == (
        "\n"
        "Account                              SubscriptionName TenantId                             Environment\n"
        "-------                              ---------------- --------                             -----------\n"
        "00000000-0000-0000-0000-000000000000 My Subscription  00000000-0000-0000-0000-000000000000 AzureCloud\n"
        "\n"
    )


@pytest.mark.parametrize(
    ("objects", "expected"),
    [
        (["a", 1, True, 2.5], "a\n1\nTrue\n2.5\n"),
        ([Color.Red], "Red\n"),
        ([[1, [2, 3]]], "1\n2\n3\n"),
        ([None, "x"], "x\n"),
        ([PSObject(), "x"], "x\n"),
        ([b"\x01\x02"], "1\n2\n"),
        ([Bare()], "tests.Bare\n"),
        ([obj(a=1, b="x")], "\na b\n- -\n1 x\n\n"),
        # numbers right-aligned, header and dashes with them; last column not padded
        ([obj(Name="foo", Value=1), obj(Name="longer", Value=12345)],
         "\nName   Value\n----   -----\nfoo        1\nlonger 12345\n\n"),
        # same type: one table; a missing property is an empty cell (first object decides)
        ([obj(a="x", b="y"), obj(c="z")], "\na b\n- -\nx y\n  \n\n"),
        # five properties: a list, labels padded to the longest
        ([obj(a=1, bb=2, c=3, d=4, e=None)], "\na  : 1\nbb : 2\nc  : 3\nd  : 4\ne  : \n\n"),
        ([obj(a=1, b=2, c=3, d=4, e=5)] * 2,
         "\na : 1\nb : 2\nc : 3\nd : 4\ne : 5\n\na : 1\nb : 2\nc : 3\nd : 4\ne : 5\n\n"),
        # a scalar after a table prints where it comes, inside the table group
        ([obj(a=1), "after"], "\na\n-\n1\nafter\n\n"),
        (["before", obj(a=1)], "before\n\na\n-\n1\n\n"),
    ],
)
def test_out_default_shapes(objects: list, expected: str) -> None:
    assert format_objects(objects) == expected


def test_hashtable_is_name_value_table_with_width_30() -> None:
    text = format_objects([Hashtable([("Key", "v"), ("list", [1, 2, 3, 4, 5])])])
    assert text == (
        "\nName                           Value\n"
        "----                           -----\n"
        "Key                            v\n"
        "list                           {1, 2, 3, 4\u2026}\n\n"
    )


def test_two_hashtables_share_one_table() -> None:
    text = format_objects([Hashtable([("a", 1)]), Hashtable([("b", 2)])])
    assert text.count("Name ") == 1
    assert "\na                              1\nb                              2\n" in text


def test_other_type_after_table_is_out_of_band_list() -> None:
    text = format_objects([obj(a=1), DictionaryEntry("k", "v")])
    assert text.startswith("\na\n-\n1\n")
    assert "Name  : k\nValue : v\n" in text


def test_credential_password_column_right_aligned() -> None:
    # dotnet-security-on-linux.md §7.2
    text = format_objects([Cred("joe")])
    assert text == (
        "\nUserName                     Password\n"
        "--------                     --------\n"
        "joe      System.Security.SecureString\n\n"
    )
    assert "s3cret" not in text


def test_truncation_with_ellipsis_at_console_width() -> None:
    text = format_objects([obj(Name="n", Value="x" * 200)], width=40)
    rows = text.splitlines()
    assert rows[3] == "n    " + "x" * 34 + "\u2026"
    assert len(rows[3]) == 40


def test_columns_dropped_from_the_right_when_nothing_fits() -> None:
    text = format_table([obj(a="x" * 10, b="y" * 30, c="z")], width=20)
    lines = text.splitlines()
    assert lines[1] == "a          b"
    assert lines[3] == "xxxxxxxxxx yyyyyyyy\u2026"
    assert format_table([obj(a="x" * 30, b="y")], width=20).splitlines()[3] == "x" * 19 + "\u2026"


def test_datetime_views() -> None:
    when = dt.datetime(2026, 11, 26, 14, 43, 33)
    assert format_objects([when]) == "\nThursday, November 26, 2026 2:43:33 PM\n\n"
    assert cell_text(when) == "11/26/2026 2:43:33 PM"
    assert cell_text(dt.datetime(2026, 1, 5, 0, 3, 7)) == "1/5/2026 12:03:07 AM"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ([], "{}"),
        (["a", "b"], "{a, b}"),
        ([1, 2, 3, 4, 5, 6], "{1, 2, 3, 4\u2026}"),
        (Hashtable([("a", 1)]), "{[a, 1]}"),
        (obj(x=1, y="z"), "@{x=1; y=z}"),
        (True, "True"),
        (dt.timedelta(days=1, hours=2, seconds=3), "1.02:00:03"),
        (Color.Blue, "Blue"),
        (Flags.A | Flags.B, "A, B"),
    ],
)
def test_cell_values(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_format_table_properties_autosize_hide_headers() -> None:
    objects = [obj(Name="a", Size=10, Extra="e"), obj(Name="bbb", Size=2, Extra="f")]
    assert format_table(objects, ["Name", "Size"]) == "\nName Size\n---- ----\na      10\nbbb     2\n\n"
    assert format_table(objects, ["Name"], hide_headers=True) == "\na\nbbb\n\n"


def test_format_list_of_selected_properties() -> None:
    assert format_list([obj(a=1, b=2, c=3)], ["c", "a"]) == "\nc : 3\na : 1\n\n"


def test_list_value_multiline_is_indented() -> None:
    assert format_list([obj(Name="n", Text="one\ntwo")]) == "\nName : n\nText : one\n       two\n\n"


def test_format_request_renders_at_output_time() -> None:
    req = FormatRequest("list", [obj(a=1)])
    assert format_objects(["x", req, "y"]) == "x\n\na : 1\n\ny\n"


def test_no_ansi_unless_color() -> None:
    plain = format_objects([obj(a=1)])
    colored = format_objects([obj(a=1)], color=True)
    assert "\x1b" not in plain
    assert "\x1b[32;1ma\x1b[0m" in colored


def test_out_of_band_datetime_and_objects_in_other_groups() -> None:
    when = dt.datetime(2026, 1, 1)
    assert format_objects([obj(a=1), when, obj(a=2)]) == "\na\n-\n1\nThursday, January 1, 2026 12:00:00 AM\n2\n\n"
    assert format_objects([when, "x", obj(a=2)]) == "\nThursday, January 1, 2026 12:00:00 AM\nx\n\na : 2\n\n\n"


def test_streaming_writer_keeps_the_table_open_across_flushes() -> None:
    from pwshim.formatting import OutDefaultWriter

    writer = OutDefaultWriter(width=120)
    writer.write([obj(Name="a", Size=1)])
    assert writer.flush() == "\nName Size\n---- ----\na       1\n"
    # Write-Host text would go here; later rows of the same type continue the table,
    # with the widths of the first flush (a longer value is cut)
    writer.write([obj(Name="bbbbbb", Size=22)])
    assert writer.flush() == "bbb\u2026   22\n"
    writer.write(["scalar"])
    assert writer.close() == "scalar\n\n"
    assert writer.close() == ""


def test_wrap_continues_long_and_multiline_cells() -> None:
    req = FormatRequest("table", [obj(Name="abcdefghij", Note="one\ntwo")], wrap=True)
    assert format_objects([req], width=8) == "\nName\n----\nabcdefgh\nij\n\n"
    req = FormatRequest("table", [obj(N=1, Note="one\ntwo")], wrap=True)
    assert format_objects([req]) == "\nN Note\n- ----\n1 one\n  two\n\n"
