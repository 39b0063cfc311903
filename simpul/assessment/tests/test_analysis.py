"""Analysis of one evaluation: gap to the target, next-level criteria, gains, strengths/weaknesses,
recommendations, and a recommendation turned into a follow-up."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from simpul.assessment import analysis
from simpul.assessment.models import Recommendation
from simpul.assessment.scoring import round_half_up, score
from simpul.core.models import AuditEntry
from simpul.followups.models import FollowUp, SourceKind

from .analysis_helpers import finished_evaluation


def test_gains_are_weight_over_total_and_recommendations_take_the_heaviest(spbe_spec: Any) -> None:
    levels = dict.fromkeys(spbe_spec.indicator_numbers(), 3)
    result = analysis.analyse(spbe_spec, levels, Decimal("3.50"))
    for item in result.indicators:
        assert item.index_gain == item.spec.weight / spbe_spec.total_weight
        assert item.next_level == 4
        assert item.next_criterion == item.spec.criteria[3]  # level 4's criterion
    # indicators 42-47 weigh 3.00, the most: each step is worth 0.03
    assert [i.number for i in result.recommendations] == [42, 43, 44, 45, 46]
    assert result.recommendations[0].gain_shown == Decimal("0.030")
    assert result.index is not None
    assert result.index.rounded == Decimal("3.00")
    assert result.gap == Decimal("0.50")
    assert result.target_reached is False
    assert result.strengths == []
    assert result.weaknesses == []


def test_plan_is_the_fewest_steps_to_the_target(spbe_spec: Any) -> None:
    levels = dict.fromkeys(spbe_spec.indicator_numbers(), 3)
    levels.update({42: 5, 43: 4})
    result = analysis.analyse(spbe_spec, levels, Decimal("3.50"))
    assert result.plan_reaches_target
    # the index after the plan is what a full rescoring of the raised levels gives
    raised = dict(levels)
    for step in result.plan:
        raised[step.indicator.number] = step.to_level
    after = score(spbe_spec, raised).index
    assert after.value == result.plan[-1].index_after
    assert after.rounded >= Decimal("3.50")
    # no plan with one step fewer reaches the target: even the k-1 largest possible gains fall short
    gains = sorted(
        (
            i.weight / spbe_spec.total_weight
            for i in spbe_spec.indicators()
            for _ in range(5 - levels[i.number])
        ),
        reverse=True,
    )
    best_shorter = score(spbe_spec, levels).index.value + sum(gains[: len(result.plan) - 1], Fraction(0))
    assert round_half_up(best_shorter, 2) < Decimal("3.50")
    # the heaviest first (3.00; among equal weights the lower level first; 42 is at 5 already),
    # then the 2.75 ones
    assert [(s.indicator.number, s.to_level) for s in result.plan[:10]] == [
        (44, 4),
        (44, 5),
        (45, 4),
        (45, 5),
        (46, 4),
        (46, 5),
        (47, 4),
        (47, 5),
        (43, 5),
        (32, 4),
    ]


def test_strengths_weaknesses_and_level_five(spbe_spec: Any) -> None:
    levels = dict.fromkeys(spbe_spec.indicator_numbers(), 3)
    levels.update({1: 5, 2: 4, 3: 1, 4: 2, 47: 5})
    result = analysis.analyse(spbe_spec, levels, Decimal("2.00"))
    assert [i.number for i in result.strengths] == [1, 2, 47]
    assert [i.number for i in result.weaknesses] == [3, 4]  # level 1 before level 2
    top = next(i for i in result.indicators if i.number == 47)
    assert top.next_level is None
    assert top.index_gain == 0
    assert top.next_criterion == ""
    assert 47 not in [i.number for i in result.recommendations]
    assert result.target_reached is True
    assert result.plan == []


def test_incomplete_levels_show_no_index_but_still_gains(spbe_spec: Any) -> None:
    levels = {n: 2 for n in spbe_spec.indicator_numbers() if n > 5}
    result = analysis.analyse(spbe_spec, levels, Decimal("3.00"))
    assert not result.complete
    assert result.missing == [1, 2, 3, 4, 5]
    assert result.index is None
    assert result.gap is None
    unanswered = next(i for i in result.indicators if i.number == 1)
    assert unanswered.level is None
    assert unanswered.next_level is None


def _finished(frameworks: dict[str, Any], orgs: dict[str, Any]) -> Any:
    levels = {n: 3 for n in range(1, 48)}
    levels.update({10: 1, 42: 2})
    return finished_evaluation(frameworks["spbe-2020"], orgs["prov"], 2024, levels, target="3.50")


def test_page_shows_gap_next_criterion_and_recommendations(
    client: Any, frameworks: dict[str, Any], orgs: dict[str, Any]
) -> None:
    evaluation = _finished(frameworks, orgs)
    response = client.get(reverse("penilaian:analysis", args=[evaluation.pk]))  # public: finished
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-recommendation="42"' in html
    assert "Jadikan tindak lanjut" not in html  # anonymous: no button
    detail = 'href="{}"'.format(reverse("penilaian:detail", args=[evaluation.pk]))
    assert detail not in html  # nor a link to the private evaluation page
    criterion = frameworks["spbe-2020"].indicators.get(number=42).criteria.get(level=3).text
    assert criterion in html
    data = client.get(reverse("penilaian:analysis", args=[evaluation.pk]), {"format": "json"}).json()
    assert data["target"] == 3.5
    assert data["gap"] > 0
    assert data["target_reached"] is False
    assert data["recommendations"][0]["number"] == 42
    assert data["recommendations"][0]["next_level"] == 3
    assert data["weaknesses"][:2] == [10, 42]


def test_unfinished_evaluation_analysis_is_not_public(
    client: Any, evaluation: Any, people: dict[str, Any]
) -> None:
    url = reverse("penilaian:analysis", args=[evaluation.pk])
    assert client.get(url).status_code == 404
    client.force_login(people["other_koordinator"])
    assert client.get(url).status_code == 404
    client.force_login(people["operator"])
    response = client.get(url)
    assert response.status_code == 200
    assert "data-incomplete" in response.content.decode()


def test_recommendation_becomes_a_followup_owned_by_the_instansi(
    client: Any, frameworks: dict[str, Any], orgs: dict[str, Any], people: dict[str, Any]
) -> None:
    evaluation = _finished(frameworks, orgs)
    client.force_login(people["koordinator"])
    page = client.get(reverse("penilaian:analysis", args=[evaluation.pk])).content.decode()
    assert "Jadikan tindak lanjut" in page
    assert 'href="{}"'.format(reverse("penilaian:detail", args=[evaluation.pk])) in page
    response = client.post(
        reverse("penilaian:analysis-followup", args=[evaluation.pk]),
        {"indicator": "42", "due_date": "2026-03-31"},
    )
    followup = FollowUp.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("pantau:followup-detail", args=[followup.pk])
    assert followup.owner_organization == orgs["prov"]
    assert followup.source_kind == SourceKind.SPBE_RECOMMENDATION
    assert followup.source_object_type == "assessment.evaluation"
    assert followup.source_object_id == str(evaluation.pk)
    assert followup.due_date.isoformat() == "2026-03-31"
    assert followup.priority == "tinggi"  # level 2 is a weakness
    assert "tingkat 3" in followup.description
    recommendation = Recommendation.objects.get()
    assert (recommendation.from_level, recommendation.to_level) == (2, 3)
    assert AuditEntry.objects.filter(action="assessment.recommendation_followup").count() == 1
    assert AuditEntry.objects.filter(action="followup.create").count() == 1
    # the page now links the follow-up instead of offering the button again
    page = client.get(reverse("penilaian:analysis", args=[evaluation.pk])).content.decode()
    assert "data-followup-done" in page
    # a second time is refused, nothing more is created
    with pytest.raises(ValidationError):
        analysis.recommendation_to_followup(
            actor=people["koordinator"], evaluation=evaluation, indicator_number=42
        )
    assert FollowUp.objects.count() == 1


def test_followup_refused_for_roles_that_may_not_create(
    client: Any, frameworks: dict[str, Any], orgs: dict[str, Any], people: dict[str, Any]
) -> None:
    evaluation = _finished(frameworks, orgs)
    for who in ("operator", "other_koordinator", "eksternal"):
        with pytest.raises(PermissionDenied):
            analysis.recommendation_to_followup(actor=people[who], evaluation=evaluation, indicator_number=42)
    client.force_login(people["operator"])
    response = client.post(reverse("penilaian:analysis-followup", args=[evaluation.pk]), {"indicator": "42"})
    assert response.status_code == 403
    assert not FollowUp.objects.exists()
    # pimpinan of the instansi may; the default due date is 90 days out
    recommendation = analysis.recommendation_to_followup(
        actor=people["pimpinan"], evaluation=evaluation, indicator_number=10
    )
    assert recommendation.followup.owner_organization == orgs["prov"]
    assert recommendation.followup.priority == "tinggi"


def test_level_five_indicator_cannot_become_a_followup(
    frameworks: dict[str, Any], orgs: dict[str, Any], people: dict[str, Any]
) -> None:
    evaluation = finished_evaluation(frameworks["spbe-2020"], orgs["prov"], 2023, 5)
    with pytest.raises(ValidationError):
        analysis.recommendation_to_followup(
            actor=people["koordinator"], evaluation=evaluation, indicator_number=1
        )
    assert not FollowUp.objects.exists()
