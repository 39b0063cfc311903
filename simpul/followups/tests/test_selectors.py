"""Who sees which follow-up, and the counters the dashboard shows."""

from __future__ import annotations

from typing import Any

from simpul.followups import selectors, services

from .conftest import in_days


def _titles(user: Any) -> set[str]:
    return set(selectors.visible_followups(user=user).values_list("title", flat=True))


def test_visibility_per_role(
    people: dict[str, Any], orgs: dict[str, Any], followup: Any, make_user: Any
) -> None:
    other = services.followup_create(
        actor=people["koordinator"],
        title="Data dinkes",
        owner_organization=orgs["dinkes"],
        due_date=in_days(3),
    )
    both = {followup.title, other.title}
    for who in ("gubernur", "kadis", "kepala_bps", "admin"):  # leaders and admins see the whole site
        assert _titles(people[who]) == both, who
    for who in ("staf", "operator", "asesor"):  # the owner organization
        assert _titles(people[who]) == {followup.title}, who
    assert _titles(people["koordinator"]) == {other.title}  # what they created
    assert _titles(people["dinkes"]) == {other.title}
    assert _titles(people["bps"]) == set()
    assert _titles(people["nobody"]) == set()
    # a disposition to Dinkes opens the governor's follow-up to Dinkes
    services.dispose(
        actor=people["gubernur"],
        followup=followup,
        instruction="diketahui",
        to_organizations=[orgs["dinkes"]],
    )
    assert _titles(people["dinkes"]) == both
    # a disposition to one BPS person opens it to that person, not to their organization
    services.dispose(
        actor=people["admin"], followup=followup, instruction="diketahui", to_users=[people["bps"]]
    )
    assert _titles(people["bps"]) == {followup.title}
    bps_colleague = make_user("rekan-bps", (orgs["bps"], "operator"))
    assert _titles(bps_colleague) == set()


def test_counters(people: dict[str, Any], orgs: dict[str, Any], followup: Any, to_kominfo: Any) -> None:
    late = services.followup_create(
        actor=people["gubernur"], title="Terlambat", owner_organization=orgs["kominfo"], due_date=in_days(-2)
    )
    (to_staf,) = services.dispose(
        actor=people["kadis"], followup=late, instruction="laporkan", to_users=[people["staf"]]
    )
    staf = people["staf"]
    assert selectors.counters(user=staf) == {"unread": 2, "not_followed_up": 2, "open": 2, "overdue": 1}
    services.mark_read(actor=staf, followup=late)
    assert selectors.counters(user=staf)["unread"] == 1
    assert selectors.counters(user=staf)["not_followed_up"] == 2
    services.disposition_process(actor=staf, disposition=to_staf, expected_version=2)
    assert selectors.counters(user=staf)["not_followed_up"] == 1
    # the operator shares the organization's disposition but not the one addressed to the staff member
    assert selectors.counters(user=people["operator"])["unread"] == 1
    assert selectors.counters(user=people["bps"]) == {
        "unread": 0,
        "not_followed_up": 0,
        "open": 0,
        "overdue": 0,
    }


def test_counts_by_organization(people: dict[str, Any], orgs: dict[str, Any], followup: Any) -> None:
    late = services.followup_create(
        actor=people["gubernur"], title="Terlambat", owner_organization=orgs["dinkes"], due_date=in_days(-1)
    )
    services.followup_create(
        actor=people["gubernur"], title="Dua", owner_organization=orgs["dinkes"], due_date=in_days(9)
    )
    services.followup_complete(actor=people["dinkes"], followup=late, expected_version=1, note="ok")
    rows = {r["organization"]: r for r in selectors.counts_by_organization(user=people["gubernur"])}
    assert rows[orgs["dinkes"].name] | {} == {
        "organization_id": orgs["dinkes"].pk,
        "organization": orgs["dinkes"].name,
        "total": 2,
        "open": 1,
        "overdue": 0,
        "done": 1,
    }
    assert rows[orgs["kominfo"].name]["open"] == 1
    # a Dinkes producer only counts what it may see
    assert [r["organization"] for r in selectors.counts_by_organization(user=people["dinkes"])] == [
        orgs["dinkes"].name
    ]


def test_trail_order_and_depth(
    people: dict[str, Any], orgs: dict[str, Any], followup: Any, to_kominfo: Any
) -> None:
    (to_dinkes,) = services.dispose(
        actor=people["gubernur"],
        followup=followup,
        instruction="diketahui",
        to_organizations=[orgs["dinkes"]],
    )
    (child,) = services.dispose(
        actor=people["kadis"],
        followup=followup,
        parent=to_kominfo,
        instruction="laporkan",
        to_users=[people["staf"]],
    )
    trail = selectors.trail(followup=followup)
    assert [(d.pk, getattr(d, "depth", None)) for d in trail] == [
        (to_kominfo.pk, 0),
        (child.pk, 1),
        (to_dinkes.pk, 0),
    ]
