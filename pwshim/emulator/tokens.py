"""JSON Web Tokens: the emulator's signed access tokens and client-assertion checks.

Access tokens are RS256 JWTs shaped like Entra's v1 access tokens (the kind ARM receives):
header ``typ, alg, x5t, kid``; claims ``aud, iss, iat, nbf, exp, tid, oid, sub, appid, idtyp``...
The signing key and its certificate are published in the tenant's JWKS.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
import uuid
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from pwshim.emulator import tls

TOKEN_KEY_FILE = "token-key.pem"
TOKEN_CERT_FILE = "token-cert.pem"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def thumbprints(cert: x509.Certificate) -> tuple[str, str]:
    """(SHA-1 hex upper, SHA-256 hex upper) thumbprints of a certificate, as Entra shows them."""
    der = cert.public_bytes(serialization.Encoding.DER)
    return hashlib.sha1(der).hexdigest().upper(), hashlib.sha256(der).hexdigest().upper()


class TokenError(Exception):
    """A JWT that cannot be used; ``kind`` is malformed, signature, expired or notyet."""

    def __init__(self, kind: str, message: str = "") -> None:
        super().__init__(message or kind)
        self.kind = kind


def decode_unverified(token: str) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes]:
    """Split a compact JWS: (header, claims, signing input, signature). Raises TokenError."""
    parts = token.split(".")
    if len(parts) != 3:
        raise TokenError("malformed", "not a compact JWS")
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
        sig = b64url_decode(parts[2])
    except (ValueError, UnicodeDecodeError) as exc:
        raise TokenError("malformed", str(exc)) from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise TokenError("malformed", "header and payload must be objects")
    return header, claims, (parts[0] + "." + parts[1]).encode("ascii"), sig


def verify_signature(header: dict[str, Any], signing_input: bytes, sig: bytes,
                     public_key: rsa.RSAPublicKey) -> None:
    """Check an RS256 or PS256 signature (MSAL signs assertions with either)."""
    alg = header.get("alg")
    if alg == "RS256":
        pad: padding.AsymmetricPadding = padding.PKCS1v15()
    elif alg == "PS256":
        pad = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)
    else:
        raise TokenError("malformed", f"unsupported alg {alg!r}")
    try:
        public_key.verify(sig, signing_input, pad, hashes.SHA256())
    except InvalidSignature:
        raise TokenError("signature", "signature does not verify") from None


def sign_jwt(claims: dict[str, Any], key: rsa.RSAPrivateKey, header: dict[str, Any]) -> str:
    """Sign claims as an RS256 compact JWS with the given extra header fields."""
    head = {"typ": "JWT", "alg": "RS256", **header}
    signing_input = (b64url(json.dumps(head, separators=(",", ":")).encode())
                     + "." + b64url(json.dumps(claims, separators=(",", ":")).encode()))
    sig = key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + b64url(sig)


class TokenIssuer:
    """Signs and verifies the emulator's access tokens with one persistent key."""

    #: Lifetime of client-credential tokens (Entra: 60-90 min; 3599 s is the usual answer).
    ENTRA_LIFETIME = 3599
    #: Lifetime of managed-identity tokens (IMDS hands out ~24 h tokens).
    IMDS_LIFETIME = 86399

    def __init__(self, state_dir: Path) -> None:
        key_path, cert_path = state_dir / TOKEN_KEY_FILE, state_dir / TOKEN_CERT_FILE
        if key_path.exists() and cert_path.exists():
            self.key = tls.load_key(key_path)
            self.cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        else:
            self.key = tls.new_rsa_key()
            self.cert = tls.self_signed(self.key, "pwshim emulator token signing", years=5)
            tls.write_private(key_path, tls.key_to_pem(self.key))
            cert_path.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))
        der = self.cert.public_bytes(serialization.Encoding.DER)
        self.kid = b64url(hashlib.sha1(der).digest())
        self._x5c = base64.b64encode(der).decode("ascii")

    def issue(self, claims: dict[str, Any], lifetime: int) -> tuple[str, int]:
        """Sign claims (adding iat/nbf/exp/uti); returns (token, exp)."""
        now = int(time.time())
        full = {"iat": now, "nbf": now, "exp": now + lifetime, **claims,
                "uti": b64url(uuid.uuid4().bytes), "ver": "1.0"}
        return sign_jwt(full, self.key, {"x5t": self.kid, "kid": self.kid}), full["exp"]

    def verify(self, token: str) -> dict[str, Any]:
        """Claims of one of our tokens; raises TokenError (malformed/signature/expired)."""
        header, claims, signing_input, sig = decode_unverified(token)
        if header.get("kid") not in (None, self.kid) or header.get("alg") != "RS256":
            raise TokenError("signature", "unknown signing key")
        verify_signature(header, signing_input, sig, self.key.public_key())
        now = time.time()
        if not isinstance(claims.get("exp"), (int, float)) or claims["exp"] < now:
            raise TokenError("expired", "token expired")
        if isinstance(claims.get("nbf"), (int, float)) and claims["nbf"] > now + 300:
            raise TokenError("notyet", "token not yet valid")
        return claims

    def jwks(self) -> dict[str, Any]:
        """The JWKS document (discovery/v2.0/keys), with the key's certificate in x5c."""
        numbers = self.key.public_key().public_numbers()
        n = numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")
        e = numbers.e.to_bytes((numbers.e.bit_length() + 7) // 8, "big")
        return {"keys": [{"kty": "RSA", "use": "sig", "kid": self.kid, "x5t": self.kid,
                          "n": b64url(n), "e": b64url(e), "x5c": [self._x5c]}]}
