"""Evidence files (bukti tindak lanjut): PDF, PNG or JPEG, recognised by their content, not their name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# (magic bytes at the start, kind, extension, content type)
SIGNATURES = (
    (b"%PDF-", "pdf", ".pdf", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "png", ".png", "image/png"),
    (b"\xff\xd8\xff", "jpeg", ".jpg", "image/jpeg"),
)
EXTENSIONS = {"pdf": {".pdf"}, "png": {".png"}, "jpeg": {".jpg", ".jpeg"}}
CONTENT_TYPES = {ext: ctype for _, _, ext, ctype in SIGNATURES} | {".jpeg": "image/jpeg"}


def max_bytes() -> int:
    return int(getattr(settings, "SIMPUL_FOLLOWUP_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> tuple[str, str] | None:
    for magic, kind, ext, _ctype in SIGNATURES:
        if head.startswith(magic):
            return kind, ext
    return None


def validate_evidence(upload: Any) -> str:
    """Check an uploaded file; return the extension to store it under. Raises ValidationError."""
    size = getattr(upload, "size", None) or 0
    limit = max_bytes()
    if size == 0:
        raise ValidationError(_("Berkas bukti kosong."), code="empty")
    if size > limit:
        raise ValidationError(
            _("Berkas bukti terlalu besar (%(size)s MB); batasnya %(limit)s MB.")
            % {"size": round(size / 1024 / 1024, 1), "limit": round(limit / 1024 / 1024, 1)},
            code="too_big",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    found = sniff(head)
    if found is None:
        raise ValidationError(
            _(
                "Berkas bukti harus berupa PDF, PNG atau JPEG; "
                "isi berkas ini tidak dikenali sebagai salah satunya."
            ),
            code="bad_type",
        )
    kind, ext = found
    name = (getattr(upload, "name", "") or "").lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    if suffix and suffix not in EXTENSIONS[kind]:
        raise ValidationError(
            _("Nama berkas berakhiran %(suffix)s tetapi isinya %(kind)s.")
            % {"suffix": suffix, "kind": kind.upper()},
            code="mismatch",
        )
    return ext
