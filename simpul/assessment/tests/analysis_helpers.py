"""Helpers for the analysis, comparison and import tests: finished evaluations without the whole workflow."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from simpul.assessment.models import Answer, Evaluation, Layer


def finished_evaluation(
    framework: Any,
    instansi: Any,
    year: int,
    levels: int | dict[int, int],
    *,
    target: str | None = None,
    status: str = "selesai",
) -> Evaluation:
    """A finished evaluation whose external layer holds `levels` (an int for all, or {number: level})."""
    evaluation = Evaluation.objects.create(
        framework=framework,
        instansi=instansi,
        year=year,
        status=status,
        target_index=Decimal(target) if target else None,
        finished_at=timezone.now() if status == "selesai" else None,
    )
    indicators = list(framework.indicators.order_by("number"))
    Answer.objects.bulk_create(
        Answer(
            evaluation=evaluation,
            indicator=i,
            layer=Layer.EKSTERNAL,
            level=levels if isinstance(levels, int) else levels.get(i.number, 3),
            justification="uji",
        )
        for i in indicators
    )
    return evaluation
