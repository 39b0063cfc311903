"""Demo Satu Data: real-looking indicators, three datasets, and values for Lampung's 15 kab/kota,
2019-2024, loaded through the ingest service (so every value has a run, a revision and an audit entry).

Called at the end of `simpul.core.demo.load_demo`; idempotent. The values are made up but plausible
(`samples.value`); the sample files a demo user can upload are under `fixtures/samples/`
(`write_sample_files` writes them again).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from simpul.datasets.models import Dataset
from simpul.organizations.models import Organization
from simpul.regions.models import Region
from simpul.standards.models import Indicator, Periodicity, ValueType

from .models import IngestRun
from .samples import LAMPUNG, YEARS, bps_wide_xlsx, long_csv
from .services import ingest_file


@dataclass(frozen=True)
class DemoIndicator:
    code: str
    name: str
    unit: str
    value_type: str
    definition: str
    min_value: float | None = 0
    max_value: float | None = None
    is_percentage: bool = False


INDICATORS = [
    DemoIndicator("PDDK", "Jumlah penduduk", "jiwa", ValueType.INTEGER,
                  "Banyaknya orang yang berdomisili di suatu wilayah pada pertengahan tahun."),
    DemoIndicator("IPM", "Indeks Pembangunan Manusia", "indeks", ValueType.DECIMAL,
                  "Indeks komposit umur panjang dan hidup sehat, pengetahuan, dan standar hidup layak.",
                  max_value=100),
    DemoIndicator("KMSK", "Persentase penduduk miskin", "persen", ValueType.DECIMAL,
                  "Persentase penduduk dengan pengeluaran per kapita per bulan di bawah garis kemiskinan.",
                  max_value=100, is_percentage=True),
    DemoIndicator("APK-SMA", "Angka Partisipasi Kasar SMA/sederajat", "persen", ValueType.DECIMAL,
                  "Murid SMA/SMK/MA dibagi penduduk usia 16-18 tahun, dikali 100 (dapat melebihi 100).",
                  max_value=200, is_percentage=True),
    DemoIndicator("KES.PUSKESMAS", "Jumlah puskesmas", "unit", ValueType.INTEGER,
                  "Banyaknya pusat kesehatan masyarakat (rawat inap dan non rawat inap) yang beroperasi."),
    DemoIndicator("AHH", "Angka harapan hidup saat lahir", "tahun", ValueType.DECIMAL,
                  "Rata-rata lama hidup yang diperkirakan bagi bayi yang baru lahir.", max_value=100),
]  # fmt: skip

# slug, title, producer, topic, coverage, indicators loaded, indicators left for the sample uploads
DATASETS = [
    ("indikator-kesejahteraan-lampung", "Indikator Kesejahteraan Rakyat Kabupaten/Kota di Lampung",
     "bps-lampung", "Sosial dan kependudukan", "18", ["PDDK", "IPM", "KMSK", "APK-SMA"], []),
    ("kesehatan-kabkota-lampung", "Indikator Kesehatan Kabupaten/Kota di Lampung",
     "dinkes-lampung", "Kesehatan", "18", ["KES.PUSKESMAS"], ["AHH"]),
    ("statistik-sektoral-lampung-selatan", "Statistik Sektoral Kabupaten Lampung Selatan",
     "diskominfo-kabupaten-lampung-selatan", "Statistik sektoral", "18.01", ["PDDK", "IPM"], []),
]  # fmt: skip

SAMPLES_DIR = Path(settings.BASE_DIR) / "fixtures" / "samples"
SAMPLE_CSV = "puskesmas-kabkota-lampung-2025.csv"
SAMPLE_XLSX = "bps-angka-harapan-hidup-lampung-2019-2024.xlsx"


def _indicators() -> dict[str, Indicator]:
    found = {}
    for spec in INDICATORS:
        ind, _created = Indicator.objects.get_or_create(
            code=spec.code,
            defaults={
                "name_id": spec.name,
                "unit": spec.unit,
                "value_type": spec.value_type,
                "definition": spec.definition,
                "min_value": spec.min_value,
                "max_value": spec.max_value,
                "is_percentage": spec.is_percentage,
                "periodicity": Periodicity.TAHUNAN,
            },
        )
        found[spec.code] = ind
    return found


@transaction.atomic
def load_demo_data() -> dict[str, int]:
    indicators = _indicators()
    loaded = 0
    for slug, title, producer_slug, topic, coverage, codes, later in DATASETS:
        producer = Organization.objects.filter(slug=producer_slug).first()
        if producer is None:
            continue
        region = Region.objects.get(code=coverage)
        dataset, _created = Dataset.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "description": f"{title}, {YEARS[0]}–{YEARS[-1]}. "
                "Data contoh untuk demo Simpul (bukan angka resmi).",
                "producer": producer,
                "topic": topic,
                "spatial_coverage": region,
                "temporal_start": str(YEARS[0]),
                "temporal_end": str(YEARS[-1]),
                "update_schedule": Periodicity.TAHUNAN,
            },
        )
        dataset.indicators.add(*(indicators[c] for c in codes + later))
        if IngestRun.objects.filter(dataset=dataset).exists():
            continue
        regions = [r for r in LAMPUNG if r[0] == coverage] if coverage != "18" else LAMPUNG
        run = ingest_file(
            actor=None,
            system=True,
            dataset=dataset,
            content=long_csv(codes, regions=regions),
            file_name=f"{slug}-{YEARS[0]}-{YEARS[-1]}.csv",
            options={"status": "tetap"},
        )
        if run.status != "tersimpan":  # a demo that does not load is a bug: say so loudly
            raise RuntimeError(f"demo data for {slug} was refused: {run.report}")
        loaded += run.inserted
    return {"observations": loaded}


def sample_files() -> dict[str, bytes]:
    """The files a demo produsen of Dinkes can upload into `kesehatan-kabkota-lampung`."""
    return {
        SAMPLE_CSV: long_csv(["KES.PUSKESMAS"], [2025]),
        SAMPLE_XLSX: bps_wide_xlsx("AHH", "Angka Harapan Hidup (tahun)"),
    }


def write_sample_files(directory: Path = SAMPLES_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in sample_files().items():
        path = directory / name
        path.write_bytes(content)
        written.append(path)
    return written
