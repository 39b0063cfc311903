"""Reads of evaluations: who may see or act on which, per-layer answers, final levels, scores, progress.

Visibility:
- admins see every evaluation;
- the instansi's own people (koordinator SPBE, penanggung jawab, operator, asesor internal, pimpinan)
  see the evaluations of their organization *or of any organization above it* (an OPD's operator works
  on the pemda's evaluation);
- asesor eksternal and tim reviu see the evaluations their organization was assigned to
  (EvaluationAccess with their role);
- another instansi's evaluation is invisible (selectors return nothing, views answer 404).

Final level of an indicator: the level of the last *valid* layer. Layers run mandiri -> verifikasi ->
eksternal -> reviu. The external level stands unless the Tim Reviu marked it Tidak Valid; then the
reviewer's corrected level counts if given, otherwise the verified level (or the self-assessed one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from simpul.organizations.choices import Role
from simpul.organizations.models import Organization
from simpul.organizations.permissions import is_admin, roles_of

from . import evidence as evidence_checks
from . import selectors
from .models import Answer, Evaluation, EvaluationAccess, Evidence, Layer, Verdict
from .scoring import ScoreResult, score
from .spec import FrameworkSpec

INSTANSI_ROLES = (
    Role.KOORDINATOR_SPBE,
    Role.PENANGGUNG_JAWAB,
    Role.OPERATOR,
    Role.ASESOR_INTERNAL,
    Role.PIMPINAN,
)
ASSIGNED_ROLES = (Role.ASESOR_EKSTERNAL, Role.TIM_REVIU)
LAYER_ORDER = (Layer.MANDIRI, Layer.VERIFIKASI, Layer.EKSTERNAL, Layer.REVIU)


def _ancestors() -> dict[int, int | None]:
    return dict(Organization.objects.values_list("id", "parent_id"))


def instansi_ids(user: Any, *roles: str) -> set[int]:
    """Organizations where the user holds one of `roles`, there or in an organization below it."""
    held = {oid for oid, role in roles_of(user) if role in roles}
    if not held:
        return set()
    parents = _ancestors()
    result: set[int] = set()
    for oid in held:
        current: int | None = oid
        while current is not None and current not in result:
            result.add(current)
            current = parents.get(current)
    return result


def acts_for_instansi(user: Any, evaluation: Evaluation, *roles: str) -> bool:
    """The user holds one of `roles` for the evaluation's instansi (admins always do)."""
    return is_admin(user) or evaluation.instansi_id in instansi_ids(user, *roles)


def assigned(user: Any, evaluation: Evaluation, role: str) -> bool:
    """The user is an asesor eksternal / tim reviu of an organization assigned to this evaluation."""
    if is_admin(user):
        return True
    orgs = {oid for oid, r in roles_of(user) if r == role}
    return (
        bool(orgs)
        and EvaluationAccess.objects.filter(
            evaluation=evaluation, role=role, organization_id__in=orgs
        ).exists()
    )


def visible_evaluations(user: Any) -> QuerySet[Evaluation]:
    qs = Evaluation.objects.select_related("framework", "instansi")
    if is_admin(user):
        return qs
    own = instansi_ids(user, *INSTANSI_ROLES)
    pairs = [(oid, role) for oid, role in roles_of(user) if role in ASSIGNED_ROLES]
    condition = Q(instansi_id__in=own)
    for oid, role in pairs:
        condition |= Q(accesses__organization_id=oid, accesses__role=role)
    if not own and not pairs:
        return qs.none()
    return qs.filter(condition).distinct()


def get_visible(user: Any, pk: int) -> Evaluation | None:
    return visible_evaluations(user).filter(pk=pk).first()


def finished_evaluations() -> QuerySet[Evaluation]:
    """Public: finished evaluations only."""
    return Evaluation.objects.filter(status="selesai").select_related("framework", "instansi")


# --- answers, final levels, scores -----------------------------------------------------------------


def answers_by_layer(evaluation: Evaluation) -> dict[str, dict[int, Answer]]:
    """{layer: {indicator number: Answer}}."""
    result: dict[str, dict[int, Answer]] = {layer: {} for layer in Layer.values}
    for answer in Answer.objects.filter(evaluation=evaluation).select_related("indicator", "updated_by"):
        result[answer.layer][answer.indicator.number] = answer
    return result


def final_level(layers: dict[str, Answer | None]) -> int | None:
    """The last valid layer's level (see the module docstring)."""
    review = layers.get(Layer.REVIU)
    external = layers.get(Layer.EKSTERNAL)
    if review is not None and review.verdict == Verdict.TIDAK_VALID:
        if review.level:
            return review.level
        external = None
    for layer in (external, layers.get(Layer.VERIFIKASI), layers.get(Layer.MANDIRI)):
        if layer is not None and layer.level:
            return layer.level
    return None


def layer_levels(answers: dict[str, dict[int, Answer]], layer: str) -> dict[int, int]:
    return {number: a.level for number, a in answers[layer].items() if a.level}


def final_levels(spec: FrameworkSpec, answers: dict[str, dict[int, Answer]]) -> dict[int, int]:
    result = {}
    for number in spec.indicator_numbers():
        level = final_level({layer: answers[layer].get(number) for layer in Layer.values})
        if level:
            result[number] = level
    return result


def complete_score(spec: FrameworkSpec, levels: dict[int, int]) -> ScoreResult | None:
    """Scores when every indicator has a level; None while any is missing."""
    if set(levels) != set(spec.indicator_numbers()):
        return None
    return score(spec, levels)


@dataclass
class Overview:
    evaluation: Evaluation
    spec: FrameworkSpec
    answers: dict[str, dict[int, Answer]]
    scores: dict[
        str, ScoreResult | None
    ]  # per layer with levels (mandiri, verifikasi, eksternal) and "final"
    final: dict[int, int]
    progress: list[dict[str, Any]]  # per domain: number, name, answered, total (for the current layer)
    evidence: dict[int, list[Evidence]]


def current_layer(evaluation: Evaluation) -> str:
    return {
        "mandiri": Layer.MANDIRI,
        "verifikasi": Layer.VERIFIKASI,
        "eksternal": Layer.EKSTERNAL,
        "reviu": Layer.REVIU,
    }.get(evaluation.status, Layer.REVIU)


def layer_done(answer: Answer | None, layer: str) -> bool:
    if answer is None:
        return False
    if layer == Layer.REVIU:
        return bool(answer.verdict)
    if layer == Layer.EKSTERNAL:
        return bool(answer.level and answer.justification.strip())
    return bool(answer.level)


def reference_date(evaluation: Evaluation) -> date:
    """The day evidence freshness is judged on: the finishing day, or today while work goes on."""
    moment = evaluation.finished_at or timezone.now()
    return timezone.localdate(moment)


def overview(evaluation: Evaluation) -> Overview:
    spec = selectors.framework_spec(evaluation.framework)
    answers = answers_by_layer(evaluation)
    scores: dict[str, ScoreResult | None] = {
        layer: complete_score(spec, layer_levels(answers, layer))
        for layer in (Layer.MANDIRI, Layer.VERIFIKASI, Layer.EKSTERNAL)
    }
    final = final_levels(spec, answers)
    scores["final"] = complete_score(spec, final)
    layer = current_layer(evaluation)
    progress = []
    for domain in spec.domains:
        numbers = [i.number for a in domain.aspects for i in a.indicators]
        done = sum(1 for n in numbers if layer_done(answers[layer].get(n), layer))
        progress.append(
            {
                "number": domain.number,
                "name": domain.name,
                "answered": done,
                "total": len(numbers),
                "percent": round(100 * done / len(numbers)) if numbers else 0,
            }
        )
    evidence: dict[int, list[Evidence]] = {}
    on = reference_date(evaluation)
    for item in Evidence.objects.filter(evaluation=evaluation).select_related("indicator"):
        item.stale = evidence_checks.is_stale(item.document_date, on)  # type: ignore[attr-defined]
        evidence.setdefault(item.indicator.number, []).append(item)
    return Overview(evaluation, spec, answers, scores, final, progress, evidence)


def missing(evaluation: Evaluation, layer: str) -> list[int]:
    """Indicator numbers the layer has not completed yet."""
    spec_numbers = list(evaluation.framework.indicators.order_by("number").values_list("number", flat=True))
    answers = {
        a.indicator.number: a
        for a in Answer.objects.filter(evaluation=evaluation, layer=layer).select_related("indicator")
    }
    return [n for n in spec_numbers if not layer_done(answers.get(n), layer)]


# --- what a user may do (used by services to refuse, by views to show forms) ------------------------

LAYER_STATUS: dict[str, str] = {
    Layer.MANDIRI: "mandiri",
    Layer.VERIFIKASI: "verifikasi",
    Layer.EKSTERNAL: "eksternal",
    Layer.REVIU: "reviu",
}


def may_write_layer(user: Any, evaluation: Evaluation, layer: str) -> bool:
    """Only the layer's own role, only while the evaluation is at that layer."""
    if evaluation.status != LAYER_STATUS.get(layer):
        return False
    if layer == Layer.MANDIRI:
        return acts_for_instansi(user, evaluation, Role.OPERATOR, Role.ASESOR_INTERNAL)
    if layer == Layer.VERIFIKASI:
        return acts_for_instansi(user, evaluation, Role.PENANGGUNG_JAWAB)
    if layer == Layer.EKSTERNAL:
        return assigned(user, evaluation, Role.ASESOR_EKSTERNAL)
    if layer == Layer.REVIU:
        return assigned(user, evaluation, Role.TIM_REVIU)
    return False


def may_advance(user: Any, evaluation: Evaluation) -> bool:
    """May close the current stage (submit mandiri, verify, finish external assessment, finish review)."""
    if evaluation.status == "mandiri":
        return acts_for_instansi(user, evaluation, Role.OPERATOR, Role.ASESOR_INTERNAL, Role.KOORDINATOR_SPBE)
    if evaluation.status in LAYER_STATUS.values():
        return may_write_layer(user, evaluation, current_layer(evaluation))
    return False


def may_assign(user: Any, evaluation: Evaluation) -> bool:
    return acts_for_instansi(user, evaluation, Role.KOORDINATOR_SPBE) and evaluation.status != "selesai"


def openable_instansi(user: Any) -> QuerySet[Organization]:
    """Where the user may open an evaluation: organizations where they are koordinator SPBE (admin: pemda)."""
    if is_admin(user):
        return Organization.objects.filter(kind="pemda")
    ids = {oid for oid, role in roles_of(user) if role == Role.KOORDINATOR_SPBE}
    return Organization.objects.filter(pk__in=ids)
