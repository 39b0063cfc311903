"""File types recognised by their first bytes, never by their name (evidence uploads, attachments)."""

from __future__ import annotations

# (magic bytes, MIME type, file extension)
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)
EXTENSIONS = {"application/pdf": {".pdf"}, "image/png": {".png"}, "image/jpeg": {".jpg", ".jpeg"}}


def sniff(head: bytes) -> tuple[str, str] | None:
    """(MIME type, extension) of a PDF, PNG or JPEG by its first bytes; None for anything else."""
    for magic, mime, extension in SIGNATURES:
        if head.startswith(magic):
            return mime, extension
    return None
