"""Round-trip properties of the text forms over arbitrary UTF-16 text (lone surrogates too)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pwshim.dotnet.securestring import SecureString
from pwshim.dotnet.securestring_format import (
    decrypt,
    encrypt,
    export_package,
    import_package,
    protect,
    unprotect,
)

# Any UTF-16 code unit sequence, as a .NET string can hold (surrogates included).
utf16_text = st.lists(st.integers(min_value=1, max_value=0xFFFF), min_size=1, max_size=40).map(
    lambda units: b"".join(u.to_bytes(2, "little") for u in units).decode("utf-16-le", "surrogatepass")
)


@settings(max_examples=60, deadline=None)
@given(utf16_text)
def test_hex_form_round_trip(text):
    secure = SecureString.from_plain(text)
    hexform = protect(secure)
    assert hexform == text.encode("utf-16-le", "surrogatepass").hex()
    assert unprotect(hexform).reveal() == text
    assert secure.Length == len(hexform) // 4


@settings(max_examples=40, deadline=None)
@given(utf16_text, st.sampled_from([16, 24, 32]), st.binary(min_size=32, max_size=32), st.binary(min_size=16, max_size=16))
def test_keyed_form_round_trip(text, size, key_material, iv):
    key = key_material[:size]
    exported = export_package(encrypt(SecureString.from_plain(text), key, iv))
    content, got_iv = import_package(exported)
    assert got_iv == iv
    assert decrypt(content, key, got_iv).reveal() == text
