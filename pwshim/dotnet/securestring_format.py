"""The text forms of a SecureString that ConvertFrom-/ConvertTo-SecureString write and read.

`ps:src/System.Management.Automation/security/SecureStringHelper.cs` and
`SecureStringCommands.cs` (reference §4.2, §4.3):

- no key, on Unix ("DPAPI doesn't exist on UNIX"): lower-case hex (`x2`) of the UTF-16-LE code
  units: `P@ssw0rd` -> `50004000730073007700300072006400`;
- with a 16/24/32-byte key: AES-CBC, PKCS7, random 16-byte IV; the package
  `"2|" + Base64(IV) + "|" + lowerhex(ciphertext)` is UTF-16-LE encoded, Base64'd and prefixed
  with the header `76492d1116743f0423413b16050a5345`.

Every temporary buffer holding plain text is zeroed after use, as SecureStringHelper does.
Plain text only ever lives in bytearrays allocated at their final size (PKCS7 padding is
added and removed here, AES writes into a caller-owned buffer with `update_into`), so no
immutable bytes object or reallocated buffer keeps a copy of it.
"""

from __future__ import annotations

import base64
import binascii
import os
import re

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from pwshim.dotnet.credential import argument_error, argument_null_error
from pwshim.dotnet.securestring import SecureString, _zero
from pwshim.runtime.errors import (
    ArgumentException,
    CryptographicException,
    FormatException,
    PSArgumentException,
)

# SecureStringHelper.SecureStringExportHeader
EXPORT_HEADER = "76492d1116743f0423413b16050a5345"

# Serialization.resx
INVALID_KEY = "Could not decrypt data. The data was not encrypted with this key."
INVALID_ENCRYPTED_STRING = 'The parameter value "{0}" is not a valid encrypted string.'
INVALID_KEY_LENGTH = (
    "The specified {0} is not valid. Valid {0} length settings are either 128 bits, 192 bits, or 256 bits."
)
# dotnet/runtime System.Security.Cryptography Strings.resx
INVALID_PADDING = "Padding is invalid and cannot be removed."
PARTIAL_BLOCK = "The input data is not a complete block."
INVALID_IV_SIZE = "Specified initialization vector (IV) does not match the block size for this algorithm."
# System.Private.CoreLib Strings.resx (Convert.FromBase64String, .NET 8 number parsing)
BAD_BASE64 = (
    "The input is not a valid Base-64 string as it contains a non-base 64 character, more than "
    "two padding characters, or an illegal character among the padding characters."
)
BAD_NUMBER = "The input string '{0}' was not in a correct format."

_HEX_PAIR = re.compile(r"[0-9A-Fa-f]{2}")


# --- helpers mirroring SecureStringHelper ------------------------------------------------------
def to_hex(data: bytes | bytearray) -> str:
    """ByteArrayToString: lower-case `x2` per byte."""
    return bytes(data).hex()


def from_hex(text: str) -> bytearray:
    """ByteArrayFromString: `len // 2` pairs parsed with byte.Parse(AllowHexSpecifier).

    An odd trailing character is ignored (as the C# loop does); a non-hex pair raises .NET's
    FormatException, which the cmdlet does not catch.
    """
    out = bytearray(len(text) // 2)
    for i in range(len(out)):
        pair = text[2 * i : 2 * i + 2]
        if not _HEX_PAIR.fullmatch(pair):
            raise FormatException(BAD_NUMBER.format(pair))
        out[i] = int(pair, 16)
    return out


def from_base64(text: str) -> bytes:
    """Convert.FromBase64String: whitespace ignored, strict alphabet and padding."""
    compact = "".join(ch for ch in text if ch not in " \t\r\n")
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise FormatException(BAD_BASE64) from None


def new_secure_string(data: bytearray) -> SecureString:
    """SecureStringHelper.New: UTF-16-LE bytes to a SecureString; an odd count means a wrong key."""
    try:
        if len(data) % 2:
            raise PSArgumentException(INVALID_KEY)
        return SecureString.from_utf16(data)
    finally:
        _zero(data)


def check_key(key: bytes | None) -> None:
    """Utils.CheckKeyArg(key, "key")."""
    if key is None:
        raise argument_null_error("key")
    if len(key) not in (16, 24, 32):
        raise PSArgumentException(INVALID_KEY_LENGTH.format("key"))


def from_key_secure_string(secure_key: SecureString) -> bytearray:
    """-SecureKey: the key bytes are the UTF-16-LE code units (8, 12 or 16 characters); a
    fresh buffer the caller zeroes when done."""
    return secure_key.utf16()


# --- no key (Unix "DPAPI") ---------------------------------------------------------------------
def protect(secure: SecureString) -> str:
    """SecureStringHelper.Protect on Unix: hex of the UTF-16-LE bytes."""
    data = secure.utf16()
    try:
        return to_hex(data)
    finally:
        _zero(data)


def unprotect(text: str) -> SecureString:
    """SecureStringHelper.Unprotect on Unix."""
    if text is None:
        raise argument_null_error("input")
    if text == "":
        raise argument_error("input")
    if len(text) % 2:
        raise PSArgumentException(INVALID_ENCRYPTED_STRING.format(text))
    return new_secure_string(from_hex(text))


# --- AES ---------------------------------------------------------------------------------------
def encrypt(secure: SecureString, key: bytes | bytearray, iv: bytes | None = None) -> tuple[str, str]:
    """SecureStringHelper.Encrypt: (lower-hex ciphertext, Base64 IV)."""
    check_key(key)
    iv = os.urandom(16) if iv is None else iv
    if len(iv) != 16:
        raise ArgumentException(f"{INVALID_IV_SIZE} (Parameter 'rgbIV')")
    data = secure.utf16()
    padded = bytearray()
    try:
        padded = _pkcs7_pad(data)
        encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
        cipher = encryptor.update(padded) + encryptor.finalize()
    finally:
        _zero(data)
        _zero(padded)
    return to_hex(cipher), base64.b64encode(iv).decode("ascii")


def export_package(result: tuple[str, str]) -> str:
    """ConvertFrom-SecureString's keyed output: header + Base64(UTF-16-LE("2|IV|data"))."""
    cipher_hex, iv_b64 = result
    package = f"2|{iv_b64}|{cipher_hex}".encode("utf-16-le")
    return EXPORT_HEADER + base64.b64encode(package).decode("ascii")


def import_package(text: str) -> tuple[str, bytes | None]:
    """ConvertTo-SecureString's unpacking: (hex ciphertext, IV or None).

    Only input starting with the header (ordinal, case-insensitive) whose Base64 decodes to a
    3-part `|` package yields an IV; a Base64 failure means "not a V2 package" and the whole
    input is treated as legacy data (decrypted with a random IV, as pwsh does).
    """
    if not text.lower().startswith(EXPORT_HEADER):
        return text, None
    try:
        raw = from_base64(text[len(EXPORT_HEADER) :])
        parts = raw.decode("utf-16-le", "replace").split("|")
        if len(parts) == 3:
            return parts[2], from_base64(parts[1])
        return text, None
    except FormatException:
        return text, None


def decrypt(content: str, key: bytes | bytearray, iv: bytes | None) -> SecureString:
    """SecureStringHelper.Decrypt: AES-CBC/PKCS7 over the hex ciphertext."""
    if content is None:
        raise argument_null_error("input")
    if content == "":
        raise argument_error("input")
    check_key(key)
    if iv is None:
        iv = os.urandom(16)  # legacy, header-less data: aes.IV is random
    if len(iv) != 16:
        # Aes.CreateDecryptor(key, iv) validates the IV before the data is read.
        raise ArgumentException(f"{INVALID_IV_SIZE} (Parameter 'rgbIV')")
    cipher = from_hex(content)
    if len(cipher) % 16:
        raise CryptographicException(PARTIAL_BLOCK)
    if not cipher:
        return SecureString()
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    plain = bytearray(len(cipher) + 15)  # update_into's required room
    try:
        size = decryptor.update_into(cipher, plain)
        decryptor.finalize()  # whole blocks: nothing is held back
        data = _pkcs7_unpad(plain, size)
    finally:
        _zero(plain)
    return new_secure_string(data)


def _pkcs7_pad(data: bytearray) -> bytearray:
    """PKCS7 to 16-byte blocks, into one buffer of the final size."""
    fill = 16 - len(data) % 16
    out = bytearray(len(data) + fill)
    out[: len(data)] = data
    out[len(data) :] = bytes([fill]) * fill
    return out


def _pkcs7_unpad(plain: bytearray, size: int) -> bytearray:
    """The first `size` bytes of `plain` without their PKCS7 padding, in a new buffer; .NET's
    CryptographicException when the padding is not valid."""
    fill = plain[size - 1] if size else 0
    if not 1 <= fill <= 16 or fill > size or any(plain[i] != fill for i in range(size - fill, size)):
        raise CryptographicException(INVALID_PADDING)
    out = bytearray(size - fill)
    with memoryview(plain) as view:
        out[:] = view[: size - fill]
    return out


__all__ = [
    "EXPORT_HEADER",
    "ArgumentException",
    "check_key",
    "decrypt",
    "encrypt",
    "export_package",
    "from_key_secure_string",
    "import_package",
    "protect",
    "unprotect",
]
