"""Printable outputs of an evaluation: Berita Acara Penilaian Mandiri (PDF), report (PDF and XLSX).

PDFs are rendered by WeasyPrint from templates/assessment/pdf_*.html with the DejaVu fonts Debian ships
(fonts-dejavu-core); nothing is fetched from the network (a URL fetcher that refuses every URL).
"""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .evaluations import Overview
from .models import Layer
from .scoring import ScoreResult


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"external resource refused: {url}")


def answer_rows(overview: Overview) -> list[dict[str, Any]]:
    """One row per indicator with every layer's answer and the final level."""
    rows = []
    answers = overview.answers
    for domain in overview.spec.domains:
        for aspect in domain.aspects:
            for indicator in aspect.indicators:
                n = indicator.number
                layers = {layer: answers[layer].get(n) for layer in Layer.values}
                rows.append(
                    {
                        "number": n,
                        "domain": domain.name,
                        "aspect": aspect.name,
                        "name": indicator.name,
                        "weight": indicator.weight_text,
                        "layers": layers,
                        "final": overview.final.get(n),
                        "evidence": overview.evidence.get(n, []),
                    }
                )
    return rows


def score_rows(overview: Overview, key: str) -> list[dict[str, Any]]:
    result: ScoreResult | None = overview.scores.get(key)
    if result is None:
        return []
    rows = []
    for domain in overview.spec.domains:
        rows.append({"kind": "domain", "name": domain.name, "score": result.domains[domain.number]})
        rows.extend(
            {"kind": "aspect", "name": aspect.name, "score": result.aspects[aspect.number]}
            for aspect in domain.aspects
        )
    return rows


def _context(overview: Overview) -> dict[str, Any]:
    return {
        "evaluation": overview.evaluation,
        "spec": overview.spec,
        "overview": overview,
        "rows": answer_rows(overview),
        "mandiri_rows": score_rows(overview, Layer.MANDIRI),
        "final_rows": score_rows(overview, "final"),
        "generated": timezone.localtime(),
    }


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return bytes(HTML(string=html, url_fetcher=_no_fetch).write_pdf())


def berita_acara_pdf(overview: Overview) -> bytes:
    return _pdf("assessment/pdf_berita_acara.html", _context(overview))


def report_pdf(overview: Overview) -> bytes:
    return _pdf("assessment/pdf_report.html", _context(overview))


def _num(score: Any) -> float | None:
    return float(score.rounded) if score is not None else None


def report_xlsx(overview: Overview) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    number = book.add_format({"num_format": "0.00"})
    evaluation = overview.evaluation

    summary = book.add_worksheet(_("Ringkasan"))
    summary.set_column(0, 0, 42)
    summary.set_column(1, 4, 16)
    summary.write_row(0, 0, [_("Instansi"), str(evaluation.instansi)], bold)
    summary.write_row(1, 0, [_("Tahun"), evaluation.year])
    summary.write_row(2, 0, [_("Kerangka"), overview.spec.name])
    summary.write_row(3, 0, [_("Status"), str(evaluation.get_status_display())])
    summary.write_row(5, 0, [_("Lapisan"), _("Indeks"), _("Predikat")], bold)
    labels = [
        (Layer.MANDIRI, _("Penilaian mandiri")),
        (Layer.VERIFIKASI, _("Verifikasi")),
        (Layer.EKSTERNAL, _("Penilaian eksternal")),
        ("final", _("Hasil akhir")),
    ]
    for row, (key, label) in enumerate(labels, start=6):
        result = overview.scores.get(key)
        summary.write(row, 0, str(label))
        if result is not None:
            summary.write_number(row, 1, float(result.index.rounded), number)
            summary.write(row, 2, result.index.predicate)
    row = 11
    summary.write_row(row, 0, [_("Domain / aspek"), _("Skor akhir"), _("Predikat")], bold)
    for item in score_rows(overview, "final"):
        row += 1
        name = item["name"] if item["kind"] == "domain" else f"  {item['name']}"
        summary.write(row, 0, name)
        summary.write_number(row, 1, float(item["score"].rounded), number)
        summary.write(row, 2, item["score"].predicate)

    sheet = book.add_worksheet(_("Lembar jawaban"))
    headers = [
        _("Nomor"),
        _("Domain"),
        _("Aspek"),
        _("Indikator"),
        _("Bobot"),
        _("Tingkat mandiri"),
        _("Fakta"),
        _("Analisis"),
        _("Tingkat verifikasi"),
        _("Catatan verifikasi"),
        _("Tingkat eksternal"),
        _("Justifikasi hasil"),
        _("Hasil reviu"),
        _("Catatan reviu"),
        _("Tingkat akhir"),
        _("Bukti dukung"),
    ]
    sheet.write_row(0, 0, [str(h) for h in headers], bold)
    sheet.freeze_panes(1, 1)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 3, 30)
    sheet.set_column(6, 7, 40)
    sheet.set_column(11, 11, 40)
    sheet.set_column(13, 13, 30)
    sheet.set_column(15, 15, 40)
    for r, item in enumerate(answer_rows(overview), start=1):
        layers = item["layers"]

        def level(layer: str, layers: dict[str, Any] = layers) -> int | str:
            answer = layers.get(layer)
            return answer.level if answer is not None and answer.level else ""

        def text(layer: str, field: str, layers: dict[str, Any] = layers) -> str:
            answer = layers.get(layer)
            return str(getattr(answer, field)) if answer is not None else ""

        review = layers.get(Layer.REVIU)
        values: list[Any] = [
            item["number"],
            item["domain"],
            item["aspect"],
            item["name"],
            float(item["weight"].replace(",", ".")) if "/" not in item["weight"] else item["weight"],
            level(Layer.MANDIRI),
            text(Layer.MANDIRI, "fakta"),
            text(Layer.MANDIRI, "analisis"),
            level(Layer.VERIFIKASI),
            text(Layer.VERIFIKASI, "note"),
            level(Layer.EKSTERNAL),
            text(Layer.EKSTERNAL, "justification"),
            str(review.get_verdict_display()) if review is not None and review.verdict else "",
            text(Layer.REVIU, "note"),
            item["final"] or "",
            "; ".join(e.title + (f" <{e.url}>" if e.url else "") for e in item["evidence"]),
        ]
        for c, value in enumerate(values):
            if isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write(r, c, value, wrap)
    book.close()
    return buffer.getvalue()
