"""System.Security.SecureString: members, .NET errors, and that the text never leaks."""

from __future__ import annotations

import copy
import json
import logging
import pickle

import pytest

from pwshim.dotnet.securestring import ObjectDisposedException, SecureString
from pwshim.runtime.dotnet import find_member, resolve_type, type_full_name
from pwshim.runtime.errors import ArgumentOutOfRangeException, InvalidOperationException

SECRET = "Sup3r-S3cret!"
TYPE = "System.Security.SecureString"


def test_registered_under_full_name_and_accelerator():
    assert resolve_type("securestring") is SecureString
    assert resolve_type("System.Security.SecureString") is SecureString
    assert type_full_name(SecureString()) == TYPE
    assert find_member(SecureString, "appendchar") == "AppendChar"
    assert find_member(SecureString, "LENGTH") == "Length"


@pytest.mark.parametrize(
    "render",
    [
        str,
        repr,
        format,
        lambda s: f"{s}",
        lambda s: f"{s!r}",
        lambda s: f"{s:>40}",
        lambda s: "%s" % s,
        lambda s: "%r" % (s,),
        lambda s: "{}".format(s),
        lambda s: s.ToString(),
        lambda s: json.dumps({"a": s}, default=str),
        lambda s: str([s, {"k": s}]),
    ],
)
def test_no_textual_form_reveals_the_text(render):
    s = SecureString.from_plain(SECRET)
    text = render(s)
    assert SECRET not in text
    assert "Sup3r" not in text
    assert "System.Security.SecureString" in text


def test_json_without_default_fails_without_the_text():
    s = SecureString.from_plain(SECRET)
    with pytest.raises(TypeError) as info:
        json.dumps(s)
    assert SECRET not in str(info.value)


def test_logging_does_not_leak(caplog):
    s = SecureString.from_plain(SECRET)
    with caplog.at_level(logging.INFO):
        logging.getLogger("t").info("value %s / %r", s, s)
    assert SECRET not in caplog.text
    assert TYPE in caplog.text


def test_pickling_is_refused_and_copies_are_new_secure_strings():
    s = SecureString.from_plain(SECRET)
    with pytest.raises(TypeError) as info:
        pickle.dumps(s)
    assert SECRET not in str(info.value)
    for dup in (copy.copy(s), copy.deepcopy(s), s.Copy()):
        assert isinstance(dup, SecureString) and dup is not s
        assert dup.reveal() == SECRET


def test_no_plain_text_attribute_or_dict():
    s = SecureString.from_plain(SECRET)
    assert not hasattr(s, "__dict__")
    for slot in SecureString.__slots__:
        value = getattr(s, slot, None)
        assert SECRET not in str(value)
        if isinstance(value, bytearray | bytes):
            assert SECRET.encode("utf-16-le") not in bytes(value)


def test_length_counts_utf16_code_units():
    assert SecureString.from_plain("P@ssw0rd").Length == 8
    assert SecureString.from_plain("").Length == 0
    assert SecureString.from_plain("\U0001F600").Length == 2  # a surrogate pair, as .NET
    assert SecureString.from_plain("\U0001F600x").reveal() == "\U0001F600x"


def test_editing_members():
    s = SecureString()
    for c in "abc":
        s.AppendChar(c)
    s.InsertAt(0, "X")
    s.SetAt(2, "Y")
    s.RemoveAt(3)
    assert s.reveal() == "XaY"
    s.AppendChar(0x41)  # a char given as a number
    assert s.reveal() == "XaYA"
    s.Clear()
    assert s.Length == 0 and s.reveal() == ""


@pytest.mark.parametrize(
    "op",
    [lambda s: s.InsertAt(4, "x"), lambda s: s.InsertAt(-1, "x"), lambda s: s.RemoveAt(3), lambda s: s.SetAt(3, "x")],
)
def test_index_errors(op):
    s = SecureString.from_plain("abc")
    with pytest.raises(ArgumentOutOfRangeException) as info:
        op(s)
    assert str(info.value) == (
        "Index was out of range. Must be non-negative and less than the length of the string. (Parameter 'index')"
    )


def test_read_only():
    s = SecureString.from_plain("abc")
    assert s.IsReadOnly() is False
    s.MakeReadOnly()
    assert s.IsReadOnly() is True
    for op in (lambda: s.AppendChar("x"), lambda: s.Clear(), lambda: s.SetAt(0, "x"), lambda: s.RemoveAt(0)):
        with pytest.raises(InvalidOperationException) as info:
            op()
        assert str(info.value) == "Instance is read-only."
    copy_ = s.Copy()
    assert copy_.IsReadOnly() is False  # Copy() is writable, as .NET
    copy_.AppendChar("d")
    assert copy_.reveal() == "abcd" and s.reveal() == "abc"


def test_dispose():
    s = SecureString.from_plain("abc")
    s.Dispose()
    with pytest.raises(ObjectDisposedException) as info:
        _ = s.Length
    assert str(info.value) == "Cannot access a disposed object.\nObject name: 'System.Security.SecureString'."
    assert info.value.type_name == "System.ObjectDisposedException"
    s.Dispose()  # twice is fine


def test_max_length():
    s = SecureString.from_plain("a" * 65536)
    with pytest.raises(ArgumentOutOfRangeException) as info:
        s.AppendChar("b")
    assert "Capacity exceeds maximum capacity." in str(info.value)


def test_char_argument_must_be_one_character():
    from pwshim.runtime.errors import InvalidCastException

    with pytest.raises(InvalidCastException):
        SecureString().AppendChar("ab")


def test_no_overload_for_arguments():
    with pytest.raises(Exception) as info:
        SecureString("text")
    assert str(info.value) == 'Cannot find an overload for "SecureString" and the argument count: "1".'
