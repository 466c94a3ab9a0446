"""Fixtures for the certificate tests: a temporary HOME and certificate material made here."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

STORE_REL = Path(".dotnet/corefx/cryptography/x509stores")


@dataclass
class Material:
    """One key and its certificate, plus PEM files of both."""

    key: object
    cert: x509.Certificate
    cert_pem: Path
    key_pem: Path

    @property
    def thumbprint(self) -> str:
        return self.cert.fingerprint(hashes.SHA1()).hex().upper()

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)


def _name(**attrs: str) -> x509.Name:
    oids = {"C": NameOID.COUNTRY_NAME, "O": NameOID.ORGANIZATION_NAME, "CN": NameOID.COMMON_NAME}
    return x509.Name([x509.NameAttribute(oids[k], v) for k, v in attrs.items()])


def make_cert(
    folder: Path,
    stem: str,
    subject: x509.Name,
    issuer: Material | None = None,
    key: object | None = None,
    serial: int | None = None,
    ca: bool = False,
) -> Material:
    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(serial or x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    cert = builder.sign(issuer.key if issuer else key, hashes.SHA256())
    cert_pem = folder / f"{stem}.crt.pem"
    key_pem = folder / f"{stem}.key.pem"
    cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return Material(key, cert, cert_pem, key_pem)


@dataclass
class Certs:
    folder: Path
    test: Material  # self-signed "C=US, O=Org, CN=test" (RSA)
    ca: Material  # "CN=Test CA"
    leaf: Material  # "CN=leaf", issued by ca
    ec: Material  # self-signed EC "CN=ec"


@pytest.fixture(scope="session")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    folder = tmp_path_factory.mktemp("certs")
    test = make_cert(folder, "test", _name(C="US", O="Org", CN="test"))
    ca = make_cert(folder, "ca", _name(CN="Test CA"), ca=True)
    leaf = make_cert(folder, "leaf", _name(CN="leaf"), issuer=ca)
    ecm = make_cert(folder, "ec", _name(CN="ec"), key=ec.generate_private_key(ec.SECP256R1()))
    return Certs(folder, test, ca, leaf, ecm)


@pytest.fixture
def pki_home(home: Path) -> Path:
    """The temporary HOME of tests/conftest.py (set in os.environ, as .NET resolves it)."""
    return home


def store_dir(home: Path, name: str = "my") -> Path:
    return home / STORE_REL / name


def pfx_cryptography(m: Material, path: Path, password: bytes, extra: list[x509.Certificate] | None = None) -> Path:
    """A modern PFX (AES-256/PBES2 via BestAvailableEncryption)."""
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"friendly", m.key, m.cert, extra, serialization.BestAvailableEncryption(password)
        )
    )
    return path


def openssl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["openssl", *args], capture_output=True, text=True, check=False)


def openssl_export(path: Path, *args: str) -> Path:
    """`openssl pkcs12 -export -out path <args>`; fails the test with OpenSSL's stderr."""
    proc = openssl("pkcs12", "-export", "-out", str(path), *args)
    assert proc.returncode == 0, proc.stderr
    return path


def openssl_available() -> bool:
    return shutil.which("openssl") is not None


def dotnet_store_file(m: Material, path: Path) -> Path:
    """A store file built the way .NET writes one (reference §1.4): empty password,
    3DES for key and certs, SHA-1 MAC, 2000 iterations."""
    return openssl_export(
        path,
        "-in", str(m.cert_pem), "-inkey", str(m.key_pem), "-passout", "pass:",
        "-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES", "-macalg", "sha1", "-iter", "2000",
    )


@pytest.fixture
def umask():
    """Set a process umask for one test and restore it afterwards."""
    saved = os.umask(0o022)
    os.umask(saved)

    def set_mask(mask: int) -> None:
        os.umask(mask)

    yield set_mask
    os.umask(saved)
