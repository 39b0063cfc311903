"""Standard-data services: the edit rule per role, validation, audit, search index, and refusing to delete
what data still uses."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from simpul.catalog import search
from simpul.core.models import AuditEntry
from simpul.datasets.tests.factories import DatasetFactory
from simpul.standards import services
from simpul.standards.models import Classification, Indicator, StatisticalActivity

pytestmark = pytest.mark.django_db


def _data(**overrides: Any) -> dict[str, Any]:
    data = {"code": "TPT", "name_id": "Tingkat pengangguran terbuka", "name_en": "Open unemployment rate",
            "concept": "", "definition": "", "unit": "persen", "periodicity": "tahunan",
            "value_type": "desimal",
            "min_value": 0.0, "max_value": 100.0, "is_percentage": True, "pembina_id": None,
            "activity_id": None, "metadata": {"rumus": "penganggur / angkatan kerja x 100"}}  # fmt: skip
    return {**data, **overrides}


def test_pembina_creates_an_indicator_and_the_audit_log_has_it(pembina: Any, std: dict[str, Any]) -> None:
    ind, changed = services.indicator_save(
        actor=pembina, indicator=None, data=_data(), classifications=[std["jk"]]
    )
    assert changed
    assert ind.pk
    assert list(ind.classifications.values_list("code", flat=True)) == ["jk"]
    entry = AuditEntry.objects.get(action="indicator.create", object_id=str(ind.pk))
    assert entry.actor == pembina
    assert entry.after is not None
    assert entry.after["metadata"]["rumus"].startswith("penganggur")


def test_saving_the_same_values_again_changes_nothing(pembina: Any, std: dict[str, Any]) -> None:
    ind, _ = services.indicator_save(actor=pembina, indicator=None, data=_data(), classifications=[std["jk"]])
    _same, changed = services.indicator_save(
        actor=pembina, indicator=ind, data=_data(), classifications=[std["jk"]]
    )
    assert not changed
    assert AuditEntry.objects.filter(object_id=str(ind.pk), object_type="standards.indicator").count() == 1


@pytest.mark.parametrize("role_user", ["produsen", "anonymous"])
def test_only_pembina_may_create(role_user: str, produsen: Any, std: dict[str, Any]) -> None:
    from django.contrib.auth.models import AnonymousUser

    actor = produsen if role_user == "produsen" else AnonymousUser()
    with pytest.raises(PermissionDenied):
        services.indicator_save(actor=actor, indicator=None, data=_data(), classifications=[])
    assert not Indicator.objects.filter(code="TPT").exists()


def test_indicator_of_another_pembina_organization_is_refused(
    pembina: Any, pembina_dinkes: Any, orgs: dict[str, Any]
) -> None:
    ind, _ = services.indicator_save(
        actor=pembina, indicator=None, data=_data(pembina_id=orgs["bps"].pk), classifications=[]
    )
    with pytest.raises(PermissionDenied):
        services.indicator_save(
            actor=pembina_dinkes,
            indicator=ind,
            data=_data(pembina_id=orgs["bps"].pk, unit="%"),
            classifications=[],
        )
    ind.refresh_from_db()
    assert ind.unit == "persen"
    # nor may the other organization's pembina take the indicator over
    with pytest.raises(PermissionDenied):
        services.indicator_save(
            actor=pembina_dinkes,
            indicator=None,
            data=_data(code="X1", pembina_id=orgs["bps"].pk),
            classifications=[],
        )


def test_admin_may_edit_any_indicator(pembina: Any, make_user: Any, orgs: dict[str, Any]) -> None:
    admin = make_user("admin-kominfo", (orgs["kominfo"], "admin"))
    ind, _ = services.indicator_save(
        actor=pembina, indicator=None, data=_data(pembina_id=orgs["bps"].pk), classifications=[]
    )
    _ind, changed = services.indicator_save(
        actor=admin, indicator=ind, data=_data(pembina_id=orgs["bps"].pk, unit="%"), classifications=[]
    )
    assert changed
    assert Indicator.objects.get(pk=ind.pk).unit == "%"


def test_min_above_max_and_duplicate_code_are_refused(pembina: Any, std: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        services.indicator_save(
            actor=pembina, indicator=None, data=_data(min_value=10.0, max_value=1.0), classifications=[]
        )
    with pytest.raises(ValidationError):
        services.indicator_save(actor=pembina, indicator=None, data=_data(code="IPM"), classifications=[])
    assert not Indicator.objects.filter(code="TPT").exists()


def test_renaming_an_indicator_reaches_catalog_search(
    pembina: Any, std: dict[str, Any], orgs: dict[str, Any]
) -> None:
    dataset: Any = DatasetFactory(slug="ipm-lampung", title="Pembangunan manusia", producer=orgs["bps"])
    dataset.indicators.add(std["ipm"])
    search.sync_index()
    assert dataset.pk not in search.match_ids("kesejahteraan")
    ipm = std["ipm"]
    data = {f: getattr(ipm, f) for f in services.INDICATOR_FIELDS}
    services.indicator_save(
        actor=pembina,
        indicator=ipm,
        data={**data, "name_id": "Indeks kesejahteraan manusia"},
        classifications=[],
    )
    search.sync_index()
    assert dataset.pk in search.match_ids("kesejahteraan")


def test_classification_items_replace_the_list(pembina: Any) -> None:
    items = [{"code": "1", "label": "Laki-laki"}, {"code": "2", "label": "Perempuan"}]
    cls, _ = services.classification_save(
        actor=pembina,
        classification=None,
        data={"code": "jk2", "name": "JK", "description": "", "source": "BPS"},
        items=items,
    )
    services.classification_save(
        actor=pembina,
        classification=cls,
        data={"code": "jk2", "name": "JK", "description": "", "source": "BPS"},
        items=[items[0], {"code": "3", "label": "Lainnya", "parent": "1"}],
    )
    got = {i.code: (i.label, i.parent.code if i.parent else "") for i in cls.items.select_related("parent")}
    assert got == {"1": ("Laki-laki", ""), "3": ("Lainnya", "1")}


def test_classification_items_with_a_bad_parent_or_repeated_code_are_refused(pembina: Any) -> None:
    head = {"code": "ku2", "name": "KU", "description": "", "source": ""}
    for items in (
        [{"code": "1", "label": "a"}, {"code": "1", "label": "b"}],
        [{"code": "1", "label": "a", "parent": "9"}],
    ):
        with pytest.raises(ValidationError):
            services.classification_save(actor=pembina, classification=None, data=head, items=items)
    assert not Classification.objects.filter(code="ku2").exists()


def test_an_item_used_by_observations_cannot_be_removed(
    pembina: Any, std: dict[str, Any], upload: Any
) -> None:
    upload("indikator,wilayah,periode,jk,nilai\nPDDK,18.01,2023,1,100\nPDDK,18.01,2023,2,120\n")
    jk = std["jk"]
    with pytest.raises(ValidationError, match="dipakai"):
        services.classification_save(
            actor=pembina,
            classification=jk,
            data={"code": "jk", "name": jk.name, "description": "", "source": ""},
            items=[{"code": "1", "label": "Laki-laki"}],
        )
    assert set(jk.items.values_list("code", flat=True)) == {"1", "2"}


def test_deleting_what_is_used_is_refused_and_unused_is_deleted(
    pembina: Any, std: dict[str, Any], upload: Any
) -> None:
    upload("indikator,wilayah,periode,nilai\nIPM,18.01,2023,70.1\n")
    with pytest.raises(ValidationError, match="masih dipakai"):
        services.delete(actor=pembina, obj=std["ipm"])
    with pytest.raises(ValidationError, match="masih dipakai"):
        services.delete(actor=pembina, obj=std["jk"])  # PDDK allows jk
    assert Indicator.objects.filter(code="IPM").exists()
    services.delete(actor=pembina, obj=std["inflasi"])
    assert not Indicator.objects.filter(code="INFL").exists()
    assert AuditEntry.objects.filter(action="indicator.delete").count() == 1


def test_activity_needs_a_pembina(pembina: Any, produsen: Any) -> None:
    data = {"code": "SUSENAS-2024", "title": "Survei Sosial Ekonomi Nasional", "year": 2024, "kind": "survei",
            "organization_id": None, "romantik_id": "", "metadata": {"tujuan": "kesejahteraan"}}  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.activity_save(actor=produsen, activity=None, data=data)
    act, _ = services.activity_save(actor=pembina, activity=None, data=data)
    assert StatisticalActivity.objects.get(code="SUSENAS-2024").metadata == {"tujuan": "kesejahteraan"}
    with pytest.raises(PermissionDenied):
        services.delete(actor=produsen, obj=act)
