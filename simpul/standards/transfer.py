"""Standard data as files: export and import of indicators, classifications and statistical activities as
CSV or JSON (the same field names in both; docs/standards.md shows them).

Import is all or nothing: every row is checked first and every problem is reported with its row, column,
value and reason; only a file without problems is written, in one transaction, through the same services
as the pages. Rows are matched by code: a new code is created, a known one updated, an identical one left
alone, so exporting and importing a file again changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simpul.datasets.downloads import neutralise
from simpul.ingest import limits
from simpul.ingest.errors import IngestError
from simpul.ingest.reading import decode, sniff_delimiter
from simpul.organizations.models import Organization
from simpul.organizations.permissions import require

from . import rules, services
from .models import Classification, Indicator, Periodicity, StatisticalActivity, ValueType

MAX_ROWS = 20_000
MAX_CELL = 20_000
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
KINDS = {
    "indikator": gettext_lazy("Indikator"),
    "klasifikasi": gettext_lazy("Klasifikasi"),
    "kegiatan": gettext_lazy("Kegiatan statistik"),
}
COLUMNS = {
    "indikator": ["kode", "nama", "nama_en", "konsep", "definisi", "satuan", "periode", "jenis_nilai",
                  "nilai_min", "nilai_maks", "persentase", "disagregasi", "pembina", "kegiatan", "metadata"],
    "klasifikasi": ["klasifikasi", "nama", "keterangan", "sumber", "kode_butir", "label", "induk", "urutan"],
    "kegiatan": ["kode", "judul", "tahun", "cara", "penyelenggara", "romantik", "metadata"],
}  # fmt: skip
REQUIRED = {
    "indikator": ["kode", "nama"],
    "klasifikasi": ["klasifikasi", "nama"],
    "kegiatan": ["kode", "judul"],
}


@dataclass(frozen=True)
class Problem:
    row: int | str
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = _("Baris %(row)s") % {"row": self.row} if self.row else _("Berkas")
        column = f", {_('kolom')} {self.column}" if self.column else ""
        value = f" ({self.value[:80]!r})" if self.value else ""
        return f"{where}{column}{value}: {self.reason}"


class ImportRejected(Exception):
    """The file has problems; nothing was stored."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    @property
    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]


@dataclass
class Result:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0


# ---------------------------------------------------------------------------------------------------
# Export


def export_records(kind: str, codes: Any = None) -> list[dict[str, Any]]:
    """Standard data of one kind as records of COLUMNS[kind] (lists and objects as such): all of it, or
    only the given codes (a list or a queryset of codes, for the pages' JSON twins)."""
    only = {} if codes is None else {"code__in": codes}
    if kind == "indikator":
        indicators = Indicator.objects.filter(**only).select_related("pembina", "activity")
        return [_indicator_record(i) for i in indicators.prefetch_related("classifications").order_by("code")]
    if kind == "klasifikasi":
        classifications = Classification.objects.filter(**only).order_by("code")
        return [r for c in classifications for r in _classification_records(c)]
    activities = StatisticalActivity.objects.filter(**only).select_related("organization").order_by("code")
    return [
        {"kode": a.code, "judul": a.title, "tahun": a.year, "cara": a.kind,
         "penyelenggara": a.organization.slug if a.organization else "", "romantik": a.romantik_id,
         "metadata": a.metadata or {}}
        for a in activities
    ]  # fmt: skip


def _indicator_record(i: Indicator) -> dict[str, Any]:
    return {
        "kode": i.code, "nama": i.name_id, "nama_en": i.name_en, "konsep": i.concept,
        "definisi": i.definition, "satuan": i.unit, "periode": i.periodicity, "jenis_nilai": i.value_type,
        "nilai_min": i.min_value, "nilai_maks": i.max_value, "persentase": i.is_percentage,
        "disagregasi": sorted(c.code for c in i.classifications.all()),
        "pembina": i.pembina.slug if i.pembina else "", "kegiatan": i.activity.code if i.activity else "",
        "metadata": i.metadata or {},
    }  # fmt: skip


def _classification_records(c: Classification) -> list[dict[str, Any]]:
    head = {"klasifikasi": c.code, "nama": c.name, "keterangan": c.description, "sumber": c.source}
    items = services.classification_snapshot(c)["items"]
    if not items:
        return [{**head, "kode_butir": "", "label": "", "induk": "", "urutan": ""}]
    return [
        {**head, "kode_butir": i["code"], "label": i["label"], "induk": i["parent"], "urutan": i["order"]}
        for i in items
    ]


def export_json(kind: str) -> str:
    return json.dumps({"jenis": kind, "data": export_records(kind)}, ensure_ascii=False, indent=1)


def export_csv(kind: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS[kind])
    for record in export_records(kind):
        writer.writerow([_cell(record[c]) for c in COLUMNS[kind]])
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, list):
        return " ".join(value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    return neutralise(str(value))  # a spreadsheet must not run a definition starting with "="


# ---------------------------------------------------------------------------------------------------
# Reading


def read_records(content: bytes, *, file_name: str = "") -> list[tuple[int | str, dict[str, Any]]]:
    """(row label, record) pairs from a CSV or JSON file; ImportRejected when the file cannot be read."""
    if len(content) > limits.max_upload_bytes():
        raise ImportRejected([Problem(0, "", "", _("Berkas terlalu besar."))])
    if not content.strip():
        raise ImportRejected([Problem(0, "", "", _("Berkas kosong."))])
    try:
        text, _encoding = decode(content)
    except IngestError as exc:
        raise ImportRejected([Problem(0, "", "", exc.message)]) from exc
    if file_name.lower().endswith(".json") or text.lstrip().startswith(("{", "[")):
        return _json_records(text)
    return _csv_records(text)


def _json_records(text: str) -> list[tuple[int | str, dict[str, Any]]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = Problem(exc.lineno, "", "", _("JSON tidak sah: %(msg)s") % {"msg": exc.msg})
        raise ImportRejected([problem]) from exc
    rows = data.get("data") if isinstance(data, dict) else data
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ImportRejected(
            [Problem(0, "", "", _('JSON harus berupa daftar objek, atau {"data": [ ... ]}.'))]
        )
    if len(rows) > MAX_ROWS:
        raise ImportRejected([Problem(0, "", "", _("Terlalu banyak baris (batas %(n)d).") % {"n": MAX_ROWS})])
    return [(n, {str(k).strip().lower(): v for k, v in r.items()}) for n, r in enumerate(rows, start=1)]


def _csv_records(text: str) -> list[tuple[int | str, dict[str, Any]]]:
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(lines[:30]))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        dupes = sorted({h for h in header if h and header.count(h) > 1})
        if dupes:
            raise ImportRejected(
                [Problem(1, h, "", _("Nama kolom muncul lebih dari sekali.")) for h in dupes]
            )
        records: list[tuple[int | str, dict[str, Any]]] = []
        start = reader.line_num + 1
        for raw in reader:
            if any(cell.strip() for cell in raw):
                if len(raw) > len(header):
                    raise ImportRejected(
                        [Problem(start, "", "", _("Baris ini punya lebih banyak kolom daripada header."))]
                    )
                records.append((start, dict(zip(header, raw, strict=False))))
                if len(records) > MAX_ROWS:
                    raise ImportRejected(
                        [Problem(0, "", "", _("Terlalu banyak baris (batas %(n)d).") % {"n": MAX_ROWS})]
                    )
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportRejected(
            [Problem(reader.line_num, "", "", _("CSV rusak: %(msg)s") % {"msg": exc})]
        ) from exc
    if not header or not any(header):
        raise ImportRejected([Problem(0, "", "", _("Berkas kosong."))])
    return records


# ---------------------------------------------------------------------------------------------------
# Checking one record


class _Row:
    """Reads fields of one record, noting problems instead of stopping at the first one."""

    def __init__(self, label: int | str, record: dict[str, Any], problems: list[Problem]) -> None:
        self.label, self.record, self.problems = label, record, problems

    def fail(self, column: str, reason: str) -> None:
        self.problems.append(Problem(self.label, column, _text(self.record.get(column)), reason))

    def text(self, column: str, max_length: int, *, required: bool = False) -> str:
        value = _text(self.record.get(column))
        if value.startswith("'") and neutralise(value[1:]) == value:
            value = value[1:]  # written by our own export to keep spreadsheets from running it
        if required and not value:
            self.fail(column, _("wajib diisi"))
        elif len(value) > max_length:
            self.fail(column, _("terlalu panjang (batas %(n)d karakter)") % {"n": max_length})
        elif "\x00" in value:
            self.fail(column, _("berisi karakter NUL"))
        return value

    def code(self, column: str, max_length: int) -> str:
        value = self.text(column, max_length, required=True)
        if value and not CODE.match(value):
            self.fail(column, _("kode hanya boleh huruf, angka, titik, garis bawah dan tanda hubung"))
        return value

    def number(self, column: str) -> float | None:
        value = self.record.get(column)
        if isinstance(value, int | float) and not isinstance(value, bool):
            number: float | None = float(value)
        else:
            text = _text(value)
            if not text:
                return None
            if text.count(",") == 1 and "." not in text:
                text = text.replace(",", ".")  # 12,5 written the Indonesian way
            try:
                number = float(text)
            except ValueError:
                number = None
        if number is None or not math.isfinite(number):
            self.fail(column, _("bukan angka"))
            return None
        return number

    def integer(self, column: str, low: int, high: int) -> int | None:
        number = self.number(column)
        if number is None:
            return None
        if number != int(number) or not low <= number <= high:
            self.fail(column, _("harus bilangan bulat %(low)d-%(high)d") % {"low": low, "high": high})
            return None
        return int(number)

    def boolean(self, column: str) -> bool:
        value = self.record.get(column)
        if isinstance(value, bool):
            return value
        text = _text(value).lower()
        if text in ("ya", "y", "yes", "true", "1"):
            return True
        if text not in ("", "tidak", "t", "no", "false", "0"):
            self.fail(column, _("isi ya atau tidak"))
        return False

    def choice(self, column: str, choices: list[str], default: str) -> str:
        value = _text(self.record.get(column)).lower() or default
        if value not in choices:
            self.fail(column, _("harus salah satu dari: %(choices)s") % {"choices": ", ".join(choices)})
        return value

    def mapping(self, column: str) -> dict[str, Any]:
        value = self.record.get(column)
        if isinstance(value, dict):
            return value
        if not _text(value):
            return {}
        try:
            parsed = json.loads(_text(value))
        except json.JSONDecodeError:
            parsed = None
        if not isinstance(parsed, dict):
            self.fail(column, _('harus objek JSON, misalnya {"rumus": "..."}'))
            return {}
        return parsed

    def codes(self, column: str) -> list[str]:
        value = self.record.get(column)
        items = value if isinstance(value, list) else re.split(r"[\s,;]+", _text(value))
        return sorted({_text(v) for v in items if _text(v)})

    def lookup(self, column: str, table: dict[str, Any], what: str) -> Any:
        key = _text(self.record.get(column))
        if key and key not in table:
            self.fail(column, _("%(what)s %(key)s tidak dikenal") % {"what": what, "key": key})
        return table.get(key)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()[:MAX_CELL]


# ---------------------------------------------------------------------------------------------------
# Import


def import_file(*, actor: Any, kind: str, content: bytes, file_name: str = "") -> Result:
    """Check every row of the file, then store all of it or nothing."""
    require(rules.is_pembina(actor), _("Hanya pembina data yang dapat mengimpor standar data."))
    if kind not in COLUMNS:
        raise ImportRejected([Problem(0, "", kind, _("Jenis standar data tidak dikenal."))])
    records = read_records(content, file_name=file_name)
    if not records:
        raise ImportRejected([Problem(0, "", "", _("Berkas tidak berisi baris data."))])
    columns = set().union(*(r.keys() for _label, r in records))
    missing = [c for c in REQUIRED[kind] if c not in columns]
    if missing:
        raise ImportRejected([Problem(1, c, "", _("kolom wajib tidak ada")) for c in missing])
    unknown = sorted(c for c in columns - set(COLUMNS[kind]) if c)
    if unknown:
        known = {"cols": ", ".join(COLUMNS[kind])}
        reason = _("kolom tidak dikenal; kolom yang dipakai: %(cols)s") % known
        raise ImportRejected([Problem(1, c, "", reason) for c in unknown])
    problems: list[Problem] = []
    plan = _PLANNERS[kind](records, problems)
    if problems:
        raise ImportRejected(problems)
    result = Result(kind)
    with transaction.atomic():
        for label, write in plan:
            try:
                created, changed = write(actor)
            except ValidationError as exc:
                problems.extend(Problem(label, "", "", m) for m in exc.messages)
                continue
            except PermissionDenied as exc:
                problems.append(Problem(label, "", "", str(exc)))
                continue
            if created:
                result.created += 1
            elif changed:
                result.updated += 1
            else:
                result.unchanged += 1
        if problems:
            raise ImportRejected(problems)  # rolls back everything written above
    return result


Write = Callable[[Any], tuple[bool, bool]]


def _duplicates(row: _Row, column: str, key: str, seen: dict[str, int | str]) -> None:
    if key in seen:
        row.fail(column, _("kode sama dengan baris %(row)s") % {"row": seen[key]})
    seen[key] = row.label


def _plan_indicators(
    records: list[tuple[int | str, dict[str, Any]]], problems: list[Problem]
) -> list[tuple[Any, Write]]:
    existing = {i.code: i for i in Indicator.objects.all()}
    classifications = {c.code: c for c in Classification.objects.all()}
    orgs = {o.slug: o for o in Organization.objects.all()}
    activities = {a.code: a for a in StatisticalActivity.objects.all()}
    seen: dict[str, int | str] = {}
    plan: list[tuple[Any, Write]] = []
    for label, record in records:
        row = _Row(label, record, problems)
        code = row.code("kode", 40)
        _duplicates(row, "kode", code, seen)
        low, high = row.number("nilai_min"), row.number("nilai_maks")
        if low is not None and high is not None and low > high:
            row.fail("nilai_min", _("lebih besar dari nilai_maks"))
        chosen = []
        for c in row.codes("disagregasi"):
            if c in classifications:
                chosen.append(classifications[c])
            else:
                row.fail("disagregasi", _("klasifikasi %(code)s tidak dikenal") % {"code": c})
        pembina = row.lookup("pembina", orgs, _("instansi"))
        activity = row.lookup("kegiatan", activities, _("kegiatan statistik"))
        metadata = row.mapping("metadata")
        if str(metadata.get("aggregasi", "")) not in ("", "jumlah", "tidak", "sum", "none"):
            row.fail("metadata", _("aggregasi harus jumlah atau tidak"))
        data = {
            "code": code, "name_id": row.text("nama", 300, required=True),
            "name_en": row.text("nama_en", 300),
            "concept": row.text("konsep", MAX_CELL), "definition": row.text("definisi", MAX_CELL),
            "unit": row.text("satuan", 40),
            "periodicity": row.choice("periode", list(Periodicity.values), Periodicity.TAHUNAN),
            "value_type": row.choice("jenis_nilai", list(ValueType.values), ValueType.DECIMAL),
            "min_value": low, "max_value": high, "is_percentage": row.boolean("persentase"),
            "pembina_id": pembina.pk if pembina else None, "activity_id": activity.pk if activity else None,
            "metadata": metadata,
        }  # fmt: skip

        def write(
            actor: Any, data: dict[str, Any] = data, chosen: list[Classification] = chosen
        ) -> tuple[bool, bool]:
            found = existing.get(data["code"])
            _obj, changed = services.indicator_save(
                actor=actor, indicator=found, data=data, classifications=chosen
            )
            return found is None, changed

        plan.append((label, write))
    return plan


def _plan_classifications(
    records: list[tuple[int | str, dict[str, Any]]], problems: list[Problem]
) -> list[tuple[Any, Write]]:
    existing = {c.code: c for c in Classification.objects.all()}
    groups: dict[str, dict[str, Any]] = {}
    for label, record in records:
        row = _Row(label, record, problems)
        code = row.code("klasifikasi", 20)
        head = {"code": code, "name": row.text("nama", 200, required=True),
                "description": row.text("keterangan", MAX_CELL),
                "source": row.text("sumber", 200)}  # fmt: skip
        group = groups.setdefault(code, {"label": label, "data": head, "items": [], "seen": {}})
        for field, column in (("name", "nama"), ("description", "keterangan"), ("source", "sumber")):
            if head[field] != group["data"][field]:
                row.fail(
                    column,
                    _("berbeda dengan baris %(row)s untuk klasifikasi yang sama") % {"row": group["label"]},
                )
        item_code = row.text("kode_butir", 40)
        item_label = row.text("label", 200)
        if item_code or item_label:
            if not item_code or not item_label:
                row.fail("kode_butir" if not item_code else "label", _("butir perlu kode dan label"))
            _duplicates(row, "kode_butir", item_code, group["seen"])
            group["items"].append({"code": item_code, "label": item_label, "parent": row.text("induk", 40),
                                   "order": row.integer("urutan", 0, 1_000_000) or 0})  # fmt: skip
    plan: list[tuple[Any, Write]] = []
    for code, group in groups.items():
        row = _Row(group["label"], {}, problems)
        codes = {i["code"] for i in group["items"]}
        for item in group["items"]:
            if item["parent"] and item["parent"] not in codes:
                row.fail("induk", _("induk %(code)s bukan butir klasifikasi ini") % {"code": item["parent"]})

        def write(actor: Any, code: str = code, group: dict[str, Any] = group) -> tuple[bool, bool]:
            found = existing.get(code)
            _obj, changed = services.classification_save(
                actor=actor, classification=found, data=group["data"], items=group["items"]
            )
            return found is None, changed

        plan.append((group["label"], write))
    return plan


def _plan_activities(
    records: list[tuple[int | str, dict[str, Any]]], problems: list[Problem]
) -> list[tuple[Any, Write]]:
    existing = {a.code: a for a in StatisticalActivity.objects.all()}
    orgs = {o.slug: o for o in Organization.objects.all()}
    seen: dict[str, int | str] = {}
    plan: list[tuple[Any, Write]] = []
    for label, record in records:
        row = _Row(label, record, problems)
        code = row.code("kode", 40)
        _duplicates(row, "kode", code, seen)
        organization = row.lookup("penyelenggara", orgs, _("instansi"))
        data = {
            "code": code, "title": row.text("judul", 300, required=True),
            "year": row.integer("tahun", 1900, 2100),
            "kind": row.choice("cara", ["", *StatisticalActivity.Kind.values], ""),
            "organization_id": organization.pk if organization else None,
            "romantik_id": row.text("romantik", 60), "metadata": row.mapping("metadata"),
        }  # fmt: skip

        def write(actor: Any, data: dict[str, Any] = data) -> tuple[bool, bool]:
            found = existing.get(data["code"])
            _obj, changed = services.activity_save(actor=actor, activity=found, data=data)
            return found is None, changed

        plan.append((label, write))
    return plan


_PLANNERS: dict[
    str, Callable[[list[tuple[int | str, dict[str, Any]]], list[Problem]], list[tuple[Any, Write]]]
] = {
    "indikator": _plan_indicators,
    "klasifikasi": _plan_classifications,
    "kegiatan": _plan_activities,
}
