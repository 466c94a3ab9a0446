"""ConvertTo/From-Json (pwsh 7 / Newtonsoft shapes) and Get-Date formats."""

from __future__ import annotations

import datetime as dt
import enum

import pytest

from pwshim.cmdlets.utility_date import dotnet_format, uformat
from pwshim.runtime.errors import PSError
from pwshim.runtime.objects import Hashtable, OrderedHashtable, PSObject


class Color(enum.IntEnum):
    Red = 1
    Blue = 2


def test_to_json_indented_shape(run) -> None:
    value = PSObject([("a", 1), ("b", [1, "x"]), ("c", None), ("d", True), ("e", 1.5), ("f", []), ("g", Hashtable())])
    assert run("ConvertTo-Json", value) == [
        '{\n  "a": 1,\n  "b": [\n    1,\n    "x"\n  ],\n  "c": null,\n  "d": true,\n  "e": 1.5,\n  "f": [],\n  "g": {}\n}'
    ]


def test_to_json_compress_scalars_arrays_enums(run) -> None:
    assert run("ConvertTo-Json", PSObject([("a", 1), ("b", "q\"")]), Compress=True) == ['{"a":1,"b":"q\\""}']
    assert run("ConvertTo-Json", 1, 2, Compress=True) == ["[1,2]"]
    assert run("ConvertTo-Json", "x", AsArray=True, Compress=True) == ['["x"]']
    assert run("ConvertTo-Json", Color.Blue) == ["2"]
    assert run("ConvertTo-Json", Color.Blue, EnumsAsStrings=True) == ['"Blue"']


def test_to_json_depth_truncation_warning(run, session) -> None:
    # top object = depth 0; a non-primitive at depth 3 becomes a string with -Depth 2
    deep = Hashtable([("a", Hashtable([("b", Hashtable([("c", Hashtable([("d", 1)]))])), ("arr", [PSObject([("x", 1)])])]))])
    (text,) = run("ConvertTo-Json", deep, Compress=True)
    assert text == '{"a":{"b":{"c":"System.Collections.Hashtable"},"arr":["@{x=1}"]}}'
    assert "WARNING: Resulting JSON is truncated as serialization has exceeded the set depth of 2." in session.host.text
    (full,) = run("ConvertTo-Json", deep, Compress=True, Depth=5)
    assert full == '{"a":{"b":{"c":{"d":1}},"arr":[{"x":1}]}}'


def test_to_json_datetime_iso(run) -> None:
    (text,) = run("ConvertTo-Json", dt.datetime(2026, 11, 26, 14, 43, 33, 120000))
    assert text.startswith('"2026-11-26T14:43:33.12') and text[-7] in "+-"


def test_to_json_secure_string_shows_length_only(run) -> None:
    from pwshim.dotnet.securestring import SecureString

    (text,) = run("ConvertTo-Json", PSObject([("p", SecureString.from_plain("hunter2"))]), Compress=True)
    assert text == '{"p":{"Length":7}}'


def test_from_json_objects_arrays_dates(run) -> None:
    (o,) = run("ConvertFrom-Json", InputObject='{"a": 1, "b": {"c": [1, 2]}, "when": "2020-01-02T03:04:05"}')
    assert isinstance(o, PSObject)
    assert o.get("a") == 1 and o.get("b").get("c") == [1, 2]
    assert o.get("when") == dt.datetime(2020, 1, 2, 3, 4, 5)
    assert run("ConvertFrom-Json", InputObject="[1, 2, 3]") == [1, 2, 3]
    assert run("ConvertFrom-Json", InputObject="[1, 2]", NoEnumerate=True) == [[1, 2]]
    (h,) = run("ConvertFrom-Json", InputObject='{"b": 1, "a": 2}', AsHashtable=True)
    assert isinstance(h, OrderedHashtable) and list(h) == ["b", "a"]


def test_from_json_lines_from_pipeline_and_errors(run) -> None:
    (o,) = run("ConvertFrom-Json", "{", '"a": 1', "}")
    assert o.get("a") == 1
    with pytest.raises(PSError) as info:
        run("ConvertFrom-Json", InputObject="{nope")
    assert info.value.record.message.startswith("Conversion from JSON failed with error: ")
    with pytest.raises(PSError, match="different casing"):
        run("ConvertFrom-Json", InputObject='{"a": 1, "A": 2}')


WHEN = dt.datetime(2026, 1, 5, 9, 3, 7, 250000)


@pytest.mark.parametrize(
    "fmt, text",
    [
        ("yyyy-MM-dd", "2026-01-05"),
        ("HH:mm:ss.fff", "09:03:07.250"),
        ("dddd, MMMM d, yyyy", "Monday, January 5, 2026"),
        ("ddd MMM dd yy", "Mon Jan 05 26"),
        ("h:mm tt", "9:03 AM"),
        ("'Year' yyyy \\a", "Year 2026 a"),
        ("yyyyMMddHHmmss", "20260105090307"),
        ("d", "1/5/2026"),
        ("D", "Monday, January 5, 2026"),
        ("G", "1/5/2026 9:03:07 AM"),
        ("s", "2026-01-05T09:03:07"),
        ("t", "9:03 AM"),
        ("T", "9:03:07 AM"),
        ("Y", "January 2026"),
        ("%d", "5"),
        ("FFF", "25"),
    ],
)
def test_dotnet_date_formats(fmt: str, text: str) -> None:
    assert dotnet_format(WHEN, fmt) == text


@pytest.mark.parametrize(
    "fmt, text",
    [("%Y-%m-%d", "2026-01-05"), ("%H:%M:%S", "09:03:07"), ("%A %B %e", "Monday January  5"), ("%j", "005"),
     ("%p %I", "AM 09"), ("%%", "%")],
)
def test_uformat(fmt: str, text: str) -> None:
    assert uformat(WHEN, fmt) == text


def test_get_date_cmdlet(run) -> None:
    assert run("Get-Date", Date=WHEN, Format="yyyy") == ["2026"]
    assert run("Get-Date", Date="2026-03-04", Year=2020) == [dt.datetime(2020, 3, 4)]
    (now,) = run("Get-Date")
    assert isinstance(now, dt.datetime) and abs((dt.datetime.now() - now).total_seconds()) < 5
    (span,) = run("New-TimeSpan", Start=dt.datetime(2026, 1, 1), End=dt.datetime(2026, 1, 2, 6))
    assert span == dt.timedelta(days=1, hours=6)
    assert run("New-TimeSpan", Minutes=90) == [dt.timedelta(minutes=90)]


def test_get_random(run) -> None:
    values = run("Get-Random", Minimum=5, Maximum=8, Count=20)
    assert len(values) == 20 and all(5 <= v < 8 for v in values)
    assert run("Get-Random", Maximum=100, SetSeed=7) == run("Get-Random", Maximum=100, SetSeed=7)
    picked = run("Get-Random", InputObject=["a", "b", "c"], Count=2)
    assert len(set(picked)) == 2 and set(picked) <= {"a", "b", "c"}
    with pytest.raises(PSError, match="cannot be greater than or equal to the Maximum"):
        run("Get-Random", Minimum=5, Maximum=5)
    assert run("Write-Progress", Activity="x", PercentComplete=5) == []


@pytest.mark.parametrize(
    "value, text",
    [(3.0, "3.0"), (0.1, "0.1"), (1e20, "1E+20"), (float("nan"), '"NaN"'), ("a\u2028b", '"a\\u2028b"'),
     ("tab\there", '"tab\\there"'), ("é<>&'", "\"é<>&'\"")],
)
def test_to_json_scalars_as_newtonsoft(run, value: object, text: str) -> None:
    assert run("ConvertTo-Json", value) == [text]
