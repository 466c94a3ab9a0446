"""The PKCS#12 writer produces .NET's Unix store format (reference §1.4)."""

from __future__ import annotations

import re
from pathlib import Path

from cryptography.hazmat.primitives import hashes, hmac, serialization
from cryptography.hazmat.primitives.serialization import pkcs12 as crypto_p12
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pwshim.dotnet import pkcs12
from pwshim.dotnet.x509names import _read_tlv

from .conftest import openssl


def _write(tmp_path: Path, certs, password=None, with_key=True) -> Path:
    path = tmp_path / "out.pfx"
    key = certs.test.key if with_key else None
    path.write_bytes(pkcs12.write_single(certs.test.cert, key, password))
    return path


def test_null_password_file_is_read_by_cryptography_and_openssl(tmp_path, certs):
    path = _write(tmp_path, certs)
    loaded = crypto_p12.load_pkcs12(path.read_bytes(), None)
    assert loaded.cert.certificate == certs.test.cert
    assert loaded.key.private_numbers() == certs.test.key.private_numbers()
    assert loaded.cert.friendly_name is None  # no friendlyName attribute
    proc = openssl("pkcs12", "-in", str(path), "-passin", "pass:", "-nodes")
    assert proc.returncode == 0, proc.stderr
    assert "BEGIN PRIVATE KEY" in proc.stdout and "BEGIN CERTIFICATE" in proc.stdout


def test_structure_is_3des_sha1_2000(tmp_path, certs):
    path = _write(tmp_path, certs)
    info = openssl("pkcs12", "-in", str(path), "-passin", "pass:", "-info", "-nokeys", "-nocerts")
    assert info.returncode == 0, info.stderr
    text = info.stderr + info.stdout
    assert "MAC: sha1, Iteration 2000" in text
    assert "MAC length: 20, salt length: 20" in text
    assert "Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2000" in text
    assert "PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2000" in text
    # Key bag in a Data ContentInfo first, then the EncryptedData of the certs.
    assert text.index("PKCS7 Data") < text.index("PKCS7 Encrypted data")


def test_der_layout_version_and_local_key_id(tmp_path, certs):
    path = _write(tmp_path, certs)
    parsed = openssl("asn1parse", "-inform", "DER", "-in", str(path))
    assert parsed.returncode == 0, parsed.stderr
    lines = parsed.stdout.splitlines()
    assert re.search(r"INTEGER\s+:03$", lines[1])  # PFX version 3
    full = openssl("pkcs12", "-in", str(path), "-passin", "pass:", "-nodes").stdout
    # localKeyId = 4-byte little-endian key index, on the key bag and the cert bag.
    assert full.count("localKeyID: 00 00 00 00") == 2
    assert "friendlyName" not in full


def _mac_parts(data: bytes) -> tuple[bytes, bytes, bytes, int]:
    """(authSafe content, MAC digest, MAC salt, iterations) via a tiny DER walk."""

    tlv = _read_tlv  # (tag, content start, content end)

    _, start, _ = tlv(data, 0)
    _, _, ver_end = tlv(data, start)
    _, ci_start, ci_end = tlv(data, ver_end)
    _, _, oid_end = tlv(data, ci_start)
    _, exp_start, _ = tlv(data, oid_end)
    _, os_start, os_end = tlv(data, exp_start)
    content = data[os_start:os_end]
    _, md_start, _ = tlv(data, ci_end)
    _, di_start, di_end = tlv(data, md_start)
    _, _, alg_end = tlv(data, di_start)
    _, dg_start, dg_end = tlv(data, alg_end)
    _, salt_start, salt_end = tlv(data, di_end)
    _, it_start, it_end = tlv(data, salt_end)
    return content, data[dg_start:dg_end], data[salt_start:salt_end], int.from_bytes(data[it_start:it_end], "big")


def _mac(content: bytes, salt: bytes, password, iterations: int) -> bytes:
    h = hmac.HMAC(pkcs12.pkcs12_kdf(password, salt, 3, iterations, 20), hashes.SHA1())
    h.update(content)
    return h.finalize()


def test_mac_algorithm_identifier_has_no_parameters(tmp_path, certs):
    data = _write(tmp_path, certs).read_bytes()
    _, start, _ = _read_tlv(data, 0)
    _, _, ver_end = _read_tlv(data, start)
    _, _, ci_end = _read_tlv(data, ver_end)
    _, md_start, _ = _read_tlv(data, ci_end)
    _, di_start, _ = _read_tlv(data, md_start)
    _, alg_start, alg_end = _read_tlv(data, di_start)
    assert data[alg_start:alg_end] == pkcs12.oid(pkcs12.OID_SHA1)  # SEQUENCE { sha1 }, no NULL


def test_mac_uses_the_null_password_not_the_empty_string(tmp_path, certs):
    data = _write(tmp_path, certs).read_bytes()
    content, digest, salt, iterations = _mac_parts(data)
    assert (len(salt), iterations) == (20, 2000)
    assert _mac(content, salt, None, iterations) == digest  # empty P block
    assert _mac(content, salt, "", iterations) != digest  # "" would be a 2-byte BMP NUL


def test_password_protected_export_round_trips(tmp_path, certs):
    path = _write(tmp_path, certs, password="s3cret")
    loaded = crypto_p12.load_pkcs12(path.read_bytes(), b"s3cret")
    assert loaded.key is not None and loaded.cert.certificate == certs.test.cert
    proc = openssl("pkcs12", "-in", str(path), "-passin", "pass:s3cret", "-nodes")
    assert proc.returncode == 0 and "BEGIN PRIVATE KEY" in proc.stdout
    bad = openssl("pkcs12", "-in", str(path), "-passin", "pass:wrong", "-nodes")
    assert bad.returncode != 0


def test_key_bag_decrypts_with_openssl_pkcs8(tmp_path, certs):
    # The shrouded key bag is an EncryptedPrivateKeyInfo: OpenSSL decrypts it with our KDF's
    # key and IV (ids 1 and 2) when a password is given.
    salt = b"\x01" * 16
    pkcs8 = certs.ec.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    epki = pkcs12.seq(
        pkcs12._pbe_algorithm(salt, 2000), pkcs12.octets(pkcs12._pbe_encrypt(pkcs8, "pw", salt, 2000))
    )
    key = serialization.load_der_private_key(epki, b"pw")
    assert key.private_numbers() == certs.ec.key.private_numbers()


def test_certificate_without_key(tmp_path, certs):
    path = _write(tmp_path, certs, with_key=False)
    loaded = crypto_p12.load_pkcs12(path.read_bytes(), None)
    assert loaded.key is None
    assert [c.certificate for c in loaded.additional_certs] == [certs.test.cert]
    text = openssl("pkcs12", "-in", str(path), "-passin", "pass:", "-info", "-nokeys").stderr
    assert "Shrouded Keybag" not in text


def test_der_encoder_basics():
    assert pkcs12.integer(0) == b"\x02\x01\x00"
    assert pkcs12.integer(128) == b"\x02\x02\x00\x80"
    assert pkcs12.integer(2000) == b"\x02\x02\x07\xd0"
    assert pkcs12.oid("1.2.840.113549.1.7.1") == bytes.fromhex("06092a864886f70d010701")
    long = pkcs12.octets(b"x" * 300)
    assert long[:4] == b"\x04\x82\x01\x2c"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0xD7FF), min_size=1, max_size=24))
def test_any_password_round_trips_through_openssl(certs, password):
    # The KDF's BMP password encoding agrees with OpenSSL's UTF-8 -> BMP conversion.
    data = pkcs12.write_single(certs.ec.cert, certs.ec.key, password)
    loaded = crypto_p12.load_pkcs12(data, password.encode("utf-8"))
    assert loaded.cert.certificate == certs.ec.cert
    assert loaded.key.private_numbers() == certs.ec.key.private_numbers()
