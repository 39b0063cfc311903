"""Checks on evidence (data dukung) files: type by content, size limit, virus-scanner hook, freshness.

Settings:
- ``SIMPUL_EVIDENCE_MAX_BYTES`` (default 10 MB): larger files are refused.
- ``SIMPUL_EVIDENCE_SCANNER``: dotted path of ``scan(data: bytes, name: str) -> str | None``; a returned
  string is the reason the file is refused. The default accepts every file; a site plugs ClamAV or
  similar in here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from simpul.core.files import sniff

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
STALE_YEARS = 2


class EvidenceRejected(ValueError):
    """The file is not acceptable; the message says why, in the user's language."""


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    extension: str
    sha256: str


def accept_all(data: bytes, name: str) -> str | None:
    """The default scanner hook: accepts every file."""
    return None


def max_bytes() -> int:
    return int(getattr(settings, "SIMPUL_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_file(upload: Any) -> CheckedFile:
    """Read and check an uploaded file (Django UploadedFile or any object with read()/name)."""
    limit = max_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise EvidenceRejected(
            _("Berkas terlalu besar: %(size)s bait, batasnya %(limit)s bait.")
            % {"size": size, "limit": limit}
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise EvidenceRejected(_("Berkas terlalu besar: batasnya %(limit)s bait.") % {"limit": limit})
    if not data:
        raise EvidenceRejected(_("Berkas kosong."))
    kind = sniff(data[:16])
    if kind is None:
        raise EvidenceRejected(
            _("Isi berkas bukan PDF, PNG atau JPEG (jenis diperiksa dari isinya, bukan dari nama berkas).")
        )
    scanner = import_string(
        getattr(settings, "SIMPUL_EVIDENCE_SCANNER", "simpul.assessment.evidence.accept_all")
    )
    reason = scanner(data, getattr(upload, "name", ""))
    if reason:
        raise EvidenceRejected(_("Berkas ditolak pemindai: %(reason)s") % {"reason": reason})
    return CheckedFile(
        data=data, content_type=kind[0], extension=kind[1], sha256=hashlib.sha256(data).hexdigest()
    )


def is_stale(document_date: date, on: date) -> bool:
    """Older than two years on `on` (Pedoman 3/2024: review documents must be < 2 years old)."""
    try:
        limit = on.replace(year=on.year - STALE_YEARS)
    except ValueError:  # 29 February
        limit = on.replace(year=on.year - STALE_YEARS, day=28)
    return document_date < limit
