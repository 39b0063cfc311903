"""Evidence files (bukti tindak lanjut): PDF, PNG or JPEG, recognised by their content, not their name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from simpul.core.files import EXTENSIONS, sniff

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "SIMPUL_FOLLOWUP_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


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
    mime, extension = found
    name = (getattr(upload, "name", "") or "").lower()
    suffix = name[name.rfind(".") :] if "." in name else ""
    if suffix and suffix not in EXTENSIONS[mime]:
        raise ValidationError(
            _("Nama berkas berakhiran %(suffix)s tetapi isinya %(kind)s.")
            % {"suffix": suffix, "kind": extension.upper()},
            code="mismatch",
        )
    return f".{extension}"
