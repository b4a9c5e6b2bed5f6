"""PAdES signatures on certificate PDFs, made with the organisation's key (pyHanko).

The key and certificate are PEM or DER files named by `CERTIFICATE_SIGNING_KEY` and
`CERTIFICATE_SIGNING_CERT` (plus `CERTIFICATE_SIGNING_CHAIN` for intermediate CA
certificates). Production settings refuse to start without them. Elsewhere, when
`CERTIFICATE_SIGNING_AUTOCREATE` is on, a self-signed pair is created on first use under
`var/signing/` and a warning says so: such PDFs verify as intact but are trusted by nobody.

The loaded key is kept for the life of the process: loading an RSA key costs a third of a
second, signing with it a few milliseconds.
"""

import asyncio
import concurrent.futures
import datetime
import fcntl
import io
import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.keys import load_cert_from_pemder, load_certs_from_pemder, load_private_key_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

logger = logging.getLogger(__name__)

SIGNATURE_FIELD = "Signature"
DEV_KEY_SIZE = 3072
DEV_VALIDITY = datetime.timedelta(days=3650)


class SigningError(Exception):
    """The PDF could not be signed (missing or unreadable key material)."""


class _CachedKeySigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner re-parses the private key for every signature; this one keeps
    the parsed key. Mechanisms other than RSA PKCS#1 v1.5 and ECDSA go to pyHanko."""

    def __init__(self, *, private_key, **kwargs):
        super().__init__(**kwargs)
        self._private_key = private_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        digest = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._private_key, RSAPrivateKey):
            return self._private_key.sign(data, PKCS1v15(), digest)
        if mechanism == "ecdsa" and isinstance(self._private_key, EllipticCurvePrivateKey):
            return self._private_key.sign(data, ECDSA(digest))
        return super().sign_raw(data, digest_algorithm)


@dataclass(frozen=True)
class SigningMaterial:
    signer: signers.SimpleSigner
    bytes_reserved: int
    subject: str


def _passphrase() -> bytes | None:
    value = settings.CERTIFICATE_SIGNING_KEY_PASSPHRASE
    return value.encode() if value else None


def _create_self_signed(key_path: Path, cert_path: Path) -> None:
    """Create a development key and self-signed certificate, once, even with many processes."""
    key_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(key_path.parent / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if key_path.exists() and cert_path.exists():
            return
        key = rsa.generate_private_key(public_exponent=65537, key_size=DEV_KEY_SIZE)
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, settings.WAGTAIL_SITE_NAME),
                x509.NameAttribute(
                    NameOID.COMMON_NAME, f"{settings.WAGTAIL_SITE_NAME} (development only)"
                ),
            ]
        )
        now = datetime.datetime.now(datetime.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + DEV_VALIDITY)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(key, hashes.SHA256())
        )
        key_bytes = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(key_bytes)
        cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    message = (
        f"Created a self-signed certificate-signing key {key_path} and certificate {cert_path} "
        "(development only: set CERTIFICATE_SIGNING_KEY and CERTIFICATE_SIGNING_CERT to the "
        "organisation's own in production)."
    )
    logger.warning(message)


def signing_paths() -> tuple[Path, Path]:
    """The key and certificate files, created first if allowed and missing."""
    key_path = Path(settings.CERTIFICATE_SIGNING_KEY)
    cert_path = Path(settings.CERTIFICATE_SIGNING_CERT)
    if not (key_path.exists() and cert_path.exists()):
        if not settings.CERTIFICATE_SIGNING_AUTOCREATE:
            raise ImproperlyConfigured(
                f"Certificate signing key {key_path} or certificate {cert_path} is missing."
            )
        _create_self_signed(key_path, cert_path)
    return key_path, cert_path


@lru_cache(maxsize=4)
def _load_material(
    key_path: str, cert_path: str, chain: tuple[str, ...], _mtimes
) -> SigningMaterial:
    passphrase = _passphrase()
    key_bytes = Path(key_path).read_bytes()
    if b"-----BEGIN" in key_bytes:
        private_key = serialization.load_pem_private_key(key_bytes, password=passphrase)
    else:
        private_key = serialization.load_der_private_key(key_bytes, password=passphrase)
    signing_cert = load_cert_from_pemder(cert_path)
    chain_certs = [cert for path in chain for cert in load_certs_from_pemder(path)]
    signer = _CachedKeySigner(
        private_key=private_key,
        signing_cert=signing_cert,
        signing_key=load_private_key_from_pemder(key_path, passphrase),
        cert_registry=SimpleCertificateStore.from_certs([signing_cert, *chain_certs]),
    )
    # Room for the CMS blob: signature, signed attributes and every certificate, generously.
    embedded = sum(len(cert.dump()) for cert in [signing_cert, *chain_certs])
    return SigningMaterial(
        signer=signer,
        bytes_reserved=8192 + 2 * embedded,
        subject=signing_cert.subject.human_friendly,
    )


def signing_material() -> SigningMaterial:
    """The signer for the configured key, loaded once per process (again if files change)."""
    key_path, cert_path = signing_paths()
    chain = tuple(str(path) for path in settings.CERTIFICATE_SIGNING_CHAIN)
    mtimes = tuple(os.stat(path).st_mtime_ns for path in (key_path, cert_path, *chain))
    try:
        return _load_material(str(key_path), str(cert_path), chain, mtimes)
    except (OSError, ValueError, TypeError) as error:
        raise SigningError(f"Cannot load the certificate signing key: {error}") from error


def _outside_event_loop(function, *args, **kwargs):
    """pyHanko drives its own asyncio loop; run it in a worker thread when this thread already
    has a running loop (ASGI, or a browser test's Playwright loop)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def pdf_sign(*, pdf: bytes, reason: str, location: str, contact: str = "") -> bytes:
    """The PDF with a PAdES (ETSI.CAdES.detached) signature over the whole file."""
    material = signing_material()
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        contact_info=contact or None,
    )

    def sign() -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        output = signers.sign_pdf(
            writer, metadata, signer=material.signer, bytes_reserved=material.bytes_reserved
        )
        return output.getvalue()

    return _outside_event_loop(sign)


@dataclass(frozen=True)
class SignatureCheck:
    """What pyHanko says about a PDF's signature: `intact` (no byte changed), `valid`
    (cryptographically sound), `trusted` (chains to one of the trust roots given)."""

    signed: bool
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    signer: str

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and self.valid and self.covers_whole_file


def pdf_signature_check(*, pdf: bytes, trust_roots: list[Path] | None = None) -> SignatureCheck:
    """Validate the PDF's first signature; trust roots default to our signing certificate."""
    if trust_roots is None:
        trust_roots = [signing_paths()[1]]
    roots = [load_cert_from_pemder(str(path)) for path in trust_roots]

    def check() -> SignatureCheck:
        try:
            reader = PdfFileReader(io.BytesIO(pdf))
            signatures = reader.embedded_signatures
        except Exception:  # a damaged file is as good as unsigned
            logger.info("Unreadable PDF while checking its signature", exc_info=True)
            return SignatureCheck(False, False, False, False, False, "")
        if not signatures:
            return SignatureCheck(False, False, False, False, False, "")
        status = validate_pdf_signature(
            signatures[0], ValidationContext(trust_roots=roots, allow_fetching=False)
        )
        return SignatureCheck(
            signed=True,
            intact=status.intact,
            valid=status.valid,
            trusted=status.trusted,
            covers_whole_file=status.coverage.name == "ENTIRE_FILE",
            signer=status.signing_cert.subject.human_friendly,
        )

    return _outside_event_loop(check)
