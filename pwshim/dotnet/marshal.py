"""System.Runtime.InteropServices.Marshal: the string/SecureString memory helpers scripts use.

`[Marshal]::PtrToStringBSTR([Marshal]::SecureStringToBSTR($ss))` is the classic way scripts read
a SecureString. Here "unmanaged memory" is a private table of byte blocks keyed by opaque
integer addresses (what an IntPtr prints as); nothing outside this module can read it, and the
ZeroFree* methods overwrite a block before dropping it.

Unix semantics (dotnet/runtime `Marshal.Unix.cs`): `PtrToStringAuto` and `PtrToStringAnsi`
read UTF-8 up to the first NUL byte. So on Linux `PtrToStringAuto(SecureStringToBSTR($ss))`
returns only the first character of an ASCII password (its UTF-16 high byte is NUL) — a
well-known portability trap reproduced on purpose; `PtrToStringBSTR`/`PtrToStringUni` are right.
"""

from __future__ import annotations

import os
import threading
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
        if zero:
            _zero(block[0])

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
    block = bytearray(data)
    block += b"\x00\x00"
    return _HEAP.alloc(block, kind)


def _alloc_bstr(data: bytearray) -> int:
    # BSTR layout: 4-byte little-endian byte length, the UTF-16 text, a 2-byte NUL; the
    # pointer addresses the text.
    block = bytearray(len(data).to_bytes(4, "little"))
    block += data
    block += b"\x00\x00"
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


def _text(ptr: int) -> bytearray:
    """The bytes at a pointer (a BSTR block without its length prefix)."""
    data, kind = _HEAP.get(ptr)
    return data[4:] if kind == "bstr" else data


def _until_nul16(raw: bytearray) -> bytes:
    for i in range(0, len(raw) - 1, 2):
        if raw[i] == 0 and raw[i + 1] == 0:
            return bytes(raw[:i])
    return bytes(raw[: len(raw) // 2 * 2])


def _until_nul8(raw: bytearray) -> bytes:
    end = raw.find(0)
    return bytes(raw if end < 0 else raw[:end])


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
        if kind == "bstr":
            length = int.from_bytes(data[:4], "little")
            raw = bytes(data[4 : 4 + length])
        else:  # SysStringByteLen reads the 4 bytes before ptr: garbage for a non-BSTR
            raw = _until_nul16(data)
        return raw.decode("utf-16-le", "surrogatepass")

    @staticmethod
    def PtrToStringUni(ptr: Any, length: Any = None) -> str | None:  # noqa: N802
        p = _ptr(ptr)
        if p == 0:
            if length is None:
                return None
            raise null_argument("ptr")
        raw = _text(p)
        if length is None:
            chunk = _until_nul16(raw)
        else:
            n = int(length)
            if n < 0:
                from pwshim.dotnet.securestring import out_of_range

                raise out_of_range("len", "Non-negative number required.")
            chunk = bytes(raw[: 2 * n])
        return chunk.decode("utf-16-le", "surrogatepass")

    @staticmethod
    def PtrToStringUTF8(ptr: Any, byte_len: Any = None) -> str | None:  # noqa: N802
        p = _ptr(ptr)
        if p == 0:
            if byte_len is None:
                return None
            raise null_argument("ptr")
        raw = _text(p)
        chunk = _until_nul8(raw) if byte_len is None else bytes(raw[: int(byte_len)])
        return chunk.decode("utf-8", "replace")

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
        text = data.decode("utf-16-le", "surrogatepass")
        block = bytearray(text.encode("utf-8", "replace")) + b"\x00"
        del text
        return _HEAP.alloc(block, kind)
    finally:
        _zero(data)


def live_blocks() -> int:
    """How many blocks are allocated (tests check that ZeroFree* releases them)."""
    return len(_HEAP)
