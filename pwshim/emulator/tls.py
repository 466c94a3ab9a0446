"""The emulator's own certificate authority and its loopback server certificate.

Clients trust the CA explicitly (REQUESTS_CA_BUNDLE, see
shared/reference/azure-identity-offline.md "CA trust"); nothing anywhere disables TLS
verification. Keys live in the state folder and are reused, so only the first start of a
state folder pays for RSA key generation.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import ssl
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_FILE = "ca.pem"
CA_KEY_FILE = "ca-key.pem"
SERVER_FILE = "server.pem"
SERVER_KEY_FILE = "server-key.pem"

#: Renew the server certificate when less than this is left.
_RENEW_MARGIN = dt.timedelta(days=30)


def new_rsa_key() -> rsa.RSAPrivateKey:
    """A fresh 2048-bit RSA key (what Entra and most test CAs use)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def key_to_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def write_private(path: Path, data: bytes) -> None:
    """Write a file readable only by its owner (keys, credentials)."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def load_key(path: Path) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def self_signed(key: rsa.RSAPrivateKey, common_name: str, years: int = 10,
                ca: bool = False) -> x509.Certificate:
    """A self-signed certificate (the CA, the token-signing key's certificate)."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    )
    if ca:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=0), True)
        builder = builder.add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=False,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          key_cert_sign=True, crl_sign=True, encipher_only=False,
                          decipher_only=False), True)
    return builder.sign(key, hashes.SHA256())


def _server_cert(ca_key: rsa.RSAPrivateKey, ca_cert: x509.Certificate,
                 key: rsa.RSAPrivateKey) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    san = x509.SubjectAlternativeName([
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        x509.IPAddress(ipaddress.ip_address("::1")),
        x509.DNSName("localhost"),
    ])
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=397))
        .add_extension(san, False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )


@dataclass(frozen=True)
class TlsFiles:
    """Paths of the PEM files the server and its clients use."""

    ca_path: Path
    cert_path: Path
    key_path: Path


def ensure_tls(state_dir: Path) -> TlsFiles:
    """Create (or reuse) the CA and the 127.0.0.1/localhost server certificate."""
    ca_path, ca_key_path = state_dir / CA_FILE, state_dir / CA_KEY_FILE
    cert_path, key_path = state_dir / SERVER_FILE, state_dir / SERVER_KEY_FILE
    if ca_path.exists() and ca_key_path.exists():
        ca_key = load_key(ca_key_path)
        ca_cert = x509.load_pem_x509_certificate(ca_path.read_bytes())
    else:
        ca_key = new_rsa_key()
        ca_cert = self_signed(ca_key, "pwshim emulator local CA", ca=True)
        write_private(ca_key_path, key_to_pem(ca_key))
        ca_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    if not _server_cert_ok(cert_path, key_path, ca_cert):
        key = new_rsa_key()
        cert = _server_cert(ca_key, ca_cert, key)
        write_private(key_path, key_to_pem(key))
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return TlsFiles(ca_path, cert_path, key_path)


def _server_cert_ok(cert_path: Path, key_path: Path, ca_cert: x509.Certificate) -> bool:
    if not (cert_path.exists() and key_path.exists()):
        return False
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    left = cert.not_valid_after_utc - dt.datetime.now(dt.UTC)
    return cert.issuer == ca_cert.subject and left > _RENEW_MARGIN


def server_context(files: TlsFiles) -> ssl.SSLContext:
    """The server-side TLS context (TLS 1.2+)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(str(files.cert_path), str(files.key_path))
    return ctx
