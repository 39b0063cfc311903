"""Personal data scan before publication (UU 27/2022 Pelindungan Data Pribadi).

Finds NIK (16 digits), NIP (18 digits), Indonesian phone numbers, e-mail addresses, and a table having
both a name column and an address column. Samples are stored masked; the original stays internal.
"""

from __future__ import annotations

import re
from typing import Any

from .models import PiiKind

NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
NIP = re.compile(r"(?<!\d)\d{8}\s?\d{6}\s?\d\s?\d{3}(?!\d)")
PHONE = re.compile(r"(?<![\d\w])(?:\+62|62|0)8\d{1,3}[\s.-]?\d{3,4}[\s.-]?\d{3,5}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
NAME_COLUMNS = {"nama", "name", "nama lengkap", "nama_lengkap", "nama penduduk", "nama pasien"}
ADDRESS_COLUMNS = {"alamat", "address", "alamat lengkap", "alamat_lengkap", "alamat rumah"}


def mask(text: str) -> str:
    """Keep the first two and last two characters: 1871****************12."""
    text = str(text)
    if len(text) <= 4:
        return "*" * len(text)
    return text[:2] + "*" * (len(text) - 4) + text[-2:]


def mask_text(text: str) -> str:
    """The masked copy of a text: every match replaced by its masked form."""
    for pattern in (EMAIL, NIP, NIK, PHONE):
        text = pattern.sub(lambda m: mask(m.group(0)), text)
    return text


def scan_text(text: str, location: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    rest = text
    # NIP before NIK (an 18-digit NIP must not be counted as a NIK), e-mail before phone.
    for kind, pattern in (
        (PiiKind.EMAIL, EMAIL),
        (PiiKind.NIP, NIP),
        (PiiKind.NIK, NIK),
        (PiiKind.PHONE, PHONE),
    ):
        matches = pattern.findall(rest)
        if matches:
            found.append(
                {"kind": kind, "location": location[:200], "sample": mask(matches[0]), "count": len(matches)}
            )
            rest = pattern.sub(" ", rest)
    return found


def scan_columns(headers: list[str], location: str) -> list[dict[str, Any]]:
    names = {h.strip().lower() for h in headers}
    if names & NAME_COLUMNS and names & ADDRESS_COLUMNS:
        cols = ", ".join(h for h in headers if h.strip().lower() in NAME_COLUMNS | ADDRESS_COLUMNS)
        return [{"kind": PiiKind.NAME_ADDRESS, "location": location[:200], "sample": cols[:200], "count": 1}]
    return []


def scan(*, text: str = "", content: bytes | None = None, file_name: str = "") -> list[dict[str, Any]]:
    """Findings for a submission's free text and its file (CSV/XLSX read as text cells)."""
    findings = scan_text(text, "keterangan") if text else []
    if content:
        from simpul.ingest.errors import IngestError
        from simpul.ingest.reading import read_table

        try:
            table = read_table(content, file_name=file_name)
        except IngestError:
            return findings + scan_text(content[:1_000_000].decode("utf-8", "replace"), file_name or "berkas")
        findings += scan_columns(table.headers, f"{file_name}: header")
        for name in table.frame.columns:
            if name == "_row":
                continue
            cells = " \n ".join(v for v in table.frame[name].to_list() if v)
            label = (
                table.headers[int(name[1:])]
                if name[1:].isdigit() and int(name[1:]) < len(table.headers)
                else name
            )
            findings += scan_text(cells, f"{file_name}: {label}")
    return findings


MAX_RESOURCE_BYTES = 20 * 1024 * 1024


DATASET_TEXT = "metadata dataset"


def scan_dataset(dataset: Any) -> list[dict[str, Any]]:
    """The dataset's text fields and its attached files (published with it), CSV/XLSX/text ones read."""
    findings = scan_text(f"{dataset.title}\n{dataset.description}", DATASET_TEXT)
    for res in dataset.resources.all():
        if res.size > MAX_RESOURCE_BYTES or (res.format or "").lower() not in {
            "",
            "csv",
            "xlsx",
            "txt",
            "tsv",
        }:
            continue
        try:
            with res.file.open("rb") as handle:
                content = handle.read(MAX_RESOURCE_BYTES)
        except OSError:
            continue
        findings += [
            {**f, "resource_id": res.pk} for f in scan(content=content, file_name=res.title or res.file.name)
        ]
    return findings
