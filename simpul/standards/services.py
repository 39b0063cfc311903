"""Writes of standard data: indicators, classifications (with their items) and statistical activities.

The pages and the file import (`transfer.py`) go through the same `*_save` functions, so a value that a
form refuses is refused in a file too, and every change is permission-checked and audited.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from simpul.core import audit
from simpul.organizations.permissions import require

from . import rules
from .models import Classification, ClassificationItem, Indicator, StatisticalActivity

INDICATOR_FIELDS = ("code", "name_id", "name_en", "concept", "definition", "unit", "periodicity",
                    "value_type", "min_value", "max_value", "is_percentage", "pembina_id", "activity_id",
                    "metadata")  # fmt: skip
CLASSIFICATION_FIELDS = ("code", "name", "description", "source")
ACTIVITY_FIELDS = ("code", "title", "year", "kind", "organization_id", "romantik_id", "metadata")
# What makes a dataset's search document (catalog.search) out of date when it changes.
_SEARCHED = ("code", "name_id", "name_en")


def snapshot(obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def indicator_snapshot(indicator: Indicator) -> dict[str, Any]:
    codes = sorted(indicator.classifications.values_list("code", flat=True)) if indicator.pk else []
    return {**snapshot(indicator, INDICATOR_FIELDS), "classifications": codes}


def _changed(obj: models.Model, data: dict[str, Any], fields: tuple[str, ...]) -> bool:
    return any(getattr(obj, f) != data[f] for f in fields if f in data)


def _assign(obj: models.Model, data: dict[str, Any], fields: tuple[str, ...]) -> None:
    for f in fields:
        if f in data:
            setattr(obj, f, data[f])
    obj.full_clean(validate_unique=True, validate_constraints=True)


def indicator_save(
    *, actor: Any, indicator: Indicator | None, data: dict[str, Any], classifications: list[Classification]
) -> tuple[Indicator, bool]:
    """Create (indicator=None) or update an indicator. Returns (indicator, whether anything changed)."""
    target = indicator or Indicator()
    if indicator is not None:
        require(rules.may_edit_indicator(actor, indicator), _("Anda bukan pembina data indikator ini."))
    require(
        rules.may_assign_pembina(actor, data.get("pembina_id", target.pembina_id)),
        _("Anda hanya dapat menetapkan instansi tempat Anda menjadi pembina data."),
    )
    before = indicator_snapshot(target) if indicator else None
    wanted = sorted(c.code for c in classifications)
    if before and not _changed(target, data, INDICATOR_FIELDS) and before["classifications"] == wanted:
        return target, False
    renamed = before is not None and any(before[f] != data.get(f, before[f]) for f in _SEARCHED)
    with transaction.atomic():
        _assign(target, data, INDICATOR_FIELDS)
        target.save()
        target.classifications.set(classifications)
        if renamed:  # the catalogue's search documents hold indicator names: let catalog.search reindex
            target.datasets.update(modified_at=timezone.now())
        audit.record(
            actor=actor,
            action="indicator.update" if before else "indicator.create",
            obj=target,
            before=before,
            after=indicator_snapshot(target),
        )
    return target, True


def classification_save(
    *, actor: Any, classification: Classification | None, data: dict[str, Any], items: list[dict[str, Any]]
) -> tuple[Classification, bool]:
    """Create or update a classification and its items. `items` are dicts of code, label, parent (a code of
    this classification or ""), order; the list is the whole code list: items left out are removed, unless
    observations use them (then nothing is stored)."""
    target = classification or Classification()
    require(
        rules.may_edit_classification(actor, target), _("Hanya pembina data yang dapat mengubah klasifikasi.")
    )
    before = classification_snapshot(target) if classification else None
    wanted = sorted((_item_row(i) for i in items), key=lambda i: i["code"])
    if before and not _changed(target, data, CLASSIFICATION_FIELDS) and before["items"] == wanted:
        return target, False
    _check_items(target, wanted)
    with transaction.atomic():
        _assign(target, data, CLASSIFICATION_FIELDS)
        target.save()
        kept = {row["code"] for row in wanted}
        target.items.exclude(code__in=kept).delete()
        existing = {i.code: i for i in target.items.all()}
        for row in wanted:
            item = existing.get(row["code"]) or ClassificationItem(classification=target, code=row["code"])
            item.label, item.order, item.parent = row["label"], row["order"], None
            item.save()
            existing[row["code"]] = item
        for row in wanted:
            if row["parent"]:
                existing[row["code"]].parent = existing[row["parent"]]
                existing[row["code"]].save(update_fields=["parent"])
        audit.record(
            actor=actor,
            action="classification.update" if before else "classification.create",
            obj=target,
            before=before,
            after=classification_snapshot(target),
        )
    return target, True


def _item_row(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": str(item["code"]),
        "label": str(item["label"]),
        "parent": str(item.get("parent") or ""),
        "order": int(item.get("order") or 0),
    }


def classification_snapshot(classification: Classification) -> dict[str, Any]:
    items = [
        {"code": i.code, "label": i.label, "parent": i.parent.code if i.parent else "", "order": i.order}
        for i in classification.items.select_related("parent").order_by("code")
    ] if classification.pk else []  # fmt: skip
    return {**snapshot(classification, CLASSIFICATION_FIELDS), "items": items}


def _check_items(classification: Classification, items: list[dict[str, Any]]) -> None:
    codes = [i["code"] for i in items]
    errors = [
        _("Kode butir %(code)s muncul lebih dari sekali.") % {"code": code}
        for code in sorted({c for c in codes if codes.count(c) > 1})
    ]
    for item in items:
        if not item["code"] or not item["label"]:
            errors.append(
                _("Setiap butir perlu kode dan label (butir %(code)s).") % {"code": item["code"] or "?"}
            )
        if len(item["code"]) > 40 or len(item["label"]) > 200:
            errors.append(
                _("Butir %(code)s terlalu panjang (kode 40, label 200 karakter).") % {"code": item["code"]}
            )
        if item["parent"] and (item["parent"] not in codes or item["parent"] == item["code"]):
            errors.append(
                _("Induk %(parent)s dari butir %(code)s bukan butir lain klasifikasi ini.")
                % {"parent": item["parent"], "code": item["code"]}
            )
    if classification.pk:
        removed = set(classification.items.values_list("code", flat=True)) - set(codes)
        errors.extend(
            _("Butir %(code)s tidak dapat dihapus: sudah dipakai dalam data.") % {"code": code}
            for code in sorted(removed)
            if _item_in_use(classification, code)
        )
    if errors:
        raise ValidationError(errors)


def _item_in_use(classification: Classification, code: str) -> bool:
    from simpul.datasets.models import Observation

    part = f"{classification.code}={code}"
    key = Q(disagg=part) | Q(disagg__startswith=part + ";") | Q(disagg__endswith=";" + part)
    key |= Q(disagg__contains=f";{part};")
    return Observation.objects.filter(key, indicator__in=classification.indicators.all()).exists()


def activity_save(
    *, actor: Any, activity: StatisticalActivity | None, data: dict[str, Any]
) -> tuple[StatisticalActivity, bool]:
    target = activity or StatisticalActivity()
    require(
        rules.may_edit_activity(actor, target),
        _("Hanya pembina data yang dapat mengubah kegiatan statistik."),
    )
    before = snapshot(target, ACTIVITY_FIELDS) if activity else None
    if activity and not _changed(target, data, ACTIVITY_FIELDS):
        return target, False
    with transaction.atomic():
        _assign(target, data, ACTIVITY_FIELDS)
        target.save()
        audit.record(
            actor=actor,
            action="activity.update" if before else "activity.create",
            obj=target,
            before=before,
            after=snapshot(target, ACTIVITY_FIELDS),
        )
    return target, True


def in_use(obj: models.Model) -> list[str]:
    """What still points to `obj` (verbose names), so deleting it would lose or orphan data.

    Links that are cleared on delete (SET_NULL) and per-object settings (one-to-one) do not count; the
    items of a classification are part of it."""
    used = []
    rel: Any
    for rel in obj._meta.get_fields(include_hidden=True):
        # reverse relations only (hidden ones too: related_name="+"), not the rows of an M2M's own table
        if not (rel.is_relation and rel.auto_created and not rel.concrete):
            continue
        if (
            rel.related_model._meta.auto_created
            or rel.one_to_one
            or getattr(rel, "on_delete", None) is models.SET_NULL
        ):
            continue
        if rel.related_model is ClassificationItem:
            continue
        manager = rel.related_model._base_manager
        if manager.filter(**{rel.field.name: obj}).exists():
            used.append(str(rel.related_model._meta.verbose_name_plural))
    return used


def delete(*, actor: Any, obj: Indicator | Classification | StatisticalActivity) -> None:
    noun, allowed = {
        Indicator: ("indicator", rules.may_edit_indicator),
        Classification: ("classification", rules.may_edit_classification),
        StatisticalActivity: ("activity", rules.may_edit_activity),
    }[type(obj)]
    require(allowed(actor, obj), _("Anda tidak berwenang menghapus ini."))
    used = in_use(obj)
    if used:
        raise ValidationError(
            _("%(obj)s tidak dapat dihapus karena masih dipakai oleh: %(what)s.")
            % {"obj": obj, "what": ", ".join(sorted(set(used)))}
        )
    with transaction.atomic():
        audit.record(actor=actor, action=f"{noun}.delete", obj=obj, before={"code": obj.code})
        obj.delete()
