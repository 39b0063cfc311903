"""The demo's Satu Data: datasets and values loaded through the ingest service, and the sample files."""

from __future__ import annotations

from typing import Any

import pytest

from simpul.datasets.models import Dataset, Observation
from simpul.ingest import demo
from simpul.ingest.models import IngestRun, RunStatus
from simpul.ingest.preview import indicator_from_caption
from simpul.ingest.reading import read_table
from simpul.ingest.samples import LAMPUNG, YEARS, value
from simpul.ingest.services import ingest_file
from simpul.organizations.models import Organization
from simpul.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_orgs(orgs: dict[str, Any]) -> dict[str, Any]:
    orgs["lamsel-kominfo"] = Organization.objects.create(
        slug="diskominfo-kabupaten-lampung-selatan",
        name="Dinas Kominfo Kabupaten Lampung Selatan",
        kind="opd",
        region=Region.objects.get(code="18.01"),
    )
    return orgs


def test_demo_data_loads_through_the_service_once(demo_orgs: dict[str, Any]) -> None:
    result = demo.load_demo_data()
    bps_cells = 4 * len(LAMPUNG) * len(YEARS)
    assert result["observations"] == bps_cells + len(LAMPUNG) * len(YEARS) + 2 * len(YEARS)
    welfare = Dataset.objects.get(slug="indikator-kesejahteraan-lampung")
    assert welfare.producer.slug == "bps-lampung"
    ipm = Observation.objects.get(dataset=welfare, indicator__code="IPM", region_id="18.72", period="2023")
    assert ipm.value == pytest.approx(value("IPM", "18.72", 2023))
    assert ipm.status == 2  # tetap
    assert ipm.run is not None
    assert ipm.run.status == RunStatus.COMMITTED
    assert Dataset.objects.get(slug="statistik-sektoral-lampung-selatan").spatial_coverage_id == "18.01"
    runs = IngestRun.objects.count()
    assert demo.load_demo_data() == {"observations": 0}  # idempotent
    assert IngestRun.objects.count() == runs


def test_sample_files_are_shipped_and_upload_into_the_dinkes_dataset(
    demo_orgs: dict[str, Any], make_user: Any
) -> None:
    demo.load_demo_data()
    dataset = Dataset.objects.get(slug="kesehatan-kabkota-lampung")
    produsen = make_user("produsen-dinkes", (demo_orgs["dinkes"], "produsen"))
    for name, content in demo.sample_files().items():
        assert (demo.SAMPLES_DIR / name).read_bytes() == content, f"regenerate {name}: write_sample_files()"
    csv_run = ingest_file(
        actor=produsen,
        dataset=dataset,
        content=(demo.SAMPLES_DIR / demo.SAMPLE_CSV).read_bytes(),
        file_name=demo.SAMPLE_CSV,
    )
    assert (csv_run.status, csv_run.inserted) == (RunStatus.COMMITTED, len(LAMPUNG))
    # The mapping step pre-selects AHH from the table's title ("Angka Harapan Hidup (tahun)").
    caption = read_table((demo.SAMPLES_DIR / demo.SAMPLE_XLSX).read_bytes(), file_name="x.xlsx").caption
    assert indicator_from_caption(caption, dataset) == "AHH"
    xlsx_run = ingest_file(
        actor=produsen,
        dataset=dataset,
        content=(demo.SAMPLES_DIR / demo.SAMPLE_XLSX).read_bytes(),
        file_name=demo.SAMPLE_XLSX,
        options={"defaults": {"indicator": "AHH"}},
    )
    assert xlsx_run.status == RunStatus.COMMITTED, xlsx_run.report
    assert xlsx_run.inserted == (len(LAMPUNG) + 1) * len(YEARS)  # with the province row
