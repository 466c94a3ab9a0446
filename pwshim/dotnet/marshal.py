"""System.Runtime.InteropServices.Marshal: the string/SecureString memory helpers scripts use.

`[Marshal]::PtrToStringBSTR([Marshal]::SecureStringToBSTR($ss))` is the classic way scripts read
a SecureString. Here "unmanaged memory" is a private table of byte blocks keyed by opaque
integer addresses (what an IntPtr prints as); nothing outside this module can read it, and the
ZeroFree* methods overwrite a block before dropping it. Free* (no Zero) overwrite it too: the
block is pwshim's own Python memory, and leaving a password in freed heap helps no one. Blocks
are allocated at their final size and read through memoryviews, so no resize or temporary
slice leaves another copy of the text behind; only the str a PtrToString* call returns (an
immutable Python object) escapes.

Unix semantics (dotnet/runtime `Marshal.Unix.cs`): `PtrToStringAuto` and `PtrToStringAnsi`
read UTF-8 up to the first NUL byte. So on Linux `PtrToStringAuto(SecureStringToBSTR($ss))`
returns only the first character of an ASCII password (its UTF-16 high byte is NUL) — a
well-known portability trap reproduced on purpose; `PtrToStringBSTR`/`PtrToStringUni` are right.
"""

from __future__ import annotations

import codecs
import os
import threading
from collections.abc import Iterator
from typing import Any

from pwshim.dotnet.securestring import SecureString, _zero, null_argument
from pwshim.runtime.dotnet import dotnet_type
from pwshim.runtime.errors import SystemException


class AccessViolationException(SystemException):
    """System.AccessViolationException: a read through a pointer this table does not own."""

    type_name = "System.AccessViolationException"

    def __init__(self) -> None:
        super().__init__(
            "Attempted to read or write protected memory. This is often an indication that "
            "other memory is corrupt."
        )


class _Heap:
    """Blocks of fake unmanaged memory: address -> (bytearray, kind)."""

    def __init__(self) -> None:
        self._blocks: dict[int, tuple[bytearray, str]] = {}
        self._lock = threading.Lock()
        # A user-space-looking base address; 16-byte aligned blocks, never reused.
        self._next = 0x7F0000000000 + (int.from_bytes(os.urandom(3), "little") << 12)

    def alloc(self, data: bytearray, kind: str, header: int = 0) -> int:
        """Store `data`; return the address of byte `header` (a BSTR points past its length)."""
        with self._lock:
            base = self._next
            self._next += (len(data) + 31) // 16 * 16
            self._blocks[base + header] = (data, kind)
            return base + header

    def get(self, ptr: int) -> tuple[bytearray, str]:
        with self._lock:
            block = self._blocks.get(ptr)
        if block is None:
            raise AccessViolationException()
        return block

    def free(self, ptr: int, zero: bool) -> None:
        with self._lock:
            block = self._blocks.pop(ptr, None)
        if block is None:
            # Freeing an unknown pointer corrupts the native heap in .NET; refuse loudly.
            raise AccessViolationException()
        _zero(block[0])  # Free* too (see the module docstring); `zero` says which API was used
        del zero

    def __len__(self) -> int:
        return len(self._blocks)


_HEAP = _Heap()


def _ptr(value: Any) -> int:
    return 0 if value is None else int(value)


def _secure(value: Any, param: str = "s") -> SecureString:
    if value is None:
        raise null_argument(param)
    if not isinstance(value, SecureString):
        return SecureString.PS_CONVERT_FROM(value)  # raises pwsh's value-free cast error
    return value


def _alloc_unicode(data: bytearray, kind: str) -> int:
    block = bytearray(len(data) + 2)  # the text and a 2-byte NUL, allocated once
    block[: len(data)] = data
    return _HEAP.alloc(block, kind)


def _alloc_bstr(data: bytearray) -> int:
    # BSTR layout: 4-byte little-endian byte length, the UTF-16 text, a 2-byte NUL; the
    # pointer addresses the text. Allocated once at its final size.
    block = bytearray(4 + len(data) + 2)
    block[:4] = len(data).to_bytes(4, "little")
    block[4 : 4 + len(data)] = data
    return _HEAP.alloc(block, "bstr", header=4)


def _store_utf16(data: bytearray, kind: str) -> int:
    return _alloc_bstr(data) if kind == "bstr" else _alloc_unicode(data, kind)


def _from_secure(value: Any, kind: str) -> int:
    data = _secure(value).utf16()
    try:
        return _store_utf16(data, kind)
    finally:
        _zero(data)


def _from_string(value: Any, kind: str) -> int:
    if value is None:
        return 0
    return _store_utf16(bytearray(str(value).encode("utf-16-le", "surrogatepass")), kind)


def _text(ptr: int) -> memoryview:
    """The bytes at a pointer (a BSTR block without its length prefix), as a view: slicing a
    bytearray would copy the text."""
    data, kind = _HEAP.get(ptr)
    view = memoryview(data)
    return view[4:] if kind == "bstr" else view


def _until_nul16(raw: memoryview) -> memoryview:
    for i in range(0, len(raw) - 1, 2):
        if raw[i] == 0 and raw[i + 1] == 0:
            return raw[:i]
    return raw[: len(raw) // 2 * 2]


def _until_nul8(raw: memoryview) -> memoryview:
    for i in range(len(raw)):
        if raw[i] == 0:
            return raw[:i]
    return raw


def _decode(view: memoryview, encoding: str, errors: str) -> str:
    """Decode a view of a block and release it (a live view would pin the block)."""
    try:
        return codecs.decode(view, encoding, errors)
    finally:
        view.release()


@dotnet_type("System.Runtime.InteropServices.Marshal")
class Marshal:
    """Static helpers; IntPtr values are plain ints (0 is IntPtr.Zero)."""

    SystemDefaultCharSize = 1  # Unix: "Auto" means UTF-8
    SystemMaxDBCSCharSize = 3

    # --- SecureString -> memory ----------------------------------------------------------------
    @staticmethod
    def SecureStringToBSTR(s: Any) -> int:  # noqa: N802
        return _from_secure(s, "bstr")

    @staticmethod
    def SecureStringToGlobalAllocUnicode(s: Any) -> int:  # noqa: N802
        return _from_secure(s, "hglobal")

    @staticmethod
    def SecureStringToCoTaskMemUnicode(s: Any) -> int:  # noqa: N802
        return _from_secure(s, "cotaskmem")

    @staticmethod
    def SecureStringToGlobalAllocAnsi(s: Any) -> int:  # noqa: N802
        return _ansi(_secure(s), "hglobal")

    @staticmethod
    def SecureStringToCoTaskMemAnsi(s: Any) -> int:  # noqa: N802
        return _ansi(_secure(s), "cotaskmem")

    # --- string -> memory (null gives IntPtr.Zero) ---------------------------------------------
    @staticmethod
    def StringToBSTR(s: Any) -> int:  # noqa: N802
        return _from_string(s, "bstr")

    @staticmethod
    def StringToHGlobalUni(s: Any) -> int:  # noqa: N802
        return _from_string(s, "hglobal")

    @staticmethod
    def StringToCoTaskMemUni(s: Any) -> int:  # noqa: N802
        return _from_string(s, "cotaskmem")

    @staticmethod
    def StringToHGlobalAnsi(s: Any) -> int:  # noqa: N802
        if s is None:
            return 0
        return _HEAP.alloc(bytearray(str(s).encode("utf-8", "replace")) + b"\x00", "hglobal")

    StringToHGlobalAuto = StringToHGlobalAnsi  # Unix: Auto = UTF-8
    StringToCoTaskMemUTF8 = StringToHGlobalAnsi
    StringToCoTaskMemAuto = StringToHGlobalAnsi

    # --- memory -> string ----------------------------------------------------------------------
    @staticmethod
    def PtrToStringBSTR(ptr: Any) -> str:  # noqa: N802
        p = _ptr(ptr)
        if p == 0:
            raise null_argument("ptr")
        data, kind = _HEAP.get(p)
        view = memoryview(data)
        if kind == "bstr":
            length = int.from_bytes(view[:4], "little")
            raw = view[4 : 4 + length]
        else:  # SysStringByteLen reads the 4 bytes before ptr: garbage for a non-BSTR
            raw = _until_nul16(view)
        try:
            return _decode(raw, "utf-16-le", "surrogatepass")
        finally:
            view.release()

    @staticmethod
    def PtrToStringUni(ptr: Any, length: Any = None) -> str | None:  # noqa: N802
        p = _ptr(ptr)
        if p == 0:
            if length is None:
                return None
            raise null_argument("ptr")
        n = None if length is None else int(length)
        if n is not None and n < 0:
            from pwshim.dotnet.securestring import out_of_range

            raise out_of_range("len", "Non-negative number required.")
        raw = _text(p)
        try:
            return _decode(_until_nul16(raw) if n is None else raw[: 2 * n], "utf-16-le", "surrogatepass")
        finally:
            raw.release()

    @staticmethod
    def PtrToStringUTF8(ptr: Any, byte_len: Any = None) -> str | None:  # noqa: N802
        p = _ptr(ptr)
        if p == 0:
            if byte_len is None:
                return None
            raise null_argument("ptr")
        raw = _text(p)
        try:
            return _decode(_until_nul8(raw) if byte_len is None else raw[: int(byte_len)], "utf-8", "replace")
        finally:
            raw.release()

    # Unix: Auto and Ansi are UTF-8 (Marshal.Unix.cs).
    PtrToStringAuto = PtrToStringUTF8
    PtrToStringAnsi = PtrToStringUTF8

    # --- freeing -------------------------------------------------------------------------------
    @staticmethod
    def ZeroFreeBSTR(s: Any) -> None:  # noqa: N802
        p = _ptr(s)
        if p:
            _HEAP.free(p, zero=True)

    @staticmethod
    def ZeroFreeGlobalAllocUnicode(s: Any) -> None:  # noqa: N802
        p = _ptr(s)
        if p:
            _HEAP.free(p, zero=True)

    ZeroFreeCoTaskMemUnicode = ZeroFreeGlobalAllocUnicode
    ZeroFreeGlobalAllocAnsi = ZeroFreeGlobalAllocUnicode
    ZeroFreeCoTaskMemAnsi = ZeroFreeGlobalAllocUnicode
    ZeroFreeCoTaskMemUTF8 = ZeroFreeGlobalAllocUnicode

    @staticmethod
    def FreeBSTR(ptr: Any) -> None:  # noqa: N802
        p = _ptr(ptr)
        if p:
            _HEAP.free(p, zero=False)

    FreeHGlobal = FreeBSTR
    FreeCoTaskMem = FreeBSTR


def _ansi(s: SecureString, kind: str) -> int:
    data = s.utf16()
    try:
        return _HEAP.alloc(utf16_to_utf8(data, nul=True), kind)
    finally:
        _zero(data)


def utf16_to_utf8(data: bytearray, nul: bool = False) -> bytearray:
    """UTF-16-LE bytes -> UTF-8 in one buffer of its final size, without a str in between
    (what `.decode("utf-16-le", "surrogatepass").encode("utf-8", "replace")` gives: a lone
    surrogate becomes "?"). With `nul`, a terminating NUL byte follows."""
    points = list(_code_points(data))
    size = sum(1 if p < 0x80 else 2 if p < 0x800 else 3 if p < 0x10000 else 4 for p in points)
    out = bytearray(size + (1 if nul else 0))
    j = 0
    for p in points:
        if p < 0x80:
            out[j] = p
            j += 1
        elif p < 0x800:
            out[j], out[j + 1] = 0xC0 | (p >> 6), 0x80 | (p & 0x3F)
            j += 2
        elif p < 0x10000:
            out[j], out[j + 1], out[j + 2] = 0xE0 | (p >> 12), 0x80 | ((p >> 6) & 0x3F), 0x80 | (p & 0x3F)
            j += 3
        else:
            out[j], out[j + 1] = 0xF0 | (p >> 18), 0x80 | ((p >> 12) & 0x3F)
            out[j + 2], out[j + 3] = 0x80 | ((p >> 6) & 0x3F), 0x80 | (p & 0x3F)
            j += 4
    return out


def _code_points(data: bytearray) -> Iterator[int]:
    """The code points of UTF-16-LE bytes; a lone surrogate gives "?" (0x3F)."""
    n = len(data) // 2
    i = 0
    while i < n:
        u = data[2 * i] | (data[2 * i + 1] << 8)
        if 0xD800 <= u < 0xDC00 and i + 1 < n:
            low = data[2 * i + 2] | (data[2 * i + 3] << 8)
            if 0xDC00 <= low < 0xE000:
                yield 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
                i += 2
                continue
        yield 0x3F if 0xD800 <= u < 0xE000 else u
        i += 1


def live_blocks() -> int:
    """How many blocks are allocated (tests check that ZeroFree* releases them)."""
    return len(_HEAP)
