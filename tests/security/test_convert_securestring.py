"""ConvertTo-SecureString / ConvertFrom-SecureString: formats, known vectors and pwsh's errors."""

from __future__ import annotations

import base64
import os

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from pwshim.cmdlets.security import ConvertFromSecureStringCommand as From
from pwshim.cmdlets.security import ConvertToSecureStringCommand as To
from pwshim.dotnet.securestring import SecureString
from pwshim.dotnet.securestring_format import EXPORT_HEADER, encrypt, export_package
from pwshim.runtime.errors import PSError

HEADER = "76492d1116743f0423413b16050a5345"


def independent_package(text: str, key: bytes, iv: bytes) -> str:
    """pwsh's keyed format built straight from `cryptography` primitives (reference §4.3)."""
    padder = padding.PKCS7(128).padder()
    data = padder.update(text.encode("utf-16-le")) + padder.finalize()
    enc = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    cipher = enc.update(data) + enc.finalize()
    package = "2|" + base64.b64encode(iv).decode() + "|" + cipher.hex()
    return HEADER + base64.b64encode(package.encode("utf-16-le")).decode()


def independent_decrypt(exported: str, key: bytes) -> str:
    package = base64.b64decode(exported[len(HEADER):]).decode("utf-16-le")
    version, iv_b64, cipher_hex = package.split("|")
    assert version == "2"
    dec = Cipher(algorithms.AES(key), modes.CBC(base64.b64decode(iv_b64))).decryptor()
    plain = dec.update(bytes.fromhex(cipher_hex)) + dec.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    return (unpadder.update(plain) + unpadder.finalize()).decode("utf-16-le")


# --- no key: the Linux "DPAPI" hex form -----------------------------------------------------------
@pytest.mark.parametrize(
    "text, hexform",
    [("P@ssw0rd", "50004000730073007700300072006400"), ("ABCD", "4100420043004400"), ("é€", "e900ac20")],
)
def test_plain_to_hex_and_back(run, text, hexform):
    secure = run.invoke(To, pipeline_input=[text], AsPlainText=True, Force=True)
    assert len(secure) == 1 and isinstance(secure[0], SecureString)
    assert run.invoke(From, pipeline_input=secure) == [hexform]
    back = run.invoke(To, String=hexform)
    assert back[0].reveal() == text
    upper = run.invoke(To, String=hexform.upper())  # byte.Parse(AllowHexSpecifier) is case-insensitive
    assert upper[0].reveal() == text


def test_as_plain_text_without_force_is_accepted_in_pwsh7(run):
    out = run.invoke(To, String="abc", AsPlainText=True)
    assert out[0].reveal() == "abc" and run.errors == []


def test_convert_from_as_plain_text(run):
    secure = SecureString.from_plain("P@ssw0rd")
    assert run.invoke(From, SecureString=secure, AsPlainText=True) == ["P@ssw0rd"]


# --- AES with -Key / -SecureKey -------------------------------------------------------------------
def test_reference_vector_matches_independent_computation():
    key, iv = bytes(range(1, 17)), bytes(range(16))
    ours = export_package(encrypt(SecureString.from_plain("P@ssw0rd"), key, iv))
    assert ours == independent_package("P@ssw0rd", key, iv)
    # and the reference document's published vector (§4.3)
    assert ours == (
        "76492d1116743f0423413b16050a5345MgB8AEEAQQBFAEMAQQB3AFEARgBCAGcAYwBJAEMAUQBvAEwARABBADAATwBEAHcAPQA9AHwANQAx"
        "ADUANwA4AGUANQA3AGEAMwBmAGUAMgBmAGIAYwA0ADIANQA3ADYAYwAxAGMAMgBlAGQAMwAxAGQAMABkAGEAYwBlAGEAMQA2ADAAMwA2AGQA"
        "NAAyADEAMgA0AGQAMgBhADMANAA1ADEAOQBhAGIANABmAGIAZQA5ADQAMgA="
    )


@pytest.mark.parametrize("size", [16, 24, 32])
def test_key_round_trip(run, size):
    key = os.urandom(size)
    secure = SecureString.from_plain("correct horse battery staple")
    exported = run.invoke(From, SecureString=secure, Key=key)[0]
    assert exported.startswith(EXPORT_HEADER + "MgB8A")
    assert independent_decrypt(exported, key) == "correct horse battery staple"
    back = run.invoke(To, String=exported, Key=key)
    assert back[0].reveal() == "correct horse battery staple"
    # two exports differ (random IV) but both decrypt
    assert run.invoke(From, SecureString=secure, Key=key)[0] != exported


def test_key_given_as_list_of_numbers(run):
    exported = run.invoke(From, SecureString=SecureString.from_plain("x1"), Key=list(range(1, 17)))[0]
    assert independent_decrypt(exported, bytes(range(1, 17))) == "x1"


def test_independently_encrypted_input_is_read(run):
    key = bytes(range(32))
    exported = independent_package("from elsewhere", key, os.urandom(16))
    assert run.invoke(To, String=exported, Key=key)[0].reveal() == "from elsewhere"
    # the header is compared case-insensitively
    assert run.invoke(To, String=exported.upper()[:32] + exported[32:], Key=key)[0].reveal() == "from elsewhere"


def test_secure_key_uses_utf16_bytes_of_its_text(run):
    secure_key = SecureString.from_plain("12345678")  # 8 chars = 16 bytes
    exported = run.invoke(From, SecureString=SecureString.from_plain("pw"), SecureKey=secure_key)[0]
    assert independent_decrypt(exported, "12345678".encode("utf-16-le")) == "pw"
    back = run.invoke(To, pipeline_input=[exported], SecureKey=secure_key)
    assert back[0].reveal() == "pw"


# --- errors ---------------------------------------------------------------------------------------
KEY_LENGTH = "The specified key is not valid. Valid key length settings are either 128 bits, 192 bits, or 256 bits."


def test_convert_to_bad_key_length_is_non_terminating(run):
    out = run.invoke(To, String="abcd", Key=bytes(10))
    assert out == []
    [err] = run.errors
    assert err.FullyQualifiedErrorId == "ImportSecureString_InvalidArgument,Microsoft.PowerShell.Commands.ConvertToSecureStringCommand"
    assert err.category == "InvalidArgument"
    assert err.message == KEY_LENGTH


def test_convert_from_bad_key_length_is_terminating(run):
    with pytest.raises(PSError) as info:
        run.invoke(From, SecureString=SecureString.from_plain("pw"), Key=bytes(15))
    rec = info.value.record
    assert rec.FullyQualifiedErrorId == "Argument,Microsoft.PowerShell.Commands.ConvertFromSecureStringCommand"
    assert rec.message == KEY_LENGTH


def test_wrong_key_is_a_padding_error(run):
    exported = run.invoke(From, SecureString=SecureString.from_plain("P@ssw0rd"), Key=bytes(range(16)))[0]
    # a wrong key almost always breaks the PKCS7 padding; find one that does deterministically
    wrong = next(
        bytes([k] * 16)
        for k in range(256)
        if not _padding_ok(exported, bytes([k] * 16))
    )
    assert run.invoke(To, String=exported, Key=wrong) == []
    [err] = run.errors
    assert err.error_id == "ImportSecureString_InvalidArgument_CryptographicError"
    assert err.message == "Padding is invalid and cannot be removed."
    assert err.exception.type_name == "System.Security.Cryptography.CryptographicException"


def _padding_ok(exported: str, key: bytes) -> bool:
    try:
        independent_decrypt(exported, key)
        return True
    except ValueError:
        return False
    except UnicodeDecodeError:
        return True


def test_odd_length_hex_echoes_the_input(run):
    assert run.invoke(To, String="abc") == []
    [err] = run.errors
    assert err.error_id == "ImportSecureString_InvalidArgument"
    assert err.message == 'The parameter value "abc" is not a valid encrypted string.'


def test_odd_byte_count(run):
    run.invoke(To, String="414243")
    [err] = run.errors
    assert err.error_id == "ImportSecureString_InvalidArgument"
    assert err.message == "Could not decrypt data. The data was not encrypted with this key."


def test_non_hex_input_is_terminating_format_exception(run):
    with pytest.raises(PSError) as info:
        run.invoke(To, String="zz00")
    rec = info.value.record
    assert rec.message == "The input string 'zz' was not in a correct format."
    assert rec.exception.type_name == "System.FormatException"


def test_keyed_string_without_key_fails_on_hex(run):
    exported = export_package(encrypt(SecureString.from_plain("pw"), bytes(16)))
    with pytest.raises(PSError) as info:
        run.invoke(To, String=exported)
    assert "was not in a correct format." in info.value.record.message


def test_incomplete_block(run):
    run.invoke(To, String="00" * 15, Key=bytes(16))
    [err] = run.errors
    assert err.error_id == "ImportSecureString_InvalidArgument_CryptographicError"
    assert err.message == "The input data is not a complete block."


def test_convert_from_empty_secure_string(run):
    for params in ({}, {"AsPlainText": True}, {"Key": bytes(16)}):
        with pytest.raises(PSError) as info:
            run.invoke(From, SecureString=SecureString(), **params)
        rec = info.value.record
        assert rec.error_id == "Argument"
        assert rec.message == (
            'Cannot process argument because the value of argument "SecureString" is not valid. '
            'Change the value of the "SecureString" argument and run the operation again.'
        )


def test_error_texts_never_contain_plain_text_of_a_secure_string(run):
    secret = "TopSecretValue1"
    secure = SecureString.from_plain(secret)
    for params in ({"Key": bytes(3)}, {"SecureKey": SecureString.from_plain("short")}):
        with pytest.raises(PSError) as info:
            run.invoke(From, SecureString=secure, **params)
        assert secret not in info.value.record.message


def test_plain_text_longer_than_a_secure_string_can_hold(run):
    assert run.invoke(To, String="a" * 65537, AsPlainText=True) == []
    [err] = run.errors
    assert err.error_id == "ImportSecureString_InvalidArgument"
    assert err.message == "The specified length exceeds maximum capacity of SecureString. (Parameter 'length')"


def test_disposed_input_is_a_terminating_error_named_after_the_exception(run):
    secure = SecureString.from_plain("abc")
    secure.Dispose()
    with pytest.raises(PSError) as info:
        run.invoke(From, SecureString=secure)
    rec = info.value.record
    assert rec.FullyQualifiedErrorId == (
        "System.ObjectDisposedException,Microsoft.PowerShell.Commands.ConvertFromSecureStringCommand"
    )
    assert rec.message == "Cannot access a disposed object.\nObject name: 'System.Security.SecureString'."
