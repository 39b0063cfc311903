"""Two people press "Selesaikan" on the same disposition at the same moment, on separate connections.

PostgreSQL serialises them with SELECT ... FOR UPDATE; SQLite with its immediate (write-locking)
transactions. Either way the second sees the first's new version and gets a conflict.
"""

from __future__ import annotations

import threading
from typing import Any

from django.db import connections

from simpul.followups import services
from simpul.followups.models import Disposition, DispositionStatus
from simpul.organizations.choices import Role

from .conftest import in_days


def test_simultaneous_completion_keeps_exactly_one(
    live_regions: None, make_user: Any, orgs: dict[str, Any]
) -> None:
    boss = make_user("gubernur", (orgs["prov"], Role.PIMPINAN))
    staff = [make_user(f"staf-{i}", (orgs["kominfo"], Role.PRODUSEN)) for i in range(2)]
    fu = services.followup_create(
        actor=boss, title="Balapan", owner_organization=orgs["kominfo"], due_date=in_days(3)
    )
    (d,) = services.dispose(
        actor=boss, followup=fu, instruction="laporkan", to_organizations=[orgs["kominfo"]]
    )
    barrier = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def press(user: Any) -> None:
        try:
            barrier.wait()
            services.disposition_complete(actor=user, disposition=d, expected_version=1, note=user.username)
            outcome[user.username] = "ok"
        except services.ConflictError:
            outcome[user.username] = "conflict"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press, args=(u,)) for u in staff]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcome.values()) == ["conflict", "ok"]
    d = Disposition.objects.get(pk=d.pk)
    winner = next(name for name, result in outcome.items() if result == "ok")
    assert d.status == DispositionStatus.SELESAI
    assert d.completion_note == winner
    assert d.version == 2
