"""System.Security.SecureString: a string whose text is never shown.

Internal API other modules rely on (keep it stable):
- SecureString.from_plain(text) -> SecureString
- secure.reveal() -> str   (the only way to read the text; never call it for display)
- secure.Length            (UTF-16 code units, as .NET counts them)
- PSCredential / NetworkCredential live in pwshim.dotnet.credential (re-exported here lazily);
  Marshal (BSTR / global-alloc handles) in pwshim.dotnet.marshal.

Behaviour follows dotnet/runtime `System/Security/SecureString.cs`: the text is a sequence of
UTF-16 code units, at most 65536; `MakeReadOnly` freezes it ("Instance is read-only."), `Dispose`
zeroes it and later use raises ObjectDisposedException. On Linux .NET does not encrypt the
buffer (docs: "The contents of a SecureString aren't encrypted on non-Windows systems"); here
the code units are kept XOR-masked with a per-instance random pad so the plain text is not
sitting in the heap as a str, and every textual form (str, repr, format, ToString, pickling,
JSON) gives only the type name (reference §4.6).
"""

from __future__ import annotations

import os
import threading
from typing import Any, NoReturn

from pwshim.runtime.dotnet import dotnet_type
from pwshim.runtime.errors import (
    ArgumentNullException,
    ArgumentOutOfRangeException,
    InvalidOperationException,
    RuntimeException,
)

TYPE_NAME = "System.Security.SecureString"
MAX_LENGTH = 65536  # SecureString.MaxLength

# .NET resource texts (System.Private.CoreLib Strings.resx)
_INDEX_STRING = "Index was out of range. Must be non-negative and less than the length of the string."
_CAPACITY = "Capacity exceeds maximum capacity."
_READ_ONLY = "Instance is read-only."


class ObjectDisposedException(InvalidOperationException):
    """System.ObjectDisposedException (derives from InvalidOperationException in .NET)."""

    type_name = "System.ObjectDisposedException"

    def __init__(self, object_name: str = TYPE_NAME) -> None:
        # ObjectDisposedException.ThrowIf(cond, instance): ObjectDisposed_Generic + NewLine +
        # ObjectDisposed_ObjectName_Name with the instance's full type name.
        super().__init__(f"Cannot access a disposed object.\nObject name: '{object_name}'.")


def out_of_range(param: str, message: str) -> ArgumentOutOfRangeException:
    """ArgumentOutOfRangeException's message carries ` (Parameter 'x')` since .NET Core 3.0."""
    return ArgumentOutOfRangeException(f"{message} (Parameter '{param}')")


def null_argument(param: str) -> ArgumentNullException:
    """ArgumentNullException(paramName) default text (.NET Core 3.0+)."""
    return ArgumentNullException(f"Value cannot be null. (Parameter '{param}')")


def _char_unit(c: Any) -> int:
    """A .NET `char` argument as one UTF-16 code unit (a 1-char string or a number)."""
    if isinstance(c, str):
        units = c.encode("utf-16-le", "surrogatepass")
        if len(units) != 2:
            from pwshim.runtime.errors import InvalidCastException

            raise InvalidCastException(
                f'Cannot convert value "{c}" to type "System.Char". Error: "String must be exactly one character long."'
            )
        return units[0] | (units[1] << 8)
    if isinstance(c, bool):
        from pwshim.runtime.errors import InvalidCastException

        raise InvalidCastException('Cannot convert value "' + str(c) + '" to type "System.Char".')
    n = int(c)
    if not 0 <= n <= 0xFFFF:
        from pwshim.runtime.errors import InvalidCastException

        raise InvalidCastException(
            f'Cannot convert value "{n}" to type "System.Char". Error: "Value was either too large or too small for a character."'
        )
    return n


def _index(i: Any) -> int:
    if isinstance(i, bool):
        return int(i)
    return int(i)


@dotnet_type(TYPE_NAME, accelerators=("securestring",))
class SecureString:
    """A string whose text is never shown: str() and ToString() give the type name."""

    PS_TO_STRING = TYPE_NAME
    __slots__ = ("__weakref__", "_disposed", "_lock", "_pad", "_readonly", "_units")

    def __init__(self, *args: Any) -> None:
        # .NET's public ctors: SecureString() and SecureString(char*, int) (unreachable from
        # PowerShell); pwsh reports any other arity as "no overload" before calling us.
        if args:
            raise no_overload("SecureString", len(args))
        self._pad = os.urandom(64)
        self._units = bytearray()  # UTF-16-LE code units, XOR-masked with _pad
        self._readonly = False
        self._disposed = False
        self._lock = threading.Lock()

    @staticmethod
    def PS_CONVERT_FROM(value: Any) -> Any:  # noqa: N802 - conversion hook of runtime/types.py
        """Nothing converts to SecureString; the error never shows the value (pwsh's
        LanguagePrimitives InvalidCastExceptionWithoutValue, reference §4.5)."""
        from pwshim.runtime.dotnet import type_full_name
        from pwshim.runtime.errors import InvalidCastException

        source = "System.String" if isinstance(value, str) else type_full_name(value)
        raise InvalidCastException(f'Cannot convert the value of type "{source}" to type "{TYPE_NAME}".')

    # --- internal API (never for display) -------------------------------------------------------
    @classmethod
    def from_plain(cls, text: str) -> SecureString:
        """Build a SecureString from plain text (ConvertTo-SecureString -AsPlainText)."""
        text = str(text)
        count = _utf16_length(text)
        if count > MAX_LENGTH:
            # SecureString(char*, int): ArgumentOutOfRange_Length
            raise out_of_range("length", "The specified length exceeds maximum capacity of SecureString.")
        s = cls()
        # Masked straight from the code points: no unmasked copy of the text is ever made
        # (str.encode would leave an immutable bytes object of it in freed memory).
        pad = s._pad
        masked = bytearray(2 * count)
        i = 0
        for ch in text:
            cp = ord(ch)
            if cp > 0xFFFF:
                cp -= 0x10000
                i = _put_unit(masked, i, 0xD800 | (cp >> 10), pad)
                cp = 0xDC00 | (cp & 0x3FF)
            i = _put_unit(masked, i, cp, pad)
        s._units = masked
        return s

    @classmethod
    def from_utf16(cls, data: bytes | bytearray) -> SecureString:
        """Build from UTF-16-LE bytes (an even count; the caller checks)."""
        s = cls()
        s._store(data)  # masked into a new buffer; `data` itself is left to the caller to zero
        return s

    def reveal(self) -> str:
        """The plain text. The only way to read it; never use it for display."""
        data = self.utf16()
        try:
            return data.decode("utf-16-le", "surrogatepass")
        finally:
            _zero(data)

    def utf16(self) -> bytearray:
        """The text as UTF-16-LE bytes (a fresh buffer the caller should zero when done)."""
        with self._lock:
            self._ensure_not_disposed()
            return self._unmask()

    # --- .NET members -------------------------------------------------------------------------------
    @property
    def Length(self) -> int:  # noqa: N802
        self._ensure_not_disposed()
        return len(self._units) // 2

    def AppendChar(self, c: Any) -> None:  # noqa: N802
        unit = _char_unit(c)
        self._edit(lambda data: _spliced(data, len(data), 0, unit), grow=True)

    def InsertAt(self, index: Any, c: Any) -> None:  # noqa: N802
        i, unit = _index(index), _char_unit(c)
        if i < 0 or i > self._len_unchecked():
            raise out_of_range("index", _INDEX_STRING)
        self._edit(lambda data: _spliced(data, 2 * i, 0, unit), grow=True)

    def RemoveAt(self, index: Any) -> None:  # noqa: N802
        i = _index(index)
        if i < 0 or i >= self._len_unchecked():
            raise out_of_range("index", _INDEX_STRING)
        self._edit(lambda data: _spliced(data, 2 * i, 2, None))

    def SetAt(self, index: Any, c: Any) -> None:  # noqa: N802
        i, unit = _index(index), _char_unit(c)
        if i < 0 or i >= self._len_unchecked():
            raise out_of_range("index", _INDEX_STRING)
        self._edit(lambda data: _spliced(data, 2 * i, 2, unit))

    def Clear(self) -> None:  # noqa: N802
        with self._lock:
            self._ensure_not_disposed()
            self._ensure_writable()
            _zero(self._units)
            self._units = bytearray()

    def Copy(self) -> SecureString:  # noqa: N802
        """A deep copy; the copy is writable even if this one is read-only (as .NET)."""
        data = self.utf16()
        try:
            return SecureString.from_utf16(data)
        finally:
            _zero(data)

    def MakeReadOnly(self) -> None:  # noqa: N802
        self._ensure_not_disposed()
        self._readonly = True

    def IsReadOnly(self) -> bool:  # noqa: N802
        self._ensure_not_disposed()
        return self._readonly

    def Dispose(self) -> None:  # noqa: N802
        with self._lock:
            _zero(self._units)
            self._units = bytearray()
            self._disposed = True

    def ToString(self) -> str:  # noqa: N802
        return TYPE_NAME

    def Equals(self, other: Any) -> bool:  # noqa: N802 - reference equality, as .NET
        return self is other

    def GetHashCode(self) -> int:  # noqa: N802
        return id(self) & 0x7FFFFFFF

    # --- Python protocols: nothing ever shows the text -----------------------------------------
    def __str__(self) -> str:
        return TYPE_NAME

    def __repr__(self) -> str:
        return "<System.Security.SecureString>"

    def __format__(self, spec: str) -> str:
        return format(TYPE_NAME, spec)

    def __reduce_ex__(self, protocol: Any) -> NoReturn:
        raise TypeError("cannot pickle 'System.Security.SecureString' object")

    def __getstate__(self) -> NoReturn:
        raise TypeError("cannot pickle 'System.Security.SecureString' object")

    def __copy__(self) -> SecureString:
        return self.Copy()

    def __deepcopy__(self, memo: dict[int, Any]) -> SecureString:
        return self.Copy()

    def __del__(self) -> None:
        try:
            _zero(self._units)
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass

    # --- helpers ----------------------------------------------------------------------------------
    def _len_unchecked(self) -> int:
        return len(self._units) // 2

    def _ensure_not_disposed(self) -> None:
        if self._disposed:
            raise ObjectDisposedException()

    def _ensure_writable(self) -> None:
        if self._readonly:
            raise InvalidOperationException(_READ_ONLY)

    def _edit(self, change: Any, grow: bool = False) -> None:
        """Apply `change(plain) -> new plain` (UTF-16-LE bytearrays) under the lock. Both plain
        buffers are zeroed afterwards; buffers are allocated at their final size, so no
        reallocation leaves a stray copy of the text in freed memory."""
        with self._lock:
            self._ensure_not_disposed()
            self._ensure_writable()
            if grow and self._len_unchecked() + 1 > MAX_LENGTH:
                raise out_of_range("capacity", _CAPACITY)
            data = self._unmask()
            fresh = None
            try:
                fresh = change(data)
                self._store_locked(fresh)
            finally:
                _zero(data)
                if fresh is not None:
                    _zero(fresh)

    def _store(self, data: bytearray) -> None:
        with self._lock:
            self._store_locked(data)

    def _store_locked(self, data: bytearray) -> None:
        pad = self._pad
        masked = bytearray(len(data))
        for i, b in enumerate(data):
            masked[i] = b ^ pad[i % 64]
        _zero(self._units)
        self._units = masked

    def _unmask(self) -> bytearray:
        pad = self._pad
        units = self._units
        out = bytearray(len(units))  # final size up front: a growing buffer would leave copies
        for i, b in enumerate(units):
            out[i] = b ^ pad[i % 64]
        return out


def _zero(buf: bytearray) -> None:
    """Overwrite a buffer in place (ZeroFree*, Dispose, and every temporary copy)."""
    n = len(buf)
    if n:
        buf[:] = bytes(n)  # same length: written in place, never reallocated


def _utf16_length(text: str) -> int:
    """UTF-16 code units of `text` (a code point above U+FFFF takes two)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _put_unit(buf: bytearray, i: int, unit: int, pad: bytes) -> int:
    """Write one masked UTF-16-LE code unit at byte offset i; return the next offset."""
    buf[i] = (unit & 0xFF) ^ pad[i % 64]
    buf[i + 1] = (unit >> 8) ^ pad[(i + 1) % 64]
    return i + 2


def _spliced(data: bytearray, at: int, remove: int, unit: int | None) -> bytearray:
    """A new buffer: `data` with `remove` bytes at byte offset `at` replaced by one code unit
    (or by nothing when unit is None). Copied through memoryviews, so no temporary slice
    holds the text."""
    add = 0 if unit is None else 2
    out = bytearray(len(data) - remove + add)
    with memoryview(data) as src:
        out[:at] = src[:at]
        out[at + add :] = src[at + remove :]
    if unit is not None:
        out[at] = unit & 0xFF
        out[at + 1] = unit >> 8
    return out


class MethodException(RuntimeException):
    """System.Management.Automation.MethodException (no matching overload)."""

    type_name = "System.Management.Automation.MethodException"


def no_overload(type_short_name: str, count: int) -> MethodException:
    """pwsh's text when no constructor overload takes `count` arguments."""
    return MethodException(
        f'Cannot find an overload for "{type_short_name}" and the argument count: "{count}".'
    )


def __getattr__(name: str) -> Any:
    # Backwards-compatible re-exports (the skeleton documented PSCredential here).
    if name in ("PSCredential", "NetworkCredential"):
        from pwshim.dotnet import credential

        return getattr(credential, name)
    raise AttributeError(name)


# Register the companion types whenever SecureString is registered (dotnet.py lists only this
# module in _PROVIDERS). Plain module imports tolerate the circular reference.
import pwshim.dotnet.credential  # noqa: E402,F401
import pwshim.dotnet.marshal  # noqa: E402,F401
