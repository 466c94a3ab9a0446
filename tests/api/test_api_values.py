"""Values the Python API hands back answer PowerShell's members as a script's values do:
dates and time spans, automatic variables in the API session, and a clean module namespace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pwshim.api as api


def test_dates_answer_datetime_members_and_stay_datetimes() -> None:
    d = api.get_date(year=2020, month=1, day=2, hour=3)
    assert isinstance(d, dt.datetime) and d.year == 2020          # Python's own attributes
    assert d.Year == 2020 and str(d.DayOfWeek) == str(d.day_of_week) == "Thursday"
    later = d.add_days(1)
    assert isinstance(later, dt.datetime) and later.Day == 3
    assert type(api.unwrap(d)) is dt.datetime


def test_time_spans_answer_timespan_members() -> None:
    t = api.new_time_span(minutes=1, seconds=5)
    assert isinstance(t, dt.timedelta)
    assert t.TotalSeconds == 65 and t.Minutes == 1 and t.total_seconds() == 65.0
    assert type(api.unwrap(t)) is dt.timedelta


def test_file_times_read_through_items(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("x")
    item = api.get_item(path=str(f))
    assert item.LastWriteTime.Year == dt.datetime.fromtimestamp(f.stat().st_mtime).year


def test_api_session_has_the_automatic_variables() -> None:
    assert api.get_variable(name="PSVersionTable").Value["PSVersion"].Major == 7
    assert api.get_variable(name="HOME").Value


def test_dir_lists_the_api_not_its_imports() -> None:
    names = dir(api)
    assert "get_date" in names and "run" in names and "py_object" in names
    assert "Any" not in names and "dataclass" not in names and "field" not in names
