"""The whole life cycle: plan, two producers submit different numbers, conflict, decision, publish,
correction, republish; with the audit trail, notifications and the public's view."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from simpul.core.models import AuditEntry
from simpul.datasets.models import Observation
from simpul.datasets.selectors import public_observations
from simpul.reconcile import selectors, services
from simpul.reconcile.models import (
    ConflictCase,
    ConflictStatus,
    IndicatorRule,
    Notification,
    PlanStatus,
    SubmissionStatus,
)


def _publish(flow: dict[str, Any], sub: Any) -> Any:
    w = flow["walidata"]
    sub = services.submission_verify(actor=w, submission=sub, expected_version=sub.version)
    return services.submission_publish(actor=w, submission=sub, expected_version=sub.version)


def test_plan_conflict_decide_publish_correct_republish(
    flow: dict[str, Any], deliver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    w = flow["walidata"]
    services.plan_agree(actor=w, plan=flow["dinkes_plan"], expected_version=1)
    assert flow["dinkes_plan"].status == PlanStatus.AGREED

    with django_capture_on_commit_callbacks(execute=True):
        dinkes = deliver("dinkes", 9_000_000)
    assert any("Setoran data baru" in m.subject for m in mail.outbox)  # walidata told by e-mail
    assert Notification.objects.filter(user=w, subject__contains="Setoran data baru").exists()
    assert not ConflictCase.objects.exists()  # one producer: nothing to reconcile
    bps = deliver("bps", 9_100_000)

    case = ConflictCase.objects.get()
    assert case.status == ConflictStatus.OPEN
    assert case.candidates == {
        str(flow["orgs"]["dinkes"].pk): 9_000_000,
        str(flow["orgs"]["bps"].pk): 9_100_000,
    }
    # Nothing is public before publication.
    assert not public_observations().exists()

    dinkes = services.submission_verify(actor=w, submission=dinkes, expected_version=dinkes.version)
    with pytest.raises(ValidationError, match="konflik"):
        services.submission_publish(actor=w, submission=dinkes, expected_version=dinkes.version)

    services.conflict_decide(
        actor=w, case=case, producer=flow["orgs"]["bps"], reason="Proyeksi BPS", expected_version=case.version
    )
    bps = _publish(flow, bps)
    services.submission_publish(actor=w, submission=dinkes, expected_version=dinkes.version)
    first_published = timezone.now()

    (official,) = selectors.official_values(indicator_ids=[flow["ind"].pk])
    assert official["value"] == 9_100_000
    assert official["source"]["slug"] == "bps-lampung"
    assert official["note"] == "Proyeksi BPS"
    assert "alternatives" not in official
    (with_alt,) = selectors.official_values(indicator_ids=[flow["ind"].pk], include_alternatives=True)
    assert [a["value"] for a in with_alt["alternatives"]] == [9_000_000]

    # Correction by BPS after publication: a new revision, not public until republished.
    correction = deliver("bps", 9_150_000)
    assert correction.status == SubmissionStatus.SUBMITTED
    bps.refresh_from_db()
    assert bps.status == SubmissionStatus.PUBLISHED  # a published submission is never replaced
    case.refresh_from_db()
    assert case.status == ConflictStatus.OPEN  # candidates changed: decide again
    assert selectors.official_values(indicator_ids=[flow["ind"].pk])[0]["value"] == 9_100_000
    services.conflict_decide(
        actor=w, case=case, producer=flow["orgs"]["bps"], reason="Revisi BPS", expected_version=case.version
    )
    _publish(flow, correction)
    assert selectors.official_values(indicator_ids=[flow["ind"].pk])[0]["value"] == 9_150_000
    # Published history stays readable; incremental sync sees only the correction.
    assert (
        selectors.official_values(indicator_ids=[flow["ind"].pk], as_of=first_published)[0]["value"]
        == 9_100_000
    )
    changed = selectors.official_values(indicator_ids=[flow["ind"].pk], updated_after=first_published)
    assert [v["value"] for v in changed] == [9_150_000]
    assert public_observations(updated_after=first_published).count() == 1
    assert Observation.objects.filter(producer=flow["orgs"]["bps"]).count() == 2

    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "reconcile.plan_agree",
        "reconcile.submit",
        "reconcile.conflict_detect",
        "reconcile.verify",
        "reconcile.conflict_decide",
        "reconcile.publish",
    } <= actions


def test_equal_values_are_no_conflict_and_rounding_is_flagged(flow: dict[str, Any], deliver: Any) -> None:
    deliver("dinkes", 100)
    deliver("bps", 100)
    assert not ConflictCase.objects.exists()
    IndicatorRule.objects.create(indicator=flow["ind"], tolerance=1)
    deliver("dinkes", 101)
    case = ConflictCase.objects.get()
    assert case.status == ConflictStatus.ROUNDING
    assert case.rule == "pembulatan"


def test_designated_source_decides_by_default(flow: dict[str, Any], deliver: Any) -> None:
    IndicatorRule.objects.create(indicator=flow["ind"], designated_source=flow["orgs"]["bps"])
    deliver("dinkes", 1)
    deliver("bps", 2)
    case = ConflictCase.objects.get()
    assert (case.status, case.rule, case.chosen_value) == (ConflictStatus.DECIDED, "default", 2)


def test_return_with_notes_then_resubmit(flow: dict[str, Any], deliver: Any) -> None:
    w = flow["walidata"]
    sub = deliver("dinkes", 5)
    with pytest.raises(ValidationError):
        services.submission_return(actor=w, submission=sub, expected_version=sub.version, notes=[" "])
    services.submission_return(
        actor=w, submission=sub, expected_version=sub.version, notes=["Satuan salah", "Periode salah"]
    )
    assert sub.status == SubmissionStatus.RETURNED
    assert list(sub.notes.values_list("text", flat=True)) == ["Satuan salah", "Periode salah"]
    assert Notification.objects.filter(user=flow["dinkes_user"], subject__contains="dikembalikan").exists()
    again = deliver("dinkes", 6)
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUPERSEDED
    assert again.status == SubmissionStatus.SUBMITTED


def test_priority_needs_pembina(flow: dict[str, Any], deliver: Any) -> None:
    item = flow["dinkes_item"]
    item.priority = True
    item.save()
    w, p = flow["walidata"], flow["pembina"]
    sub = deliver("dinkes", 5)
    sub = services.submission_verify(actor=w, submission=sub, expected_version=sub.version)
    with pytest.raises(ValidationError, match="pembina"):
        services.submission_publish(actor=w, submission=sub, expected_version=sub.version)
    with pytest.raises(PermissionDenied):
        services.submission_approve(actor=flow["dinkes_user"], submission=sub, expected_version=sub.version)
    sub = services.submission_approve(actor=p, submission=sub, expected_version=sub.version)
    services.submission_publish(actor=w, submission=sub, expected_version=sub.version)
    assert public_observations().count() == 1


def test_stale_versions_are_refused_with_a_message(flow: dict[str, Any], deliver: Any) -> None:
    deliver("dinkes", 1)
    deliver("bps", 2)
    case = ConflictCase.objects.get()
    seen = case.version
    services.conflict_decide(
        actor=flow["walidata"], case=case, producer=flow["orgs"]["dinkes"], reason="a", expected_version=seen
    )
    other = ConflictCase.objects.get()
    with pytest.raises(services.StaleError, match="sudah diubah orang lain"):
        services.conflict_decide(
            actor=flow["walidata2"],
            case=other,
            producer=flow["orgs"]["bps"],
            reason="b",
            expected_version=seen,
        )
    assert ConflictCase.objects.get().chosen_producer == flow["orgs"]["dinkes"]

    # The producer re-uploads while the walidata has the old submission open: verify is refused.
    sub = deliver("dinkes", 3)
    opened = sub.version
    deliver("dinkes", 4)
    with pytest.raises(services.StaleError):
        services.submission_verify(actor=flow["walidata"], submission=sub, expected_version=opened)


def test_plan_copy_forward(flow: dict[str, Any]) -> None:
    new = services.plan_copy_forward(actor=flow["dinkes_user"], plan=flow["dinkes_plan"])
    assert (new.year, new.status) == (2027, PlanStatus.DRAFT)
    (item,) = new.items.all()
    assert item.period == "2026"
    assert item.due_date.year == flow["dinkes_item"].due_date.year + 1


def test_producer_cannot_act_for_another_opd(flow: dict[str, Any], deliver: Any) -> None:
    sub = deliver("dinkes", 1)
    other = flow["kominfo_user"]
    assert not selectors.submissions_visible(other).filter(pk=sub.pk).exists()
    assert selectors.submissions_visible(flow["dinkes_user"]).filter(pk=sub.pk).exists()
    with pytest.raises(PermissionDenied):
        services.submission_create(actor=other, item=flow["dinkes_item"])
    with pytest.raises(PermissionDenied):
        services.submission_verify(actor=flow["dinkes_user"], submission=sub, expected_version=sub.version)
    with pytest.raises(PermissionDenied):
        services.plan_agree(actor=flow["dinkes_user"], plan=flow["dinkes_plan"], expected_version=1)
