from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from simpul.datasets.models import Dataset
from simpul.organizations.choices import Role
from simpul.organizations.permissions import has_role, is_admin, organizations_with_role
from simpul.standards.models import Indicator

from . import limits


def datasets_for_upload(user: Any) -> QuerySet[Dataset]:
    """The datasets `user` may upload to (the rule of `services.can_ingest`)."""
    datasets = Dataset.objects.select_related("producer").order_by("title")
    if is_admin(user) or has_role(user, Role.WALIDATA):
        return datasets
    return datasets.filter(
        producer_id__in=organizations_with_role(user, Role.PRODUSEN, Role.WALIDATA_PENDUKUNG)
    )


def _dataset_label(obj: Any) -> str:
    return f"{obj.title} ({obj.producer.name})"


class UploadForm(forms.Form):
    dataset = forms.ModelChoiceField(queryset=Dataset.objects.none(), label=_("Dataset"))
    file = forms.FileField(
        label=_("Berkas CSV atau XLSX"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx,.xlsm"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["dataset"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = datasets_for_upload(user)
        field.label_from_instance = _dataset_label  # type: ignore[method-assign]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > limits.max_upload_bytes():
            raise forms.ValidationError(
                _("Berkas terlalu besar; batas %(limit)s MB.")
                % {"limit": limits.max_upload_bytes() // 1048576}
            )
        return upload


DECIMAL_CHOICES = [("", _("Kenali otomatis")), (",", _("Koma (1.234,5)")), (".", _("Titik (1,234.5)"))]
LEVEL_CHOICES = [
    ("", _("Semua tingkat")),
    ("1", _("Provinsi")),
    ("2", _("Kabupaten/kota")),
    ("3", _("Kecamatan")),
    ("4", _("Desa/kelurahan")),
]


class OptionsForm(forms.Form):
    """Reading options and constant values; the per-column roles are read from `role_<n>` fields."""

    sheet = forms.CharField(label=_("Lembar"), required=False)
    header_row = forms.IntegerField(label=_("Baris judul kolom"), required=False, min_value=1, max_value=1000)
    decimal = forms.ChoiceField(label=_("Pemisah desimal"), choices=DECIMAL_CHOICES, required=False)
    region_level = forms.ChoiceField(label=_("Tingkat wilayah"), choices=LEVEL_CHOICES, required=False)
    indicator = forms.ModelChoiceField(
        label=_("Indikator untuk semua baris (jika tidak ada kolom indikator)"),
        queryset=Indicator.objects.order_by("code"),
        to_field_name="code",
        required=False,
    )
    period = forms.CharField(
        label=_("Periode untuk semua baris (jika tidak ada kolom periode)"), required=False
    )

    def options(self) -> dict[str, Any]:
        data = self.cleaned_data
        options: dict[str, Any] = {}
        for key in ("sheet", "header_row", "decimal", "region_level"):
            if data.get(key) not in (None, ""):
                options[key] = data[key]
        defaults = {}
        if data.get("indicator"):
            defaults["indicator"] = data["indicator"].code
        if data.get("period"):
            defaults["period"] = data["period"].strip()
        if defaults:
            options["defaults"] = defaults
        return options
