"""Shared helpers for the evaluation tests."""

from __future__ import annotations

from typing import Any

from simpul.assessment import services
from simpul.assessment.models import Layer

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def fill(evaluation: Any, actor: Any, layer: str, level: int | dict[int, int], **extra: Any) -> None:
    for number in range(1, 48):
        lv = level if isinstance(level, int) else level.get(number, 3)
        services.save_answer(
            actor=actor, evaluation=evaluation, indicator_number=number, layer=layer, level=lv, **extra
        )


def advance(evaluation: Any, actor: Any) -> Any:
    evaluation.refresh_from_db()
    return services.advance(actor=actor, evaluation=evaluation, version=evaluation.version)


def through_external(evaluation: Any, people: dict[str, Any]) -> None:
    fill(evaluation, people["operator"], Layer.MANDIRI, 4, fakta="Perda 1/2024", analisis="Lengkap")
    advance(evaluation, people["operator"])
    advance(evaluation, people["pj"])
    fill(
        evaluation, people["eksternal"], Layer.EKSTERNAL, 3, justification="Dokumen belum mengatur integrasi"
    )
    advance(evaluation, people["eksternal"])
