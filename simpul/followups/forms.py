from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from simpul.organizations.models import Organization

from .evidence import validate_evidence
from .models import FollowUpStatus, Instruction, Priority, SourceKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.username})" if obj.full_name else obj.username


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.username})" if obj.full_name else obj.username


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("Judul"), max_length=200)
    description = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    owner_organization = forms.ModelChoiceField(
        label=_("Organisasi penanggung jawab"), queryset=Organization.objects.order_by("name")
    )
    owner_person = PersonChoiceField(
        label=_("Penanggung jawab (orang)"),
        queryset=get_user_model().objects.filter(is_active=True, memberships__isnull=False).distinct(),
        required=False,
        help_text=_("Harus anggota organisasi penanggung jawab. Boleh dikosongkan."),
    )
    due_date = forms.DateField(label=_("Batas waktu"), widget=DATE)
    priority = forms.ChoiceField(label=_("Prioritas"), choices=Priority.choices, initial=Priority.SEDANG)
    source_kind = forms.ChoiceField(label=_("Sumber"), choices=SourceKind.choices, initial=SourceKind.OTHER)
    source_object_type = forms.CharField(
        label=_("Jenis objek sumber"),
        max_length=80,
        required=False,
        help_text=_("Misalnya assessment.evaluation; boleh dikosongkan."),
    )
    source_object_id = forms.CharField(label=_("ID objek sumber"), max_length=64, required=False)
    srikandi_number = forms.CharField(
        label=_("Nomor surat SRIKANDI"),
        max_length=100,
        required=False,
        help_text=_("Nomor naskah dinas terkait di SRIKANDI, bila ada."),
    )


class DispositionForm(forms.Form):
    to_organizations = forms.ModelMultipleChoiceField(
        label=_("Kepada organisasi"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    to_users = PeopleChoiceField(
        label=_("Kepada orang"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    instruction = forms.ChoiceField(
        label=_("Instruksi"), choices=Instruction.choices, initial=Instruction.DITINDAKLANJUTI
    )
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, organizations: QuerySet[Any], people: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_organizations"].queryset = organizations  # type: ignore[attr-defined]
        self.fields["to_users"].queryset = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("to_organizations") and not data.get("to_users"):
            raise ValidationError(_("Pilih sekurang-kurangnya satu penerima disposisi."))
        return data


class CompleteForm(forms.Form):
    note = forms.CharField(label=_("Catatan penyelesaian"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(
        label=_("Bukti (PDF, PNG atau JPEG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_evidence(self) -> Any:
        upload = self.cleaned_data.get("evidence")
        if upload:
            validate_evidence(upload)
        return upload


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Semua status")), *FollowUpStatus.choices], required=False
    )
    priority = forms.ChoiceField(
        label=_("Prioritas"), choices=[("", _("Semua prioritas")), *Priority.choices], required=False
    )
    source_kind = forms.ChoiceField(
        label=_("Sumber"), choices=[("", _("Semua sumber")), *SourceKind.choices], required=False
    )
    organization = forms.ModelChoiceField(
        label=_("Organisasi"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        empty_label=_("Semua organisasi"),
    )
    mine = forms.BooleanField(label=_("Disposisi untuk saya"), required=False)
    overdue = forms.BooleanField(label=_("Lewat batas waktu"), required=False)
