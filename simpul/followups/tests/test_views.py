"""The pages under /pantau/tindak-lanjut/ as a user meets them (Django test client)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from simpul.followups import services
from simpul.followups.models import Disposition, DispositionStatus, FollowUp, FollowUpStatus

from .conftest import in_days

LIST = "/pantau/tindak-lanjut/"


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_nav_name_points_to_the_list() -> None:
    assert reverse("pantau:followups") == LIST


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


def test_empty_state_for_someone_without_follow_ups(people: dict[str, Any]) -> None:
    html = login(people["bps"]).get(LIST).content.decode()
    assert "Belum ada tindak lanjut" in html
    assert "Buat tindak lanjut" not in html  # a producer cannot create
    html = login(people["koordinator"]).get(LIST).content.decode()
    assert "Buat tindak lanjut pertama" in html


def test_list_counters_filters_and_json(
    people: dict[str, Any], orgs: dict[str, Any], followup: Any, to_kominfo: Any
) -> None:
    late = services.followup_create(
        actor=people["gubernur"],
        title="Laporan terlambat",
        owner_organization=orgs["dinkes"],
        due_date=in_days(-3),
    )
    gub = login(people["gubernur"])
    html = gub.get(LIST).content.decode()
    assert followup.title in html
    assert late.title in html
    assert "Per organisasi" in html
    html = gub.get(LIST, {"overdue": "on"}).content.decode()
    assert late.title in html
    assert followup.title not in html
    html = gub.get(LIST, {"q": "zzz-tidak-ada"}).content.decode()
    assert "Tidak ada tindak lanjut yang cocok" in html

    data = login(people["staf"]).get(LIST, {"format": "json"}).json()
    assert data["counters"] == {"unread": 1, "not_followed_up": 1, "open": 1, "overdue": 0}
    assert [r["title"] for r in data["results"]] == [followup.title]
    assert data["results"][0]["source"] == {"object_type": "assessment.evaluation", "object_id": "7"}
    assert data["by_organization"][0]["organization"] == orgs["kominfo"].name
    mine = login(people["dinkes"]).get(LIST, {"format": "json", "mine": "on"}).json()
    assert mine["results"] == []


def test_create_through_the_form(people: dict[str, Any], orgs: dict[str, Any]) -> None:
    client = login(people["walidata"])
    assert client.get(reverse("pantau:followup-create")).status_code == 200
    response = client.post(
        reverse("pantau:followup-create"),
        {
            "title": "Selesaikan konflik angka kemiskinan",
            "owner_organization": orgs["dinkes"].pk,
            "owner_person": people["staf"].pk,  # not a Dinkes member: refused with a message on the field
            "due_date": in_days(7).isoformat(),
            "priority": "mendesak",
            "source_kind": "data_conflict",
        },
    )
    assert response.status_code == 200
    assert "Penanggung jawab harus anggota organisasi penanggung jawab." in response.content.decode()
    response = client.post(
        reverse("pantau:followup-create"),
        {
            "title": "Selesaikan konflik angka kemiskinan",
            "owner_organization": orgs["dinkes"].pk,
            "owner_person": people["dinkes"].pk,
            "due_date": in_days(7).isoformat(),
            "priority": "mendesak",
            "source_kind": "data_conflict",
        },
    )
    fu = FollowUp.objects.get()
    assert response["Location"] == reverse("pantau:followup-detail", args=[fu.pk])
    assert fu.created_by == people["walidata"]
    assert fu.priority == "mendesak"
    assert login(people["staf"]).get(reverse("pantau:followup-create")).status_code == 403


def test_opening_the_detail_marks_it_read_for_the_recipient_only(
    people: dict[str, Any], followup: Any, to_kominfo: Any
) -> None:
    url = reverse("pantau:followup-detail", args=[followup.pk])
    login(people["gubernur"]).get(url)
    to_kominfo.refresh_from_db()
    assert to_kominfo.status == DispositionStatus.BELUM_DIBACA
    html = login(people["staf"]).get(url).content.decode()
    to_kominfo.refresh_from_db()
    assert to_kominfo.status == DispositionStatus.DIBACA
    assert "Jejak disposisi" in html
    assert "Mulai proses" in html
    assert "Batalkan" not in html  # already read, and not the sender anyway
    data = login(people["staf"]).get(url, {"format": "json"}).json()
    assert data["dispositions"][0]["status"] == "dibaca"
    assert data["dispositions"][0]["instruction_label"] == "Untuk ditindaklanjuti"
    assert login(people["bps"]).get(url).status_code == 404


def test_dispose_redispose_process_complete_by_pages(
    people: dict[str, Any], orgs: dict[str, Any], followup: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    gub = login(people["gubernur"])
    dispose_url = reverse("pantau:followup-dispose", args=[followup.pk])
    form_html = gub.get(dispose_url).content.decode()
    assert orgs["kominfo"].name in form_html
    assert orgs["lamsel"].name not in form_html  # only what lies below the governor
    response = gub.post(
        dispose_url, {"to_organizations": [orgs["kominfo"].pk], "instruction": "koordinasikan"}
    )
    assert response.status_code == 302
    first = Disposition.objects.get()

    kadis = login(people["kadis"])
    kadis.get(reverse("pantau:followup-detail", args=[followup.pk]))  # reads it
    first.refresh_from_db()
    redispose_url = reverse("pantau:disposition-redispose", args=[first.pk])
    assert people["staf"].username in kadis.get(redispose_url).content.decode()
    response = kadis.post(
        redispose_url,
        {
            "to_users": [people["staf"].pk],
            "instruction": "siapkan_bahan",
            "note": "Draf perkada",
            "version": first.version,
        },
    )
    assert response.status_code == 302
    second = Disposition.objects.get(parent=first)

    staf = login(people["staf"])
    staf.get(reverse("pantau:followup-detail", args=[followup.pk]))
    second.refresh_from_db()
    response = staf.post(reverse("pantau:disposition-process", args=[second.pk]), {"version": second.version})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == DispositionStatus.DIPROSES

    complete_url = reverse("pantau:disposition-complete", args=[second.pk])
    fake = SimpleUploadedFile("bukti.pdf", b"teks biasa, bukan PDF", content_type="application/pdf")
    response = staf.post(complete_url, {"note": "Selesai", "version": second.version, "evidence": fake})
    assert response.status_code == 200
    assert "PDF, PNG atau JPEG" in response.content.decode()
    second.refresh_from_db()
    assert second.status == DispositionStatus.DIPROSES

    real = SimpleUploadedFile("bukti.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    response = staf.post(complete_url, {"note": "Selesai", "version": second.version, "evidence": real})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == DispositionStatus.SELESAI

    evidence_url = reverse("pantau:disposition-evidence", args=[second.pk])
    download = gub.get(evidence_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert login(people["bps"]).get(evidence_url).status_code == 404

    response = login(people["kadis"]).post(
        reverse("pantau:followup-complete", args=[followup.pk]),
        {"note": "Perkada terbit", "version": FollowUp.objects.get().version},
    )
    assert response.status_code == 302
    assert FollowUp.objects.get().status == FollowUpStatus.SELESAI


def test_stale_cancel_shows_a_clear_message(people: dict[str, Any], followup: Any, to_kominfo: Any) -> None:
    gub = login(people["gubernur"])
    detail = reverse("pantau:followup-detail", args=[followup.pk])
    assert "Batalkan" in gub.get(detail).content.decode()  # the governor's page, version 1
    login(people["staf"]).get(detail)  # meanwhile the recipient opens it
    response = gub.post(
        reverse("pantau:disposition-cancel", args=[to_kominfo.pk]), {"version": 1}, follow=True
    )
    html = response.content.decode()
    assert "sudah diubah orang lain" in html
    to_kominfo.refresh_from_db()
    assert to_kominfo.status == DispositionStatus.DIBACA


def test_cancel_while_unread_by_page(people: dict[str, Any], followup: Any, to_kominfo: Any) -> None:
    response = login(people["gubernur"]).post(
        reverse("pantau:disposition-cancel", args=[to_kominfo.pk]), {"version": 1}, follow=True
    )
    assert "Disposisi dibatalkan." in response.content.decode()
    to_kominfo.refresh_from_db()
    assert to_kominfo.status == DispositionStatus.DIBATALKAN


@pytest.mark.parametrize("name", ["pantau:disposition-process", "pantau:disposition-cancel"])
def test_transitions_are_post_only(name: str, people: dict[str, Any], to_kominfo: Any) -> None:
    assert login(people["staf"]).get(reverse(name, args=[to_kominfo.pk])).status_code == 405
