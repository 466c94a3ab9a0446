"""A small PKCS#12 writer producing exactly the PFX .NET writes on Linux.

.NET's `X509Certificate2.Export(X509ContentType.Pkcs12)` on Unix (what `X509Store.Add` stores
as `<THUMBPRINT>.pfx`) writes (reference dotnet-security-on-linux.md §1.4):

- PFX version 3; AuthenticatedSafe = [Data(SafeContents of pkcs8ShroudedKeyBags)] if there is a
  key, then EncryptedData (version 0) of the certBags, certs in reverse collection order;
- pbeWithSHAAnd3-KeyTripleDES-CBC (1.2.840.113549.1.12.1.3), SHA-1, 2000 iterations, for both
  the key and the certificates;
- localKeyId = 4-byte little-endian key index on the key bag and its cert bag, no friendlyName;
- MAC: HMAC-SHA1, 20-byte salt, 2000 iterations, PKCS#12 KDF id 3, DigestInfo algorithm
  written as SEQUENCE { sha1 } without a NULL parameter;
- "no password" is the null password: the KDF's P block is empty (not a BMP NUL).

`cryptography` refuses empty PKCS#12 passwords, so the DER here is hand-built (a minimal
encoder) over cryptography's primitives (TripleDES-CBC, SHA-1, HMAC).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from cryptography import x509
from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives import hashes, hmac, padding, serialization
from cryptography.hazmat.primitives.ciphers import Cipher, modes

ITERATIONS = 2000  # .NET's Windows3desPbe / s_windowsPbe iteration count (§1.4)
MAC_SALT_SIZE = 20
PBE_SALT_SIZE = 16

OID_DATA = "1.2.840.113549.1.7.1"
OID_ENCRYPTED_DATA = "1.2.840.113549.1.7.6"
OID_PBE_SHA1_3DES = "1.2.840.113549.1.12.1.3"
OID_KEY_BAG_SHROUDED = "1.2.840.113549.1.12.10.1.2"
OID_CERT_BAG = "1.2.840.113549.1.12.10.1.3"
OID_X509_CERT = "1.2.840.113549.1.9.22.1"
OID_LOCAL_KEY_ID = "1.2.840.113549.1.9.21"
OID_SHA1 = "1.3.14.3.2.26"


# --- minimal DER encoder ------------------------------------------------------------------
def _len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag: int, content: bytes) -> bytes:
    """One DER element: tag byte, definite length, content."""
    return bytes([tag]) + _len(len(content)) + content


def seq(*items: bytes) -> bytes:
    return tlv(0x30, b"".join(items))


def set_of(*items: bytes) -> bytes:
    # DER SET OF: elements sorted by their encodings (X.690 §11.6).
    return tlv(0x31, b"".join(sorted(items)))


def integer(n: int) -> bytes:
    length = max(1, (n.bit_length() + 8) // 8)  # room for the sign bit
    return tlv(0x02, n.to_bytes(length, "big", signed=True))


def octets(data: bytes) -> bytes:
    return tlv(0x04, data)


def oid(dotted: str) -> bytes:
    arcs = [int(a) for a in dotted.split(".")]
    body = bytearray([arcs[0] * 40 + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        body.extend(reversed(chunk))
    return tlv(0x06, bytes(body))


def explicit(n: int, content: bytes) -> bytes:
    """[n] EXPLICIT (context-specific, constructed)."""
    return tlv(0xA0 | n, content)


# --- PKCS#12 key derivation (RFC 7292 appendix B.2) --------------------------------------
def password_bytes(password: str | None) -> bytes:
    """BMPString of the password plus a 2-byte NUL terminator; None is the null password
    (empty P block), as dotnet/runtime Pkcs12Kdf does for a default span (§1.4)."""
    if password is None:
        return b""
    return password.encode("utf-16-be") + b"\x00\x00"


def pkcs12_kdf(password: str | None, salt: bytes, key_id: int, iterations: int, size: int) -> bytes:
    """Derive `size` bytes with SHA-1 (u=20, v=64); key_id 1 = key, 2 = IV, 3 = MAC key."""
    u, v = 20, 64
    d = bytes([key_id]) * v

    def stretch(data: bytes) -> bytes:
        if not data:
            return b""
        n = v * ((len(data) + v - 1) // v)
        return (data * (n // len(data) + 1))[:n]

    i_block = bytearray(stretch(salt) + stretch(password_bytes(password)))
    out = b""
    while len(out) < size:
        digest = hashes.Hash(hashes.SHA1())
        digest.update(d + bytes(i_block))
        a = digest.finalize()
        for _ in range(iterations - 1):
            digest = hashes.Hash(hashes.SHA1())
            digest.update(a)
            a = digest.finalize()
        out += a
        b = int.from_bytes((a * (v // u + 1))[:v], "big") + 1
        for j in range(0, len(i_block), v):
            block = (int.from_bytes(i_block[j : j + v], "big") + b) % (1 << (v * 8))
            i_block[j : j + v] = block.to_bytes(v, "big")
    return out[:size]


def _pbe_encrypt(data: bytes, password: str | None, salt: bytes, iterations: int) -> bytes:
    """pbeWithSHAAnd3-KeyTripleDES-CBC: 24-byte key (id 1), 8-byte IV (id 2), PKCS#7 padding."""
    key = pkcs12_kdf(password, salt, 1, iterations, 24)
    iv = pkcs12_kdf(password, salt, 2, iterations, 8)
    padder = padding.PKCS7(64).padder()
    padded = padder.update(data) + padder.finalize()
    enc = Cipher(TripleDES(key), modes.CBC(iv)).encryptor()
    return enc.update(padded) + enc.finalize()


def _pbe_algorithm(salt: bytes, iterations: int) -> bytes:
    return seq(oid(OID_PBE_SHA1_3DES), seq(octets(salt), integer(iterations)))


def _local_key_id(index: int) -> bytes:
    # localKeyId = OCTET STRING of the 4-byte little-endian key index (§1.4).
    return seq(oid(OID_LOCAL_KEY_ID), set_of(octets(index.to_bytes(4, "little"))))


def write_pfx(
    certs: Sequence[tuple[x509.Certificate, int | None]],
    keys: Sequence[object],
    password: str | None = None,
    iterations: int = ITERATIONS,
) -> bytes:
    """Build a PFX the way .NET's Unix export does.

    `certs`: (certificate, key index or None) in collection order; `keys`: private keys
    (cryptography objects) indexed by those key indices. Cert bags are written in reverse
    collection order, as .NET does.
    """
    auth_safe: list[bytes] = []
    if keys:
        bags = []
        for index, key in enumerate(keys):
            pkcs8 = key.private_bytes(  # type: ignore[attr-defined]
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            salt = os.urandom(PBE_SALT_SIZE)
            epki = seq(_pbe_algorithm(salt, iterations), octets(_pbe_encrypt(pkcs8, password, salt, iterations)))
            bags.append(seq(oid(OID_KEY_BAG_SHROUDED), explicit(0, epki), set_of(_local_key_id(index))))
        auth_safe.append(seq(oid(OID_DATA), explicit(0, octets(seq(*bags)))))
    cert_bags = []
    for cert, key_index in reversed(list(certs)):
        der = cert.public_bytes(serialization.Encoding.DER)
        bag_value = seq(oid(OID_X509_CERT), explicit(0, octets(der)))
        attrs = (set_of(_local_key_id(key_index)),) if key_index is not None else ()
        cert_bags.append(seq(oid(OID_CERT_BAG), explicit(0, bag_value), *attrs))
    salt = os.urandom(PBE_SALT_SIZE)
    encrypted = _pbe_encrypt(seq(*cert_bags), password, salt, iterations)
    enc_content_info = seq(oid(OID_DATA), _pbe_algorithm(salt, iterations), tlv(0x80, encrypted))
    auth_safe.append(seq(oid(OID_ENCRYPTED_DATA), explicit(0, seq(integer(0), enc_content_info))))
    auth_safe_der = seq(*auth_safe)

    mac_salt = os.urandom(MAC_SALT_SIZE)
    mac_key = pkcs12_kdf(password, mac_salt, 3, iterations, 20)
    mac = hmac.HMAC(mac_key, hashes.SHA1())
    mac.update(auth_safe_der)
    # DigestInfo's AlgorithmIdentifier is written without a NULL parameter
    # (rt:UnixExportProvider.cs MacAndEncode).
    mac_data = seq(
        seq(seq(oid(OID_SHA1)), octets(mac.finalize())),
        octets(mac_salt),
        integer(iterations),
    )
    return seq(integer(3), seq(oid(OID_DATA), explicit(0, octets(auth_safe_der))), mac_data)


def write_single(cert: x509.Certificate, key: object | None, password: str | None = None) -> bytes:
    """The store file of one certificate (+ its key): what `X509Store.Add` writes."""
    if key is None:
        return write_pfx([(cert, None)], [], password)
    return write_pfx([(cert, 0)], [key], password)
