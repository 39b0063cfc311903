"""Forms of the standard-data pages. Plain forms (not ModelForms): the services compare the stored object
with the submitted values and write, so the form must not change the object while validating."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from simpul.organizations.models import Organization

from . import metadata
from .models import Classification, Indicator, Periodicity, StatisticalActivity, ValueType

CODE_HELP = _("Huruf, angka, titik, garis bawah atau tanda hubung; dipakai dalam berkas unggahan.")
_text = forms.CharField
_area = forms.Textarea(attrs={"rows": 3})


def _metadata_fields(form: forms.Form, fields: tuple[tuple[str, Any], ...], stored: dict[str, Any]) -> None:
    for key, label in fields:
        form.fields[f"meta_{key}"] = forms.CharField(label=label, required=False, widget=_area)
        form.initial.setdefault(f"meta_{key}", stored.get(key, ""))


def _metadata(
    cleaned: dict[str, Any], fields: tuple[tuple[str, Any], ...], stored: dict[str, Any]
) -> dict[str, Any]:
    """The stored metadata with the form's fields applied; keys the form does not show are kept."""
    result = dict(stored)
    for key, _label in fields:
        value = (cleaned.get(f"meta_{key}") or "").strip()
        if value:
            result[key] = value
        else:
            result.pop(key, None)
    return result


class IndicatorForm(forms.Form):
    code = _text(label=_("Kode"), max_length=40, help_text=CODE_HELP)
    name_id = _text(label=_("Nama"), max_length=300)
    name_en = _text(label=_("Nama (Inggris)"), max_length=300, required=False)
    concept = _text(label=_("Konsep"), required=False, widget=_area)
    definition = _text(label=_("Definisi"), required=False, widget=_area)
    unit = _text(label=_("Satuan"), max_length=40, required=False)
    periodicity = forms.ChoiceField(label=_("Periode"), choices=Periodicity.choices)
    value_type = forms.ChoiceField(label=_("Jenis nilai"), choices=ValueType.choices)
    min_value = forms.FloatField(label=_("Nilai minimum"), required=False)
    max_value = forms.FloatField(label=_("Nilai maksimum"), required=False)
    is_percentage = forms.BooleanField(label=_("Persentase"), required=False)
    aggregation = forms.ChoiceField(
        label=_("Penjumlahan ke wilayah induk"), choices=metadata.AGGREGATION_CHOICES, required=False
    )
    classifications = forms.ModelMultipleChoiceField(
        label=_("Disagregasi yang diizinkan"),
        queryset=Classification.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pembina = forms.ModelChoiceField(
        label=_("Pembina data"), queryset=Organization.objects.none(), required=False
    )
    activity = forms.ModelChoiceField(
        label=_("Kegiatan statistik"), queryset=StatisticalActivity.objects.order_by("code"), required=False
    )

    def __init__(
        self, *args: Any, instance: Indicator | None = None, pembina_choices: Any = None, **kwargs: Any
    ):
        self.instance = instance
        stored = instance.metadata if instance else {}
        if instance is not None:
            kwargs.setdefault("initial", {
                "code": instance.code, "name_id": instance.name_id, "name_en": instance.name_en,
                "concept": instance.concept, "definition": instance.definition, "unit": instance.unit,
                "periodicity": instance.periodicity, "value_type": instance.value_type,
                "min_value": instance.min_value, "max_value": instance.max_value,
                "is_percentage": instance.is_percentage, "aggregation": stored.get("aggregasi", ""),
                "classifications": list(instance.classifications.all()), "pembina": instance.pembina,
                "activity": instance.activity,
            })  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["pembina"].queryset = pembina_choices  # type: ignore[attr-defined]
        _metadata_fields(self, metadata.INDICATOR_FIELDS, stored)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low, high = cleaned.get("min_value"), cleaned.get("max_value")
        if low is not None and high is not None and low > high:
            self.add_error("max_value", _("Nilai maksimum harus sama dengan atau lebih besar dari minimum."))
        return cleaned

    def data_for_service(self) -> dict[str, Any]:
        c = self.cleaned_data
        stored = self.instance.metadata if self.instance else {}
        meta = _metadata(c, metadata.INDICATOR_FIELDS, stored)
        if c.get("aggregation"):
            meta["aggregasi"] = c["aggregation"]
        else:
            meta.pop("aggregasi", None)
        return {
            "code": c["code"].strip(), "name_id": c["name_id"].strip(), "name_en": c["name_en"].strip(),
            "concept": c["concept"], "definition": c["definition"], "unit": c["unit"].strip(),
            "periodicity": c["periodicity"], "value_type": c["value_type"], "min_value": c["min_value"],
            "max_value": c["max_value"], "is_percentage": c["is_percentage"],
            "pembina_id": c["pembina"].pk if c["pembina"] else None,
            "activity_id": c["activity"].pk if c["activity"] else None, "metadata": meta,
        }  # fmt: skip


class ClassificationForm(forms.Form):
    code = forms.SlugField(
        label=_("Kode"), max_length=20, help_text=_("Kunci pendek dalam berkas, mis. jk, ku.")
    )
    name = _text(label=_("Nama"), max_length=200)
    description = _text(label=_("Keterangan"), required=False, widget=_area)
    source = _text(label=_("Sumber"), max_length=200, required=False)
    items = _text(
        label=_("Butir"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Satu butir per baris: kode;label atau kode;label;kode induk."),
    )

    def __init__(self, *args: Any, instance: Classification | None = None, **kwargs: Any) -> None:
        if instance is not None:
            lines = [
                ";".join(filter(None, [i.code, i.label, i.parent.code if i.parent else ""]))
                for i in instance.items.select_related("parent")
            ]
            kwargs.setdefault("initial", {"code": instance.code, "name": instance.name,
                                          "description": instance.description, "source": instance.source,
                                          "items": "\n".join(lines)})  # fmt: skip
        super().__init__(*args, **kwargs)

    def clean_items(self) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        errors: list[str] = []
        for number, line in enumerate((self.cleaned_data.get("items") or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in (line.split("\t") if "\t" in line else line.split(";"))]
            if len(parts) < 2 or len(parts) > 3 or not parts[0] or not parts[1]:
                errors.append(_("Baris %(n)d: tulis kode;label atau kode;label;kode induk.") % {"n": number})
                continue
            items.append({"code": parts[0], "label": parts[1], "parent": parts[2] if len(parts) == 3 else "",
                          "order": len(items)})  # fmt: skip
        if errors:
            raise forms.ValidationError(errors)
        return items

    def data_for_service(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        c = self.cleaned_data
        data = {"code": c["code"], "name": c["name"].strip(), "description": c["description"],
                "source": c["source"].strip()}  # fmt: skip
        return data, c["items"]


class ActivityForm(forms.Form):
    code = _text(label=_("Kode"), max_length=40, help_text=CODE_HELP)
    title = _text(label=_("Judul kegiatan"), max_length=300)
    year = forms.IntegerField(label=_("Tahun"), min_value=1900, max_value=2100, required=False)
    kind = forms.ChoiceField(
        label=_("Cara pengumpulan"), choices=[("", "—"), *StatisticalActivity.Kind.choices], required=False
    )
    organization = forms.ModelChoiceField(
        label=_("Penyelenggara"), queryset=Organization.objects.order_by("name"), required=False
    )
    romantik_id = _text(label=_("Nomor rekomendasi ROMANTIK"), max_length=60, required=False)

    def __init__(self, *args: Any, instance: StatisticalActivity | None = None, **kwargs: Any) -> None:
        self.instance = instance
        if instance is not None:
            kwargs.setdefault("initial", {"code": instance.code, "title": instance.title,
                                          "year": instance.year, "kind": instance.kind,
                                          "organization": instance.organization,
                                          "romantik_id": instance.romantik_id})  # fmt: skip
        super().__init__(*args, **kwargs)
        _metadata_fields(self, metadata.ACTIVITY_FIELDS, instance.metadata if instance else {})

    def data_for_service(self) -> dict[str, Any]:
        c = self.cleaned_data
        stored = self.instance.metadata if self.instance else {}
        return {
            "code": c["code"].strip(), "title": c["title"].strip(), "year": c["year"], "kind": c["kind"],
            "organization_id": c["organization"].pk if c["organization"] else None,
            "romantik_id": c["romantik_id"].strip(),
            "metadata": _metadata(c, metadata.ACTIVITY_FIELDS, stored),
        }  # fmt: skip


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis"),
        choices=[
            ("indikator", _("Indikator")),
            ("klasifikasi", _("Klasifikasi")),
            ("kegiatan", _("Kegiatan statistik")),
        ],
    )
    file = forms.FileField(label=_("Berkas CSV atau JSON"))
