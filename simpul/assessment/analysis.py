"""Analysis of one evaluation: gap to the target (IKU), what the next level needs, strengths, weaknesses,
recommendations, and turning a recommendation into a follow-up (tindak lanjut) in Pantau.

The computation (`analyse`) is pure: a FrameworkSpec, indicator levels and a target in, plain data out.
Index gains come from the pure scoring (`scoring.score`): the index with the indicator one level higher
minus the index as it is. Because the index is sum(level x weight) / total, one level step of indicator i
always adds weight_i / total, whatever the other levels; the scoring call makes that true by construction
rather than by a second formula.

`recommendation_to_followup` is the one write here: it creates the follow-up through
`simpul.followups.services.followup_create` (owner = the evaluated instansi, source kind
spbe_recommendation) and links it to a `Recommendation` row, once per evaluation and indicator.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core.audit import record, snapshot
from simpul.organizations.choices import Role

from . import evaluations as ev
from .models import Evaluation, Indicator, Recommendation
from .scoring import Score, round_half_up, score
from .spec import FrameworkSpec, IndicatorSpec

STRENGTH_MIN = 4  # levels 4-5 are strengths
WEAKNESS_MAX = 2  # levels 1-2 are weaknesses
RECOMMENDATIONS = 5  # how many recommendations the page proposes
FOLLOWUP_DAYS = 90  # default due date of a follow-up made from a recommendation
FOLLOWUP_ROLES = (Role.KOORDINATOR_SPBE, Role.PIMPINAN)


@dataclass(frozen=True)
class IndicatorAnalysis:
    spec: IndicatorSpec
    domain_number: int
    domain_name: str
    aspect_number: int
    level: int | None  # the final level (None: not answered yet)
    level_name: str
    next_level: int | None  # None at level 5 or when unanswered
    next_level_name: str
    next_criterion: str  # "what the next level needs"
    index_gain: Fraction  # index gain if this indicator rises one level (0 at level 5)
    domain_gain: Fraction

    @property
    def number(self) -> int:
        return self.spec.number

    @property
    def gain_shown(self) -> Decimal:
        """The gain to three decimals (two would hide the differences between weights)."""
        return round_half_up(self.index_gain, 3)


@dataclass(frozen=True)
class Step:
    indicator: IndicatorAnalysis
    to_level: int
    index_after: Fraction


@dataclass
class Analysis:
    spec: FrameworkSpec
    complete: bool
    missing: list[int]
    index: Score | None
    domains: dict[int, Score]
    target: Decimal | None
    gap: Decimal | None  # target - index (rounded); positive = below the target
    target_reached: bool | None
    indicators: list[IndicatorAnalysis]
    strengths: list[IndicatorAnalysis]
    weaknesses: list[IndicatorAnalysis]
    recommendations: list[IndicatorAnalysis]
    plan: list[Step] = field(default_factory=list)  # fewest level steps to reach the target
    plan_reaches_target: bool = False


def _gain_order(item: IndicatorAnalysis) -> tuple[Fraction, int, int]:
    # largest index gain first; among equal gains the lower level first, then the indicator number
    return (-item.index_gain, item.level or 0, item.number)


def analyse(
    spec: FrameworkSpec,
    levels: dict[int, int],
    target: Decimal | None = None,
    *,
    recommendations: int = RECOMMENDATIONS,
) -> Analysis:
    """Everything the analysis page shows, from the final levels (possibly incomplete) and the target."""
    numbers = spec.indicator_numbers()
    missing = [n for n in numbers if n not in levels]
    complete = not missing
    # Gains are differences, so they need a complete profile; missing levels count as 1 only for that.
    base_levels = {n: levels.get(n, 1) for n in numbers}
    base = score(spec, base_levels)
    result = score(spec, levels) if complete else None
    items: list[IndicatorAnalysis] = []
    for domain in spec.domains:
        for aspect in domain.aspects:
            for indicator in aspect.indicators:
                level = levels.get(indicator.number)
                scale = spec.scale(indicator.scale)
                nxt = level + 1 if level is not None and level < 5 else None
                index_gain = domain_gain = Fraction(0)
                if nxt is not None:
                    raised = score(spec, {**base_levels, indicator.number: nxt})
                    index_gain = raised.index.value - base.index.value
                    domain_gain = raised.domains[domain.number].value - base.domains[domain.number].value
                items.append(
                    IndicatorAnalysis(
                        spec=indicator,
                        domain_number=domain.number,
                        domain_name=domain.name,
                        aspect_number=aspect.number,
                        level=level,
                        level_name=scale.level_name(level) if level else "",
                        next_level=nxt,
                        next_level_name=scale.level_name(nxt) if nxt else "",
                        next_criterion=indicator.criteria[nxt - 1] if nxt else "",
                        index_gain=index_gain,
                        domain_gain=domain_gain,
                    )
                )
    strengths = [i for i in items if i.level is not None and i.level >= STRENGTH_MIN]
    weaknesses = sorted(
        (i for i in items if i.level is not None and i.level <= WEAKNESS_MAX),
        key=lambda i: (i.level or 0, -i.index_gain, i.number),
    )
    candidates = sorted((i for i in items if i.next_level is not None), key=_gain_order)
    analysis = Analysis(
        spec=spec,
        complete=complete,
        missing=missing,
        index=result.index if result else None,
        domains=dict(result.domains) if result else {},
        target=target,
        gap=None,
        target_reached=None,
        indicators=items,
        strengths=strengths,
        weaknesses=weaknesses,
        recommendations=candidates[:recommendations],
    )
    if result is not None and target is not None:
        shown = result.index.rounded
        analysis.gap = (target - shown).quantize(Decimal("0.01"))
        analysis.target_reached = shown >= target
        if not analysis.target_reached:
            analysis.plan, analysis.plan_reaches_target = _plan(spec, levels, items, target)
    return analysis


def _plan(
    spec: FrameworkSpec, levels: dict[int, int], items: list[IndicatorAnalysis], target: Decimal
) -> tuple[list[Step], bool]:
    """The fewest one-level steps that lift the shown index to the target.

    Every step of indicator i adds the same weight_i / total (its `index_gain`, taken from the scoring),
    so taking the heaviest indicators first (each up to level 5) needs the fewest steps. The index after
    each step is the scored index plus the exact gains so far (tests check it against a full rescoring).
    """
    current = dict(levels)
    value = score(spec, current).index.value
    order = sorted(items, key=_gain_order)
    steps: list[Step] = []
    for item in order:
        while current[item.number] < 5:
            current[item.number] += 1
            value += item.index_gain
            steps.append(Step(item, current[item.number], value))
            if round_half_up(value, spec.decimals) >= target:
                return steps, True
    return steps, False


def for_evaluation(evaluation: Evaluation) -> tuple[ev.Overview, Analysis]:
    overview = ev.overview(evaluation)
    target = Decimal(evaluation.target_index) if evaluation.target_index is not None else None
    return overview, analyse(overview.spec, overview.final, target)


# --- who may see it, and the one write ---------------------------------------------------------------


def get_visible(user: Any, pk: int) -> Evaluation | None:
    """The evaluation if the user may see it; a finished evaluation's results are public."""
    return ev.get_visible(user, pk) or ev.finished_evaluations().filter(pk=pk).first()


def may_make_followup(user: Any, evaluation: Evaluation) -> bool:
    """Koordinator SPBE or pimpinan of the instansi (or an admin)."""
    return ev.acts_for_instansi(user, evaluation, *FOLLOWUP_ROLES)


def existing_followups(evaluation: Evaluation) -> dict[int, Recommendation]:
    """{indicator number: Recommendation} already turned into follow-ups."""
    return {
        r.indicator.number: r
        for r in Recommendation.objects.filter(evaluation=evaluation).select_related("indicator", "followup")
    }


def recommendation_text(item: IndicatorAnalysis) -> str:
    return _(
        "Naikkan indikator %(n)s (%(name)s) dari tingkat %(level)s ke tingkat %(next)s (%(next_name)s). "
        "Yang dibutuhkan: %(criterion)s"
    ) % {
        "n": item.number,
        "name": item.spec.name,
        "level": item.level,
        "next": item.next_level,
        "next_name": item.next_level_name,
        "criterion": item.next_criterion,
    }


def recommendation_to_followup(
    *,
    actor: Any,
    evaluation: Evaluation,
    indicator_number: int,
    due_date: datetime.date | None = None,
) -> Recommendation:
    """Create a follow-up owned by the instansi for raising one indicator a level; once per indicator."""
    from simpul.followups import services as followups
    from simpul.followups.models import Priority, SourceKind

    if get_visible(actor, evaluation.pk) is None or not may_make_followup(actor, evaluation):
        raise PermissionDenied(
            _("Hanya Koordinator SPBE atau pimpinan instansi ini yang dapat membuat tindak lanjut.")
        )
    _overview, analysis = for_evaluation(evaluation)
    item = next((i for i in analysis.indicators if i.number == indicator_number), None)
    if item is None:
        raise ValidationError(_("Indikator tidak dikenal."))
    if item.next_level is None:
        raise ValidationError(
            _("Indikator %(n)s sudah di tingkat tertinggi atau belum dinilai.") % {"n": indicator_number}
        )
    if Recommendation.objects.filter(evaluation=evaluation, indicator__number=indicator_number).exists():
        raise ValidationError(
            _("Rekomendasi indikator %(n)s sudah dijadikan tindak lanjut.") % {"n": indicator_number}
        )
    due = due_date or timezone.localdate() + datetime.timedelta(days=FOLLOWUP_DAYS)
    text = recommendation_text(item)
    try:
        with transaction.atomic():
            recommendation = Recommendation(
                evaluation=evaluation,
                indicator=Indicator.objects.get(framework=evaluation.framework_id, number=indicator_number),
                from_level=item.level or 0,
                to_level=item.next_level,
                text=text,
                created_by=actor,
            )
            followup = followups.followup_create(
                actor=actor,
                title=(
                    _("SPBE %(year)s: naikkan indikator %(n)s ke tingkat %(next)s")
                    % {"year": evaluation.year, "n": indicator_number, "next": item.next_level}
                )[:200],
                owner_organization=evaluation.instansi,
                due_date=due,
                description=text,
                source_kind=SourceKind.SPBE_RECOMMENDATION,
                source_object_type="assessment.evaluation",
                source_object_id=str(evaluation.pk),
                priority=Priority.TINGGI if (item.level or 0) <= WEAKNESS_MAX else Priority.SEDANG,
            )
            recommendation.followup = followup
            recommendation.save()
            record(
                actor=actor,
                action="assessment.recommendation_followup",
                obj=evaluation,
                after=snapshot(recommendation),
            )
    except IntegrityError as exc:  # a simultaneous click made it first
        raise ValidationError(
            _("Rekomendasi indikator %(n)s sudah dijadikan tindak lanjut.") % {"n": indicator_number}
        ) from exc
    return recommendation
