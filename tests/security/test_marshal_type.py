"""System.Runtime.InteropServices.Marshal over the private handle table."""

from __future__ import annotations

import pytest

from pwshim.dotnet.marshal import _HEAP, AccessViolationException, Marshal, live_blocks
from pwshim.dotnet.securestring import SecureString
from pwshim.runtime.dotnet import find_member, resolve_type
from pwshim.runtime.errors import ArgumentNullException


def test_registered_and_case_insensitive():
    assert resolve_type("System.Runtime.InteropServices.Marshal") is Marshal
    assert find_member(Marshal, "securestringtobstr") == "SecureStringToBSTR"
    assert find_member(Marshal, "ptrtostringauto") == "PtrToStringAuto"


def test_bstr_round_trip_and_zero_free():
    before = live_blocks()
    ptr = Marshal.SecureStringToBSTR(SecureString.from_plain("P@ssw0rd"))
    assert isinstance(ptr, int) and ptr != 0
    assert live_blocks() == before + 1
    block, kind = _HEAP.get(ptr)
    assert kind == "bstr"
    assert Marshal.PtrToStringBSTR(ptr) == "P@ssw0rd"
    assert Marshal.PtrToStringUni(ptr) == "P@ssw0rd"
    Marshal.ZeroFreeBSTR(ptr)
    assert live_blocks() == before
    assert set(block) == {0}  # the memory was overwritten before release
    with pytest.raises(AccessViolationException):
        Marshal.PtrToStringBSTR(ptr)


def test_ptr_to_string_auto_is_utf8_on_unix():
    # Marshal.Unix.cs: PtrToStringAuto = PtrToStringUTF8, so a BSTR of ASCII text reads back as
    # its first character (the classic Linux portability trap).
    ptr = Marshal.SecureStringToBSTR(SecureString.from_plain("P@ssw0rd"))
    try:
        assert Marshal.PtrToStringAuto(ptr) == "P"
        assert Marshal.PtrToStringAnsi(ptr) == "P"
    finally:
        Marshal.ZeroFreeBSTR(ptr)


def test_global_alloc_unicode():
    ptr = Marshal.SecureStringToGlobalAllocUnicode(SecureString.from_plain("héllo"))
    assert Marshal.PtrToStringUni(ptr) == "héllo"
    assert Marshal.PtrToStringUni(ptr, 2) == "hé"
    block, _ = _HEAP.get(ptr)
    Marshal.ZeroFreeGlobalAllocUnicode(ptr)
    assert set(block) == {0}


def test_string_helpers_and_null_pointers():
    p = Marshal.StringToBSTR("abc")
    assert Marshal.PtrToStringBSTR(p) == "abc"
    Marshal.FreeBSTR(p)
    assert Marshal.PtrToStringUni(0) is None and Marshal.PtrToStringAuto(0) is None
    with pytest.raises(ArgumentNullException) as info:
        Marshal.PtrToStringBSTR(0)
    assert str(info.value) == "Value cannot be null. (Parameter 'ptr')"
    with pytest.raises(ArgumentNullException) as info:
        Marshal.SecureStringToBSTR(None)
    assert str(info.value) == "Value cannot be null. (Parameter 's')"
    Marshal.ZeroFreeBSTR(0)  # IntPtr.Zero is a no-op


def test_handle_does_not_reveal_text():
    ptr = Marshal.SecureStringToBSTR(SecureString.from_plain("hidden"))
    try:
        assert "hidden" not in repr(ptr) and "hidden" not in str(_HEAP.__dict__.keys())
    finally:
        Marshal.ZeroFreeBSTR(ptr)
