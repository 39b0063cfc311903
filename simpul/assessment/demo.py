"""Demo evaluations: spbe-2020 for Provinsi Lampung and three of its kab/kota, deterministic.

Call after `simpul.core.demo.load_demo()` (it needs the demo organizations). Idempotent: an evaluation
that already exists is left alone. Answers are written directly (bulk) with one audit entry per
evaluation, because this is seeded history, not user work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from simpul.core.audit import record
from simpul.organizations.choices import Role
from simpul.organizations.models import Organization

from .models import Answer, Evaluation, EvaluationAccess, Evidence, Framework, Layer, Verdict

CODE = "spbe-2020"
ASSESSOR_ORG = "asesor-eksternal-spbe"


@dataclass(frozen=True)
class Profile:
    slug: str
    year: int
    domains: dict[int, int]  # base level per domain
    status: str
    target: str


PROFILES = [
    # a mature province, finished last year
    Profile("pemprov-lampung", 2024, {1: 4, 2: 3, 3: 3, 4: 4}, "selesai", "3.50"),
    # the capital city, good services, weaker management
    Profile("pemda-kota-bandar-lampung", 2024, {1: 3, 2: 3, 3: 2, 4: 4}, "selesai", "3.00"),
    # a kabupaten early on its way
    Profile("pemda-kabupaten-lampung-selatan", 2024, {1: 2, 2: 2, 3: 1, 4: 3}, "selesai", "2.60"),
    # a small city with little in place
    Profile("pemda-kota-metro", 2024, {1: 2, 2: 1, 3: 1, 4: 2}, "selesai", "2.00"),
    # this year's self-assessment of the province, under way (the demo users work on it)
    Profile("pemprov-lampung", 2025, {1: 4, 2: 4, 3: 3, 4: 4}, "mandiri", "3.60"),
]

FAKTA = "Dokumen pendukung indikator {n}: {doc} (lihat berkas bukti dukung)."
ANALISIS = "Berdasarkan dokumen tersebut, kriteria tingkat {level} terpenuhi; tingkat {up} belum terpenuhi."
DOCS = [
    "Peraturan Gubernur/Bupati/Wali Kota",
    "Keputusan Kepala Daerah",
    "Laporan evaluasi",
    "Tangkapan layar",
]


def _clamp(level: int) -> int:
    return max(1, min(5, level))


def _mandiri_level(base: int, number: int) -> int:
    return _clamp(base + ((number * 7) % 5 - 2) // 2)


def _aware(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 10, 0, tzinfo=timezone.get_current_timezone())


@transaction.atomic
def load_demo_evaluations() -> dict[str, int]:
    """Create the demo evaluations that do not exist yet; returns counts."""
    framework = Framework.objects.filter(code=CODE).order_by("-valid_from").first()
    if framework is None:
        from .loaders import load_framework_files

        load_framework_files()
        framework = Framework.objects.filter(code=CODE).order_by("-valid_from").first()
    if framework is None:
        raise RuntimeError("framework spbe-2020 is not available")
    assessor = Organization.objects.filter(slug=ASSESSOR_ORG).first()
    indicators = list(framework.indicators.select_related("aspect__domain").order_by("number"))
    created = 0
    for profile in PROFILES:
        instansi = Organization.objects.filter(slug=profile.slug).first()
        if instansi is None:
            continue
        if Evaluation.objects.filter(framework=framework, instansi=instansi, year=profile.year).exists():
            continue
        created += 1
        y = profile.year
        finished = profile.status == "selesai"
        evaluation = Evaluation.objects.create(
            framework=framework,
            instansi=instansi,
            year=y,
            status=profile.status,
            target_index=Decimal(profile.target),
            submitted_at=_aware(y, 5, 31) if finished else None,
            verified_at=_aware(y, 6, 14) if finished else None,
            assessed_at=_aware(y, 8, 30) if finished else None,
            finished_at=_aware(y, 10, 15) if finished else None,
        )
        if assessor is not None:
            for role in (Role.ASESOR_EKSTERNAL, Role.TIM_REVIU):
                EvaluationAccess.objects.create(evaluation=evaluation, organization=assessor, role=role)
        answers: list[Answer] = []
        evidence: list[Evidence] = []
        # an evaluation under way has its first 30 indicators filled in
        todo = indicators if finished else indicators[:30]
        for indicator in todo:
            n = indicator.number
            level = _mandiri_level(profile.domains[indicator.aspect.domain.number], n)
            doc = DOCS[n % len(DOCS)]
            answers.append(
                Answer(
                    evaluation=evaluation,
                    indicator=indicator,
                    layer=Layer.MANDIRI,
                    level=level,
                    fakta=FAKTA.format(n=n, doc=doc),
                    analisis=ANALISIS.format(level=level, up=min(level + 1, 5)),
                )
            )
            evidence.append(
                Evidence(
                    evaluation=evaluation,
                    indicator=indicator,
                    title=f"{doc} ({n})",
                    url=f"https://jdih.example.go.id/{profile.slug}/{y}/{n}",
                    # every ninth document is older than two years, so it shows the freshness flag
                    document_date=date(y - (3 if n % 9 == 0 else 0), 1 + n % 12, 1 + n % 27),
                )
            )
            if not finished:
                continue
            verified = _clamp(level - 1) if n % 10 == 0 else level
            external = _clamp(verified - 1) if n % 4 == 0 else verified
            answers.append(
                Answer(
                    evaluation=evaluation,
                    indicator=indicator,
                    layer=Layer.VERIFIKASI,
                    level=verified,
                    note="Disetujui." if verified == level else "Bukti belum mencakup seluruh unit kerja.",
                )
            )
            answers.append(
                Answer(
                    evaluation=evaluation,
                    indicator=indicator,
                    layer=Layer.EKSTERNAL,
                    level=external,
                    justification=(
                        "Bukti dukung sesuai kriteria."
                        if external == verified
                        else f"Kriteria tingkat {verified} belum didukung bukti yang berlaku."
                    ),
                )
            )
            invalid = n % 11 == 0
            answers.append(
                Answer(
                    evaluation=evaluation,
                    indicator=indicator,
                    layer=Layer.REVIU,
                    verdict=Verdict.TIDAK_VALID if invalid else Verdict.VALID,
                    note="Justifikasi tidak sesuai bukti; tingkat dikoreksi." if invalid else "",
                    level=verified if invalid else None,
                )
            )
        Answer.objects.bulk_create(answers)
        Evidence.objects.bulk_create(evidence)
        record(actor=None, action="assessment.demo_evaluation_loaded", obj=evaluation)
    return {"evaluations": created}


__all__ = ["load_demo_evaluations"]
