"""Transitions, permissions per role, version conflicts and evidence checks of the follow-up services."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from simpul.core.audit import history
from simpul.followups import rules, selectors, services
from simpul.followups.models import Disposition, DispositionStatus, FollowUpStatus

from .conftest import in_days

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def upload(name: str, content: bytes, ctype: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=ctype)


# -- create ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["gubernur", "kadis", "koordinator", "walidata", "admin"])
def test_leaders_coordinators_walidata_and_admins_create(
    who: str, people: dict[str, Any], orgs: dict[str, Any]
) -> None:
    fu = services.followup_create(
        actor=people[who],
        title="Lengkapi data stunting",
        owner_organization=orgs["dinkes"],
        due_date=in_days(5),
    )
    assert fu.status == FollowUpStatus.BARU
    assert fu.version == 1
    assert fu.created_by == people[who]
    assert history(fu).filter(action="followup.create").count() == 1


@pytest.mark.parametrize("who", ["staf", "operator", "asesor", "bps", "nobody"])
def test_other_roles_cannot_create(who: str, people: dict[str, Any], orgs: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.followup_create(
            actor=people[who], title="x", owner_organization=orgs["kominfo"], due_date=in_days(5)
        )


def test_owner_person_must_belong_to_owner_organization(people: dict[str, Any], orgs: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as err:
        services.followup_create(
            actor=people["gubernur"],
            title="x",
            owner_organization=orgs["kominfo"],
            owner_person=people["bps"],
            due_date=in_days(5),
        )
    assert "owner_person" in err.value.message_dict


def test_owner_person_is_emailed(
    people: dict[str, Any], orgs: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.followup_create(
            actor=people["gubernur"],
            title="Rapat evaluasi",
            owner_organization=orgs["kominfo"],
            owner_person=people["staf"],
            due_date=in_days(5),
        )
    assert [m.to for m in mail.outbox] == [["staf@example.test"]]
    assert "Rapat evaluasi" in mail.outbox[0].subject


# -- dispose ---------------------------------------------------------------------------------------


def test_governor_disposes_to_agencies_below(
    people: dict[str, Any], orgs: dict[str, Any], followup: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        made = services.dispose(
            actor=people["gubernur"],
            followup=followup,
            instruction="koordinasikan",
            note="Libatkan Dinkes",
            to_organizations=[orgs["kominfo"], orgs["dinkes"]],
        )
    assert [d.status for d in made] == [DispositionStatus.BELUM_DIBACA] * 2
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.DIPROSES
    # every member of the receiving organizations who has an address hears about it
    recipients = sorted(addr for m in mail.outbox for addr in m.to)
    assert recipients == sorted(
        ["kadis@example.test", "staf@example.test", "walidata@example.test", "dinkes@example.test"]
    )
    assert history(made[0]).filter(action="disposition.create").exists()


def test_governor_cannot_dispose_outside_his_tree(
    people: dict[str, Any], orgs: dict[str, Any], followup: Any
) -> None:
    with pytest.raises(ValidationError, match="Lampung Selatan"):
        services.dispose(
            actor=people["gubernur"],
            followup=followup,
            instruction="diketahui",
            to_organizations=[orgs["lamsel"]],
        )
    assert not Disposition.objects.exists()


@pytest.mark.parametrize("who", ["kepala_bps", "staf", "bps", "koordinator", "nobody"])
def test_who_may_not_dispose_first(
    who: str, people: dict[str, Any], orgs: dict[str, Any], followup: Any
) -> None:
    with pytest.raises(PermissionDenied):
        services.dispose(
            actor=people[who], followup=followup, instruction="diketahui", to_organizations=[orgs["kominfo"]]
        )


def test_head_of_owner_disposes_to_own_staff(people: dict[str, Any], followup: Any) -> None:
    (d,) = services.dispose(
        actor=people["kadis"], followup=followup, instruction="siapkan_bahan", to_users=[people["staf"]]
    )
    assert d.to_user == people["staf"]
    assert d.parent is None
    orgs_ok, users_ok = rules.disposition_targets(people["kadis"], followup)
    assert people["bps"] not in users_ok


def test_dispose_needs_a_recipient_and_an_instruction(
    people: dict[str, Any], orgs: dict[str, Any], followup: Any
) -> None:
    with pytest.raises(ValidationError):
        services.dispose(actor=people["gubernur"], followup=followup, instruction="diketahui")
    with pytest.raises(ValidationError):
        services.dispose(
            actor=people["gubernur"],
            followup=followup,
            instruction="bebas",
            to_organizations=[orgs["kominfo"]],
        )


# -- read, re-dispose, process, complete -----------------------------------------------------------


def test_recipient_opening_marks_read_once(people: dict[str, Any], followup: Any, to_kominfo: Any) -> None:
    assert services.mark_read(actor=people["gubernur"], followup=followup) == 0  # the sender
    assert services.mark_read(actor=people["admin"], followup=followup) == 0  # an admin browsing
    assert services.mark_read(actor=people["bps"], followup=followup) == 0  # another organization
    to_kominfo.refresh_from_db()
    assert to_kominfo.status == DispositionStatus.BELUM_DIBACA
    assert services.mark_read(actor=people["staf"], followup=followup) == 1
    assert services.mark_read(actor=people["operator"], followup=followup) == 0
    to_kominfo.refresh_from_db()
    assert to_kominfo.status == DispositionStatus.DIBACA
    assert to_kominfo.read_by == people["staf"]
    assert to_kominfo.read_at is not None
    assert to_kominfo.version == 2
    assert history(to_kominfo).filter(action="disposition.read").count() == 1


def test_recipient_redisposes_down_to_people_of_own_organization(
    people: dict[str, Any], orgs: dict[str, Any], followup: Any, to_kominfo: Any
) -> None:
    (child,) = services.dispose(
        actor=people["kadis"],
        followup=followup,
        parent=to_kominfo,
        expected_version=to_kominfo.version,
        instruction="laporkan",
        to_users=[people["staf"]],
    )
    assert child.parent == to_kominfo
    to_kominfo.refresh_from_db()
    assert to_kominfo.status == DispositionStatus.DIPROSES  # acting on it counts as processing
    # not sideways to another agency, not to people elsewhere
    for to_orgs, to_users in (([orgs["dinkes"]], []), ([], [people["bps"]])):
        with pytest.raises(ValidationError):
            services.dispose(
                actor=people["kadis"],
                followup=followup,
                parent=to_kominfo,
                instruction="laporkan",
                to_organizations=to_orgs,
                to_users=to_users,
            )
    with pytest.raises(PermissionDenied):
        services.dispose(
            actor=people["dinkes"],
            followup=followup,
            parent=to_kominfo,
            instruction="laporkan",
            to_users=[people["staf"]],
        )


def test_redisposition_to_a_child_organization(
    people: dict[str, Any], orgs: dict[str, Any], followup: Any, make_user: Any
) -> None:
    """A disposition to the province may go down to its agencies."""
    (to_prov,) = services.dispose(
        actor=people["admin"], followup=followup, instruction="diketahui", to_organizations=[orgs["prov"]]
    )
    (child,) = services.dispose(
        actor=people["koordinator"],
        followup=followup,
        parent=to_prov,
        instruction="ditindaklanjuti",
        to_organizations=[orgs["dinkes"]],
    )
    assert child.to_organization == orgs["dinkes"]


def test_process_then_complete_with_evidence(
    people: dict[str, Any], followup: Any, to_kominfo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    d = services.disposition_process(actor=people["staf"], disposition=to_kominfo, expected_version=1)
    assert d.status == DispositionStatus.DIPROSES
    assert d.read_at is not None
    assert d.version == 2
    with django_capture_on_commit_callbacks(execute=True):
        d = services.disposition_complete(
            actor=people["staf"],
            disposition=d,
            expected_version=2,
            note="Perkada sudah terbit",
            evidence=upload("perkada.png", PNG, "image/png"),
        )
    d.refresh_from_db()
    assert d.status == DispositionStatus.SELESAI
    assert d.completed_by == people["staf"]
    assert d.evidence.name.endswith(".png")
    assert d.evidence.read() == PNG
    assert [m.to for m in mail.outbox] == [["gubernur@example.test"]]
    assert [e.action for e in history(d).order_by("id")] == [
        "disposition.create",
        "disposition.process",
        "disposition.complete",
    ]
    with pytest.raises(services.ConflictError):
        services.disposition_process(actor=people["staf"], disposition=d, expected_version=d.version)


def test_only_recipients_act(people: dict[str, Any], to_kominfo: Any) -> None:
    for who in ("bps", "kepala_bps", "gubernur", "dinkes", "nobody"):
        with pytest.raises(PermissionDenied):
            services.disposition_process(actor=people[who], disposition=to_kominfo, expected_version=1)
        with pytest.raises(PermissionDenied):
            services.disposition_complete(
                actor=people[who], disposition=to_kominfo, expected_version=1, note="x"
            )
    # an admin may act (the audit log says who did)
    services.disposition_process(actor=people["admin"], disposition=to_kominfo, expected_version=1)


def test_disposition_to_a_person_is_only_theirs(people: dict[str, Any], followup: Any) -> None:
    (d,) = services.dispose(
        actor=people["kadis"], followup=followup, instruction="hadiri", to_users=[people["staf"]]
    )
    with pytest.raises(PermissionDenied):
        services.disposition_process(actor=people["operator"], disposition=d, expected_version=1)
    services.disposition_process(actor=people["staf"], disposition=d, expected_version=1)


def test_complete_needs_a_note(people: dict[str, Any], to_kominfo: Any) -> None:
    with pytest.raises(ValidationError):
        services.disposition_complete(
            actor=people["staf"], disposition=to_kominfo, expected_version=1, note=" "
        )


# -- evidence --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("laporan.pdf", b"Ini bukan PDF, hanya teks biasa.\n"),  # a fake PDF
        ("laporan.pdf", PNG),  # a PNG dressed as a PDF
        ("foto.jpg", PDF),
        ("skrip.html", b"<html><script>alert(1)</script></html>"),
        ("kosong.pdf", b""),
    ],
)
def test_evidence_is_checked_by_content(
    name: str, content: bytes, people: dict[str, Any], to_kominfo: Any
) -> None:
    with pytest.raises(ValidationError):
        services.disposition_complete(
            actor=people["staf"],
            disposition=to_kominfo,
            expected_version=1,
            note="selesai",
            evidence=upload(name, content),
        )
    to_kominfo.refresh_from_db()
    assert to_kominfo.status == DispositionStatus.BELUM_DIBACA
    assert not to_kominfo.evidence


@pytest.mark.parametrize(
    ("name", "content"), [("a.pdf", PDF), ("a.jpeg", JPEG), ("a.JPG", JPEG), ("tanpa-akhiran", PDF)]
)
def test_real_evidence_is_accepted(
    name: str, content: bytes, people: dict[str, Any], to_kominfo: Any
) -> None:
    d = services.disposition_complete(
        actor=people["staf"],
        disposition=to_kominfo,
        expected_version=1,
        note="ok",
        evidence=upload(name, content),
    )
    assert d.evidence


@override_settings(SIMPUL_FOLLOWUP_EVIDENCE_MAX_BYTES=1024)
def test_evidence_size_limit(people: dict[str, Any], to_kominfo: Any) -> None:
    with pytest.raises(ValidationError, match="terlalu besar"):
        services.disposition_complete(
            actor=people["staf"],
            disposition=to_kominfo,
            expected_version=1,
            note="ok",
            evidence=upload("besar.pdf", PDF + b"0" * 2048),
        )


# -- cancel ----------------------------------------------------------------------------------------


def test_sender_cancels_while_unread(people: dict[str, Any], to_kominfo: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.disposition_cancel(actor=people["staf"], disposition=to_kominfo, expected_version=1)
    d = services.disposition_cancel(actor=people["gubernur"], disposition=to_kominfo, expected_version=1)
    assert d.status == DispositionStatus.DIBATALKAN
    assert d.cancelled_at is not None
    # a cancelled disposition is no longer in anybody's inbox
    assert not selectors.addressed_to(user=people["staf"]).exists()


def test_cannot_cancel_once_read(people: dict[str, Any], followup: Any, to_kominfo: Any) -> None:
    services.mark_read(actor=people["staf"], followup=followup)
    with pytest.raises(services.ConflictError):
        services.disposition_cancel(actor=people["gubernur"], disposition=to_kominfo, expected_version=2)
    to_kominfo.refresh_from_db()
    assert to_kominfo.status == DispositionStatus.DIBACA


# -- optimistic concurrency ------------------------------------------------------------------------


def test_stale_cancel_after_the_recipient_read_it_is_refused(
    people: dict[str, Any], followup: Any, to_kominfo: Any
) -> None:
    seen_by_sender = to_kominfo.version  # the sender's page was loaded before the recipient opened it
    services.mark_read(actor=people["staf"], followup=followup)
    with pytest.raises(services.ConflictError, match="sudah diubah orang lain") as err:
        services.disposition_cancel(
            actor=people["gubernur"], disposition=to_kominfo, expected_version=seen_by_sender
        )
    assert "Dibaca" in str(err.value)
    to_kominfo.refresh_from_db()
    assert to_kominfo.status == DispositionStatus.DIBACA


def test_two_colleagues_completing_at_once_keep_the_first(people: dict[str, Any], to_kominfo: Any) -> None:
    version = to_kominfo.version  # both opened the form at the same version
    services.disposition_complete(
        actor=people["staf"], disposition=to_kominfo, expected_version=version, note="Saya"
    )
    with pytest.raises(services.ConflictError):
        services.disposition_complete(
            actor=people["operator"], disposition=to_kominfo, expected_version=version, note="Bukan saya"
        )
    to_kominfo.refresh_from_db()
    assert to_kominfo.completion_note == "Saya"
    assert to_kominfo.completed_by == people["staf"]


def test_stale_redisposition_is_refused(people: dict[str, Any], followup: Any, to_kominfo: Any) -> None:
    services.disposition_process(actor=people["staf"], disposition=to_kominfo, expected_version=1)
    with pytest.raises(services.ConflictError):
        services.dispose(
            actor=people["kadis"],
            followup=followup,
            parent=to_kominfo,
            expected_version=1,
            instruction="laporkan",
            to_users=[people["operator"]],
        )
    assert to_kominfo.children.count() == 0


# -- completing the follow-up ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staf", "kadis", "gubernur", "admin"])
def test_owner_side_completes_followup(who: str, people: dict[str, Any], followup: Any) -> None:
    fu = services.followup_complete(
        actor=people[who],
        followup=followup,
        expected_version=followup.version,
        note="Tuntas",
        evidence=upload("ba.pdf", PDF),
    )
    assert fu.status == FollowUpStatus.SELESAI
    assert fu.completed_at is not None
    assert fu.evidence


@pytest.mark.parametrize("who", ["bps", "kepala_bps", "dinkes", "nobody"])
def test_others_cannot_complete_followup(who: str, people: dict[str, Any], followup: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.followup_complete(actor=people[who], followup=followup, expected_version=1, note="x")


def test_followup_complete_version_conflict(
    people: dict[str, Any], orgs: dict[str, Any], followup: Any
) -> None:
    stale = followup.version
    services.dispose(
        actor=people["gubernur"],
        followup=followup,
        instruction="diketahui",
        to_organizations=[orgs["kominfo"]],
    )
    with pytest.raises(services.ConflictError):
        services.followup_complete(actor=people["staf"], followup=followup, expected_version=stale, note="x")
    followup.refresh_from_db()
    services.followup_complete(
        actor=people["staf"], followup=followup, expected_version=followup.version, note="x"
    )
    with pytest.raises(services.ConflictError):
        services.followup_complete(
            actor=people["staf"], followup=followup, expected_version=followup.version + 1, note="x"
        )
    with pytest.raises(PermissionDenied):  # nothing more to dispose once it is done
        services.dispose(
            actor=people["gubernur"],
            followup=followup,
            instruction="diketahui",
            to_organizations=[orgs["kominfo"]],
        )


def test_mail_failure_does_not_undo_the_action(
    people: dict[str, Any], orgs: dict[str, Any], followup: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with override_settings(EMAIL_BACKEND="simpul.followups.tests.test_services.BrokenBackend"):
        with django_capture_on_commit_callbacks(execute=True):
            services.dispose(
                actor=people["gubernur"],
                followup=followup,
                instruction="diketahui",
                to_organizations=[orgs["kominfo"]],
            )
    assert Disposition.objects.filter(followup=followup).count() == 1


class BrokenBackend:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise OSError("SMTP down")
