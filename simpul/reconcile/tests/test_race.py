"""Two walidata decide the same conflict at the same moment, on separate database connections; a
producer re-uploads while the walidata verifies. Neither action is silently lost."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections

from simpul.reconcile import services
from simpul.reconcile.models import ConflictCase, Submission, SubmissionStatus


def _race(*actions: Callable[[], Any]) -> list[str]:
    barrier = threading.Barrier(len(actions))
    outcome: list[str] = []

    def go(action: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            action()
            outcome.append("ok")
        except services.StaleError:
            outcome.append("stale")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=go, args=(a,)) for a in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return sorted(outcome)


def test_two_walidata_decide_the_same_conflict(
    live_regions: None, flow: dict[str, Any], deliver: Any
) -> None:
    deliver("dinkes", 1)
    deliver("bps", 2)
    pk, version = ConflictCase.objects.values_list("pk", "version").get()
    choices = {"wali": flow["orgs"]["dinkes"], "wali2": flow["orgs"]["bps"]}

    def decide(key: str, user: Any) -> Callable[[], Any]:
        return lambda: services.conflict_decide(
            actor=user,
            case=ConflictCase.objects.get(pk=pk),
            producer=choices[key],
            reason=key,
            expected_version=version,
        )

    assert _race(decide("wali", flow["walidata"]), decide("wali2", flow["walidata2"])) == ["ok", "stale"]
    case = ConflictCase.objects.get(pk=pk)
    assert case.version == version + 1
    assert case.chosen_producer == choices[case.reason]  # the winner's choice, whole


def test_reupload_while_verifying(live_regions: None, flow: dict[str, Any], deliver: Any) -> None:
    sub = deliver("dinkes", 1)
    version = sub.version
    outcome: dict[str, Any] = {}

    def verify() -> None:
        services.submission_verify(
            actor=flow["walidata"], submission=Submission.objects.get(pk=sub.pk), expected_version=version
        )

    def reupload() -> None:
        outcome["new"] = deliver("dinkes", 2)

    results = _race(verify, reupload)
    sub.refresh_from_db()
    new = outcome["new"]
    assert new.status == SubmissionStatus.SUBMITTED  # the producer's upload always stands
    if results == ["ok", "ok"]:
        # verify came first; the re-upload then replaced the verified one, and was told so
        assert new.replaced_statuses == [SubmissionStatus.VERIFIED]
        assert sub.status == SubmissionStatus.SUPERSEDED
    else:
        assert results == ["ok", "stale"]  # the re-upload came first; the walidata was told
        assert sub.status == SubmissionStatus.SUPERSEDED


def test_two_producers_submit_at_once(live_regions: None, flow: dict[str, Any], deliver: Any) -> None:
    subs: list[Any] = []
    results = _race(lambda: subs.append(deliver("dinkes", 1)), lambda: subs.append(deliver("bps", 2)))
    assert results == ["ok", "ok"]
    assert len(subs) == 2
    case = ConflictCase.objects.get()
    assert sorted(case.candidates.values()) == [1, 2]
