"""Formatting never raises, whatever the values (no Python traceback reaches the user)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from pwshim.formatting import format_list, format_objects, format_table
from pwshim.runtime.objects import Hashtable, PSObject

names = st.text(alphabet="abcXYZ_ é", min_size=1, max_size=6)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
    st.text(alphabet=st.characters(blacklist_characters="\x1b"), max_size=30),
    st.datetimes(min_value=dt.datetime(1900, 1, 1)), st.timedeltas(),
)


def _containers(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.lists(children, max_size=5),
        st.lists(st.tuples(names, children), max_size=6).map(PSObject),
        st.lists(st.tuples(names, children), max_size=4).map(Hashtable),
    )


values = st.recursive(scalars, _containers, max_leaves=20)


@settings(max_examples=150, deadline=None)
@given(st.lists(values, max_size=6), st.integers(min_value=1, max_value=200))
def test_format_objects_never_raises(objects: list, width: int) -> None:
    text = format_objects(objects, width=width)
    assert isinstance(text, str)
    assert "\x1b" not in text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.tuples(names, values), max_size=5).map(PSObject), min_size=1, max_size=4))
def test_format_table_and_list_never_raise(objects: list) -> None:
    assert isinstance(format_table(objects, width=40), str)
    assert isinstance(format_list(objects, width=40), str)
