"""Import of earlier years' final results from XLSX, all rows or none.

Two layouts are accepted on the first sheet; the first non-empty row is the header:

- **long**: one row per indicator: `instansi`, `tahun`, `indikator`, `tingkat` (optional `target`);
- **wide**: one row per instansi and year: `instansi`, `tahun`, then one column per indicator headed by
  its number (`1` ... `47`, also `I1`, `Ind 1`, `Indikator 1`), optional `target`.

`instansi` is an organization's slug, its exact name (case ignored) or, for a pemda, its Kemendagri
region code. Every row is checked (unknown instansi or indicator, a level that is not a whole number
1-5, a year outside 2000-2100, a duplicate, an instansi the importer may not import for, an evaluation
that already exists, an instansi-year missing some indicators) and each problem is reported with its
spreadsheet row number. Only a file without any problem is stored: each instansi-year becomes a
finished evaluation (status selesai) whose final levels are stored as the external-assessment layer,
marked imported (`ImportedEvaluation`) and audited, in one transaction.

Who may import: admins for any organization; a Koordinator SPBE for their own organization and the
pemda of every region below its region (the province's coordinator for its kab/kota).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.audit import record, snapshot
from simpul.organizations.choices import Role
from simpul.organizations.models import Organization
from simpul.organizations.permissions import is_admin, roles_of

from .models import Answer, Evaluation, Framework, ImportedEvaluation, Indicator, Layer, ResultImport

MAX_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED = 100 * 1024 * 1024
MAX_ROWS = 50_000

INSTANSI = ("instansi", "nama instansi", "pemda", "kode instansi", "organisasi")
YEAR = ("tahun", "year")
INDICATOR = ("indikator", "no indikator", "nomor indikator", "no. indikator", "indicator")
LEVEL = ("tingkat", "level", "nilai", "tingkat kematangan", "nilai indikator")
TARGET = ("target", "target indeks", "iku", "target indeks (iku)")
WIDE_RE = re.compile(r"^(?:i|ind|ind\.|indikator)?\s*(\d{1,3})$")


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (1 = the first row of the sheet); 0 = the whole file
    column: str
    message: str

    def __str__(self) -> str:
        where = _("baris %(row)s") % {"row": self.row} if self.row else _("berkas")
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.message}"


class ImportRejected(Exception):
    """The file has problems; nothing was stored. `errors` lists every one with its row."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors[:20]))


@dataclass
class Group:
    instansi: Organization
    year: int
    first_row: int
    levels: dict[int, int] = field(default_factory=dict)
    target: Decimal | None = None


@dataclass
class Outcome:
    batch: ResultImport | None
    groups: list[Group]
    dry_run: bool


# --- who may import for which instansi ----------------------------------------------------------------


def importable_instansi(user: Any) -> QuerySet[Organization]:
    if is_admin(user):
        return Organization.objects.all()
    own = {oid for oid, role in roles_of(user) if role == Role.KOORDINATOR_SPBE}
    if not own:
        return Organization.objects.none()
    condition = Q(pk__in=own)
    for region in Organization.objects.filter(pk__in=own).values_list("region_id", flat=True):
        condition |= Q(kind="pemda", region__code__startswith=f"{region}.")
    return Organization.objects.filter(condition)


def may_import(user: Any) -> bool:
    return is_admin(user) or any(role == Role.KOORDINATOR_SPBE for _, role in roles_of(user))


# --- reading ----------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(content: bytes) -> list[list[Any]]:
    """The first sheet's rows as Python values; refuses what is not a sane XLSX."""
    from python_calamine import CalamineError, CalamineWorkbook

    if len(content) > MAX_BYTES:
        raise ImportRejected(
            [RowError(0, "", _("Berkas lebih dari %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})]
        )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED:
                raise ImportRejected([RowError(0, "", _("Isi berkas XLSX terlalu besar."))])
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except ImportRejected:
        raise
    except (zipfile.BadZipFile, CalamineError, ValueError, OSError, KeyError, TypeError, IndexError) as exc:
        raise ImportRejected(
            [RowError(0, "", _("Berkas bukan XLSX yang dapat dibaca: %(error)s") % {"error": exc})]
        ) from exc
    if len(rows) > MAX_ROWS:
        raise ImportRejected([RowError(0, "", _("Berkas lebih dari %(n)s baris.") % {"n": MAX_ROWS})])
    return [list(r) for r in rows]


def _level(value: Any) -> int | None:
    """A whole number 1-5 (calamine gives 3.0 for a typed 3; "3" is accepted too), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(_text(value).replace(",", "."))
        except ValueError:
            return None
    if not number.is_integer() or not 1 <= number <= 5:
        return None
    return int(number)


def _year(value: Any) -> int | None:
    text = _text(value)
    if not text.isdigit():
        return None
    year = int(text)
    return year if 2000 <= year <= 2100 else None


def _target(value: Any) -> Decimal | None | str:
    text = _text(value).replace(",", ".")
    if not text:
        return None
    try:
        target = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        return "bad"
    return target if Decimal(1) <= target <= Decimal(5) else "bad"


class _Resolver:
    """Finds the organization a cell names: slug, exact name (case ignored), or a pemda's region code."""

    def __init__(self) -> None:
        self.by_slug: dict[str, Organization] = {}
        self.by_name: dict[str, Organization] = {}
        self.by_region: dict[str, Organization] = {}
        for org in Organization.objects.all():
            self.by_slug[org.slug.lower()] = org
            self.by_name[org.name.strip().lower()] = org
            if org.kind == "pemda":
                self.by_region.setdefault(org.region_id, org)

    def find(self, text: str) -> Organization | None:
        key = text.strip().lower()
        return self.by_slug.get(key) or self.by_name.get(key) or self.by_region.get(text.strip())


# --- parsing and validating -------------------------------------------------------------------------


def parse(rows: list[list[Any]], *, framework: Framework, actor: Any, as_system: bool = False) -> list[Group]:
    """Every instansi-year of the file, checked; ImportRejected lists every problem with its row."""
    errors: list[RowError] = []
    start = next((i for i, r in enumerate(rows) if any(_text(c) for c in r)), None)
    if start is None:
        raise ImportRejected([RowError(0, "", _("Berkas kosong."))])
    header = [_text(c).lower() for c in rows[start]]

    def column(names: tuple[str, ...]) -> int | None:
        return next((i for i, h in enumerate(header) if h in names), None)

    c_instansi, c_year, c_indicator, c_level, c_target = (
        column(INSTANSI),
        column(YEAR),
        column(INDICATOR),
        column(LEVEL),
        column(TARGET),
    )
    numbers = set(framework.indicators.values_list("number", flat=True))
    wide: dict[int, int] = {}  # column index -> indicator number
    if c_indicator is None:
        for i, h in enumerate(header):
            match = WIDE_RE.match(h)
            if match and i not in (c_instansi, c_year, c_target):
                wide[i] = int(match.group(1))
    header_row = start + 1
    if c_instansi is None:
        errors.append(RowError(header_row, "", _("Kolom 'instansi' tidak ada.")))
    if c_year is None:
        errors.append(RowError(header_row, "", _("Kolom 'tahun' tidak ada.")))
    if c_indicator is not None and c_level is None:
        errors.append(RowError(header_row, "", _("Kolom 'tingkat' tidak ada.")))
    if c_indicator is None and not wide:
        errors.append(
            RowError(
                header_row,
                "",
                _(
                    "Tata letak tidak dikenali: perlu kolom 'indikator' dan 'tingkat', "
                    "atau satu kolom per nomor indikator (1, 2, ...)."
                ),
            )
        )
    for col, number in sorted(wide.items()):
        if number not in numbers:
            errors.append(
                RowError(header_row, header[col], _("Indikator %(n)s tidak ada di kerangka.") % {"n": number})
            )
    seen_wide_numbers: dict[int, int] = {}
    for col, number in sorted(wide.items()):
        if number in seen_wide_numbers:
            errors.append(
                RowError(header_row, header[col], _("Kolom indikator %(n)s ganda.") % {"n": number})
            )
        seen_wide_numbers[number] = col
    if errors:
        raise ImportRejected(errors)
    assert c_instansi is not None
    assert c_year is not None

    resolver = _Resolver()
    scope = Organization.objects.all() if as_system else importable_instansi(actor)
    allowed = set(scope.values_list("pk", flat=True))
    groups: dict[tuple[int, int], Group] = {}
    seen: dict[tuple[int, int, int], int] = {}  # (instansi, year, indicator) -> row
    seen_rows: dict[tuple[int, int], int] = {}  # wide layout: (instansi, year) -> row

    def cell(r: list[Any], index: int | None) -> Any:
        return r[index] if index is not None and index < len(r) else None

    for i in range(start + 1, len(rows)):
        r = rows[i]
        if not any(_text(c) for c in r):
            continue
        row = i + 1
        row_errors: list[RowError] = []
        name = _text(cell(r, c_instansi))
        instansi = resolver.find(name) if name else None
        if not name:
            row_errors.append(RowError(row, "instansi", _("Instansi kosong.")))
        elif instansi is None:
            message = _("Instansi '%(name)s' tidak dikenal.") % {"name": name}
            row_errors.append(RowError(row, "instansi", message))
        elif instansi.pk not in allowed:
            row_errors.append(
                RowError(
                    row,
                    "instansi",
                    _("Anda tidak berwenang mengimpor hasil untuk %(name)s.") % {"name": instansi.name},
                )
            )
        year = _year(cell(r, c_year))
        if year is None:
            row_errors.append(
                RowError(
                    row,
                    "tahun",
                    _("Tahun '%(value)s' bukan tahun 2000-2100.") % {"value": _text(cell(r, c_year))},
                )
            )
        target = _target(cell(r, c_target)) if c_target is not None else None
        if target == "bad":
            row_errors.append(RowError(row, "target", _("Target harus angka 1 sampai 5.")))
            target = None
        pairs: list[tuple[str, int | None, Any]] = []  # (column, indicator number, raw level)
        if c_indicator is not None:
            raw_number = _text(cell(r, c_indicator))
            given = int(raw_number) if raw_number.isdigit() else None
            if given is None or given not in numbers:
                row_errors.append(
                    RowError(
                        row, "indikator", _("Indikator '%(value)s' tidak dikenal.") % {"value": raw_number}
                    )
                )
            else:
                pairs.append(("tingkat", given, cell(r, c_level)))
        else:
            pairs.extend((header[col], number, cell(r, col)) for col, number in sorted(wide.items()))
        levels: dict[int, int] = {}
        for col_name, indicator_number, raw in pairs:
            level = _level(raw)
            if level is None:
                row_errors.append(
                    RowError(
                        row,
                        col_name,
                        _("Tingkat '%(value)s' harus bilangan bulat 1 sampai 5.") % {"value": _text(raw)},
                    )
                )
            elif indicator_number is not None:
                levels[indicator_number] = level
        if instansi is not None and year is not None and c_indicator is None:
            if (instansi.pk, year) in seen_rows:
                row_errors.append(
                    RowError(
                        row,
                        "instansi",
                        _("Duplikat: %(name)s tahun %(year)s sudah ada di baris %(row)s.")
                        % {"name": instansi.name, "year": year, "row": seen_rows[(instansi.pk, year)]},
                    )
                )
            else:
                seen_rows[(instansi.pk, year)] = row
        elif instansi is not None and year is not None:
            for number in list(levels):
                key = (instansi.pk, year, number)
                if key in seen:
                    row_errors.append(
                        RowError(
                            row,
                            "indikator" if c_indicator is not None else str(number),
                            _(
                                "Duplikat: indikator %(n)s untuk %(name)s tahun %(year)s "
                                "sudah ada di baris %(row)s."
                            )
                            % {"n": number, "name": instansi.name, "year": year, "row": seen[key]},
                        )
                    )
                else:
                    seen[key] = row
        errors.extend(row_errors)
        if row_errors or instansi is None or year is None:
            continue
        group = groups.setdefault((instansi.pk, year), Group(instansi, year, row))
        group.levels.update(levels)
        if target is not None:
            group.target = target  # type: ignore[assignment]

    if not groups and not errors:
        errors.append(RowError(0, "", _("Berkas tidak berisi baris data.")))
    existing = set(Evaluation.objects.filter(framework=framework).values_list("instansi_id", "year"))
    for group in groups.values():
        missing = sorted(numbers - set(group.levels))
        if missing and not errors:
            errors.append(
                RowError(
                    group.first_row,
                    "",
                    _("%(name)s tahun %(year)s: tingkat indikator %(numbers)s belum ada.")
                    % {
                        "name": group.instansi.name,
                        "year": group.year,
                        "numbers": ", ".join(str(n) for n in missing),
                    },
                )
            )
        if (group.instansi.pk, group.year) in existing:
            errors.append(
                RowError(
                    group.first_row,
                    "",
                    _("Evaluasi %(framework)s untuk %(name)s tahun %(year)s sudah ada.")
                    % {"framework": framework.index_name, "name": group.instansi.name, "year": group.year},
                )
            )
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: (e.row, e.column)))
    return sorted(groups.values(), key=lambda g: (g.year, g.instansi.name))


# --- the write ----------------------------------------------------------------------------------------


def import_results(
    *,
    actor: Any,
    content: bytes,
    file_name: str,
    framework: Framework,
    dry_run: bool = False,
    as_system: bool = False,
) -> Outcome:
    """Check the file and, unless `dry_run`, store every instansi-year as a finished, imported evaluation.

    `as_system` (the management command without --user) imports for any organization.
    """
    if not as_system and not may_import(actor):
        raise PermissionDenied(_("Hanya Koordinator SPBE atau admin yang dapat mengimpor hasil evaluasi."))
    groups = parse(read_rows(content), framework=framework, actor=actor, as_system=as_system)
    if dry_run:
        return Outcome(None, groups, True)
    indicators = {i.number: i for i in Indicator.objects.filter(framework=framework)}
    note = _("Hasil akhir diimpor dari berkas %(file)s.") % {"file": file_name}
    with transaction.atomic():
        batch = ResultImport.objects.create(
            file_name=file_name[:255],
            sha256=hashlib.sha256(content).hexdigest(),
            framework=framework,
            evaluations_count=len(groups),
            imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        for group in groups:
            moment = datetime(group.year, 12, 31, 12, 0, tzinfo=timezone.get_current_timezone())
            evaluation = Evaluation.objects.create(
                framework=framework,
                instansi=group.instansi,
                year=group.year,
                status="selesai",
                target_index=group.target,
                opened_by=batch.imported_by,
                assessed_at=moment,
                finished_at=moment,
            )
            ImportedEvaluation.objects.create(evaluation=evaluation, batch=batch)
            Answer.objects.bulk_create(
                Answer(
                    evaluation=evaluation,
                    indicator=indicators[number],
                    layer=Layer.EKSTERNAL,
                    level=level,
                    justification=note,
                    updated_by=batch.imported_by,
                )
                for number, level in sorted(group.levels.items())
            )
            record(
                actor=actor,
                action="assessment.evaluation_imported",
                obj=evaluation,
                after={
                    **snapshot(evaluation),
                    "levels": {str(n): lv for n, lv in sorted(group.levels.items())},
                },
                message=note,
            )
        record(
            actor=actor,
            action="assessment.results_imported",
            obj=batch,
            after=snapshot(batch),
            message=", ".join(f"{g.instansi.slug} {g.year}" for g in groups)[:2000],
        )
    return Outcome(batch, groups, False)


def template_xlsx(framework: Framework, *, wide: bool = True) -> bytes:
    """An empty import template (wide layout: one row per instansi and year)."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("Hasil"))
    numbers = list(framework.indicators.order_by("number").values_list("number", flat=True))
    header = (
        ["instansi", "tahun", "target", *[str(n) for n in numbers]]
        if wide
        else [
            "instansi",
            "tahun",
            "indikator",
            "tingkat",
        ]
    )
    bold = book.add_format({"bold": True})
    for col, text in enumerate(header):
        sheet.write(0, col, text, bold)
    book.close()
    return buffer.getvalue()
